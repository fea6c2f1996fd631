/* shutdown.c - the exitrd: the gate, then one function per logged phase,
 * in this order, each under the deadline:
 *
 *   prepare       our own /sys, /dev; private mounts; reboot argument
 *   stage         (kexec with nothing staged) the running release from /oldroot/boot
 *   api           detach /oldroot/{dev,proc,sys}
 *   kill          what still runs, sparing "@" storage daemons
 *   teardown      swapoff, umount /oldroot, loop, dm, md: again while it helps
 *                 (teardown.c; a mount holding a loop file over the loop's own
 *                 file system is moved to LOOP_PARK first)
 *   busy          what stays goes down the escalation ladder; dm removal deferred
 *   kill-storage  the "@" daemons go
 *   storage       the block layers get one more walk, waiting for deferred removals
 *   sync          bounded by writeback progress
 *   total         the summary; then final: the report (reportio.h), reboot(2)
 *
 * Nothing that can block on I/O runs in this process: see deadline.h. */
#include "shutdown.h"
#include "deadline.h"
#include "fileio.h"
#include "finale.h"
#include "gate.h"
#include "kexec.h"
#include "kill.h"
#include "log.h"
#include "mounttable.h"
#include "options.h"
#include "paths.h"
#include "reportio.h"
#include "sys.h"
#include "syncfs.h"
#include "tdplan.h"
#include "teardown.h"
#include "watchdog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ROUNDS 8
/* how long the storage phase waits for deferred dm removals and autoclear loops */
#define STORAGE_SETTLE_MS 1000
#define REBOOT_PARAM_MAX 256
#define REBOOT_PARAM_MS 1000

struct plan_times {
	int64_t end;          /* the whole budget */
	int64_t walk_end;     /* the teardown walk */
	int64_t busy_end;     /* the ladder for what stays: a tenth more */
	int64_t storage_end;  /* leaves a tenth of it for sync */
	long term_ms, kill_ms;
	bool devices;         /* swap, loop, dm, md are ours to take down */
};

static void budget_split(long long timeout_us, struct plan_times *pt)
{
	long total = (long)(timeout_us / 1000);

	pt->end = mono_ms() + total;
	pt->busy_end = pt->end - total / 5;
	pt->walk_end = pt->busy_end - total / 10;
	pt->storage_end = pt->end - total / 10;
	pt->term_ms = total / 10 < 5000 ? total / 10 : 5000;
	pt->kill_ms = pt->term_ms;
}

static void ensure_mounted(const char *dir, const char *fstype, const char *src)
{
	if (mount_at(dir) == 1)
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
	/* on the old root, which may hang (a dead NFS root): read in a child */
	if (read_line_bounded(OLDROOT "/run/systemd/reboot-param", reboot_arg, len, REBOOT_PARAM_MS) < 0)
		reboot_arg[0] = '\0';
	report_cur()->ms[RP_PREPARE] = phase_end(&p, "pid %d, reboot argument '%s'", (int)getpid(), reboot_arg);
}

/* reads the kernel from the old root, which may hang: in a child (the
 * staged image is the kernel's, not the child's) */
static int stage_child(void *arg)
{
	(void)arg;
	return kexec_stage_running(OLDROOT) == 0 ? 0 : 1;
}

static void stage_if_needed(const struct plan_times *pt)
{
	struct phase p;
	struct report *r = report_cur();
	int staged = kexec_staged();

	if (staged == 1)
		return;
	phase_begin(&p, "stage");
	if (run_bounded(stage_child, NULL, op_slice(ms_left(pt->walk_end))) == 0) {
		r->ms[RP_STAGE] = phase_end(&p, "nothing was staged: staged the running release from " OLDROOT "/boot");
		report_set(r->kernel, sizeof(r->kernel), "staged by the exitrd: the running release from " OLDROOT "/boot");
	} else {
		r->ms[RP_STAGE] = phase_end(&p, kexec_locked_down() ?
				      "nothing staged and staging failed under lockdown (the kernel refused the image: "
				      "unsigned or not signed by a trusted key): the kexec will become a normal reboot" :
				      "nothing staged and staging failed: the kexec will become a reboot");
		report_set(r->kernel, sizeof(r->kernel), "none: nothing staged, and staging the running release failed");
	}
}

