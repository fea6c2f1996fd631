/* fuzz_iomem.c - /proc/iomem text: the RAM and busy ranges, the free ranges
 * between them, and a kexec_load layout planned in them. */
#include "fuzz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "a64plan.h"
#include "iomem.h"

static struct iomem_map m;
static struct iomem_range fr[IOMEM_MAX_RAM + IOMEM_MAX_BUSY];

/* A free range lies in one RAM range and meets no busy one. */
static void check_free(int n)
{
	int i, k, in;

	for (i = 0; i < n; i++) {
		if (fr[i].end < fr[i].start || (i && fr[i].start < fr[i - 1].start))
			abort();
		for (k = 0, in = 0; k < m.n_ram; k++)
			in |= fr[i].start >= m.ram[k].start && fr[i].end <= m.ram[k].end;
		if (!in)
			abort();
		for (k = 0; k < m.n_busy; k++)
			if (fr[i].start <= m.busy[k].end && m.busy[k].start <= fr[i].end)
				abort();
	}
}

/* The plan's segments lie, in order, in one free range. */
static void check_plan(int n, const struct a64_plan *p, const struct a64_sizes *s)
{
	uint64_t end = p->purgatory.mem + p->purgatory.memsz - 1;
	int i, in = 0;

	for (i = 0; i < n; i++)
		in |= p->kernel.mem >= fr[i].start && end <= fr[i].end;
	if (!in || p->kernel.mem % s->page || p->dtb.mem % s->page || p->purgatory.mem < p->dtb.mem + p->dtb.memsz ||
	    p->dtb.mem >> 21 != (p->dtb.mem + s->dtb - 1) >> 21)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct a64_image img = { 0, 0x2700000, 8 };
	struct a64_sizes s = { 0x2400000, 26 << 20, 7667, A64_PURGATORY_BYTES, 4096 };
	struct a64_plan p;
	int r = iomem_parse((const char *)data, size, &m), n;

	if (r == IOMEM_TOO_MANY || r == IOMEM_NO_RAM || r == IOMEM_HIDDEN || !iomem_strerror(r))
		return 0;
	if (r != m.n_ram || r < 1 || r > IOMEM_MAX_RAM || m.n_busy > IOMEM_MAX_BUSY || m.n_reserved > m.n_busy)
		abort();
	n = iomem_free_ranges(&m, fr, (int)(sizeof(fr) / sizeof(fr[0])));
	if (n < 0)
		return 0;
	check_free(n);
	if (size >= 2) { /* sizes from the first bytes: small and large plans */
		s.initrd = (uint64_t)data[0] << 20;
		s.page = (uint64_t)4096 << (data[1] % 5);
		img.image_size = ((uint64_t)data[1] << 18) + 1;
		s.kernel_file = img.image_size;
	}
	if (a64_plan(fr, n, &img, &s, &p) == 0)
		check_plan(n, &p, &s);
	return 0;
}
