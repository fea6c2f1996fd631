/* status.h - "pitstop status [--json]": what the next reboot would do. */
#ifndef PITSTOP_STATUS_H
#define PITSTOP_STATUS_H

int cmd_status(int argc, char **argv);

#endif
