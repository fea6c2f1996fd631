/* syncfs.h - sync(2) that cannot hold the reboot hostage. */
#ifndef PITSTOP_SYNCFS_H
#define PITSTOP_SYNCFS_H

#include <stdint.h>

/* Runs sync() in a child. Waits while it finishes, and past soft_ms only
 * while Dirty+Writeback keeps shrinking, never past hard_deadline_ms.
 * Returns 0 when sync finished, -1 when we gave up on it. */
int sync_bounded(long soft_ms, int64_t hard_deadline_ms, long long *dirty_kib);

#endif
