/* reportio.h - the exitrd's shutdown report (report.h): gathered as the
 * phases end, written to /dev/pmsg0 (pstore, survives a warm reboot or a
 * kexec) and logged as one kernel log line just before reboot(2). Nothing
 * here can fail the exitrd: errors are only logged. */
#ifndef PITSTOP_REPORTIO_H
#define PITSTOP_REPORTIO_H

#include <stdbool.h>

#include "report.h"

#define PMSG_DEV "/dev/pmsg0"
#define PSTORE_DIR "/sys/fs/pstore"
#define PSTORE_ARCHIVE "/var/lib/systemd/pstore"
#define BOOT_ID_FILE "/proc/sys/kernel/random/boot_id"

/* Where a report survives the reboot or kexec: in the pmsg device, in the
 * kernel log that ramoops saves at a shutdown (ramoops.max_reason=4 or more
 * and a dmesg record size: pitstop's log line holds the record), or not. */
enum report_keep { KEEP_NONE, KEEP_PMSG, KEEP_DMESG };
enum report_keep report_keep(void);
/* That, as words for the log and pitstop status. */
const char *report_keep_text(enum report_keep k);

/* The report being gathered. */
struct report *report_cur(void);

/* Starts it: boot id, verb. In a container nothing goes to pmsg (the host's). */
void report_start(const char *verb, bool container);

/* The staged kernel, from `pitstop load`'s note under the old root (read in
 * a bounded child), or why none. */
void report_note_kernel(void);

/* Renders the record the deadline's signal handler writes (report_emit_alarm):
 * call after each phase. */
void report_checkpoint(void);

/* The verdict: every disk file system under the prefixes unmounted or read-only,
 * and none of the detached_rw busy ones detached while still read-write and not
 * frozen (one remounted read-only or frozen before its detach is consistent). */
void report_verdict(const char *const *prefixes, unsigned detached_rw);

/* Writes the record (action done, RF_* flags added) to pmsg and the log. */
void report_emit(const char *action, unsigned flags);

/* Async-signal-safe: writes what report_checkpoint rendered. */
void report_emit_alarm(void);

#endif
