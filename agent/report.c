/* report.c - the shutdown report's writer and reader (see report.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const report_phase_names[RP_N] = { "prepare", "stage", "api", "kill", "teardown", "busy",
					       "kill-storage", "storage", "sync", "total" };
const char *const report_count_names[RC_N] = {
	"killed", "sigkilled", "survived", "spared", "unmounted", "remounted_ro", "frozen",
	"detached", "mounts_left", "swap_left", "loop_left", "dm_left", "md_left"
};

void report_init(struct report *r)
{
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < RP_N; i++)
		r->ms[i] = -1;
}

static bool bad_char(char c)
{
	return (unsigned char)c < 0x20 || (unsigned char)c > 0x7e || c == '"' || c == '\\';
}

void report_set(char *dst, size_t sz, const char *s)
{
	size_t i;

	for (i = 0; s && s[i] && i + 1 < sz; i++)
		dst[i] = bad_char(s[i]) ? '?' : s[i];
	dst[i] = '\0';
}

void report_add_blocker(struct report *r, const char *s)
{
	size_t len = strlen(r->blockers), need = strlen(s) + (len ? 2 : 0);

	if (len >= 3 && strcmp(r->blockers + len - 3, "...") == 0)
		return;
	if (len + need + 1 > sizeof(r->blockers) - 3) {
		if (len + 4 <= sizeof(r->blockers))
			strcpy(r->blockers + len, "...");
		return;
	}
	if (len)
		strcpy(r->blockers + len, "; ");
	report_set(r->blockers + len + (len ? 2 : 0), sizeof(r->blockers) - len - (len ? 2 : 0), s);
}

static const struct {
	const char *word;
	unsigned flag;
	int count;
} forced_words[] = {
	{ "deadline", RF_DEADLINE, -1 }, { "kexec-failed", RF_KEXEC_FAILED, -1 },
	{ "sigkill", 0, RC_SIGKILLED }, { "remount-ro", 0, RC_REMOUNTED_RO },
	{ "freeze", 0, RC_FROZEN }, { "detach", 0, RC_DETACHED },
};
#define N_FORCED (sizeof(forced_words) / sizeof(forced_words[0]))

static bool forced_has(const struct report *r, size_t i)
{
	return forced_words[i].count < 0 ? (r->flags & forced_words[i].flag) != 0
					 : r->count[forced_words[i].count] > 0;
}

void report_forced(const struct report *r, char *buf, size_t sz)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < N_FORCED; i++)
		if (forced_has(r, i) && n < sz)
			n += (size_t)snprintf(buf + n, sz - n, "%s%s", n ? "," : "", forced_words[i].word);
	if (!n)
		snprintf(buf, sz, "none");
}

unsigned report_forced_count(const struct report *r)
{
	return r->count[RC_SIGKILLED] + r->count[RC_REMOUNTED_RO] + r->count[RC_FROZEN] +
	       r->count[RC_DETACHED] + !!(r->flags & RF_DEADLINE) + !!(r->flags & RF_KEXEC_FAILED);
}

/* ---- writing ------------------------------------------------------------ */

struct out {
	char *buf;
	size_t sz, n;
	bool full;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (o->full)
		return;
	va_start(ap, fmt);
	k = vsnprintf(o->buf + o->n, o->sz - o->n, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= o->sz - o->n)
		o->full = true;
	else
		o->n += (size_t)k;
}

