/* syncfs.c - a bounded sync, judged by whether writeback still moves. */
#include "syncfs.h"
#include "deadline.h"
#include "fileio.h"
#include "procparse.h"
#include "sys.h"

#include <stdlib.h>
#include <unistd.h>

static long long dirty_now(void)
{
	char *buf;
	size_t len;
	long long kib;

	if (read_file("/proc/meminfo", 1 << 16, &buf, &len) < 0)
		return -1;
	kib = meminfo_dirty_kib(buf);
	free(buf);
	return kib;
}

static int do_sync(void *arg)
{
	(void)arg;
	sync();
	return 0;
}

int sync_bounded(long soft_ms, int64_t hard_deadline_ms, long long *dirty_kib)
{
	int64_t soft = mono_ms() + soft_ms;
	long long last = dirty_now();
	struct bounded_child c;
	int answer, r = 0;

	if (child_start(&c, do_sync, NULL) < 0) {
		sync();
		*dirty_kib = dirty_now();
		return 0;
	}
	for (;;) {
		long slice = ms_left(soft) > 0 ? ms_left(soft) : 1000;
		long long now;

		if (slice > ms_left(hard_deadline_ms))
			slice = ms_left(hard_deadline_ms);
		r = child_wait(&c, slice, &answer);
		now = dirty_now();
		*dirty_kib = now;
		if (r != 0 || ms_left(hard_deadline_ms) == 0 || (ms_left(soft) == 0 && (now < 0 || now >= last)))
			break;
		last = now;
	}
	child_end(&c, r == 1);
	return r == 1 ? 0 : -1;
}
