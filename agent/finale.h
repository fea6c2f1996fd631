/* finale.h - the last act: reboot(2) with the verb's command. */
#ifndef PITSTOP_FINALE_H
#define PITSTOP_FINALE_H

#include "options.h"

/* Performs the verb; returns only if every way to do it failed. A kexec
 * that fails becomes a restart; "exit" exits with exit_code when we are
 * not PID 1 (and powers off when we are). */
void finale(enum verb v, const char *reboot_arg, int exit_code);

/* Arms SIGALRM to force the verb after seconds, whatever is running then. */
void finale_arm_alarm(enum verb v, unsigned seconds);

#endif
