/* mounttab.h - for unit tests: a mount table parsed from mountinfo text (included after
 * unit.h; the table keeps the buffer, freed with it). */
#ifndef PITSTOP_TEST_MOUNTTAB_H
#define PITSTOP_TEST_MOUNTTAB_H

#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

static void table(const char *text, struct mount_table *t)
{
	size_t len = strlen(text);
	char *b = malloc(len + 1);

	assert_non_null(b);
	memcpy(b, text, len);
	assert_int_equal(mount_table_parse(b, len, t), 0);
	assert_int_equal(t->bad, 0);
}

#endif
