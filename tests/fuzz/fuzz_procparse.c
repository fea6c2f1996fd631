/* fuzz_procparse.c - /proc/PID/stat and status, /proc/swaps, /proc/PID/cmdline and /proc/meminfo. */
#include "fuzz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *paths[4], argv0[64];
	struct proc_stat st;
	size_t n, i;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';

	if (proc_stat_parse(buf, &st) == 0) {
		if (st.pid <= 0)
			abort();
		(void)proc_fate(&st, 1, 0, "@x", true);
		(void)proc_fate(&st, st.pid, 1000, NULL, false);
	}
	(void)meminfo_dirty_kib(buf);
	{
		unsigned long long v[4];

		if (proc_status_nums(buf, "Uid", 10, v, 4) > (int)size ||
		    proc_status_nums(buf, "CapEff", 16, v, 1) > (int)size)
			abort();
	}
	/* the raw bytes, NULs and all, as /proc/PID/cmdline holds them */
	if (cmdline_argv0_path((const char *)data, size, argv0, sizeof(argv0)) == 0 &&
	    (argv0[0] != '/' || strlen(argv0) >= sizeof(argv0) || strstr(argv0, "//") ||
	     strstr(argv0, "/../") || strstr(argv0, "/./")))
		abort();

	n = swaps_parse(buf, paths, 4); /* last: it cuts buf up */
	for (i = 0; i < n && i < 4; i++)
		if (paths[i][0] != '/')
			abort();
	free(buf);
	return 0;
}
