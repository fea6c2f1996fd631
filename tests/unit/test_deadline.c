/* test_deadline.c - bounded children: every answer comes back, a call that
 * hangs costs at most its slice and the calls after it still run, a child
 * that dies is told from one that hangs, and a spent deadline starts nothing. */
#include "unit.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "deadline.h"
#include "sys.h"

/* i*10 back; 3 hangs (pause: as a umount2 stuck on a dead server would), 5 dies */
static int op(void *arg, size_t i)
{
	(void)arg;
	if (i == 3)
		pause();
	if (i == 5)
		raise(SIGKILL);
	return (int)i * 10;
}

static void test_batch_answers_and_slices(void **state)
{
	int res[8];
	int64_t t0 = mono_ms();
	long took;
	size_t i;

	assert_int_equal(run_batch(op, NULL, 8, res, t0 + 1000), 6);
	took = (long)(mono_ms() - t0);
	for (i = 0; i < 8; i++)
		if (i != 3 && i != 5)
			assert_int_equal(res[i], (int)i * 10);
	assert_int_equal(res[3], BOUNDED_TIMEOUT); /* given up after half of what was left */
	assert_int_equal(res[5], EINTR);           /* died: no answer, but no wait either */
	assert_true(took >= 450 && took < 900);
}

static void test_batch_spent_deadline(void **state)
{
	int res[3] = { 1, 1, 1 };

	assert_int_equal(run_batch(op, NULL, 3, res, mono_ms() - 1), 0);
	assert_int_equal(res[0], BOUNDED_SKIPPED);
	assert_int_equal(res[2], BOUNDED_SKIPPED);
}

static int hang(void *arg)
{
	(void)arg;
	pause();
	return 0;
}

static int seven(void *arg)
{
	return *(int *)arg;
}

static void test_bounded(void **state)
{
	int v = 7;
	int64_t t0 = mono_ms();

	assert_int_equal(run_bounded(seven, &v, 1000), 7);
	assert_int_equal(run_bounded(hang, NULL, 200), BOUNDED_TIMEOUT);
	assert_true(mono_ms() - t0 < 600);
}

static void test_read_line_bounded(void **state)
{
	char out[64];

	assert_int_equal(read_line_bounded("/proc/self/comm", out, sizeof(out), 1000), 0);
	assert_true(strlen(out) > 0);
	assert_int_equal(read_line_bounded("/nonexistent/x", out, sizeof(out), 1000), -1);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_answers_and_slices),
		cmocka_unit_test(test_batch_spent_deadline),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_read_line_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
