/* deadline.h - run what may block on I/O in a child, and give up in time.
 *
 * The process that owns the deadline never makes a call that can sleep
 * uninterruptibly (umount2, remount, fsync, block device ioctls, sync,
 * reading another process's memory): a child does, and the parent waits
 * for its answer through a pipe, at most a slice of the time that is left.
 * A child that does not answer is sent SIGKILL and abandoned (one stuck in
 * the kernel stays behind; it holds nothing of ours). */
#ifndef PITSTOP_DEADLINE_H
#define PITSTOP_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOUNDED_TIMEOUT (-1000) /* no answer in time: the child was abandoned */
#define BOUNDED_SKIPPED (-1001) /* not started: the deadline had come */

/* Runs fn(arg, i) for i = 0..n-1 in order, in one child, each answer (an int,
 * 0 or an errno value) back through a pipe. Waits for each at most
 * op_slice() of what is left until deadline_ms; a call that does not answer
 * gets BOUNDED_TIMEOUT and the rest go on in a new child. Fills res[0..n-1];
 * returns how many answered. If fork fails, fn runs in this process. */
size_t run_batch(int (*fn)(void *arg, size_t i), void *arg, size_t n, int *res, int64_t deadline_ms);

/* One call of fn(arg) in a child, waited for up to timeout_ms (whole, not
 * sliced). Returns fn's value or BOUNDED_TIMEOUT. */
int run_bounded(int (*fn)(void *), void *arg, long timeout_ms);

/* read_line() (fileio.h) of a file that may hang (on the old root), in a
 * child; 0, or -1 when it can't be read in timeout_ms. */
int read_line_bounded(const char *path, char *out, size_t outsz, long timeout_ms);

/* One call of fn(arg) in a child, for a caller that waits in steps (sync:
 * as long as writeback moves). child_start: 0, or -1 when it could not
 * fork (nothing started). child_wait: 1 and fn's value in *answer once it
 * answered, 0 while it has not after timeout_ms, -1 when it died without.
 * child_end: done with it (SIGKILL unless it answered; reaped later). */
struct bounded_child {
	int pid, fd;
};
int child_start(struct bounded_child *c, int (*fn)(void *), void *arg);
int child_wait(struct bounded_child *c, long timeout_ms, int *answer);
void child_end(struct bounded_child *c, bool answered);

/* Waits for pid up to timeout_ms, feeding the watchdog. Returns 0 and the
 * exit status in *status, or -1 on timeout. */
int wait_child(int pid, long timeout_ms, int *status);

/* Milliseconds left until deadline (never below 0). */
long ms_left(int64_t deadline_ms);

/* Waits up to timeout_ms for the children we are done with to end (they
 * are reaped lazily): a kill walk must not count our own exiting helpers. */
void settle_children(long timeout_ms);

/* Children abandoned so far (stuck in the kernel after SIGKILL); waits
 * settle_children(50) first. */
unsigned abandoned_children(void);

#endif
