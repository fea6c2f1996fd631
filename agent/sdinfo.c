/* sdinfo.c - read systemd's version from the libraries PID 1 maps. */
#include "sdinfo.h"

#include <string.h>

static int version_after(const char *p, const char *end)
{
	int v = 0, digits = 0;

	while (p < end && *p >= '0' && *p <= '9' && digits < 5) {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	/* "libsystemd-shared-257.so" or "-257.13-1.so" (distribution suffixes) */
	if (!digits || digits > 4 || p >= end || (*p != '.' && *p != '-' && *p != '~'))
		return 0;
	return v;
}

int sd_version_from_maps_line(const char *line, size_t len)
{
	static const char *const names[] = { "/libsystemd-shared-", "/libsystemd-core-" };
	const char *end = line + len, *p;
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i]);
		for (p = line; p + n <= end; p++)
			if (memcmp(p, names[i], n) == 0)
				return version_after(p + n, end);
	}
	return 0;
}

int sd_version_from_maps(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	int v;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		v = sd_version_from_maps_line(p, (size_t)(nl - p));
		if (v)
			return v;
		p = nl + 1;
	}
	return 0;
}
