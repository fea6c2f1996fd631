/* fuzz_dtb.c - device tree blobs: the checks, and /chosen rewritten: what
 * passes the checks edits into a blob that passes them too and holds the
 * command line; what fails them fails the edit the same way. */
#include "fuzz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dtb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char seed[72] = { 7 };
	struct dtb_chosen c = { "console=ttyAMA0 root=/dev/vda", (int)(size & 1), 0x48000000, 0x49000000, seed,
				size & 2 ? sizeof(seed) : 0 };
	unsigned char *buf = malloc(size ? size : 1), *out = NULL;
	const unsigned char *v;
	uint32_t vlen;
	size_t n;
	int r, e;

	if (!buf)
		return 0;
	memcpy(buf, data, size); /* exactly size bytes: ASan sees any overread */
	r = dtb_check(buf, size);
	if (!dtb_strerror(r))
		abort();
	e = dtb_edit_chosen(buf, size, &c, &out, &n);
	if (r < 0) {
		if (e != r || out)
			abort();
	} else if (e == 0) {
		if (dtb_check(out, n) != 0 || dtb_chosen_prop(out, n, "bootargs", &v, &vlen) != 0 ||
		    vlen != strlen(c.bootargs) + 1 || memcmp(v, c.bootargs, vlen) != 0)
			abort();
		if (dtb_chosen_prop(out, n, "linux,elfcorehdr", &v, &vlen) != 1 ||
		    (dtb_chosen_prop(out, n, "linux,initrd-start", &v, &vlen) == 0) != c.has_initrd)
			abort();
		free(out);
	} else if (e != DTB_TOO_BIG && e != DTB_NO_MEMORY) {
		abort();
	}
	free(buf);
	return 0;
}
