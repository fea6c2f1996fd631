/* a64plan.c - segment layout and purgatory for kexec_load(2) on arm64. */
#include "a64plan.h"

#include <string.h>

#define MIB2 ((uint64_t)2 << 20)
#define SIZE_LIMIT ((uint64_t)1 << 40) /* any size beyond this is not a kernel's */

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = (unsigned char)v;
}

int a64_image_parse(const unsigned char *h, size_t len, struct a64_image *img)
{
	memset(img, 0, sizeof(*img));
	if (len < A64_HEADER_BYTES || memcmp(h + 56, "ARM\x64", 4) != 0)
		return A64_NOT_IMAGE;
	img->text_offset = le64(h + 8);
	img->image_size = le64(h + 16);
	img->flags = le64(h + 24);
	if (img->flags & A64_FLAG_BE)
		return A64_BIG_ENDIAN;
	return img->image_size ? 0 : A64_NO_SIZE;
}

const char *a64_strerror(int err)
{
	switch (err) {
	case A64_NOT_IMAGE:
		return "not an arm64 Image (no ARM\\x64 magic in its header)";
	case A64_BIG_ENDIAN:
		return "a big-endian arm64 kernel: unsupported";
	case A64_NO_SIZE:
		return "its header has no image_size (a kernel older than 3.17): unsupported";
	case A64_NO_ROOM:
		return "no free System RAM range holds the kernel, initrd, DTB and purgatory together";
	case A64_DTB_BIG:
		return "the device tree is larger than 2 MiB, the boot protocol's limit";
	case A64_BAD_INPUT:
		return "sizes or alignment out of range (page size, text_offset, or a size over 1 TiB)";
	default:
		return "unknown error";
	}
}

static uint64_t up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static void seg(struct a64_seg *g, uint64_t *at, uint64_t bufsz, uint64_t page)
{
	g->mem = *at;
	g->bufsz = bufsz;
	g->memsz = up(bufsz, page);
	*at += g->memsz;
}

static int check(const struct a64_image *img, const struct a64_sizes *s)
{
	uint64_t pg = s->page;

	if (pg < 4096 || pg > MIB2 || (pg & (pg - 1)) || img->text_offset % pg)
		return A64_BAD_INPUT;
	if (s->dtb > MIB2)
		return A64_DTB_BIG;
	if (!s->kernel_file || !s->dtb || !s->purgatory || s->kernel_file >= SIZE_LIMIT ||
	    img->image_size >= SIZE_LIMIT || img->text_offset >= SIZE_LIMIT || s->initrd >= SIZE_LIMIT ||
	    s->purgatory >= SIZE_LIMIT)
		return A64_BAD_INPUT;
	return 0;
}

/* The layout from a 2 MiB-aligned base 0 (the DTB's 2 MiB rule depends only on
 * offsets from such a base, so any base gives the same shape). */
static void layout(const struct a64_image *img, const struct a64_sizes *s, struct a64_plan *p)
{
	uint64_t at = img->text_offset, k = img->image_size > s->kernel_file ? img->image_size : s->kernel_file;

	memset(p, 0, sizeof(*p));
	p->entry = at;
	seg(&p->kernel, &at, k, s->page);
	p->kernel.bufsz = s->kernel_file;
	if (s->initrd)
		seg(&p->initrd, &at, s->initrd, s->page);
	if (at >> 21 != (at + s->dtb - 1) >> 21)
		at = up(at, MIB2);
	seg(&p->dtb, &at, s->dtb, s->page);
	seg(&p->purgatory, &at, s->purgatory, s->page);
	p->need = at;
}

static void shift(struct a64_plan *p, uint64_t base)
{
	p->entry += base;
	p->kernel.mem += base;
	p->initrd.mem += p->initrd.memsz ? base : 0;
	p->dtb.mem += base;
	p->purgatory.mem += base;
}

int a64_plan(const struct iomem_range *free, int n, const struct a64_image *img, const struct a64_sizes *s,
	     struct a64_plan *p)
{
	int i, r = check(img, s);

	memset(p, 0, sizeof(*p));
	if (r < 0)
		return r;
	layout(img, s, p);
	for (i = 0; i < n; i++) {
		uint64_t base = up(free[i].start, MIB2);

		if (free[i].start > UINT64_MAX - MIB2 || base > free[i].end || p->need - 1 > free[i].end - base)
			continue;
		shift(p, base);
		return 0;
	}
	return A64_NO_ROOM;
}

void a64_purgatory(unsigned char out[A64_PURGATORY_BYTES], uint64_t dtb, uint64_t entry)
{
	static const uint32_t code[6] = {
		0x58000000 | 6 << 5 | 0, /* ldr x0, .+24 (the DTB's address, at byte 24) */
		0x58000000 | 7 << 5 | 4, /* ldr x4, .+28 (the entry, at byte 32) */
		0xaa1f03e0 | 1,          /* mov x1, xzr */
		0xaa1f03e0 | 2,          /* mov x2, xzr */
		0xaa1f03e0 | 3,          /* mov x3, xzr */
		0xd61f0000 | 4 << 5,     /* br x4 */
	};
	int i;

	for (i = 0; i < 6; i++)
		put_le(out + 4 * i, code[i], 4);
	put_le(out + 24, dtb, 8);
	put_le(out + 32, entry, 8);
}
