/* dmlist.h - decode the DM_LIST_DEVICES answer (pure). */
#ifndef PITSTOP_DMLIST_H
#define PITSTOP_DMLIST_H

#include <stddef.h>

#define DM_NAME_MAX 128

struct dm_dev {
	unsigned major, minor;
	char name[DM_NAME_MAX];
};

/* buf/len: the whole ioctl buffer; data_start: where the name list
 * begins (dm_ioctl.data_start). Fills up to max entries and returns the
 * number found, or -1 if the list is malformed (offsets out of bounds,
 * names without NUL, loops). */
int dmlist_parse(const unsigned char *buf, size_t len, size_t data_start,
		 struct dm_dev *out, size_t max);

#endif
