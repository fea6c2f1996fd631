/* last.h - "pitstop last [--json] [--kmsg] [--dir DIR]": the previous
 * shutdown's report, from pstore (reportio.h). */
#ifndef PITSTOP_LAST_H
#define PITSTOP_LAST_H

int cmd_last(int argc, char **argv);

#endif
