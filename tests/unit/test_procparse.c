/* test_procparse.c - /proc/PID/stat, the kill decision, /proc/swaps, /proc/meminfo. */
#include "unit.h"

#include <limits.h>
#include <string.h>

#include "procparse.h"

static void test_stat_real(void **state)
{
	struct proc_stat st;

	assert_int_equal(proc_stat_parse("7648 (cat) R 7643 7643 4270 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 "
					 "95566 3133440 411 18446744073709551615 94259366481920\n",
					 &st),
			 0);
	assert_int_equal(st.pid, 7648);
	assert_int_equal(st.ppid, 7643);
	assert_int_equal(st.state, 'R');
	assert_int_equal(st.tty_nr, 0);
	assert_int_equal(st.flags, 4194304);

	assert_int_equal(proc_stat_parse("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 25 0 0", &st), 0);
	assert_int_equal(st.pid, 2);
	assert_int_equal(st.ppid, 0);
	assert_true(st.flags & PF_KTHREAD_FLAG);

	assert_int_equal(proc_stat_parse("1234 (bash) S 1 1234 1234 34816 5678 4194560 1 2 3", &st), 0);
	assert_int_equal(st.tty_nr, 34816);
}

static void test_stat_tricky_comm(void **state)
{
	struct proc_stat st;

	assert_int_equal(proc_stat_parse("123 (a) b) S 1 2 3 4 5 6 7", &st), 0);
	assert_int_equal(st.pid, 123);
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.ppid, 1);
	assert_int_equal(st.tty_nr, 4);
	assert_int_equal(st.flags, 6);

	assert_int_equal(proc_stat_parse("9 (my prog (x)) D 1 2 3 4 5 64 7", &st), 0);
	assert_int_equal(st.state, 'D');
	assert_int_equal(st.flags, 64);

	assert_int_equal(proc_stat_parse("10 ()) Z 1 2 3 4 5 6 7", &st), 0);
	assert_int_equal(st.state, 'Z');

	assert_int_equal(proc_stat_parse("11 () R 1 2 3 4 5 6", &st), 0); /* empty comm, ends at flags */
	assert_int_equal(st.state, 'R');
	assert_int_equal(st.flags, 6);

	assert_int_equal(proc_stat_parse("12 ( ) ) ) S 1 2 3 4 5 6 7", &st), 0);
	assert_int_equal(st.state, 'S');
}

static void test_stat_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"123",
		"123 (x",
		"123 x) S 1 2 3 4 5 6",   /* no '(' */
		"123 (x)",
		"123 (x)   ",
		"123 (x) S",
		"123 (x) S 1 2 3 4 5",    /* too few numbers */
		"123 (x) S 1 2 3 4 x 6",
		"123 (x) S 1 2 3 4 5 6x",
		"123 (x) S 1 2 3 4 5 6\n",  /* the kernel always has more fields */
		"0 (x) S 1 2 3 4 5 6 7",
		"-5 (x) S 1 2 3 4 5 6 7",
		"abc (x) S 1 2 3 4 5 6 7",
		"(x) S 1 2 3 4 5 6 7",
		NULL,
	};
	struct proc_stat st;
	int i;

	for (i = 0; bad[i]; i++)
		if (proc_stat_parse(bad[i], &st) != -1)
			fail_msg("accepted: \"%s\"", bad[i]);
}

static struct proc_stat mk(int pid, char state, unsigned long flags)
{
	struct proc_stat st;

	memset(&st, 0, sizeof(st));
	st.pid = pid;
	st.ppid = 1;
	st.state = state;
	st.flags = flags;
	return st;
}

static void test_fate(void **state)
{
	struct proc_stat st;

	st = mk(1, 'S', 0);
	assert_int_equal(proc_fate(&st, 1, 0, "/shutdown", true), FATE_SPARE_SELF);
	st = mk(77, 'R', 0);
	assert_int_equal(proc_fate(&st, 77, 0, "/shutdown", true), FATE_SPARE_SELF);
	/* kernel threads, including a zombie-looking one */
	st = mk(2, 'S', PF_KTHREAD_FLAG);
	assert_int_equal(proc_fate(&st, 77, 0, NULL, true), FATE_SPARE_KTHREAD);
	st = mk(300, 'I', PF_KTHREAD_FLAG | 0x40);
	assert_int_equal(proc_fate(&st, 77, 0, NULL, false), FATE_SPARE_KTHREAD);
	/* zombies and dead ones */
	st = mk(400, 'Z', 0);
	assert_int_equal(proc_fate(&st, 77, 1000, "x", true), FATE_GONE);
	st = mk(401, 'X', 0);
	assert_int_equal(proc_fate(&st, 77, 0, "x", true), FATE_GONE);
	st = mk(402, 'x', 0);
	assert_int_equal(proc_fate(&st, 77, 0, "x", true), FATE_GONE);
	/* '@' daemons: spared only when root-owned and while storage is up */
	st = mk(500, 'S', 0);
	assert_int_equal(proc_fate(&st, 77, 0, "@dmeventd", true), FATE_SPARE_STORAGE);
	assert_int_equal(proc_fate(&st, 77, 0, "@dmeventd", false), FATE_KILL);
	assert_int_equal(proc_fate(&st, 77, 1000, "@dmeventd", true), FATE_KILL);
	assert_int_equal(proc_fate(&st, 77, 0, "dmeventd", true), FATE_KILL);
	assert_int_equal(proc_fate(&st, 77, 0, "", true), FATE_KILL);
	assert_int_equal(proc_fate(&st, 77, 0, NULL, true), FATE_KILL);
	/* ordinary processes in any live state */
	st = mk(600, 'D', 0);
	assert_int_equal(proc_fate(&st, 77, 0, "/usr/bin/foo", true), FATE_KILL);
	st = mk(601, 'T', 0x400000);
	assert_int_equal(proc_fate(&st, 77, 1000, "foo", false), FATE_KILL);
}

