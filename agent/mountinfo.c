/* mountinfo.c - mountinfo lines to records, with the kernel's escapes undone.
 *
 * A line: ID PARENT MAJ:MIN ROOT TARGET MNT_OPTS [OPTIONAL...] - FSTYPE SOURCE SB_OPTS
 * The kernel writes ' ', '\t', '\n' and '\\' in paths as \040 \011 \012 \134. */
#include "mountinfo.h"

#include <stdlib.h>
#include <string.h>

static int is_octal(char c)
{
	return c >= '0' && c <= '7';
}

int mountinfo_unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (*s != '\\') {
			*w++ = *s;
			continue;
		}
		if (!is_octal(s[1]) || !is_octal(s[2]) || !is_octal(s[3]))
			return -1;
		int c = (s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0');
		if (c == 0 || c > 255)
			return -1;
		*w++ = (char)c;
		s += 3;
	}
	*w = '\0';
	return 0;
}

/* Next space-separated field; NULL when the line is exhausted. */
static char *field(char **cursor)
{
	char *s = *cursor, *start;

	while (*s == ' ')
		s++;
	if (!*s)
		return NULL;
	start = s;
	while (*s && *s != ' ')
		s++;
	if (*s)
		*s++ = '\0';
	*cursor = s;
	return start;
}

static int parse_uint(const char *s, char stop, unsigned *out, const char **end)
{
	unsigned long v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned long)(*s++ - '0');
		if (v > 0xffffffffUL)
			return -1;
	}
	if (*s != stop)
		return -1;
	*out = (unsigned)v;
	if (end)
		*end = s;
	return 0;
}

int mountinfo_parse_line(char *line, struct mountinfo *m)
{
	char *cur = line, *f[6], *sep;
	const char *end;
	unsigned id, parent;
	int i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < 6; i++) {
		f[i] = field(&cur);
		if (!f[i])
			return -1;
	}
	if (parse_uint(f[0], '\0', &id, NULL) < 0 || parse_uint(f[1], '\0', &parent, NULL) < 0)
		return -1;
	if (parse_uint(f[2], ':', &m->major, &end) < 0 || parse_uint(end + 1, '\0', &m->minor, NULL) < 0)
		return -1;
	if (id > 0x7fffffff || parent > 0x7fffffff)
		return -1;
	m->id = (int)id;
	m->parent = (int)parent;
	/* optional fields end with a lone "-" */
	do {
		sep = field(&cur);
		if (!sep)
			return -1;
	} while (strcmp(sep, "-") != 0);
	m->fstype = field(&cur);
	m->source = field(&cur);
	m->sb_opts = field(&cur);
	if (!m->fstype || !m->source || !m->sb_opts || field(&cur))
		return -1;
	m->root = f[3];
	m->target = f[4];
	m->mnt_opts = f[5];
	if (m->target[0] != '/')
		return -1;
	if (mountinfo_unescape(m->root) < 0 || mountinfo_unescape(m->target) < 0 ||
	    mountinfo_unescape(m->source) < 0 || mountinfo_unescape(m->fstype) < 0)
		return -1;
	return 0;
}

int mount_table_parse(char *buf, size_t len, struct mount_table *t)
{
	size_t cap = 64;
	unsigned line = 0;
	char *p = buf, *end = buf + len;

	memset(t, 0, sizeof(*t));
	t->buf = buf;
	t->v = malloc(cap * sizeof(*t->v));
	if (!t->v)
		return -1;
	*end = '\0';
	for (; p < end; p++, line++) {
		char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		*eol = '\0';
		if (t->n == cap) {
			struct mountinfo *nv = realloc(t->v, 2 * cap * sizeof(*t->v));

			if (!nv)
				return -1;
			t->v = nv;
			cap *= 2;
		}
		if (eol == p)
			;                                /* empty line */
		else if (strlen(p) != (size_t)(eol - p)) /* embedded NUL */
			t->bad++;
		else if (mountinfo_parse_line(p, &t->v[t->n]) == 0)
			t->v[t->n++].line = line;
		else
			t->bad++;
		p = eol;
	}
	return 0;
}

void mount_table_free(struct mount_table *t)
{
	free(t->v);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

bool opts_has(const char *opts, const char *opt)
{
	size_t n = strlen(opt);

	while (opts && *opts) {
		if (strncmp(opts, opt, n) == 0 && (opts[n] == ',' || opts[n] == '\0'))
			return true;
		opts = strchr(opts, ',');
		if (opts)
			opts++;
	}
	return false;
}
