/* storage.h - detach the block layers: swap, loop, dm, md.
 * Each returns how many it took down in this call and logs one line per
 * device; *busy counts what is still there. swap, dm and md make calls that
 * can block (swapoff, fsync, ioctls) and run whole in a bounded child
 * (teardown.c); loop keeps what it saw across calls and bounds each device's
 * detach itself. */
#ifndef PITSTOP_STORAGE_H
#define PITSTOP_STORAGE_H

#include <stdbool.h>
#include <stdint.h>

unsigned swap_off_all(unsigned *busy);
unsigned loop_detach_all(int64_t deadline_ms, unsigned *busy);
/* A loop whose backing file is on a mount stacked over the loop's own file
 * system (under prefix) makes a cycle: that mount is busy while the loop is
 * bound, the loop's file system cannot go while a mount sits on it. Moves
 * such mounts to park/loopN; returns how many. */
unsigned loop_park_backing(const char *prefix, const char *park, int64_t deadline_ms);
/* deferred: ask the kernel to remove busy devices once their last user goes. */
unsigned dm_remove_all(bool deferred, unsigned *busy);
unsigned md_stop_all(unsigned *busy);

#endif
