/* loopdev.c - detach bound loop devices (LOOP_CLR_FD, else autoclear).
 *
 * A loop device set to autoclear (by mount -o loop, or by systemd-shutdown's
 * LOOP_CLR_FD on a busy device) is cleared by the kernel when its file system
 * is unmounted: the loops seen bound are remembered, so that such a detach is
 * reported too. */
#include "fileio.h"
#include "log.h"
#include "plan.h"
#include "storage.h"
#include "deadline.h"
#include "mounttable.h"
#include "tdplan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/loop.h>

#define LOOP_SEEN_MAX 64

static struct loop_seen {
	char name[32];
	char backing[256];
	bool told; /* "set to detach on last close" is logged once per loop */
} seen[LOOP_SEEN_MAX];
static unsigned n_seen;

/* Returns the loop's entry (NULL when the table is full). */
static struct loop_seen *remember(const char *name, const char *backing)
{
	unsigned i;

	for (i = 0; i < n_seen && strcmp(seen[i].name, name) != 0; i++)
		;
	if (i == LOOP_SEEN_MAX)
		return NULL;
	if (i == n_seen) {
		seen[i].told = false;
		n_seen++;
	}
	snprintf(seen[i].name, sizeof(seen[i].name), "%s", name);
	snprintf(seen[i].backing, sizeof(seen[i].backing), "%s", backing);
	return &seen[i];
}

static void forget(const char *name)
{
	unsigned i;

	for (i = 0; i < n_seen; i++)
		if (strcmp(seen[i].name, name) == 0) {
			seen[i] = seen[--n_seen];
			return;
		}
}

static bool loop_bound(const char *name, char *backing, size_t sz)
{
	char path[320];

	snprintf(path, sizeof(path), "/sys/block/%s/loop/backing_file", name);
	return read_line(path, backing, sz) == 0;
}

#define AUTOCLEAR (-2)

/* In a bounded child (fsync and the ioctls wait for the backing file):
 * returns 0 when detached, AUTOCLEAR when only marked so, or an errno. */
static int loop_detach(void *arg)
{
	const char *name = arg;
	char dev[300], backing[256];
	int fd, r;

	snprintf(dev, sizeof(dev), "/dev/%s", name);
	fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	fsync(fd);
	if (ioctl(fd, LOOP_CLR_FD, 0) == 0) {
		r = 0;
	} else if ((r = errno) == EBUSY) {
		struct loop_info64 info;

		if (ioctl(fd, LOOP_GET_STATUS64, &info) == 0) {
			info.lo_flags |= LO_FLAGS_AUTOCLEAR;
			r = ioctl(fd, LOOP_SET_STATUS64, &info) == 0 ? AUTOCLEAR : errno;
		}
	}
	close(fd);
	/* a busy device's LOOP_CLR_FD only sets autoclear: look again */
	if (r == 0 && loop_bound(name, backing, sizeof(backing)))
		r = AUTOCLEAR;
	return r;
}

struct move {
	const char *from, *to;
};

static int park_move(void *arg)
{
	const struct move *mv = arg;

	return mount(mv->from, mv->to, NULL, MS_MOVE, NULL) == 0 ? 0 : errno;
}

/* Remembered loops the kernel has cleared since (autoclear at their last close). */
static unsigned report_cleared(void)
{
	unsigned i = 0, done = 0;
	char backing[256];

	while (i < n_seen) {
		if (loop_bound(seen[i].name, backing, sizeof(backing))) {
			i++;
			continue;
		}
		log_notice("loop detached /dev/%s (%s): cleared by the kernel at its last close",
			   seen[i].name, seen[i].backing);
		done++;
		seen[i] = seen[--n_seen];
	}
	return done;
}

unsigned loop_park_backing(const char *prefix, const char *park, int64_t deadline_ms)
{
	struct mount_table t;
	struct dirent *de;
	unsigned moved = 0;
	DIR *d;

	if (mount_table_read(&t) < 0)
		return 0;
	d = opendir("/sys/block");
	while (d && (de = readdir(d))) {
		const struct mountinfo *over = NULL, *back = NULL;
		char backing[256], path[320], to[300];
		struct move mv = { NULL, to };
		unsigned maj, min;
		size_t i;
		int r;

		if (strncmp(de->d_name, "loop", 4) != 0 || !loop_bound(de->d_name, backing, sizeof(backing)))
			continue;
		remember(de->d_name, backing);
		snprintf(path, sizeof(path), "/sys/block/%s/dev", de->d_name);
		if (read_line(path, to, sizeof(to)) < 0 || !strchr(to, ':'))
			continue;
		maj = (unsigned)strtoul(to, NULL, 10);
		min = (unsigned)strtoul(strchr(to, ':') + 1, NULL, 10);
		/* the mount the backing file is on: the deepest, the newest of stacked ones */
		for (i = 0; i < t.n; i++)
			if (path_is_under(backing, t.v[i].target) &&
			    (!back || strlen(t.v[i].target) >= strlen(back->target)))
				back = &t.v[i];
		if (!back || !path_is_under(back->target, prefix))
			continue;
		/* a mount of the loop's own file system that back sits on top of */
		for (i = 0; i < t.n && !over; i++)
			if (t.v[i].major == maj && t.v[i].minor == min &&
			    path_is_under(back->target, t.v[i].target) &&
			    strcmp(back->target, t.v[i].target) != 0)
				over = &t.v[i];
		if (!over)
			continue;
		mkdir(park, 0700);
		snprintf(to, sizeof(to), "%s/%s", park, de->d_name);
		mkdir(to, 0700);
		mv.from = back->target;
		r = run_bounded(park_move, &mv, op_slice(ms_left(deadline_ms)));
		if (r == 0) {
			log_notice("loop /dev/%s: its backing file is on %s, mounted over the loop's own "
				   "file system (%s): moved that mount to %s", de->d_name, back->target,
				   over->target, to);
			moved++;
		} else {
			log_warn("loop /dev/%s: cannot move %s, which holds its backing file, out of %s: %s",
				 de->d_name, back->target, over->target,
				 r == BOUNDED_TIMEOUT ? "no answer in time" : strerror(r));
		}
	}
	if (d)
		closedir(d);
	mount_table_free(&t);
	return moved;
}

unsigned loop_detach_all(int64_t deadline_ms, unsigned *busy)
{
	DIR *d = opendir("/sys/block");
	struct dirent *de;
	unsigned done = 0;

	*busy = 0;
	if (!d)
		return 0;
	done += report_cleared();
	while ((de = readdir(d))) {
		char backing[256];
		struct loop_seen *e;
		int r;

		if (strncmp(de->d_name, "loop", 4) != 0 || !loop_bound(de->d_name, backing, sizeof(backing)))
			continue;
		r = run_bounded(loop_detach, de->d_name, op_slice(ms_left(deadline_ms)));
		if (r == 0) {
			log_notice("loop detached /dev/%s (%s)", de->d_name, backing);
			forget(de->d_name);
			done++;
			continue;
		}
		e = remember(de->d_name, backing);
		(*busy)++;
		if (r == AUTOCLEAR) {
			if (!e || !e->told)
				log_info("loop /dev/%s (%s): busy, set to detach on last close", de->d_name, backing);
			if (e)
				e->told = true;
		} else
			log_warn("loop /dev/%s (%s): %s", de->d_name, backing,
				 r == BOUNDED_TIMEOUT ? "no answer in time" : strerror(r));
	}
	closedir(d);
	return done;
}
