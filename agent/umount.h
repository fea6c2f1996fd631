/* umount.h - take a mount tree down: unmount, else read-only, else detach. */
#ifndef PITSTOP_UMOUNT_H
#define PITSTOP_UMOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "mountinfo.h"

struct umount_stats {
	unsigned unmounted;    /* cleanly unmounted */
	unsigned remounted_ro; /* stayed busy, now read-only */
	unsigned detached;     /* stayed busy, lazily detached */
	unsigned left;         /* still mounted under the prefix */
	unsigned passes;
	unsigned bad_lines;    /* malformed mountinfo lines skipped */
};

/* Reads /proc/self/mountinfo into t. */
int mount_table_read(struct mount_table *t);

/* Unmounts prefix and everything below it, deepest first, re-reading
 * mountinfo each pass until a pass makes no progress or the deadline
 * comes. With finish set, what stays busy is then remounted read-only
 * (file systems with data) and lazily detached. Adds to *st. */
void umount_tree(const char *prefix, int64_t deadline_ms, bool finish, struct umount_stats *st);

#endif