static void api_phase(const struct plan_times *pt)
{
	static const char *const api[] = { OLDROOT "/dev", OLDROOT "/proc", OLDROOT "/sys", NULL };
	struct phase p;
	unsigned n;

	phase_begin(&p, "api");
	n = detach_api(api, pt->walk_end);
	report_cur()->ms[RP_API] = phase_end(&p, "%u of " OLDROOT "/{dev,proc,sys} detached", n);
}

static void kill_phase(const char *name, bool spare, long term_ms, long kill_ms)
{
	struct report *r = report_cur();
	struct kill_stats ks;
	struct phase p;

	phase_begin(&p, name);
	kill_all(spare, term_ms, kill_ms, &ks);
	r->ms[spare ? RP_KILL : RP_KILL_STORAGE] =
		phase_end(&p, "%u sent SIGTERM, %u needed SIGKILL, %u survive, %u storage daemons spared",
			  ks.termed, ks.killed, ks.survivors, ks.spared);
	r->count[RC_KILLED] += ks.termed;
	r->count[RC_SIGKILLED] += ks.killed;
	r->count[RC_SURVIVED] = ks.survivors;
	if (spare)
		r->count[RC_SPARED] = ks.spared;
}

static void teardown_phase(struct teardown *td, const struct plan_times *pt)
{
	struct phase p;
	unsigned gone;

	phase_begin(&p, "teardown");
	td->deadline = pt->walk_end;
	gone = teardown_walk(td, LAYERS_ALL, MAX_ROUNDS, 0);
	report_cur()->ms[RP_TEARDOWN] = phase_end(&p, "%u gone in %u rounds (%u umount passes), %u busy%s", gone, td->rounds,
		  td->us.passes, teardown_busy(td, LAYERS_ALL),
		  td->us.bad_lines ? ", malformed mountinfo lines skipped" : "");
}

static void busy_phase(struct teardown *td, const struct plan_times *pt)
{
	struct phase p;

	if (teardown_busy(td, LAYERS_ALL) == 0)
		return;
	phase_begin(&p, "busy");
	td->deadline = pt->busy_end;
	td->us.remounted_ro = td->us.frozen = td->us.detached = 0;
	teardown_busy_mounts(td);
	report_cur()->ms[RP_BUSY] = phase_end(&p, "%u remounted read-only, %u frozen, %u detached, %u mounts left",
					      td->us.remounted_ro, td->us.frozen, td->us.detached, td->busy[LAYER_MOUNTS]);
}

static void storage_phase(struct teardown *td, const struct plan_times *pt)
{
	struct phase p;
	unsigned n;

	if (!td->devices)
		return;
	phase_begin(&p, "storage");
	/* What the daemons held may go now; again while that helps (dm stacks, loop on
	 * dm). A removal deferred in the busy phase completes in a kernel work queue after
	 * the last close: give those a second to finish before giving up. */
	td->deadline = pt->storage_end;
	n = teardown_walk(td, LAYERS_DEVICES, 4 * MAX_ROUNDS, STORAGE_SETTLE_MS);
	/* each count: what failed in the last try, so what is still there */
	report_cur()->ms[RP_STORAGE] = phase_end(&p, "%u more block devices down; left: %u swap, %u loop, %u dm, %u md", n,
		  td->busy[LAYER_SWAP], td->busy[LAYER_LOOP], td->busy[LAYER_DM], td->busy[LAYER_MD]);
}

static void sync_phase(const struct plan_times *pt)
{
	long long dirty = 0;
	struct phase p;
	int r;

	phase_begin(&p, "sync");
	r = sync_bounded(10000, pt->end, &dirty);
	report_cur()->ms[RP_SYNC] = phase_end(&p, "%s, %lld KiB dirty or in writeback", r == 0 ? "done" : "gave up waiting", dirty);
}

