/* fuzz_pe.c - a PE section table (the input as a file's start and as the
 * whole file), then each section's bytes as os-release text. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "bls.h"
#include "pe.h"

static void osrel(const uint8_t *data, size_t size)
{
	static struct bls_entry e;
	char *t = malloc(size + 1);
	struct osrel o;

	if (!t)
		return;
	memcpy(t, data, size);
	t[size] = '\0';
	osrel_parse(t, &o);
	if (osrel_title(&o) && !*osrel_title(&o))
		abort(); /* empty values are never kept */
	memcpy(t, data, size);
	t[size] = '\0';
	if (bls_type2("fuzz.efi", t, "6.1", &e) == 0 && (!e.title || !e.version || !e.type2))
		abort();
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pe_info pe;
	int i, r;

	r = pe_parse(data, size, size + (size & 0xffff), &pe);
	if (r != 0 && r != PE_NOT_PE && r != PE_MALFORMED)
		abort();
	r = pe_parse(data, size, size, &pe);
	if (r == 0) {
		if (pe.n < 0 || pe.n > PE_MAX_SECTIONS)
			abort();
		for (i = 0; i < pe.n; i++) {
			const struct pe_section *s = &pe.s[i];

			if ((uint64_t)s->offset + s->size > size || strlen(s->name) > 8)
				abort();
			if (pe_find(&pe, s->name) == NULL)
				abort();
			osrel(data + s->offset, s->size);
		}
	}
	osrel(data, size < 4096 ? size : 4096);
	return 0;
}
