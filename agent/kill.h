/* kill.h - end every process that is left, but init, us and kernel threads. */
#ifndef PITSTOP_KILL_H
#define PITSTOP_KILL_H

#include <stdbool.h>

struct kill_stats {
	unsigned termed;    /* sent SIGTERM */
	unsigned killed;    /* needed SIGKILL */
	unsigned survivors; /* still there after SIGKILL and the wait */
	unsigned spared;    /* root-owned "@" storage daemons left alone */
};

/* SIGTERM (+SIGHUP for tty owners) and SIGCONT, wait up to term_ms, then
 * SIGKILL and wait up to kill_ms. Reaps children (we may be PID 1). With
 * spare_storage, root-owned processes whose argv[0] starts with '@' are spared. */
void kill_all(bool spare_storage, long term_ms, long kill_ms, struct kill_stats *st);

#endif
