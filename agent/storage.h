/* storage.h - detach the block layers under a root: swap, loop, dm, md.
 * Each returns how many it took down in this call and logs one line per
 * device; *busy counts what is still there. */
#ifndef PITSTOP_STORAGE_H
#define PITSTOP_STORAGE_H

#include <stdbool.h>

unsigned swap_off_all(unsigned *busy);
unsigned loop_detach_all(unsigned *busy);
/* A loop whose backing file is on a mount stacked over the loop's own file
 * system (under prefix) makes a cycle: that mount is busy while the loop is
 * bound, the loop's file system cannot go while a mount sits on it. Moves
 * such mounts to park/loopN; returns how many. */
unsigned loop_park_backing(const char *prefix, const char *park);
/* deferred: ask the kernel to remove busy devices once their last user goes. */
unsigned dm_remove_all(bool deferred, unsigned *busy);
unsigned md_stop_all(unsigned *busy);

#endif