static unsigned fnv1a(const char *s, size_t n)
{
	unsigned h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* the phase times as "name:ms" joined by sep */
static void put_ms(struct out *o, const struct report *r, char sep)
{
	int i, k = 0;

	for (i = 0; i < RP_N; i++)
		if (r->ms[i] >= 0)
			put(o, "%s%s:%ld", k++ ? (sep == ' ' ? " " : ",") : "", report_phase_names[i], r->ms[i]);
}

/* every field but the sum, each line ending in eol */
static void put_fields(struct out *o, const struct report *r, const char *eol, const char *q)
{
	char forced[96];
	int i;

	report_forced(r, forced, sizeof(forced));
	put(o, REPORT_MAGIC "%d%sboot_id=%s%stime=%lld%sverb=%s%saction=%s%sverdict=%s%s", REPORT_VERSION,
	    eol, r->boot_id, eol, r->time, eol, r->verb, eol, r->action, eol, r->clean ? "clean" : "unclean", eol);
	if (!r->clean || r->why[0]) /* a why on a clean record is written back as read */
		put(o, "why=%s%s%s%s", q, r->why, q, eol);
	put(o, "forced=%s%sms=", forced, eol);
	put_ms(o, r, *q ? ',' : ' ');
	put(o, "%s", eol);
	for (i = 0; i < RC_N; i++)
		put(o, "%s=%u%s", report_count_names[i], r->count[i], eol);
	if (r->blockers[0])
		put(o, "blockers=%s%s%s%s", q, r->blockers, q, eol);
	put(o, "kernel=%s%s%s", q, r->kernel, q);
}

size_t report_format(const struct report *r, char *buf, size_t sz)
{
	struct out o = { buf, sz, 0, false };

	if (!sz)
		return 0;
	put_fields(&o, r, "\n", "");
	put(&o, "\n");
	put(&o, "sum=%08x\n", fnv1a(buf, o.n));
	return o.full ? 0 : o.n;
}

size_t report_line(const struct report *r, char *buf, size_t sz)
{
	struct out o = { buf, sz, 0, false };
	char rec[REPORT_MAX];
	size_t n = report_format(r, rec, sizeof(rec));

	if (!sz)
		return 0;
	put_fields(&o, r, " ", "\"");
	/* the record's own sum: report_unline() turns the line back into the record */
	if (n > 13)
		put(&o, " %.12s", rec + n - 13);
	if (o.full) /* cut, but still one line (without its sum: a reader sees it truncated) */
		o.n = strlen(buf);
	return o.n;
}

/* ---- the one-line form, back to the record ---------------------------------- */

/* The word at s (up to a space outside double quotes, a newline or end). */
static size_t word_end(const char *s, size_t len)
{
	size_t i = 0;
	bool quoted = false;

	for (; i < len && s[i] != '\n' && (quoted || s[i] != ' '); i++)
		if (s[i] == '"')
			quoted = !quoted;
	return i;
}

size_t report_unline(const char *line, size_t len, char *out, size_t outsz)
{
	struct out o = { out, outsz, 0, false };
	size_t m = sizeof(REPORT_MAGIC) - 1, at, i;

	if (!outsz || len < m + 2 || memcmp(line, REPORT_MAGIC, m) || line[m + 1] != ' ')
		return 0;
	put(&o, REPORT_MAGIC "%c\n", line[m]);
	for (at = m + 2; at < len && line[at] != '\n';) {
		size_t n = word_end(line + at, len - at);
		const char *w = line + at, *eq = memchr(w, '=', n);
		const char *v;
		size_t vn;

		if (!eq || !n)
			return 0;
		v = eq + 1;
		vn = n - (size_t)(v - w);
		if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"')
			v++, vn -= 2;
		if (eq - w == 3 && !memcmp(w, "sum", 3) && vn > 8 && v[8] == ';')
			vn = 8; /* "sum=...; written to ..." in pitstop's own log line */
		put(&o, "%.*s=", (int)(eq - w), w);
		if (eq - w == 2 && !memcmp(w, "ms", 2)) {
			for (i = 0; i < vn; i++) /* the phases: "a:1,b:2" is "a:1 b:2" in the record */
				put(&o, "%c", v[i] == ',' ? ' ' : v[i]);
		} else {
			put(&o, "%.*s", (int)vn, v);
		}
		put(&o, "\n");
		if (eq - w == 3 && !memcmp(w, "sum", 3))
			return o.full ? 0 : o.n; /* the last word; the log's own words follow */
		at += n;
		while (at < len && line[at] == ' ')
			at++;
	}
	return 0; /* no sum: cut short */
}

/* ---- reading ------------------------------------------------------------ */

static bool parse_num(const char *v, size_t n, long long max, long long *out)
{
	long long x = 0;
	size_t i;

	if (!n || n > 19)
		return false;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		x = x * 10 + (v[i] - '0');
	}
	*out = x;
	return x <= max;
}

static bool copy_val(char *dst, size_t sz, const char *v, size_t n)
{
	size_t i;

	if (n >= sz)
		return false;
	for (i = 0; i < n; i++)
		if (bad_char(v[i]))
			return false;
	memset(dst, 0, sz); /* a repeated key leaves nothing of the first */
	memcpy(dst, v, n);
	return true;
}

