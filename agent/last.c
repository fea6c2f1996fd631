/* last.c - "pitstop last": the previous shutdown's report, read from the
 * pmsg records pstore shows in /sys/fs/pstore (pmsg-ramoops-N), from the
 * kernel log pstore kept at the shutdown (dmesg-ramoops-N: pitstop's own
 * log line holds the record) and from systemd-pstore's archive
 * (/var/lib/systemd/pstore/ID/).
 * The newest valid record wins; one from this boot or from long before it
 * is stale, a damaged one malformed: both are named, never trusted. */
#include "last.h"
#include "fileio.h"
#include "log.h"
#include "mounttable.h"
#include "report.h"
#include "reportio.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#define PMSG_FILE_MAX (1u << 20)

struct found {
	struct report best;
	char file[512];
	bool any;
	unsigned files;
	struct report_scan bad; /* summed over the files */
};

static void scan_file(const char *path, struct found *f)
{
	struct report r;
	struct report_scan st;
	size_t len;
	char *buf;

	if (read_file(path, PMSG_FILE_MAX, &buf, &len) < 0) {
		log_warn("last: cannot read %s", path);
		return;
	}
	f->files++;
	if (report_scan(buf, len, &r, &st) && (!f->any || r.time >= f->best.time)) {
		f->best = r;
		f->any = true;
		snprintf(f->file, sizeof(f->file), "%s", path);
	}
	f->bad.truncated += st.truncated;
	f->bad.corrupt += st.corrupt;
	f->bad.unknown_version += st.unknown_version;
	free(buf);
}

/* the pmsg and dmesg files in dir, and (depth > 0) in its subdirectories */
static void scan_dir(const char *dir, int depth, struct found *f)
{
	char path[512];
	struct dirent *de;
	DIR *d = opendir(dir);

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (strncmp(de->d_name, "pmsg-", 5) == 0 || strncmp(de->d_name, "dmesg-", 6) == 0)
			scan_file(path, f);
		else if (depth > 0 && (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN))
			scan_dir(path, depth - 1, f);
	}
	if (d)
		closedir(d);
}

static long long boot_time(void)
{
	char *buf, *p;
	size_t len;
	long long t = 0;

	if (read_file("/proc/stat", 1u << 20, &buf, &len) < 0)
		return 0;
	p = strstr(buf, "\nbtime ");
	if (p)
		t = atoll(p + 7);
	free(buf);
	return t;
}

/* at boot pstore may not be mounted yet (the initramfs): mounting it is harmless */
static void mount_pstore(void)
{
	if (mount_at(PSTORE_DIR) == 0 && mount("pstore", PSTORE_DIR, "pstore", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		log_info("last: cannot mount pstore on " PSTORE_DIR);
}

static void say(bool kmsg, const char *line)
{
	if (kmsg)
		log_notice("%s", line);
	else
		printf("%s\n", line);
}

static int verdict_none(const struct found *f, const char *where, bool kmsg)
{
	char line[512];

	if (f->bad.truncated + f->bad.corrupt + f->bad.unknown_version)
		snprintf(line, sizeof(line),
			 "last shutdown: unknown: only malformed pitstop reports in %s (%u truncated, %u corrupt, "
			 "%u of an unknown version): not trusted", where, f->bad.truncated, f->bad.corrupt,
			 f->bad.unknown_version);
	else
		snprintf(line, sizeof(line), "last shutdown: unknown: no pitstop report in %s: is a pmsg device "
			 "configured, or ramoops keeping the kernel log at shutdown? see pitstop(8)", where);
	say(kmsg, line);
	return 1;
}

static const char *age_text(enum report_age a)
{
	switch (a) {
	case AGE_SAME_BOOT:
		return "stale: written in this boot (same boot id), not by the shutdown before it";
	case AGE_OLD:
		return "stale: written long before this boot started, by an older shutdown";
	case AGE_FUTURE:
		return "stale: written after this boot started";
	default:
		return "the shutdown before this boot";
	}
}

static void print_details(const struct found *f, enum report_age age)
{
	char rec[REPORT_MAX];
	size_t n = report_format(&f->best, rec, sizeof(rec));

	printf("source: %s\nage: %s\n", f->file, age_text(age));
	if (n)
		fwrite(rec, 1, n, stdout);
}

int cmd_last(int argc, char **argv)
{
	bool json = false, kmsg = false;
	const char *dir = NULL;
	char boot_id[64] = "", line[1024], js[REPORT_MAX];
	struct found f;
	enum report_age age;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--kmsg"))
			kmsg = true;
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else {
			log_err("last: unknown argument '%s' (last [--json] [--kmsg] [--dir DIR])", argv[i]);
			return 2;
		}
	}
	if (kmsg)
		log_open(LOG_TARGET_KMSG);
	memset(&f, 0, sizeof(f));
	if (dir) {
		scan_dir(dir, 1, &f);
	} else {
		if (kmsg)
			mount_pstore();
		scan_dir(PSTORE_DIR, 0, &f);
		scan_dir(PSTORE_ARCHIVE, 1, &f);
	}
	if (!f.any)
		return verdict_none(&f, dir ? dir : PSTORE_DIR, kmsg);
	read_line(BOOT_ID_FILE, boot_id, sizeof(boot_id));
	age = report_age(&f.best, boot_id, boot_time());
	if (age != AGE_PREVIOUS) {
		snprintf(line, sizeof(line), "last shutdown: unknown: the newest pitstop report (%s) is %s", f.file,
			 age_text(age));
		say(kmsg, line);
		if (!kmsg && !json)
			print_details(&f, age);
		return 1;
	}
	report_summary(&f.best, line, sizeof(line));
	if (json && report_json(&f.best, js, sizeof(js))) {
		js[strlen(js) - 1] = '\0'; /* the source goes in too */
		printf("%s,\"source\":\"%s\"}\n", js, f.file);
	} else {
		say(kmsg, line);
		if (!kmsg)
			print_details(&f, age);
	}
	return 0;
}
