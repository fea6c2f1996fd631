/* bls.c - read boot loader entries and pick the default, as systemd-boot would. */
#include "bls.h"
#include "pe.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Splits "key value" in place; returns key, sets *value. NULL for blank/comment. */
static char *key_value(char *line, char **value)
{
	char *k = trim(line), *v;

	if (!*k || *k == '#')
		return NULL;
	v = k + strcspn(k, " \t");
	if (*v)
		*v++ = '\0';
	*value = trim(v);
	return k;
}

static int add_options(struct bls_entry *e, const char *v)
{
	size_t len = strlen(e->options), n = strlen(v);

	if (!n)
		return 0;
	if (len + n + 2 > sizeof(e->options))
		return -2;
	if (len)
		e->options[len++] = ' ';
	memcpy(e->options + len, v, n + 1);
	return 0;
}

int bls_parse(const char *file_name, char *text, struct bls_entry *e)
{
	char *line = text, *next;
	size_t n;

	memset(e, 0, sizeof(*e));
	snprintf(e->id, sizeof(e->id), "%s", file_name);
	n = strlen(e->id);
	if (n > 5 && strcmp(e->id + n - 5, ".conf") == 0)
		e->id[n - 5] = '\0';
	for (; line; line = next) {
		char *k, *v;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		k = key_value(line, &v);
		if (!k)
			continue;
		if (strcmp(k, "title") == 0)
			e->title = v;
		else if (strcmp(k, "version") == 0)
			e->version = v;
		else if (strcmp(k, "machine-id") == 0)
			e->machine_id = v;
		else if (strcmp(k, "sort-key") == 0)
			e->sort_key = v;
		else if (strcmp(k, "linux") == 0)
			e->linux_path = v;
		else if (strcmp(k, "devicetree") == 0)
			e->devicetree = v;
		else if (strcmp(k, "initrd") == 0 && e->n_initrd < BLS_MAX_INITRDS)
			e->initrd[e->n_initrd++] = v;
		else if (strcmp(k, "options") == 0 && add_options(e, v) < 0)
			return -2;
	}
	return e->linux_path && *e->linux_path ? 0 : -1;
}

int bls_type2(const char *file_name, char *osrel, const char *uname, struct bls_entry *e)
{
	struct osrel o;
	char *c;

	memset(e, 0, sizeof(*e));
	e->type2 = 1;
	snprintf(e->file, sizeof(e->file), "%s", file_name);
	snprintf(e->id, sizeof(e->id), "%s", file_name);
	for (c = e->id; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	osrel_parse(osrel, &o);
	e->title = osrel_title(&o);
	e->version = osrel_version(&o);
	e->sort_key = osrel_sort_key(&o);
	e->uname = uname && *uname ? uname : NULL;
	if (!e->version)
		e->version = e->uname;
	return e->title ? 0 : -1;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int version_compare(const char *a, const char *b)
{
	while (*a || *b) {
		if (*a == '~' || *b == '~') {
			if (*a != '~')
				return 1;
			if (*b != '~')
				return -1;
			a++, b++;
			continue;
		}
		if (is_digit(*a) && is_digit(*b)) {
			const char *ea, *eb;
			size_t la, lb;
			int c;

			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			for (ea = a; is_digit(*ea); ea++)
				;
			for (eb = b; is_digit(*eb); eb++)
				;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			c = strncmp(a, b, la);
			if (c)
				return c;
			a = ea, b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++, b++;
	}
	return 0;
}

static int str_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

int bls_compare(const struct bls_entry *a, const struct bls_entry *b)
{
	int r;

	if (!a->sort_key != !b->sort_key)
		return a->sort_key ? -1 : 1;
	if (a->sort_key) {
		r = str_cmp(a->sort_key, b->sort_key);
		if (r)
			return r;
		r = str_cmp(a->machine_id, b->machine_id);
		if (r)
			return r;
		r = version_compare(b->version ? b->version : "", a->version ? a->version : "");
		if (r)
			return r;
	}
	return version_compare(b->id, a->id);
}

const char *loader_conf_default(char *text)
{
	char *line = text, *next;
	const char *found = NULL;

	for (; line; line = next) {
		char *k, *v;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		k = key_value(line, &v);
		if (k && strcmp(k, "default") == 0 && *v)
			found = v;
	}
	return found;
}

int bls_pick_default(const struct bls_entry *sorted, int n, const char *pattern)
{
	char with_conf[272];
	int i;

	if (n <= 0)
		return -1;
	for (i = 0; pattern && i < n; i++) {
		snprintf(with_conf, sizeof(with_conf), "%s.conf", sorted[i].id);
		if (fnmatch(pattern, sorted[i].id, 0) == 0 || fnmatch(pattern, with_conf, 0) == 0)
			return i;
	}
	return 0;
}
