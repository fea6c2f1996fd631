/* loopdev.c - detach bound loop devices (LOOP_CLR_FD, else autoclear). */
#include "fileio.h"
#include "log.h"
#include "storage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/loop.h>

static bool loop_bound(const char *name, char *backing, size_t sz)
{
	char path[320];

	snprintf(path, sizeof(path), "/sys/block/%s/loop/backing_file", name);
	return read_line(path, backing, sz) == 0;
}

/* Returns 0 when detached, 1 when only marked autoclear, -1 on error. */
static int loop_detach(const char *name)
{
	char dev[300], backing[256];
	int fd, r = -1;

	snprintf(dev, sizeof(dev), "/dev/%s", name);
	fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	fsync(fd);
	if (ioctl(fd, LOOP_CLR_FD, 0) == 0) {
		r = 0;
	} else if (errno == EBUSY) {
		struct loop_info64 info;

		if (ioctl(fd, LOOP_GET_STATUS64, &info) == 0) {
			info.lo_flags |= LO_FLAGS_AUTOCLEAR;
			if (ioctl(fd, LOOP_SET_STATUS64, &info) == 0)
				r = 1;
		}
	}
	close(fd);
	/* a busy device's LOOP_CLR_FD only sets autoclear: look again */
	if (r == 0 && loop_bound(name, backing, sizeof(backing)))
		r = 1;
	return r;
}

unsigned loop_detach_all(unsigned *busy)
{
	DIR *d = opendir("/sys/block");
	struct dirent *de;
	unsigned done = 0;

	*busy = 0;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char backing[256];
		int r;

		if (strncmp(de->d_name, "loop", 4) != 0 || !loop_bound(de->d_name, backing, sizeof(backing)))
			continue;
		r = loop_detach(de->d_name);
		if (r == 0) {
			log_notice("loop detached /dev/%s (%s)", de->d_name, backing);
			done++;
			continue;
		}
		(*busy)++;
		if (r == 1)
			log_info("loop /dev/%s (%s): busy, set to detach on last close", de->d_name, backing);
		else
			log_warn("loop /dev/%s (%s): %s", de->d_name, backing, strerror(errno));
	}
	closedir(d);
	return done;
}
