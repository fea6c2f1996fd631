/* test_a64plan.c - arm64 Image headers, kexec_load segment layout, the purgatory. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "a64plan.h"

#define MIB ((uint64_t)1 << 20)

static unsigned char h[A64_HEADER_BYTES];

static void header(uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
	int i;

	memset(h, 0, sizeof(h));
	for (i = 0; i < 8; i++) {
		h[8 + i] = (unsigned char)(text_offset >> (8 * i));
		h[16 + i] = (unsigned char)(image_size >> (8 * i));
		h[24 + i] = (unsigned char)(flags >> (8 * i));
	}
	memcpy(h + 56, "ARM\x64", 4);
}

static void test_image(void **state)
{
	struct a64_image img;

	header(0, 0x2700000, 0xa);
	assert_int_equal(a64_image_parse(h, sizeof(h), &img), 0);
	assert_int_equal(img.text_offset, 0);
	assert_int_equal(img.image_size, 0x2700000);
	assert_int_equal(img.flags, 0xa);
	assert_int_equal(a64_image_parse(h, 63, &img), A64_NOT_IMAGE);
	header(0x80000, 0x1000000, 1);
	assert_int_equal(a64_image_parse(h, sizeof(h), &img), A64_BIG_ENDIAN);
	header(0x80000, 0, 0);
	assert_int_equal(a64_image_parse(h, sizeof(h), &img), A64_NO_SIZE);
	h[59] = 0x65;
	assert_int_equal(a64_image_parse(h, sizeof(h), &img), A64_NOT_IMAGE);
	assert_non_null(strstr(a64_strerror(A64_NO_SIZE), "3.17"));
	assert_non_null(strstr(a64_strerror(A64_DTB_BIG), "2 MiB"));
	assert_non_null(strstr(a64_strerror(A64_NO_ROOM), "RAM"));
	assert_non_null(a64_strerror(A64_BAD_INPUT));
	assert_non_null(a64_strerror(A64_BIG_ENDIAN));
	assert_non_null(a64_strerror(A64_NOT_IMAGE));
	assert_non_null(a64_strerror(0));
}

/* the free ranges of the QEMU virt 1 GiB sample (tests/unit/test_iomem.c) */
static const struct iomem_range virt[] = {
	{ 0x40000000, 0x41f8ffff }, { 0x42370000, 0x47ffffff }, { 0x49a10000, 0x79ffffff }, { 0x7c000000, 0x7e43afff },
};
static const struct a64_image k612 = { 0, 0x2700000, 0xa }; /* 39 MiB from the load address */

static void check_invariants(const struct a64_plan *p, const struct a64_sizes *s, const struct iomem_range *r)
{
	const struct a64_seg *v[4] = { &p->kernel, &p->initrd, &p->dtb, &p->purgatory };
	uint64_t end = 0;
	int i;

	for (i = 0; i < 4; i++) {
		if (!v[i]->memsz)
			continue;
		assert_int_equal(v[i]->mem % s->page, 0);
		assert_int_equal(v[i]->memsz % s->page, 0);
		assert_true(v[i]->bufsz <= v[i]->memsz);
		assert_true(v[i]->mem >= end);        /* ascending, no overlap */
		end = v[i]->mem + v[i]->memsz;
	}
	assert_true(p->kernel.mem >= r->start && end - 1 <= r->end);
	assert_int_equal((p->entry - p->kernel.mem), 0);
	assert_int_equal(p->dtb.mem >> 21, (p->dtb.mem + s->dtb - 1) >> 21);
	assert_int_equal(p->dtb.mem % 8, 0);
}

