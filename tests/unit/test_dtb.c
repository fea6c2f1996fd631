/* test_dtb.c - device tree blobs: checks, and /chosen rewritten for the next kernel. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtb.h"

#define SEEDS "tests/fuzz/seeds/fuzz_dtb/"

static unsigned char *load(const char *name, size_t *len)
{
	static unsigned char buf[65536];
	FILE *f = fopen(name, "rb");

	assert_non_null(f);
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static void set32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The value of /chosen's property name in b (asserts it is there). */
static const unsigned char *prop(const unsigned char *b, size_t len, const char *name, uint32_t *plen)
{
	const unsigned char *v = NULL;

	assert_int_equal(dtb_chosen_prop(b, len, name, &v, plen), 0);
	return v;
}

static void absent(const unsigned char *b, size_t len, const char *name)
{
	const unsigned char *v;
	uint32_t n;

	assert_int_equal(dtb_chosen_prop(b, len, name, &v, &n), 1);
}

/* The NOP tokens of a checked blob's structure block. */
static int nops(const unsigned char *b)
{
	size_t off = be32(b + 8), end = off + be32(b + 36);
	int n = 0;

	while (off < end) {
		uint32_t t = be32(b + off);

		off += 4;
		if (t == 1)
			off += (strlen((const char *)b + off) + 4) & ~(size_t)3;
		else if (t == 3)
			off += 8 + ((be32(b + off) + 3) & ~(uint32_t)3);
		else if (t == 9)
			break;
		n += t == 4;
	}
	return n;
}

static const unsigned char seed[72] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

static unsigned char *edit(const unsigned char *in, size_t len, const struct dtb_chosen *c, size_t *out_len)
{
	unsigned char *out = NULL;

	assert_int_equal(dtb_edit_chosen(in, len, c, &out, out_len), 0);
	assert_non_null(out);
	assert_int_equal(dtb_check(out, *out_len), 0);
	assert_int_equal(be32(out + 4), *out_len);
	assert_int_equal(be32(out + 20), 17);
	return out;
}

/* What the next kernel finds after a boot with QEMU's -kernel -initrd -append,
 * the kaslr-seed wiped and the rng-seed NOPed by the running kernel. */
static void test_booted(void **state)
{
	struct dtb_chosen c = { "console=ttyAMA0 root=/dev/vda ro quiet", 1, 0x44b00000, 0x46400123, seed, sizeof(seed) };
	size_t len, n;
	const unsigned char *in = load(SEEDS "sysfs-fdt-after-boot", &len), *v;
	unsigned char *out;
	uint32_t plen;

	assert_int_equal(dtb_check(in, len), 0);
	out = edit(in, len, &c, &n);
	v = prop(out, n, "bootargs", &plen);
	assert_int_equal(plen, strlen(c.bootargs) + 1);
	assert_string_equal((const char *)v, c.bootargs);
	v = prop(out, n, "linux,initrd-start", &plen);
	assert_int_equal(plen, 8); /* QEMU wrote 4-byte cells; now u64 */
	assert_int_equal(be64(v), 0x44b00000);
	v = prop(out, n, "linux,initrd-end", &plen);
	assert_int_equal(be64(v), 0x46400123);
	v = prop(out, n, "kaslr-seed", &plen);
	assert_int_equal(plen, 8);
	assert_memory_equal(v, seed, 8);
	v = prop(out, n, "rng-seed", &plen);
	assert_int_equal(plen, 64);
	assert_memory_equal(v, seed + 8, 64);
	v = prop(out, n, "stdout-path", &plen);
	assert_string_equal((const char *)v, "/pl011@9000000");
	/* no NOP token is left (they were the old rng-seed's 44 bytes) */
	assert_int_equal(nops(in), 11);
	assert_int_equal(nops(out), 0);
	free(out);
}

static void test_no_initrd_no_seed(void **state)
{
	struct dtb_chosen c = { "", 0, 0, 0, NULL, 0 };
	size_t len, n;
	const unsigned char *in = load(SEEDS "sysfs-fdt-after-boot", &len), *v;
	unsigned char *out = edit(in, len, &c, &n);
	uint32_t plen;

	absent(out, n, "linux,initrd-start");
	absent(out, n, "linux,initrd-end");
	absent(out, n, "rng-seed");
	v = prop(out, n, "kaslr-seed", &plen); /* kept as the running kernel left it */
	assert_int_equal(be64(v), 0);
	v = prop(out, n, "bootargs", &plen);
	assert_int_equal(plen, 1);
	/* a seed shorter than 8 bytes is no seed */
	c.seed = seed;
	c.seed_len = 7;
	free(out);
	out = edit(in, len, &c, &n);
	absent(out, n, "rng-seed");
	/* exactly 8: a kaslr-seed, no rng-seed */
	c.seed_len = 8;
	free(out);
	out = edit(in, len, &c, &n);
	absent(out, n, "rng-seed");
	v = prop(out, n, "kaslr-seed", &plen);
	assert_memory_equal(v, seed, 8);
	free(out);
}

