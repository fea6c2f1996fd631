/* kfile.c - the files handed to kexec_file_load (see kfile.h). */
#include "kfile.h"
#include "kimage.h"
#include "log.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

#define COPY_CHUNK (64 * 1024)

static const char *file_type(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

int kfile_open(const char *path, const char *what)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0 && errno == ENAMETOOLONG) {
		log_err("load: %s path too long (%u bytes): refused", what, (unsigned)strlen(path));
		return -1;
	}
	if (fd < 0) {
		log_err("load: %s %s: %s", what, path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		log_err("load: %s %s: fstat: %s", what, path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		log_err("load: %s %s: %s, not a regular file", what, path, file_type(st.st_mode));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int kfile_new(const char *name)
{
	static const char *const dirs[] = { "/dev/shm", "/run", "/tmp", NULL };
	int fd = sys_memfd_create(name, PS_MFD_CLOEXEC | PS_MFD_NOEXEC_SEAL), i;

	if (fd < 0 && errno == EINVAL)
		fd = sys_memfd_create(name, PS_MFD_CLOEXEC);
	for (i = 0; fd < 0 && dirs[i]; i++)
		fd = open(dirs[i], O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		log_err("load: no in-memory file for %s (memfd_create, O_TMPFILE): %s", name, strerror(errno));
	return fd;
}

int kfile_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_err("load: writing the in-memory file: %s", w < 0 ? strerror(errno) : "no space");
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int kfile_seal(int fd)
{
	char self[40];
	int ro;

	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	ro = open(self, O_RDONLY | O_CLOEXEC);
	if (ro < 0) {
		/* no /proc: the writable descriptor may still do */
		log_debug("load: %s: %s; passing the writable descriptor", self, strerror(errno));
		lseek(fd, 0, SEEK_SET);
		return fd;
	}
	close(fd);
	return ro;
}

/* Appends the file at path to out; its size in *size. 0 or -1. */
static int append(int out, const char *path, char *buf, uint64_t *size)
{
	int in = kfile_open(path, "initrd");
	ssize_t r = 0;

	if (in < 0)
		return -1;
	*size = 0;
	while ((r = read(in, buf, COPY_CHUNK)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			log_err("load: initrd %s: %s", path, strerror(errno));
			break;
		}
		if (kfile_write(out, buf, (size_t)r) < 0)
			break;
		*size += (uint64_t)r;
	}
	close(in);
	return r == 0 ? 0 : -1;
}

/* Appends size bytes at off of in to out. 0 or -1. */
static int copy_range(int out, int in, uint64_t off, uint64_t size, char *buf)
{
	while (size > 0) {
		size_t want = size < COPY_CHUNK ? (size_t)size : COPY_CHUNK;
		ssize_t r = pread(in, buf, want, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			log_err("load: reading a section of the unified kernel image: %s",
				r < 0 ? strerror(errno) : "the file ends early");
			return -1;
		}
		if (kfile_write(out, buf, (size_t)r) < 0)
			return -1;
		off += (uint64_t)r;
		size -= (uint64_t)r;
	}
	return 0;
}

int kfile_extract(int fd, uint64_t off, uint64_t size, const char *name)
{
	char *buf = malloc(COPY_CHUNK);
	int out = buf ? kfile_new(name) : -1;

	if (out >= 0 && copy_range(out, fd, off, size, buf) < 0) {
		close(out);
		out = -1;
	}
	free(buf);
	return out < 0 ? -1 : kfile_seal(out);
}

/* Part i of the concatenation: a range of fd, then the files. */
static int add_part(int out, int fd, const struct kfile_range *r, int nr, const char *const *paths, int i,
		    char *buf, uint64_t *size)
{
	if (i >= nr)
		return append(out, paths[i - nr], buf, size);
	*size = r[i].size;
	return copy_range(out, fd, r[i].off, r[i].size, buf);
}

int kfile_concat_ranges(int fd, const struct kfile_range *r, int nr, const char *const *paths, int n)
{
	static const char zeros[4];
	char *buf;
	uint64_t size;
	int out, i;

	if (nr == 0 && n == 1)
		return kfile_open(paths[0], "initrd");
	buf = malloc(COPY_CHUNK);
	out = buf ? kfile_new("pitstop-initrd") : -1;
	for (i = 0; out >= 0 && i < nr + n; i++) {
		if (add_part(out, fd, r, nr, paths, i, buf, &size) < 0 ||
		    (i + 1 < nr + n && kfile_write(out, zeros, initrd_padding(size)) < 0)) {
			close(out);
			out = -1;
		}
	}
	free(buf);
	return out < 0 ? -1 : kfile_seal(out);
}

int kfile_concat(const char *const *paths, int n)
{
	return kfile_concat_ranges(-1, NULL, 0, paths, n);
}
