/* shutdown.h - the exitrd: take /oldroot down and perform the verb. */
#ifndef PITSTOP_SHUTDOWN_H
#define PITSTOP_SHUTDOWN_H

#include "paths.h"

/* "/shutdown VERB [options]": argv[1] is the verb. Does not return when
 * the verb is performed; returns an exit code otherwise. */
int cmd_shutdown(int argc, char **argv);

#endif
