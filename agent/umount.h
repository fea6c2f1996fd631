/* umount.h - take mount trees down, one mount (by mount ID) at a time.
 *
 * Every umount2, remount and freeze runs in a bounded child (deadline.h),
 * each at most a slice of the time left. Only the top of a stack of mounts
 * is ever acted on by its path. A mount whose operation timed out is
 * "stuck": it is not tried again the plain way. */
#ifndef PITSTOP_UMOUNT_H
#define PITSTOP_UMOUNT_H

#include <stdbool.h>
#include <stdint.h>

struct umount_stats {
	unsigned unmounted;    /* cleanly unmounted */
	unsigned remounted_ro; /* stayed busy, now read-only */
	unsigned frozen;       /* stayed busy and read-write: frozen (journal clean) */
	unsigned detached;     /* stayed busy, lazily detached */
	unsigned detached_rw;  /* of those: disk file systems neither read-only nor frozen */
	unsigned left;         /* still mounted under the prefix */
	bool prefix_went;      /* the mount at the prefix itself went in the last call */
	unsigned passes;
	unsigned bad_lines;    /* malformed mountinfo lines skipped */
};

/* Unmounts prefix and what is below it, deepest first, re-reading the table
 * each pass while a pass helps. Adds to *st; returns how many went. */
unsigned umount_tree(const char *prefix, int64_t deadline_ms, struct umount_stats *st);

/* What stays under prefix goes through the escalation ladder (tdplan.h),
 * its blockers named in the log. Adds to *st; st->left is what remains. */
void umount_busy(const char *prefix, int64_t deadline_ms, struct umount_stats *st);

/* MNT_DETACH of targets[] (NULL-terminated) when the mount on top there is
 * an API file system; returns how many went. */
unsigned detach_api(const char *const *targets, int64_t deadline_ms);

/* Mounts at or under prefix (0 if the table can't be read). */
unsigned mounts_under(const char *prefix);

#endif
