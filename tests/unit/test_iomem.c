/* test_iomem.c - System RAM and the busy ranges in it, from /proc/iomem text. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomem.h"

static struct iomem_map m;
static struct iomem_range fr[IOMEM_MAX_RAM + IOMEM_MAX_BUSY];

static int parse(const char *t)
{
	return iomem_parse(t, strlen(t), &m);
}

static int free_ranges(void)
{
	return iomem_free_ranges(&m, fr, (int)(sizeof(fr) / sizeof(fr[0])));
}

#define RANGE(r, s, e) do { assert_int_equal((r).start, (s)); assert_int_equal((r).end, (e)); } while (0)

/* QEMU -M virt -m 1024, trixie's 6.12 kernel booted with -kernel and -initrd */
static const char virt[] =
	"00000000-03ffffff : 0.flash flash@0\n"
	"09000000-09000fff : pl011@9000000\n"
	"  09000000-09000fff : 9000000.pl011 pl011@9000000\n"
	"10000000-3efeffff : pcie@10000000\n"
	"  10000000-1003ffff : 0000:00:01.0\n"
	"3f000000-3fffffff : PCI ECAM\n"
	"40000000-7fffffff : System RAM\n"
	"  40210000-41f8ffff : Kernel code\n"
	"  41f90000-4236ffff : reserved\n"
	"  42370000-428dffff : Kernel data\n"
	"  48000000-499fffff : reserved\n"
	"  49a00000-49a0ffff : reserved\n"
	"  7a000000-7bffffff : reserved\n"
	"  7e43b000-7fffffff : reserved\n"
	"4010000000-401fffffff : PCI ECAM\n"
	"8000000000-ffffffffff : pcie@10000000\n"
	"  8000000000-8000003fff : 0000:00:01.0\n";

static void test_virt(void **state)
{
	assert_int_equal(parse(virt), 1);
	RANGE(m.ram[0], 0x40000000, 0x7fffffff);
	/* the kernel's own ranges may be overwritten, the device children are outside RAM */
	assert_int_equal(m.n_busy, 5);
	assert_int_equal(m.n_reserved, 0);
	assert_int_equal(m.malformed, 0);
	RANGE(m.busy[0], 0x41f90000, 0x4236ffff);
	assert_int_equal(free_ranges(), 4);
	RANGE(fr[0], 0x40000000, 0x41f8ffff);
	RANGE(fr[1], 0x42370000, 0x47ffffff);
	RANGE(fr[2], 0x49a10000, 0x79ffffff);
	RANGE(fr[3], 0x7c000000, 0x7e43afff);
}

/* a no-map region splits System RAM: a top-level "reserved" between two RAM ranges */
static void test_nomap_and_crash(void **state)
{
	static const char t[] =
		"40000000-43ffffff : System RAM\n"
		"  40210000-41f8ffff : Kernel code\n"
		"44000000-440fffff : reserved\n"
		"44100000-bfffffff : System RAM\n"
		"  b0000000-bfffffff : Crash kernel\n"
		"    b0000000-b0000fff : reserved\n"
		"c0000000-c0000fff : Reserved\n";

	assert_int_equal(parse(t), 2);
	assert_int_equal(m.n_reserved, 2);
	assert_int_equal(m.n_busy, 3);
	assert_int_equal(free_ranges(), 3);
	RANGE(fr[0], 0x40000000, 0x43ffffff);
	RANGE(fr[1], 0x44100000, 0xafffffff);
	RANGE(fr[2], 0xb0001000, 0xbfffffff); /* kdump's area is free, what is reserved in it not */
}

static void test_errors(void **state)
{
	assert_int_equal(parse(""), IOMEM_NO_RAM);
	assert_int_equal(parse("09000000-09000fff : pl011@9000000\n"), IOMEM_NO_RAM);
	/* as a user: every address reads 0 */
	assert_int_equal(parse("00000000-00000000 : System RAM\n  00000000-00000000 : Kernel code\n"), IOMEM_HIDDEN);
	assert_int_equal(parse("00000000-00000000 : System RAM\n00001000-00001fff : System RAM\n"), 2);
	assert_non_null(strstr(iomem_strerror(IOMEM_HIDDEN), "root"));
	assert_non_null(strstr(iomem_strerror(IOMEM_NO_RAM), "System RAM"));
	assert_non_null(iomem_strerror(IOMEM_TOO_MANY));
	assert_non_null(iomem_strerror(42));
}

