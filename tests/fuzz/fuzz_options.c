/* fuzz_options.c - the exitrd's argv (split on NULs or newlines) and time spans. */
#include "fuzz.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 1], err[128];
	struct shutdown_opts o;
	long long us;
	int argc = 0, r;
	size_t i, start = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = "/shutdown";
	for (i = 0; i <= size && argc < MAX_ARGS; i++) {
		if (i == size || buf[i] == '\0' || buf[i] == '\n') {
			buf[i] = '\0';
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;

	err[0] = '\0';
	r = shutdown_opts_parse(argc, argv, &o, err, sizeof(err));
	if (r == 0) {
		if (o.timeout_us <= 0 || o.timeout_us > MAX_TIMEOUT_US)
			abort();
		if (o.log_level < 0 || o.log_level > 7 || o.exit_code < 0 || o.exit_code > 255)
			abort();
		if ((unsigned)o.verb > VERB_EXIT)
			abort();
		(void)verb_name(o.verb);
	} else if (r != -1 || !err[0] || strlen(err) >= sizeof(err)) {
		abort();
	} else if (o.timeout_us <= 0 || o.timeout_us > MAX_TIMEOUT_US) {
		abort(); /* a bad value must not leave a bad budget behind */
	}
	for (i = 1; i < (size_t)argc; i++) {
		us = -1;
		if (timespan_parse_us(argv[i], &us) == 0 && us < 0)
			abort();
	}
	free(buf);
	return 0;
}
