/* test_bls.c - Boot Loader Spec entries, version order, loader.conf defaults. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bls.h"

static void test_parse_fedora(void **state)
{
	char text[] =
		"title Fedora Linux (6.5.6-300.fc39.x86_64) 39 (Workstation Edition)\n"
		"version 6.5.6-300.fc39.x86_64\n"
		"linux /vmlinuz-6.5.6-300.fc39.x86_64\n"
		"initrd /initramfs-6.5.6-300.fc39.x86_64.img\n"
		"options root=UUID=1234 ro rootflags=subvol=root rhgb quiet\n"
		"grub_users $grub_users\n"
		"grub_arg --unrestricted\n"
		"grub_class fedora\n";
	struct bls_entry e;

	assert_int_equal(bls_parse("4f1c-6.5.6-300.fc39.x86_64.conf", text, &e), 0);
	assert_string_equal(e.id, "4f1c-6.5.6-300.fc39.x86_64");
	assert_string_equal(e.title, "Fedora Linux (6.5.6-300.fc39.x86_64) 39 (Workstation Edition)");
	assert_string_equal(e.version, "6.5.6-300.fc39.x86_64");
	assert_string_equal(e.linux_path, "/vmlinuz-6.5.6-300.fc39.x86_64");
	assert_int_equal(e.n_initrd, 1);
	assert_string_equal(e.initrd[0], "/initramfs-6.5.6-300.fc39.x86_64.img");
	assert_string_equal(e.options, "root=UUID=1234 ro rootflags=subvol=root rhgb quiet");
	assert_null(e.sort_key);
	assert_null(e.machine_id);
	assert_null(e.devicetree);
}

static void test_parse_full(void **state)
{
	char text[] =
		"# Boot Loader Specification type#1 entry\n"
		"\n"
		"   \t\n"
		"  title   My Linux  \r\n"
		"sort-key\tmylinux\n"
		"machine-id 6a9857a393724b7a981ebb5b8495b9ea\n"
		"version 6.1.0-13-amd64\n"
		"linux /6a98/6.1.0-13-amd64/linux\n"
		"initrd /6a98/6.1.0-13-amd64/microcode\n"
		"initrd  /6a98/6.1.0-13-amd64/initrd\n"
		"options root=/dev/sda2\n"
		"options   ro quiet  \n"
		"options\n"
		"#options commented=out\n"
		"devicetree /dtb/board.dtb\n"
		"architecture x64\n"
		"options splash";
	struct bls_entry e;

	assert_int_equal(bls_parse("mylinux.conf", text, &e), 0);
	assert_string_equal(e.id, "mylinux");
	assert_string_equal(e.title, "My Linux");
	assert_string_equal(e.sort_key, "mylinux");
	assert_string_equal(e.machine_id, "6a9857a393724b7a981ebb5b8495b9ea");
	assert_string_equal(e.version, "6.1.0-13-amd64");
	assert_int_equal(e.n_initrd, 2);
	assert_string_equal(e.initrd[0], "/6a98/6.1.0-13-amd64/microcode");
	assert_string_equal(e.initrd[1], "/6a98/6.1.0-13-amd64/initrd");
	assert_string_equal(e.options, "root=/dev/sda2 ro quiet splash");
	assert_string_equal(e.devicetree, "/dtb/board.dtb");
}

static void test_parse_no_linux(void **state)
{
	char t1[] = "title Windows\nefi /EFI/Microsoft/Boot/bootmgfw.efi\n";
	char t2[] = "";
	char t3[] = "title x\nlinux\n";     /* empty value */
	char t4[] = "title x\nlinux    \n";
	char t5[] = "title x\n#linux /vmlinuz\n";
	char t6[] = "title x\nlinuxefi /vmlinuz\n";
	struct bls_entry e;

	assert_int_equal(bls_parse("win.conf", t1, &e), -1);
	assert_int_equal(bls_parse("e.conf", t2, &e), -1);
	assert_int_equal(bls_parse("e.conf", t3, &e), -1);
	assert_int_equal(bls_parse("e.conf", t4, &e), -1);
	assert_int_equal(bls_parse("e.conf", t5, &e), -1);
	assert_int_equal(bls_parse("e.conf", t6, &e), -1);
}

static void test_parse_many_initrds(void **state)
{
	char text[1024];
	struct bls_entry e;
	int i, len = 0;

	len += snprintf(text + len, sizeof(text) - (size_t)len, "linux /k\n");
	for (i = 0; i < BLS_MAX_INITRDS + 3; i++)
		len += snprintf(text + len, sizeof(text) - (size_t)len, "initrd /i%d\n", i);
	assert_int_equal(bls_parse("x.conf", text, &e), 0);
	assert_int_equal(e.n_initrd, BLS_MAX_INITRDS);
	assert_string_equal(e.initrd[BLS_MAX_INITRDS - 1], "/i7");
}

