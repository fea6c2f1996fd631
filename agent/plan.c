/* plan.c - order the teardown of a mount tree. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

enum fs_class fs_classify(const char *fstype)
{
	static const char *const api[] = {
		"proc", "sysfs", "devtmpfs", "devpts", "securityfs", "cgroup", "cgroup2",
		"pstore", "bpf", "efivarfs", "debugfs", "tracefs", "configfs", "fusectl",
		"mqueue", "hugetlbfs", "autofs", "binfmt_misc", "selinuxfs", "rpc_pipefs",
		"nsfs", "nfsd", NULL,
	};
	static const char *const network[] = {
		"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "ncp", "afs", "ceph",
		"glusterfs", "gfs", "gfs2", "ocfs2", "lustre", "pvfs2", "davfs", "sshfs",
		"fuse.sshfs", "fuse.glusterfs", "fuse.s3fs", NULL,
	};
	static const char *const volatile_fs[] = { "tmpfs", "ramfs", NULL };

	if (in_list(fstype, api))
		return FS_API;
	if (in_list(fstype, network))
		return FS_NETWORK;
	if (in_list(fstype, volatile_fs))
		return FS_VOLATILE;
	return FS_DISK;
}

bool fs_is_fuse(const char *fstype)
{
	return strcmp(fstype, "fuse") == 0 || strcmp(fstype, "fuseblk") == 0 ||
	       strncmp(fstype, "fuse.", 5) == 0;
}

static int by_id(const void *a, const void *b)
{
	const struct mountinfo *x = *(const struct mountinfo *const *)a, *y = *(const struct mountinfo *const *)b;

	return (x->id > y->id) - (x->id < y->id);
}

int mount_mark_covered(const struct mount_table *t, bool *covered, bool *parent)
{
	const struct mountinfo **ids = malloc((t->n ? t->n : 1) * sizeof(*ids));
	size_t i;

	if (!ids)
		return -1;
	for (i = 0; i < t->n; i++) {
		ids[i] = &t->v[i];
		covered[i] = false;
		if (parent)
			parent[i] = false;
	}
	qsort(ids, t->n, sizeof(*ids), by_id);
	for (i = 0; i < t->n; i++) {
		struct mountinfo key = { .id = t->v[i].parent };
		const struct mountinfo *k = &key, **p;

		if (t->v[i].parent == t->v[i].id)
			continue;
		p = bsearch(&k, ids, t->n, sizeof(*ids), by_id);
		if (p && parent)
			parent[*p - t->v] = true;
		if (p && strcmp((*p)->target, t->v[i].target) == 0)
			covered[*p - t->v] = true;
	}
	free(ids);
	return 0;
}

bool path_is_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	while (n > 0 && prefix[n - 1] == '/')
		n--;
	if (n == 0)
		return path[0] == '/';
	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

unsigned path_depth(const char *path)
{
	unsigned d = 0;

	for (; *path; path++)
		if (*path == '/' && path[1] != '/' && path[1] != '\0')
			d++;
	return d;
}

struct ranked {
	const struct mountinfo *m;
	unsigned depth;
};

static int by_depth_then_newest(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->depth != y->depth)
		return x->depth > y->depth ? -1 : 1;
	if (x->m->line != y->m->line)
		return x->m->line > y->m->line ? -1 : 1;
	return 0;
}

size_t plan_teardown(const struct mount_table *t, const char *prefix,
		     const struct mountinfo **out)
{
	struct ranked *r;
	size_t i, n = 0;

	r = malloc((t->n ? t->n : 1) * sizeof(*r));
	if (!r)
		return 0;
	for (i = 0; i < t->n; i++) {
		if (!path_is_under(t->v[i].target, prefix))
			continue;
		r[n].m = &t->v[i];
		r[n].depth = path_depth(t->v[i].target);
		n++;
	}
	qsort(r, n, sizeof(*r), by_depth_then_newest);
	for (i = 0; i < n; i++)
		out[i] = r[i].m;
	free(r);
	return n;
}
