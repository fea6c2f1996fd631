/* iomem.c - System RAM and what is busy inside it, from /proc/iomem. */
#include "iomem.h"

#include <string.h>

/* Hex digits at *p (1 to 16) into *v; 0, or -1. */
static int hex(const char **p, const char *end, uint64_t *v)
{
	int n = 0;

	*v = 0;
	for (; *p < end && n < 17; (*p)++, n++) {
		char c = **p;
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (d < 0)
			break;
		*v = *v << 4 | (uint64_t)d;
	}
	return n >= 1 && n <= 16 ? 0 : -1;
}

/* One line "  START-END : name" (without its newline): its depth (leading
 * spaces), range and name; 0, or -1 when malformed. */
static int parse_line(const char *p, const char *end, int *depth, struct iomem_range *r,
		      const char **name, size_t *name_len)
{
	const char *s = p;

	while (p < end && *p == ' ')
		p++;
	*depth = (int)(p - s);
	if (hex(&p, end, &r->start) < 0 || p == end || *p++ != '-' || hex(&p, end, &r->end) < 0)
		return -1;
	if (end - p < 3 || memcmp(p, " : ", 3) != 0 || r->end < r->start)
		return -1;
	p += 3;
	while (end > p && (end[-1] == ' ' || end[-1] == '\r'))
		end--;
	*name = p;
	*name_len = (size_t)(end - p);
	return 0;
}

static int is(const char *name, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(name, word, len) == 0;
}

/* Nested in System RAM and still free to overwrite: the running kernel, kdump's area. */
static int overwritable(const char *name, size_t len)
{
	return is(name, len, "Kernel code") || is(name, len, "Kernel data") || is(name, len, "Kernel rodata") ||
	       is(name, len, "Kernel bss") || is(name, len, "Crash kernel");
}

static int add(struct iomem_range *v, int *n, int max, const struct iomem_range *r)
{
	if (*n == max)
		return IOMEM_TOO_MANY;
	v[(*n)++] = *r;
	return 0;
}

/* Files one parsed line; in_ram tracks whether the last top-level line was RAM. */
static int take(struct iomem_map *m, int depth, const struct iomem_range *r, const char *name, size_t len,
		int *in_ram)
{
	if (depth == 0) {
		*in_ram = is(name, len, "System RAM");
		if (*in_ram)
			return add(m->ram, &m->n_ram, IOMEM_MAX_RAM, r);
		if (!is(name, len, "reserved") && !is(name, len, "Reserved")) /* x86 writes "Reserved" */
			return 0;
		m->n_reserved++;
		return add(m->busy, &m->n_busy, IOMEM_MAX_BUSY, r);
	}
	if (!*in_ram || overwritable(name, len))
		return 0;
	return add(m->busy, &m->n_busy, IOMEM_MAX_BUSY, r);
}

static int all_hidden(const struct iomem_map *m)
{
	int i;

	for (i = 0; i < m->n_ram; i++)
		if (m->ram[i].start || m->ram[i].end)
			return 0;
	return 1;
}

int iomem_parse(const char *text, size_t len, struct iomem_map *m)
{
	const char *p = text, *end = text + len;
	int in_ram = 0;

	memset(m, 0, sizeof(*m));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end, *name;
		struct iomem_range r;
		size_t name_len;
		int depth;

		if (eol > p && parse_line(p, eol, &depth, &r, &name, &name_len) == 0) {
			if (take(m, depth, &r, name, name_len, &in_ram) < 0)
				return IOMEM_TOO_MANY;
		} else if (eol > p) {
			m->malformed++;
		}
		p = eol + 1;
	}
	if (!m->n_ram)
		return IOMEM_NO_RAM;
	return all_hidden(m) ? IOMEM_HIDDEN : m->n_ram;
}

const char *iomem_strerror(int err)
{
	switch (err) {
	case IOMEM_NO_RAM:
		return "no System RAM in it";
	case IOMEM_HIDDEN:
		return "its addresses read 0: only root sees them";
	case IOMEM_TOO_MANY:
		return "more ranges than pitstop keeps (" "64 RAM, 256 busy" ")";
	default:
		return "unknown error";
	}
}

/* The busy range with the lowest start that reaches into [cur, last], or NULL. */
static const struct iomem_range *next_busy(const struct iomem_map *m, uint64_t cur, uint64_t last)
{
	const struct iomem_range *best = NULL;
	int i;

	for (i = 0; i < m->n_busy; i++) {
		const struct iomem_range *b = &m->busy[i];

		if (b->end >= cur && b->start <= last && (!best || b->start < best->start))
			best = b;
	}
	return best;
}

static int emit(struct iomem_range *out, int *n, int max, uint64_t start, uint64_t end)
{
	int i;

	if (*n == max)
		return IOMEM_TOO_MANY;
	for (i = *n; i > 0 && out[i - 1].start > start; i--)
		out[i] = out[i - 1];
	out[i].start = start;
	out[i].end = end;
	(*n)++;
	return 0;
}

/* One RAM range minus the busy ones. */
static int subtract(const struct iomem_map *m, const struct iomem_range *r, struct iomem_range *out, int *n,
		    int max)
{
	uint64_t cur = r->start;

	for (;;) {
		const struct iomem_range *b = next_busy(m, cur, r->end);

		if (!b)
			return emit(out, n, max, cur, r->end);
		if (b->start > cur && emit(out, n, max, cur, b->start - 1) < 0)
			return IOMEM_TOO_MANY;
		if (b->end >= r->end)
			return 0;
		cur = b->end + 1;
	}
}

int iomem_free_ranges(const struct iomem_map *m, struct iomem_range *out, int max)
{
	int i, n = 0;

	for (i = 0; i < m->n_ram; i++)
		if (subtract(m, &m->ram[i], out, &n, max) < 0)
			return IOMEM_TOO_MANY;
	return n;
}
