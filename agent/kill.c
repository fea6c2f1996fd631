/* kill.c - signal what is left and wait for it to go. */
#include "kill.h"
#include "deadline.h"
#include "fileio.h"
#include "log.h"
#include "procparse.h"
#include "sys.h"
#include "watchdog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void read_argv0(int pid, char *out, size_t outsz)
{
	char path[32];
	int fd;
	ssize_t r;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	r = read(fd, out, outsz - 1);
	close(fd);
	out[r > 0 ? r : 0] = '\0';
}

/* Decides the fate of /proc/<name>; fills *st. */
static enum proc_fate judge(const char *name, bool spare_storage, struct proc_stat *st)
{
	char path[48], buf[512], argv0[64];
	struct stat sb;
	int pid = atoi(name);

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (pid <= 0 || read_line(path, buf, sizeof(buf)) < 0 || proc_stat_parse(buf, st) < 0)
		return FATE_GONE;
	snprintf(path, sizeof(path), "/proc/%d", pid);
	if (stat(path, &sb) < 0)
		return FATE_GONE;
	read_argv0(pid, argv0, sizeof(argv0));
	return proc_fate(st, getpid(), sb.st_uid, argv0, spare_storage);
}

/* PIDs already sent SIGTERM in this kill_all(), so that processes that
 * appear during the wait (respawned by init, forked by a dying parent) get
 * their SIGTERM too instead of waiting for the SIGKILL round. */
struct termed {
	int *pid;
	size_t n, cap;
};

static bool termed_has(const struct termed *t, int pid)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->pid[i] == pid)
			return true;
	return false;
}

static void termed_add(struct termed *t, int pid)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		int *v = realloc(t->pid, cap * sizeof(*v));

		if (!v)
			return;
		t->pid = v;
		t->cap = cap;
	}
	t->pid[t->n++] = pid;
}

static void send_term(int pid, int tty_nr)
{
	kill(pid, SIGTERM);
	if (tty_nr)
		kill(pid, SIGHUP);
	kill(pid, SIGCONT);
}

/* Signals every process that must go and returns how many there are.
 * sig SIGTERM: those not in *t yet (and records them); SIGKILL: all;
 * 0: none, just count. */
static unsigned signal_all(int sig, bool spare_storage, struct termed *t, unsigned *spared)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	unsigned n = 0;

	if (!d) {
		log_err("kill: cannot open /proc: %s", strerror(errno));
		return 0;
	}
	if (spared)
		*spared = 0;
	while ((de = readdir(d))) {
		struct proc_stat st;
		enum proc_fate fate;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		fate = judge(de->d_name, spare_storage, &st);
		if (fate == FATE_SPARE_STORAGE && spared)
			(*spared)++;
		if (fate != FATE_KILL)
			continue;
		n++;
		if (sig == SIGKILL) {
			kill(st.pid, SIGKILL);
		} else if (sig == SIGTERM && !termed_has(t, st.pid)) {
			termed_add(t, st.pid);
			send_term(st.pid, st.tty_nr);
		}
	}
	closedir(d);
	return n;
}

static void reap(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* Waits until nothing is left to kill, sending sig to newcomers (see
 * signal_all); returns how many are still there. */
static unsigned wait_gone(int sig, bool spare_storage, struct termed *t, long timeout_ms)
{
	int64_t deadline = mono_ms() + timeout_ms;
	long nap = 2;
	unsigned left;

	for (;;) {
		reap();
		left = signal_all(sig, spare_storage, t, NULL);
		if (left == 0 || ms_left(deadline) == 0)
			return left;
		watchdog_ping();
		sleep_ms(nap);
		if (nap < 50)
			nap *= 2;
	}
}

void kill_all(bool spare_storage, long term_ms, long kill_ms, struct kill_stats *st)
{
	struct termed t = { NULL, 0, 0 };

	memset(st, 0, sizeof(*st));
	signal_all(SIGTERM, spare_storage, &t, &st->spared);
	if (t.n > 0)
		st->killed = wait_gone(SIGTERM, spare_storage, &t, term_ms);
	st->termed = (unsigned)t.n;
	free(t.pid);
	if (st->killed == 0)
		return;
	signal_all(SIGKILL, spare_storage, NULL, NULL);
	st->survivors = wait_gone(SIGKILL, spare_storage, NULL, kill_ms);
	if (st->survivors)
		log_warn("kill: %u processes survive SIGKILL (stuck in the kernel?)", st->survivors);
}
