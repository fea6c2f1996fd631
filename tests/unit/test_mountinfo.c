/* test_mountinfo.c - /proc/self/mountinfo lines and tables. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

/* A malloc'd copy of len bytes with room for the NUL, as mount_table_parse wants. */
static char *dup_buf(const char *s, size_t len)
{
	char *b = malloc(len + 1);

	assert_non_null(b);
	memcpy(b, s, len);
	b[len] = 'Z'; /* the parser must write the NUL itself */
	return b;
}

static int parse_table(const char *text, size_t len, struct mount_table *t)
{
	return mount_table_parse(dup_buf(text, len), len, t);
}

static int parse1(const char *line, struct mountinfo *m, char *keep, size_t keepsz)
{
	assert_true(strlen(line) < keepsz);
	strcpy(keep, line);
	return mountinfo_parse_line(keep, m);
}

static void test_unescape(void **state)
{
	char s[64];

	strcpy(s, "/a\\040b\\011c\\012d\\134e");
	assert_int_equal(mountinfo_unescape(s), 0);
	assert_string_equal(s, "/a b\tc\nd\\e");

	strcpy(s, "plain");
	assert_int_equal(mountinfo_unescape(s), 0);
	assert_string_equal(s, "plain");

	strcpy(s, "");
	assert_int_equal(mountinfo_unescape(s), 0);
	assert_string_equal(s, "");

	strcpy(s, "\\377\\001");
	assert_int_equal(mountinfo_unescape(s), 0);
	assert_int_equal((unsigned char)s[0], 0xff);
	assert_int_equal(s[1], 1);
	assert_int_equal(s[2], 0);

	strcpy(s, "\\040\\040");
	assert_int_equal(mountinfo_unescape(s), 0);
	assert_string_equal(s, "  ");
}

static void test_unescape_malformed(void **state)
{
	static const char *const bad[] = {
		"/a\\04",   /* too short, at the end */
		"/a\\04b",  /* too short */
		"/a\\x41",  /* not octal */
		"/a\\000",  /* NUL */
		"/a\\",     /* lone backslash at the end */
		"/a\\089",  /* 8 and 9 are not octal */
		"/a\\400",  /* above 255 */
		"/a\\777",  /* above 255 */
		"\\\\",     /* an escaped backslash is \134, not \\ */
		NULL,
	};
	char s[64];
	int i;

	for (i = 0; bad[i]; i++) {
		strcpy(s, bad[i]);
		assert_int_equal(mountinfo_unescape(s), -1);
		assert_true(strlen(s) <= strlen(bad[i]));
	}
}

static void test_line_optional_fields(void **state)
{
	struct mountinfo m;
	char buf[512];

	assert_int_equal(parse1("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue",
				&m, buf, sizeof(buf)),
			 0);
	assert_int_equal(m.id, 36);
	assert_int_equal(m.parent, 35);
	assert_int_equal(m.major, 98);
	assert_int_equal(m.minor, 0);
	assert_string_equal(m.root, "/mnt1");
	assert_string_equal(m.target, "/mnt2");
	assert_string_equal(m.mnt_opts, "rw,noatime");
	assert_string_equal(m.fstype, "ext3");
	assert_string_equal(m.source, "/dev/root");
	assert_string_equal(m.sb_opts, "rw,errors=continue");

	assert_int_equal(parse1("29 1 8:2 / / rw,relatime shared:1 master:2 propagate_from:3 unbindable - ext4 /dev/sda2 rw",
				&m, buf, sizeof(buf)),
			 0);
	assert_string_equal(m.target, "/");
	assert_string_equal(m.fstype, "ext4");
	assert_string_equal(m.source, "/dev/sda2");
}

