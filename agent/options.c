/* options.c - parse the exitrd's argv as systemd-shutdown hands it over. */
#include "options.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const verb_names[] = {
	[VERB_REBOOT] = "reboot", [VERB_POWEROFF] = "poweroff", [VERB_HALT] = "halt",
	[VERB_KEXEC] = "kexec",   [VERB_EXIT] = "exit",
};

const char *verb_name(enum verb v)
{
	return verb_names[v];
}

int verb_parse(const char *s, enum verb *v)
{
	size_t i;

	for (i = 0; s && i < sizeof(verb_names) / sizeof(verb_names[0]); i++) {
		if (strcmp(s, verb_names[i]) == 0) {
			*v = (enum verb)i;
			return 0;
		}
	}
	return -1;
}

static const struct {
	const char *suffix;
	long long us;
} units[] = {
	{ "us", 1 },          { "usec", 1 },          { "ms", 1000 },
	{ "msec", 1000 },     { "s", 1000000 },       { "sec", 1000000 },
	{ "m", 60000000 },    { "min", 60000000 },    { "h", 3600000000LL },
	{ "hr", 3600000000LL }, { "", 1000000 },
};

/* Matches the longest unit at s; returns its length, or -1. */
static int unit_match(const char *s, long long *mult)
{
	size_t i, len = 0;
	int best = -1;

	while (s[len] >= 'a' && s[len] <= 'z')
		len++;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strlen(units[i].suffix) == len && strncmp(s, units[i].suffix, len) == 0) {
			*mult = units[i].us;
			best = (int)len;
		}
	}
	return best;
}

int timespan_parse_us(const char *s, long long *us)
{
	long long total = 0;

	if (!s || !*s)
		return -1;
	if (strcmp(s, "infinity") == 0) {
		*us = LLONG_MAX;
		return 0;
	}
	while (*s) {
		unsigned long long n = 0;
		long long mult;
		int ulen;

		while (*s == ' ')
			s++;
		if (*s < '0' || *s > '9')
			return -1;
		while (*s >= '0' && *s <= '9') {
			if (n > (ULLONG_MAX - 9) / 10)
				n = ULLONG_MAX; /* saturate: read as "very long" */
			else
				n = n * 10 + (unsigned)(*s - '0');
			s++;
		}
		ulen = unit_match(s, &mult);
		if (ulen < 0)
			return -1;
		s += ulen;
		if (n > (unsigned long long)(LLONG_MAX / mult) || total > LLONG_MAX - (long long)n * mult)
			total = LLONG_MAX;
		else
			total += (long long)n * mult;
		while (*s == ' ')
			s++;
	}
	*us = total;
	return 0;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* Known options that take a value, in "--opt=V" or "--opt V" form. */
enum opt_id { OPT_TIMEOUT, OPT_LOG_LEVEL, OPT_LOG_TARGET, OPT_EXIT_CODE, OPT_NONE };
static const char *const valued[] = {
	[OPT_TIMEOUT] = "--timeout", [OPT_LOG_LEVEL] = "--log-level",
	[OPT_LOG_TARGET] = "--log-target", [OPT_EXIT_CODE] = "--exit-code",
};
static const char *const log_level_names[] = { "emerg", "alert", "crit", "err",
					       "warning", "notice", "info", "debug" };

static enum opt_id valued_match(const char *arg, const char **value)
{
	size_t i, n;

	for (i = 0; i < OPT_NONE; i++) {
		n = strlen(valued[i]);
		if (strncmp(arg, valued[i], n) != 0)
			continue;
		if (arg[n] == '=') {
			*value = arg + n + 1;
			return (enum opt_id)i;
		}
		if (arg[n] == '\0') {
			*value = NULL;
			return (enum opt_id)i;
		}
	}
	return OPT_NONE;
}

static int apply_value(struct shutdown_opts *o, enum opt_id id, const char *v, char *err, size_t errlen)
{
	long long us;
	size_t i, n;

	switch (id) {
	case OPT_TIMEOUT:
		if (timespan_parse_us(v, &us) < 0 || us <= 0) {
			snprintf(err, errlen, "--timeout: '%s' is not a time span (e.g. 90000000us, 90s)", v);
			return -1;
		}
		o->timeout_us = us;
		if (o->timeout_us > MAX_TIMEOUT_US) {
			o->timeout_us = MAX_TIMEOUT_US;
			o->timeout_clamped = true;
		}
		return 0;
	case OPT_LOG_LEVEL:
		/* systemd >= 256 may pass per-target levels, "info,console:debug": the
		 * first word is the default level, the rest is for systemd's own targets */
		n = strcspn(v, ",");
		for (i = 0; i < 8; i++) {
			if (strlen(log_level_names[i]) == n && strncmp(v, log_level_names[i], n) == 0) {
				o->log_level = (int)i;
				return 0;
			}
		}
		if (v[n] == 0 && parse_int(v, 0, 7, &o->log_level) == 0)
			return 0;
		snprintf(err, errlen, "--log-level: '%s' is not 0..7 or a level name", v);
		return -1;
	case OPT_EXIT_CODE:
		if (parse_int(v, 0, 255, &o->exit_code) == 0)
			return 0;
		snprintf(err, errlen, "--exit-code: '%s' is not 0..255", v);
		return -1;
	default:
		return 0; /* --log-target: we always log to kmsg */
	}
}

int shutdown_opts_parse(int argc, char *const argv[], struct shutdown_opts *o,
			char *err, size_t errlen)
{
	char later[128];
	bool bad = false;
	int i = 1;

	memset(o, 0, sizeof(*o));
	o->verb = VERB_REBOOT;
	o->timeout_us = DEFAULT_TIMEOUT_US;
	o->log_level = 6;
	if (argc > 1 && argv[1][0] != '-') {
		o->verb_given = argv[1];
		o->verb_unknown = verb_parse(argv[1], &o->verb) < 0;
		i = 2;
	}
	for (; i < argc; i++) {
		const char *arg = argv[i], *value;
		enum opt_id id = valued_match(arg, &value);

		if (id == OPT_NONE) {
			if (!o->ignored++)
				o->first_ignored = arg;
			/* an unknown "--opt value": skip its value too */
			if (arg[0] == '-' && !strchr(arg, '=') && i + 1 < argc && argv[i + 1][0] != '-')
				i++;
			continue;
		}
		if (!value && i + 1 >= argc) {
			if (!bad)
				snprintf(err, errlen, "%s needs a value", arg);
			bad = true;
			break;
		}
		if (!value)
			value = argv[++i];
		/* a bad value: keep its default, report the first, go on with the rest */
		if (apply_value(o, id, value, bad ? later : err, bad ? sizeof(later) : errlen) < 0)
			bad = true;
	}
	return bad ? -1 : 0;
}
