/* shutdown.c - the exitrd's phases, in order, each under the deadline.
 *
 *   prepare  our own /proc, /sys, /dev; private mounts; reboot argument
 *   stage    (kexec with nothing staged) the running release from /oldroot/boot
 *   api      detach /oldroot/{dev,proc,sys}
 *   kill     what still runs, sparing "@" storage daemons
 *   teardown swapoff, umount /oldroot, loop, dm, md: again while it helps
 *            (a mount holding a loop file over the loop's own file system is
 *            moved to /oldloop first, and unmounted after the loop is gone)
 *   busy     what stays: read-only, detached, dm removal deferred
 *   storage  the "@" daemons go; the block layers get one more try
 *   sync     bounded by writeback progress
 *   final    reboot(2) */
#include "shutdown.h"
#include "deadline.h"
#include "fileio.h"
#include "finale.h"
#include "kexec.h"
#include "kill.h"
#include "log.h"
#include "options.h"
#include "procparse.h"
#include "storage.h"
#include "sys.h"
#include "syncfs.h"
#include "umount.h"
#include "watchdog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ROUNDS 8
/* where loop_park_backing() moves a mount that holds a loop file out from under OLDROOT */
#define LOOP_PARK "/oldloop"
/* how long the storage phase waits for deferred dm removals and autoclear loops */
#define STORAGE_SETTLE_MS 1000
#define REBOOT_PARAM_MAX 256

struct plan_times {
	int64_t end;          /* the whole budget */
	int64_t teardown_end; /* leaves a fifth of it for sync */
	long term_ms, kill_ms;
	bool devices;         /* swap, loop, dm, md are ours to take down */
};

static void budget_split(long long timeout_us, struct plan_times *pt)
{
	long total = (long)(timeout_us / 1000);

	pt->end = mono_ms() + total;
	pt->teardown_end = pt->end - total / 5;
	pt->term_ms = total / 10 < 5000 ? total / 10 : 5000;
	pt->kill_ms = pt->term_ms;
}

/* In the host's PID namespace kthreadd is PID 2. Anywhere else we are in a
 * container: swap, loop, dm, md and kexec belong to the host, not to us. */
static bool in_container(void)
{
	struct proc_stat st;
	char buf[256];

	return read_line("/proc/2/stat", buf, sizeof(buf)) < 0 || proc_stat_parse(buf, &st) < 0 ||
	       !(st.flags & PF_KTHREAD_FLAG);
}

static bool is_mount_point(const char *dir)
{
	struct stat root, st;

	return stat("/", &root) == 0 && stat(dir, &st) == 0 && st.st_dev != root.st_dev;
}

static void ensure_mounted(const char *dir, const char *fstype, const char *src)
{
	if (is_mount_point(dir))
		return;
	mkdir(dir, 0755);
	if (mount(src, dir, fstype, MS_NOSUID | MS_NOEXEC, NULL) < 0)
		log_warn("prepare: mount %s on %s: %s", fstype, dir, strerror(errno));
}

static void prepare(char *reboot_arg, size_t len)
{
	struct phase p;

	phase_begin(&p, "prepare");
	ensure_mounted("/sys", "sysfs", "sysfs");
	ensure_mounted("/dev", "devtmpfs", "devtmpfs");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		log_warn("prepare: make mounts private: %s", strerror(errno));
	reboot_arg[0] = '\0';
	read_line(OLDROOT "/run/systemd/reboot-param", reboot_arg, len);
	phase_end(&p, "pid %d, reboot argument '%s'", (int)getpid(), reboot_arg);
}

static void stage_if_needed(void)
{
	struct phase p;
	int staged = kexec_staged();

	if (staged == 1)
		return;
	phase_begin(&p, "stage");
	if (kexec_stage_running(OLDROOT) == 0)
		phase_end(&p, "nothing was staged: staged the running release from " OLDROOT "/boot");
	else
		phase_end(&p, "nothing staged and staging failed: the kexec will become a reboot");
}

