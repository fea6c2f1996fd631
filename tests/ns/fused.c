/* fused DIR - a FUSE file system without libfuse, for the namespace tests:
 * mounts DIR (a directory holding one directory, "sub"), prints the pid of
 * the daemon that serves it and returns. The test then mounts something on
 * DIR/sub and stops the daemon (SIGSTOP): from then on every path walk
 * through DIR (entries are never cached) waits for an answer that does not
 * come, the way a FUSE file system with a hung daemon behaves. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fuse.h>

static int fd;

static void reply(const struct fuse_in_header *in, int error, const void *data, size_t len)
{
	char buf[sizeof(struct fuse_out_header) + 256];
	struct fuse_out_header *out = (struct fuse_out_header *)buf;

	out->len = (unsigned)(sizeof(*out) + (error ? 0 : len));
	out->error = error;
	out->unique = in->unique;
	if (!error)
		memcpy(buf + sizeof(*out), data, len);
	(void)!write(fd, buf, out->len);
}

static void dir_attr(struct fuse_attr *a, unsigned long long ino)
{
	memset(a, 0, sizeof(*a));
	a->ino = ino;
	a->mode = S_IFDIR | 0755;
	a->nlink = 2;
	a->blksize = 4096;
}

static void serve(const struct fuse_in_header *in, const char *arg)
{
	switch (in->opcode) {
	case FUSE_INIT: {
		const struct fuse_init_in *ii = (const void *)arg;
		struct fuse_init_out o;

		memset(&o, 0, sizeof(o));
		o.major = FUSE_KERNEL_VERSION;
		o.minor = ii->minor < FUSE_KERNEL_MINOR_VERSION ? ii->minor : FUSE_KERNEL_MINOR_VERSION;
		o.max_readahead = ii->max_readahead;
		o.max_write = 4096;
		o.max_background = 16;
		o.congestion_threshold = 12;
		o.time_gran = 1;
		reply(in, 0, &o, sizeof(o));
		return;
	}
	case FUSE_GETATTR: {
		struct fuse_attr_out o;

		memset(&o, 0, sizeof(o));
		dir_attr(&o.attr, in->nodeid);
		reply(in, 0, &o, sizeof(o));
		return;
	}
	case FUSE_LOOKUP: {
		struct fuse_entry_out o;

		if (in->nodeid != FUSE_ROOT_ID || strcmp(arg, "sub") != 0) {
			reply(in, -ENOENT, NULL, 0);
			return;
		}
		memset(&o, 0, sizeof(o));
		o.nodeid = 2; /* entry_valid 0: looked up again on every walk */
		dir_attr(&o.attr, 2);
		reply(in, 0, &o, sizeof(o));
		return;
	}
	case FUSE_OPENDIR: {
		struct fuse_open_out o;

		memset(&o, 0, sizeof(o));
		reply(in, 0, &o, sizeof(o));
		return;
	}
	case FUSE_STATFS: {
		struct fuse_statfs_out o;

		memset(&o, 0, sizeof(o));
		o.st.bsize = o.st.frsize = 4096;
		o.st.namelen = 255;
		reply(in, 0, &o, sizeof(o));
		return;
	}
	case FUSE_READDIR:
	case FUSE_RELEASEDIR:
	case FUSE_ACCESS:
	case FUSE_DESTROY:
		reply(in, 0, NULL, 0);
		return;
	case FUSE_FORGET:
	case FUSE_BATCH_FORGET:
		return;
	default:
		reply(in, -ENOSYS, NULL, 0);
	}
}

int main(int argc, char **argv)
{
	static char buf[FUSE_MIN_READ_BUFFER + 65536];
	char opts[128];
	pid_t pid;

	if (argc != 2)
		return fprintf(stderr, "usage: fused DIR\n"), 2;
	fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return perror("/dev/fuse"), 1;
	snprintf(opts, sizeof(opts), "fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other", fd);
	if (mount("fused", argv[1], "fuse.fused", MS_NOSUID | MS_NODEV, opts) < 0)
		return perror("mount fuse"), 1;
	pid = fork();
	if (pid < 0)
		return perror("fork"), 1;
	if (pid > 0) {
		printf("%d\n", (int)pid);
		return 0;
	}
	/* the caller reads our pid from a pipe: do not keep it open */
	{
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && (errno == EINTR || errno == ENOENT))
			continue;
		if (n < (ssize_t)sizeof(struct fuse_in_header))
			_exit(0); /* unmounted or aborted */
		serve((const struct fuse_in_header *)buf, buf + sizeof(struct fuse_in_header));
	}
}
