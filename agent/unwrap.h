/* unwrap.h - unpack a compressed or wrapped kernel into an in-memory file. */
#ifndef PITSTOP_UNWRAP_H
#define PITSTOP_UNWRAP_H

#include <stdint.h>
#include <sys/types.h>

/* The most an unpacked kernel may take: a gzip bomb stops here. */
#define UNWRAP_MAX ((uint64_t)256 << 20)

/* Inflates the gzip stream at offset off of fd (path names it in messages)
 * into a new in-memory file, in chunks, refusing more than max bytes.
 * Returns a read-only fd of the result and its size in *size, or -1 after
 * logging (corrupt or truncated data, too large, no memory). */
int unwrap_gzip(int fd, const char *path, off_t off, uint64_t max, uint64_t *size);

#endif
