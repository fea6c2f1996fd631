/* options.h - the exitrd command line: "/shutdown VERB [systemd options]" (pure). */
#ifndef PITSTOP_OPTIONS_H
#define PITSTOP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

enum verb { VERB_REBOOT, VERB_POWEROFF, VERB_HALT, VERB_KEXEC, VERB_EXIT };

#define DEFAULT_TIMEOUT_US (90LL * 1000 * 1000)
#define MAX_TIMEOUT_US (3600LL * 1000 * 1000)

struct shutdown_opts {
	enum verb verb;
	const char *verb_given;  /* as typed; NULL when missing */
	bool verb_unknown;       /* not a verb we know: we reboot */
	long long timeout_us;    /* total budget of the exitrd */
	bool timeout_clamped;    /* the given timeout was above MAX_TIMEOUT_US */
	int log_level;           /* 0..7, from --log-level */
	int exit_code;           /* for the "exit" verb */
	int ignored;             /* unknown options skipped */
	const char *first_ignored;
};

const char *verb_name(enum verb v);
/* Returns 0 and sets *v for a known verb, -1 otherwise. */
int verb_parse(const char *s, enum verb *v);

/* "90000000us", "90s", "1min30s", "250ms", bare seconds, "infinity".
 * Returns 0, or -1 for text that is not a time span. */
int timespan_parse_us(const char *s, long long *us);

/* Parses argv[1..argc-1] (argv[1] is the verb). Never fails on unknown
 * options or verbs (systemd adds options over time); fails only on a bad
 * value of a known option, with a message about the first one in err: that
 * option keeps its default, and the options after it still count. */
int shutdown_opts_parse(int argc, char *const argv[], struct shutdown_opts *o,
			char *err, size_t errlen);

#endif
