/* kimage.c - recognise kernel images by their headers. */
#include "kimage.h"

#include <errno.h>
#include <string.h>

#ifndef EKEYREJECTED
#define EKEYREJECTED 129
#endif
#ifndef ENOKEY
#define ENOKEY 126
#endif

enum kimage_kind kimage_detect(const unsigned char *h, size_t len)
{
	/* x86 boot protocol: "HdrS" at 0x202, boot flag 0xAA55 at 0x1FE */
	if (len >= 0x206 && memcmp(h + 0x202, "HdrS", 4) == 0 && h[0x1fe] == 0x55 && h[0x1ff] == 0xaa)
		return KIMAGE_BZIMAGE;
	/* arm64 Image: magic "ARM\x64" at 0x38 */
	if (len >= 0x3c && memcmp(h + 0x38, "ARM\x64", 4) == 0)
		return KIMAGE_ARM64;
	/* EFI zboot: "MZ", then "zimg" at 4 */
	if (len >= 8 && h[0] == 'M' && h[1] == 'Z' && memcmp(h + 4, "zimg", 4) == 0)
		return KIMAGE_EFI_ZBOOT;
	if (len >= 2 && h[0] == 0x1f && h[1] == 0x8b)
		return KIMAGE_GZIP;
	return KIMAGE_UNKNOWN;
}

const char *kimage_kind_name(enum kimage_kind k)
{
	switch (k) {
	case KIMAGE_BZIMAGE:
		return "x86 bzImage";
	case KIMAGE_ARM64:
		return "arm64 Image";
	case KIMAGE_EFI_ZBOOT:
		return "EFI zboot image";
	case KIMAGE_GZIP:
		return "gzip data";
	default:
		return "not a kernel image";
	}
}

int kimage_loadable_here(enum kimage_kind k)
{
#if defined(__x86_64__)
	return k == KIMAGE_BZIMAGE;
#elif defined(__aarch64__)
	return k == KIMAGE_ARM64 || k == KIMAGE_EFI_ZBOOT;
#else
	return k != KIMAGE_UNKNOWN;
#endif
}

const char *kexec_explain(int err)
{
	switch (err) {
	case EPERM:
		return "not permitted: needs root (CAP_SYS_BOOT), or kexec is disabled "
		       "(kernel.kexec_load_disabled), or lockdown refuses it, or the image "
		       "is unsigned while signatures are enforced";
	case ENOSYS:
		return "this kernel has no kexec_file_load (built without CONFIG_KEXEC_FILE)";
	case ENOEXEC:
		return "the kernel does not recognise the image as one it can boot on this architecture";
	case EINVAL:
		return "invalid image or arguments (not a kernel for this architecture, "
		       "a compressed arm64 Image, or a bad command line)";
	case ETXTBSY:
		return "the image is still open for writing somewhere";
	case EBUSY:
		return "another kexec load is in progress";
	case EKEYREJECTED:
	case ENOKEY:
	case EBADMSG:
		return "the image's signature was rejected (secure boot / IMA appraisal)";
	case ENOMEM:
		return "not enough memory to stage the image";
	case E2BIG:
		return "the command line is too long for this kernel";
	case ENOENT:
		return "file not found";
	case EACCES:
		return "permission denied";
	default:
		return strerror(err);
	}
}
