/* fuzz_bls.c - a BLS entry, loader.conf and version_compare on the two halves. */
#include "fuzz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bls.h"

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bls_entry e[2];
	char *t1 = malloc(size + 1), *t2 = malloc(size + 1), *a, *b;
	size_t half = size / 2;
	const char *def;
	int r, i;

	if (!t1 || !t2)
		goto out;
	memcpy(t1, data, size);
	t1[size] = '\0';
	memcpy(t2, t1, size + 1);

	r = bls_parse("fuzz-1.2.3.conf", t1, &e[0]);
	if (r != 0 && r != -1 && r != -2)
		abort();
	if (r == 0 && (!e[0].linux_path || e[0].n_initrd > BLS_MAX_INITRDS ||
		       strlen(e[0].options) >= sizeof(e[0].options)))
		abort();
	def = loader_conf_default(t2);
	if (r == 0) {
		i = bls_pick_default(e, 1, def);
		if (i != 0)
			abort();
		if (bls_compare(&e[0], &e[0]) != 0)
			abort();
	}

	/* version_compare on the two halves, which are NUL-terminated copies */
	a = malloc(half + 1);
	b = malloc(size - half + 1);
	if (a && b) {
		memcpy(a, data, half);
		a[half] = '\0';
		memcpy(b, data + half, size - half);
		b[size - half] = '\0';
		if (sign(version_compare(a, b)) != -sign(version_compare(b, a)))
			abort();
		if (version_compare(a, a) != 0)
			abort();
	}
	free(a);
	free(b);
out:
	free(t1);
	free(t2);
	return 0;
}
