/* fileio.h - read small files whole, write short strings. */
#ifndef PITSTOP_FILEIO_H
#define PITSTOP_FILEIO_H

#include <stddef.h>

/* Reads up to max bytes of path into a malloc'd, NUL-terminated buffer.
 * Returns 0 and sets *buf, *len; -1 with errno on failure. */
int read_file(const char *path, size_t max, char **buf, size_t *len);
/* Reads a short file into out (NUL-terminated, trailing newline cut). */
int read_line(const char *path, char *out, size_t outsz);
/* Writes s to an existing file, from its start (for /proc and /sys). */
int write_string(const char *path, const char *s);
/* Creates or truncates path (mode 0600) holding s. */
int create_file(const char *path, const char *s);

#endif
