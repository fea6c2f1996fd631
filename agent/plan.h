/* plan.h - which mounts to take down, and in what order (pure). */
#ifndef PITSTOP_PLAN_H
#define PITSTOP_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "mountinfo.h"

enum fs_class {
	FS_DISK,     /* data on a device: remount read-only before unmounting */
	FS_VOLATILE, /* tmpfs, ramfs: nothing to flush */
	FS_API,      /* proc, sysfs, devtmpfs, cgroup...: detach lazily */
	FS_NETWORK,  /* nfs, cifs...: never remount, the network may be gone */
};

enum fs_class fs_classify(const char *fstype);

/* fuse, fuseblk and fuse.SUBTYPE: a daemon answers, or does not. */
bool fs_is_fuse(const char *fstype);

/* Sets covered[i] (t->n entries) for each mount that has another one
 * mounted over it at the same place, and parent[i] (if not NULL) for each
 * that has any mount on or below it. Only the top of such a stack can be
 * reached by its path: a mount under another one is judged by its mount
 * ID and left alone until the one above it is gone. -1 on out of memory. */
int mount_mark_covered(const struct mount_table *t, bool *covered, bool *parent);

/* "/oldroot" covers "/oldroot" and "/oldroot/x", not "/oldrootx"; "/" covers all. */
bool path_is_under(const char *path, const char *prefix);

/* Number of components: "/" is 0, "/a/b" is 2. */
unsigned path_depth(const char *path);

/* Fills out[] with the mounts of t at or under prefix, children before
 * parents: deepest mount point first, and at equal depth the newest
 * (stacked over-mounts) first. out must hold t->n pointers. */
size_t plan_teardown(const struct mount_table *t, const char *prefix,
		     const struct mountinfo **out);

#endif
