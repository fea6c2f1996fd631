/* mounttable.c - read the mount table of this process. */
#include "mounttable.h"
#include "fileio.h"

#include <errno.h>
#include <string.h>

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

int mount_at(const char *path)
{
	struct mount_table t;
	int found = 0;
	size_t i;

	if (mount_table_read(&t) < 0)
		return -1;
	for (i = 0; i < t.n && !found; i++)
		found = strcmp(t.v[i].target, path) == 0;
	mount_table_free(&t);
	return found;
}