static void test_virt(void **state)
{
	struct a64_sizes s = { 0x2400000, 26 * MIB, 7667, A64_PURGATORY_BYTES, 4096 };
	struct a64_plan p;

	/* 31.5 MiB below the running kernel's rodata: too small; the next range from 0x42400000 */
	assert_int_equal(a64_plan(virt, 4, &k612, &s, &p), 0);
	assert_int_equal(p.entry, 0x42400000);
	assert_int_equal(p.kernel.mem, 0x42400000);
	assert_int_equal(p.kernel.memsz, 0x2700000);
	assert_int_equal(p.kernel.bufsz, 0x2400000);
	assert_int_equal(p.initrd.mem, 0x44b00000);
	assert_int_equal(p.initrd.memsz, 26 * MIB);
	assert_int_equal(p.dtb.mem, 0x46500000);
	assert_int_equal(p.dtb.memsz, 0x2000);
	assert_int_equal(p.purgatory.mem, 0x46502000);
	assert_int_equal(p.purgatory.memsz, 0x1000);
	check_invariants(&p, &s, &virt[1]);
	/* a small kernel without initrd fits the lowest range */
	s.initrd = 0;
	s.kernel_file = 20 * MIB;
	{
		struct a64_image small = { 0, 24 * MIB, 0xa };

		assert_int_equal(a64_plan(virt, 4, &small, &s, &p), 0);
		assert_int_equal(p.kernel.mem, 0x40000000);
		assert_int_equal(p.initrd.memsz, 0);
		assert_int_equal(p.initrd.mem, 0);
		assert_int_equal(p.dtb.mem, 0x40000000 + 24 * MIB);
		check_invariants(&p, &s, &virt[0]);
	}
	/* a 200 MiB initrd only fits the third range */
	s.initrd = 200 * MIB;
	assert_int_equal(a64_plan(virt, 4, &k612, &s, &p), 0);
	assert_int_equal(p.kernel.mem, 0x49c00000);
	check_invariants(&p, &s, &virt[2]);
}

static void test_no_room(void **state)
{
	struct a64_sizes s = { 0x2400000, 800 * MIB, 7667, A64_PURGATORY_BYTES, 4096 };
	struct a64_plan p;

	assert_int_equal(a64_plan(virt, 4, &k612, &s, &p), A64_NO_ROOM);
	assert_int_equal(p.need, 0x2700000 + 800 * MIB + 0x2000 + 0x1000);
	assert_int_equal(a64_plan(virt, 0, &k612, &s, &p), A64_NO_ROOM);
	/* exactly enough from a 2 MiB base, then one byte less */
	{
		struct iomem_range r = { 0x40000000, 0 };
		struct a64_sizes t = { 0x100000, 0, 4096, 40, 4096 };
		struct a64_image img = { 0, 0x100000, 8 };

		r.end = r.start + 0x100000 + 0x1000 + 0x1000 - 1;
		assert_int_equal(a64_plan(&r, 1, &img, &t, &p), 0);
		r.end--;
		assert_int_equal(a64_plan(&r, 1, &img, &t, &p), A64_NO_ROOM);
		/* a range that starts past its own 2 MiB boundary loses the difference */
		r.start = 0x40001000;
		r.end = 0x40200000 + 0x102000 - 1;
		assert_int_equal(a64_plan(&r, 1, &img, &t, &p), 0);
		assert_int_equal(p.kernel.mem, 0x40200000);
		r.end = 0x401fffff;
		assert_int_equal(a64_plan(&r, 1, &img, &t, &p), A64_NO_ROOM);
		/* ranges at the top of the address space do not wrap around */
		r.start = UINT64_MAX - 0x1000;
		r.end = UINT64_MAX;
		assert_int_equal(a64_plan(&r, 1, &img, &t, &p), A64_NO_ROOM);
		r.start = UINT64_MAX - 0x2fffff; /* rounds up to the last 2 MiB: it fits there */
		assert_int_equal(a64_plan(&r, 1, &img, &t, &p), 0);
		assert_int_equal(p.kernel.mem, UINT64_MAX - 0x1fffff);
		assert_true(p.purgatory.mem + p.purgatory.memsz - 1 > p.purgatory.mem);
	}
}

static void test_dtb_rules(void **state)
{
	struct iomem_range r = { 0x80000000, 0xffffffff };
	struct a64_image img = { 0, 0x200000 - 0x3000, 8 };
	struct a64_sizes s = { 0x1000, 0, 0x3000, 40, 4096 };
	struct a64_plan p;

	/* it would start 0x3000 below a 2 MiB boundary and cross it: moved up */
	s.dtb = 0x3001;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), 0);
	assert_int_equal(p.dtb.mem, 0x80200000);
	check_invariants(&p, &s, &r);
	/* 0x3000 bytes end right at the boundary: stays */
	s.dtb = 0x3000;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), 0);
	assert_int_equal(p.dtb.mem, 0x801fd000);
	s.dtb = 2 * MIB;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), 0);
	assert_int_equal(p.dtb.mem % (2 * MIB), 0);
	s.dtb = 2 * MIB + 1;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), A64_DTB_BIG);
}

