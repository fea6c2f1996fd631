/* fileio.c - whole-file reads for /proc, /sys and config files. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int read_file(const char *path, size_t max, char **buf, size_t *len)
{
	size_t cap = max < 4096 ? max : 4096, n = 0;
	char *b = malloc(cap + 1);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !b) {
		int e = fd < 0 ? errno : ENOMEM;
		free(b);
		if (fd >= 0)
			close(fd);
		errno = e;
		return -1;
	}
	for (;;) {
		ssize_t r;

		if (n == cap && cap < max) {
			char *nb;

			cap = cap * 2 > max ? max : cap * 2;
			nb = realloc(b, cap + 1);
			if (!nb) {
				free(b);
				close(fd);
				errno = ENOMEM;
				return -1;
			}
			b = nb;
		}
		if (n == cap)
			break;
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(b);
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

int read_line(const char *path, char *out, size_t outsz)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = read(fd, out, outsz - 1);
	close(fd);
	if (r < 0)
		return -1;
	out[r] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return 0;
}

static int write_open(const char *path, const char *s, int flags, mode_t mode)
{
	int fd = open(path, flags | O_WRONLY | O_CLOEXEC | O_NOCTTY, mode);
	ssize_t r;
	int e;

	if (fd < 0)
		return -1;
	r = write(fd, s, strlen(s));
	e = errno;
	close(fd);
	errno = e;
	return r == (ssize_t)strlen(s) ? 0 : -1;
}

int write_string(const char *path, const char *s)
{
	return write_open(path, s, 0, 0);
}

int create_file(const char *path, const char *s)
{
	return write_open(path, s, O_CREAT | O_TRUNC, 0600);
}
