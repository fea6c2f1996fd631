/* test_options.c - the exitrd's argv, as systemd-shutdown hands it over. */
#include "unit.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "options.h"

/* Runs shutdown_opts_parse on a NULL-terminated list (argv[0] included). */
static int parse(struct shutdown_opts *o, char *err, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;

	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	err[0] = '\0';
	return shutdown_opts_parse(argc, argv, o, err, 256);
}

static long long ts(const char *s)
{
	long long us = -12345;

	if (timespan_parse_us(s, &us) < 0)
		return -1;
	return us;
}

static void test_verbs(void **state)
{
	enum verb v;

	assert_int_equal(verb_parse("reboot", &v), 0);
	assert_int_equal(v, VERB_REBOOT);
	assert_int_equal(verb_parse("poweroff", &v), 0);
	assert_int_equal(v, VERB_POWEROFF);
	assert_int_equal(verb_parse("halt", &v), 0);
	assert_int_equal(v, VERB_HALT);
	assert_int_equal(verb_parse("kexec", &v), 0);
	assert_int_equal(v, VERB_KEXEC);
	assert_int_equal(verb_parse("exit", &v), 0);
	assert_int_equal(v, VERB_EXIT);
	v = VERB_HALT;
	assert_int_equal(verb_parse("Reboot", &v), -1);
	assert_int_equal(verb_parse("reboot ", &v), -1);
	assert_int_equal(verb_parse("", &v), -1);
	assert_int_equal(verb_parse(NULL, &v), -1);
	assert_int_equal(v, VERB_HALT); /* untouched on failure */
	assert_string_equal(verb_name(VERB_KEXEC), "kexec");
	assert_string_equal(verb_name(VERB_POWEROFF), "poweroff");
}

static void test_timespan_units(void **state)
{
	assert_int_equal(ts("90000000us"), 90000000LL);
	assert_int_equal(ts("90000000usec"), 90000000LL);
	assert_int_equal(ts("90s"), 90000000LL);
	assert_int_equal(ts("90sec"), 90000000LL);
	assert_int_equal(ts("90"), 90000000LL); /* bare seconds */
	assert_int_equal(ts("250ms"), 250000LL);
	assert_int_equal(ts("250msec"), 250000LL);
	assert_int_equal(ts("2m"), 120000000LL);
	assert_int_equal(ts("2min"), 120000000LL);
	assert_int_equal(ts("1h"), 3600000000LL);
	assert_int_equal(ts("1hr"), 3600000000LL);
	assert_int_equal(ts("0us"), 0);
	assert_int_equal(ts("007s"), 7000000LL);
}

static void test_timespan_compound(void **state)
{
	assert_int_equal(ts("1min30s"), 90000000LL);
	assert_int_equal(ts("1min 30s"), 90000000LL);
	assert_int_equal(ts("1h1min1s1ms1us"), 3661001001LL);
	assert_int_equal(ts(" 5s "), 5000000LL);
	assert_int_equal(ts("1s500ms"), 1500000LL);
}

static void test_timespan_infinity_and_overflow(void **state)
{
	assert_true(ts("infinity") == LLONG_MAX);
	/* systemd prints USEC_INFINITY as this */
	assert_true(ts("18446744073709551615us") == LLONG_MAX);
	assert_true(ts("9223372036854775807us") == LLONG_MAX);
	assert_true(ts("9223372036854775808us") == LLONG_MAX);
	/* saturates instead of wrapping around, whatever the digits */
	assert_true(ts("18446744073709551616us") == LLONG_MAX);
	assert_true(ts("18446744073709551619us") == LLONG_MAX);
	assert_true(ts("99999999999999999999999999999999us") == LLONG_MAX);
	assert_true(ts("100000000000000000000000000000000000000000s") == LLONG_MAX);
	assert_true(ts("9999999999999h") == LLONG_MAX);
	assert_true(ts("9223372036854775807s") == LLONG_MAX);
	/* a sum that overflows */
	assert_true(ts("9223372036854775s9223372036854775s") == LLONG_MAX);
	assert_true(ts("infinity1s") == -1);
}

