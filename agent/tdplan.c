/* tdplan.c - the teardown's decisions (see tdplan.h). */
#include "tdplan.h"

long op_slice(long left_ms)
{
	if (left_ms <= SLICE_MIN_MS)
		return left_ms > 0 ? left_ms : 0;
	return left_ms / 2 > SLICE_MIN_MS ? left_ms / 2 : SLICE_MIN_MS;
}

size_t ladder_plan(const struct ladder_in *in, enum step *out)
{
	bool net = in->cls == FS_NETWORK || in->fuse;
	size_t n = 0;

	if (in->stuck && in->fuse)
		out[n++] = STEP_FUSE_ABORT;
	if (!in->stuck)
		out[n++] = STEP_UMOUNT;
	if (in->cls == FS_DISK && !net && !in->ro)
		out[n++] = STEP_REMOUNT_RO;
	if (net)
		out[n++] = STEP_FORCE;
	if (in->fuse && !in->stuck)
		out[n++] = STEP_FUSE_ABORT;
	if (in->cls == FS_DISK && !net && !in->ro)
		out[n++] = STEP_FREEZE;
	out[n++] = STEP_DETACH;
	return n;
}

const char *step_name(enum step s)
{
	static const char *const names[] = { "umount", "remount read-only", "forced umount",
					      "FUSE abort", "freeze", "detach" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

enum walk_next walk_decide(const struct walk_state *w)
{
	if (w->busy == 0 || w->round >= w->cap || w->left_ms <= 0)
		return WALK_STOP;
	if (w->done > 0)
		return WALK_AGAIN;
	return w->settle_ms > 0 ? WALK_SETTLE : WALK_STOP;
}
