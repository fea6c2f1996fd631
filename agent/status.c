/* status.c - "pitstop status [--json]": what the next reboot would do. */
#include "arm.h"
#include "status.h"
#include "fileio.h"
#include "kexec.h"
#include "kimage.h"
#include "log.h"
#include "mounttable.h"
#include "reportio.h"
#include "sdinfo.h"
#include "watchdog.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct status {
	int staged;          /* 1, 0, -1 unknown */
	int armed;           /* /run/initramfs/shutdown executable */
	int is_pitstop;      /* and it is a copy of us */
	int own_mount;       /* /run/initramfs is a mount */
	int noexec;
	long long size;      /* of /run/initramfs/shutdown */
	int need_shutdown;   /* /run/initramfs/.need_shutdown: dracut's restore would run */
	int restore_skipped; /* pitstop's drop-in skips dracut-shutdown.service */
	int dracut_unpacked; /* /run/initramfs/bin/sh: a dracut exitrd was unpacked here */
	int systemd;         /* PID 1's systemd version, 0 none, -1 systemd of unknown version */
	char staged_by[256]; /* "pitstop load KERNEL" or "" */
	int lockdown;        /* enum lockdown */
	int crash;           /* a crash kernel loaded: 1, 0, -1 unknown */
	int keep;            /* enum report_keep: where the shutdown report survives a reboot or kexec */
	char wd_state[16];   /* watchdog0: "active", "inactive"; "" none */
	long wd_timeout;     /* its timeout, s (0 unknown) */
	char wd_identity[48];
	int wd_stop_on_reboot; /* watchdog.stop_on_reboot: 1, 0, -1 the driver's choice, -2 unknown */
	struct wd_conf wd;   /* pitstop.watchdog=, pitstop.watchdog-kexec= */
};

#define DROPIN "dracut-shutdown.service.d/pitstop.conf"

static int systemd_version(void)
{
	char *buf;
	size_t len;
	int v;

	if (access("/run/systemd/system", F_OK) != 0)
		return 0;
	if (read_file("/proc/1/maps", 1u << 20, &buf, &len) < 0)
		return -1;
	v = sd_version_from_maps(buf, len);
	free(buf);
	return v ? v : -1;
}

static int is_pitstop_binary(const char *path)
{
	static const char marker[] = "pitstop-agent-marker";
	char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n, keep = 0, m = sizeof(marker) - 1;
	int found = 0;

	if (!f)
		return 0;
	/* the tail of each read starts the next: a marker may straddle two */
	while (!found && (n = fread(buf + keep, 1, sizeof(buf) - keep, f)) > 0) {
		n += keep;
		found = memmem(buf, n, marker, m) != NULL;
		keep = n < m - 1 ? n : m - 1;
		memmove(buf, buf + n - keep, keep);
	}
	fclose(f);
	return found;
}

static void gather_watchdog(struct status *s)
{
	char buf[16], err[128], *p;

	s->wd_stop_on_reboot = -2;
	s->wd.jump_s = -1;
	if (read_line(WD_SYSFS "/state", s->wd_state, sizeof(s->wd_state)) < 0) {
		s->wd_state[0] = 0;
		return;
	}
	if (read_line(WD_SYSFS "/timeout", buf, sizeof(buf)) == 0)
		s->wd_timeout = strtol(buf, NULL, 10);
	if (read_line(WD_SYSFS "/identity", s->wd_identity, sizeof(s->wd_identity)) < 0)
		s->wd_identity[0] = 0;
	for (p = s->wd_identity; *p; p++) /* it goes into JSON as it is */
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = '?';
	if (read_line("/sys/module/watchdog/parameters/stop_on_reboot", buf, sizeof(buf)) == 0)
		s->wd_stop_on_reboot = (int)strtol(buf, NULL, 10);
	watchdog_conf(&s->wd, err, sizeof(err)); /* a bad value: the exitrd warns, status shows the default */
}

