/* swap.c - swapoff everything listed in /proc/swaps. */
#include "fileio.h"
#include "log.h"
#include "procparse.h"
#include "storage.h"
#include "sys.h"

#include <errno.h>
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

		if (sys_swapoff(paths[i]) == 0) {
			log_notice("swapoff %s (%lld ms)", paths[i], (long long)(mono_ms() - t0));
			done++;
		} else {
			log_warn("swapoff %s: %s", paths[i], strerror(errno));
			(*busy)++;
		}
	}
	free(buf);
	return done;
}