static void test_parse_options_overflow(void **state)
{
	char *text = malloc(3 * BLS_OPTIONS_MAX);
	struct bls_entry e;
	size_t n;

	assert_non_null(text);
	/* one long options line that fits */
	strcpy(text, "linux /k\noptions ");
	n = strlen(text);
	memset(text + n, 'o', BLS_OPTIONS_MAX - 2);
	text[n + BLS_OPTIONS_MAX - 2] = '\0';
	assert_int_equal(bls_parse("x.conf", text, &e), 0);
	assert_int_equal(strlen(e.options), BLS_OPTIONS_MAX - 2);
	/* one that does not */
	strcpy(text, "linux /k\noptions ");
	memset(text + n, 'o', BLS_OPTIONS_MAX);
	text[n + BLS_OPTIONS_MAX] = '\0';
	assert_int_equal(bls_parse("x.conf", text, &e), -2);
	/* many short lines that add up */
	strcpy(text, "linux /k\n");
	for (n = strlen(text); n < 2 * BLS_OPTIONS_MAX;)
		n += (size_t)sprintf(text + n, "options abcdefghijklmnopqrstuvwxyz\n");
	assert_int_equal(bls_parse("x.conf", text, &e), -2);
	free(text);
}

/* bls_parse cuts its text up: give it a fresh copy each time */
static int parse_named(const char *name, struct bls_entry *e)
{
	static char t[32];

	strcpy(t, "linux /k\n");
	return bls_parse(name, t, e);
}

