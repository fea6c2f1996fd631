/* test_kimage.c - kernel image headers and kexec error words. */
#include "unit.h"

#include <errno.h>
#include <string.h>

#include "kimage.h"

static unsigned char h[KIMAGE_HEADER_BYTES];

static void bzimage(void)
{
	memset(h, 0, sizeof(h));
	/* an EFI-stub bzImage starts with "MZ" too */
	h[0] = 'M';
	h[1] = 'Z';
	h[0x1fe] = 0x55;
	h[0x1ff] = 0xaa;
	memcpy(h + 0x202, "HdrS", 4);
	h[0x206] = 0x0f; /* protocol 2.15 */
	h[0x207] = 0x02;
}

static void arm64(void)
{
	memset(h, 0, sizeof(h));
	h[0] = 'M';
	h[1] = 'Z';
	memcpy(h + 0x38, "ARM\x64", 4);
}

static void test_bzimage(void **state)
{
	bzimage();
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_BZIMAGE);
	assert_int_equal(kimage_detect(h, 0x240), KIMAGE_BZIMAGE);
	assert_int_equal(kimage_detect(h, 0x206), KIMAGE_BZIMAGE);
	/* too short to see "HdrS": it is only an "MZ" file */
	assert_int_equal(kimage_detect(h, 0x205), KIMAGE_UNKNOWN);
	/* the boot flag matters */
	h[0x1fe] = 0xaa;
	h[0x1ff] = 0x55;
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_UNKNOWN);
	bzimage();
	memcpy(h + 0x202, "HdrX", 4);
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_UNKNOWN);
}

static void test_arm64(void **state)
{
	arm64();
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_ARM64);
	assert_int_equal(kimage_detect(h, 0x3c), KIMAGE_ARM64);
	assert_int_equal(kimage_detect(h, 0x3b), KIMAGE_UNKNOWN);
	/* a raw Image (no EFI stub) has no "MZ" */
	h[0] = h[1] = 0;
	assert_int_equal(kimage_detect(h, 64), KIMAGE_ARM64);
	memcpy(h + 0x38, "ARM\x65", 4);
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_UNKNOWN);
}

static void test_zboot(void **state)
{
	memset(h, 0, sizeof(h));
	memcpy(h, "MZ\0\0zimg", 8);
	memcpy(h + 8, "\0\0\0\0\0\0\0\0gzip", 12);
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_EFI_ZBOOT);
	assert_int_equal(kimage_detect(h, 8), KIMAGE_EFI_ZBOOT);
	assert_int_equal(kimage_detect(h, 7), KIMAGE_UNKNOWN);
	memcpy(h, "MZ\0\0zimx", 8);
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_UNKNOWN);
}

static void test_gzip(void **state)
{
	static const unsigned char gz[] = { 0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0x03 };

	assert_int_equal(kimage_detect(gz, sizeof(gz)), KIMAGE_GZIP);
	assert_int_equal(kimage_detect(gz, 2), KIMAGE_GZIP);
	assert_int_equal(kimage_detect(gz, 1), KIMAGE_UNKNOWN);
}

static void test_garbage(void **state)
{
	static const unsigned char elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };
	size_t i;

	assert_int_equal(kimage_detect(h, 0), KIMAGE_UNKNOWN);
	assert_int_equal(kimage_detect(elf, sizeof(elf)), KIMAGE_UNKNOWN);
	memset(h, 0, sizeof(h));
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_UNKNOWN);
	memset(h, 0xff, sizeof(h));
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_UNKNOWN);
	for (i = 0; i < sizeof(h); i++)
		h[i] = (unsigned char)(i * 131 + 7);
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_UNKNOWN);
	/* a shell script named vmlinuz */
	assert_int_equal(kimage_detect((const unsigned char *)"#!/bin/sh\n", 10), KIMAGE_UNKNOWN);
}

static void test_names_and_loadable(void **state)
{
	assert_string_equal(kimage_kind_name(KIMAGE_BZIMAGE), "x86 bzImage");
	assert_string_equal(kimage_kind_name(KIMAGE_ARM64), "arm64 Image");
	assert_string_equal(kimage_kind_name(KIMAGE_EFI_ZBOOT), "EFI zboot image");
	assert_string_equal(kimage_kind_name(KIMAGE_GZIP), "gzip data");
	assert_string_equal(kimage_kind_name(KIMAGE_UNKNOWN), "not a kernel image");
	assert_string_equal(kimage_kind_name((enum kimage_kind)99), "not a kernel image");
	assert_false(kimage_loadable_here(KIMAGE_UNKNOWN));
#if defined(__x86_64__)
	assert_true(kimage_loadable_here(KIMAGE_BZIMAGE));
	assert_false(kimage_loadable_here(KIMAGE_ARM64));
	assert_false(kimage_loadable_here(KIMAGE_EFI_ZBOOT));
	assert_false(kimage_loadable_here(KIMAGE_GZIP));
#elif defined(__aarch64__)
	assert_true(kimage_loadable_here(KIMAGE_ARM64));
	assert_true(kimage_loadable_here(KIMAGE_EFI_ZBOOT));
	assert_false(kimage_loadable_here(KIMAGE_BZIMAGE));
	assert_false(kimage_loadable_here(KIMAGE_GZIP));
#endif
}

static void test_explain(void **state)
{
	static const int errs[] = { EPERM, ENOSYS, ENOEXEC, EINVAL, ETXTBSY, EBUSY, EKEYREJECTED,
				    ENOKEY, EBADMSG, ENOMEM, E2BIG, ENOENT, EACCES, EIO, 0, 9999, -1 };
	size_t i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		const char *s = kexec_explain(errs[i]);

		assert_non_null(s);
		assert_true(strlen(s) > 0);
	}
	assert_non_null(strstr(kexec_explain(EPERM), "kexec_load_disabled"));
	assert_non_null(strstr(kexec_explain(EPERM), "lockdown"));
	assert_non_null(strstr(kexec_explain(ENOSYS), "CONFIG_KEXEC_FILE"));
	assert_non_null(strstr(kexec_explain(EKEYREJECTED), "signature"));
	assert_non_null(strstr(kexec_explain(ENOKEY), "signature"));
	assert_non_null(strstr(kexec_explain(EBADMSG), "signature"));
	assert_non_null(strstr(kexec_explain(E2BIG), "command line"));
	assert_non_null(strstr(kexec_explain(EBUSY), "in progress"));
	assert_string_equal(kexec_explain(EIO), strerror(EIO));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bzimage),
		cmocka_unit_test(test_arm64),
		cmocka_unit_test(test_zboot),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_names_and_loadable),
		cmocka_unit_test(test_explain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
