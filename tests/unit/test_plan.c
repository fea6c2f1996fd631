/* test_plan.c - file system classes, path prefixes and teardown order. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"
#include "plan.h"
#include "mounttab.h"

/* The planned targets, "id:target" joined by spaces. */
static char *plan_str(const struct mount_table *t, const char *prefix, char *out, size_t outsz)
{
	const struct mountinfo **v = calloc(t->n ? t->n : 1, sizeof(*v));
	size_t i, n, len = 0;

	assert_non_null(v);
	n = plan_teardown(t, prefix, v);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, outsz - len, "%s%d:%s", i ? " " : "", v[i]->id, v[i]->target);
	free(v);
	return out;
}

static void test_classify(void **state)
{
	static const char *const api[] = { "proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2",
					   "securityfs", "pstore", "bpf", "efivarfs", "debugfs", "tracefs",
					   "configfs", "mqueue", "hugetlbfs", "autofs", "binfmt_misc",
					   "fusectl", "nsfs", "rpc_pipefs", NULL };
	static const char *const net[] = { "nfs", "nfs4", "cifs", "smb3", "ceph", "glusterfs",
					   "fuse.sshfs", "sshfs", "gfs2", "ocfs2", NULL };
	static const char *const disk[] = { "ext4", "xfs", "btrfs", "vfat", "squashfs", "overlay",
					    "fuse", "fuse.other", "", "Proc", "nfsx", "tmpfs2", NULL };
	int i;

	for (i = 0; api[i]; i++)
		assert_int_equal(fs_classify(api[i]), FS_API);
	for (i = 0; net[i]; i++)
		assert_int_equal(fs_classify(net[i]), FS_NETWORK);
	for (i = 0; disk[i]; i++)
		assert_int_equal(fs_classify(disk[i]), FS_DISK);
	assert_int_equal(fs_classify("tmpfs"), FS_VOLATILE);
	assert_int_equal(fs_classify("ramfs"), FS_VOLATILE);
}

static void test_path_is_under(void **state)
{
	assert_true(path_is_under("/oldroot", "/oldroot"));
	assert_true(path_is_under("/oldroot/x", "/oldroot"));
	assert_true(path_is_under("/oldroot/x/y", "/oldroot"));
	assert_false(path_is_under("/oldrootx", "/oldroot"));
	assert_false(path_is_under("/oldroo", "/oldroot"));
	assert_false(path_is_under("/", "/oldroot"));
	assert_false(path_is_under("/other/oldroot", "/oldroot"));
	/* trailing slashes on the prefix */
	assert_true(path_is_under("/oldroot", "/oldroot/"));
	assert_true(path_is_under("/oldroot/x", "/oldroot//"));
	assert_false(path_is_under("/oldrootx", "/oldroot/"));
	/* "/" (or "//", or "") covers everything absolute */
	assert_true(path_is_under("/", "/"));
	assert_true(path_is_under("/a/b", "/"));
	assert_true(path_is_under("/a", "//"));
	assert_true(path_is_under("/a", ""));
	assert_false(path_is_under("relative", "/"));
	assert_false(path_is_under("", "/"));
	/* a trailing slash on the path */
	assert_true(path_is_under("/oldroot/", "/oldroot"));
}

static void test_path_depth(void **state)
{
	assert_int_equal(path_depth("/"), 0);
	assert_int_equal(path_depth(""), 0);
	assert_int_equal(path_depth("/a"), 1);
	assert_int_equal(path_depth("/a/b"), 2);
	assert_int_equal(path_depth("/a/b/"), 2);
	assert_int_equal(path_depth("//a//b//"), 2);
	assert_int_equal(path_depth("/a b/c\td"), 2);
	assert_int_equal(path_depth("/sys/fs/cgroup/cpu"), 4);
}

static void test_children_before_parents(void **state)
{
	struct mount_table t;
	char out[1024];

	table("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
	      "2 1 0:2 / /proc rw - proc proc rw\n"
	      "3 1 0:3 / /sys rw - sysfs sysfs rw\n"
	      "4 3 0:4 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
	      "5 1 8:2 / /home rw - ext4 /dev/sda2 rw\n"
	      "6 5 8:3 / /home/user/data rw - xfs /dev/sda3 rw\n",
	      &t);
	assert_string_equal(plan_str(&t, "/", out, sizeof(out)),
			    "6:/home/user/data 4:/sys/fs/cgroup 5:/home 3:/sys 2:/proc 1:/");
	mount_table_free(&t);
}