static void test_timespan_garbage(void **state)
{
	long long us = 42;

	assert_int_equal(timespan_parse_us("", &us), -1);
	assert_int_equal(timespan_parse_us(NULL, &us), -1);
	assert_int_equal(timespan_parse_us("   ", &us), -1);
	assert_int_equal(timespan_parse_us("s", &us), -1);
	assert_int_equal(timespan_parse_us("-5s", &us), -1);
	assert_int_equal(timespan_parse_us("+5s", &us), -1);
	assert_int_equal(timespan_parse_us("1.5s", &us), -1);
	assert_int_equal(timespan_parse_us("5x", &us), -1);
	assert_int_equal(timespan_parse_us("5secs", &us), -1);
	assert_int_equal(timespan_parse_us("5S", &us), -1);
	assert_int_equal(timespan_parse_us("5s!", &us), -1);
	assert_int_equal(timespan_parse_us("inf", &us), -1);
	assert_int_equal(timespan_parse_us("Infinity", &us), -1);
	assert_int_equal(timespan_parse_us("5\ts", &us), -1);
	assert_int_equal(us, 42); /* untouched on failure */
}

static void test_defaults(void **state)
{
	struct shutdown_opts o;
	char err[256];

	assert_int_equal(parse(&o, err, "/shutdown", NULL), 0);
	assert_int_equal(o.verb, VERB_REBOOT);
	assert_null(o.verb_given);
	assert_false(o.verb_unknown);
	assert_true(o.timeout_us == DEFAULT_TIMEOUT_US);
	assert_false(o.timeout_clamped);
	assert_int_equal(o.log_level, 6);
	assert_int_equal(o.exit_code, 0);
	assert_int_equal(o.ignored, 0);
	assert_null(o.first_ignored);
}

/* What systemd (v250+) passes: separate values. */
static void test_systemd_separate_values(void **state)
{
	struct shutdown_opts o;
	char err[256];

	assert_int_equal(parse(&o, err, "/shutdown", "kexec", "--timeout", "90000000us", "--log-level",
			       "6", "--log-target", "kmsg", "--log-color", "--log-location",
			       "--log-time", NULL),
			 0);
	assert_int_equal(o.verb, VERB_KEXEC);
	assert_string_equal(o.verb_given, "kexec");
	assert_true(o.timeout_us == 90000000LL);
	assert_int_equal(o.log_level, 6);
	assert_int_equal(o.ignored, 3);
	assert_string_equal(o.first_ignored, "--log-color");
}

/* Older systemd: "--opt=value". */
static void test_systemd_equals_values(void **state)
{
	struct shutdown_opts o;
	char err[256];

	assert_int_equal(parse(&o, err, "/shutdown", "poweroff", "--timeout=30000000us",
			       "--log-level=info", "--log-target=console", "--exit-code=3", NULL),
			 0);
	assert_int_equal(o.verb, VERB_POWEROFF);
	assert_true(o.timeout_us == 30000000LL);
	assert_int_equal(o.log_level, 6);
	assert_int_equal(o.exit_code, 3);
	assert_int_equal(o.ignored, 0);
}

static void test_log_levels(void **state)
{
	static const char *const names[] = { "emerg", "alert", "crit", "err",
					     "warning", "notice", "info", "debug" };
	struct shutdown_opts o;
	char err[256], arg[64];
	int i;

	for (i = 0; i < 8; i++) {
		snprintf(arg, sizeof(arg), "--log-level=%s", names[i]);
		assert_int_equal(parse(&o, err, "/shutdown", "reboot", arg, NULL), 0);
		assert_int_equal(o.log_level, i);
		snprintf(arg, sizeof(arg), "%d", i);
		assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level", arg, NULL), 0);
		assert_int_equal(o.log_level, i);
	}
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level=8", NULL), -1);
	assert_non_null(strstr(err, "--log-level"));
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level=-1", NULL), -1);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level=INFO", NULL), -1);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level=", NULL), -1);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level=6x", NULL), -1);
	assert_int_equal(o.log_level, 6); /* the default survives a bad value */
	/* systemd >= 256: per-target levels, as two words; the first is the default */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level", "debug,console:info", NULL), 0);
	assert_int_equal(o.log_level, 7);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level=notice,kmsg:debug", NULL), 0);
	assert_int_equal(o.log_level, 5);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level=5,kmsg:debug", NULL), -1);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level=,info", NULL), -1);
}

