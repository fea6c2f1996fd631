/* test_unwrap.c - inflating into an in-memory file: the result, the bound,
 * truncated and corrupt streams, a ZBOOT payload offset; kfile's inputs
 * and initrd concatenation. Built with agent/unwrap.c, kfile.c and zlib. */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "kfile.h"
#include "unwrap.h"

static char dir[64];

static int setup(void **state)
{
	strcpy(dir, "/tmp/pitstop-unwrap-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

/* gzip of n bytes of pattern (after a prefix of pre zero bytes) into a file. */
static const char *gz_file(const char *name, size_t pre, size_t n, size_t cut, int corrupt)
{
	static char path[128];
	unsigned char *in = malloc(n), *out = malloc(n + 1024);
	z_stream zs;
	size_t len, i;
	int fd;

	assert_non_null(in);
	assert_non_null(out);
	for (i = 0; i < n; i++)
		in[i] = (unsigned char)(i * 7 + i / 251);
	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = in;
	zs.avail_in = (unsigned)n;
	zs.next_out = out;
	zs.avail_out = (unsigned)(n + 1024);
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	len = zs.total_out - cut;
	deflateEnd(&zs);
	if (corrupt)
		out[len / 2] ^= 0x55, out[len / 2 + 1] ^= 0xaa;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	memset(in, 0, pre < n ? pre : n);
	assert_int_equal(write(fd, in, pre), (ssize_t)pre);
	assert_int_equal(write(fd, out, len), (ssize_t)len);
	close(fd);
	free(in);
	free(out);
	return path;
}

static int gz_unwrap(const char *path, off_t off, uint64_t max, uint64_t *size)
{
	int fd = kfile_open(path, "kernel"), r;

	assert_true(fd >= 0);
	r = unwrap_gzip(fd, path, off, max, size);
	close(fd);
	return r;
}

static void test_roundtrip(void **state)
{
	uint64_t size = 0;
	unsigned char b[4];
	int fd = gz_unwrap(gz_file("k.gz", 0, 300000, 0, 0), 0, 1 << 20, &size);

	assert_true(fd >= 0);
	assert_int_equal(size, 300000);
	/* read-only, from the start, the right bytes */
	assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	assert_int_equal(pread(fd, b, 4, 299996), 4);
	assert_int_equal(b[3], (unsigned char)(299999 * 7 + 299999 / 251));
	assert_int_equal(write(fd, "x", 1), -1);
	close(fd);
	/* at an offset, as in an EFI ZBOOT image */
	fd = gz_unwrap(gz_file("z.efi", 512, 1000, 0, 0), 512, 1 << 20, &size);
	assert_true(fd >= 0);
	assert_int_equal(size, 1000);
	close(fd);
}

static void test_bound(void **state)
{
	uint64_t size;

	/* exactly the bound is fine, one byte over is refused */
	assert_true(gz_unwrap(gz_file("b.gz", 0, 200000, 0, 0), 0, 200000, &size) >= 0);
	assert_int_equal(gz_unwrap(gz_file("b.gz", 0, 200001, 0, 0), 0, 200000, &size), -1);
}

static void test_truncated_and_corrupt(void **state)
{
	uint64_t size;

	assert_int_equal(gz_unwrap(gz_file("t.gz", 0, 300000, 100, 0), 0, 1 << 20, &size), -1);
	assert_int_equal(gz_unwrap(gz_file("t.gz", 0, 300000, 4, 0), 0, 1 << 20, &size), -1); /* no ISIZE */
	assert_int_equal(gz_unwrap(gz_file("c.gz", 0, 300000, 0, 1), 0, 1 << 20, &size), -1);
	/* a wrong offset: not gzip there */
	assert_int_equal(gz_unwrap(gz_file("o.gz", 0, 1000, 0, 0), 3, 1 << 20, &size), -1);
}

static void put(const char *name, const char *s)
{
	char p[128];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
}

static void test_concat(void **state)
{
	char a[128], b[128], c[128], buf[32];
	const char *v[3] = { a, b, c };
	int fd;

	put("a", "ucode");   /* 5: padded to 8 */
	put("b", "12345678"); /* 8: no padding */
	put("c", "xy");
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	snprintf(c, sizeof(c), "%s/c", dir);
	fd = kfile_concat(v, 3);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf)), 18);
	assert_memory_equal(buf, "ucode\0\0\0" "12345678" "xy", 18);
	close(fd);
	/* one initrd is the file itself */
	fd = kfile_concat(v, 1);
	assert_int_equal(read(fd, buf, sizeof(buf)), 5);
	close(fd);
	/* a missing or non-regular part fails the whole */
	snprintf(b, sizeof(b), "%s", dir);
	assert_int_equal(kfile_concat(v, 3), -1);
	snprintf(b, sizeof(b), "%s/missing", dir);
	assert_int_equal(kfile_concat(v, 3), -1);
}

static void test_open_regular_only(void **state)
{
	char fifo[128];

	assert_int_equal(kfile_open("/dev/zero", "kernel"), -1);
	assert_int_equal(kfile_open(dir, "kernel"), -1);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(kfile_open(fifo, "kernel"), -1); /* and does not block */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_roundtrip),
		T(test_bound),
		T(test_truncated_and_corrupt),
		T(test_concat),
		T(test_open_regular_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
