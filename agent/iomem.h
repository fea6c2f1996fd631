/* iomem.h - the RAM /proc/iomem describes, for placing kexec_load segments (pure). */
#ifndef PITSTOP_IOMEM_H
#define PITSTOP_IOMEM_H

#include <stddef.h>
#include <stdint.h>

/* A physical address range, both ends included (as /proc/iomem writes it). */
struct iomem_range {
	uint64_t start, end;
};

#define IOMEM_MAX_RAM 64
#define IOMEM_MAX_BUSY 256

/* What /proc/iomem says about RAM:
 *   ram:  the top-level "System RAM" ranges, in the file's order;
 *   busy: what a segment must not overwrite: the top-level "reserved" ranges,
 *         and every range nested in System RAM except the running kernel's own
 *         ("Kernel code", "Kernel data", "Kernel rodata", "Kernel bss": a kexec
 *         overwrites it anyway) and "Crash kernel" (kdump's reservation: lost at
 *         the next boot anyway): "reserved" (firmware tables, ramoops, the boot
 *         DTB, CMA) and anything not known is kept clear, as kexec-tools does.
 *   n_reserved: how many busy ranges were top-level "reserved" ones. */
struct iomem_map {
	struct iomem_range ram[IOMEM_MAX_RAM];
	struct iomem_range busy[IOMEM_MAX_BUSY];
	int n_ram, n_busy, n_reserved;
	int malformed; /* lines skipped: no "START-END : name", or END < START */
};

#define IOMEM_NO_RAM (-1)   /* no System RAM line */
#define IOMEM_HIDDEN (-2)   /* every address reads 0: not read as root */
#define IOMEM_TOO_MANY (-3) /* more ranges than the map holds */

/* Parses len bytes of /proc/iomem text (need not be NUL-terminated).
 * Returns the number of RAM ranges, or one of the errors above. */
int iomem_parse(const char *text, size_t len, struct iomem_map *m);
/* Words for an error of iomem_parse. */
const char *iomem_strerror(int err);

/* The RAM not busy: m's ram minus its busy ranges, ascending, into out (at
 * most max); returns how many, or IOMEM_TOO_MANY. */
int iomem_free_ranges(const struct iomem_map *m, struct iomem_range *out, int max);

#endif
