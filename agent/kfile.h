/* kfile.h - the files handed to kexec_file_load: inputs opened so that they
 * can neither block nor be anything but a regular file; outputs (unpacked
 * kernels, concatenated initrds) built in memory. */
#ifndef PITSTOP_KFILE_H
#define PITSTOP_KFILE_H

#include <stddef.h>
#include <stdint.h>

/* Opens path read-only, without blocking (O_NONBLOCK: a FIFO cannot hang
 * us) and only if it is a regular file. Logs "load: WHAT PATH: why" and
 * returns -1 otherwise. */
int kfile_open(const char *path, const char *what);

/* A new in-memory file (memfd; else an O_TMPFILE on a tmpfs), read-write. */
int kfile_new(const char *name);
/* Writes all of buf; 0 or -1. */
int kfile_write(int fd, const void *buf, size_t len);
/* Done writing: the same content through a read-only descriptor (the
 * writable one is closed), so the kernel sees no writer (ETXTBSY). */
int kfile_seal(int fd);

/* The initrds of paths, in order, as one file: the file itself when n is
 * 1, else one in-memory file with each part padded to 4 bytes (cpio
 * archives, compressed or not, concatenate). -1 after logging. */
int kfile_concat(const char *const *paths, int n);

/* A byte range of a file (a section of a unified kernel image). */
struct kfile_range {
	uint64_t off, size;
};
/* kfile_concat with the nr ranges of fd first (a UKI's .ucode and .initrd). */
int kfile_concat_ranges(int fd, const struct kfile_range *r, int nr, const char *const *paths, int n);
/* size bytes at off of fd as a new in-memory file (a UKI's .linux), read-only; -1 after logging. */
int kfile_extract(int fd, uint64_t off, uint64_t size, const char *name);

#endif