static void test_malformed(void **state)
{
	static const char t[] =
		"40000000-7fffffff : System RAM\n"
		"  zzzz-41f8ffff : reserved\n"          /* not hex */
		"  41f90000 : reserved\n"               /* no end */
		"  4236ffff-41f90000 : reserved\n"      /* end before start */
		"  10000000000000000-10000000000000001 : reserved\n" /* 17 digits */
		"  48000000-499fffff reserved\n"        /* no " : " */
		"\t48000000-499fffff : reserved\n"     /* not our indentation */
		"\n"
		"  7a000000-7bffffff : reserved  \r\n" /* trailing blanks and CR are not the name */
		"  7c000000-7c000fff";                   /* cut, no newline */

	assert_int_equal(parse(t), 1);
	assert_int_equal(m.malformed, 7);
	assert_int_equal(m.n_busy, 1);
	RANGE(m.busy[0], 0x7a000000, 0x7bffffff);
	/* 16 digits, upper case, no final newline */
	assert_int_equal(parse("0000000040000000-FFFFFFFFFFFFFFFF : System RAM"), 1);
	RANGE(m.ram[0], 0x40000000, UINT64_MAX);
	assert_int_equal(free_ranges(), 1);
	/* a length that stops in the middle of the text */
	assert_int_equal(iomem_parse(virt, 60, &m), IOMEM_NO_RAM);
}

static void test_free_ranges(void **state)
{
	/* busy at both ends, overlapping each other, out of order, one outside RAM */
	static const char t[] =
		"1000-1fff : System RAM\n"
		"  1000-10ff : reserved\n"
		"  1800-18ff : reserved\n"
		"  1700-17ff : reserved\n"
		"  1750-1880 : reserved\n"
		"  1f00-1fff : reserved\n"
		"3000-3fff : System RAM\n"
		"  3000-3fff : reserved\n"
		"5000-5fff : System RAM\n"
		"  5400-57ff : ACPI Tables\n";     /* an unknown child: kept clear too */

	assert_int_equal(parse(t), 3);
	assert_int_equal(free_ranges(), 4);
	RANGE(fr[0], 0x1100, 0x16ff);
	RANGE(fr[1], 0x1900, 0x1eff);
	RANGE(fr[2], 0x5000, 0x53ff);
	RANGE(fr[3], 0x5800, 0x5fff);
	/* no room for the result */
	assert_int_equal(iomem_free_ranges(&m, fr, 2), IOMEM_TOO_MANY);
}

static void test_too_many(void **state)
{
	size_t cap = 64 * (IOMEM_MAX_BUSY + 2), n = 0;
	char *t = malloc(cap);
	int i;

	assert_non_null(t);
	n += (size_t)snprintf(t + n, cap - n, "00000000-ffffffff : System RAM\n");
	for (i = 0; i <= IOMEM_MAX_BUSY; i++)
		n += (size_t)snprintf(t + n, cap - n, "  %08x-%08x : reserved\n", i * 0x10000, i * 0x10000 + 0xfff);
	assert_int_equal(iomem_parse(t, n, &m), IOMEM_TOO_MANY);
	n = 0;
	for (i = 0; i <= IOMEM_MAX_RAM; i++)
		n += (size_t)snprintf(t + n, cap - n, "%08x-%08x : System RAM\n", i * 0x10000, i * 0x10000 + 0xfff);
	assert_int_equal(iomem_parse(t, n, &m), IOMEM_TOO_MANY);
	free(t);
}

/* the seed files: this host's own /proc/iomem (x86_64, read as root) and the arm64 sample */
static void test_seed_files(void **state)
{
	static const char *const files[] = { "tests/fuzz/seeds/fuzz_iomem/x86-host",
					     "tests/fuzz/seeds/fuzz_iomem/arm64-virt-1g" };
	char buf[16384];
	size_t i, n;

	for (i = 0; i < 2; i++) {
		FILE *f = fopen(files[i], "r");

		assert_non_null(f);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		assert_true(iomem_parse(buf, n, &m) >= 1);
		assert_int_equal(m.malformed, 0);
		assert_true(free_ranges() >= 1);
	}
	assert_int_equal(fr[1].start, 0x42370000); /* the arm64 sample: the range after the kernel's rodata */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt),
		cmocka_unit_test(test_nomap_and_crash),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_free_ranges),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_seed_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
