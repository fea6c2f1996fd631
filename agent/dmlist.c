/* dmlist.c - walk the struct dm_name_list chain without trusting it.
 *
 * Each record: u64 dev; u32 next (offset to the next record from this
 * one, 0 for the last); char name[] (NUL-terminated). An empty list is a
 * single record with dev 0. */
#include "dmlist.h"

#include <stdint.h>
#include <string.h>

#define DM_REC_HDR 12 /* u64 dev + u32 next */

int dmlist_parse(const unsigned char *buf, size_t len, size_t data_start,
		 struct dm_dev *out, size_t max)
{
	size_t off = data_start;
	int n = 0;

	if (data_start > len || len - data_start < DM_REC_HDR)
		return data_start == len ? 0 : -1;
	for (;;) {
		uint64_t dev;
		uint32_t next;
		const unsigned char *name;
		size_t room, nlen;

		if (len - off < DM_REC_HDR)
			return -1;
		memcpy(&dev, buf + off, 8);
		memcpy(&next, buf + off + 8, 4);
		if (dev == 0 && n == 0)
			return 0;
		name = buf + off + DM_REC_HDR;
		room = len - off - DM_REC_HDR;
		nlen = strnlen((const char *)name, room);
		if (nlen == room || nlen >= DM_NAME_MAX)
			return -1;
		if ((size_t)n < max) {
			/* the kernel's huge_encode_dev(): minor low 8 bits, major next 12 */
			out[n].major = (unsigned)((dev >> 8) & 0xfff);
			out[n].minor = (unsigned)((dev & 0xff) | ((dev >> 12) & 0xfff00));
			memcpy(out[n].name, name, nlen + 1);
		}
		n++;
		if (next == 0)
			return n;
		if (next < DM_REC_HDR + nlen + 1 || next > len - off || n > 100000)
			return -1;
		off += next;
	}
}