static void test_parse_ids(void **state)
{
	char name[400];
	struct bls_entry e;

	assert_int_equal(parse_named("a.conf", &e), 0);
	assert_string_equal(e.id, "a");
	assert_int_equal(parse_named(".conf", &e), 0);
	assert_string_equal(e.id, ".conf");
	assert_int_equal(parse_named("noext", &e), 0);
	assert_string_equal(e.id, "noext");
	assert_int_equal(parse_named("x.conf.conf", &e), 0);
	assert_string_equal(e.id, "x.conf");
	/* a name too long for id[] is cut, not overflowed */
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(parse_named(name, &e), 0);
	assert_int_equal(strlen(e.id), sizeof(e.id) - 1);
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void test_version_compare(void **state)
{
	static const struct {
		const char *a, *b;
		int cmp;
	} cases[] = {
		{ "5.10", "5.9", 1 },
		{ "5.9", "5.10", -1 },
		{ "6.1.0-13-amd64", "6.1.0-9-amd64", 1 },
		{ "6.1.0-13-amd64", "6.1.0-13-amd64", 0 },
		{ "1.0~rc1", "1.0", -1 },
		{ "1.0", "1.0~rc1", 1 },
		{ "1.0~rc1", "1.0~rc2", -1 },
		{ "1.0~~", "1.0~", -1 },
		{ "1.0~rc1", "1.0-1", -1 },
		{ "1.01", "1.1", 0 },
		{ "007", "7", 0 },
		{ "1.010", "1.9", 1 },
		{ "0.0", "0", 1 },
		{ "", "", 0 },
		{ "", "0", -1 },
		{ "1", "", 1 },
		{ "5.10", "5.10.1", -1 },
		{ "6.5.6-300.fc39.x86_64", "6.5.12-300.fc39.x86_64", -1 },
		{ "123456789012345678901234567890", "123456789012345678901234567891", -1 },
		{ "99999999999999999999999999999999", "100000000000000000000000000000000", -1 },
		{ "a", "b", -1 },
		{ "abc", "abd", -1 },
		{ "1a", "1b", -1 },
		{ "\xff", "a", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = sign(version_compare(cases[i].a, cases[i].b));

		if (r != cases[i].cmp)
			fail_msg("version_compare(\"%s\", \"%s\") = %d, want %d", cases[i].a, cases[i].b, r,
				 cases[i].cmp);
		/* antisymmetric */
		assert_int_equal(sign(version_compare(cases[i].b, cases[i].a)), -cases[i].cmp);
	}
}

static int cmp_qsort(const void *a, const void *b)
{
	return bls_compare(a, b);
}

static void test_sort_order(void **state)
{
	char t_a[] = "sort-key fedora\nmachine-id m1\nversion 6.5.6\nlinux /a\n";
	char t_b[] = "sort-key fedora\nmachine-id m1\nversion 6.5.12\nlinux /b\n";
	char t_c[] = "sort-key arch\nversion 1.0\nlinux /c\n";
	char t_d[] = "sort-key fedora\nmachine-id m0\nversion 1\nlinux /d\n";
	char t_e[] = "version 9.9\nlinux /e\n";
	char t_f[] = "linux /f\n";
	char t_g[] = "sort-key fedora\nmachine-id m1\nversion 6.5.12\nlinux /g\n";
	struct bls_entry v[7];
	const char *order;
	char got[64] = "";
	int i;

	assert_int_equal(bls_parse("a.conf", t_a, &v[0]), 0);
	assert_int_equal(bls_parse("b.conf", t_b, &v[1]), 0);
	assert_int_equal(bls_parse("c.conf", t_c, &v[2]), 0);
	assert_int_equal(bls_parse("d.conf", t_d, &v[3]), 0);
	assert_int_equal(bls_parse("linux-5.10.conf", t_e, &v[4]), 0);
	assert_int_equal(bls_parse("linux-5.9.conf", t_f, &v[5]), 0);
	assert_int_equal(bls_parse("g.conf", t_g, &v[6]), 0);
	qsort(v, 7, sizeof(v[0]), cmp_qsort);
	for (i = 0; i < 7; i++)
		strcat(got, v[i].linux_path);
	/* sort-keys first ("arch" < "fedora"); within fedora: machine-id m0
	 * first, then newest version, equal versions by id descending; then
	 * the rest by id, newest first, whatever their version says */
	order = "/c/d/g/b/a/e/f";
	assert_string_equal(got, order);
}

static void test_compare_basics(void **state)
{
	char t1[] = "linux /1\n", t2[] = "linux /2\n";
	struct bls_entry a, b;

	assert_int_equal(bls_parse("same.conf", t1, &a), 0);
	assert_int_equal(bls_parse("same.conf", t2, &b), 0);
	assert_int_equal(bls_compare(&a, &b), 0);
	assert_int_equal(bls_compare(&a, &a), 0);
	/* a sort-key, even without a version, goes first */
	a.sort_key = "z";
	assert_true(bls_compare(&a, &b) < 0);
	assert_true(bls_compare(&b, &a) > 0);
	/* with sort-keys: a missing version is the oldest */
	b.sort_key = "z";
	b.version = "1";
	assert_true(bls_compare(&b, &a) < 0);
}

static void test_loader_conf(void **state)
{
	char c1[] = "timeout 3\n#default foo\ndefault   *.conf  \nconsole-mode max\n";
	char c2[] = "timeout 3\nconsole-mode max\n";
	char c3[] = "default a\ndefault b\n";
	char c4[] = "default\ndefault \n";
	char c5[] = "";
	char c6[] = "  default\tfedora-*\r\n";
	char c7[] = "defaultx y\n";

	assert_string_equal(loader_conf_default(c1), "*.conf");
	assert_null(loader_conf_default(c2));
	assert_string_equal(loader_conf_default(c3), "b"); /* the last one wins */
	assert_null(loader_conf_default(c4));
	assert_null(loader_conf_default(c5));
	assert_string_equal(loader_conf_default(c6), "fedora-*");
	assert_null(loader_conf_default(c7));
}

static void test_pick_default(void **state)
{
	char t[5][32] = { "linux /0\n", "linux /1\n", "linux /2\n", "linux /3\n", "linux /4\n" };
	static const char *const ids[] = { "arch.conf", "fedora-6.5.conf", "fedora-6.4.conf",
					   "debian.conf", "windows-fake.conf" };
	struct bls_entry v[5];
	int i;

	for (i = 0; i < 5; i++)
		assert_int_equal(bls_parse(ids[i], t[i], &v[i]), 0);
	assert_int_equal(bls_pick_default(v, 5, NULL), 0);
	assert_int_equal(bls_pick_default(v, 5, "debian"), 3);
	assert_int_equal(bls_pick_default(v, 5, "debian.conf"), 3);
	assert_int_equal(bls_pick_default(v, 5, "fedora-*"), 1);   /* the first match in menu order */
	assert_int_equal(bls_pick_default(v, 5, "*.conf"), 0);
	assert_int_equal(bls_pick_default(v, 5, "fedora-6.[4]*"), 2);
	assert_int_equal(bls_pick_default(v, 5, "windows-?ake"), 4);
	assert_int_equal(bls_pick_default(v, 5, "nothing"), 0);     /* no match: the first */
	assert_int_equal(bls_pick_default(v, 5, ""), 0);
	assert_int_equal(bls_pick_default(v, 5, "Debian"), 0);      /* case matters */
	assert_int_equal(bls_pick_default(v, 5, "[invalid"), 0);
	assert_int_equal(bls_pick_default(v, 0, "x"), -1);
	assert_int_equal(bls_pick_default(NULL, 0, NULL), -1);
	assert_int_equal(bls_pick_default(v, -1, NULL), -1);
}

static void test_pick_default_long_id(void **state)
{
	char name[300], t[] = "linux /k\n";
	struct bls_entry e;

	memset(name, 'x', 290);
	strcpy(name + 290, ".conf");
	assert_int_equal(bls_parse(name, t, &e), 0);
	assert_int_equal(bls_pick_default(&e, 1, "x*"), 0);
	assert_int_equal(bls_pick_default(&e, 1, "*.conf"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fedora),
		cmocka_unit_test(test_parse_full),
		cmocka_unit_test(test_parse_no_linux),
		cmocka_unit_test(test_parse_many_initrds),
		cmocka_unit_test(test_parse_options_overflow),
		cmocka_unit_test(test_parse_ids),
		cmocka_unit_test(test_version_compare),
		cmocka_unit_test(test_sort_order),
		cmocka_unit_test(test_compare_basics),
		cmocka_unit_test(test_loader_conf),
		cmocka_unit_test(test_pick_default),
		cmocka_unit_test(test_pick_default_long_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
