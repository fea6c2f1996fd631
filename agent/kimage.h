/* kimage.h - kernel image formats: what a file is, how it is wrapped, and
 * what a load error means (pure: no system calls). */
#ifndef PITSTOP_KIMAGE_H
#define PITSTOP_KIMAGE_H

#include <stddef.h>
#include <stdint.h>

enum kimage_kind {
	KIMAGE_UNKNOWN,
	KIMAGE_BZIMAGE,   /* x86 boot protocol */
	KIMAGE_ARM64,     /* raw arm64 Image (maybe with an EFI stub) */
	KIMAGE_EFI_ZBOOT, /* EFI ZBOOT PE: a compressed Image inside */
	KIMAGE_PE,        /* another PE (a unified kernel image?) */
	KIMAGE_GZIP,
	KIMAGE_ZSTD,
	KIMAGE_XZ,
	KIMAGE_LZMA,
	KIMAGE_BZIP2,
	KIMAGE_LZ4,
	KIMAGE_LZO,
	KIMAGE_KIND_COUNT
};

/* How many bytes of a file's start kimage_detect and the parsers below
 * look at (a bzImage needs 0x206, a ZBOOT header 0x40). */
#define KIMAGE_HEADER_BYTES 4096

/* Looks at the first len bytes of a file. */
enum kimage_kind kimage_detect(const unsigned char *hdr, size_t len);
/* "x86 bzImage", "gzip data", ...; compressors by their tool's name. */
const char *kimage_kind_name(enum kimage_kind k);
/* Is k a compression format (gzip, zstd, xz, ...)? */
int kimage_compressed(enum kimage_kind k);
/* Can this architecture's kexec_file_load take that kind as it is? */
int kimage_loadable_here(enum kimage_kind k);

/* EFI ZBOOT header (drivers/firmware/efi/libstub/zboot-header.S):
 * "MZ" 2 bytes, "zimg" at 4, payload offset (le32) at 8, payload size
 * (le32) at 12, the compression's name (NUL-terminated) at 24..55. */
struct kimage_zboot {
	uint32_t payload_offset, payload_size;
	char comp[33];
};
/* Parses a ZBOOT header of a file of file_size bytes. 0, or -1 when the
 * header is short or malformed or the payload lies outside the file. */
int kimage_parse_zboot(const unsigned char *hdr, size_t len, uint64_t file_size, struct kimage_zboot *z);

/* gzip member header (RFC 1952): the length of the header at p (where the
 * deflate data starts), GZIP_SHORT when len bytes do not hold all of it,
 * GZIP_BAD when it is not a deflate gzip header. */
#define GZIP_SHORT (-1)
#define GZIP_BAD (-2)
long gzip_header_len(const unsigned char *p, size_t len);
/* The unpacked size a gzip member's 8-byte trailer states (mod 2^32). */
uint32_t gzip_trailer_size(const unsigned char trailer[8]);

/* Zero bytes after an initrd of size bytes so that the next one starts
 * 4-byte aligned (the kernel looks for a cpio header only there). */
size_t initrd_padding(uint64_t size);

/* Words for a kexec_file_load errno: what it most likely means here. */
const char *kexec_explain(int err);

/* The same for kexec_load(2) (arm64 kernels without kexec_file_load). */
const char *kexec_load_explain(int err);

/* /sys/kernel/security/lockdown: "[none] integrity confidentiality". */
enum lockdown { LOCKDOWN_NONE, LOCKDOWN_INTEGRITY, LOCKDOWN_CONFIDENTIALITY, LOCKDOWN_UNKNOWN };
/* The bracketed mode of that text; LOCKDOWN_UNKNOWN without one. */
enum lockdown lockdown_parse(const char *text);
/* "none", "integrity", "confidentiality", "unknown". */
const char *lockdown_name(enum lockdown l);
/* kexec_explain for a load refused under lockdown: what to do about it. */
const char *kexec_explain_locked(int err);

#endif