static void test_overmounts_newest_first(void **state)
{
	struct mount_table t;
	char out[1024];

	/* three mounts stacked at /mnt, then one at /srv in between */
	table("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
	      "10 1 0:10 / /mnt rw - tmpfs a rw\n"
	      "11 10 0:11 / /mnt rw - tmpfs b rw\n"
	      "12 1 0:12 / /srv rw - tmpfs c rw\n"
	      "13 11 0:13 / /mnt rw - tmpfs d rw\n",
	      &t);
	assert_string_equal(plan_str(&t, "/", out, sizeof(out)), "13:/mnt 12:/srv 11:/mnt 10:/mnt 1:/");
	mount_table_free(&t);
}

static void test_prefix_selection(void **state)
{
	struct mount_table t;
	char out[1024];

	table("1 0 0:1 / / rw - rootfs rootfs rw\n"
	      "2 1 8:1 / /oldroot rw - ext4 /dev/sda1 rw\n"
	      "3 2 0:3 / /oldroot/proc rw - proc proc rw\n"
	      "4 2 8:2 / /oldroot/boot rw - ext4 /dev/sda2 rw\n"
	      "5 4 8:3 / /oldroot/boot/efi rw - vfat /dev/sda3 rw\n"
	      "6 1 0:6 / /oldrootx rw - tmpfs t rw\n"
	      "7 1 0:7 / /run rw - tmpfs t rw\n",
	      &t);
	assert_string_equal(plan_str(&t, "/oldroot", out, sizeof(out)),
			    "5:/oldroot/boot/efi 4:/oldroot/boot 3:/oldroot/proc 2:/oldroot");
	assert_string_equal(plan_str(&t, "/oldroot/", out, sizeof(out)),
			    "5:/oldroot/boot/efi 4:/oldroot/boot 3:/oldroot/proc 2:/oldroot");
	assert_string_equal(plan_str(&t, "/oldroot/boot", out, sizeof(out)),
			    "5:/oldroot/boot/efi 4:/oldroot/boot");
	assert_string_equal(plan_str(&t, "/nothing", out, sizeof(out)), "");
	/* everything, "/" last */
	assert_string_equal(plan_str(&t, "/", out, sizeof(out)),
			    "5:/oldroot/boot/efi 4:/oldroot/boot 3:/oldroot/proc 7:/run 6:/oldrootx 2:/oldroot 1:/");
	mount_table_free(&t);
}

static void test_escaped_targets(void **state)
{
	struct mount_table t;
	char out[1024];

	/* "/a b" is one component; its child comes first */
	table("1 0 0:1 / / rw - rootfs rootfs rw\n"
	      "2 1 0:2 / /a\\040b rw - tmpfs t rw\n"
	      "3 2 0:3 / /a\\040b/c\\012d rw - tmpfs t rw\n"
	      "4 1 0:4 / /a rw - tmpfs t rw\n",
	      &t);
	assert_string_equal(plan_str(&t, "/a", out, sizeof(out)), "4:/a");
	assert_string_equal(plan_str(&t, "/a b", out, sizeof(out)), "3:/a b/c\nd 2:/a b");
	mount_table_free(&t);
}

static void test_empty_table(void **state)
{
	struct mount_table t;
	const struct mountinfo *v[1];

	table("", &t);
	assert_int_equal(plan_teardown(&t, "/", v), 0);
	mount_table_free(&t);
}

static void test_plan_keeps_everything_once(void **state)
{
	struct mount_table t;
	const struct mountinfo **v;
	size_t cap = 200 * 64, len = 0, i, j, n;
	char *s = malloc(cap + 1);

	assert_non_null(s);
	/* a pseudo-random tree: each mount at a depth of 1..5 */
	for (i = 0; i < 200; i++) {
		unsigned d = (unsigned)(i * 7 % 5) + 1;

		len += (size_t)snprintf(s + len, cap - len, "%zu 1 0:%zu / ", i + 2, i);
		for (j = 0; j < d; j++)
			len += (size_t)snprintf(s + len, cap - len, "/d%zu", (i + j) % 3);
		len += (size_t)snprintf(s + len, cap - len, " rw - tmpfs t rw\n");
	}
	assert_int_equal(mount_table_parse(s, len, &t), 0);
	assert_int_equal(t.n, 200);
	v = calloc(t.n, sizeof(*v));
	assert_non_null(v);
	n = plan_teardown(&t, "/", v);
	assert_int_equal(n, 200);
	for (i = 1; i < n; i++) {
		unsigned a = path_depth(v[i - 1]->target), b = path_depth(v[i]->target);

		assert_true(a >= b);
		if (a == b)
			assert_true(v[i - 1]->line > v[i]->line);
	}
	free(v);
	mount_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_path_is_under),
		cmocka_unit_test(test_path_depth),
		cmocka_unit_test(test_children_before_parents),
		cmocka_unit_test(test_overmounts_newest_first),
		cmocka_unit_test(test_prefix_selection),
		cmocka_unit_test(test_escaped_targets),
		cmocka_unit_test(test_empty_table),
		cmocka_unit_test(test_plan_keeps_everything_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
