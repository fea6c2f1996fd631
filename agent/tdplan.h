/* tdplan.h - the teardown's decisions (pure): how long one operation may
 * take, which steps a mount that stays busy goes through, and whether the
 * layers are walked again. */
#ifndef PITSTOP_TDPLAN_H
#define PITSTOP_TDPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"

/* No operation gets less than this, unless less is left. */
#define SLICE_MIN_MS 40

/* The time one operation may take when left_ms remain: half of it (at
 * least SLICE_MIN_MS), so that one stuck operation cannot starve the
 * ones after it (the old root's remount read-only comes last). */
long op_slice(long left_ms);

/* The escalation ladder for a mount that stays busy. */
enum step {
	STEP_UMOUNT,     /* plain umount2 */
	STEP_REMOUNT_RO, /* file systems with data on a device only */
	STEP_FORCE,      /* MNT_FORCE: network and FUSE */
	STEP_FUSE_ABORT, /* /sys/fs/fuse/connections/MINOR/abort */
	STEP_FREEZE,     /* FIFREEZE, when the remount read-only failed */
	STEP_DETACH,     /* MNT_DETACH: always the last */
};
#define LADDER_MAX 6

struct ladder_in {
	enum fs_class cls;
	bool fuse;  /* fuse, fuseblk, fuse.* */
	bool ro;    /* already read-only */
	bool stuck; /* an operation on it timed out before */
};

/* Fills out[] (LADDER_MAX) with the steps in order; returns how many.
 * umount -> (network, FUSE: never read-only) remount ro -> MNT_FORCE for
 * network and FUSE -> FUSE abort -> FIFREEZE -> MNT_DETACH. A stuck mount
 * skips the plain umount, and a stuck FUSE mount is aborted first. */
size_t ladder_plan(const struct ladder_in *in, enum step *out);
const char *step_name(enum step s);

/* Walking the layers {swap, mounts, loop, dm, md} again. */
enum walk_next { WALK_AGAIN, WALK_SETTLE, WALK_STOP };

struct walk_state {
	unsigned round, cap; /* rounds done so far, the most allowed */
	unsigned done, busy; /* in the last round */
	long left_ms;        /* until the deadline */
	long settle_ms;      /* left of the wait for the kernel's deferred work */
};

/* Again while a round helps and something is busy; when a round did
 * nothing, wait (SETTLE) while the settle time lasts; else stop. */
enum walk_next walk_decide(const struct walk_state *w);

#endif
