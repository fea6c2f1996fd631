/* handover.c - ask sysvinit to re-exec into pitstop (see handover.h). */
#include "handover.h"
#include "deadline.h"
#include "fileio.h"
#include "log.h"
#include "procparse.h"
#include "paths.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define INITCTL "/run/initctl"
#define NAME_LEN 256
/* how long PID 1, re-executed too late, leaves the exitrd to the caller */
#define LATE_WAIT_MS (15 * 60 * 1000)
#define INITCTL_MAGIC 0x03091969
#define INITCTL_CMD_RUNLEVEL 1

/* sysvinit's request record (initreq.h): 384 bytes, read whole or ignored */
struct initctl_request {
	int magic, cmd, runlevel, sleeptime;
	char data[368];
};

static int ask_reexec(void)
{
	struct initctl_request rq;
	struct stat st;
	ssize_t n;
	int fd;

	/* O_NONBLOCK: without a reader (no sysvinit) the open fails, ENXIO */
	fd = open(INITCTL, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		log_warn("handover: open %s: %s: PID 1 is not sysvinit, it keeps the old root busy", INITCTL,
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		log_warn("handover: %s is not a fifo", INITCTL);
		close(fd);
		return -1;
	}
	memset(&rq, 0, sizeof(rq));
	rq.magic = INITCTL_MAGIC;
	rq.cmd = INITCTL_CMD_RUNLEVEL;
	rq.runlevel = 'U';
	n = write(fd, &rq, sizeof(rq));
	close(fd);
	if (n != (ssize_t)sizeof(rq)) {
		log_warn("handover: write %s: %s", INITCTL, n < 0 ? strerror(errno) : "short write");
		return -1;
	}
	return 0;
}

/* path -> /shutdown, with its parent directories. Only ever creates or
 * replaces a symlink, and never under the old root. */
static int point_at_us(const char *path)
{
	char dir[NAME_LEN];
	struct stat st;
	char *s;

	if (strlen(path) >= sizeof(dir) || strncmp(path, OLDROOT "/", sizeof(OLDROOT)) == 0) {
		errno = EINVAL;
		return -1;
	}
	if (lstat(path, &st) == 0 && !S_ISLNK(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	strcpy(dir, path);
	for (s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	unlink(path);
	return symlink("/shutdown", path);
}

/* The old root's /bin, /sbin, /lib links (merged /usr), so that PID 1's
 * name resolves here the way it did there. */
static void mirror_usr_links(void)
{
	static const char *const top[] = { "bin", "sbin", "lib", "lib64" };
	char from[32], to[64];
	ssize_t n;
	size_t i;

	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
		snprintf(from, sizeof(from), OLDROOT "/%s", top[i]);
		n = readlink(from, to, sizeof(to) - 1);
		if (n <= 0)
			continue;
		to[n] = 0;
		(void)symlink(to, from + sizeof(OLDROOT));
	}
}

/* The names sysvinit may re-exec by: its argv[0] as started (setproctitle
 * has since overwritten /proc/1/cmdline: "init [6]"), so the path of its
 * binary, the argv[0] if it is still a path, and the kernel's default. */
#define ARGV0_READ_MS 500

static size_t init_names(char names[][NAME_LEN], size_t max)
{
	char buf[NAME_LEN + 16], argv0[NAME_LEN + 16], *s;
	size_t n = 0;
	ssize_t r;

	r = readlink("/proc/1/exe", buf, sizeof(buf) - 1);
	if (r > 0) {
		buf[r] = 0;
		if (r > 10 && strcmp(buf + r - 10, " (deleted)") == 0)
			buf[r -= 10] = 0; /* replaced by an upgrade: the name is what counts */
		/* seen from here the binary is under the old root */
		s = buf;
		if (strncmp(s, OLDROOT "/", sizeof(OLDROOT)) == 0)
			s += sizeof(OLDROOT) - 1;
		if (cmdline_argv0_path(s, strlen(s), names[n], NAME_LEN) == 0)
			n++;
	}
	/* reading another process's arguments takes its memory lock: in a child, bounded;
	 * the first NUL ends the line, which leaves argv[0] */
	if (n < max && read_line_bounded("/proc/1/cmdline", argv0, sizeof(argv0), ARGV0_READ_MS) == 0 &&
	    cmdline_argv0_path(argv0, strlen(argv0), names[n], NAME_LEN) == 0)
		n++;
	if (n < max)
		strcpy(names[n++], "/sbin/init");
	return n;
}

static bool pid1_is(const struct stat *self)
{
	struct stat st;

	return stat("/proc/1/exe", &st) == 0 && st.st_dev == self->st_dev && st.st_ino == self->st_ino;
}

/* The verb file is claimed by rename(2), by PID 1 (HANDOVER_INIT) or by
 * the caller when it stops waiting (HANDOVER_CALLER): exactly one of them
 * runs the exitrd, and with the asked verb. */
int init_handover(enum verb v, long wait_ms)
{
	char names[3][NAME_LEN];
	struct stat self;
	int64_t t0 = mono_ms();
	size_t n, i;

	if (stat("/shutdown", &self) < 0)
		return -1;
	mirror_usr_links();
	n = init_names(names, 3);
	for (i = 0; i < n; i++)
		if (point_at_us(names[i]) < 0) {
			log_warn("handover: link %s to /shutdown: %s", names[i], strerror(errno));
			names[i][0] = 0; /* not ours: leave it alone below */
		}
	if (create_file(HANDOVER_FILE, verb_name(v)) < 0)
		log_warn("handover: write " HANDOVER_FILE ": %s", strerror(errno));
	else if (ask_reexec() == 0) {
		while (mono_ms() - t0 < wait_ms) {
			if (pid1_is(&self) || access(HANDOVER_FILE, F_OK) < 0) {
				for (i = 0; i + 1 < n && !names[i][0]; i++)
					;
				log_notice("handover: PID 1 (%s) re-executed into pitstop (%lld ms)",
					   names[i], (long long)(mono_ms() - t0));
				return 0;
			}
			sleep_ms(10);
		}
		if (rename(HANDOVER_FILE, HANDOVER_CALLER) < 0 && errno == ENOENT) {
			log_notice("handover: PID 1 re-executed into pitstop late (%lld ms)",
				   (long long)(mono_ms() - t0));
			return 0; /* it claimed the verb: it runs the exitrd */
		}
		log_warn("handover: PID 1 did not re-exec within %ld ms: the old root stays busy",
			 wait_ms);
	}
	/* a late re-exec must find nothing to run (and waits for us: handover_verb) */
	for (i = 0; i < n; i++)
		if (names[i][0])
			unlink(names[i]);
	unlink(HANDOVER_FILE);
	return -1;
}

/* PID 1 after a late re-exec: the caller runs the exitrd with the verb;
 * reap what it leaves until its reboot(2) ends us. Should it never come,
 * do the verb ourselves. */
static void wait_for_caller(void)
{
	int64_t t0 = mono_ms();

	log_warn("init: the caller of the handover runs the exitrd; waiting for it");
	while (mono_ms() - t0 < LATE_WAIT_MS) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		sleep_ms(100);
	}
}

void handover_verb(char *verb, size_t sz)
{
	sigset_t none;
	int fd;

	/* sysvinit blocks every signal before it execs and leaves its control
	 * fifo and state pipe open: the deadline alarm needs SIGALRM, and open
	 * files of the old root would keep it busy */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (fd = 3; fd < 1024; fd++)
		close(fd);
	if (rename(HANDOVER_FILE, HANDOVER_INIT) == 0 && read_line(HANDOVER_INIT, verb, sz) == 0) {
		unlink(HANDOVER_INIT);
		return;
	}
	log_open(LOG_TARGET_KMSG);
	if (read_line(HANDOVER_CALLER, verb, sz) == 0) {
		wait_for_caller();
		return;
	}
	log_warn("init: no verb in " HANDOVER_FILE " (%s): rebooting", strerror(errno));
	snprintf(verb, sz, "reboot");
}