static void test_fate_from_stat(void **state)
{
	struct proc_stat st;

	assert_int_equal(proc_stat_parse("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0", &st), 0);
	assert_int_equal(proc_fate(&st, 1, 0, NULL, true), FATE_SPARE_KTHREAD);
	assert_int_equal(proc_stat_parse("88 (sh) Z 1 88 88 0 -1 4227084 0 0", &st), 0);
	assert_int_equal(proc_fate(&st, 1, 0, "sh", true), FATE_GONE);
}

static void test_swaps(void **state)
{
	char buf[] = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		     "/dev/sda2                               partition\t8388604\t\t0\t\t-2\n"
		     "/swap\\040file                           file\t\t1048572\t\t0\t\t-3\n"
		     "/dev/zram0                              partition\t4194300\t\t0\t\t100\n";
	char *paths[8];

	assert_int_equal(swaps_parse(buf, paths, 8), 3);
	assert_string_equal(paths[0], "/dev/sda2");
	assert_string_equal(paths[1], "/swap file");
	assert_string_equal(paths[2], "/dev/zram0");
}

static void test_swaps_header_only(void **state)
{
	char buf[] = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
	char empty[] = "";
	char *paths[2] = { NULL, NULL };

	assert_int_equal(swaps_parse(buf, paths, 2), 0);
	assert_null(paths[0]);
	assert_int_equal(swaps_parse(empty, paths, 2), 0);
}

static void test_swaps_more_than_max(void **state)
{
	char buf[] = "Filename Type Size Used Priority\n/a file 1 0 -1\n/b file 1 0 -2\n/c file 1 0 -3";
	char *paths[2] = { NULL, NULL };

	assert_int_equal(swaps_parse(buf, paths, 2), 3);
	assert_string_equal(paths[0], "/a");
	assert_string_equal(paths[1], "/b");
	assert_int_equal(swaps_parse((char[]){ "/x" }, NULL, 0), 1);
}

static void test_swaps_odd_lines(void **state)
{
	char buf[] = "Filename\tType\n"
		     "\n"
		     "relative partition 1 0 -1\n"
		     "/bad\\04 file 1 0 -1\n"
		     "/bad\\000 file 1 0 -1\n"
		     "/ok\\134name\tfile 1 0 -1\n"
		     "/nospace\n";
	char *paths[8];

	assert_int_equal(swaps_parse(buf, paths, 8), 2);
	assert_string_equal(paths[0], "/ok\\name");
	assert_string_equal(paths[1], "/nospace");
}

static void test_meminfo(void **state)
{
	const char *real = "MemTotal:       24684100 kB\n"
			   "MemFree:        21085680 kB\n"
			   "Dirty:              4264 kB\n"
			   "Writeback:             0 kB\n"
			   "AnonPages:        123 kB\n"
			   "WritebackTmp:          7 kB\n";

	assert_int_equal(meminfo_dirty_kib(real), 4264);
	assert_int_equal(meminfo_dirty_kib("Dirty: 10 kB\nWriteback: 5 kB\n"), 15);
	assert_int_equal(meminfo_dirty_kib("Writeback: 5 kB\n"), 5);
	assert_int_equal(meminfo_dirty_kib("Dirty: 10 kB"), 10);
	assert_int_equal(meminfo_dirty_kib("MemTotal: 1 kB\n"), -1);
	assert_int_equal(meminfo_dirty_kib(""), -1);
	/* prefixes and lookalikes are not the field */
	assert_int_equal(meminfo_dirty_kib("NotDirty: 9 kB\nWritebackTmp: 9 kB\nDirtyx: 9 kB\n"), -1);
	assert_int_equal(meminfo_dirty_kib(" Dirty: 9 kB\n"), -1);
	/* the first occurrence counts; negative counts are 0 */
	assert_int_equal(meminfo_dirty_kib("Dirty: 1 kB\nDirty: 2 kB\n"), 1);
	assert_int_equal(meminfo_dirty_kib("Dirty: -4 kB\nWriteback: 3 kB\n"), 3);
	assert_int_equal(meminfo_dirty_kib("Dirty: garbage\n"), 0);
}