/* QEMU's blob as -machine dumpdtb writes it: 1 MiB, mostly free space */
static void test_padded_and_twice(void **state)
{
	struct dtb_chosen c = { "root=/dev/vda", 1, 0x1000, 0x2000, seed, sizeof(seed) };
	size_t len, n, n2;
	const unsigned char *in = load(SEEDS "qemu-virt-1g", &len);
	unsigned char *big = calloc(1, 1 << 20), *out, *out2;

	assert_non_null(big);
	memcpy(big, in, len);
	set32(big + 4, 1 << 20);
	assert_int_equal(dtb_check(big, 1 << 20), 0);
	out = edit(big, 1 << 20, &c, &n);
	assert_true(n < 8192);
	/* editing the result again changes nothing */
	out2 = edit(out, n, &c, &n2);
	assert_int_equal(n, n2);
	assert_memory_equal(out, out2, n);
	free(out);
	free(out2);
	free(big);
}

/* --- hand-made blobs ------------------------------------------------------- */

struct blob {
	unsigned char b[4096];
	size_t st, n;                 /* structure block: start, end */
	char strings[256];
	size_t ns;
};

static void word(struct blob *x, uint32_t v)
{
	set32(x->b + x->n, v);
	x->n += 4;
}

static void node(struct blob *x, const char *name)
{
	size_t l = strlen(name) + 1;

	word(x, 1);
	memcpy(x->b + x->n, name, l);
	x->n += (l + 3) & ~(size_t)3;
}

static void property(struct blob *x, const char *name, const void *v, uint32_t len)
{
	size_t l = strlen(name) + 1;

	word(x, 3);
	word(x, len);
	word(x, (uint32_t)x->ns);
	memcpy(x->strings + x->ns, name, l);
	x->ns += l;
	memcpy(x->b + x->n, v, len);
	x->n += (len + 3) & ~(size_t)3;
}

static void start(struct blob *x)
{
	memset(x, 0, sizeof(*x));
	x->st = x->n = 40 + 16;        /* header, an empty reservation map */
}

/* Finishes x: FDT_END, the strings, the header; its length. */
static size_t finish(struct blob *x)
{
	size_t str;

	word(x, 9);
	str = x->n;
	memcpy(x->b + str, x->strings, x->ns);
	set32(x->b, DTB_MAGIC);
	set32(x->b + 4, (uint32_t)(str + x->ns));
	set32(x->b + 8, (uint32_t)x->st);
	set32(x->b + 12, (uint32_t)str);
	set32(x->b + 16, 40);
	set32(x->b + 20, 17);
	set32(x->b + 24, 16);
	set32(x->b + 32, (uint32_t)x->ns);
	set32(x->b + 36, (uint32_t)(str - x->st));
	return str + x->ns;
}

static struct blob x;

static void test_no_chosen(void **state)
{
	struct dtb_chosen c = { "console=hvc0", 1, 0x48000000, 0x49000000, NULL, 0 };
	size_t len, n;
	unsigned char *out;
	const unsigned char *v;
	uint32_t plen;

	start(&x);
	node(&x, "");
	property(&x, "#address-cells", "\0\0\0\2", 4);
	node(&x, "memory@40000000");
	property(&x, "device_type", "memory", 7);
	word(&x, 2);
	word(&x, 2);
	len = finish(&x);
	assert_int_equal(dtb_check(x.b, len), 0);
	absent(x.b, len, "bootargs");
	out = edit(x.b, len, &c, &n);
	v = prop(out, n, "bootargs", &plen);
	assert_string_equal((const char *)v, "console=hvc0");
	v = prop(out, n, "linux,initrd-end", &plen);
	assert_int_equal(be64(v), 0x49000000);
	free(out);
}

