/* fuzz_report.c - report_scan on arbitrary pstore pmsg contents; what it
 * accepts must format and parse back the same. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1), out[REPORT_MAX], line[1024], json[REPORT_MAX];
	struct report best, back;
	struct report_scan st;
	size_t n, used;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (report_scan(buf, size, &best, &st)) {
		n = report_format(&best, out, sizeof(out));
		if (!n || report_parse(out, n, &back, &used) != REPORT_OK || memcmp(&best, &back, sizeof(back)))
			abort();
		report_line(&best, line, sizeof(line));
		report_summary(&best, line, sizeof(line));
		if (!report_json(&best, json, sizeof(json)))
			abort();
	}
	free(buf);
	return 0;
}
