/* kill.c - signal what is left and wait for it to go. */
#include "kill.h"
#include "deadline.h"
#include "fileio.h"
#include "log.h"
#include "procparse.h"
#include "sys.h"
#include "watchdog.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARGV0_MS 1000 /* to tell the storage daemons among root's processes */

/* What is known of each process seen: whether it is a storage daemon
 * (argv[0] starts with '@'), and whether it was sent SIGTERM. PIDs that
 * appear during the wait (respawned by init, forked by a dying parent) get
 * their SIGTERM too instead of waiting for the SIGKILL round. */
struct seen {
	int pid;
	bool termed, storage;
};

struct known {
	struct seen *v;
	size_t n, cap;
	size_t termed;
};

/* index into k->v, or -1 */
static long known_find(const struct known *k, int pid)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (k->v[i].pid == pid)
			return (long)i;
	return -1;
}

static long known_add(struct known *k, int pid)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 256;
		struct seen *v = realloc(k->v, cap * sizeof(*v));

		if (!v)
			return -1;
		k->v = v;
		k->cap = cap;
	}
	k->v[k->n] = (struct seen){ pid, false, false };
	return (long)k->n++;
}

/* In a bounded child: reading /proc/PID/cmdline takes the process's mmap
 * lock, which a process stuck in a page fault on a dead device holds. */
static int argv0_is_at(void *arg, size_t i)
{
	const int *pids = arg;
	char path[32], c = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pids[i]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == '@';
}

/* The real uid (as systemd checks it: a setuid program started by a user
 * is that user's), from /proc/PID/status; -1 if unknown. */
static long real_uid(int pid)
{
	unsigned long long uid[4];
	char path[32], *buf;
	size_t len;
	int n;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (read_file(path, 1 << 16, &buf, &len) < 0)
		return -1;
	n = proc_status_nums(buf, "Uid", 10, uid, 4);
	free(buf);
	return n >= 1 ? (long)uid[0] : -1;
}

struct cand {
	struct proc_stat st;
	long uid;
	long s; /* index into known, or -1 */
};

/* Only root's processes can be storage daemons; kernel threads have no argv;
 * we are spared anyway (no child to read our own argv). */
static bool asks(const struct cand *c)
{
	return c->uid == 0 && !(c->st.flags & PF_KTHREAD_FLAG) && c->st.pid != getpid();
}

/* Learns whether the root-owned newcomers among c[] are storage daemons. */
static void learn_storage(struct known *k, struct cand *c, size_t n)
{
	int *pids = malloc((n ? n : 1) * sizeof(*pids)), *res = malloc((n ? n : 1) * sizeof(*res));
	size_t i, m = 0;

	for (i = 0; pids && res && i < n; i++)
		if (c[i].s < 0 && asks(&c[i]))
			pids[m++] = c[i].st.pid;
	if (m)
		run_batch(argv0_is_at, pids, m, res, mono_ms() + ARGV0_MS);
	for (i = 0, m = 0; pids && res && i < n; i++) {
		bool at;

		if (c[i].s >= 0)
			continue;
		at = asks(&c[i]) && res[m++] == 1;
		c[i].s = known_add(k, c[i].st.pid);
		if (c[i].s >= 0)
			k->v[c[i].s].storage = at;
	}
	free(pids);
	free(res);
}

static void send_term(int pid, int tty_nr)
{
	kill(pid, SIGTERM);
	if (tty_nr)
		kill(pid, SIGHUP);
	kill(pid, SIGCONT);
}

/* The processes that may have to go, with what is known of them. */
static size_t candidates(struct known *k, struct cand **out)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	struct cand *c = NULL;
	size_t n = 0, cap = 0;
	char path[48], buf[512];

	if (!d) {
		log_err("kill: cannot open /proc: %s", strerror(errno));
		*out = NULL;
		return 0;
	}
	while ((de = readdir(d))) {
		int pid = atoi(de->d_name);

		if (pid <= 0)
			continue;
		if (n == cap) {
			struct cand *v = realloc(c, (cap = cap ? 2 * cap : 256) * sizeof(*c));

			if (!v)
				break;
			c = v;
		}
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		if (read_line(path, buf, sizeof(buf)) < 0 || proc_stat_parse(buf, &c[n].st) < 0)
			continue;
		/* a kernel thread is spared whoever it runs as: no second read */
		c[n].uid = c[n].st.flags & PF_KTHREAD_FLAG ? 0 : real_uid(pid);
		c[n].s = known_find(k, pid);
		n++;
	}
	closedir(d);
	*out = c;
	return n;
}

/* Signals every process that must go and returns how many there are.
 * sig SIGTERM: those not sent it yet; SIGKILL: all; 0: none, just count. */
static unsigned signal_all(int sig, bool spare_storage, struct known *k, unsigned *spared)
{
	struct cand *c;
	size_t i, n = candidates(k, &c);
	unsigned left = 0;

	if (spare_storage)
		learn_storage(k, c, n);
	if (spared)
		*spared = 0;
	for (i = 0; i < n; i++) {
		bool at = c[i].s >= 0 && k->v[c[i].s].storage;
		enum proc_fate fate = proc_fate(&c[i].st, getpid(), c[i].uid < 0 ? 65534 : (unsigned)c[i].uid,
						at ? "@" : "", spare_storage);

		if (fate == FATE_SPARE_STORAGE && spared)
			(*spared)++;
		if (fate != FATE_KILL)
			continue;
		left++;
		if (sig == SIGKILL) {
			kill(c[i].st.pid, SIGKILL);
		} else if (sig == SIGTERM) {
			if (c[i].s < 0)
				c[i].s = known_add(k, c[i].st.pid);
			if (c[i].s >= 0 && !k->v[c[i].s].termed) {
				k->v[c[i].s].termed = true;
				k->termed++;
				send_term(c[i].st.pid, c[i].st.tty_nr);
			}
		}
	}
	free(c);
	return left;
}

static void reap(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* Waits until nothing is left to kill, sending sig to newcomers (see
 * signal_all); returns how many are still there. */
static unsigned wait_gone(int sig, bool spare_storage, struct known *t, long timeout_ms)
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
	struct known k = { NULL, 0, 0, 0 };

	memset(st, 0, sizeof(*st));
	settle_children(50); /* our helpers that answered but were still exiting */
	signal_all(SIGTERM, spare_storage, &k, &st->spared);
	if (k.termed > 0)
		st->killed = wait_gone(SIGTERM, spare_storage, &k, term_ms);
	st->termed = (unsigned)k.termed;
	if (st->killed > 0) {
		signal_all(SIGKILL, spare_storage, &k, NULL);
		st->survivors = wait_gone(SIGKILL, spare_storage, &k, kill_ms);
	}
	free(k.v);
	if (st->survivors)
		log_warn("kill: %u processes survive SIGKILL (stuck in the kernel?)", st->survivors);
}