/* a crash kernel's properties go; ours come before /chosen's subnodes */
static void test_crash_props_and_subnode(void **state)
{
	struct dtb_chosen c = { "x", 0, 0, 0, seed, 16 };
	size_t len, n;
	unsigned char *out;
	const unsigned char *v;
	uint32_t plen;

	start(&x);
	node(&x, "");
	node(&x, "chosen");
	property(&x, "linux,elfcorehdr", "\0\0\0\0\x40\0\0\0\0\0\0\0\0\0\x10\0", 16);
	property(&x, "linux,usable-memory-range", "\0\0\0\0\x40\0\0\0\0\0\0\0\0\0\x10\0", 16);
	property(&x, "bootargs", "old", 4);
	property(&x, "linux,uefi-system-table", "\0\0\0\0\x7f\0\0\0", 8);
	node(&x, "framebuffer@0");
	property(&x, "bootargs", "child", 6);
	word(&x, 2);
	word(&x, 2);
	node(&x, "chosen-other");
	word(&x, 2);
	word(&x, 2);
	len = finish(&x);
	out = edit(x.b, len, &c, &n);
	absent(out, n, "linux,elfcorehdr");
	absent(out, n, "linux,usable-memory-range");
	v = prop(out, n, "bootargs", &plen);
	assert_string_equal((const char *)v, "x");
	v = prop(out, n, "linux,uefi-system-table", &plen);
	assert_int_equal(plen, 8);
	v = prop(out, n, "rng-seed", &plen);
	assert_int_equal(plen, 8);
	/* the child's own property is untouched */
	assert_non_null(memmem(out, n, "child", 6));
	assert_null(memmem(out, n, "old", 4));
	free(out);
}

static void test_version16_and_nop(void **state)
{
	struct dtb_chosen c = { "a", 0, 0, 0, NULL, 0 };
	size_t len, n;
	unsigned char *out;

	start(&x);
	word(&x, 4); /* NOPs before the root and inside it */
	node(&x, "");
	word(&x, 4);
	node(&x, "chosen");
	word(&x, 2);
	word(&x, 2);
	word(&x, 4);
	len = finish(&x);
	set32(x.b + 20, 16); /* version 16: no size_dt_struct */
	set32(x.b + 36, 0xffffffff);
	assert_int_equal(dtb_check(x.b, len), 0);
	out = edit(x.b, len, &c, &n);
	assert_null(memmem(out + 56, n - 56, "\0\0\0\4", 4));
	free(out);
}

static void expect(int err, const unsigned char *b, size_t len)
{
	struct dtb_chosen c = { "a", 1, 1, 2, seed, sizeof(seed) };
	unsigned char *out = (unsigned char *)&c;
	size_t n = 99;

	assert_int_equal(dtb_check(b, len), err);
	assert_int_equal(dtb_edit_chosen(b, len, &c, &out, &n), err);
	assert_null(out);
	assert_int_equal(n, 0);
}

static void test_bad_headers(void **state)
{
	size_t len, i;
	const unsigned char *in = load(SEEDS "qemu-virt-1g", &len);
	static unsigned char b[8192];

	assert_true(len <= sizeof(b));
#define FRESH() memcpy(b, in, len)
	expect(DTB_SHORT, in, 3);
	expect(DTB_SHORT, in, 30);
	expect(DTB_SHORT, in, len - 1); /* totalsize says more */
	FRESH(); b[0] = 0xd0 ^ 1; expect(DTB_BAD_MAGIC, b, len);
	FRESH(); set32(b + 20, 15); expect(DTB_BAD_VERSION, b, len);
	FRESH(); set32(b + 24, 18); expect(DTB_BAD_VERSION, b, len);
	FRESH(); set32(b + 8, (uint32_t)len + 4); expect(DTB_BAD_LAYOUT, b, len);
	FRESH(); set32(b + 8, be32(in + 8) + 2); expect(DTB_BAD_LAYOUT, b, len);  /* misaligned */
	FRESH(); set32(b + 36, be32(in + 36) + 0x1000); expect(DTB_BAD_LAYOUT, b, len);
	FRESH(); set32(b + 32, be32(in + 32) + 1); expect(DTB_BAD_LAYOUT, b, len);
	FRESH(); set32(b + 12, 0xfffffff0); expect(DTB_BAD_LAYOUT, b, len);
	FRESH(); set32(b + 16, 44); expect(DTB_BAD_LAYOUT, b, len);               /* misaligned map */
	FRESH(); set32(b + 16, 8); expect(DTB_BAD_LAYOUT, b, len);                /* inside the header */
	FRESH(); set32(b + 4, 36); expect(DTB_BAD_LAYOUT, b, len);                /* totalsize smaller than a header */
	/* a reservation map that never ends */
	FRESH(); set32(b + 16, be32(in + 8)); set32(b + 8, be32(in + 8)); expect(DTB_BAD_LAYOUT, b, len);
	/* every truncation of a real blob is an error, never a crash */
	for (i = 0; i < len; i++) {
		unsigned char *cut = malloc(i ? i : 1);

		memcpy(cut, in, i);
		assert_true(dtb_check(cut, i) < 0);
		free(cut);
	}
#undef FRESH
}

