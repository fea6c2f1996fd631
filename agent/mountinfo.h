/* mountinfo.h - parse /proc/self/mountinfo (pure: text in, records out). */
#ifndef PITSTOP_MOUNTINFO_H
#define PITSTOP_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>

struct mountinfo {
	int id, parent;
	unsigned major, minor;
	char *root;     /* root of the mount within its file system */
	char *target;   /* mount point, unescaped */
	char *mnt_opts; /* per-mount options: "rw,nosuid,relatime" */
	char *fstype;
	char *source;
	char *sb_opts;  /* super block options */
	unsigned line;  /* 0-based position in the file: higher is newer */
};

struct mount_table {
	struct mountinfo *v;
	size_t n;
	size_t bad;     /* malformed lines skipped */
	char *buf;      /* owns the strings */
};

/* Decodes the kernel's \ooo escapes in place. Returns -1 (s unchanged
 * past the bad escape) for a backslash not followed by three octal digits
 * or for an escape of NUL. */
int mountinfo_unescape(char *s);

/* Parses one line (without '\n') in place. Returns 0, or -1 if malformed. */
int mountinfo_parse_line(char *line, struct mountinfo *m);

/* Splits buf (len bytes of text in a malloc'd block of at least len + 1
 * bytes, owned by the table from now on) into records. Malformed lines are counted in t->bad and skipped. -1 on out of memory. */
int mount_table_parse(char *buf, size_t len, struct mount_table *t);
void mount_table_free(struct mount_table *t);

/* True if the comma-separated option list has exactly opt ("ro"). */
bool opts_has(const char *opts, const char *opt);

#endif
