/* teardown.c - the teardown engine (see teardown.h).
 *
 * Each layer reports how many things it took down and how many stay busy;
 * the walk goes round while a round helps. Calls that can block run in
 * bounded children: swap, dm and md whole (they keep no state), loop and
 * mounts per operation (umount.c, loopdev.c). */
#include "teardown.h"
#include "deadline.h"
#include "fileio.h"
#include "log.h"
#include "paths.h"
#include "procparse.h"
#include "storage.h"
#include "sys.h"
#include "tdplan.h"
#include "watchdog.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#define SETTLE_NAP_MS 50

typedef unsigned (*layer_fn)(struct teardown *td, unsigned *busy);

/* swap, dm, md in a child: its answer packs done (low 16 bits) and busy */
static int child_swap(void *arg)
{
	unsigned busy, done = swap_off_all(&busy);

	return (int)((done & 0xffff) | (busy & 0x7fff) << 16);
}

static int child_dm(void *arg)
{
	unsigned busy, done = dm_remove_all(*(const bool *)arg, &busy);

	return (int)((done & 0xffff) | (busy & 0x7fff) << 16);
}

static int child_md(void *arg)
{
	unsigned busy, done = md_stop_all(&busy);

	return (int)((done & 0xffff) | (busy & 0x7fff) << 16);
}

/* Whether a layer has anything at all, from procfs and sysfs alone (they
 * do not wait on a device): most machines have no dm, md or swap, and a
 * child to learn that costs more than the rest of the phase. */
static bool block_named(const char *prefix)
{
	DIR *d = opendir("/sys/block");
	struct dirent *de;
	bool found = false;

	if (!d)
		return true; /* can't tell: ask the child */
	while (!found && (de = readdir(d)))
		found = strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return found;
}

static bool swap_listed(void)
{
	char *buf, *path;
	size_t len, n;

	if (read_file("/proc/swaps", 1 << 20, &buf, &len) < 0)
		return true; /* can't tell: ask the child */
	n = swaps_parse(buf, &path, 1);
	free(buf);
	return n > 0;
}

static bool layer_present(enum layer_id id)
{
	switch (id) {
	case LAYER_SWAP:
		return swap_listed();
	case LAYER_DM:
		return block_named("dm-");
	case LAYER_MD:
		return block_named("md");
	default:
		return true;
	}
}

static unsigned in_child(struct teardown *td, enum layer_id id, int (*fn)(void *), void *arg,
			 unsigned *busy)
{
	static const char *const names[] = { "swap", "mounts", "loop", "dm", "md" };
	int r;

	*busy = 0;
	if (!td->stuck[id] && !layer_present(id))
		return 0;
	if (td->stuck[id]) {
		*busy = 1;
		return 0;
	}
	r = run_bounded(fn, arg, op_slice(ms_left(td->deadline)));
	if (r >= 0) {
		*busy = (unsigned)r >> 16;
		return (unsigned)r & 0xffff;
	}
	log_warn("%s: no answer in time: left as it is", names[id]);
	td->stuck[id] = true;
	*busy = 1;
	return 0;
}

static unsigned layer_swap(struct teardown *td, unsigned *busy)
{
	return in_child(td, LAYER_SWAP, child_swap, NULL, busy);
}

static unsigned layer_dm(struct teardown *td, unsigned *busy)
{
	bool deferred = false;

	return in_child(td, LAYER_DM, child_dm, &deferred, busy);
}

static unsigned layer_md(struct teardown *td, unsigned *busy)
{
	return in_child(td, LAYER_MD, child_md, NULL, busy);
}

static unsigned layer_loop(struct teardown *td, unsigned *busy)
{
	return loop_detach_all(td->deadline, busy);
}

/* The old root, and what loop_park_backing() moved out from under it. */
static unsigned layer_mounts(struct teardown *td, unsigned *busy)
{
	unsigned done;

	if (td->devices && loop_park_backing(OLDROOT, LOOP_PARK, td->deadline) > 0)
		td->parked = true;
	done = umount_tree(OLDROOT, td->deadline, &td->us);
	*busy = td->us.left;
	if (td->us.prefix_went)
		log_notice("umount " OLDROOT ": done, %u mounts unmounted so far", td->us.unmounted);
	if (td->parked) {
		unsigned n = umount_tree(LOOP_PARK, td->deadline, &td->us);

		*busy += td->us.left;
		if (n)
			log_notice("umount " LOOP_PARK ": %u moved mounts unmounted", n);
		done += n;
	}
	return done;
}

static const layer_fn layers[LAYER_N] = {
	[LAYER_SWAP] = layer_swap, [LAYER_MOUNTS] = layer_mounts, [LAYER_LOOP] = layer_loop,
	[LAYER_DM] = layer_dm, [LAYER_MD] = layer_md,
};

unsigned teardown_busy(const struct teardown *td, unsigned mask)
{
	unsigned i, n = 0;

	for (i = 0; i < LAYER_N; i++)
		if (mask & (1u << i))
			n += td->busy[i];
	return n;
}

unsigned teardown_walk(struct teardown *td, unsigned mask, unsigned cap, long settle_ms)
{
	struct walk_state w = { 0, cap, 0, 0, 0, 0 };
	int64_t settle_end = mono_ms() + settle_ms;
	unsigned total = 0, i;

	if (!td->devices)
		mask &= ~LAYERS_DEVICES;
	for (;;) {
		w.done = 0;
		for (i = 0; i < LAYER_N; i++)
			if (mask & (1u << i))
				w.done += layers[i](td, &td->busy[i]);
		total += w.done;
		w.round++;
		td->rounds++;
		w.busy = teardown_busy(td, mask);
		w.left_ms = ms_left(td->deadline);
		w.settle_ms = ms_left(settle_end);
		watchdog_ping();
		switch (walk_decide(&w)) {
		case WALK_STOP:
			return total;
		case WALK_SETTLE:
			sleep_ms(SETTLE_NAP_MS);
			break;
		case WALK_AGAIN:
			break;
		}
	}
}

void teardown_busy_mounts(struct teardown *td)
{
	bool deferred = true;
	unsigned busy;

	umount_busy(OLDROOT, td->deadline, &td->us);
	td->busy[LAYER_MOUNTS] = td->us.left;
	if (td->parked) {
		umount_busy(LOOP_PARK, td->deadline, &td->us);
		td->busy[LAYER_MOUNTS] += td->us.left;
	}
	if (td->devices)
		in_child(td, LAYER_DM, child_dm, &deferred, &busy);
}
