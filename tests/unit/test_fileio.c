/* test_fileio.c - whole-file reads and short writes, on temporary files. */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "fileio.h"

static char dir[64], path[128];

static int setup(void **state)
{
	strcpy(dir, "/tmp/pitstop-fileio-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/f", dir);
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	return rmdir(dir);
}

static void put(const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void test_read_small(void **state)
{
	char *b = NULL;
	size_t len = 99;

	put("hello\nworld\n", 12);
	assert_int_equal(read_file(path, 1 << 16, &b, &len), 0);
	assert_int_equal(len, 12);
	assert_string_equal(b, "hello\nworld\n");
	free(b);

	put("", 0);
	assert_int_equal(read_file(path, 1 << 16, &b, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(b, "");
	free(b);
}

static void test_read_sizes(void **state)
{
	static const size_t sizes[] = { 4095, 4096, 4097, 8192, 8193, 100000 };
	size_t i, j, len;
	char *data = malloc(100000), *b;

	assert_non_null(data);
	for (j = 0; j < 100000; j++)
		data[j] = (char)('a' + j % 26);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		put(data, sizes[i]);
		assert_int_equal(read_file(path, 1 << 20, &b, &len), 0);
		assert_int_equal(len, sizes[i]);
		assert_memory_equal(b, data, len);
		assert_int_equal(b[len], '\0');
		free(b);
	}
	free(data);
}

static void test_read_max(void **state)
{
	char *data = malloc(100000), *b;
	size_t len;

	assert_non_null(data);
	memset(data, 'x', 100000);
	put(data, 100000);
	assert_int_equal(read_file(path, 10000, &b, &len), 0);
	assert_int_equal(len, 10000);
	assert_int_equal(b[len], '\0');
	free(b);
	/* a max below the first chunk is honoured too */
	assert_int_equal(read_file(path, 10, &b, &len), 0);
	assert_int_equal(len, 10);
	assert_int_equal(strlen(b), 10);
	free(b);
	assert_int_equal(read_file(path, 0, &b, &len), 0);
	assert_int_equal(len, 0);
	free(b);
	free(data);
}

static void test_read_proc(void **state)
{
	char *b;
	size_t len;

	/* /proc files report size 0: the reader must not trust st_size */
	assert_int_equal(read_file("/proc/self/mountinfo", 1 << 20, &b, &len), 0);
	assert_true(len > 0);
	assert_int_equal(strlen(b), len);
	free(b);
}

static void test_read_missing(void **state)
{
	char *b = (char *)0x1;
	size_t len = 7;

	errno = 0;
	assert_int_equal(read_file("/nonexistent/pitstop", 100, &b, &len), -1);
	assert_int_equal(errno, ENOENT);
	assert_ptr_equal(b, (char *)0x1);
	assert_int_equal(len, 7);
	/* a directory opens, but cannot be read */
	errno = 0;
	assert_int_equal(read_file(dir, 100, &b, &len), -1);
	assert_int_equal(errno, EISDIR);
}

static void test_read_line(void **state)
{
	char out[8];

	put("first\nsecond\n", 13);
	assert_int_equal(read_line(path, out, sizeof(out)), 0);
	assert_string_equal(out, "first");
	put("0123456789", 10);
	assert_int_equal(read_line(path, out, sizeof(out)), 0);
	assert_string_equal(out, "0123456");
	put("", 0);
	assert_int_equal(read_line(path, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(read_line("/nonexistent/pitstop", out, sizeof(out)), -1);
}

static void test_write_string(void **state)
{
	char out[64];

	put("old content that is long", 24);
	assert_int_equal(write_string(path, "new"), 0);
	/* no O_TRUNC: like writing to /sys or /proc, it overwrites the start */
	assert_int_equal(read_line(path, out, sizeof(out)), 0);
	assert_string_equal(out, "new content that is long");
	assert_int_equal(write_string("/nonexistent/pitstop", "x"), -1);
	assert_int_equal(errno, ENOENT);
}

static mode_t current_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

static void test_create_file(void **state)
{
	char out[64];
	struct stat st;

	unlink(path);
	assert_int_equal(create_file(path, "kexec"), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600 & ~current_umask());
	assert_int_equal(read_line(path, out, sizeof(out)), 0);
	assert_string_equal(out, "kexec");
	/* O_TRUNC: a shorter string replaces a longer one whole */
	put("old content that is long", 24);
	assert_int_equal(create_file(path, "halt"), 0);
	assert_int_equal(read_line(path, out, sizeof(out)), 0);
	assert_string_equal(out, "halt");
	assert_int_equal(create_file("/nonexistent/pitstop", "x"), -1);
	assert_int_equal(errno, ENOENT);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_read_small),
		T(test_read_sizes),
		T(test_read_max),
		T(test_read_proc),
		T(test_read_missing),
		T(test_read_line),
		T(test_write_string),
		T(test_create_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
