/* test_dmlist.c - the DM_LIST_DEVICES answer, trusted as little as possible. */
#include "unit.h"

#include <string.h>

#include "dmlist.h"

#define HDR 12

static unsigned char buf[4096];

static uint64_t encode_dev(unsigned major, unsigned minor)
{
	/* the kernel's huge_encode_dev() */
	return (minor & 0xff) | ((uint64_t)major << 8) | ((uint64_t)(minor & ~0xffu) << 12);
}

/* Writes a record at off; returns the offset just past its name, rounded up to 8. */
static size_t rec(size_t off, uint64_t dev, uint32_t next, const char *name)
{
	size_t n = strlen(name) + 1;

	memcpy(buf + off, &dev, 8);
	memcpy(buf + off + 8, &next, 4);
	memcpy(buf + off + HDR, name, n);
	return (off + HDR + n + 7) & ~(size_t)7;
}

static void set_next(size_t off, uint32_t next)
{
	memcpy(buf + off + 8, &next, 4);
}

static void test_empty(void **state)
{
	struct dm_dev d[4];

	memset(buf, 0, sizeof(buf));
	/* the kernel's empty list: one record with dev 0 */
	assert_int_equal(dmlist_parse(buf, 312 + 16, 312, d, 4), 0);
	/* nothing at all after data_start */
	assert_int_equal(dmlist_parse(buf, 312, 312, d, 4), 0);
	assert_int_equal(dmlist_parse(buf, 0, 0, d, 4), 0);
	/* some bytes, but less than a record header */
	assert_int_equal(dmlist_parse(buf, 312 + 4, 312, d, 4), -1);
	/* data_start past the end */
	assert_int_equal(dmlist_parse(buf, 312, 400, d, 4), -1);
	assert_int_equal(dmlist_parse(buf, 312, (size_t)-1, d, 4), -1);
}

static void test_one(void **state)
{
	struct dm_dev d[4];
	size_t end;

	memset(buf, 0, sizeof(buf));
	end = rec(16, encode_dev(253, 0), 0, "cryptroot");
	assert_int_equal(dmlist_parse(buf, end, 16, d, 4), 1);
	assert_int_equal(d[0].major, 253);
	assert_int_equal(d[0].minor, 0);
	assert_string_equal(d[0].name, "cryptroot");
	/* exactly long enough for the name and its NUL */
	assert_int_equal(dmlist_parse(buf, 16 + HDR + 10, 16, d, 4), 1);
	/* one byte short: the name has no NUL */
	assert_int_equal(dmlist_parse(buf, 16 + HDR + 9, 16, d, 4), -1);
}

static void test_three(void **state)
{
	struct dm_dev d[4];
	size_t o1 = 0, o2, o3, end;

	memset(buf, 0, sizeof(buf));
	o2 = rec(o1, encode_dev(253, 0), 0, "vg-root");
	o3 = rec(o2, encode_dev(253, 1), 0, "vg-swap");
	end = rec(o3, encode_dev(253, 300), 0, "luks-0123456789abcdef");
	set_next(o1, (uint32_t)(o2 - o1));
	set_next(o2, (uint32_t)(o3 - o2));
	assert_int_equal(dmlist_parse(buf, end, 0, d, 4), 3);
	assert_string_equal(d[0].name, "vg-root");
	assert_string_equal(d[1].name, "vg-swap");
	assert_int_equal(d[1].minor, 1);
	assert_string_equal(d[2].name, "luks-0123456789abcdef");
	assert_int_equal(d[2].major, 253);
	assert_int_equal(d[2].minor, 300);
	/* fewer slots than records: the count is still all of them */
	memset(d, 0, sizeof(d));
	assert_int_equal(dmlist_parse(buf, end, 0, d, 2), 3);
	assert_string_equal(d[1].name, "vg-swap");
	assert_string_equal(d[2].name, "");
	assert_int_equal(dmlist_parse(buf, end, 0, NULL, 0), 3);
}

static void test_big_numbers(void **state)
{
	struct dm_dev d[1];
	size_t end;

	memset(buf, 0, sizeof(buf));
	end = rec(0, encode_dev(4095, 1048575), 0, "x");
	assert_int_equal(dmlist_parse(buf, end, 0, d, 1), 1);
	assert_int_equal(d[0].major, 4095);
	assert_int_equal(d[0].minor, 1048575);
	/* dev 0 as a later record is a device, not the end */
	rec(0, encode_dev(1, 1), 16, "a");
	end = rec(16, 0, 0, "b");
	assert_int_equal(dmlist_parse(buf, end, 0, d, 1), 2);
}

