/* sysv.h - the pivot back into /run/initramfs for inits that don't do it. */
#ifndef PITSTOP_SYSV_H
#define PITSTOP_SYSV_H

#include "options.h"

/* "pitstop reboot|poweroff|halt|kexec" run as the last shutdown step of
 * sysvinit, OpenRC, runit or busybox init (argv[0] is the verb): kills what
 * is left and pivots into /run/initramfs. Returns 0 once in the exitrd's root
 * (*v set), an exit code otherwise (when it acted, only after the
 * in-place fallback failed to end the system). */
int sysv_pivot(int argc, char **argv, enum verb *v);

/* exec of /shutdown failed (errno): sync, read-only, the verb, in place. */
void sysv_no_exitrd(enum verb v);

#endif
