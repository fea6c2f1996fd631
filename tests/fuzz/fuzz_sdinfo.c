/* fuzz_sdinfo.c - sd_version_from_maps on arbitrary /proc/1/maps text. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "sdinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1); /* exactly size bytes: ASan sees overreads */
	int v;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	v = sd_version_from_maps(buf, size);
	if (v < 0 || v > 9999)
		abort();
	free(buf);
	return 0;
}
