/* test_tdplan.c - per-operation slices, the escalation ladder, the walk, and
 * which mounts of a stack can be reached by their path. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"
#include "tdplan.h"
#include "mounttab.h"

static void test_slice_half_of_what_is_left(void **state)
{
	assert_int_equal(op_slice(10000), 5000);
	assert_int_equal(op_slice(81), 40);
	assert_int_equal(op_slice(80), 40);
	assert_int_equal(op_slice(79), SLICE_MIN_MS);  /* not below the floor */
	assert_int_equal(op_slice(41), SLICE_MIN_MS);
	assert_int_equal(op_slice(40), 40);            /* all of it, when that is less */
	assert_int_equal(op_slice(7), 7);
	assert_int_equal(op_slice(0), 0);
	assert_int_equal(op_slice(-5), 0);
}

/* The root's turn: however many operations hang before it, each takes at
 * most half of what is left, so the last still finds time. */
static void test_slices_leave_time_for_the_last(void **state)
{
	long left = 18000;
	int i;

	for (i = 0; i < 5; i++)
		left -= op_slice(left); /* five stuck umounts */
	assert_true(left >= 18000 / 32);
	assert_true(op_slice(left) > 0);
}

static char *steps_str(const struct ladder_in *in, char *out, size_t sz)
{
	enum step s[LADDER_MAX];
	size_t i, n = ladder_plan(in, s), len = 0;

	assert_true(n <= LADDER_MAX);
	assert_int_equal(s[n - 1], STEP_DETACH); /* always last, always there */
	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sz - len, "%s%s", i ? ", " : "", step_name(s[i]));
	return out;
}

static void test_ladder_order(void **state)
{
	struct ladder_in disk = { FS_DISK, false, false, false }, net = { FS_NETWORK, false, false, false },
			 fuse = { FS_DISK, true, false, false }, sshfs = { FS_NETWORK, true, false, false },
			 tmp = { FS_VOLATILE, false, false, false }, api = { FS_API, false, false, false };
	char out[256];

	assert_string_equal(steps_str(&disk, out, sizeof(out)), "umount, remount read-only, freeze, detach");
	/* network: never read-only, the network may be gone */
	assert_string_equal(steps_str(&net, out, sizeof(out)), "umount, forced umount, detach");
	assert_string_equal(steps_str(&fuse, out, sizeof(out)), "umount, forced umount, FUSE abort, detach");
	assert_string_equal(steps_str(&sshfs, out, sizeof(out)), "umount, forced umount, FUSE abort, detach");
	assert_string_equal(steps_str(&tmp, out, sizeof(out)), "umount, detach");
	assert_string_equal(steps_str(&api, out, sizeof(out)), "umount, detach");
}

static void test_ladder_ro_and_stuck(void **state)
{
	struct ladder_in ro = { FS_DISK, false, true, false }, stuck = { FS_DISK, false, false, true },
			 stuck_fuse = { FS_DISK, true, false, true }, stuck_net = { FS_NETWORK, false, false, true };
	char out[256];

	/* already read-only: nothing to flush, nothing to freeze */
	assert_string_equal(steps_str(&ro, out, sizeof(out)), "umount, detach");
	/* the plain umount timed out once: not again */
	assert_string_equal(steps_str(&stuck, out, sizeof(out)), "remount read-only, freeze, detach");
	/* a stuck FUSE mount: its connection goes first, without walking a path */
	assert_string_equal(steps_str(&stuck_fuse, out, sizeof(out)), "FUSE abort, forced umount, detach");
	assert_string_equal(steps_str(&stuck_net, out, sizeof(out)), "forced umount, detach");
}

static void test_fuse(void **state)
{
	assert_true(fs_is_fuse("fuse"));
	assert_true(fs_is_fuse("fuseblk"));
	assert_true(fs_is_fuse("fuse.sshfs"));
	assert_false(fs_is_fuse("fusectl")); /* the control file system: API */
	assert_false(fs_is_fuse("fuse2"));
	assert_false(fs_is_fuse(""));
}

static void test_walk(void **state)
{
	struct walk_state w = { 1, 8, 3, 2, 1000, 0 };

	assert_int_equal(walk_decide(&w), WALK_AGAIN); /* it helped, something is busy */
	w.busy = 0;
	assert_int_equal(walk_decide(&w), WALK_STOP); /* nothing left */
	w.busy = 2;
	w.done = 0;
	assert_int_equal(walk_decide(&w), WALK_STOP); /* no help, no settling */
	w.settle_ms = 500;
	assert_int_equal(walk_decide(&w), WALK_SETTLE); /* deferred removals may come */
	w.left_ms = 0;
	assert_int_equal(walk_decide(&w), WALK_STOP); /* the deadline */
	w.left_ms = 1000;
	w.done = 1;
	w.round = 8;
	assert_int_equal(walk_decide(&w), WALK_STOP); /* the cap */
}

static void test_covered(void **state)
{
	struct mount_table t;
	bool cov[8];

	/* an ext4 stacked on an mqueue mount (the autofs case), a tmpfs under
	 * it elsewhere, and a mount whose parent is not in the table */
	table("1 0 8:1 / /oldroot rw - ext4 /dev/sda1 rw\n"
	      "20 1 0:20 / /oldroot/auto rw - mqueue mqueue rw\n"
	      "21 20 7:0 / /oldroot/auto rw - ext4 /dev/loop0 rw\n"
	      "22 21 0:22 / /oldroot/auto/sub rw - tmpfs t rw\n"
	      "23 99 0:23 / /elsewhere rw - tmpfs t rw\n"
	      "24 24 0:24 / /self rw - tmpfs t rw\n",
	      &t);
	assert_int_equal(mount_mark_covered(&t, cov, NULL), 0);
	assert_false(cov[0]);
	assert_true(cov[1]);  /* the mqueue mount: under the ext4 */
	assert_false(cov[2]); /* the ext4: on top (a child elsewhere does not cover it) */
	assert_false(cov[3]);
	assert_false(cov[4]);
	assert_false(cov[5]);
	{
		bool par[6];

		assert_int_equal(mount_mark_covered(&t, cov, par), 0);
		assert_true(par[0] && par[1] && par[2]); /* each has a mount on or below it */
		assert_false(par[3] || par[4] || par[5]);
	}
	mount_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slice_half_of_what_is_left),
		cmocka_unit_test(test_slices_leave_time_for_the_last),
		cmocka_unit_test(test_ladder_order),
		cmocka_unit_test(test_ladder_ro_and_stuck),
		cmocka_unit_test(test_fuse),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_covered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
