/* teardown.h - the teardown engine: the layers {swap, mounts, loop, dm, md}
 * walked again while it helps, what stays busy down the escalation ladder,
 * and a last look at what is left. */
#ifndef PITSTOP_TEARDOWN_H
#define PITSTOP_TEARDOWN_H

#include <stdbool.h>
#include <stdint.h>

#include "umount.h"

enum layer_id { LAYER_SWAP, LAYER_MOUNTS, LAYER_LOOP, LAYER_DM, LAYER_MD, LAYER_N };
#define LAYERS_ALL ((1u << LAYER_N) - 1)
#define LAYERS_DEVICES (LAYERS_ALL & ~(1u << LAYER_MOUNTS))

struct teardown {
	int64_t deadline;       /* for every operation of the walk */
	bool devices;           /* swap, loop, dm, md are ours (not in a container) */
	bool parked;            /* mounts were moved to LOOP_PARK */
	bool stuck[LAYER_N];    /* a device layer's child gave no answer: left alone */
	unsigned busy[LAYER_N]; /* what each layer left in its last run */
	unsigned rounds;
	struct umount_stats us;
};

/* Walks the layers in mask (devices only when td->devices) until a round
 * takes nothing down, at most cap rounds; a round that takes nothing waits
 * up to settle_ms for the kernel's deferred work. Returns how many went. */
unsigned teardown_walk(struct teardown *td, unsigned mask, unsigned cap, long settle_ms);

/* The sum of td->busy over mask. */
unsigned teardown_busy(const struct teardown *td, unsigned mask);

/* The escalation ladder for the mounts that stay, then deferred dm removal. */
void teardown_busy_mounts(struct teardown *td);

#endif