static void test_meminfo_huge(void **state)
{
	assert_true(meminfo_dirty_kib("Dirty: 99999999999999999999999 kB\n") == LLONG_MAX);
	/* the sum saturates instead of overflowing */
	assert_true(meminfo_dirty_kib("Dirty: 9223372036854775807 kB\nWriteback: 9223372036854775807 kB\n") ==
		    LLONG_MAX);
	assert_true(meminfo_dirty_kib("Dirty: 9223372036854775000 kB\nWriteback: 1000 kB\n") == LLONG_MAX);
	/* the shape libFuzzer found (before the fix: signed overflow, 4 + LLONG_MAX) */
	assert_true(meminfo_dirty_kib("MemTotal: 1 kB\nDirty:              4 kB\n"
				      "Writeback:9999999999999999999999999999\n") == LLONG_MAX);
}

static int argv0_of(const char *buf, size_t len, char *out, size_t outsz)
{
	memset(out, 'x', outsz);
	return cmdline_argv0_path(buf, len, out, outsz);
}

static void test_argv0(void **state)
{
	char out[32];

	assert_int_equal(argv0_of("/sbin/init\0", 11, out, sizeof(out)), 0);
	assert_string_equal(out, "/sbin/init");
	/* the arguments after argv[0] do not matter */
	assert_int_equal(argv0_of("/lib/sysvinit/init\0--init\0", 26, out, sizeof(out)), 0);
	assert_string_equal(out, "/lib/sysvinit/init");
	/* no NUL at the end (a truncated read) */
	assert_int_equal(argv0_of("/sbin/init", 10, out, sizeof(out)), 0);
	assert_string_equal(out, "/sbin/init");
	assert_int_equal(argv0_of("/", 1, out, sizeof(out)), -1);
}

static void test_argv0_refused(void **state)
{
	char out[16];

	assert_int_equal(argv0_of("", 0, out, sizeof(out)), -1);
	assert_int_equal(argv0_of("\0/sbin/init", 11, out, sizeof(out)), -1);
	assert_int_equal(argv0_of("init\0", 5, out, sizeof(out)), -1);       /* relative */
	assert_int_equal(argv0_of("/sbin/../init", 13, out, sizeof(out)), -1);
	assert_int_equal(argv0_of("/sbin/./init", 12, out, sizeof(out)), -1);
	assert_int_equal(argv0_of("/sbin//init", 11, out, sizeof(out)), -1);
	assert_int_equal(argv0_of("/sbin/init/", 11, out, sizeof(out)), -1);
	assert_int_equal(argv0_of("/..", 3, out, sizeof(out)), -1);
	/* 15 characters + NUL fit in 16, 16 do not */
	assert_int_equal(argv0_of("/abcdefghijklmn", 15, out, sizeof(out)), 0);
	assert_int_equal(argv0_of("/abcdefghijklmno", 16, out, sizeof(out)), -1);
	/* names that only start with dots are fine */
	assert_int_equal(argv0_of("/.init/..x", 10, out, sizeof(out)), 0);
}

static void test_status_nums(void **state)
{
	static const char st[] = "Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\n"
				 "Uid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
				 "NSpid:\t18129\t1\nCapEff:\t000001fffeffffff\nNoNums:\t\n";
	unsigned long long v[4] = { 0 };

	assert_int_equal(proc_status_nums(st, "Uid", 10, v, 4), 4);
	assert_int_equal(v[0], 1000); /* the real uid comes first */
	assert_int_equal(v[1], 0);
	assert_int_equal(proc_status_nums(st, "NSpid", 10, v, 4), 2);
	assert_int_equal(v[1], 1);
	assert_int_equal(proc_status_nums(st, "CapEff", 16, v, 1), 1);
	assert_int_equal(v[0], 0x1fffeffffffULL);
	assert_int_equal(proc_status_nums(st, "Uid", 10, v, 1), 4); /* counts past max */
	assert_int_equal(proc_status_nums(st, "NoNums", 10, v, 4), 0);
	assert_int_equal(proc_status_nums(st, "Missing", 10, v, 4), -1);
	assert_int_equal(proc_status_nums(st, "Ui", 10, v, 4), -1);  /* whole keys only */
	assert_int_equal(proc_status_nums(st, "Name", 10, v, 4), -1); /* not a number */
	assert_int_equal(proc_status_nums("Uid:\t-1\n", "Uid", 10, v, 4), -1);
	assert_int_equal(proc_status_nums("Uid:\t12x\n", "Uid", 10, v, 4), -1);
	assert_int_equal(proc_status_nums("", "Uid", 10, v, 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat_real),
		cmocka_unit_test(test_stat_tricky_comm),
		cmocka_unit_test(test_stat_malformed),
		cmocka_unit_test(test_fate),
		cmocka_unit_test(test_fate_from_stat),
		cmocka_unit_test(test_swaps),
		cmocka_unit_test(test_swaps_header_only),
		cmocka_unit_test(test_swaps_more_than_max),
		cmocka_unit_test(test_swaps_odd_lines),
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_meminfo_huge),
		cmocka_unit_test(test_argv0),
		cmocka_unit_test(test_argv0_refused),
		cmocka_unit_test(test_status_nums),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
