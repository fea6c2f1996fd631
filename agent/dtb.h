/* dtb.h - check a flattened device tree blob and rewrite its /chosen node
 * for the next kernel (pure: no system calls). */
#ifndef PITSTOP_DTB_H
#define PITSTOP_DTB_H

#include <stddef.h>
#include <stdint.h>

#define DTB_MAGIC 0xd00dfeedu

/* Errors (negative); 0 is success. */
#define DTB_SHORT (-1)       /* shorter than its header or its totalsize */
#define DTB_BAD_MAGIC (-2)   /* not 0xd00dfeed */
#define DTB_BAD_VERSION (-3) /* version < 16, or needs a reader newer than 17 */
#define DTB_BAD_LAYOUT (-4)  /* a block outside the blob, misaligned, or an unterminated reservation map */
#define DTB_BAD_STRUCT (-5)  /* the token stream: unknown token, unbalanced nodes, no FDT_END, ... */
#define DTB_BAD_STRING (-6)  /* a property name offset outside the strings block or unterminated */
#define DTB_NO_MEMORY (-7)
#define DTB_TOO_BIG (-8)     /* the result would not fit 32-bit offsets */

/* Words for an error above. */
const char *dtb_strerror(int err);

/* Checks len bytes: header (magic, version >= 16, blocks inside totalsize <= len,
 * aligned), reservation map, token stream, property name offsets. 0 or an error. */
int dtb_check(const void *blob, size_t len);

/* What the next kernel finds in /chosen. */
struct dtb_chosen {
	const char *bootargs;         /* the command line ("" for an empty one) */
	int has_initrd;               /* 0: no linux,initrd-* properties */
	uint64_t initrd_start, initrd_end;
	const unsigned char *seed;    /* random bytes, or NULL: the first 8 are the new kaslr-seed, */
	size_t seed_len;              /* the rest (if any) the new rng-seed */
};

/* A new blob (malloc'd, in *out, *out_len bytes, version 17, no free space)
 * made from the one at blob: /chosen (the first node "chosen" or "chosen@..."
 * under the root, as libfdt and the kernel find it; created when absent) gets bootargs,
 * linux,initrd-start and -end (u64, big-endian) when c->has_initrd, and
 * with a seed kaslr-seed (u64) and rng-seed; it loses the old values of
 * these, rng-seed in any case (what the running kernel left there is
 * spent), and linux,elfcorehdr and linux,usable-memory-range (a crash
 * kernel's). Everything else, the reservation map included, is kept;
 * FDT_NOP tokens are dropped. 0, or an error (nothing allocated). */
int dtb_edit_chosen(const void *blob, size_t len, const struct dtb_chosen *c, unsigned char **out, size_t *out_len);

/* The property name of /chosen in a checked blob: 0 and its value in
 * *val, *val_len; 1 when /chosen or the property is absent; or an error. */
int dtb_chosen_prop(const void *blob, size_t len, const char *name, const unsigned char **val, uint32_t *val_len);

#endif
