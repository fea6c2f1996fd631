/* fuzz_dmlist.c - dmlist_parse; the first two bytes give data_start. */
#include "fuzz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dmlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dm_dev out[4];
	unsigned char *buf;
	size_t data_start, len, i;
	int n;

	if (size < 2)
		return 0;
	data_start = (size_t)data[0] | ((size_t)data[1] << 8);
	len = size - 2;
	buf = malloc(len ? len : 1); /* exactly len bytes: ASan sees overreads */
	if (!buf)
		return 0;
	memcpy(buf, data + 2, len);
	n = dmlist_parse(buf, len, data_start % (len + 16), out, 4);
	if (n < -1)
		abort();
	for (i = 0; i < (size_t)(n > 4 ? 4 : n > 0 ? n : 0); i++)
		if (strnlen(out[i].name, DM_NAME_MAX) >= DM_NAME_MAX)
			abort();
	(void)dmlist_parse(buf, len, 0, NULL, 0);
	(void)dmlist_parse(buf, len, data_start, out, 4);
	free(buf);
	return 0;
}
