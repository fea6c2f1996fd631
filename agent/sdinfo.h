/* sdinfo.h - what the running systemd will do at shutdown (pure parsing). */
#ifndef PITSTOP_SDINFO_H
#define PITSTOP_SDINFO_H

#include <stddef.h>

/* The systemd version named by a /proc/1/maps line that maps
 * libsystemd-shared-NNN[...].so or libsystemd-core-NNN[...].so; 0 if the line names none. */
int sd_version_from_maps_line(const char *line, size_t len);

/* First systemd version found in a /proc/1/maps text of len bytes; 0 if none. */
int sd_version_from_maps(const char *buf, size_t len);

/* systemd releases whose `systemctl kexec` loads a kernel itself (kexec_file_load, with
 * gzip/ZBOOT/UKI unwrapping) when nothing is staged. */
#define SD_LOADS_KEXEC_ITSELF 261
/* First release with `systemctl soft-reboot`. */
#define SD_HAS_SOFT_REBOOT 254

#endif
