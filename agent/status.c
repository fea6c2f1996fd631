/* status.c - "pitstop status [--json]": what the next reboot would do. */
#include "arm.h"
#include "status.h"
#include "kexec.h"
#include "log.h"
#include "mounttable.h"

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
};

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

static void gather(struct status *s)
{
	struct mount_table t;
	struct stat st;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->staged = kexec_staged();
	s->armed = access(ARM_DIR "/shutdown", X_OK) == 0;
	if (stat(ARM_DIR "/shutdown", &st) == 0)
		s->size = (long long)st.st_size;
	s->is_pitstop = s->armed && is_pitstop_binary(ARM_DIR "/shutdown");
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

int cmd_status(int argc, char **argv)
{
	struct status s;
	int json = argc > 1 && strcmp(argv[1], "--json") == 0;

	if (argc > 2 || (argc == 2 && !json)) {
		log_err("status: unknown argument '%s' (status [--json])", argv[argc - 1]);
		return 2;
	}
	gather(&s);
	if (json) {
		printf("{\"kexec_staged\":%s,\"armed\":%s,\"shutdown_is_pitstop\":%s,"
		       "\"run_initramfs_mounted\":%s,\"noexec\":%s,\"shutdown_bytes\":%lld,"
		       "\"exitrd\":\"%s\"}\n",
		       s.staged < 0 ? "null" : s.staged ? "true" : "false", s.armed ? "true" : "false",
		       s.is_pitstop ? "true" : "false", s.own_mount ? "true" : "false",
		       s.noexec ? "true" : "false", s.size, exitrd_action(&s));
		return 0;
	}
	printf("kexec image staged: %s\n", s.staged < 0 ? "unknown (no /sys/kernel/kexec*_loaded)" : s.staged ? "yes" : "no");
	printf("exitrd armed:       %s%s\n", s.armed ? "yes, " ARM_DIR "/shutdown" : "no",
	       s.armed ? (s.is_pitstop ? " (pitstop)" : " (not pitstop)") : "");
	printf("/run/initramfs:     %s%s\n", s.own_mount ? "own mount" : "not a mount",
	       s.noexec ? ", noexec" : "");
	printf("at shutdown:        %s\n", exitrd_action(&s));
	return 0;
}
