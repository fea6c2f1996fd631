/* kimage.h - is this file a kernel we can load, and what a load error means (pure). */
#ifndef PITSTOP_KIMAGE_H
#define PITSTOP_KIMAGE_H

#include <stddef.h>

enum kimage_kind { KIMAGE_UNKNOWN, KIMAGE_BZIMAGE, KIMAGE_ARM64, KIMAGE_EFI_ZBOOT, KIMAGE_GZIP };

#define KIMAGE_HEADER_BYTES 1024

/* Looks at the first bytes of a file (at least 0x240 are needed for a bzImage). */
enum kimage_kind kimage_detect(const unsigned char *hdr, size_t len);
const char *kimage_kind_name(enum kimage_kind k);
/* Can this architecture's kexec_file_load take that kind? */
int kimage_loadable_here(enum kimage_kind k);

/* Words for a kexec_file_load errno: what it most likely means here. */
const char *kexec_explain(int err);

#endif
