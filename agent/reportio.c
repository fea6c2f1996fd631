/* reportio.c - the exitrd's shutdown report (see reportio.h). */
#include "reportio.h"
#include "deadline.h"
#include "fileio.h"
#include "kexec.h"
#include "log.h"
#include "mounttable.h"
#include "paths.h"
#include "plan.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define KERNEL_NOTE_MS 300
#define LINE_MAX_KMSG 900

static struct report cur;
static bool started, to_pmsg;

/* two rendered copies for the signal handler: it writes the one not being rendered */
static struct {
	char rec[REPORT_MAX];
	char line[LINE_MAX_KMSG];
	size_t rec_n, line_n;
} alarm_copy[2];
static volatile sig_atomic_t alarm_ready = -1;

struct report *report_cur(void)
{
	return &cur;
}

void report_start(const char *verb, bool container)
{
	char id[64];

	report_init(&cur);
	if (read_line(BOOT_ID_FILE, id, sizeof(id)) < 0) {
		log_warn("report: cannot read " BOOT_ID_FILE ": %s", strerror(errno));
		id[0] = '\0';
	}
	report_set(cur.boot_id, sizeof(cur.boot_id), id);
	report_set(cur.verb, sizeof(cur.verb), verb);
	to_pmsg = !container;
	started = true;
}

void report_note_kernel(void)
{
	char note[160];
	int staged = kexec_staged();

	if (staged <= 0) {
		report_set(cur.kernel, sizeof(cur.kernel), staged < 0 ? "unknown: no /sys/kernel/kexec_loaded"
								     : "none: nothing staged");
		return;
	}
	if (read_line_bounded(OLDROOT STAGED_NOTE, note, sizeof(note), KERNEL_NOTE_MS) == 0)
		report_set(cur.kernel, sizeof(cur.kernel), note);
	else
		report_set(cur.kernel, sizeof(cur.kernel), "staged by another tool (kexec-tools or systemd)");
}

/* the record and its log line, for the action */
static void render(char *rec, size_t *rec_n, char *line, size_t *line_n)
{
	cur.time = (long long)time(NULL);
	*rec_n = report_format(&cur, rec, REPORT_MAX);
	*line_n = (size_t)snprintf(line, LINE_MAX_KMSG, "<5>pitstop: report: ");
	*line_n += report_line(&cur, line + *line_n, LINE_MAX_KMSG - *line_n - 1);
}

void report_checkpoint(void)
{
	int k = alarm_ready == 0 ? 1 : 0;
	char action[sizeof(cur.action)];
	unsigned flags = cur.flags;

	if (!started)
		return;
	memcpy(action, cur.action, sizeof(action));
	report_set(cur.action, sizeof(cur.action), cur.verb);
	cur.flags |= RF_DEADLINE;
	render(alarm_copy[k].rec, &alarm_copy[k].rec_n, alarm_copy[k].line, &alarm_copy[k].line_n);
	alarm_copy[k].line[alarm_copy[k].line_n++] = '\n';
	cur.flags = flags;
	memcpy(cur.action, action, sizeof(action));
	alarm_ready = k;
}

#define RAMOOPS_PARAM "/sys/module/ramoops/parameters/"
#define KMSG_DUMP_SHUTDOWN 4 /* enum kmsg_dump_reason */

enum report_keep report_keep(void)
{
	char v[24];

	if (access(PMSG_DEV, F_OK) == 0)
		return KEEP_PMSG;
	if (read_line(RAMOOPS_PARAM "record_size", v, sizeof(v)) == 0 && strtol(v, NULL, 0) > 0 &&
	    read_line(RAMOOPS_PARAM "max_reason", v, sizeof(v)) == 0 && strtol(v, NULL, 0) >= KMSG_DUMP_SHUTDOWN)
		return KEEP_DMESG;
	return KEEP_NONE;
}

const char *report_keep_text(enum report_keep k)
{
	switch (k) {
	case KEEP_PMSG:
		return "kept in " PMSG_DEV " for the next boot";
	case KEEP_DMESG:
		return "kept in the kernel log ramoops saves at the shutdown (dmesg-ramoops) for the next boot";
	default:
		return "kernel log only: no " PMSG_DEV ", no ramoops saving the log at shutdown (see pitstop(8))";
	}
}

void report_verdict(const char *const *prefixes, unsigned detached_rw)
{
	struct mount_table t;
	unsigned rw = 0;
	const char *first = "";
	size_t i, p;

	if (mount_table_read(&t) < 0) {
		cur.clean = false;
		report_set(cur.why, sizeof(cur.why), "mount table unreadable");
		return;
	}
	for (i = 0; i < t.n; i++)
		for (p = 0; prefixes[p]; p++)
			if (path_is_under(t.v[i].target, prefixes[p]) && fs_classify(t.v[i].fstype) == FS_DISK &&
			    !opts_has(t.v[i].sb_opts, "ro") && !rw++)
				first = t.v[i].target;
	cur.clean = rw == 0 && detached_rw == 0;
	if (rw)
		snprintf(cur.why, sizeof(cur.why), "%u disk file systems still read-write%s, first %.48s", rw,
			 cur.count[RC_FROZEN] ? " (frozen)" : "", first);
	else if (!cur.clean)
		snprintf(cur.why, sizeof(cur.why), "%u busy disk file systems detached read-write",
			 detached_rw);
	report_set(cur.why, sizeof(cur.why), cur.why);
	mount_table_free(&t);
}

/* one write(2) of the record; the device is RAM-backed */
static const char *pmsg_write(const char *rec, size_t n)
{
	int fd;
	ssize_t w;

	if (!to_pmsg)
		return "not written (container)";
	if (!n)
		return "not written (record too long)";
	fd = open(PMSG_DEV, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? "not written (no " PMSG_DEV ")" : "not written (open failed)";
	w = write(fd, rec, n);
	close(fd);
	return w == (ssize_t)n ? "written to " PMSG_DEV : "not written (write failed)";
}

void report_emit(const char *action, unsigned flags)
{
	static char rec[REPORT_MAX], line[LINE_MAX_KMSG];
	size_t rec_n, line_n;
	int64_t t0 = mono_us();
	const char *where;
	long us;

	if (!started)
		return;
	report_set(cur.action, sizeof(cur.action), action);
	cur.flags |= flags;
	render(rec, &rec_n, line, &line_n);
	where = pmsg_write(rec, rec_n);
	us = (long)(mono_us() - t0);
	log_notice("report: %s; %s, %ld.%03ld ms", line + sizeof("<5>pitstop: report: ") - 1, where,
		   us / 1000, us % 1000);
}

void report_emit_alarm(void)
{
	int k = alarm_ready, fd;

	if (k < 0)
		return;
	if (to_pmsg && (fd = open(PMSG_DEV, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)) >= 0) {
		(void)!write(fd, alarm_copy[k].rec, alarm_copy[k].rec_n);
		close(fd);
	}
	if ((fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY)) >= 0) {
		(void)!write(fd, alarm_copy[k].line, alarm_copy[k].line_n);
		close(fd);
	}
}
