/* sysv.c - do what systemd-shutdown does before it execs the exitrd:
 * kill what is left, make /run/initramfs the root with the old one at
 * /oldroot, and run /shutdown VERB there. PID 1's binary is mapped from the
 * old root: sysvinit is asked to re-exec into pitstop (handover.c), which
 * frees the old root; any other init keeps it busy, and the exitrd (then
 * exec'd here) leaves it read-only and detached. */
#include "sysv.h"
#include "arm.h"
#include "finale.h"
#include "handover.h"
#include "kill.h"
#include "log.h"
#include "options.h"
#include "plan.h"
#include "sys.h"
#include "umount.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

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

/* No exitrd to go to: the best we can do in place. */
static void fallback(enum verb v)
{
	struct mount_table t;
	size_t i;

	log_warn("pivot failed: sync, remount every file system read-only, then %s", verb_name(v));
	sync();
	if (mount_table_read(&t) == 0) {
		for (i = t.n; i-- > 0;)
			if (fs_classify(t.v[i].fstype) == FS_DISK &&
			    mount(NULL, t.v[i].target, NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0)
				log_warn("remount %s read-only: %s", t.v[i].target, strerror(errno));
		mount_table_free(&t);
	}
	sync();
	finale(v, NULL, 0);
}

int cmd_pivot(int argc, char **argv)
{
	struct kill_stats ks;
	enum verb v;
	char *args[3];

	if (argc != 1 || verb_parse(argv[0], &v) < 0) {
		log_err("usage: pitstop reboot|poweroff|halt|kexec (no options)");
		return 2;
	}
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
	outlive_caller();
	if (access(ARM_DIR "/shutdown", X_OK) < 0) {
		log_warn("%s/shutdown is not armed: arming it now", ARM_DIR);
		if (arm(ARM_DIR, "/proc/self/exe") < 0) {
			fallback(v);
			return 1;
		}
	}
	kill_all(true, 5000, 3000, &ks);
	log_notice("pivot: %u processes sent SIGTERM, %u needed SIGKILL", ks.termed, ks.killed);
	sync();
	if (pivot() < 0) {
		fallback(v);
		return 1;
	}
	if (init_handover(v, 3000) == 0)
		_exit(0); /* PID 1 runs the exitrd now */
	args[0] = "shutdown";
	args[1] = argv[0];
	args[2] = NULL;
	execv("/shutdown", args);
	log_err("pivot: exec /shutdown: %s", strerror(errno));
	fallback(v);
	return 1;
}
