/* kimage.c - kernel image formats: recognise, parse wrappers' headers. */
#include "kimage.h"

#include <errno.h>
#include <string.h>

#ifndef EKEYREJECTED
#define EKEYREJECTED 129
#endif
#ifndef ENOKEY
#define ENOKEY 126
#endif

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int has(const unsigned char *h, size_t len, size_t off, const char *magic, size_t n)
{
	return len >= off + n && memcmp(h + off, magic, n) == 0;
}

/* "MZ" with a PE signature where e_lfanew (at 0x3c) points. */
static int is_pe(const unsigned char *h, size_t len)
{
	uint32_t pe;

	if (!has(h, len, 0, "MZ", 2) || len < 0x40)
		return 0;
	pe = le32(h + 0x3c);
	return pe <= len - 4 && memcmp(h + pe, "PE\0\0", 4) == 0;
}

static const struct {
	const char *magic;
	unsigned char n;
	unsigned char kind;
} compressors[] = {
	{ "\x1f\x8b", 2, KIMAGE_GZIP },
	{ "\x28\xb5\x2f\xfd", 4, KIMAGE_ZSTD },
	{ "\xfd" "7zXZ\0", 6, KIMAGE_XZ },
	{ "\x5d\0\0", 3, KIMAGE_LZMA },
	{ "BZh", 3, KIMAGE_BZIP2 },
	{ "\x02\x21\x4c\x18", 4, KIMAGE_LZ4 }, /* the kernel's legacy lz4 frames */
	{ "\x04\x22\x4d\x18", 4, KIMAGE_LZ4 },
	{ "\x89LZO", 4, KIMAGE_LZO },
};

enum kimage_kind kimage_detect(const unsigned char *h, size_t len)
{
	size_t i;

	/* x86 boot protocol: "HdrS" at 0x202, boot flag 0xAA55 at 0x1FE */
	if (has(h, len, 0x202, "HdrS", 4) && h[0x1fe] == 0x55 && h[0x1ff] == 0xaa)
		return KIMAGE_BZIMAGE;
	/* EFI zboot: "MZ", then "zimg" at 4 */
	if (has(h, len, 0, "MZ", 2) && has(h, len, 4, "zimg", 4))
		return KIMAGE_EFI_ZBOOT;
	/* arm64 Image: magic "ARM\x64" at 0x38 */
	if (has(h, len, 0x38, "ARM\x64", 4))
		return KIMAGE_ARM64;
	if (is_pe(h, len))
		return KIMAGE_PE;
	for (i = 0; i < sizeof(compressors) / sizeof(compressors[0]); i++)
		if (has(h, len, 0, compressors[i].magic, compressors[i].n))
			return (enum kimage_kind)compressors[i].kind;
	return KIMAGE_UNKNOWN;
}

const char *kimage_kind_name(enum kimage_kind k)
{
	static const char *const names[KIMAGE_KIND_COUNT] = {
		[KIMAGE_BZIMAGE] = "x86 bzImage", [KIMAGE_ARM64] = "arm64 Image",
		[KIMAGE_EFI_ZBOOT] = "EFI zboot image", [KIMAGE_PE] = "PE image (a unified kernel image?)",
		[KIMAGE_GZIP] = "gzip", [KIMAGE_ZSTD] = "zstd", [KIMAGE_XZ] = "xz", [KIMAGE_LZMA] = "lzma",
		[KIMAGE_BZIP2] = "bzip2", [KIMAGE_LZ4] = "lz4", [KIMAGE_LZO] = "lzo",
	};

	return (unsigned)k < KIMAGE_KIND_COUNT && names[k] ? names[k] : "not a kernel image";
}

int kimage_compressed(enum kimage_kind k)
{
	return k >= KIMAGE_GZIP && k < KIMAGE_KIND_COUNT;
}

int kimage_loadable_here(enum kimage_kind k)
{
#if defined(__x86_64__)
	return k == KIMAGE_BZIMAGE;
#elif defined(__aarch64__)
	return k == KIMAGE_ARM64;
#else
	return k == KIMAGE_BZIMAGE || k == KIMAGE_ARM64;
#endif
}

int kimage_parse_zboot(const unsigned char *h, size_t len, uint64_t file_size, struct kimage_zboot *z)
{
	size_t n;

	memset(z, 0, sizeof(*z));
	if (len < 0x40 || kimage_detect(h, len) != KIMAGE_EFI_ZBOOT)
		return -1;
	z->payload_offset = le32(h + 8);
	z->payload_size = le32(h + 12);
	for (n = 0; n < 32 && h[24 + n]; n++)
		;
	if (n == 0 || n == 32)
		return -1;
	memcpy(z->comp, h + 24, n);
	if (z->payload_offset < 0x40 || z->payload_size == 0 ||
	    (uint64_t)z->payload_offset + z->payload_size > file_size)
		return -1;
	return 0;
}

