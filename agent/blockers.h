/* blockers.h - name the processes that keep a mount busy. */
#ifndef PITSTOP_BLOCKERS_H
#define PITSTOP_BLOCKERS_H

#include "mountinfo.h"

/* Logs "umount TARGET: held by pid N (COMM): cwd root fd mmap" for the
 * processes using m's file system, from a bounded child (the scan reads
 * other processes' memory maps). */
void log_blockers(const struct mountinfo *m, long timeout_ms);

#endif
