/* unwrap.c - inflate a gzip'd kernel (plain, or an EFI ZBOOT payload) into
 * an in-memory file, a chunk at a time, never more than a bound. */
#include "unwrap.h"
#include "kfile.h"
#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef PITSTOP_NO_INFLATE
/* x86_64 kernels are bzImages (also inside a UKI): nothing there comes gzip'd, and
 * klibc's zlib would add 15 KB to a binary that must stay small. */
int unwrap_gzip(int fd, const char *path, off_t off, uint64_t max, uint64_t *size)
{
	(void)fd, (void)off, (void)max, (void)size;
	log_err("load: %s: gzip-compressed kernel: this build does not unpack gzip "
		"(x86_64 kernels are bzImages); decompress it first", path);
	return -1;
}
#else
#include <zlib.h>

#define CHUNK (64 * 1024)

struct inflater {
	z_stream zs;
	unsigned char *in, *out;
	const char *path;
};

/* Feeds the next chunk of fd; 0, or -1 at the end of the file or an error. */
static int refill(struct inflater *f, int fd)
{
	ssize_t n;

	do
		n = read(fd, f->in, CHUNK);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		log_err("load: %s: %s", f->path, n < 0 ? strerror(errno) : "the gzip data ends early (truncated)");
		return -1;
	}
	f->zs.next_in = f->in;
	f->zs.avail_in = (unsigned)n;
	return 0;
}

/* Inflates until the stream ends, writing to out; the size in *size. */
static int pump(struct inflater *f, int fd, int out, uint64_t max, uint64_t *size)
{
	int r = Z_OK;

	*size = 0;
	while (r != Z_STREAM_END) {
		size_t made;

		if (f->zs.avail_in == 0 && refill(f, fd) < 0)
			return -1;
		f->zs.next_out = f->out;
		f->zs.avail_out = CHUNK;
		r = inflate(&f->zs, Z_NO_FLUSH);
		if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR) {
			log_err("load: %s: corrupt gzip data (%s)", f->path, f->zs.msg ? f->zs.msg : "inflate failed");
			return -1;
		}
		made = CHUNK - f->zs.avail_out;
		if (*size + made > max) {
			log_err("load: %s: unpacks to more than %llu MiB: refused", f->path,
				(unsigned long long)(max >> 20));
			return -1;
		}
		if (kfile_write(out, f->out, made) < 0)
			return -1;
		*size += made;
	}
	return 0;
}

int unwrap_gzip(int fd, const char *path, off_t off, uint64_t max, uint64_t *size)
{
	struct inflater f;
	int out = -1, ok = -1;

	memset(&f, 0, sizeof(f));
	f.path = path;
	f.in = malloc(CHUNK);
	f.out = malloc(CHUNK);
	if (!f.in || !f.out || inflateInit2(&f.zs, 16 + MAX_WBITS) != Z_OK) {
		log_err("load: %s: no memory to unpack it", path);
		goto done;
	}
	if (lseek(fd, off, SEEK_SET) != off) {
		log_err("load: %s: seek to %lld: %s", path, (long long)off, strerror(errno));
	} else if ((out = kfile_new("pitstop-kernel")) >= 0) {
		ok = pump(&f, fd, out, max, size);
	}
	inflateEnd(&f.zs);
done:
	free(f.in);
	free(f.out);
	if (ok < 0) {
		if (out >= 0)
			close(out);
		return -1;
	}
	return kfile_seal(out);
}

#endif
