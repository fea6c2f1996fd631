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

/* Signals every process that must go (sig 0: just counts them). */
static unsigned signal_all(int sig, bool spare_storage, unsigned *spared)
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
		if (sig == 0)
			continue;
		kill(st.pid, sig);
		if (sig == SIGTERM) {
			if (st.tty_nr)
				kill(st.pid, SIGHUP);
			kill(st.pid, SIGCONT);
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

/* Waits until nothing is left to kill; returns how many are still there. */
static unsigned wait_gone(bool spare_storage, long timeout_ms)
{
	int64_t deadline = mono_ms() + timeout_ms;
	long nap = 2;
	unsigned left;

	for (;;) {
		reap();
		left = signal_all(0, spare_storage, NULL);
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
	memset(st, 0, sizeof(*st));
	st->termed = signal_all(SIGTERM, spare_storage, &st->spared);
	if (st->termed == 0)
		return;
	st->killed = wait_gone(spare_storage, term_ms);
	if (st->killed == 0)
		return;
	signal_all(SIGKILL, spare_storage, NULL);
	st->survivors = wait_gone(spare_storage, kill_ms);
	if (st->survivors)
		log_warn("kill: %u processes survive SIGKILL (stuck in the kernel?)", st->survivors);
}
