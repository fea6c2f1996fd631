/* deadline.c - bounded children (see deadline.h). */
#include "deadline.h"
#include "fileio.h"
#include "sys.h"
#include "tdplan.h"
#include "watchdog.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Children we are done with that had not ended yet when we let them go:
 * reaped later, without waiting (a pause to reap each one costs more than
 * the work it did under emulation); counted as stuck when they outlast all. */
#define MAX_PENDING 64
static int pending[MAX_PENDING];
static size_t n_pending;
static unsigned n_abandoned; /* beyond MAX_PENDING: waited for, then given up */

static void reap_pending(void)
{
	size_t i = 0;

	while (i < n_pending) {
		int r = waitpid(pending[i], NULL, WNOHANG);

		if (r == pending[i] || (r < 0 && errno == ECHILD)) /* (someone's waitpid(-1) took it) */
			pending[i] = pending[--n_pending];
		else
			i++;
	}
}

void settle_children(long timeout_ms)
{
	int64_t end = mono_ms() + timeout_ms;

	for (reap_pending(); n_pending && ms_left(end) > 0; reap_pending())
		sleep_ms(2);
}

unsigned abandoned_children(void)
{
	settle_children(50);
	return (unsigned)n_pending + n_abandoned;
}

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

/* 1 when fd has data (or EOF), 0 on timeout; feeds the watchdog meanwhile. */
static int wait_readable(int fd, long timeout_ms)
{
	int64_t end = mono_ms() + timeout_ms;
	struct pollfd p = { fd, POLLIN, 0 };

	for (;;) {
		long left = ms_left(end);
		int r = poll(&p, 1, left < 500 ? (int)left : 500);

		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return 1; /* let read() tell */
		watchdog_ping();
		if (ms_left(end) == 0)
			return 0;
	}
}

static int start(struct bounded_child *c, int (*fn)(void *, size_t), void *arg, size_t from, size_t n)
{
	int p[2];

	if (pipe(p) < 0)
		return -1;
	c->pid = fork();
	if (c->pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (c->pid == 0) {
		close(p[0]);
		for (; from < n; from++) {
			int r = fn(arg, from);

			if (write(p[1], &r, sizeof(r)) != sizeof(r))
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	c->fd = p[0];
	return 0;
}

/* Done with c: reaped now if it has ended, later otherwise. */
static void finish(struct bounded_child *c, int sig)
{
	int status;

	if (sig)
		kill(c->pid, sig);
	close(c->fd);
	reap_pending();
	if (waitpid(c->pid, &status, WNOHANG) == c->pid)
		return;
	if (n_pending < MAX_PENDING)
		pending[n_pending++] = c->pid;
	else if (wait_child(c->pid, 50, &status) < 0)
		n_abandoned++;
}

size_t run_batch(int (*fn)(void *arg, size_t i), void *arg, size_t n, int *res, int64_t deadline_ms)
{
	struct bounded_child c;
	size_t i = 0, answered = 0;
	bool running = false;

	watchdog_ping(); /* between two bounded operations too */
	while (i < n) {
		long slice = op_slice(ms_left(deadline_ms));
		ssize_t got;

		if (slice == 0) {
			res[i++] = BOUNDED_SKIPPED;
			continue;
		}
		if (!running && start(&c, fn, arg, i, n) < 0) {
			res[i] = fn(arg, i); /* no fork: better than nothing */
			i++;
			answered++;
			continue;
		}
		running = true;
		/* the answers that are there, at least the next one */
		if (wait_readable(c.fd, slice) &&
		    (got = read(c.fd, &res[i], (n - i) * sizeof(*res))) >= (ssize_t)sizeof(*res)) {
			i += (size_t)got / sizeof(*res);
			answered += (size_t)got / sizeof(*res);
			continue;
		}
		res[i] = wait_readable(c.fd, 0) ? EINTR : BOUNDED_TIMEOUT; /* EOF: it died */
		i++;
		finish(&c, SIGKILL);
		running = false;
	}
	if (running)
		finish(&c, 0);
	return answered;
}

struct one {
	int (*fn)(void *);
	void *arg;
};

static int call_one(void *arg, size_t i)
{
	const struct one *o = arg;

	(void)i;
	return o->fn(o->arg);
}

int run_bounded(int (*fn)(void *), void *arg, long timeout_ms)
{
	struct one o = { fn, arg };
	int r;

	/* a slice is half of what is left: ask for twice the time */
	run_batch(call_one, &o, 1, &r, mono_ms() + 2 * timeout_ms);
	return r == BOUNDED_SKIPPED ? BOUNDED_TIMEOUT : r;
}

int read_line_bounded(const char *path, char *out, size_t outsz, long timeout_ms)
{
	struct bounded_child c;
	ssize_t n = -1;
	int p[2];

	out[0] = '\0';
	if (pipe(p) < 0)
		return -1;
	c.pid = fork();
	if (c.pid == 0) {
		close(p[0]);
		if (read_line(path, out, outsz) == 0)
			(void)!write(p[1], out, strlen(out));
		_exit(0);
	}
	close(p[1]);
	c.fd = p[0];
	if (c.pid < 0) {
		close(p[0]);
		return -1;
	}
	if (wait_readable(c.fd, timeout_ms))
		n = read(c.fd, out, outsz - 1);
	out[n > 0 ? n : 0] = '\0';
	finish(&c, n < 0 ? SIGKILL : 0);
	return n > 0 ? 0 : -1;
}

int child_start(struct bounded_child *c, int (*fn)(void *), void *arg)
{
	struct one o = { fn, arg };

	return start(c, call_one, &o, 0, 1);
}

int child_wait(struct bounded_child *c, long timeout_ms, int *answer)
{
	if (!wait_readable(c->fd, timeout_ms))
		return 0;
	return read(c->fd, answer, sizeof(*answer)) == sizeof(*answer) ? 1 : -1;
}

void child_end(struct bounded_child *c, bool answered)
{
	finish(c, answered ? 0 : SIGKILL);
}