static void test_exit_code_range(void **state)
{
	struct shutdown_opts o;
	char err[256];

	assert_int_equal(parse(&o, err, "/shutdown", "exit", "--exit-code=0", NULL), 0);
	assert_int_equal(o.verb, VERB_EXIT);
	assert_int_equal(o.exit_code, 0);
	assert_int_equal(parse(&o, err, "/shutdown", "exit", "--exit-code", "255", NULL), 0);
	assert_int_equal(o.exit_code, 255);
	assert_int_equal(parse(&o, err, "/shutdown", "exit", "--exit-code=256", NULL), -1);
	assert_non_null(strstr(err, "0..255"));
	assert_int_equal(parse(&o, err, "/shutdown", "exit", "--exit-code=-1", NULL), -1);
	assert_int_equal(parse(&o, err, "/shutdown", "exit", "--exit-code=abc", NULL), -1);
	assert_int_equal(parse(&o, err, "/shutdown", "exit", "--exit-code=99999999999999999999", NULL), -1);
	assert_int_equal(parse(&o, err, "/shutdown", "exit", "--exit-code=", NULL), -1);
	assert_int_equal(o.exit_code, 0);
}

static void test_timeout_values(void **state)
{
	struct shutdown_opts o;
	char err[256];

	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=90s", NULL), 0);
	assert_true(o.timeout_us == 90000000LL);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout", "1min30s", NULL), 0);
	assert_true(o.timeout_us == 90000000LL);
	/* clamped to an hour */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=2h", NULL), 0);
	assert_true(o.timeout_us == MAX_TIMEOUT_US);
	assert_true(o.timeout_clamped);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=infinity", NULL), 0);
	assert_true(o.timeout_us == MAX_TIMEOUT_US);
	assert_true(o.timeout_clamped);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=18446744073709551615us", NULL), 0);
	assert_true(o.timeout_us == MAX_TIMEOUT_US);
	/* exactly an hour is not clamped */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=3600s", NULL), 0);
	assert_true(o.timeout_us == MAX_TIMEOUT_US);
	assert_false(o.timeout_clamped);
}

/* A bad --timeout is an error, and leaves the default budget in place:
 * the caller goes on "with defaults for it". */
static void test_timeout_bad_keeps_default(void **state)
{
	struct shutdown_opts o;
	char err[256];

	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=0us", NULL), -1);
	assert_non_null(strstr(err, "--timeout"));
	assert_true(o.timeout_us == DEFAULT_TIMEOUT_US);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=0", NULL), -1);
	assert_true(o.timeout_us == DEFAULT_TIMEOUT_US);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=soon", NULL), -1);
	assert_true(o.timeout_us == DEFAULT_TIMEOUT_US);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=", NULL), -1);
	assert_true(o.timeout_us == DEFAULT_TIMEOUT_US);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout", "-5s", NULL), -1);
	assert_true(o.timeout_us == DEFAULT_TIMEOUT_US);
}

/* One bad value costs that option only: the ones after it still count. */
static void test_bad_value_keeps_the_rest(void **state)
{
	struct shutdown_opts o;
	char err[256];

	assert_int_equal(parse(&o, err, "/shutdown", "exit", "--timeout=soon", "--log-level=7",
			       "--exit-code=3", "--log-level=99", NULL), -1);
	assert_non_null(strstr(err, "--timeout: 'soon'")); /* the first bad one is reported */
	assert_true(o.timeout_us == DEFAULT_TIMEOUT_US);
	assert_int_equal(o.log_level, 7);
	assert_int_equal(o.exit_code, 3);
	assert_int_equal(o.verb, VERB_EXIT);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--exit-code=x", "--timeout", "5s",
			       "--timeout", NULL), -1);
	assert_non_null(strstr(err, "--exit-code"));
	assert_true(o.timeout_us == 5000000LL);
}

static void test_missing_value(void **state)
{
	struct shutdown_opts o;
	char err[256];

	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout", NULL), -1);
	assert_string_equal(err, "--timeout needs a value");
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-level", NULL), -1);
	assert_string_equal(err, "--log-level needs a value");
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-target", NULL), -1);
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--exit-code", NULL), -1);
}