static void test_line_no_optional_fields(void **state)
{
	struct mountinfo m;
	char buf[512];

	assert_int_equal(parse1("22 27 0:21 / /proc rw,relatime - proc proc rw", &m, buf, sizeof(buf)), 0);
	assert_int_equal(m.id, 22);
	assert_int_equal(m.parent, 27);
	assert_int_equal(m.major, 0);
	assert_int_equal(m.minor, 21);
	assert_string_equal(m.target, "/proc");
	assert_string_equal(m.fstype, "proc");
	assert_string_equal(m.sb_opts, "rw");

	/* large device numbers, as with device-mapper or NVMe partitions */
	assert_int_equal(parse1("100 1 259:1048575 / /data rw - xfs /dev/nvme0n1p1 rw", &m, buf, sizeof(buf)), 0);
	assert_int_equal(m.major, 259);
	assert_int_equal(m.minor, 1048575);
}

static void test_line_escapes(void **state)
{
	struct mountinfo m;
	char buf[512];

	assert_int_equal(parse1("40 27 0:40 /sub\\040dir /mnt/my\\040disk\\011tab\\012nl\\134bs rw shared:5 - "
				"fuse.my\\040fs //server/share\\040name rw,user_id=0",
				&m, buf, sizeof(buf)),
			 0);
	assert_string_equal(m.root, "/sub dir");
	assert_string_equal(m.target, "/mnt/my disk\ttab\nnl\\bs");
	assert_string_equal(m.fstype, "fuse.my fs");
	assert_string_equal(m.source, "//server/share name");
	/* a lone "-" in an escaped target is not the separator */
	assert_int_equal(parse1("41 27 0:41 / /mnt/\\055 rw - tmpfs none rw", &m, buf, sizeof(buf)), 0);
	assert_string_equal(m.target, "/mnt/-");
}

static void test_line_malformed_escapes(void **state)
{
	struct mountinfo m;
	char buf[512];

	assert_int_equal(parse1("40 27 0:40 / /mnt/a\\04 rw - tmpfs none rw", &m, buf, sizeof(buf)), -1);
	assert_int_equal(parse1("40 27 0:40 / /mnt/a\\x20 rw - tmpfs none rw", &m, buf, sizeof(buf)), -1);
	assert_int_equal(parse1("40 27 0:40 / /mnt/a\\000b rw - tmpfs none rw", &m, buf, sizeof(buf)), -1);
	assert_int_equal(parse1("40 27 0:40 /r\\9 /mnt rw - tmpfs none rw", &m, buf, sizeof(buf)), -1);
	assert_int_equal(parse1("40 27 0:40 / /mnt rw - tmpfs no\\ne rw", &m, buf, sizeof(buf)), -1);
}

static void test_line_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"22 27 0:21 / /proc",                             /* too few fields */
		"22 27 0:21 / /proc rw,relatime",                 /* no separator, nothing after */
		"22 27 0:21 / /proc rw,relatime proc proc rw",    /* no "-" */
		"22 27 0:21 / /proc rw,relatime -",               /* nothing after "-" */
		"22 27 0:21 / /proc rw,relatime - proc",
		"22 27 0:21 / /proc rw,relatime - proc proc",
		"22 27 0:21 / /proc rw - proc proc rw extra",     /* extra field */
		"22 27 0:21 / /proc rw - proc proc rw - x",
		"x 27 0:21 / /proc rw - proc proc rw",            /* bad id */
		"22 -1 0:21 / /proc rw - proc proc rw",           /* bad parent */
		"22 27 0;21 / /proc rw - proc proc rw",           /* bad dev */
		"22 27 0: / /proc rw - proc proc rw",
		"22 27 :21 / /proc rw - proc proc rw",
		"22 27 021 / /proc rw - proc proc rw",
		"22 27 0:21x / /proc rw - proc proc rw",
		"22 27 4294967296:0 / /proc rw - proc proc rw",   /* major above 32 bits */
		"2147483648 27 0:21 / /proc rw - proc proc rw",   /* id above INT_MAX */
		"22 2147483648 0:21 / /proc rw - proc proc rw",
		"99999999999999999999 27 0:21 / /proc rw - proc proc rw",
		"22 27 0:21 / proc rw - proc proc rw",            /* relative target */
		"22 27 0:21 / - rw - proc proc rw",
		NULL,
	};
	struct mountinfo m;
	char buf[512];
	int i;

	for (i = 0; bad[i]; i++) {
		if (parse1(bad[i], &m, buf, sizeof(buf)) != -1)
			fail_msg("accepted: \"%s\"", bad[i]);
	}
}

