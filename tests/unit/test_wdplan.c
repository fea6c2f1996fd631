/* test_wdplan.c - the watchdog's plan: pitstop's command-line words, the
 * ping schedule, the timeout that covers the final jump. */
#include "unit.h"

#include <string.h>

#include "cmdline.h"
#include "wdplan.h"

static void test_cmdline_value(void **state)
{
	char v[16];

	(void)state;
	assert_int_equal(cmdline_value("root=/dev/vda a=1 b=2\n", "a", v, sizeof(v)), 1);
	assert_string_equal(v, "1");
	/* the last one wins; a longer key with the same start is another key */
	assert_int_equal(cmdline_value("a=1 ab=3 a=2", "a", v, sizeof(v)), 1);
	assert_string_equal(v, "2");
	assert_int_equal(cmdline_value("ab=3 a", "a", v, sizeof(v)), 0);
	assert_int_equal(cmdline_value("a= x", "a", v, sizeof(v)), 1);
	assert_string_equal(v, "");
	assert_int_equal(cmdline_value("a=\"x y\" z", "a", v, sizeof(v)), 1);
	assert_string_equal(v, "x y");
	assert_int_equal(cmdline_value("a=0123456789abcdef", "a", v, sizeof(v)), -1);
	assert_int_equal(cmdline_value("", "a", v, sizeof(v)), 0);
	assert_int_equal(cmdline_value("a=\"open", "a", v, sizeof(v)), 0); /* unbalanced: not read */
}

static void test_conf(void **state)
{
	struct wd_conf c;
	char err[128];

	(void)state;
	assert_int_equal(wd_conf_parse("root=/dev/vda quiet", &c, err, sizeof(err)), 0);
	assert_false(c.ignore);
	assert_int_equal(c.jump_s, -1);
	assert_int_equal(wd_conf_parse("pitstop.watchdog=ignore pitstop.watchdog-kexec=90", &c, err, sizeof(err)), 0);
	assert_true(c.ignore);
	assert_int_equal(c.jump_s, 90);
	assert_int_equal(wd_conf_parse("pitstop.watchdog-kexec=120s", &c, err, sizeof(err)), 0);
	assert_int_equal(c.jump_s, 120);
	assert_int_equal(wd_conf_parse("pitstop.watchdog-kexec=0", &c, err, sizeof(err)), 0);
	assert_int_equal(c.jump_s, 0);
	/* bad values: named, and the defaults stay */
	assert_int_equal(wd_conf_parse("pitstop.watchdog-kexec=10m", &c, err, sizeof(err)), -1);
	assert_int_equal(c.jump_s, -1);
	assert_non_null(strstr(err, "pitstop.watchdog-kexec=10m"));
	assert_int_equal(wd_conf_parse("pitstop.watchdog-kexec=-5", &c, err, sizeof(err)), -1);
	assert_int_equal(wd_conf_parse("pitstop.watchdog-kexec=99999", &c, err, sizeof(err)), -1);
	assert_int_equal(wd_conf_parse("pitstop.watchdog-kexec=", &c, err, sizeof(err)), -1);
	assert_int_equal(wd_conf_parse("pitstop.watchdog=off", &c, err, sizeof(err)), -1);
	assert_false(c.ignore);
	assert_int_equal(wd_conf_parse("pitstop.watchdog=feed", &c, err, sizeof(err)), 0);
	assert_false(c.ignore);
}

static void test_ping_interval(void **state)
{
	(void)state;
	/* half the timeout, at most a second, at least 100 ms */
	assert_int_equal(wd_ping_interval_ms(1), 500);
	assert_int_equal(wd_ping_interval_ms(2), 1000);
	assert_int_equal(wd_ping_interval_ms(10), 1000);
	assert_int_equal(wd_ping_interval_ms(600), 1000);
	assert_int_equal(wd_ping_interval_ms(0), 1000);
	assert_int_equal(wd_ping_interval_ms(-3), 1000);
}

/* Simulated: a shutdown of budget_ms whose waits call ping every step_ms.
 * The longest gap between two pings must stay under the timeout, with
 * room to spare (half of it), whatever the budget. */
static long longest_gap(long timeout_s, long budget_ms, long step_ms)
{
	long interval = wd_ping_interval_ms(timeout_s), gap = 0;
	int64_t last = -1, t, prev = 0;

	for (t = 0; t <= budget_ms; t += step_ms) {
		if (wd_ping_due(t, last, interval)) {
			if (last >= 0 && t - prev > gap)
				gap = t - prev;
			prev = last = t;
		}
	}
	return gap;
}

static void test_ping_schedule(void **state)
{
	static const long timeouts[] = { 1, 2, 5, 10, 30, 600 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(timeouts) / sizeof(timeouts[0]); i++) {
		/* waits poll at most every 500 ms (deadline.c), kill waits every 20 ms */
		long g500 = longest_gap(timeouts[i], 90000, 500), g20 = longest_gap(timeouts[i], 90000, 20);

		assert_true(g500 <= timeouts[i] * 1000 / 2 + 500);
		assert_true(g20 <= wd_ping_interval_ms(timeouts[i]) + 20);
		assert_true(g20 < timeouts[i] * 1000);
	}
	/* the first call always pings; a clock that went back too */
	assert_true(wd_ping_due(0, -1, 1000));
	assert_true(wd_ping_due(5, 10, 1000));
	assert_false(wd_ping_due(999, 0, 1000));
	assert_true(wd_ping_due(1000, 0, 1000));
}

static void test_jump(void **state)
{
	struct wd_conf c = { false, -1 };

	(void)state;
	/* nothing said: the default covers a kexec into a slow kernel */
	assert_int_equal(wd_jump_seconds(&c, 0), WD_JUMP_DEFAULT_S);
	/* systemd armed it for this verb (KExecWatchdogSec=, RebootWatchdogSec=): it stays */
	assert_int_equal(wd_jump_seconds(&c, 10), 0);
	/* the command line wins over both */
	c.jump_s = 45;
	assert_int_equal(wd_jump_seconds(&c, 10), 45);
	assert_int_equal(wd_jump_seconds(&c, 0), 45);
	c.jump_s = 0;
	assert_int_equal(wd_jump_seconds(&c, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline_value),
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_ping_interval),
		cmocka_unit_test(test_ping_schedule),
		cmocka_unit_test(test_jump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
