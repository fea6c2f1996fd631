/* arm.h - make /run/initramfs an exitrd that holds just pitstop. */
#ifndef PITSTOP_ARM_H
#define PITSTOP_ARM_H

#include "paths.h"

/* "pitstop arm [--dir DIR] [--binary FILE]" */
int cmd_arm(int argc, char **argv);

/* Arms dir with a copy of binary; 0 or -1 (logged). */
int arm(const char *dir, const char *binary);

#endif
