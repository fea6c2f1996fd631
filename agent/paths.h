/* paths.h - the places pitstop works with, in one list. */
#ifndef PITSTOP_PATHS_H
#define PITSTOP_PATHS_H

/* the exitrd, made at boot by "pitstop arm" */
#define ARM_DIR "/run/initramfs"
/* the old root, as the exitrd sees it after the pivot */
#define OLDROOT "/oldroot"
/* where the verb waits for PID 1 after the sysvinit pivot (handover.c), in the exitrd's root */
#define HANDOVER_FILE "/.pitstop-handover"
/* ... claimed by PID 1, or by the caller when it stopped waiting */
#define HANDOVER_INIT "/.pitstop-handover.init"
#define HANDOVER_CALLER "/.pitstop-handover.caller"
/* where a mount holding a loop's backing file is moved out from under OLDROOT */
#define LOOP_PARK "/oldloop"
/* sysfs' FUSE connections: MINOR/abort ends a connection */
#define FUSECTL_DIR "/sys/fs/fuse/connections"

#endif
