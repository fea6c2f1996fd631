/* gate.h - may this process act as the exitrd? Decided before anything
 * else happens (not even /proc is mounted before it). */
#ifndef PITSTOP_GATE_H
#define PITSTOP_GATE_H

#include <stdbool.h>

/* Acts only when (PID 1) or (an old root mounted at /oldroot, as the mount
 * table says: a symbolic link does not count) or (in a container: our own
 * PID namespace, /proc/self/ns/pid, is not the first one),
 * and always with uid 0 and CAP_SYS_BOOT. When the evidence can't be read
 * (no /proc, or a /proc of another PID namespace), refuses. Returns 0 and
 * sets *container to act; -1 (logged to stderr) to refuse. */
int exitrd_gate(bool *container);

#endif
