/* deadline.h - run a step that may block in a child, and give up in time. */
#ifndef PITSTOP_DEADLINE_H
#define PITSTOP_DEADLINE_H

#include <stdint.h>

#define BOUNDED_TIMEOUT (-1000)

/* Runs fn(arg) in a child process and waits up to timeout_ms for it.
 * fn returns 0 or an errno value. Returns fn's value, BOUNDED_TIMEOUT if
 * the child had to be abandoned (it is sent SIGKILL; one stuck in the
 * kernel stays behind), or runs fn inline if fork fails. */
int run_bounded(int (*fn)(void *), void *arg, long timeout_ms);

/* Waits for pid up to timeout_ms, feeding the watchdog. Returns 0 and the
 * exit status in *status, or -1 on timeout. */
int wait_child(int pid, long timeout_ms, int *status);

/* Milliseconds left until deadline (never below 0). */
long ms_left(int64_t deadline_ms);

#endif