/* What the exitrd will do with the watchdog before the final jump. */
static const char *wd_jump(const struct status *s, char *buf, size_t sz)
{
	if (!s->wd_state[0])
		return "none";
	if (s->wd.ignore)
		return "left alone (pitstop.watchdog=ignore)";
	if (s->wd.jump_s == 0)
		return "left at its timeout (pitstop.watchdog-kexec=0)";
	if (s->wd.jump_s > 0)
		snprintf(buf, sz, "%ld s (pitstop.watchdog-kexec=)", s->wd.jump_s);
	else if (s->systemd)
		snprintf(buf, sz, "what systemd arms for the verb (KExecWatchdogSec=, RebootWatchdogSec=)");
	else
		snprintf(buf, sz, "%d s (the default)", WD_JUMP_DEFAULT_S);
	return buf;
}

static void gather(struct status *s)
{
	struct mount_table t;
	struct stat st;
	char crash[8];
	size_t i;

	memset(s, 0, sizeof(*s));
	s->staged = kexec_staged();
	s->armed = access(ARM_DIR "/shutdown", X_OK) == 0;
	if (stat(ARM_DIR "/shutdown", &st) == 0)
		s->size = (long long)st.st_size;
	s->is_pitstop = s->armed && is_pitstop_binary(ARM_DIR "/shutdown");
	s->need_shutdown = access(ARM_DIR "/.need_shutdown", F_OK) == 0;
	s->restore_skipped = access("/usr/lib/systemd/system/" DROPIN, F_OK) == 0 ||
			     access("/etc/systemd/system/" DROPIN, F_OK) == 0;
	s->dracut_unpacked = access(ARM_DIR "/bin/sh", F_OK) == 0;
	s->systemd = systemd_version();
	s->lockdown = kexec_lockdown();
	s->crash = read_line("/sys/kernel/kexec_crash_loaded", crash, sizeof(crash)) < 0 ? -1 : crash[0] == '1';
	s->keep = report_keep();
	gather_watchdog(s);
	if (s->staged > 0 && read_line(STAGED_NOTE, s->staged_by, sizeof(s->staged_by)) < 0)
		s->staged_by[0] = 0;
	if (mount_table_read(&t) == 0) {
		for (i = 0; i < t.n; i++) {
			if (strcmp(t.v[i].target, ARM_DIR) == 0) {
				s->own_mount = 1;
				s->noexec = opts_has(t.v[i].mnt_opts, "noexec");
			}
		}
		mount_table_free(&t);
	}
}

static const char *exitrd_action(const struct status *s)
{
	if (!s->armed)
		return "none: systemd will not return to an exitrd";
	if (s->noexec)
		return "none: /run/initramfs is mounted noexec";
	return s->is_pitstop ? "pitstop takes the root down" : "another exitrd takes the root down";
}

/* What the init's next kexec will do. */
static const char *next_kexec(const struct status *s)
{
	if (s->staged > 0)
		return s->staged_by[0] ? "the kernel pitstop load staged" : "the kernel another tool staged";
	if (s->systemd >= SD_LOADS_KEXEC_ITSELF)
		return "nothing staged: systemd loads the default boot entry itself";
	if (s->systemd)
		return "nothing staged: systemctl kexec needs kexec-tools to load one; "
		       "kexec.target makes the exitrd stage the running release";
	return "nothing staged: the exitrd stages the running release from /boot";
}

static void print_warnings(const struct status *s)
{
	if (s->need_shutdown)
		printf("warning: " ARM_DIR "/.need_shutdown exists: dracut-shutdown.service would "
		       "unpack the whole initramfs over pitstop at shutdown%s\n",
		       s->restore_skipped ? " (skipped while pitstop is armed at boot: " DROPIN ")"
					  : "; install pitstop's drop-in " DROPIN);
	if (!strcmp(s->wd_state, "active") && s->wd_stop_on_reboot != 0)
		printf("warning: the kernel stops the watchdog at the kexec (watchdog.stop_on_reboot=%d): "
		       "boot with watchdog.stop_on_reboot=0 so that it covers the jump\n", s->wd_stop_on_reboot);
	if (s->armed && !s->is_pitstop)
		printf("warning: " ARM_DIR "/shutdown is not pitstop%s\n",
		       s->dracut_unpacked ? ": a dracut exitrd was unpacked there (dracut-shutdown.service, "
					    "mdadm-shutdown.service or dracut-initramfs-restore)"
					  : "");
}

