/* umount.c - take mount trees down (see umount.h). */
#include "umount.h"
#include "blockers.h"
#include "deadline.h"
#include "fileio.h"
#include "log.h"
#include "mounttable.h"
#include "paths.h"
#include "plan.h"
#include "sys.h"
#include "tdplan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FIFREEZE
#define FIFREEZE _IOWR('X', 119, int)
#endif
#define STUCK_MAX 64
#define BLOCKERS_MS 500
#define LADDER_ROUNDS 256

/* mount IDs whose operation timed out: never tried the plain way again */
static struct {
	int id[STUCK_MAX];
	unsigned n;
} stuck;

static bool is_stuck(int id)
{
	unsigned i;

	for (i = 0; i < stuck.n; i++)
		if (stuck.id[i] == id)
			return true;
	return false;
}

static void mark_stuck(int id)
{
	if (!is_stuck(id) && stuck.n < STUCK_MAX)
		stuck.id[stuck.n++] = id;
}

/* The mounts of t under prefix that can be reached by their path: the top
 * of each stack, deepest first. *all: how many are under prefix at all.
 * leaf[k] (if not NULL): out[k] has no mount on or below it. */
static size_t reachable(const struct mount_table *t, const char *prefix, const struct mountinfo **out,
			size_t *all, bool *leaf)
{
	bool *covered = calloc(t->n ? 2 * t->n : 1, sizeof(*covered)), *parent;
	size_t i, n, k = 0;

	n = plan_teardown(t, prefix, out);
	*all = n;
	if (!covered || mount_mark_covered(t, covered, parent = covered + t->n) < 0) {
		free(covered);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (!covered[out[i] - t->v]) {
			if (leaf)
				leaf[k] = !parent[out[i] - t->v];
			out[k++] = out[i];
		}
	free(covered);
	return k;
}

struct batch {
	const struct mountinfo **m;
	bool *detach; /* per mount: MNT_DETACH; NULL: all */
};

static int op_umount(void *arg, size_t i)
{
	const struct batch *b = arg;
	int flags = !b->detach || b->detach[i] ? MNT_DETACH : 0;

	return umount2(b->m[i]->target, flags | UMOUNT_NOFOLLOW) == 0 ? 0 : errno;
}

/* One pass; returns how many went, -1 if the table can't be read. */
static int pass(const char *prefix, int64_t deadline_ms, struct umount_stats *st)
{
	struct mount_table t;
	struct batch b = { NULL, NULL };
	size_t i, n = 0, k = 0, all = 0, at = 0, gone = 0;
	int *res = NULL, done = 0;

	if (mount_table_read(&t) < 0) {
		log_err("umount: cannot read /proc/self/mountinfo: %s", strerror(errno));
		return -1;
	}
	st->bad_lines = (unsigned)t.bad;
	b.m = malloc((t.n ? t.n : 1) * sizeof(*b.m));
	b.detach = malloc((t.n ? t.n : 1) * sizeof(*b.detach));
	res = malloc((t.n ? t.n : 1) * sizeof(*res));
	if (b.m && b.detach && res)
		n = reachable(&t, prefix, b.m, &all, b.detach);
	/* stuck ones wait for the ladder; an API file system with nothing on or
	 * below it is detached (it holds no data, and nothing can go with it) */
	for (i = 0; i < n; i++)
		if (!is_stuck(b.m[i]->id)) {
			b.detach[k] = b.detach[i] && fs_classify(b.m[i]->fstype) == FS_API;
			b.m[k++] = b.m[i];
		}
	run_batch(op_umount, &b, k, res, deadline_ms);
	for (i = 0; i < t.n; i++)
		at += strcmp(t.v[i].target, prefix) == 0;
	for (i = 0; i < k; i++) {
		const struct mountinfo *m = b.m[i];

		gone += res[i] == 0 && strcmp(m->target, prefix) == 0;
		if (res[i] == 0) {
			log_debug("umount %s (%s): done", m->target, m->fstype);
			done++;
		} else if (res[i] == BOUNDED_TIMEOUT) {
			log_warn("umount %s (%s): no answer in time: left for the busy phase", m->target, m->fstype);
			mark_stuck(m->id);
		} else if (res[i] != EBUSY && res[i] != EINVAL && res[i] != ENOENT && res[i] != BOUNDED_SKIPPED) {
			log_warn("umount %s (%s): %s", m->target, m->fstype, strerror(res[i]));
		}
	}
	st->left = (unsigned)(all - (size_t)done);
	st->prefix_went |= at > 0 && gone == at;
	free(b.m);
	free(b.detach);
	free(res);
	mount_table_free(&t);
	return done;
}

unsigned umount_tree(const char *prefix, int64_t deadline_ms, struct umount_stats *st)
{
	unsigned total = 0;
	int done;

	st->prefix_went = false;
	do {
		done = pass(prefix, deadline_ms, st);
		st->passes++;
		if (done > 0)
			total += (unsigned)done;
	} while (done > 0 && st->left > 0 && ms_left(deadline_ms) > 0);
	st->unmounted += total;
	return total;
}

/* ---- the ladder --------------------------------------------------------- */

struct step_op {
	const struct mountinfo *m;
	enum step step;
};

static int fuse_abort(const struct mountinfo *m)
{
	char path[64];

	snprintf(path, sizeof(path), FUSECTL_DIR "/%u/abort", m->minor);
	if (access(path, W_OK) < 0 && errno == ENOENT)
		mount("fusectl", FUSECTL_DIR, "fusectl", 0, NULL);
	return write_string(path, "1") == 0 ? 0 : errno;
}

static int freeze(const char *target)
{
	int fd = open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		return errno;
	r = ioctl(fd, FIFREEZE, 0) == 0 ? 0 : errno;
	close(fd);
	return r;
}

static int do_step(void *arg)
{
	const struct step_op *op = arg;
	const char *t = op->m->target;
	int r = 0;

	switch (op->step) {
	case STEP_UMOUNT:
		r = umount2(t, UMOUNT_NOFOLLOW);
		break;
	case STEP_REMOUNT_RO:
		r = mount(NULL, t, NULL, MS_REMOUNT | MS_RDONLY, NULL);
		break;
	case STEP_FORCE:
		r = umount2(t, MNT_FORCE | UMOUNT_NOFOLLOW);
		break;
	case STEP_FUSE_ABORT:
		return fuse_abort(op->m);
	case STEP_FREEZE:
		return freeze(t);
	case STEP_DETACH:
		r = umount2(t, MNT_DETACH | UMOUNT_NOFOLLOW);
		break;
	}
	return r == 0 ? 0 : errno;
}

static void note(char *buf, size_t sz, const char *what, int r)
{
	size_t len = strlen(buf);

	snprintf(buf + len, sz - len, "%s%s%s%s", len ? ", " : "", what, r ? " failed: " : "",
		 r == BOUNDED_TIMEOUT ? "no answer in time" : r ? strerror(r) : "");
}

/* Takes m down the ladder. */
static void ladder(const struct mountinfo *m, int64_t deadline_ms, struct umount_stats *st)
{
	static const char *const done_as[] = { "unmounted", "remounted read-only", "unmounted by force",
					       "FUSE connection aborted", "frozen", "detached" };
	struct ladder_in in = { fs_classify(m->fstype), fs_is_fuse(m->fstype),
				opts_has(m->sb_opts, "ro") /* the super block's: a ro bind may sit on a rw one */,
				is_stuck(m->id) };
	enum step steps[LADDER_MAX];
	struct step_op op = { m, STEP_UMOUNT };
	char what[256] = "";
	size_t i, n = ladder_plan(&in, steps);
	bool ro = in.ro, frozen = false, busy = false;

	if (in.cls == FS_VOLATILE || in.cls == FS_API)
		note(what, sizeof(what), "no data to flush", 0);
	for (i = 0; i < n && ms_left(deadline_ms) > 0; i++) {
		int r;

		op.step = steps[i];
		if (op.step == STEP_FREEZE && ro)
			continue;
		r = run_bounded(do_step, &op, op_slice(ms_left(deadline_ms)));
		if (r == BOUNDED_TIMEOUT)
			mark_stuck(m->id);
		if (op.step == STEP_UMOUNT && r == 0) {
			log_info("umount %s (%s): done", m->target, m->fstype);
			st->unmounted++;
			return;
		}
		if (op.step == STEP_UMOUNT) {
			busy = r == EBUSY;
			if (busy)
				log_blockers(m, BLOCKERS_MS < op_slice(ms_left(deadline_ms)) ? BLOCKERS_MS
										       : op_slice(ms_left(deadline_ms)));
			continue;
		}
		note(what, sizeof(what), done_as[op.step], r);
		ro |= op.step == STEP_REMOUNT_RO && r == 0;
		frozen |= op.step == STEP_FREEZE && r == 0;
		st->remounted_ro += op.step == STEP_REMOUNT_RO && r == 0;
		st->frozen += op.step == STEP_FREEZE && r == 0;
		st->detached += op.step == STEP_DETACH && r == 0;
		/* read-only or frozen first, a detached disk file system is consistent on disk */
		st->detached_rw += op.step == STEP_DETACH && r == 0 && !ro && !frozen && in.cls == FS_DISK;
		if (r == 0 && (op.step == STEP_FORCE || op.step == STEP_DETACH))
			break;
	}
	log_warn("umount %s (%s): %s; %s", m->target, m->fstype,
		 busy ? "busy" : in.stuck ? "stuck" : "failed", what);
}

/* Aborts the FUSE connections under which a stuck mount sits: walking a
 * path through a FUSE mount whose daemon stopped answering blocks. */
static void unblock_stuck(const struct mount_table *t)
{
	size_t i, j, hops;

	for (i = 0; i < t->n; i++) {
		const struct mountinfo *m = &t->v[i];

		if (!is_stuck(m->id))
			continue;
		for (hops = 0; hops < 64 && m; hops++) {
			const struct mountinfo *up = NULL;

			if (fs_is_fuse(m->fstype) && fuse_abort(m) == 0)
				log_warn("umount %s: FUSE connection %u aborted, %s under it is stuck", m->target,
					 m->minor, t->v[i].target);
			for (j = 0; j < t->n && !up; j++)
				if (t->v[j].id == m->parent && m->parent != m->id)
					up = &t->v[j];
			m = up;
		}
	}
}

static bool seen_has(const int *seen, size_t n, int id)
{
	while (n-- > 0)
		if (seen[n] == id)
			return true;
	return false;
}

void umount_busy(const char *prefix, int64_t deadline_ms, struct umount_stats *st)
{
	int seen[LADDER_ROUNDS];
	size_t n_seen = 0, rounds;
	bool unblocked = false;

	for (rounds = 0; rounds < LADDER_ROUNDS && ms_left(deadline_ms) > 0; rounds++) {
		const struct mountinfo **v, *m = NULL;
		struct mount_table t;
		size_t i, n, all;

		if (mount_table_read(&t) < 0)
			break;
		if (!unblocked && stuck.n)
			unblock_stuck(&t);
		unblocked = true;
		v = malloc((t.n ? t.n : 1) * sizeof(*v));
		n = v ? reachable(&t, prefix, v, &all, NULL) : 0;
		for (i = 0; i < n && !m; i++)
			if (!seen_has(seen, n_seen, v[i]->id))
				m = v[i];
		if (m) {
			seen[n_seen++] = m->id;
			ladder(m, deadline_ms, st);
		}
		free(v);
		mount_table_free(&t);
		if (!m)
			break;
	}
	st->left = mounts_under(prefix);
}

unsigned detach_api(const char *const *targets, int64_t deadline_ms)
{
	struct mount_table t;
	const struct mountinfo **v;
	struct batch b = { NULL, NULL };
	int res[8];
	size_t i, j, n = 0, all;
	unsigned done = 0;

	if (mount_table_read(&t) < 0)
		return 0;
	v = malloc((t.n ? t.n : 1) * sizeof(*v));
	b.m = malloc(8 * sizeof(*b.m));
	j = v && b.m ? reachable(&t, "/", v, &all, NULL) : 0;
	for (i = 0; i < j; i++) {
		size_t k;

		for (k = 0; targets[k] && n < 8; k++)
			if (strcmp(v[i]->target, targets[k]) == 0 && fs_classify(v[i]->fstype) == FS_API)
				b.m[n++] = v[i];
	}
	run_batch(op_umount, &b, n, res, deadline_ms);
	for (i = 0; i < n; i++)
		done += res[i] == 0;
	free(v);
	free(b.m);
	mount_table_free(&t);
	return done;
}

unsigned mounts_under(const char *prefix)
{
	struct mount_table t;
	unsigned n = 0;
	size_t i;

	if (mount_table_read(&t) < 0)
		return 0;
	for (i = 0; i < t.n; i++)
		n += path_is_under(t.v[i].target, prefix);
	mount_table_free(&t);
	return n;
}
