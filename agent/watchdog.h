/* watchdog.h - keep an armed hardware watchdog fed while we work, and let
 * it cover the final jump (the plan: wdplan.h). */
#ifndef PITSTOP_WATCHDOG_H
#define PITSTOP_WATCHDOG_H

#include <stdbool.h>
#include <stddef.h>

#include "wdplan.h"

#define WD_SYSFS "/sys/class/watchdog/watchdog0"

/* how long a device held by its previous feeder is waited for */
#define WD_BUSY_WAIT_MS 2000

/* pitstop.watchdog= and pitstop.watchdog-kexec= from /proc/cmdline (the
 * defaults when it cannot be read); -1 and err when a value is bad. */
int watchdog_conf(struct wd_conf *c, char *err, size_t errsz);
/* Takes the watchdog over: the one systemd hands over ($WATCHDOG_USEC > 0,
 * $WATCHDOG_DEVICE or /dev/watchdog0), else watchdog0 when it is running
 * with nobody feeding it (a daemon stopped without disarming it). Honours
 * pitstop.watchdog=ignore and pitstop.watchdog-kexec= on the kernel
 * command line. Logs what it took and its timeout. A device still held by
 * someone else is waited for up to busy_wait_ms (0: not at all, try again
 * later). */
void watchdog_take_over(long busy_wait_ms);
/* Pings when half the timeout (at most a second) has passed since the
 * last ping; cheap to call from any wait loop. */
void watchdog_ping(void);
/* Before the final reboot(2): sets the timeout that covers what (a kexec,
 * a reboot) and logs it, or says why it stays. */
void watchdog_jump(const char *what);
/* The same without logging, for the deadline alarm's handler. */
void watchdog_jump_quiet(void);
/* Closes the device without disarming it (for the next owner). */
void watchdog_release(void);
/* Do we hold a watchdog? */
bool watchdog_held(void);

#endif
