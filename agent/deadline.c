/* deadline.c - bounded waits on children. */
#include "deadline.h"
#include "sys.h"
#include "watchdog.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

long ms_left(int64_t deadline_ms)
{
	int64_t left = deadline_ms - mono_ms();

	return left > 0 ? (long)left : 0;
}

int wait_child(int pid, long timeout_ms, int *status)
{
	int64_t deadline = mono_ms() + timeout_ms;
	long nap = 1;

	for (;;) {
		int r = waitpid(pid, status, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			return r == pid ? 0 : -1;
		if (ms_left(deadline) == 0)
			return -1;
		watchdog_ping();
		sleep_ms(nap);
		if (nap < 20)
			nap *= 2;
	}
}

int run_bounded(int (*fn)(void *), void *arg, long timeout_ms)
{
	int status = 0;
	pid_t pid = fork();

	if (pid < 0)
		return fn(arg);
	if (pid == 0)
		_exit(fn(arg) & 0xff);
	if (wait_child(pid, timeout_ms, &status) < 0) {
		kill(pid, SIGKILL);
		wait_child(pid, 50, &status);
		return BOUNDED_TIMEOUT;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return EINTR;
}