/* The last look: what is still there, whatever the phases said. */
static void left_report(const struct teardown *td)
{
	static const char *const prefixes[] = { OLDROOT, LOOP_PARK, NULL };
	unsigned m = mounts_under(OLDROOT) + (td->parked ? mounts_under(LOOP_PARK) : 0);
	struct report *r = report_cur();

	if (m || abandoned_children())
		log_warn("left: %u mounts under " OLDROOT ", %u operations stuck in the kernel", m,
			 abandoned_children());
	r->count[RC_UNMOUNTED] = td->us.unmounted;
	r->count[RC_REMOUNTED_RO] = td->us.remounted_ro;
	r->count[RC_FROZEN] = td->us.frozen;
	r->count[RC_DETACHED] = td->us.detached;
	r->count[RC_MOUNTS_LEFT] = m;
	r->count[RC_SWAP_LEFT] = td->busy[LAYER_SWAP];
	r->count[RC_LOOP_LEFT] = td->busy[LAYER_LOOP];
	r->count[RC_DM_LEFT] = td->busy[LAYER_DM];
	r->count[RC_MD_LEFT] = td->busy[LAYER_MD];
	report_verdict(prefixes, td->us.detached_rw);
}

static void log_options(const struct shutdown_opts *o, const char *err)
{
	if (*err)
		log_err("%s; going on with the default for it", err);
	log_set_max_level(o->log_level > LOG_NOTICE ? o->log_level : LOG_NOTICE);
	if (!o->verb_given)
		log_warn("no verb given: rebooting");
	else if (o->verb_unknown)
		log_warn("unknown verb '%s': rebooting", o->verb_given);
	if (o->ignored)
		log_info("ignored %d unknown options (first: %s)", o->ignored, o->first_ignored);
	if (o->timeout_clamped)
		log_warn("timeout above one hour: using one hour");
}

int cmd_shutdown(int argc, char **argv)
{
	struct teardown td;
	struct shutdown_opts o;
	struct plan_times pt;
	char err[256] = "", reboot_arg[REBOOT_PARAM_MAX];
	struct phase total;
	bool container;

	/* nothing before this: a mistyped command must not pull the running
	 * system down from under its own feet */
	if (exitrd_gate(&container) < 0)
		return 1;
	log_open(container ? LOG_TARGET_STDERR : LOG_TARGET_KMSG);
	phase_begin(&total, "total");
	shutdown_opts_parse(argc, argv, &o, err, sizeof(err));
	report_start(verb_name(o.verb), container);
	log_options(&o, err);
	budget_split(o.timeout_us, &pt);
	finale_arm_alarm(o.verb, (unsigned)(o.timeout_us / 1000000) + 5);
	log_notice("exitrd: %s, budget %lld ms%s", verb_name(o.verb), o.timeout_us / 1000,
		   container ? "; in a container: swap, loop, dm, md and kexec are left to the host" : "");
	memset(&td, 0, sizeof(td));
	td.devices = !container;

	prepare(reboot_arg, sizeof(reboot_arg));
	/* /proc, /sys and /dev are ours now; who fed it last may be closing it */
	watchdog_take_over(WD_BUSY_WAIT_MS);
	if (o.verb == VERB_KEXEC && !container)
		report_note_kernel();
	report_checkpoint();
	if (o.verb == VERB_KEXEC && !container)
		stage_if_needed(&pt);
	api_phase(&pt);
	report_checkpoint();
	kill_phase("kill", true, pt.term_ms, pt.kill_ms);
	report_checkpoint();
	teardown_phase(&td, &pt);
	report_checkpoint();
	busy_phase(&td, &pt);
	report_checkpoint();
	kill_phase("kill-storage", false, 1000, 1000);
	storage_phase(&td, &pt);
	report_checkpoint();
	sync_phase(&pt);
	left_report(&td);
	report_cur()->ms[RP_TOTAL] = phase_end(&total, "exitrd done, now %s", verb_name(o.verb));
	finale(o.verb, o.verb == VERB_REBOOT ? reboot_arg : NULL, o.exit_code);
	return 1;
}
