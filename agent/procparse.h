/* procparse.h - small /proc parsers: stat, swaps, cmdline, meminfo (pure). */
#ifndef PITSTOP_PROCPARSE_H
#define PITSTOP_PROCPARSE_H

#include <stdbool.h>
#include <stddef.h>

#define PF_KTHREAD_FLAG 0x00200000UL

struct proc_stat {
	int pid, ppid, tty_nr;
	char state;
	unsigned long flags;
};

/* Parses /proc/PID/stat; the command name may hold spaces and ')'.
 * Returns 0, or -1 if malformed. */
int proc_stat_parse(const char *buf, struct proc_stat *st);

enum proc_fate {
	FATE_KILL,
	FATE_SPARE_SELF,     /* PID 1 or ourselves */
	FATE_SPARE_KTHREAD,  /* kernel threads */
	FATE_SPARE_STORAGE,  /* root-owned "@" daemons, while storage is up */
	FATE_GONE,           /* zombie or dead: nothing to signal */
};

/* Decides what the kill phase does to one process. */
enum proc_fate proc_fate(const struct proc_stat *st, int self, unsigned uid,
			 const char *argv0, bool spare_storage);

/* The numbers of the "Key:" line of /proc/PID/status (e.g. "Uid", "NSpid",
 * "CapEff"), in base (10 or 16), into v[0..max-1]. Returns how many the
 * line holds, or -1 when there is no such line or it is malformed. */
int proc_status_nums(const char *buf, const char *key, int base, unsigned long long *v, size_t max);

/* Parses /proc/swaps in place: fills paths[] (unescaped) with up to max
 * entries and returns how many there are in all. */
size_t swaps_parse(char *buf, char **paths, size_t max);

/* argv[0] of /proc/PID/cmdline (len bytes, NUL-separated) into out when it
 * is an absolute path without "." or ".." components that fits; 0 or -1. */
int cmdline_argv0_path(const char *buf, size_t len, char *out, size_t outsz);

/* Dirty + Writeback from /proc/meminfo, in KiB; -1 if neither is there. */
long long meminfo_dirty_kib(const char *buf);

#endif
