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
	assert_string_equal(kimage_kind_name(KIMAGE_GZIP), "gzip");
	assert_string_equal(kimage_kind_name(KIMAGE_ZSTD), "zstd");
	assert_string_equal(kimage_kind_name(KIMAGE_KIND_COUNT), "not a kernel image");
	assert_true(kimage_compressed(KIMAGE_GZIP));
	assert_true(kimage_compressed(KIMAGE_LZO));
	assert_false(kimage_compressed(KIMAGE_EFI_ZBOOT));
	assert_false(kimage_compressed(KIMAGE_PE));
	assert_false(kimage_compressed(KIMAGE_KIND_COUNT));
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
	assert_false(kimage_loadable_here(KIMAGE_EFI_ZBOOT));
	assert_false(kimage_loadable_here(KIMAGE_BZIMAGE));
	assert_false(kimage_loadable_here(KIMAGE_GZIP));
#endif
}

static void test_compressors_and_pe(void **state)
{
	static const struct {
		const char *bytes;
		size_t n;
		enum kimage_kind kind;
	} v[] = {
		{ "\x28\xb5\x2f\xfd\x24\x00", 6, KIMAGE_ZSTD },
		{ "\xfd" "7zXZ\0\0", 7, KIMAGE_XZ },
		{ "\xfd" "7zXZ", 5, KIMAGE_UNKNOWN },
		{ "\x5d\0\0\x80\0", 5, KIMAGE_LZMA },
		{ "BZh91AY", 7, KIMAGE_BZIP2 },
		{ "\x02\x21\x4c\x18", 4, KIMAGE_LZ4 },
		{ "\x04\x22\x4d\x18", 4, KIMAGE_LZ4 },
		{ "\x89LZO\0", 5, KIMAGE_LZO },
		{ "\x1f\x8b\x08", 3, KIMAGE_GZIP },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_int_equal(kimage_detect((const unsigned char *)v[i].bytes, v[i].n), v[i].kind);
	/* a PE that is neither bzImage, arm64 Image nor ZBOOT: a UKI, say */
	memset(h, 0, sizeof(h));
	memcpy(h, "MZ", 2);
	h[0x3c] = 0x80;
	memcpy(h + 0x80, "PE\0\0", 4);
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_PE);
	assert_int_equal(kimage_detect(h, 0x84), KIMAGE_PE);
	assert_int_equal(kimage_detect(h, 0x83), KIMAGE_UNKNOWN);
	h[0x3c] = 0xff; /* e_lfanew far out */
	h[0x3f] = 0x7f;
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_UNKNOWN);
	h[0x3c] = 0xfe; /* e_lfanew at the very end */
	h[0x3d] = 0x0f;
	h[0x3f] = 0;
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_UNKNOWN);
}

/* A ZBOOT header as zboot-header.S lays it out. */
static void zboot(uint32_t off, uint32_t size, const char *comp)
{
	memset(h, 0, sizeof(h));
	memcpy(h, "MZ\0\0zimg", 8);
	h[8] = (unsigned char)off, h[9] = (unsigned char)(off >> 8), h[10] = (unsigned char)(off >> 16);
	h[11] = (unsigned char)(off >> 24);
	h[12] = (unsigned char)size, h[13] = (unsigned char)(size >> 8), h[14] = (unsigned char)(size >> 16);
	h[15] = (unsigned char)(size >> 24);
	memcpy(h + 24, comp, strlen(comp));
	memcpy(h + 0x38, "\xcd\x23\x82\x81", 4); /* LINUX_PE_MAGIC */
}

static void test_zboot_parse(void **state)
{
	struct kimage_zboot z;

	zboot(0x1000, 0x2000, "gzip");
	assert_int_equal(kimage_detect(h, sizeof(h)), KIMAGE_EFI_ZBOOT);
	assert_int_equal(kimage_parse_zboot(h, sizeof(h), 0x3000, &z), 0);
	assert_int_equal(z.payload_offset, 0x1000);
	assert_int_equal(z.payload_size, 0x2000);
	assert_string_equal(z.comp, "gzip");
	/* payload beyond the file: truncated */
	assert_int_equal(kimage_parse_zboot(h, sizeof(h), 0x2fff, &z), -1);
	/* header cut short */
	assert_int_equal(kimage_parse_zboot(h, 0x3f, 0x3000, &z), -1);
	/* overflow of offset + size */
	zboot(0xfffffff0, 0x20, "gzip");
	assert_int_equal(kimage_parse_zboot(h, sizeof(h), (uint64_t)1 << 33, &z), 0);
	assert_int_equal(kimage_parse_zboot(h, sizeof(h), 0xffffffff, &z), -1);
	/* the payload inside the header, empty, nameless or unterminated */
	zboot(0x20, 0x10, "gzip");
	assert_int_equal(kimage_parse_zboot(h, sizeof(h), 0x3000, &z), -1);
	zboot(0x1000, 0, "gzip");
	assert_int_equal(kimage_parse_zboot(h, sizeof(h), 0x3000, &z), -1);
	zboot(0x1000, 0x10, "");
	assert_int_equal(kimage_parse_zboot(h, sizeof(h), 0x3000, &z), -1);
	zboot(0x1000, 0x10, "zstd");
	memset(h + 24, 'z', 32);
	assert_int_equal(kimage_parse_zboot(h, sizeof(h), 0x3000, &z), -1);
	zboot(0x1000, 0x10, "zstd22_with_size_and_a_long_nam");
	assert_int_equal(kimage_parse_zboot(h, sizeof(h), 0x3000, &z), 0);
	assert_int_equal(strlen(z.comp), 31);
	/* not a ZBOOT at all */
	arm64();
	assert_int_equal(kimage_parse_zboot(h, sizeof(h), 0x3000, &z), -1);
}

