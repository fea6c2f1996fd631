/* fuzz_mountinfo.c - mount_table_parse, then the planner over what it found. */
#include "fuzz.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mount_table t;
	const struct mountinfo **out;
	char *buf = malloc(size + 1); /* room for the NUL the parser writes */
	size_t i, n;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (mount_table_parse(buf, size, &t) < 0) {
		mount_table_free(&t);
		return 0;
	}
	if (t.n + t.bad > size + 1)
		abort();
	for (i = 0; i < t.n; i++) {
		const struct mountinfo *m = &t.v[i];

		if (m->target[0] != '/' || !m->root || !m->fstype || !m->source || !m->sb_opts ||
		    !m->mnt_opts || m->id < 0 || m->parent < 0)
			abort();
		(void)fs_classify(m->fstype);
		(void)opts_has(m->mnt_opts, "ro");
		(void)opts_has(m->sb_opts, "rw");
		(void)path_depth(m->target);
	}
	{
		bool *cov = malloc((t.n ? t.n : 1) * sizeof(*cov));

		/* covered: another mount sits on it, at the same place */
		if (cov && mount_mark_covered(&t, cov, NULL) == 0)
			for (i = 0; i < t.n && t.n < 512; i++) {
				size_t j;
				bool on_top = false;

				for (j = 0; j < t.n && cov[i] && !on_top; j++)
					on_top = j != i && t.v[j].parent == t.v[i].id &&
						 t.v[j].parent != t.v[j].id &&
						 strcmp(t.v[j].target, t.v[i].target) == 0;
				if (cov[i] && !on_top)
					abort();
			}
		free(cov);
	}
	out = malloc((t.n ? t.n : 1) * sizeof(*out));
	if (out) {
		const char *prefix = t.n ? t.v[0].target : "/";

		n = plan_teardown(&t, "/", out);
		if (n != t.n)
			abort();
		for (i = 1; i < n; i++)
			if (path_depth(out[i - 1]->target) < path_depth(out[i]->target))
				abort();
		n = plan_teardown(&t, prefix, out);
		for (i = 0; i < n; i++)
			if (!path_is_under(out[i]->target, prefix))
				abort();
		free(out);
	}
	mount_table_free(&t);
	return 0;
}
