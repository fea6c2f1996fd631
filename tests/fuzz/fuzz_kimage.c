/* fuzz_kimage.c - kernel image header detection and kexec errno words. */
#include "fuzz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum kimage_kind k;
	unsigned char *buf = malloc(size ? size : 1); /* exactly size bytes */
	int err = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	k = kimage_detect(buf, size);
	if ((unsigned)k > KIMAGE_GZIP)
		abort();
	if (!kimage_kind_name(k))
		abort();
	(void)kimage_loadable_here(k);
	if (size >= 4)
		memcpy(&err, data, 4);
	if (!kexec_explain(err % 4096))
		abort();
	free(buf);
	return 0;
}
