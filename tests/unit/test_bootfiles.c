/* test_bootfiles.c - finding the kernel and initrd under a root directory,
 * on a temporary tree made with mkdtemp. */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootfiles.h"

static char root[64];

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	return remove(p);
}

static int setup(void **state)
{
	strcpy(root, "/tmp/pitstop-bootfiles-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Creates root/rel (and its directories) with the given content. */
static void put(const char *rel, const char *content)
{
	char path[1024], *s;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (s = path + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*s = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	close(fd);
}

static void link_to(const char *target, const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static const char *rel(const char *p)
{
	size_t n = strlen(root);

	if (!*p)
		return "";
	assert_memory_equal(p, root, n);
	return p + n;
}

static void test_release_debian(void **state)
{
	struct boot_choice c;

	put("boot/vmlinuz-6.1.0-13-amd64", "k");
	put("boot/initrd.img-6.1.0-13-amd64", "i");
	put("boot/vmlinuz-6.1.0-12-amd64", "k");
	assert_int_equal(boot_find_release(root, "6.1.0-13-amd64", &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.1.0-13-amd64");
	assert_string_equal(rel(c.initrd[0]), "/boot/initrd.img-6.1.0-13-amd64");
	assert_int_equal(c.has_options, 0);
	assert_string_equal(c.options, "");
	assert_non_null(strstr(c.source, "6.1.0-13-amd64"));
	/* a kernel without initrd */
	assert_int_equal(boot_find_release(root, "6.1.0-12-amd64", &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.1.0-12-amd64");
	assert_string_equal(c.initrd[0], "");
	assert_int_equal(c.n_initrd, 0);
}

static void test_release_fedora(void **state)
{
	struct boot_choice c;

	put("boot/vmlinuz-6.5.6-300.fc39.x86_64", "k");
	put("boot/initramfs-6.5.6-300.fc39.x86_64.img", "i");
	put("boot/initrd-6.5.6-300.fc39.x86_64", "suse-style, second choice");
	assert_int_equal(boot_find_release(root, "6.5.6-300.fc39.x86_64", &c), 0);
	assert_string_equal(rel(c.initrd[0]), "/boot/initramfs-6.5.6-300.fc39.x86_64.img");
	/* initrd.img-REL is preferred over all others */
	put("boot/initrd.img-6.5.6-300.fc39.x86_64", "i");
	assert_int_equal(boot_find_release(root, "6.5.6-300.fc39.x86_64", &c), 0);
	assert_string_equal(rel(c.initrd[0]), "/boot/initrd.img-6.5.6-300.fc39.x86_64");
}

static void test_release_suse(void **state)
{
	struct boot_choice c;

	put("boot/vmlinuz-6.4.0-1-default", "k");
	put("boot/initrd-6.4.0-1-default", "i");
	assert_int_equal(boot_find_release(root, "6.4.0-1-default", &c), 0);
	assert_string_equal(rel(c.initrd[0]), "/boot/initrd-6.4.0-1-default");
}

static void test_release_vmlinuz_fallback(void **state)
{
	struct boot_choice c;

	put("boot/vmlinuz-6.1.0-10-amd64", "k");
	put("boot/initrd.img-6.1.0-10-amd64", "i");
	link_to("boot/vmlinuz-6.1.0-10-amd64", "vmlinuz");
	link_to("boot/initrd.img-6.1.0-10-amd64", "initrd.img");
	assert_int_equal(boot_find_release(root, "6.99.0-running", &c), 0);
	assert_string_equal(rel(c.kernel), "/vmlinuz");
	assert_string_equal(rel(c.initrd[0]), "/initrd.img");
	assert_non_null(strstr(c.source, "6.99.0-running"));
	/* a dangling initrd.img link counts as none */
	unlink(c.initrd[0]);
	link_to("boot/gone", "initrd.img");
	assert_int_equal(boot_find_release(root, "6.99.0-running", &c), 0);
	assert_string_equal(c.initrd[0], "");
	assert_int_equal(c.n_initrd, 0);
}

static void test_release_nothing(void **state)
{
	struct boot_choice c;

	errno = 0;
	assert_int_equal(boot_find_release(root, "6.1.0", &c), -1);
	assert_int_equal(errno, ENOENT);
	/* an initrd alone is not enough */
	put("boot/initrd.img-6.1.0", "i");
	assert_int_equal(boot_find_release(root, "6.1.0", &c), -1);
	/* a root that does not exist */
	assert_int_equal(boot_find_release("/nonexistent/pitstop", "6.1.0", &c), -1);
}

static void test_newest(void **state)
{
	struct boot_choice c;

	put("boot/vmlinuz-5.10.0-26-amd64", "k");
	put("boot/vmlinuz-6.1.0-9-amd64", "k");
	put("boot/vmlinuz-6.1.0-13-amd64", "k");
	put("boot/initrd.img-6.1.0-13-amd64", "i");
	put("boot/vmlinuz-6.1.0-10-amd64", "k");
	put("boot/config-6.9.9", "not a kernel");
	put("boot/System.map-6.9.9", "not a kernel");
	put("boot/vmlinuz", "no version");
	assert_int_equal(boot_find_newest(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.1.0-13-amd64");
	assert_string_equal(rel(c.initrd[0]), "/boot/initrd.img-6.1.0-13-amd64");
	assert_non_null(strstr(c.source, "newest"));
	assert_non_null(strstr(c.source, "6.1.0-13-amd64"));
}

static void test_newest_none(void **state)
{
	struct boot_choice c;

	assert_int_equal(boot_find_newest(root, &c), -1); /* no /boot */
	put("boot/config-6.1", "x");
	errno = 0;
	assert_int_equal(boot_find_newest(root, &c), -1);
	assert_int_equal(errno, ENOENT);
}

static const char entry_new[] =
	"title Fedora Linux (6.5.12-300.fc39.x86_64)\n"
	"version 6.5.12-300.fc39.x86_64\n"
	"linux /vmlinuz-6.5.12-300.fc39.x86_64\n"
	"initrd /initramfs-6.5.12-300.fc39.x86_64.img\n"
	"options root=UUID=abcd ro\n"
	"options quiet\n";
static const char entry_old[] =
	"title Fedora Linux (6.5.6-300.fc39.x86_64)\n"
	"version 6.5.6-300.fc39.x86_64\n"
	"linux /vmlinuz-6.5.6-300.fc39.x86_64\n"
	"initrd /intel-ucode.img\n"
	"initrd /initramfs-6.5.6-300.fc39.x86_64.img\n"
	"options root=UUID=abcd ro single\n";

static void test_bls_first_in_menu(void **state)
{
	struct boot_choice c;

	put("boot/loader/entries/mid-6.5.6-300.fc39.x86_64.conf", entry_old);
	put("boot/loader/entries/mid-6.5.12-300.fc39.x86_64.conf", entry_new);
	put("boot/loader/entries/windows.conf", "title Windows\nefi /EFI/Microsoft/Boot/bootmgfw.efi\n");
	put("boot/loader/entries/README", "not an entry");
	put("boot/loader/entries/.conf", "linux /hidden\n"); /* too short a name */
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.5.12-300.fc39.x86_64");
	assert_string_equal(rel(c.initrd[0]), "/boot/initramfs-6.5.12-300.fc39.x86_64.img");
	assert_string_equal(c.options, "root=UUID=abcd ro quiet");
	assert_int_equal(c.has_options, 1);
	assert_non_null(strstr(c.source, "mid-6.5.12-300.fc39.x86_64"));
}

static void test_bls_loader_conf_default(void **state)
{
	struct boot_choice c;

	put("boot/loader/entries/mid-6.5.6-300.fc39.x86_64.conf", entry_old);
	put("boot/loader/entries/mid-6.5.12-300.fc39.x86_64.conf", entry_new);
	put("boot/loader/loader.conf", "timeout 3\ndefault mid-6.5.6-300.fc39.x86_64.conf\n");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.5.6-300.fc39.x86_64");
	/* both initrd lines, in their order (microcode first) */
	assert_int_equal(c.n_initrd, 2);
	assert_string_equal(rel(c.initrd[0]), "/boot/intel-ucode.img");
	assert_string_equal(rel(c.initrd[1]), "/boot/initramfs-6.5.6-300.fc39.x86_64.img");
	assert_string_equal(c.options, "root=UUID=abcd ro single");

	/* an id without ".conf" */
	put("boot/loader/loader.conf", "default mid-6.5.6-300.fc39.x86_64\n");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.5.6-300.fc39.x86_64");

	/* a glob: the first match in menu order */
	put("boot/loader/loader.conf", "default *.conf\n");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.5.12-300.fc39.x86_64");
	put("boot/loader/loader.conf", "default mid-6.5.6*\n");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.5.6-300.fc39.x86_64");

	/* no match: the first in the menu */
	put("boot/loader/loader.conf", "default nothing-like-it\n");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.5.12-300.fc39.x86_64");
}

static void test_bls_sort_key(void **state)
{
	struct boot_choice c;

	put("boot/loader/entries/zzz.conf", "sort-key a\nlinux /sorted\n");
	put("boot/loader/entries/linux-9.9.conf", "version 9.9\nlinux /unsorted\n");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/sorted");
	assert_string_equal(c.initrd[0], "");
	assert_int_equal(c.n_initrd, 0);
	assert_string_equal(c.options, "");
	assert_int_equal(c.has_options, 1); /* an entry without options means none */
}

static void test_bls_efi_places(void **state)
{
	struct boot_choice c;

	/* no entries under /boot: /efi is next */
	put("boot/vmlinuz-1", "k");
	put("efi/loader/entries/e.conf", "linux /EFI/Linux/k\ninitrd /EFI/Linux/i\n");
	put("efi/loader/loader.conf", "default e\n");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/efi/EFI/Linux/k");
	assert_string_equal(rel(c.initrd[0]), "/efi/EFI/Linux/i");
}

static void test_bls_boot_efi(void **state)
{
	struct boot_choice c;

	put("boot/efi/loader/entries/x.conf", "linux /k\n");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/efi/k");
}

static void test_bls_none(void **state)
{
	struct boot_choice c;

	errno = 0;
	assert_int_equal(boot_find_bls_default(root, &c), -1);
	assert_int_equal(errno, ENOENT);
	/* entries that all fail to parse are as good as none */
	put("boot/loader/entries/win.conf", "title Windows\nefi /x.efi\n");
	assert_int_equal(boot_find_bls_default(root, &c), -1);
	assert_int_equal(errno, ENOENT);
}

/* Entries on an ESP at /efi that name "/boot/..." paths of the root file system */
static void test_bls_paths_from_root(void **state)
{
	struct boot_choice c;

	put("efi/loader/entries/f.conf", "linux /boot/vmlinuz-6.9\ninitrd /boot/initrd-6.9\noptions ro\n");
	put("boot/vmlinuz-6.9", "k");
	put("boot/initrd-6.9", "i");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.9");
	assert_string_equal(rel(c.initrd[0]), "/boot/initrd-6.9");
	/* when the file is on the ESP itself, that one wins */
	put("efi/boot/vmlinuz-6.9", "k");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_string_equal(rel(c.kernel), "/efi/boot/vmlinuz-6.9");
}

/* forky's linux-binary-* and Fedora: the kernel under /usr/lib/modules */
static void test_release_usr_lib_modules(void **state)
{
	struct boot_choice c;

	put("usr/lib/modules/7.2.12+deb14-cloud-amd64/vmlinuz", "k");
	put("boot/initrd.img-7.2.12+deb14-cloud-amd64", "i");
	assert_int_equal(boot_find_release(root, "7.2.12+deb14-cloud-amd64", &c), 0);
	assert_string_equal(rel(c.kernel), "/usr/lib/modules/7.2.12+deb14-cloud-amd64/vmlinuz");
	assert_string_equal(rel(c.initrd[0]), "/boot/initrd.img-7.2.12+deb14-cloud-amd64");
	put("usr/lib/modules/6.9.0/vmlinuz", "k");
	put("usr/lib/modules/6.9.0/initrd", "i");
	assert_int_equal(boot_find_release(root, "6.9.0", &c), 0);
	assert_string_equal(rel(c.initrd[0]), "/usr/lib/modules/6.9.0/initrd");
	/* /boot wins when both exist */
	put("boot/vmlinuz-6.9.0", "k");
	assert_int_equal(boot_find_release(root, "6.9.0", &c), 0);
	assert_string_equal(rel(c.kernel), "/boot/vmlinuz-6.9.0");
}

/* A path that does not fit is an error, never a truncated (other) path. */
static void test_too_long(void **state)
{
	struct boot_choice c;
	char release[600], entry[700];

	memset(release, 'r', sizeof(release) - 1);
	release[sizeof(release) - 1] = '\0';
	errno = 0;
	assert_int_equal(boot_find_release(root, release, &c), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	/* just fits (the longest place looked at): not found is ENOENT */
	release[BOOT_PATH_MAX - strlen(root) - strlen("/usr/lib/modules//vmlinuz") - 1] = '\0';
	errno = 0;
	assert_int_equal(boot_find_release(root, release, &c), -1);
	assert_int_equal(errno, ENOENT);
	memset(release, 'r', 550);
	release[550] = '\0';
	snprintf(entry, sizeof(entry), "linux /%s\n", release);
	put("boot/loader/entries/long.conf", entry);
	errno = 0;
	assert_int_equal(boot_find_bls_default(root, &c), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	put("boot/loader/entries/long.conf", "linux /k\ninitrd /a\ninitrd /b\ninitrd /c\n");
	assert_int_equal(boot_find_bls_default(root, &c), 0);
	assert_int_equal(c.n_initrd, 3);
	assert_string_equal(rel(c.initrd[2]), "/boot/c");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_release_debian),
		T(test_release_fedora),
		T(test_release_suse),
		T(test_release_vmlinuz_fallback),
		T(test_release_nothing),
		T(test_newest),
		T(test_newest_none),
		T(test_bls_first_in_menu),
		T(test_bls_loader_conf_default),
		T(test_bls_sort_key),
		T(test_bls_efi_places),
		T(test_bls_boot_efi),
		T(test_bls_none),
		T(test_too_long),
		T(test_release_usr_lib_modules),
		T(test_bls_paths_from_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