static bool parse_ms(struct report *r, const char *v, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t s = i, c, e;
		long long ms;
		int p;

		while (i < n && v[i] != ' ')
			i++;
		e = i++;
		for (c = s; c < e && v[c] != ':'; c++)
			;
		if (c == e || !parse_num(v + c + 1, e - c - 1, 1L << 30, &ms))
			return false;
		for (p = 0; p < RP_N; p++)
			if (strlen(report_phase_names[p]) == c - s && !memcmp(v + s, report_phase_names[p], c - s))
				r->ms[p] = (long)ms;
	}
	return true;
}

static bool key_is(const char *k, size_t kn, const char *name)
{
	return strlen(name) == kn && memcmp(k, name, kn) == 0;
}

/* one "key=value" line; false when its value is malformed */
static bool parse_field(struct report *r, const char *k, size_t kn, const char *v, size_t vn,
			unsigned *seen)
{
	long long x;
	int i;

	for (i = 0; i < RC_N; i++)
		if (key_is(k, kn, report_count_names[i])) {
			if (!parse_num(v, vn, 1000000, &x))
				return false;
			r->count[i] = (unsigned)x;
			return true;
		}
	if (key_is(k, kn, "verdict")) {
		*seen |= 8;
		r->clean = vn == 5 && !memcmp(v, "clean", 5);
		return r->clean || (vn == 7 && !memcmp(v, "unclean", 7));
	}
	if (key_is(k, kn, "time"))
		return parse_num(v, vn, 1LL << 40, &r->time);
	if (key_is(k, kn, "forced")) {
		r->flags = (memmem(v, vn, "deadline", 8) ? RF_DEADLINE : 0) |
			   (memmem(v, vn, "kexec-failed", 12) ? RF_KEXEC_FAILED : 0);
		return true;
	}
	if (key_is(k, kn, "ms"))
		return parse_ms(r, v, vn);
	if (key_is(k, kn, "boot_id"))
		return (*seen |= 1, copy_val(r->boot_id, sizeof(r->boot_id), v, vn));
	if (key_is(k, kn, "verb"))
		return (*seen |= 2, copy_val(r->verb, sizeof(r->verb), v, vn) && vn);
	if (key_is(k, kn, "action"))
		return (*seen |= 4, copy_val(r->action, sizeof(r->action), v, vn) && vn);
	if (key_is(k, kn, "why"))
		return copy_val(r->why, sizeof(r->why), v, vn);
	if (key_is(k, kn, "blockers"))
		return copy_val(r->blockers, sizeof(r->blockers), v, vn);
	if (key_is(k, kn, "kernel"))
		return copy_val(r->kernel, sizeof(r->kernel), v, vn);
	return true; /* unknown: skipped */
}

static enum report_status parse_sum(const char *buf, size_t at, const char *v, size_t vn, size_t end)
{
	char want[9];

	if (vn != 8 || v + vn != buf + end)
		return REPORT_CORRUPT;
	snprintf(want, sizeof(want), "%08x", fnv1a(buf, at));
	return memcmp(v, want, 8) == 0 ? REPORT_OK : REPORT_CORRUPT;
}

enum report_status report_parse(const char *buf, size_t len, struct report *r, size_t *used)
{
	size_t m = sizeof(REPORT_MAGIC) - 1, at;
	unsigned seen = 0;

	report_init(r);
	*used = len < m ? len : m;
	if (len > REPORT_MAX)
		len = REPORT_MAX;
	if (len < m + 2 || memcmp(buf, REPORT_MAGIC, m) != 0)
		return REPORT_TRUNCATED;
	if (buf[m] != '1' || buf[m + 1] != '\n')
		return REPORT_VERSION_UNKNOWN;
	for (at = m + 2; at < len;) {
		const char *l = buf + at, *nl = memchr(l, '\n', len - at), *eq;
		size_t end;

		if (!nl)
			return REPORT_TRUNCATED;
		end = (size_t)(nl - buf);
		*used = end + 1;
		eq = memchr(l, '=', end - at);
		if (!eq)
			return REPORT_CORRUPT;
		if (key_is(l, (size_t)(eq - l), "sum")) {
			enum report_status s = parse_sum(buf, at, eq + 1, end - at - (size_t)(eq + 1 - l), end);

			return s == REPORT_OK && seen != 15 ? REPORT_CORRUPT : s;
		}
		if (!parse_field(r, l, (size_t)(eq - l), eq + 1, (size_t)(nl - eq - 1), &seen))
			return REPORT_CORRUPT;
		at = end + 1;
	}
	return REPORT_TRUNCATED;
}

