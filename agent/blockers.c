/* blockers.c - name the processes that keep a mount busy.
 *
 * A process holds a file system through its cwd, its root, an open file or
 * a mapped one. Matched by device number, not by path: of mounts stacked at
 * one place, only the file system a process really uses is named. stat(2) of
 * /proc/PID/cwd and reading /proc/PID/maps can block (a dead server, a
 * process stuck with its mmap lock held): the scan runs in a bounded child. */
#include "blockers.h"
#include "deadline.h"
#include "fileio.h"
#include "log.h"
#include "reportio.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define MAX_NAMED 8
#define NAMES_MAX 128

/* shared with the scan child: "comm(pid) ..." for the report */
static char *names;

static unsigned dev_major(unsigned long long d)
{
	return (unsigned)(((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffULL));
}

static unsigned dev_minor(unsigned long long d)
{
	return (unsigned)((d & 0xff) | ((d >> 12) & ~0xffULL));
}

static bool on(const char *path, const struct mountinfo *m)
{
	struct stat st;

	return stat(path, &st) == 0 && dev_major(st.st_dev) == m->major && dev_minor(st.st_dev) == m->minor;
}

static bool any_fd_on(const char *dir, const struct mountinfo *m)
{
	char path[320];
	struct dirent *de;
	bool hit = false;
	DIR *d = opendir(dir);

	while (d && !hit && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		hit = on(path, m);
	}
	if (d)
		closedir(d);
	return hit;
}

/* maps lines: "start-end perms offset MAJ:MIN inode path", MAJ:MIN in hex */
static bool any_map_on(const char *path, const struct mountinfo *m)
{
	char *buf, *l;
	unsigned maj, min;
	bool hit = false;
	size_t len;

	if (read_file(path, 1 << 22, &buf, &len) < 0)
		return false;
	for (l = buf; l && *l && !hit; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char *s = l, *end;
		int field;

		for (field = 0; field < 3 && s; field++) /* skip range, perms, offset */
			s = (s = strchr(s, ' ')) ? s + 1 : NULL;
		if (!s)
			break;
		maj = (unsigned)strtoul(s, &end, 16);
		if (*end != ':')
			continue;
		min = (unsigned)strtoul(end + 1, NULL, 16);
		hit = maj == m->major && min == m->minor && (maj || min);
	}
	free(buf);
	return hit;
}

/* Whether pid holds m through /proc/PID/WHAT. */
static bool holds(int pid, const char *what, const struct mountinfo *m)
{
	char path[48];

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, what);
	if (what[0] == 'f')
		return any_fd_on(path, m);
	return what[0] == 'm' ? any_map_on(path, m) : on(path, m);
}

static int scan(void *arg)
{
	static const char *const how[] = { "cwd", "root", "fd", "maps" };
	const struct mountinfo *m = arg;
	struct dirent *de;
	unsigned named = 0, k;
	DIR *d = opendir("/proc");

	while (d && named < MAX_NAMED && (de = readdir(d))) {
		char path[48], comm[32] = "?", what[32] = "";
		int pid = atoi(de->d_name);

		for (k = 0; pid > 0 && k < 4; k++)
			if (holds(pid, how[k], m)) {
				strcat(what, " ");
				strcat(what, k == 3 ? "mmap" : how[k]);
			}
		if (!what[0])
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		read_line(path, comm, sizeof(comm));
		log_warn("umount %s: held by pid %d (%s):%s", m->target, pid, comm, what);
		if (names)
			snprintf(names + strlen(names), NAMES_MAX - strlen(names), "%s%s(%d)", named ? " " : "",
				 comm, pid);
		named++;
	}
	if (d)
		closedir(d);
	return 0;
}

void log_blockers(const struct mountinfo *m, long timeout_ms)
{
	char note[192];

	if (!names) {
		names = mmap(NULL, NAMES_MAX, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (names == MAP_FAILED)
			names = NULL;
	}
	if (names)
		memset(names, 0, NAMES_MAX);
	if (run_bounded(scan, (void *)m, timeout_ms) == BOUNDED_TIMEOUT)
		log_warn("umount %s: no list of its users within %ld ms", m->target, timeout_ms);
	if (names)
		names[NAMES_MAX - 1] = '\0';
	snprintf(note, sizeof(note), "%s: %s", m->target, names && names[0] ? names : "holder not found");
	report_add_blocker(report_cur(), note);
}
