/* sysv.h - the pivot back into /run/initramfs for inits that don't do it. */
#ifndef PITSTOP_SYSV_H
#define PITSTOP_SYSV_H

/* "pitstop reboot|poweroff|halt|kexec" run as the last shutdown step of
 * sysvinit, OpenRC, runit or busybox init. argv[0] is the verb. */
int cmd_pivot(int argc, char **argv);

#endif
