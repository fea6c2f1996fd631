/* fuzz_kimage.c - kernel image detection, the EFI ZBOOT header, gzip
 * framing (header and trailer) and kexec errno words. */
#include "fuzz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kimage_zboot z;
	enum kimage_kind k;
	unsigned char *buf = malloc(size ? size : 1); /* exactly size bytes */
	long g;
	int err = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	k = kimage_detect(buf, size);
	if ((unsigned)k >= KIMAGE_KIND_COUNT || !kimage_kind_name(k))
		abort();
	(void)kimage_loadable_here(k);
	(void)kimage_compressed(k);
	if (kimage_parse_zboot(buf, size, size, &z) == 0 &&
	    (k != KIMAGE_EFI_ZBOOT || z.payload_offset < 0x40 || (uint64_t)z.payload_offset + z.payload_size > size ||
	     !z.comp[0] || strlen(z.comp) > 31))
		abort();
	g = gzip_header_len(buf, size);
	if (g != GZIP_SHORT && g != GZIP_BAD && (g < 10 || (size_t)g >= size))
		abort();
	if (size >= 8)
		(void)gzip_trailer_size(buf + size - 8);
	if (initrd_padding(size) > 3 || (size + initrd_padding(size)) % 4)
		abort();
	if (size >= 4)
		memcpy(&err, data, 4);
	if (!kexec_explain(err % 4096) || !kexec_explain_locked(err % 4096))
		abort();
	if (size > 0) { /* the lockdown file's text */
		char *t = malloc(size + 1);

		if (t) {
			memcpy(t, data, size);
			t[size] = '\0';
			if ((unsigned)lockdown_parse(t) > LOCKDOWN_UNKNOWN)
				abort();
			free(t);
		}
	}
	free(buf);
	return 0;
}
