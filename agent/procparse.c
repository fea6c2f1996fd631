/* procparse.c - read the fields pitstop needs from /proc text. */
#include "procparse.h"
#include "mountinfo.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int num_field(const char **s, long long *v)
{
	char *end;

	while (**s == ' ')
		(*s)++;
	if (!**s)
		return -1;
	*v = strtoll(*s, &end, 10);
	if (end == *s || (*end && *end != ' '))
		return -1;
	*s = end;
	return 0;
}

int proc_stat_parse(const char *buf, struct proc_stat *st)
{
	const char *rp = strrchr(buf, ')'), *s;
	long long v[6];
	int i;

	memset(st, 0, sizeof(*st));
	if (!rp || !strchr(buf, '('))
		return -1;
	st->pid = atoi(buf);
	if (st->pid <= 0)
		return -1;
	s = rp + 1;
	while (*s == ' ')
		s++;
	if (!*s)
		return -1;
	st->state = *s++;
	/* ppid pgrp session tty_nr tpgid flags */
	for (i = 0; i < 6; i++)
		if (num_field(&s, &v[i]) < 0)
			return -1;
	st->ppid = (int)v[0];
	st->tty_nr = (int)v[3];
	st->flags = (unsigned long)v[5];
	return 0;
}

enum proc_fate proc_fate(const struct proc_stat *st, int self, unsigned uid,
			 const char *argv0, bool spare_storage)
{
	if (st->pid == 1 || st->pid == self)
		return FATE_SPARE_SELF;
	if (st->flags & PF_KTHREAD_FLAG)
		return FATE_SPARE_KTHREAD;
	if (st->state == 'Z' || st->state == 'X' || st->state == 'x')
		return FATE_GONE;
	if (spare_storage && uid == 0 && argv0 && argv0[0] == '@')
		return FATE_SPARE_STORAGE;
	return FATE_KILL;
}

int proc_status_nums(const char *buf, const char *key, int base, unsigned long long *v, size_t max)
{
	size_t klen = strlen(key);
	const char *s = buf;
	int n = 0;

	while (s && (strncmp(s, key, klen) != 0 || s[klen] != ':'))
		s = (s = strchr(s, '\n')) ? s + 1 : NULL;
	if (!s)
		return -1;
	for (s += klen + 1; *s && *s != '\n'; n++) {
		char *end;
		unsigned long long x;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '\n')
			break;
		if (*s == '-')
			return -1;
		x = strtoull(s, &end, base);
		if (end == s || (*end && *end != ' ' && *end != '\t' && *end != '\n'))
			return -1;
		if ((size_t)n < max)
			v[n] = x;
		s = end;
	}
	return n;
}

size_t swaps_parse(char *buf, char **paths, size_t max)
{
	char *line = buf, *next;
	size_t n = 0;

	for (; line && *line; line = next) {
		char *sp;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strncmp(line, "Filename", 8) == 0)
			continue;
		sp = strpbrk(line, " \t");
		if (sp)
			*sp = '\0';
		if (line[0] != '/' || mountinfo_unescape(line) < 0)
			continue;
		if (n < max)
			paths[n] = line;
		n++;
	}
	return n;
}

static long long meminfo_field(const char *buf, const char *key)
{
	size_t n = strlen(key);
	const char *s = buf;

	while (s && *s) {
		if (strncmp(s, key, n) == 0 && s[n] == ':')
			return strtoll(s + n + 1, NULL, 10);
		s = strchr(s, '\n');
		if (s)
			s++;
	}
	return -1;
}

long long meminfo_dirty_kib(const char *buf)
{
	long long d = meminfo_field(buf, "Dirty"), w = meminfo_field(buf, "Writeback");

	if (d < 0 && w < 0)
		return -1;
	d = d > 0 ? d : 0;
	w = w > 0 ? w : 0;
	return d > LLONG_MAX - w ? LLONG_MAX : d + w;
}

int cmdline_argv0_path(const char *buf, size_t len, char *out, size_t outsz)
{
	size_t n = 0, i, seg;

	while (n < len && buf[n])
		n++;
	if (n == 0 || buf[0] != '/' || n >= outsz)
		return -1;
	/* every component: not empty, not "." and not ".." */
	for (i = 1; i <= n; i += seg + 1) {
		for (seg = 0; i + seg < n && buf[i + seg] != '/'; seg++)
			;
		if (seg == 0 || (seg == 1 && buf[i] == '.') ||
		    (seg == 2 && buf[i] == '.' && buf[i + 1] == '.'))
			return -1;
	}
	memcpy(out, buf, n);
	out[n] = 0;
	return 0;
}