/* Skips a NUL-terminated field from *off; 0, or GZIP_SHORT. */
static int skip_string(const unsigned char *p, size_t len, size_t *off)
{
	const unsigned char *nul = *off < len ? memchr(p + *off, 0, len - *off) : NULL;

	if (!nul)
		return GZIP_SHORT;
	*off = (size_t)(nul - p) + 1;
	return 0;
}

long gzip_header_len(const unsigned char *p, size_t len)
{
	enum { FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16 };
	size_t off = 10;
	unsigned flags;

	static const unsigned char magic[3] = { 0x1f, 0x8b, 8 }; /* 8: deflate */

	if (memcmp(p, magic, len < 3 ? len : 3) != 0)
		return GZIP_BAD;
	if (len < 10)
		return GZIP_SHORT;
	flags = p[3];
	if (flags & 0xe0)
		return GZIP_BAD;
	if (flags & FEXTRA) {
		if (len < off + 2)
			return GZIP_SHORT;
		off += 2 + ((size_t)p[off] | (size_t)p[off + 1] << 8);
	}
	if ((flags & FNAME) && skip_string(p, len, &off) < 0)
		return GZIP_SHORT;
	if ((flags & FCOMMENT) && skip_string(p, len, &off) < 0)
		return GZIP_SHORT;
	if (flags & FHCRC)
		off += 2;
	return off < len ? (long)off : GZIP_SHORT;
}

uint32_t gzip_trailer_size(const unsigned char trailer[8])
{
	return le32(trailer + 4);
}

size_t initrd_padding(uint64_t size)
{
	return (size_t)((4 - size % 4) % 4);
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
		return "the image's signature was rejected: none of the kernel's keys "
		       "(built-in, platform, MOK) made it: sign it with a trusted key or enrol its key";
	case ENOKEY:
		return "no key in the kernel's keyrings matches the image's signature: enrol the "
		       "signing key (mokutil --import) or sign it with a trusted key";
	case EBADMSG:
		return "the image's signature is missing or malformed: sign the kernel (sbsign) "
		       "with a key the kernel trusts";
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

const char *kexec_load_explain(int err)
{
	switch (err) {
	case EPERM:
		return "not permitted: needs root (CAP_SYS_BOOT), or kexec is disabled "
		       "(kernel.kexec_load_disabled), or lockdown refuses kexec_load (it checks no signature)";
	case ENOSYS:
		return "this kernel has neither kexec_file_load nor kexec_load (built without CONFIG_KEXEC)";
	case EINVAL:
		return "the kernel refused the segments or the entry (misaligned, overlapping or too many)";
	case EADDRNOTAVAIL:
		return "a segment lies outside the memory the kernel can load into";
	default:
		return kexec_explain(err);
	}
}

enum lockdown lockdown_parse(const char *text)
{
	static const char *const names[] = { "none", "integrity", "confidentiality" };
	const char *b = strchr(text, '['), *e = b ? strchr(b, ']') : NULL;
	size_t i;

	for (i = 0; e && i < 3; i++)
		if ((size_t)(e - b - 1) == strlen(names[i]) && memcmp(b + 1, names[i], (size_t)(e - b - 1)) == 0)
			return (enum lockdown)i;
	return LOCKDOWN_UNKNOWN;
}

const char *lockdown_name(enum lockdown l)
{
	static const char *const names[] = { "none", "integrity", "confidentiality", "unknown" };

	return names[(unsigned)l <= LOCKDOWN_UNKNOWN ? l : LOCKDOWN_UNKNOWN];
}

const char *kexec_explain_locked(int err)
{
	switch (err) {
	case EPERM:
	case EKEYREJECTED:
	case ENOKEY:
	case EBADMSG:
		return "lockdown lets only a kernel with a valid signature be staged: sign the kernel "
		       "with a key the kernel trusts, enrol the signing key (mokutil --import), or boot "
		       "without lockdown (no Secure Boot, no lockdown= on the command line)";
	case ENOEXEC:
	case EINVAL:
		return "under lockdown pitstop passes a compressed or wrapped kernel as it is (unpacking "
		       "breaks its signature) and this kernel does not take it: install a signed "
		       "kernel it takes as it is, or boot without lockdown";
	default:
		return kexec_explain(err);
	}
}