static void test_line_limits(void **state)
{
	struct mountinfo m;
	char buf[512];

	assert_int_equal(parse1("2147483647 2147483647 4294967295:4294967295 / / rw - ext4 /dev/x rw",
				&m, buf, sizeof(buf)),
			 0);
	assert_int_equal(m.id, 2147483647);
	assert_int_equal(m.parent, 2147483647);
	assert_true(m.major == 4294967295U);
	assert_true(m.minor == 4294967295U);
	/* several spaces between fields are tolerated */
	assert_int_equal(parse1("1  2 0:1  /  /x  rw  -  tmpfs  t  rw", &m, buf, sizeof(buf)), 0);
	assert_string_equal(m.target, "/x");
	assert_string_equal(m.sb_opts, "rw");
}

static const char real[] =
	"22 27 0:21 / /proc rw,relatime - proc proc rw\n"
	"23 27 0:22 / /sys rw,relatime - sysfs sysfs rw\n"
	"24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334556k,nr_inodes=3083639,mode=755\n"
	"25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684100k\n"
	"26 24 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000\n"
	"27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard\n"
	"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n";

static void test_table_real(void **state)
{
	struct mount_table t;

	assert_int_equal(parse_table(real, sizeof(real) - 1, &t), 0);
	assert_int_equal(t.n, 7);
	assert_int_equal(t.bad, 0);
	assert_string_equal(t.v[0].target, "/proc");
	assert_int_equal(t.v[0].line, 0);
	assert_string_equal(t.v[5].target, "/");
	assert_string_equal(t.v[5].source, "/dev/vda");
	assert_int_equal(t.v[5].line, 5);
	assert_string_equal(t.v[6].target, "/sys/fs/cgroup");
	assert_int_equal(t.v[6].line, 6);
	mount_table_free(&t);
	assert_null(t.v);
	assert_null(t.buf);
	assert_int_equal(t.n, 0);
}

static void test_table_no_final_newline(void **state)
{
	struct mount_table t;
	const char *s = "1 0 0:1 / / rw - rootfs rootfs rw\n2 1 0:2 / /a rw - tmpfs t rw";

	assert_int_equal(parse_table(s, strlen(s), &t), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.bad, 0);
	assert_string_equal(t.v[1].sb_opts, "rw");
	mount_table_free(&t);
}

static void test_table_bad_and_empty_lines(void **state)
{
	struct mount_table t;
	const char *s =
		"\n"
		"1 0 0:1 / / rw - rootfs rootfs rw\n"
		"garbage\n"
		"\n"
		"2 1 0:2 / /a\\04 rw - tmpfs t rw\n"   /* bad escape */
		"3 1 0:3 / /b rw tmpfs t rw\n"          /* no separator */
		"4 1 0:4 / /c rw - tmpfs t rw\n"
		"\n\n";

	assert_int_equal(parse_table(s, strlen(s), &t), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.bad, 3);
	assert_string_equal(t.v[0].target, "/");
	assert_int_equal(t.v[0].line, 1);
	assert_string_equal(t.v[1].target, "/c");
	assert_int_equal(t.v[1].line, 6); /* empty lines count as lines */
	mount_table_free(&t);
}

