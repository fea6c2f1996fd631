/* swap.c - swapoff everything listed in /proc/swaps.
 *
 * /proc/swaps prints each path as seen from our root. A swap device that was
 * opened through the old root's /dev shows as "/dm-1" or "/mapper/vg-swap"
 * once the api phase has detached /oldroot/dev: our /dev (a bind of the same
 * devtmpfs, put there by systemd, or our own) has the node, so try "/dev" in
 * front when the path as printed does not resolve. */
#include "fileio.h"
#include "log.h"
#include "procparse.h"
#include "storage.h"
#include "sys.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SWAPS 64

unsigned swap_off_all(unsigned *busy)
{
	char *buf, *paths[MAX_SWAPS];
	size_t len, n, i;
	unsigned done = 0;

	*busy = 0;
	if (read_file("/proc/swaps", 1 << 20, &buf, &len) < 0)
		return 0;
	n = swaps_parse(buf, paths, MAX_SWAPS);
	for (i = 0; i < n && i < MAX_SWAPS; i++) {
		int64_t t0 = mono_ms();
		char dev[PATH_MAX];
		const char *p = paths[i];
		int r = sys_swapoff(p);

		if (r < 0 && errno == ENOENT && strncmp(p, "/dev/", 5) != 0 &&
		    snprintf(dev, sizeof(dev), "/dev%s", p) < (int)sizeof(dev)) {
			p = dev;
			r = sys_swapoff(p);
		}
		if (r == 0) {
			log_notice("swapoff %s (%lld ms)", p, (long long)(mono_ms() - t0));
			done++;
		} else {
			log_warn("swapoff %s: %s", p, strerror(errno));
			(*busy)++;
		}
	}
	free(buf);
	return done;
}