int cmd_status(int argc, char **argv)
{
	struct status s;
	char jump[96];
	int json = argc > 1 && strcmp(argv[1], "--json") == 0;

	if (argc > 2 || (argc == 2 && !json)) {
		log_err("status: unknown argument '%s' (status [--json])", argv[argc - 1]);
		return 2;
	}
	gather(&s);
	if (json) {
		printf("{\"kexec_staged\":%s,\"armed\":%s,\"shutdown_is_pitstop\":%s,"
		       "\"run_initramfs_mounted\":%s,\"noexec\":%s,\"shutdown_bytes\":%lld,"
		       "\"exitrd\":\"%s\",\"need_shutdown\":%s,\"restore_skipped\":%s,"
		       "\"systemd\":%d,\"next_kexec\":\"%s\",\"staged_by\":\"%s%s\","
		       "\"lockdown\":\"%s\",\"crash_kernel_loaded\":%s,\"report_device\":%s,",
		       s.staged < 0 ? "null" : s.staged ? "true" : "false", s.armed ? "true" : "false",
		       s.is_pitstop ? "true" : "false", s.own_mount ? "true" : "false",
		       s.noexec ? "true" : "false", s.size, exitrd_action(&s),
		       s.need_shutdown ? "true" : "false", s.restore_skipped ? "true" : "false",
		       s.systemd, next_kexec(&s),
		       s.staged <= 0 ? "" : s.staged_by[0] ? "pitstop load " : "another tool (kexec-tools or systemd)",
		       s.staged_by, lockdown_name((enum lockdown)s.lockdown),
		       s.crash < 0 ? "null" : s.crash ? "true" : "false",
		       s.keep == KEEP_PMSG ? "\"" PMSG_DEV "\"" : s.keep == KEEP_DMESG ? "\"dmesg-ramoops\"" : "null");
		if (!s.wd_state[0])
			printf("\"watchdog\":null}\n");
		else
			printf("\"watchdog\":{\"state\":\"%s\",\"timeout\":%ld,\"identity\":\"%s\","
			       "\"stop_on_reboot\":%d,\"jump\":\"%s\"}}\n", s.wd_state, s.wd_timeout,
			       s.wd_identity, s.wd_stop_on_reboot, wd_jump(&s, jump, sizeof(jump)));
		return 0;
	}
	printf("kexec image staged: %s%s%s\n", s.staged < 0 ? "unknown (no /sys/kernel/kexec*_loaded)" : s.staged ? "yes" : "no",
	       s.staged > 0 ? (s.staged_by[0] ? ", by pitstop load: " : ", by another tool (kexec-tools or systemd)") : "",
	       s.staged > 0 ? s.staged_by : "");
	printf("exitrd armed:       %s%s\n", s.armed ? "yes, " ARM_DIR "/shutdown" : "no",
	       s.armed ? (s.is_pitstop ? " (pitstop)" : " (not pitstop)") : "");
	printf("/run/initramfs:     %s%s\n", s.own_mount ? "own mount" : "not a mount",
	       s.noexec ? ", noexec" : "");
	printf("at shutdown:        %s\n", exitrd_action(&s));
	if (s.systemd < 0)
		printf("init:               systemd (version unknown)\n");
	else if (s.systemd)
		printf("init:               systemd %d%s\n", s.systemd,
		       s.systemd >= SD_HAS_SOFT_REBOOT ? "; soft-reboot keeps pitstop armed" : "");
	printf("next kexec:         %s\n", next_kexec(&s));
	printf("lockdown:           %s%s\n", lockdown_name((enum lockdown)s.lockdown),
	       s.lockdown == LOCKDOWN_INTEGRITY || s.lockdown == LOCKDOWN_CONFIDENTIALITY ?
		       ": only signed kernels can be staged, and pitstop unpacks nothing" : "");
	printf("crash kernel:       %s\n", s.crash < 0 ? "unknown" : s.crash ? "loaded (kdump; pitstop never touches it)" : "none");
	printf("shutdown report:    %s%s\n", report_keep_text((enum report_keep)s.keep),
	       s.keep == KEEP_NONE ? ": it will not survive the reboot" : " (pitstop last)");
	if (s.wd_state[0])
		printf("watchdog:           %s, %ld s (%s); before the jump: %s\n", s.wd_state, s.wd_timeout,
		       s.wd_identity[0] ? s.wd_identity : "watchdog0", wd_jump(&s, jump, sizeof(jump)));
	else
		printf("watchdog:           none\n");
	print_warnings(&s);
	return 0;
}
