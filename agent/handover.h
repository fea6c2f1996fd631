/* handover.h - make pitstop PID 1 after the sysvinit pivot.
 *
 * The pivot leaves PID 1 (sysvinit's init) running a binary mapped from the
 * old root, which keeps that root busy: it can only be remounted read-only,
 * and the dm/md stack under it cannot go. sysvinit re-executes itself on
 * request ("telinit u": runlevel 'U' through its control fifo), and it does
 * so by its own argv[0] as seen from its root, which after pivot_root(2) is
 * /run/initramfs. Pointing that path at /shutdown makes PID 1 pitstop. */
#ifndef PITSTOP_HANDOVER_H
#define PITSTOP_HANDOVER_H

#include <stddef.h>

#include "options.h"

#include "paths.h" /* HANDOVER_FILE */

/* Called in the exitrd's root after the pivot. Returns 0 once PID 1 runs our
 * /shutdown (it does the rest), -1 when PID 1 is not sysvinit or did not
 * re-exec within wait_ms (logged; then nothing of the handover is left). */
int init_handover(enum verb v, long wait_ms);

/* PID 1 after the re-exec, started as "INIT --init": the verb for the
 * exitrd, from HANDOVER_FILE (claimed). When the caller claimed it first
 * (PID 1 came late), waits for the caller's exitrd to end the system. */
void handover_verb(char *verb, size_t sz);

#endif
