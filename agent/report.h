/* report.h - the shutdown report that survives into the next boot (pure).
 *
 * A text record, one "key=value" a line, at most REPORT_MAX bytes:
 *
 *   pitstop-report 1
 *   boot_id=UUID            the boot that ended
 *   time=SECONDS            wall clock when written
 *   verb=kexec              asked
 *   action=reboot           done (kexec that failed becomes reboot)
 *   verdict=clean|unclean
 *   why=TEXT                (unclean) what was left
 *   forced=none|WORD,...    deadline, kexec-failed, sigkill, remount-ro, freeze, detach
 *   ms=prepare:0 api:2 ...  per phase that ran
 *   killed=N ...            counts (see struct report)
 *   blockers=TEXT           busy mounts and their holders, truncated
 *   kernel=TEXT             staged kernel, or why none
 *   sum=XXXXXXXX            FNV-1a 32 of every byte before this line
 *
 * Unknown keys are skipped (a later version 1 may add some). */
#ifndef PITSTOP_REPORT_H
#define PITSTOP_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#define REPORT_MAGIC "pitstop-report "
#define REPORT_VERSION 1
#define REPORT_MAX 2048

enum report_phase {
	RP_PREPARE, RP_STAGE, RP_API, RP_KILL, RP_TEARDOWN, RP_BUSY, RP_KILL_STORAGE,
	RP_STORAGE, RP_SYNC, RP_TOTAL, RP_N
};

enum report_count {
	RC_KILLED, RC_SIGKILLED, RC_SURVIVED, RC_SPARED, RC_UNMOUNTED, RC_REMOUNTED_RO, RC_FROZEN,
	RC_DETACHED, RC_MOUNTS_LEFT, RC_SWAP_LEFT, RC_LOOP_LEFT, RC_DM_LEFT, RC_MD_LEFT, RC_N
};

/* forced paths */
#define RF_DEADLINE 1u
#define RF_KEXEC_FAILED 2u

struct report {
	char boot_id[40];
	long long time;
	char verb[12], action[12];
	bool clean;
	char why[96];
	unsigned flags;          /* RF_* */
	long ms[RP_N];           /* -1: the phase did not run */
	unsigned count[RC_N];
	char blockers[192];
	char kernel[160];
};

extern const char *const report_phase_names[RP_N];
extern const char *const report_count_names[RC_N];

/* Empty: every phase -1, counts 0, strings "". */
void report_init(struct report *r);

/* Copies s into dst (size sz), cut to fit, control characters and '"',
 * '\\' replaced by '?': what the reader accepts. */
void report_set(char *dst, size_t sz, const char *s);

/* Appends "; s" (or s) to blockers while it fits, marking a cut with "...". */
void report_add_blocker(struct report *r, const char *s);

/* The forced steps, as words: "none" or "deadline,sigkill,...". */
void report_forced(const struct report *r, char *buf, size_t sz);

/* How many escalations the shutdown needed (SIGKILLs, remounts, freezes,
 * detaches, the deadline, a failed kexec). */
unsigned report_forced_count(const struct report *r);

/* The record into buf; returns its length, 0 if it does not fit. */
size_t report_format(const struct report *r, char *buf, size_t sz);

/* The record on one line of "key=value" words, values with spaces in double
 * quotes, the phases joined by commas, ending in the record's sum (for the
 * kernel log, which pstore may keep: dmesg-ramoops); returns its length. */
size_t report_line(const struct report *r, char *buf, size_t sz);

/* The record a report_line() stands for, into out (report_parse() reads
 * it); the line may go on after its sum word. Returns the record's length,
 * or 0 when the line is cut short (no sum) or does not fit. */
size_t report_unline(const char *line, size_t len, char *out, size_t outsz);

enum report_status { REPORT_OK, REPORT_TRUNCATED, REPORT_CORRUPT, REPORT_VERSION_UNKNOWN };

/* Parses the record starting at buf (with the magic); *used: bytes it spans. */
enum report_status report_parse(const char *buf, size_t len, struct report *r, size_t *used);

struct report_scan {
	unsigned valid, truncated, corrupt, unknown_version;
};

/* Every record in buf (other data around them is skipped); *best gets the
 * newest valid one (latest time; at equal times the later in buf). Returns
 * whether one was found. */
bool report_scan(const char *buf, size_t len, struct report *best, struct report_scan *st);

enum report_age { AGE_PREVIOUS, AGE_SAME_BOOT, AGE_OLD, AGE_FUTURE };
#define REPORT_MAX_GAP_S 900 /* a warm reboot takes less from shutdown to this boot's start */

/* Whether r is the shutdown of the boot before this one: not this boot's
 * id, written before this boot started, and at most REPORT_MAX_GAP_S before. */
enum report_age report_age(const struct report *r, const char *boot_id, long long boot_time);

/* "last shutdown: kexec via pitstop, 129 ms, clean; 0 forced" */
void report_summary(const struct report *r, char *buf, size_t sz);

/* The record as one JSON object (no newline). */
size_t report_json(const struct report *r, char *buf, size_t sz);

#endif
