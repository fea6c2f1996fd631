/* sysv.c - do what systemd-shutdown does before it execs the exitrd:
 * kill what is left, make /run/initramfs the root with the old one at
 * /oldroot (main.c then hands over to PID 1 or runs /shutdown VERB). The
 * whole of it runs under the deadline alarm, and sync and the fallback's
 * remounts in bounded children, like the exitrd's own. */
#include "sysv.h"
#include "arm.h"
#include "finale.h"
#include "handover.h"
#include "kill.h"
#include "log.h"
#include "options.h"
#include "plan.h"
#include "sys.h"
#include "deadline.h"
#include "mounttable.h"
#include "syncfs.h"
#include "tdplan.h"
#include "watchdog.h"

#include <errno.h>
#include <stdlib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

/* the pivot's own budget: the kill round (5 s + 3 s), syncs, the pivot */
#define PIVOT_BUDGET_MS 30000
#define PIVOT_SYNC_MS 10000

static int bind(const char *src, const char *dst, unsigned long rec)
{
	if (mount(src, dst, NULL, MS_BIND | rec, NULL) == 0)
		return 0;
	log_err("pivot: bind %s on %s: %s", src, dst, strerror(errno));
	return -1;
}

static int pivot(void)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    bind(ARM_DIR, ARM_DIR, 0) < 0 || bind("/dev", ARM_DIR "/dev", MS_REC) < 0 ||
	    bind("/proc", ARM_DIR "/proc", MS_REC) < 0 || bind("/sys", ARM_DIR "/sys", MS_REC) < 0 ||
	    bind("/run", ARM_DIR "/run", 0) < 0)
		return -1;
	if (chdir(ARM_DIR) < 0 || sys_pivot_root(".", "oldroot") < 0) {
		log_err("pivot: pivot_root into %s: %s", ARM_DIR, strerror(errno));
		return -1;
	}
	if (chroot(".") < 0 || chdir("/") < 0)
		return -1;
	return 0;
}

/* The kill round ends whoever started us: the shell, and over ssh or in a
 * terminal the owner of the terminal. Their end must not be ours: a shell
 * passes SIGHUP (and SIGTERM) on to its jobs, a dying terminal sends SIGHUP
 * to its foreground group, a dead reader leaves SIGPIPE. Dying here would
 * leave a system with everything killed and nothing to reboot it. The
 * dispositions survive the exec of the exitrd, which needs none of them. */
static void outlive_caller(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE,
				    SIGTSTP, SIGTTIN, SIGTTOU };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	setsid(); /* leaves the terminal; fails for a group leader, SIGHUP is ignored anyway */
}

static int64_t pivot_end;

static void sync_bounded_log(void)
{
	long long dirty;

	if (sync_bounded(PIVOT_SYNC_MS, pivot_end, &dirty) < 0)
		log_warn("pivot: sync gave up waiting, %lld KiB dirty or in writeback", dirty);
}

static int remount_ro(void *arg, size_t i)
{
	const struct mountinfo *const *m = arg;

	return mount(NULL, m[i]->target, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0 ? 0 : errno;
}

/* No exitrd to go to: the best we can do in place. */
static void fallback(enum verb v)
{
	struct mount_table t;
	const struct mountinfo **m;
	int *res;
	size_t i, n = 0;

	log_warn("pivot failed: sync, remount every file system read-only, then %s", verb_name(v));
	sync_bounded_log();
	if (mount_table_read(&t) == 0) {
		m = malloc((t.n ? t.n : 1) * sizeof(*m));
		res = malloc((t.n ? t.n : 1) * sizeof(*res));
		for (i = t.n; m && res && i-- > 0;)
			if (fs_classify(t.v[i].fstype) == FS_DISK)
				m[n++] = &t.v[i];
		run_batch(remount_ro, m, n, res, pivot_end);
		for (i = 0; i < n; i++)
			if (res[i])
				log_warn("remount %s read-only: %s", m[i]->target,
					 res[i] == BOUNDED_TIMEOUT ? "no answer in time" : strerror(res[i]));
		free(m);
		free(res);
		mount_table_free(&t);
	}
	sync_bounded_log();
	finale(v, NULL, 0);
}

int sysv_pivot(int argc, char **argv, enum verb *vp)
{
	struct kill_stats ks;
	enum verb v;

	if (argc != 1 || verb_parse(argv[0], &v) < 0) {
		log_err("usage: pitstop reboot|poweroff|halt|kexec (no options)");
		return 2;
	}
	*vp = v;
	if (geteuid() != 0) {
		log_err("%s: must be run as root", argv[0]);
		return 1;
	}
	if (access("/run/systemd/system", F_OK) == 0) {
		log_err("%s: systemd is running and returns to the exitrd itself: "
			"use 'systemctl %s'", argv[0], argv[0]);
		return 1;
	}
	log_open(LOG_TARGET_KMSG);
	/* Debian's wd_keepalive may still feed it (sendsigs spares it): after the kill round */
	watchdog_take_over(0);
	outlive_caller();
	/* from here on the verb happens, one way or the other, in time */
	finale_arm_alarm(v, PIVOT_BUDGET_MS / 1000 + 5);
	pivot_end = mono_ms() + PIVOT_BUDGET_MS;
	if (access(ARM_DIR "/shutdown", X_OK) < 0) {
		log_warn("%s/shutdown is not armed: arming it now", ARM_DIR);
		if (arm(ARM_DIR, "/proc/self/exe") < 0) {
			fallback(v);
			return 1;
		}
	}
	kill_all(true, 5000, 3000, &ks);
	log_notice("pivot: %u processes sent SIGTERM, %u needed SIGKILL", ks.termed, ks.killed);
	watchdog_take_over(WD_BUSY_WAIT_MS);
	sync_bounded_log();
	if (pivot() < 0) {
		fallback(v);
		return 1;
	}
	return 0;
}

void sysv_no_exitrd(enum verb v)
{
	log_err("pivot: exec /shutdown: %s", strerror(errno));
	watchdog_take_over(WD_BUSY_WAIT_MS); /* released for the exitrd that did not start */
	fallback(v);
}