bool report_scan(const char *buf, size_t len, struct report *best, struct report_scan *st)
{
	size_t at = 0, m = sizeof(REPORT_MAGIC) - 1, used;
	struct report r;
	enum report_status s;
	bool found = false;

	memset(st, 0, sizeof(*st));
	while (at < len) {
		const char *p = memmem(buf + at, len - at, REPORT_MAGIC, m);
		char rec[REPORT_MAX];
		size_t n;

		if (!p)
			break;
		at = (size_t)(p - buf);
		if (len - at > m + 1 && p[m + 1] == ' ') {
			/* the one-line form, from a kernel log that pstore kept (dmesg-ramoops) */
			n = report_unline(p, len - at, rec, sizeof(rec));
			s = n ? report_parse(rec, n, &r, &used) : REPORT_TRUNCATED;
			used = m;
		} else {
			s = report_parse(p, len - at, &r, &used);
		}
		st->valid += s == REPORT_OK;
		st->truncated += s == REPORT_TRUNCATED;
		st->corrupt += s == REPORT_CORRUPT;
		st->unknown_version += s == REPORT_VERSION_UNKNOWN;
		if (s == REPORT_OK && (!found || r.time >= best->time)) {
			*best = r;
			found = true;
		}
		/* a damaged record may hold the start of the next: look again after its magic */
		at += s == REPORT_OK ? used : m;
	}
	return found;
}

enum report_age report_age(const struct report *r, const char *boot_id, long long boot_time)
{
	if (boot_id && *boot_id && strcmp(r->boot_id, boot_id) == 0)
		return AGE_SAME_BOOT;
	if (boot_time > 0 && r->time > boot_time + 60)
		return AGE_FUTURE;
	if (boot_time > 0 && r->time + REPORT_MAX_GAP_S < boot_time)
		return AGE_OLD;
	return AGE_PREVIOUS;
}

void report_summary(const struct report *r, char *buf, size_t sz)
{
	struct out o = { buf, sz, 0, false };

	if (!sz)
		return;
	buf[0] = '\0';
	put(&o, "last shutdown: %s via pitstop", r->action);
	if (strcmp(r->verb, r->action) != 0)
		put(&o, " (%s asked)", r->verb);
	if (r->ms[RP_TOTAL] >= 0)
		put(&o, ", %ld ms", r->ms[RP_TOTAL]);
	put(&o, ", %s", r->clean ? "clean" : "unclean");
	if (!r->clean && r->why[0])
		put(&o, " (%s)", r->why);
	put(&o, "; %u forced", report_forced_count(r));
	if (r->flags & RF_DEADLINE)
		put(&o, ", deadline hit");
	if (r->flags & RF_KEXEC_FAILED)
		put(&o, ", kexec failed");
}

size_t report_json(const struct report *r, char *buf, size_t sz)
{
	struct out o = { buf, sz, 0, false };
	char forced[96];
	int i, k = 0;

	if (!sz)
		return 0;
	report_forced(r, forced, sizeof(forced));
	put(&o, "{\"version\":%d,\"boot_id\":\"%s\",\"time\":%lld,\"verb\":\"%s\",\"action\":\"%s\","
		"\"verdict\":\"%s\",\"why\":\"%s\",\"forced\":\"%s\",\"forced_count\":%u,\"ms\":{",
	    REPORT_VERSION, r->boot_id, r->time, r->verb, r->action, r->clean ? "clean" : "unclean",
	    r->why, forced, report_forced_count(r));
	for (i = 0; i < RP_N; i++)
		if (r->ms[i] >= 0)
			put(&o, "%s\"%s\":%ld", k++ ? "," : "", report_phase_names[i], r->ms[i]);
	put(&o, "}");
	for (i = 0; i < RC_N; i++)
		put(&o, ",\"%s\":%u", report_count_names[i], r->count[i]);
	put(&o, ",\"blockers\":\"%s\",\"kernel\":\"%s\"}", r->blockers, r->kernel);
	return o.full ? 0 : o.n;
}
