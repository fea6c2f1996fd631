/* gate.c - may this process act as the exitrd? (see gate.h) */
#include "gate.h"
#include "fileio.h"
#include "log.h"
#include "mounttable.h"
#include "paths.h"
#include "procparse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CAP_SYS_BOOT_BIT 22
/* the inode of the first PID namespace, fixed by the kernel (PROC_PID_INIT_INO) */
#define PID_NS_INIT_INO 0xEFFFFFFCULL

struct evidence {
	bool pid1, container, oldroot, root, cap_boot;
	const char *oldroot_why;
};

/* 1 in a PID namespace other than the first, 0 in the first, -1 unknown */
static int pid_ns_nested(void)
{
	char buf[64];
	ssize_t n = readlink("/proc/self/ns/pid", buf, sizeof(buf) - 1);
	unsigned long long ino;
	char *end;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (strncmp(buf, "pid:[", 5) != 0)
		return -1;
	ino = strtoull(buf + 5, &end, 10);
	if (end == buf + 5 || strcmp(end, "]") != 0)
		return -1;
	return ino != PID_NS_INIT_INO;
}

/* /proc must be this PID namespace's: /proc/self names us. */
static int proc_is_ours(void)
{
	char buf[32], want[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	snprintf(want, sizeof(want), "%d", (int)getpid());
	return strcmp(buf, want) == 0 ? 0 : -1;
}

static int gather(struct evidence *e)
{
	unsigned long long cap;
	struct stat st;
	char *status;
	size_t len;
	int n, m;

	memset(e, 0, sizeof(*e));
	e->pid1 = getpid() == 1;
	e->root = geteuid() == 0;
	if (proc_is_ours() < 0 || read_file("/proc/self/status", 1 << 16, &status, &len) < 0)
		return -1;
	m = proc_status_nums(status, "CapEff", 16, &cap, 1);
	free(status);
	n = pid_ns_nested();
	if (n < 0 || m != 1)
		return -1;
	e->container = n == 1;
	e->cap_boot = (cap >> CAP_SYS_BOOT_BIT) & 1;
	/* the mount table, not stat(2): no I/O on the old root (it may be a dead
	 * NFS root), and a symbolic link is never followed */
	if ((m = mount_at(OLDROOT)) < 0)
		return -1;
	e->oldroot = m == 1;
	if (!e->oldroot)
		e->oldroot_why = lstat(OLDROOT, &st) == 0 && S_ISLNK(st.st_mode) ? "is a symbolic link"
										 : "has nothing mounted on it";
	return 0;
}

int exitrd_gate(bool *container)
{
	struct evidence e;

	errno = 0;
	if (gather(&e) < 0) {
		log_err("cannot tell whether this is an exitrd (%s): refusing to act",
			errno ? strerror(errno) : "/proc is missing or belongs to another PID namespace");
		return -1;
	}
	if (!e.pid1 && !e.container && !e.oldroot) {
		log_err("not running as an exitrd (not PID 1, not in a container, and " OLDROOT
			" %s): refusing to act. From a running system without systemd use "
			"'pitstop reboot|poweroff|halt|kexec'", e.oldroot_why);
		return -1;
	}
	if (!e.root || !e.cap_boot) {
		log_err("the exitrd needs uid 0 and CAP_SYS_BOOT (%s): refusing to act",
			!e.root ? "not root" : "no CAP_SYS_BOOT");
		return -1;
	}
	*container = e.container;
	return 0;
}
