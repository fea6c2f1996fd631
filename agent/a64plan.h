/* a64plan.h - where kexec_load(2) puts an arm64 kernel, its initrd, its DTB
 * and a purgatory, and the purgatory's instructions (pure: no system calls).
 * Used when the running kernel has no kexec_file_load (Debian's arm64
 * kernels: CONFIG_KEXEC=y, no CONFIG_KEXEC_FILE). */
#ifndef PITSTOP_A64PLAN_H
#define PITSTOP_A64PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "iomem.h"

/* The arm64 Image header (Documentation/arch/arm64/booting.rst): text_offset
 * (le64) at 8, image_size (le64, the memory the kernel needs from its load
 * address, bss included) at 16, flags (le64) at 24, magic "ARM\x64" at 56. */
#define A64_HEADER_BYTES 64
#define A64_FLAG_BE 1ULL             /* bit 0: a big-endian kernel */
#define A64_FLAG_ANYWHERE (1ULL << 3) /* bit 3: may lie anywhere in RAM, not near its start */

struct a64_image {
	uint64_t text_offset, image_size, flags;
};

#define A64_NOT_IMAGE (-1) /* no "ARM\x64" magic (or fewer than 64 bytes) */
#define A64_BIG_ENDIAN (-2)
#define A64_NO_SIZE (-3)   /* image_size 0: a kernel older than 3.17 */
#define A64_NO_ROOM (-4)   /* no free RAM range holds all segments */
#define A64_DTB_BIG (-5)   /* the DTB exceeds 2 MiB (the boot protocol's limit) */
#define A64_BAD_INPUT (-6) /* a page size that is not a power of two >= 4 KiB, or sizes that overflow */

int a64_image_parse(const unsigned char *h, size_t len, struct a64_image *img);
/* Words for the errors above. */
const char *a64_strerror(int err);

struct a64_sizes {
	uint64_t kernel_file; /* bytes of the Image file */
	uint64_t initrd;      /* 0: none */
	uint64_t dtb, purgatory, page;
};

/* One kexec segment: mem (physical, page-aligned) and memsz (page multiple). */
struct a64_seg {
	uint64_t mem, memsz, bufsz;
};

struct a64_plan {
	struct a64_seg kernel, initrd, dtb, purgatory; /* initrd.memsz 0: none */
	uint64_t entry;                                /* the kernel's first instruction */
	uint64_t need;                                 /* bytes from the 2 MiB base to the purgatory's end */
};

/* Lays the segments out, ascending and page-aligned, inside one of the n
 * free ranges (ascending): the kernel at the lowest 2 MiB-aligned base that
 * lets all fit, plus text_offset, then the initrd, then the DTB (not across
 * a 2 MiB boundary), then the purgatory. 0, or an error. */
int a64_plan(const struct iomem_range *free, int n, const struct a64_image *img, const struct a64_sizes *s,
	     struct a64_plan *p);

/* The purgatory: x0 = dtb, x1 = x2 = x3 = 0, branch to entry, as the boot
 * protocol wants the kernel entered (the kernel's kexec_load path sets none
 * of this: it jumps to the entry with the MMU off). Writes A64_PURGATORY_BYTES
 * little-endian bytes: six instructions, then the two 64-bit literals they
 * load (8-byte aligned: with the MMU off data accesses are Device memory). */
#define A64_PURGATORY_BYTES 40
void a64_purgatory(unsigned char out[A64_PURGATORY_BYTES], uint64_t dtb, uint64_t entry);

#endif
