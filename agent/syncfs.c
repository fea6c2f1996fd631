/* syncfs.c - a bounded sync, judged by whether writeback still moves. */
#include "syncfs.h"
#include "deadline.h"
#include "fileio.h"
#include "procparse.h"
#include "sys.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
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

int sync_bounded(long soft_ms, int64_t hard_deadline_ms, long long *dirty_kib)
{
	int64_t soft = mono_ms() + soft_ms;
	long long last = dirty_now();
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		sync();
		*dirty_kib = dirty_now();
		return 0;
	}
	if (pid == 0) {
		sync();
		_exit(0);
	}
	for (;;) {
		long slice = ms_left(soft) > 0 ? ms_left(soft) : 1000;
		long long now;

		if (slice > ms_left(hard_deadline_ms))
			slice = ms_left(hard_deadline_ms);
		if (wait_child(pid, slice, &status) == 0) {
			*dirty_kib = dirty_now();
			return 0;
		}
		now = dirty_now();
		*dirty_kib = now;
		if (ms_left(hard_deadline_ms) == 0 || (ms_left(soft) == 0 && (now < 0 || now >= last)))
			break;
		last = now;
	}
	kill(pid, SIGKILL);
	return -1;
}