static void test_bad_structure(void **state)
{
	size_t len;

	/* a property outside any node */
	start(&x);
	property(&x, "a", "b", 2);
	len = finish(&x);
	expect(DTB_BAD_STRUCT, x.b, len);
	/* an unknown token */
	start(&x);
	node(&x, "");
	word(&x, 7);
	word(&x, 2);
	len = finish(&x);
	expect(DTB_BAD_STRUCT, x.b, len);
	/* an unclosed node, a second root, an extra END_NODE */
	start(&x);
	node(&x, "");
	len = finish(&x);
	expect(DTB_BAD_STRUCT, x.b, len);
	start(&x);
	node(&x, "");
	word(&x, 2);
	node(&x, "");
	word(&x, 2);
	len = finish(&x);
	expect(DTB_BAD_STRUCT, x.b, len);
	start(&x);
	node(&x, "");
	word(&x, 2);
	word(&x, 2);
	len = finish(&x);
	expect(DTB_BAD_STRUCT, x.b, len);
	/* no FDT_END: the block ends with the root's END_NODE */
	start(&x);
	node(&x, "");
	word(&x, 2);
	len = finish(&x);
	set32(x.b + 36, be32(x.b + 36) - 4);
	expect(DTB_BAD_STRUCT, x.b, len);
	/* a property longer than the block */
	start(&x);
	node(&x, "");
	property(&x, "a", "bcd", 4);
	word(&x, 2);
	len = finish(&x);
	set32(x.b + 56 + 8 + 4, 0x1000);
	expect(DTB_BAD_STRUCT, x.b, len);
	/* a name offset past the strings, and a name without its NUL */
	start(&x);
	node(&x, "");
	property(&x, "ab", "c", 2);
	word(&x, 2);
	len = finish(&x);
	set32(x.b + 56 + 8 + 8, 3);
	expect(DTB_BAD_STRING, x.b, len);
	set32(x.b + 56 + 8 + 8, 0);
	set32(x.b + 32, 2); /* "ab" without its NUL in the block */
	expect(DTB_BAD_STRING, x.b, len);
	/* a node name without its NUL */
	start(&x);
	word(&x, 1);
	memcpy(x.b + x.n, "abcd", 4);
	x.n += 4;
	len = finish(&x);
	set32(x.b + 36, 8);
	expect(DTB_BAD_STRUCT, x.b, len);
	assert_non_null(strstr(dtb_strerror(DTB_BAD_MAGIC), "0xd00dfeed"));
	assert_non_null(strstr(dtb_strerror(DTB_SHORT), "truncated"));
	assert_non_null(dtb_strerror(DTB_NO_MEMORY));
	assert_non_null(dtb_strerror(DTB_TOO_BIG));
	assert_non_null(dtb_strerror(1));
}

/* flipping bytes of a real blob never crashes; what edits fine checks fine */
static void test_flips(void **state)
{
	struct dtb_chosen c = { "root=/dev/vda", 1, 0x1000, 0x2000, seed, sizeof(seed) };
	size_t len, i;
	const unsigned char *in = load(SEEDS "qemu-virt-1g-kernel-initrd-append", &len);
	unsigned char *b = malloc(len), *out;
	size_t n;

	assert_non_null(b);
	srand(7);
	for (i = 0; i < 3000; i++) {
		int k;

		memcpy(b, in, len);
		for (k = 0; k < 1 + (int)(i % 4); k++)
			b[(size_t)rand() % len] ^= (unsigned char)(1 + rand() % 255);
		if (dtb_edit_chosen(b, len, &c, &out, &n) == 0) {
			assert_int_equal(dtb_check(out, n), 0);
			free(out);
		}
	}
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_booted),
		cmocka_unit_test(test_no_initrd_no_seed),
		cmocka_unit_test(test_padded_and_twice),
		cmocka_unit_test(test_no_chosen),
		cmocka_unit_test(test_crash_props_and_subnode),
		cmocka_unit_test(test_version16_and_nop),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_bad_structure),
		cmocka_unit_test(test_flips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
