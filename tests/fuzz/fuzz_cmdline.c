/* fuzz_cmdline.c - cmdline_build with several output sizes, and the
 * readers of pitstop's own words (cmdline_value, wd_conf_parse); the input
 * is "base\0append" (append optional). */
#include "fuzz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "wdplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t maxes[] = { 0, 1, 2, 16, 256, KEXEC_CMDLINE_MAX, 8192 };
	char *buf = malloc(size + 1), *append = NULL;
	size_t i, split;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	split = strlen(buf);
	if (split < size)
		append = buf + split + 1;

	for (i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++) {
		size_t max = maxes[i];
		char *out = malloc(max ? max : 1); /* exactly max bytes: ASan sees overruns */
		int r;

		if (!out)
			break;
		r = cmdline_build(buf, append, out, max);
		if (r >= 0) {
			if ((size_t)r >= max || strlen(out) != (size_t)r)
				abort();
			/* words are joined by single spaces: none leading or trailing */
			if (r > 0 && (out[0] == ' ' || out[r - 1] == ' '))
				abort();
		} else if (r != CMDLINE_TOO_LONG && r != CMDLINE_BAD_QUOTES) {
			abort();
		}
		free(out);
	}
	for (i = 1; i < 40; i += 7) {
		char *v = malloc(i), err[96];
		struct wd_conf c;
		int r;

		if (!v)
			break;
		r = cmdline_value(buf, "pitstop.watchdog-kexec", v, i);
		if (r < -1 || r > 1 || (r == 1 && strlen(v) >= i))
			abort();
		free(v);
		wd_conf_parse(buf, &c, err, sizeof(err));
		if (c.jump_s < -1 || c.jump_s > WD_JUMP_MAX_S || strlen(err) >= sizeof(err))
			abort();
	}
	free(buf);
	return 0;
}
