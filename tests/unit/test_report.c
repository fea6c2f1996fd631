/* test_report.c - the shutdown report: round trip, truncation, corruption,
 * foreign data, oversize fields, age. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "report.h"

static void sample(struct report *r)
{
	report_init(r);
	strcpy(r->boot_id, "0c2a3b4d-1111-2222-3333-444455556666");
	r->time = 1790000000;
	strcpy(r->verb, "kexec");
	strcpy(r->action, "kexec");
	r->clean = true;
	r->ms[RP_PREPARE] = 0;
	r->ms[RP_API] = 2;
	r->ms[RP_KILL_STORAGE] = 4;
	r->ms[RP_TOTAL] = 129;
	r->count[RC_UNMOUNTED] = 4;
	strcpy(r->kernel, "/boot/vmlinuz-6.12.117+deb13-cloud-amd64");
}

static void round_trip(void **state)
{
	struct report r, back;
	char buf[REPORT_MAX];
	size_t n, used;

	(void)state;
	sample(&r);
	r.clean = false;
	strcpy(r.why, "1 file system left read-write: /oldroot/home");
	r.flags = RF_KEXEC_FAILED;
	r.count[RC_SIGKILLED] = 2;
	report_add_blocker(&r, "/oldroot/home: sleep(312)");
	n = report_format(&r, buf, sizeof(buf));
	assert_true(n > 0 && n < 1024);
	assert_memory_equal(buf, "pitstop-report 1\nboot_id=0c2a", 29);
	assert_int_equal(report_parse(buf, n, &back, &used), REPORT_OK);
	assert_int_equal(used, n);
	assert_memory_equal(&r, &back, sizeof(r));
	assert_non_null(strstr(buf, "\nforced=kexec-failed,sigkill\n"));
	assert_non_null(strstr(buf, "\nms=prepare:0 api:2 kill-storage:4 total:129\n"));
}

/* a record read back is written back the same, even one no writer of ours makes:
 * a clean verdict with a why (found by fuzz_report) */
