/* dm.c - remove device-mapper devices with raw ioctls on /dev/mapper/control.
 * A device in use (by a mount or by another dm device above it) answers
 * EBUSY; the caller loops, so stacks come down from the top. */
#include "dmlist.h"
#include "log.h"
#include "storage.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/dm-ioctl.h>

#define DM_BUF 16384
#define DM_BUF_MAX (16u << 20)

static void dm_init(struct dm_ioctl *io, size_t size, const char *name, unsigned flags)
{
	memset(io, 0, size);
	io->version[0] = DM_VERSION_MAJOR;
	io->version[1] = 0;
	io->version[2] = 0;
	io->data_size = (unsigned)size;
	io->data_start = sizeof(*io);
	io->flags = flags;
	if (name)
		snprintf(io->name, sizeof(io->name), "%s", name);
}

/* Lists the maps into *devs (malloc'd); a list that does not fit is asked
 * for again with a buffer four times the size (SAN multipath: hundreds). */
static int dm_list(int ctl, struct dm_dev **devs)
{
	size_t size;
	int n = -1;

	*devs = NULL;
	for (size = DM_BUF; size <= DM_BUF_MAX; size *= 4) {
		unsigned char *buf = malloc(size);
		struct dm_ioctl *io = (struct dm_ioctl *)buf;
		size_t max = size / 16; /* each entry takes at least 16 bytes */
		bool full;

		free(*devs);
		*devs = malloc(max * sizeof(**devs));
		if (!buf || !*devs || (dm_init(io, size, NULL, 0), ioctl(ctl, DM_LIST_DEVICES, io) < 0)) {
			free(buf);
			return -1;
		}
		full = io->flags & DM_BUFFER_FULL_FLAG;
		if (!full)
			n = dmlist_parse(buf, io->data_size < size ? io->data_size : size, io->data_start, *devs, max);
		if (n > (int)max)
			n = (int)max;
		free(buf);
		if (!full)
			return n;
	}
	errno = ENOBUFS;
	return -1;
}

/* A suspended map (dmsetup suspend, or a failed resume) queues every write:
 * an fsync of it would wait until its resume, so it is not flushed. */
static bool dm_suspended(int ctl, const char *name)
{
	struct dm_ioctl io;

	dm_init(&io, sizeof(io), name, 0);
	return ioctl(ctl, DM_DEV_STATUS, &io) == 0 && (io.flags & DM_SUSPEND_FLAG);
}

static void dm_flush(int ctl, const struct dm_dev *d)
{
	char path[48];
	int fd;

	if (dm_suspended(ctl, d->name))
		return;
	snprintf(path, sizeof(path), "/dev/dm-%u", d->minor);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

unsigned dm_remove_all(bool deferred, unsigned *busy)
{
	struct dm_dev *devs;
	struct dm_ioctl io;
	unsigned done = 0;
	int ctl, n, i;

	*busy = 0;
	ctl = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		if (errno != ENOENT && errno != ENODEV) /* no node, or no dm in this kernel */
			log_warn("dm: cannot open /dev/mapper/control: %s", strerror(errno));
		return 0;
	}
	n = dm_list(ctl, &devs);
	if (n < 0)
		log_err("dm: cannot list devices: %s", strerror(errno));
	for (i = 0; i < n; i++) {
		dm_flush(ctl, &devs[i]);
		dm_init(&io, sizeof(io), devs[i].name, 0);
		if (ioctl(ctl, DM_DEV_REMOVE, &io) == 0) {
			log_notice("dm removed %s", devs[i].name);
			done++;
			continue;
		}
		(*busy)++;
		if (errno == EBUSY && deferred) {
			dm_init(&io, sizeof(io), devs[i].name, DM_DEFERRED_REMOVE);
			if (ioctl(ctl, DM_DEV_REMOVE, &io) == 0)
				log_warn("dm %s: busy, removal deferred to its last close", devs[i].name);
			else
				log_warn("dm %s: busy, deferred removal refused: %s", devs[i].name, strerror(errno));
		} else if (errno != EBUSY) {
			log_warn("dm %s: %s", devs[i].name, strerror(errno));
		}
	}
	free(devs);
	close(ctl);
	return done;
}