static void test_pages_and_offsets(void **state)
{
	struct iomem_range r = { 0x40000000, 0x7fffffff };
	struct a64_image img = { 0x80000, 0x1234567, 0 }; /* an old kernel: text_offset 512 KiB */
	struct a64_sizes s = { 0x1100000, 0x123457, 0x1235, 40, 65536 };
	struct a64_plan p;

	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), 0);
	assert_int_equal(p.entry, 0x40080000);
	assert_int_equal(p.kernel.mem, 0x40080000);
	check_invariants(&p, &s, &r);
	/* an Image file longer than image_size says: all of it is loaded */
	s.kernel_file = 0x1300001;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), 0);
	assert_int_equal(p.kernel.memsz, 0x1310000);
	/* bad inputs */
	s.page = 3000;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), A64_BAD_INPUT);
	s.page = 2048;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), A64_BAD_INPUT);
	s.page = 4096;
	img.text_offset = 0x81000; /* a page multiple at 4 KiB, not at 64 KiB */
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), 0);
	s.page = 65536;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), A64_BAD_INPUT);
	s.page = 4096;
	s.kernel_file = 0;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), A64_BAD_INPUT);
	s.kernel_file = (uint64_t)1 << 41;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), A64_BAD_INPUT);
	s.kernel_file = 0x1000;
	s.initrd = UINT64_MAX;
	assert_int_equal(a64_plan(&r, 1, &img, &s, &p), A64_BAD_INPUT);
}

/* random sizes and ranges: whatever is planned keeps the rules */
static void test_random(void **state)
{
	struct iomem_range r[3];
	struct a64_plan p;
	int i, k, ok = 0;

	srand(11);
	for (i = 0; i < 20000; i++) {
		struct a64_image img = { (uint64_t)(rand() % 3) * 0x80000, 1 + (uint64_t)rand() % (64 * MIB), 8 };
		struct a64_sizes s = { 1 + (uint64_t)rand() % (48 * MIB), (uint64_t)rand() % (64 * MIB),
				       1 + (uint64_t)rand() % (2 * MIB), 40, (uint64_t)4096 << (rand() % 5) };
		uint64_t at = 0x40000000 + (uint64_t)(rand() % 4096) * 4096;

		if (img.text_offset % s.page)
			img.text_offset = 0;
		for (k = 0; k < 3; k++) {
			r[k].start = at;
			r[k].end = at + (uint64_t)(rand() % 256) * MIB + (uint64_t)(rand() % 4096) * 4096;
			at = r[k].end + 1 + (uint64_t)(rand() % 64) * 4096;
		}
		if (a64_plan(r, 3, &img, &s, &p) != 0)
			continue;
		ok++;
		for (k = 0; k < 3; k++)
			if (p.kernel.mem >= r[k].start && p.kernel.mem <= r[k].end)
				check_invariants(&p, &s, &r[k]);
	}
	assert_true(ok > 1000);
}

static void test_purgatory(void **state)
{
	/* as GNU as assembles "ldr x0, 1f; ldr x4, 2f; mov x1, xzr; mov x2, xzr;
	 * mov x3, xzr; br x4; 1: .quad DTB; 2: .quad ENTRY" */
	static const unsigned char want[A64_PURGATORY_BYTES] = {
		0xc0, 0x00, 0x00, 0x58, 0xe4, 0x00, 0x00, 0x58, 0xe1, 0x03, 0x1f, 0xaa, 0xe2, 0x03, 0x1f, 0xaa,
		0xe3, 0x03, 0x1f, 0xaa, 0x80, 0x00, 0x1f, 0xd6, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
		0x00, 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99,
	};
	unsigned char out[A64_PURGATORY_BYTES];

	a64_purgatory(out, 0x1122334455667788ULL, 0x99aabbccddeeff00ULL);
	assert_memory_equal(out, want, sizeof(want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image),
		cmocka_unit_test(test_virt),
		cmocka_unit_test(test_no_room),
		cmocka_unit_test(test_dtb_rules),
		cmocka_unit_test(test_pages_and_offsets),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_purgatory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