static void detach_api(void)
{
	static const char *const api[] = { OLDROOT "/dev", OLDROOT "/proc", OLDROOT "/sys", NULL };
	struct phase p;
	int i, n = 0;

	phase_begin(&p, "api");
	for (i = 0; api[i]; i++)
		if (umount2(api[i], MNT_DETACH | UMOUNT_NOFOLLOW) == 0)
			n++;
	phase_end(&p, "%d of " OLDROOT "/{dev,proc,sys} detached", n);
}

static void kill_phase(const char *name, bool spare, const struct plan_times *pt)
{
	struct kill_stats ks;
	struct phase p;

	phase_begin(&p, name);
	kill_all(spare, pt->term_ms, pt->kill_ms, &ks);
	phase_end(&p, "%u sent SIGTERM, %u needed SIGKILL, %u survive, %u storage daemons spared",
		  ks.termed, ks.killed, ks.survivors, ks.spared);
}

static unsigned parked; /* mounts moved to LOOP_PARK */

/* Unmounts what loop_park_backing() moved; returns how many went. */
static unsigned umount_parked(const struct plan_times *pt, struct umount_stats *us, unsigned *busy)
{
	unsigned n;

	if (!parked)
		return 0;
	umount_tree(LOOP_PARK, pt->teardown_end, false, us);
	n = us->unmounted;
	us->unmounted = 0;
	*busy += us->left;
	if (n)
		log_notice("umount " LOOP_PARK ": %u moved mounts unmounted", n);
	return n;
}

/* One round of every layer; returns how many things went away. */
static unsigned teardown_round(const struct plan_times *pt, struct umount_stats *us, unsigned *busy,
			       unsigned *umounted)
{
	unsigned done, b;
	bool was_mounted;

	*busy = 0;
	done = 0;
	if (pt->devices) {
		done += swap_off_all(&b);
		*busy += b;
		parked += loop_park_backing(OLDROOT, LOOP_PARK);
	}
	was_mounted = is_mount_point(OLDROOT);
	umount_tree(OLDROOT, pt->teardown_end, false, us);
	if (was_mounted && !is_mount_point(OLDROOT))
		log_notice("umount " OLDROOT ": done, %u mounts unmounted so far", us->unmounted + *umounted);
	*umounted += us->unmounted;
	done += us->unmounted;
	us->unmounted = 0;
	*busy += us->left;
	if (!pt->devices)
		return done;
	done += loop_detach_all(&b);
	*busy += b;
	done += dm_remove_all(false, &b);
	*busy += b;
	done += md_stop_all(&b);
	*busy += b;
	done += umount_parked(pt, us, busy);
	return done;
}

static void teardown(const struct plan_times *pt)
{
	struct umount_stats us = { 0 };
	struct phase p;
	unsigned total = 0, done, busy = 0, rounds = 0, umounted = 0, left;

	phase_begin(&p, "teardown");
	do {
		done = teardown_round(pt, &us, &busy, &umounted);
		total += done;
		rounds++;
		watchdog_ping();
	} while (done > 0 && busy > 0 && rounds < MAX_ROUNDS && ms_left(pt->teardown_end) > 0);
	phase_end(&p, "%u gone in %u rounds (%u umount passes), %u busy%s", total, rounds,
		  us.passes, busy, us.bad_lines ? ", malformed mountinfo lines skipped" : "");
	if (busy == 0)
		return;
	phase_begin(&p, "busy");
	us = (struct umount_stats){ 0 };
	umount_tree(OLDROOT, pt->teardown_end + 1000, true, &us);
	left = us.left;
	if (parked) {
		umount_tree(LOOP_PARK, pt->teardown_end + 1000, true, &us);
		left += us.left;
	}
	if (pt->devices)
		dm_remove_all(true, &busy);
	phase_end(&p, "%u remounted read-only, %u detached, %u mounts left", us.remounted_ro,
		  us.detached, left);
}

