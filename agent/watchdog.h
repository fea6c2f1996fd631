/* watchdog.h - keep an armed hardware watchdog fed while we work. */
#ifndef PITSTOP_WATCHDOG_H
#define PITSTOP_WATCHDOG_H

/* Opens $WATCHDOG_DEVICE (or /dev/watchdog0) when $WATCHDOG_USEC > 0. */
void watchdog_open_from_env(void);
/* Pings at most once a second; cheap to call from any wait loop. */
void watchdog_ping(void);

#endif
