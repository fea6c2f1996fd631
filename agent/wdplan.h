/* wdplan.h - the watchdog's plan (pure): how often to feed it, and which
 * timeout covers the final jump (kexec, reboot, power off) so that a kernel
 * that never comes up is reset by the hardware. watchdog.c acts on it. */
#ifndef PITSTOP_WDPLAN_H
#define PITSTOP_WDPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* the jump's timeout when neither systemd nor the command line names one */
#define WD_JUMP_DEFAULT_S 600
/* the longest timeout we set (i6300esb and most drivers top out near it) */
#define WD_JUMP_MAX_S 3600
/* feed at least this often, whatever the timeout */
#define WD_PING_MAX_MS 1000
#define WD_PING_MIN_MS 100

struct wd_conf {
	bool ignore;   /* pitstop.watchdog=ignore: do not take the watchdog over */
	long jump_s;   /* pitstop.watchdog-kexec=SECONDS (0: leave it); -1 not given */
};

/* Reads pitstop.watchdog= and pitstop.watchdog-kexec= from a kernel command
 * line. A bad value is named in err and ignored (the default stays);
 * returns -1 then, else 0. */
int wd_conf_parse(const char *kcmdline, struct wd_conf *c, char *err, size_t errsz);

/* How long between two pings for a watchdog of timeout_s seconds: half
 * the timeout, between WD_PING_MIN_MS and WD_PING_MAX_MS. */
long wd_ping_interval_ms(long timeout_s);

/* Is a ping due at now_ms when the last one was at last_ms (<0: never)? */
bool wd_ping_due(int64_t now_ms, int64_t last_ms, long interval_ms);

/* The timeout to set before the final jump, in seconds, or 0 to leave the
 * watchdog's as it is. systemd_s: the timeout systemd armed for this
 * verb (RebootWatchdogSec=, KExecWatchdogSec=), 0 when systemd did not
 * hand one over. The command line wins, then systemd's, then the default. */
long wd_jump_seconds(const struct wd_conf *c, long systemd_s);

#endif