static void storage_daemons(const struct plan_times *pt)
{
	struct plan_times quick = *pt;
	unsigned swaps, loops, dms, mds, done, n = 0, rounds = 0;
	int64_t settle;
	struct phase p;

	quick.term_ms = quick.kill_ms = 1000;
	kill_phase("kill-storage", false, &quick);
	if (!pt->devices)
		return;
	phase_begin(&p, "storage");
	/* What the daemons held may go now; again while that helps (dm stacks, loop on
	 * dm). A removal deferred in the busy phase completes in a kernel work queue after
	 * the last close: give those a second to finish before giving up. */
	settle = mono_ms() + STORAGE_SETTLE_MS;
	for (;;) {
		done = swap_off_all(&swaps);
		done += loop_detach_all(&loops);
		done += dm_remove_all(false, &dms);
		done += md_stop_all(&mds);
		n += done;
		if (swaps + loops + dms + mds == 0 || ++rounds >= 4 * MAX_ROUNDS)
			break;
		if (done == 0) {
			if (ms_left(settle) == 0 || ms_left(pt->end) == 0)
				break;
			watchdog_ping();
			sleep_ms(50);
		}
	}
	/* each count: what failed in the last try, so what is still there */
	phase_end(&p, "%u more block devices down; left: %u swap, %u loop, %u dm, %u md", n, swaps,
		  loops, dms, mds);
}

static void sync_phase(const struct plan_times *pt)
{
	long long dirty = 0;
	struct phase p;
	int r;

	phase_begin(&p, "sync");
	r = sync_bounded(10000, pt->end, &dirty);
	phase_end(&p, "%s, %lld KiB dirty or in writeback", r == 0 ? "done" : "gave up waiting", dirty);
}

int cmd_shutdown(int argc, char **argv)
{
	struct shutdown_opts o;
	struct plan_times pt;
	char err[256] = "", reboot_arg[REBOOT_PARAM_MAX];
	struct phase total;
	bool container;

	ensure_mounted("/proc", "proc", "proc");
	container = in_container();
	/* Outside an exitrd (not PID 1, not in a container, no old root
	 * mounted at /oldroot) acting would pull the running system down
	 * from under its own feet: a mistyped command must not do that. */
	if (getpid() != 1 && !container && !is_mount_point(OLDROOT)) {
		log_err("not running as an exitrd (not PID 1 and nothing mounted on " OLDROOT
			"): refusing to act. From a running system without systemd use "
			"'pitstop reboot|poweroff|halt|kexec'");
		return 1;
	}
	log_open(container ? LOG_TARGET_STDERR : LOG_TARGET_KMSG);
	phase_begin(&total, "total");
	if (shutdown_opts_parse(argc, argv, &o, err, sizeof(err)) < 0)
		log_err("%s; going on with defaults for it", err);
	log_set_max_level(o.log_level > LOG_NOTICE ? o.log_level : LOG_NOTICE);
	if (!o.verb_given)
		log_warn("no verb given: rebooting");
	else if (o.verb_unknown)
		log_warn("unknown verb '%s': rebooting", o.verb_given);
	if (o.ignored)
		log_info("ignored %d unknown options (first: %s)", o.ignored, o.first_ignored);
	if (o.timeout_clamped)
		log_warn("timeout above one hour: using one hour");
	budget_split(o.timeout_us, &pt);
	pt.devices = !container;
	finale_arm_alarm(o.verb, (unsigned)(o.timeout_us / 1000000) + 5);
	watchdog_open_from_env();
	log_notice("exitrd: %s, budget %lld ms%s", verb_name(o.verb), o.timeout_us / 1000,
		   container ? "; in a container: swap, loop, dm, md and kexec are left to the host" : "");

	prepare(reboot_arg, sizeof(reboot_arg));
	if (o.verb == VERB_KEXEC && !container)
		stage_if_needed();
	detach_api();
	kill_phase("kill", true, &pt);
	teardown(&pt);
	storage_daemons(&pt);
	sync_phase(&pt);
	phase_end(&total, "exitrd done, now %s", verb_name(o.verb));
	finale(o.verb, o.verb == VERB_REBOOT ? reboot_arg : NULL, o.exit_code);
	return 1;
}
