/* test_sdinfo.c - systemd's version from the libraries PID 1 maps. */
#include "unit.h"

#include <string.h>

#include "sdinfo.h"

#define LINE(s) sd_version_from_maps_line(s, strlen(s))

static void test_line(void **state)
{
	assert_int_equal(LINE("7f1c2a400000-7f1c2a4a5000 r--p 00000000 fe:01 1310 "
			      "/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-257.so"), 257);
	assert_int_equal(LINE("7f r-xp 0 fe:01 9 /usr/lib/systemd/libsystemd-core-262.so"), 262);
	/* Fedora-style suffix */
	assert_int_equal(LINE("7f r-xp 0 fe:01 9 /usr/lib64/systemd/libsystemd-shared-256.11-1.fc41.so"), 256);
	assert_int_equal(LINE("7f r-xp 0 fe:01 9 /usr/lib/systemd/libsystemd-shared-252.so (deleted)"), 252);
}

static void test_no_version(void **state)
{
	assert_int_equal(LINE("7f r-xp 0 fe:01 9 /usr/lib/x86_64-linux-gnu/libc.so.6"), 0);
	assert_int_equal(LINE("7f r-xp 0 fe:01 9 /usr/lib/libsystemd-shared-.so"), 0);
	assert_int_equal(LINE("7f r-xp 0 fe:01 9 /usr/lib/libsystemd-shared-123456.so"), 0);
	assert_int_equal(LINE("/libsystemd-shared-257"), 0); /* cut short */
	assert_int_equal(LINE(""), 0);
	/* not terminated: the length bounds the scan */
	assert_int_equal(sd_version_from_maps_line("/libsystemd-shared-257.so", 21), 0);
}

static void test_maps(void **state)
{
	static const char maps[] =
		"55d0c5a00000-55d0c5a0b000 r--p 00000000 fe:01 2001 /usr/lib/systemd/systemd\n"
		"7f1c2a000000-7f1c2a028000 r--p 00000000 fe:01 1400 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
		"7f1c2a400000-7f1c2a4a5000 r--p 00000000 fe:01 1310 "
		"/usr/lib/x86_64-linux-gnu/systemd/libsystemd-core-257.so\n"
		"7ffd1c000000-7ffd1c021000 rw-p 00000000 00:00 0 [stack]";

	assert_int_equal(sd_version_from_maps(maps, sizeof(maps) - 1), 257);
	assert_int_equal(sd_version_from_maps(maps, 120), 0);
	assert_int_equal(sd_version_from_maps("", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_no_version),
		cmocka_unit_test(test_maps),
	};
	return cmocka_run_group_tests_name("sdinfo", tests, NULL, NULL);
}
