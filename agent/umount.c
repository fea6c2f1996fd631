/* umount.c - the unmount engine.
 *
 * Mounts of volatile and API file systems are unmounted in-process: they
 * cannot block. Mounts with data behind them (disks, network) are handled
 * in a child under the deadline, since a dead device or server can hang
 * umount(2) or a remount for ever. */
#include "umount.h"
#include "deadline.h"
#include "fileio.h"
#include "log.h"
#include "plan.h"
#include "sys.h"
#include "watchdog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#define MOUNTINFO_MAX (64u << 20)

int mount_table_read(struct mount_table *t)
{
	char *buf;
	size_t len;

	if (read_file("/proc/self/mountinfo", MOUNTINFO_MAX, &buf, &len) < 0)
		return -1;
	if (mount_table_parse(buf, len, t) < 0) {
		mount_table_free(t);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

struct op {
	const char *target;
	int flags;
};

static int do_umount(void *arg)
{
	const struct op *op = arg;

	return umount2(op->target, op->flags) == 0 ? 0 : errno;
}

static int do_remount_ro(void *arg)
{
	const struct op *op = arg;

	return mount(NULL, op->target, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0 ? 0 : errno;
}

/* Runs op in-process for file systems that cannot block, bounded otherwise. */
static int run_op(int (*fn)(void *), struct op *op, enum fs_class cls, int64_t deadline_ms)
{
	int r;

	if (cls == FS_API || cls == FS_VOLATILE)
		return fn(op);
	r = run_bounded(fn, op, ms_left(deadline_ms) + 1);
	return r == BOUNDED_TIMEOUT ? ETIMEDOUT : r;
}

static int umount_one(const struct mountinfo *m, int64_t deadline_ms)
{
	enum fs_class cls = fs_classify(m->fstype);
	struct op op = { m->target, UMOUNT_NOFOLLOW };
	int r;

	if (cls == FS_NETWORK)
		op.flags |= MNT_FORCE;
	if (cls == FS_API)
		op.flags |= MNT_DETACH;
	r = run_op(do_umount, &op, cls, deadline_ms);
	if (r == 0)
		log_debug("umount %s (%s): done", m->target, m->fstype);
	else if (r != EBUSY && r != EINVAL && r != ENOENT)
		log_warn("umount %s (%s): %s", m->target, m->fstype, strerror(r));
	return r;
}

/* One pass: returns how many mounts went away, or -1 if none were left. */
static int umount_pass(const char *prefix, int64_t deadline_ms, struct umount_stats *st)
{
	struct mount_table t;
	const struct mountinfo **plan;
	size_t i, n;
	int done = 0;

	if (mount_table_read(&t) < 0) {
		log_err("umount: cannot read /proc/self/mountinfo: %s", strerror(errno));
		return 0;
	}
	st->bad_lines = (unsigned)t.bad;
	plan = malloc((t.n ? t.n : 1) * sizeof(*plan));
	n = plan ? plan_teardown(&t, prefix, plan) : 0;
	for (i = 0; i < n && ms_left(deadline_ms) > 0; i++) {
		watchdog_ping();
		if (umount_one(plan[i], deadline_ms) == 0)
			done++;
	}
	st->left = (unsigned)(n - (size_t)done);
	free(plan);
	mount_table_free(&t);
	return n == 0 ? -1 : done;
}

/* What stays busy: read-only for file systems with data, then detached. */
static void finish_busy(const char *prefix, int64_t deadline_ms, struct umount_stats *st)
{
	struct mount_table t;
	const struct mountinfo **plan;
	size_t i, n;

	if (mount_table_read(&t) < 0)
		return;
	plan = malloc((t.n ? t.n : 1) * sizeof(*plan));
	n = plan ? plan_teardown(&t, prefix, plan) : 0;
	for (i = 0; i < n; i++) {
		const struct mountinfo *m = plan[i];
		enum fs_class cls = fs_classify(m->fstype);
		struct op op = { m->target, 0 };
		int r = 0, detached;

		if (cls == FS_DISK && !opts_has(m->sb_opts, "ro")) {
			r = run_op(do_remount_ro, &op, cls, deadline_ms);
			if (r == 0)
				st->remounted_ro++;
		}
		op.flags = MNT_DETACH | UMOUNT_NOFOLLOW;
		detached = do_umount(&op);
		if (detached == 0)
			st->detached++;
		log_warn("umount %s (%s): busy; %s%s, %s%s", m->target, m->fstype,
			 cls != FS_DISK ? "no data to flush" : r == 0 ? "remounted read-only" : "read-only failed: ",
			 cls == FS_DISK && r ? strerror(r) : "",
			 detached == 0 ? "detached" : "detach failed: ",
			 detached == 0 ? "" : strerror(detached));
	}
	free(plan);
	mount_table_free(&t);
}

static unsigned count_under(const char *prefix)
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

void umount_tree(const char *prefix, int64_t deadline_ms, bool finish, struct umount_stats *st)
{
	int done;

	st->left = 0;
	do {
		done = umount_pass(prefix, deadline_ms, st);
		st->passes++;
		if (done > 0)
			st->unmounted += (unsigned)done;
	} while (done > 0 && st->left > 0 && ms_left(deadline_ms) > 0);
	if (finish && st->left > 0) {
		finish_busy(prefix, deadline_ms, st);
		st->left = count_under(prefix);
	}
}
