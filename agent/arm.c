/* arm.c - set up the exitrd at boot.
 *
 * /run/initramfs becomes its own tmpfs (0700, root, exec allowed: Debian
 * mounts /run noexec, and systemd only jumps into an executable
 * /run/initramfs/shutdown), what was in the directory before is carried
 * over (initramfs-tools' fsck logs, dracut's state), and pitstop is
 * copied in as "shutdown" next to the empty mount points the pivot needs. */
#include "arm.h"
#include "fileio.h"
#include "log.h"
#include "reportio.h"
#include "mounttable.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define CARRY_MAX_BYTES (4u << 20)
#define TMPFS_OPTS "mode=0700,size=16m"

/* Refuses a target an unprivileged user could have prepared. */
static int check_dir(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) < 0) {
		if (errno == ENOENT && mkdir(dir, 0700) == 0)
			return 0;
		log_err("arm: %s: %s", dir, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		log_err("arm: %s is a symbolic link; refusing to follow it", dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		log_err("arm: %s exists and is not a directory", dir);
		return -1;
	}
	if (st.st_uid != 0 || (st.st_mode & 022)) {
		log_err("arm: %s is owned by uid %u with mode %04o; it must be root's and "
			"not group/world-writable", dir, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
		return -1;
	}
	return 0;
}

/* 1: dir is a mount we can exec from; 0: a noexec mount; -1: not a mount. */
static int mount_state(const char *dir)
{
	struct mount_table t;
	int state = -1;
	size_t i;

	if (mount_table_read(&t) < 0)
		return -1;
	for (i = 0; i < t.n; i++)
		if (strcmp(t.v[i].target, dir) == 0)
			state = opts_has(t.v[i].mnt_opts, "noexec") ? 0 : 1;
	mount_table_free(&t);
	return state;
}

static int copy_fd(int in, int out, size_t *budget)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if ((size_t)n > *budget) {
			errno = EFBIG;
			return -1;
		}
		*budget -= (size_t)n;
		if (write(out, buf, (size_t)n) != n)
			return -1;
	}
	return n < 0 ? -1 : 0;
}

/* Copies the tree under from_fd into to_fd (files and directories). */
static int carry(int from_fd, int to_fd, size_t *budget)
{
	DIR *d = fdopendir(dup(from_fd));
	struct dirent *de;
	int r = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		struct stat st;
		int in, out;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    fstatat(from_fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		/* O_NOFOLLOW | O_NONBLOCK, and the type checked again on the open
		 * file: what fstatat saw may have been replaced by a link or a fifo */
		if (S_ISDIR(st.st_mode)) {
			mkdirat(to_fd, de->d_name, st.st_mode & 07777);
			in = openat(from_fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			out = openat(to_fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (in < 0 || out < 0 || carry(in, out, budget) < 0)
				r = -1;
		} else if (S_ISREG(st.st_mode)) {
			in = openat(from_fd, de->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
			out = in < 0 || fstat(in, &st) < 0 || !S_ISREG(st.st_mode) ? -1 :
			      openat(to_fd, de->d_name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
				     st.st_mode & 07777);
			if (in < 0 || out < 0 || copy_fd(in, out, budget) < 0)
				r = -1;
		} else {
			continue; /* sockets, fifos, links: nothing the exitrd needs */
		}
		if (in >= 0)
			close(in);
		if (out >= 0)
			close(out);
	}
	closedir(d);
	return r;
}

/* Puts a fresh tmpfs over dir and carries the old content into it. */
static int mount_tmpfs(const char *dir)
{
	int old = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), new_fd;
	size_t budget = CARRY_MAX_BYTES;

	if (old < 0 || mount("pitstop", dir, "tmpfs", MS_NOSUID | MS_NODEV, TMPFS_OPTS) < 0) {
		log_err("arm: mount tmpfs on %s: %s", dir, strerror(errno));
		if (old >= 0)
			close(old);
		return -1;
	}
	new_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (new_fd < 0 || carry(old, new_fd, &budget) < 0)
		log_warn("arm: could not carry everything from the old %s: %s", dir, strerror(errno));
	close(old);
	if (new_fd >= 0)
		close(new_fd);
	return 0;
}

static int same_content(int a, int b)
{
	char x[4096], y[4096];
	ssize_t n, m;

	do {
		n = read(a, x, sizeof(x));
		m = read(b, y, sizeof(y));
		if (n != m || n < 0 || memcmp(x, y, (size_t)n) != 0)
			return 0;
	} while (n > 0);
	return 1;
}

/* Copies binary to dir/shutdown (0700) unless an identical copy is there. */
static int install_self(const char *dir, const char *binary)
{
	char dst[512], tmp[512];
	size_t budget = 64u << 20;
	int in, out, cur, same = 0;

	snprintf(dst, sizeof(dst), "%s/shutdown", dir);
	snprintf(tmp, sizeof(tmp), "%s/.shutdown.new", dir);
	in = open(binary, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		log_err("arm: cannot read %s: %s", binary, strerror(errno));
		return -1;
	}
	cur = open(dst, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (cur >= 0) {
		same = same_content(in, cur);
		close(cur);
		lseek(in, 0, SEEK_SET);
	}
	if (same) {
		close(in);
		return chmod(dst, 0700);
	}
	unlink(tmp);
	out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	if (out < 0 || copy_fd(in, out, &budget) < 0 || fsync(out) < 0 || rename(tmp, dst) < 0) {
		log_err("arm: cannot install %s: %s", dst, strerror(errno));
		close(in);
		if (out >= 0)
			close(out);
		unlink(tmp);
		return -1;
	}
	close(in);
	close(out);
	return 0;
}

int arm(const char *dir, const char *binary)
{
	static const char *const subdirs[] = { "oldroot", "dev", "proc", "sys", "run", NULL };
	char path[512];
	int state, i;

	if (check_dir(dir) < 0)
		return -1;
	state = mount_state(dir);
	if (state < 0 && mount_tmpfs(dir) < 0)
		return -1;
	if (state == 0 && mount(NULL, dir, NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV, NULL) < 0) {
		log_err("arm: %s is mounted noexec and cannot be remounted exec: %s", dir, strerror(errno));
		return -1;
	}
	if (chmod(dir, 0700) < 0 || chown(dir, 0, 0) < 0)
		log_warn("arm: cannot set %s to root 0700: %s", dir, strerror(errno));
	for (i = 0; subdirs[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subdirs[i]);
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			log_err("arm: mkdir %s: %s", path, strerror(errno));
			return -1;
		}
	}
	if (install_self(dir, binary) < 0)
		return -1;
	log_notice("arm: %s/shutdown ready (%s); shutdown reports: %s", dir,
		   state < 0 ? "new tmpfs" : state == 0 ? "remounted exec" : "existing mount",
		   report_keep_text(report_keep()));
	return 0;
}

int cmd_arm(int argc, char **argv)
{
	const char *dir = ARM_DIR, *binary = "/proc/self/exe";
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--binary") && i + 1 < argc)
			binary = argv[++i];
		else {
			log_err("arm: unknown argument '%s' (arm [--dir DIR] [--binary FILE])", argv[i]);
			return 2;
		}
	}
	return arm(dir, binary) == 0 ? 0 : 1;
}