static void test_bad_next(void **state)
{
	struct dm_dev d[4];
	size_t o2, end;

	memset(buf, 0, sizeof(buf));
	o2 = rec(0, encode_dev(253, 0), 0, "first");
	end = rec(o2, encode_dev(253, 1), 0, "second");
	/* past the end */
	set_next(0, (uint32_t)(end + 8));
	assert_int_equal(dmlist_parse(buf, end, 0, d, 4), -1);
	set_next(0, 0xffffffffu);
	assert_int_equal(dmlist_parse(buf, end, 0, d, 4), -1);
	/* right at the end: no room for a header */
	set_next(0, (uint32_t)end);
	assert_int_equal(dmlist_parse(buf, end, 0, d, 4), -1);
	/* too small: into its own header or name */
	set_next(0, 4);
	assert_int_equal(dmlist_parse(buf, end, 0, d, 4), -1);
	set_next(0, HDR + 5); /* "first" without its NUL */
	assert_int_equal(dmlist_parse(buf, end, 0, d, 4), -1);
	/* just past the NUL is allowed, if a record is there */
	set_next(0, HDR + 6);
	memmove(buf + HDR + 6, buf + o2, end - o2);
	assert_int_equal(dmlist_parse(buf, HDR + 6 + (end - o2), 0, d, 4), 2);
	assert_string_equal(d[1].name, "second");
}

static void test_loop(void **state)
{
	struct dm_dev d[4];
	size_t o2, end;

	/* a record cannot point back: next is unsigned and must clear its name */
	memset(buf, 0, sizeof(buf));
	o2 = rec(0, encode_dev(253, 0), 0, "a");
	end = rec(o2, encode_dev(253, 1), 0, "b");
	set_next(0, (uint32_t)o2);
	set_next(o2, (uint32_t)-(int32_t)o2); /* "back to 0", as a wrapped offset */
	assert_int_equal(dmlist_parse(buf, end, 0, d, 4), -1);
}

static void test_many_records(void **state)
{
	static unsigned char big[200000 * 16];
	struct dm_dev d[1];
	size_t i, n = sizeof(big) / 16;
	uint32_t next = 16;
	uint64_t dev = encode_dev(253, 7);

	for (i = 0; i < n; i++) {
		memcpy(big + i * 16, &dev, 8);
		memcpy(big + i * 16 + 8, &next, 4);
		memcpy(big + i * 16 + 12, "n\0\0", 4);
	}
	/* more than the sanity cap on the number of records */
	assert_int_equal(dmlist_parse(big, sizeof(big), 0, d, 1), -1);
	/* end the chain after 1000 */
	next = 0;
	memcpy(big + 999 * 16 + 8, &next, 4);
	assert_int_equal(dmlist_parse(big, sizeof(big), 0, d, 1), 1000);
}

static void test_unterminated_and_long_names(void **state)
{
	struct dm_dev d[1];
	uint64_t dev = encode_dev(253, 0);

	memset(buf, 'x', sizeof(buf));
	memset(buf, 0, HDR);
	memcpy(buf, &dev, 8);
	/* no NUL anywhere in the buffer */
	assert_int_equal(dmlist_parse(buf, 64, 0, d, 1), -1);
	/* a name of DM_NAME_MAX - 1 characters fits */
	buf[HDR + DM_NAME_MAX - 1] = '\0';
	assert_int_equal(dmlist_parse(buf, HDR + DM_NAME_MAX, 0, d, 1), 1);
	assert_int_equal(strlen(d[0].name), DM_NAME_MAX - 1);
	/* one more does not */
	buf[HDR + DM_NAME_MAX - 1] = 'x';
	buf[HDR + DM_NAME_MAX] = '\0';
	assert_int_equal(dmlist_parse(buf, HDR + DM_NAME_MAX + 1, 0, d, 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_one),
		cmocka_unit_test(test_three),
		cmocka_unit_test(test_big_numbers),
		cmocka_unit_test(test_bad_next),
		cmocka_unit_test(test_loop),
		cmocka_unit_test(test_many_records),
		cmocka_unit_test(test_unterminated_and_long_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