static void clean_with_why(void **state)
{
	struct report r, back;
	char buf[REPORT_MAX];
	size_t n, used;

	(void)state;
	sample(&r);
	strcpy(r.why, "left");
	n = report_format(&r, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\nverdict=clean\nwhy=left\n"));
	assert_int_equal(report_parse(buf, n, &back, &used), REPORT_OK);
	assert_memory_equal(&r, &back, sizeof(r));
}

static void summary_and_json(void **state)
{
	struct report r;
	char buf[REPORT_MAX];

	(void)state;
	sample(&r);
	report_summary(&r, buf, sizeof(buf));
	assert_string_equal(buf, "last shutdown: kexec via pitstop, 129 ms, clean; 0 forced");
	strcpy(r.action, "reboot");
	r.flags = RF_KEXEC_FAILED;
	r.clean = false;
	strcpy(r.why, "x");
	report_summary(&r, buf, sizeof(buf));
	assert_string_equal(buf, "last shutdown: reboot via pitstop (kexec asked), 129 ms, unclean (x); 1 forced, kexec failed");
	assert_true(report_json(&r, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "\"verb\":\"kexec\",\"action\":\"reboot\",\"verdict\":\"unclean\""));
	assert_non_null(strstr(buf, "\"ms\":{\"prepare\":0,\"api\":2,\"kill-storage\":4,\"total\":129}"));
	assert_int_equal(buf[strlen(buf) - 1], '}');
}

static void one_line(void **state)
{
	struct report r;
	char buf[1024];
	size_t n;

	(void)state;
	sample(&r);
	report_add_blocker(&r, "a b");
	n = report_line(&r, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_null(strchr(buf, '\n'));
	assert_non_null(strstr(buf, " ms=prepare:0,api:2,kill-storage:4,total:129 "));
	assert_non_null(strstr(buf, " blockers=\"a b\" "));
	n = report_line(&r, buf, 40); /* cut, still a string */
	assert_true(n < 40 && n == strlen(buf));
}

/* The kernel log line, as pstore keeps it at a shutdown (dmesg-ramoops-N),
 * found and trusted like the record; cut or damaged, it is not. */
static void from_kernel_log(void **state)
{
	struct report r, back;
	struct report_scan st;
	char line[1024], dump[4096], rec[REPORT_MAX];
	size_t n, k, i;

	(void)state;
	sample(&r);
	r.clean = false;
	strcpy(r.why, "1 busy disk file systems detached read-write");
	report_add_blocker(&r, "/oldroot: exe(348)");
	n = report_line(&r, line, sizeof(line));
	assert_non_null(strstr(line, " sum="));
	k = report_unline(line, n, rec, sizeof(rec));
	assert_true(k > 0);
	assert_int_equal(report_format(&r, dump, sizeof(dump)), k);
	assert_memory_equal(rec, dump, k); /* the very record pmsg would hold */
	snprintf(dump, sizeof(dump), "Oops#1 Part1\n<6>[  12.000000] sd 0:0:0:0: stopping\n"
		 "<5>[  12.100000] pitstop: report: %s; not written (no /dev/pmsg0), 0.451 ms\n"
		 "<5>[  12.100100] pitstop: final: kexec\n", line);
	assert_true(report_scan(dump, strlen(dump), &back, &st));
	assert_int_equal(st.valid, 1);
	assert_memory_equal(&r, &back, sizeof(r));
	/* cut anywhere before the end of its sum: not trusted */
	for (i = 0; i + 1 < n; i++) {
		assert_false(report_scan(line, i, &back, &st));
	}
	/* one byte changed: the sum says so */
	line[20] ^= 1;
	assert_false(report_scan(line, n, &back, &st));
	assert_int_equal(st.corrupt, 1);
}

static void every_truncation(void **state)
{
	struct report r, back;
	char buf[REPORT_MAX];
	size_t n, k, used;

	(void)state;
	sample(&r);
	n = report_format(&r, buf, sizeof(buf));
	for (k = 0; k < n; k++)
		assert_int_not_equal(report_parse(buf, k, &back, &used), REPORT_OK);
}

static void every_flip(void **state)
{
	struct report r, back;
	char buf[REPORT_MAX];
	size_t n, k, used;

	(void)state;
	sample(&r);
	n = report_format(&r, buf, sizeof(buf));
	for (k = 0; k < n - 1; k++) { /* the last newline may go: the sum line is then cut */
		buf[k] ^= 0x01;
		assert_int_not_equal(report_parse(buf, n, &back, &used), REPORT_OK);
		buf[k] ^= 0x01;
	}
}

static void foreign_and_several(void **state)
{
	struct report a, b, best;
	struct report_scan st;
	static const char junk[] = "logd\0binary\x01\x02 pitstop-report 2\nboot_id=x\n";
	char buf[4 * REPORT_MAX];
	size_t n;

	(void)state;
	sample(&a);
	sample(&b);
	b.time = a.time + 5;
	strcpy(b.action, "reboot");
	memcpy(buf, junk, sizeof(junk) - 1);
	n = sizeof(junk) - 1;
	n += report_format(&b, buf + n, sizeof(buf) - n);
	n += (size_t)sprintf(buf + n, "noise pitstop-report 1\nboot_id=cut");
	n += report_format(&a, buf + n, sizeof(buf) - n); /* older, later in the file */
	assert_true(report_scan(buf, n, &best, &st));
	assert_int_equal(st.valid, 2);
	assert_int_equal(st.unknown_version, 1);
	assert_int_equal(st.corrupt + st.truncated, 1);
	assert_string_equal(best.action, "reboot");
	assert_false(report_scan("hello", 5, &best, &st));
	assert_false(report_scan("", 0, &best, &st));
}

static void oversize_fields(void **state)
{
	struct report r, back;
	char buf[REPORT_MAX], big[600];
	size_t n, used, i;

	(void)state;
	sample(&r);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[10] = '\n';
	big[11] = '"';
	report_set(r.kernel, sizeof(r.kernel), big);
	report_set(r.why, sizeof(r.why), big);
	for (i = 0; i < 40; i++)
		report_add_blocker(&r, "/oldroot/srv/data: postgres(4242)");
	assert_string_equal(r.blockers + strlen(r.blockers) - 3, "...");
	assert_int_equal(strlen(r.kernel), sizeof(r.kernel) - 1);
	assert_int_equal(r.kernel[10], '?');
	for (i = 0; i < RC_N; i++)
		r.count[i] = 999999;
	n = report_format(&r, buf, sizeof(buf));
	assert_true(n > 0 && n < REPORT_MAX);
	assert_int_equal(report_parse(buf, n, &back, &used), REPORT_OK);
	assert_int_equal(report_format(&r, buf, 100), 0); /* too small: nothing half-written counts */
	/* a value longer than the reader's field is refused, not cut */
	n = (size_t)sprintf(buf, "pitstop-report 1\nboot_id=%s\n", big + 12);
	assert_int_equal(report_parse(buf, n, &back, &used), REPORT_CORRUPT);
}

static void age(void **state)
{
	struct report r;

	(void)state;
	sample(&r);
	assert_int_equal(report_age(&r, "other", r.time + 30), AGE_PREVIOUS);
	assert_int_equal(report_age(&r, r.boot_id, r.time + 30), AGE_SAME_BOOT);
	assert_int_equal(report_age(&r, "other", r.time + 3600), AGE_OLD);
	assert_int_equal(report_age(&r, "other", r.time - 3600), AGE_FUTURE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),      cmocka_unit_test(summary_and_json),
		cmocka_unit_test(one_line),        cmocka_unit_test(every_truncation),
		cmocka_unit_test(every_flip),      cmocka_unit_test(foreign_and_several),
		cmocka_unit_test(oversize_fields), cmocka_unit_test(age),
		cmocka_unit_test(from_kernel_log), cmocka_unit_test(clean_with_why),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