static void test_table_empty(void **state)
{
	struct mount_table t;

	assert_int_equal(parse_table("", 0, &t), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.bad, 0);
	mount_table_free(&t);

	assert_int_equal(parse_table("\n\n\n", 3, &t), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(t.bad, 0);
	mount_table_free(&t);
}

static void test_table_embedded_nul(void **state)
{
	struct mount_table t;
	const char s[] = "1 0 0:1 / / rw - rootfs rootfs rw\n"
			 "2 1 0:2 / /a\0b rw - tmpfs t rw\n"
			 "3 1 0:3 / /c rw - tmpfs t rw\n";

	assert_int_equal(parse_table(s, sizeof(s) - 1, &t), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.bad, 1);
	assert_string_equal(t.v[1].target, "/c");
	assert_int_equal(t.v[1].line, 2);
	mount_table_free(&t);
}

/* The kernel never writes '\r'; a CRLF file still parses, with the '\r' kept in sb_opts. */
static void test_table_crlf(void **state)
{
	struct mount_table t;
	const char *s = "1 0 0:1 / / rw - rootfs rootfs rw\r\n2 1 0:2 / /a rw - tmpfs t rw\r\n";

	assert_int_equal(parse_table(s, strlen(s), &t), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.v[1].target, "/a");
	assert_string_equal(t.v[1].sb_opts, "rw\r");
	mount_table_free(&t);
}

static void test_table_many_lines(void **state)
{
	struct mount_table t;
	size_t cap = 1000 * 64, len = 0;
	char *s = malloc(cap + 1);
	int i;

	assert_non_null(s);
	for (i = 0; i < 1000; i++)
		len += (size_t)snprintf(s + len, cap - len, "%d 1 0:%d / /m/%d rw - tmpfs t rw\n", i + 2, i, i);
	assert_int_equal(mount_table_parse(s, len, &t), 0); /* the table owns s now */
	assert_int_equal(t.n, 1000);
	assert_int_equal(t.bad, 0);
	assert_string_equal(t.v[999].target, "/m/999");
	assert_int_equal(t.v[999].line, 999);
	assert_int_equal(t.v[500].minor, 500);
	mount_table_free(&t);
}

static void test_table_long_line(void **state)
{
	struct mount_table t;
	size_t plen = 100 * 1024, len;
	const char *head = "1 0 0:1 / /", *tail = " rw - tmpfs t rw\n";
	char *s = malloc(strlen(head) + plen + strlen(tail) + 64);
	char *p;

	assert_non_null(s);
	p = s + sprintf(s, "%s", head);
	memset(p, 'a', plen);
	p[plen / 2] = '/';
	p += plen;
	p += sprintf(p, "%s", tail);
	p += sprintf(p, "2 1 0:2 / /x\\040y rw - tmpfs t rw\n");
	len = (size_t)(p - s);
	assert_int_equal(mount_table_parse(s, len, &t), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(strlen(t.v[0].target), plen + 1);
	assert_string_equal(t.v[1].target, "/x y");
	mount_table_free(&t);
}

static void test_opts_has(void **state)
{
	assert_true(opts_has("ro", "ro"));
	assert_true(opts_has("rw,nosuid,relatime", "rw"));
	assert_true(opts_has("rw,nosuid,relatime", "nosuid"));
	assert_true(opts_has("rw,nosuid,relatime", "relatime"));
	assert_false(opts_has("rw,nosuid,relatime", "ro"));
	assert_false(opts_has("rw,nosuid,relatime", "nosu"));
	assert_false(opts_has("rw,nosuid,relatime", "time"));
	assert_false(opts_has("rwx", "rw"));
	assert_false(opts_has("", "ro"));
	assert_false(opts_has(NULL, "ro"));
	assert_true(opts_has("size=4k,mode=755", "mode=755"));
	assert_false(opts_has("size=4k,mode=755", "mode"));
	assert_true(opts_has(",ro", "ro"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_unescape_malformed),
		cmocka_unit_test(test_line_optional_fields),
		cmocka_unit_test(test_line_no_optional_fields),
		cmocka_unit_test(test_line_escapes),
		cmocka_unit_test(test_line_malformed_escapes),
		cmocka_unit_test(test_line_malformed),
		cmocka_unit_test(test_line_limits),
		cmocka_unit_test(test_table_real),
		cmocka_unit_test(test_table_no_final_newline),
		cmocka_unit_test(test_table_bad_and_empty_lines),
		cmocka_unit_test(test_table_empty),
		cmocka_unit_test(test_table_embedded_nul),
		cmocka_unit_test(test_table_crlf),
		cmocka_unit_test(test_table_many_lines),
		cmocka_unit_test(test_table_long_line),
		cmocka_unit_test(test_opts_has),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
