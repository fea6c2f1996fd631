/* md.c - stop md arrays (STOP_ARRAY), which leaves them clean. */
#include "fileio.h"
#include "log.h"
#include "storage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/major.h>
#include <linux/raid/md_u.h>

static bool md_active(const char *name)
{
	char path[320], state[32];

	snprintf(path, sizeof(path), "/sys/block/%s/md/array_state", name);
	if (read_line(path, state, sizeof(state)) < 0)
		return false;
	return strcmp(state, "clear") != 0 && strcmp(state, "inactive") != 0;
}

static int md_stop(const char *name)
{
	char dev[300];
	int fd, r;

	snprintf(dev, sizeof(dev), "/dev/%s", name);
	fd = open(dev, O_RDONLY | O_EXCL | O_CLOEXEC);
	if (fd < 0)
		return -1;
	fsync(fd);
	r = ioctl(fd, STOP_ARRAY, 0);
	close(fd);
	return r;
}

unsigned md_stop_all(unsigned *busy)
{
	DIR *d = opendir("/sys/block");
	struct dirent *de;
	unsigned done = 0;

	*busy = 0;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "md", 2) != 0 || !md_active(de->d_name))
			continue;
		if (md_stop(de->d_name) == 0) {
			log_notice("md stopped /dev/%s", de->d_name);
			done++;
		} else {
			log_warn("md /dev/%s: %s", de->d_name, strerror(errno));
			(*busy)++;
		}
	}
	closedir(d);
	return done;
}