static void test_unknown_options(void **state)
{
	struct shutdown_opts o;
	char err[256];

	/* a flag without value followed by a known option */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-color", "--timeout=5s", NULL), 0);
	assert_int_equal(o.ignored, 1);
	assert_true(o.timeout_us == 5000000LL);
	/* an unknown "--opt value": its value is skipped, not taken as anything */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--future", "thing", "--timeout", "7s", NULL), 0);
	assert_int_equal(o.ignored, 1);
	assert_string_equal(o.first_ignored, "--future");
	assert_true(o.timeout_us == 7000000LL);
	/* "--opt=value" does not swallow the next argument */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--future=x", "stray", NULL), 0);
	assert_int_equal(o.ignored, 2);
	assert_string_equal(o.first_ignored, "--future=x");
	/* a prefix of a known option is not that option */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeoutx=1s", "--time=2s", NULL), 0);
	assert_int_equal(o.ignored, 2);
	assert_true(o.timeout_us == DEFAULT_TIMEOUT_US);
	/* short options and "--" are ignored too */
	assert_int_equal(parse(&o, err, "/shutdown", "halt", "-v", "--", NULL), 0);
	assert_int_equal(o.verb, VERB_HALT);
	assert_int_equal(o.ignored, 2);
	/* an unknown option at the very end */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--last", NULL), 0);
	assert_int_equal(o.ignored, 1);
}

static void test_unknown_and_missing_verb(void **state)
{
	struct shutdown_opts o;
	char err[256];

	assert_int_equal(parse(&o, err, "/shutdown", "suspend", NULL), 0);
	assert_true(o.verb_unknown);
	assert_int_equal(o.verb, VERB_REBOOT);
	assert_string_equal(o.verb_given, "suspend");

	assert_int_equal(parse(&o, err, "/shutdown", "", NULL), 0);
	assert_true(o.verb_unknown);
	assert_int_equal(o.verb, VERB_REBOOT);

	/* no verb, options straight away */
	assert_int_equal(parse(&o, err, "/shutdown", "--timeout=5s", "--log-level=debug", NULL), 0);
	assert_null(o.verb_given);
	assert_false(o.verb_unknown);
	assert_int_equal(o.verb, VERB_REBOOT);
	assert_true(o.timeout_us == 5000000LL);
	assert_int_equal(o.log_level, 7);

	/* the verb only counts as argv[1] */
	assert_int_equal(parse(&o, err, "/shutdown", "--log-color", "halt", NULL), 0);
	assert_int_equal(o.verb, VERB_REBOOT);
}

static void test_later_values_win(void **state)
{
	struct shutdown_opts o;
	char err[256];

	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=5s", "--timeout", "6s",
			       "--log-level=err", "--log-level=debug", NULL),
			 0);
	assert_true(o.timeout_us == 6000000LL);
	assert_int_equal(o.log_level, 7);
	/* a clamp is remembered even if a later value is small */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout=5h", "--timeout=5s", NULL), 0);
	assert_true(o.timeout_us == 5000000LL);
}

static void test_value_that_looks_like_option(void **state)
{
	struct shutdown_opts o;
	char err[256];

	/* "--timeout --log-level" takes "--log-level" as the value: an error */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--timeout", "--log-level", "6", NULL), -1);
	/* --log-target takes anything */
	assert_int_equal(parse(&o, err, "/shutdown", "reboot", "--log-target", "--timeout=1s", NULL), 0);
	assert_true(o.timeout_us == DEFAULT_TIMEOUT_US);
}

static void test_err_buffer_small(void **state)
{
	struct shutdown_opts o;
	char err[8];
	char *argv[] = { "/shutdown", "reboot", "--timeout=garbage-garbage-garbage", NULL };

	memset(err, 'x', sizeof(err));
	assert_int_equal(shutdown_opts_parse(3, argv, &o, err, sizeof(err)), -1);
	assert_int_equal(err[7], '\0');
	assert_int_equal(strlen(err), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verbs),
		cmocka_unit_test(test_timespan_units),
		cmocka_unit_test(test_timespan_compound),
		cmocka_unit_test(test_timespan_infinity_and_overflow),
		cmocka_unit_test(test_timespan_garbage),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_bad_value_keeps_the_rest),
		cmocka_unit_test(test_systemd_separate_values),
		cmocka_unit_test(test_systemd_equals_values),
		cmocka_unit_test(test_log_levels),
		cmocka_unit_test(test_exit_code_range),
		cmocka_unit_test(test_timeout_values),
		cmocka_unit_test(test_timeout_bad_keeps_default),
		cmocka_unit_test(test_missing_value),
		cmocka_unit_test(test_unknown_options),
		cmocka_unit_test(test_unknown_and_missing_verb),
		cmocka_unit_test(test_later_values_win),
		cmocka_unit_test(test_value_that_looks_like_option),
		cmocka_unit_test(test_err_buffer_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
