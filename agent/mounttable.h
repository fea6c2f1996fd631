/* mounttable.h - read the mount table of this process. */
#ifndef PITSTOP_MOUNTTABLE_H
#define PITSTOP_MOUNTTABLE_H

#include "mountinfo.h"

/* Reads /proc/self/mountinfo into t. 0, or -1 with errno. */
int mount_table_read(struct mount_table *t);

/* Whether a mount sits exactly at path (as mountinfo spells it: symbolic
 * links are never followed). 1, 0, or -1 when the table can't be read. */
int mount_at(const char *path);

#endif