static void test_gzip_header(void **state)
{
	static const unsigned char plain[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3, 0xed };
	/* FEXTRA (2 bytes), FNAME "vmlinux", FCOMMENT "c", FHCRC */
	static const unsigned char full[] = { 0x1f, 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3, 2, 0, 'x', 'y',
					      'v', 'm', 'l', 'i', 'n', 'u', 'x', 0, 'c', 0, 0xaa, 0xbb, 0xed };
	unsigned char b[sizeof(full)];
	size_t n;

	assert_int_equal(gzip_header_len(plain, sizeof(plain)), 10);
	assert_int_equal(gzip_header_len(full, sizeof(full)), sizeof(full) - 1);
	/* every cut of the header is "short", never a wrong length */
	for (n = 0; n < sizeof(full) - 1; n++)
		assert_int_equal(gzip_header_len(full, n), GZIP_SHORT);
	for (n = 0; n < 10; n++)
		assert_int_equal(gzip_header_len(plain, n), GZIP_SHORT);
	/* not deflate, reserved flags, wrong magic */
	memcpy(b, plain, sizeof(plain));
	b[2] = 7;
	assert_int_equal(gzip_header_len(b, sizeof(plain)), GZIP_BAD);
	assert_int_equal(gzip_header_len(b, 2), GZIP_SHORT);
	memcpy(b, plain, sizeof(plain));
	b[3] = 0x20;
	assert_int_equal(gzip_header_len(b, sizeof(plain)), GZIP_BAD);
	b[0] = 0x1e;
	assert_int_equal(gzip_header_len(b, 1), GZIP_BAD);
	/* an FEXTRA length past the end */
	memcpy(b, full, sizeof(full));
	b[10] = 0xff;
	assert_int_equal(gzip_header_len(b, sizeof(full)), GZIP_SHORT);
}

static void test_trailer_and_padding(void **state)
{
	static const unsigned char t[8] = { 1, 2, 3, 4, 0x00, 0x00, 0x00, 0x10 };

	assert_int_equal(gzip_trailer_size(t), 0x10000000);
	assert_int_equal(initrd_padding(0), 0);
	assert_int_equal(initrd_padding(1), 3);
	assert_int_equal(initrd_padding(2), 2);
	assert_int_equal(initrd_padding(3), 1);
	assert_int_equal(initrd_padding(4), 0);
	assert_int_equal(initrd_padding(((uint64_t)1 << 40) + 5), 3);
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

static void test_explain_kexec_load(void **state)
{
	assert_non_null(strstr(kexec_load_explain(EPERM), "lockdown"));
	assert_non_null(strstr(kexec_load_explain(EPERM), "kexec_load_disabled"));
	assert_non_null(strstr(kexec_load_explain(ENOSYS), "CONFIG_KEXEC"));
	assert_non_null(strstr(kexec_load_explain(EINVAL), "segments"));
	assert_non_null(strstr(kexec_load_explain(EADDRNOTAVAIL), "memory"));
	assert_string_equal(kexec_load_explain(EBUSY), kexec_explain(EBUSY));
	assert_string_equal(kexec_load_explain(ENOMEM), kexec_explain(ENOMEM));
}

static void test_lockdown(void **state)
{
	assert_int_equal(lockdown_parse("[none] integrity confidentiality\n"), LOCKDOWN_NONE);
	assert_int_equal(lockdown_parse("none [integrity] confidentiality\n"), LOCKDOWN_INTEGRITY);
	assert_int_equal(lockdown_parse("none integrity [confidentiality]"), LOCKDOWN_CONFIDENTIALITY);
	assert_int_equal(lockdown_parse(""), LOCKDOWN_UNKNOWN);
	assert_int_equal(lockdown_parse("none integrity"), LOCKDOWN_UNKNOWN);
	assert_int_equal(lockdown_parse("[integ] integrity"), LOCKDOWN_UNKNOWN);
	assert_int_equal(lockdown_parse("[integrityx]"), LOCKDOWN_UNKNOWN);
	assert_int_equal(lockdown_parse("[none"), LOCKDOWN_UNKNOWN);
	assert_int_equal(lockdown_parse("[]"), LOCKDOWN_UNKNOWN);
	assert_int_equal(lockdown_parse("]none["), LOCKDOWN_UNKNOWN);
	assert_string_equal(lockdown_name(LOCKDOWN_INTEGRITY), "integrity");
	assert_string_equal(lockdown_name(LOCKDOWN_UNKNOWN), "unknown");
	assert_string_equal(lockdown_name((enum lockdown)99), "unknown");
	/* what to do, in words */
	assert_non_null(strstr(kexec_explain_locked(EPERM), "sign the kernel"));
	assert_non_null(strstr(kexec_explain_locked(EKEYREJECTED), "enrol"));
	assert_non_null(strstr(kexec_explain_locked(EBADMSG), "without lockdown"));
	assert_non_null(strstr(kexec_explain_locked(ENOEXEC), "as it is"));
	assert_string_equal(kexec_explain_locked(EBUSY), kexec_explain(EBUSY));
	assert_non_null(strstr(kexec_explain(ENOKEY), "enrol"));
	assert_non_null(strstr(kexec_explain(EBADMSG), "sign"));
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
		cmocka_unit_test(test_compressors_and_pe),
		cmocka_unit_test(test_zboot_parse),
		cmocka_unit_test(test_gzip_header),
		cmocka_unit_test(test_trailer_and_padding),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_explain_kexec_load),
		cmocka_unit_test(test_lockdown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
