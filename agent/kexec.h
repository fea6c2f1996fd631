/* kexec.h - stage, unstage and report the next kernel. */
#ifndef PITSTOP_KEXEC_H
#define PITSTOP_KEXEC_H

#include <stdbool.h>

int cmd_load(int argc, char **argv);
int cmd_unload(int argc, char **argv);

/* Where `pitstop load` notes the kernel it staged (first line: its path). */
#define STAGED_NOTE "/run/pitstop/staged"

/* Notes (kernel) or forgets (NULL) what pitstop staged. */
void note_staged(const char *kernel);

/* 1 if an image is staged, 0 if not, -1 if the kernel cannot tell. */
int kexec_staged(void);

/* The kernel's lockdown mode (enum lockdown of kimage.h; LOCKDOWN_UNKNOWN
 * without /sys/kernel/security/lockdown). */
int kexec_lockdown(void);
/* 1 under lockdown integrity or confidentiality. */
int kexec_locked_down(void);

/* For the exitrd: stage the running release from root/boot with the
 * running command line, when nothing is staged yet. */
int kexec_stage_running(const char *root);

#endif
