#!/bin/bash
# inner.sh - runs as PID 1 of a fresh PID + mount namespace (see tests/ns/run).
# Builds an exitrd root at R with an old root at R/oldroot holding N tmpfs
# mounts (SHAPE flat|nested) and an ext4 image mounted at "oldroot/busy disk"
# kept busy by a root-owned "@holder" process, then runs pitstop:
#   HOW=pid1   exec pitstop as PID 1 with ARGS (the namespace ends at reboot(2))
#   HOW=child  run it as a child with ARGS, then report what is left mounted.
# Optional, from the environment:
#   ROOTIMG=IMG   the old root is this ext4 image instead of a tmpfs
#   STACK=IMG     an ext4 image mounted over an mqueue mount at oldroot/auto
#   FUSE=1        a FUSE file system at oldroot/fuse, a tmpfs on oldroot/fuse/sub,
#                 its daemon ("@fused", so spared by the kill) stopped
#   FREEZE=IMG    an ext4 image at oldroot/frozen, a file on it held open for writing
#                 by "@writer" (spared by the kill): it cannot be made read-only
#   CWD=DIR       PID 1 (this script) keeps its cwd at oldroot/DIR (child mode)
# Child mode reports, for each image, NEEDS_RECOVERY_<var>=yes|no while it is
# still held (by PID 1's cwd), and DEAD=<pids> of our test daemons still there.
set -eu
R=$1 BIN=$2 N=$3 SHAPE=$4 IMG=$5 HOW=$6
shift 6
mount -t tmpfs -o size=64m newroot "$R"
mkdir -p "$R/oldroot" "$R/proc" "$R/sys" "$R/dev" "$R/run"
cp "$BIN" "$R/shutdown"
if [ -n "${ROOTIMG:-}" ]; then mount -o loop "$ROOTIMG" "$R/oldroot"; else mount -t tmpfs oldroot "$R/oldroot"; fi
mkdir -p "$R/oldroot/run/systemd"
[ -z "${REBOOT_PARAM:-}" ] || printf '%s\n' "$REBOOT_PARAM" > "$R/oldroot/run/systemd/reboot-param"
"$(dirname "$0")/../../build/mkmounts" "$R/oldroot" "$N" "$SHAPE"
mkdir "$R/oldroot/busy disk"
mount -o loop "$IMG" "$R/oldroot/busy disk"
echo "written before the shutdown" > "$R/oldroot/busy disk/file"
(cd "$R/oldroot/busy disk" && exec -a @holder sleep 600) &
if [ -n "${STUBBORN:-}" ]; then  # ignores SIGTERM, keeps a tmpfs busy
	mkdir "$R/oldroot/stubborn"; mount -t tmpfs st "$R/oldroot/stubborn"
	(cd "$R/oldroot/stubborn" && trap '' TERM && exec sleep 600) &
fi
if [ -n "${RESPAWN:-}" ]; then
	# a process that takes 1.5 s to go after SIGTERM keeps the kill phase waiting, and
	# meanwhile a spared "@" parent starts a new child (as init respawns a getty)
	(exec perl -e '$SIG{TERM} = sub { select(undef, undef, undef, 1.5); exit 0 }; sleep 1 while 1') &
	(exec -a @respawner perl -e 'select(undef, undef, undef, 0.6); exec "sleep", "60" unless fork; sleep 600') &
fi
if [ -n "${STACK:-}" ]; then
	mkdir "$R/oldroot/auto"
	mount -t mqueue mqueue "$R/oldroot/auto"
	mount -o loop "$STACK" "$R/oldroot/auto"
	echo "written before the shutdown" > "$R/oldroot/auto/file"
fi
if [ -n "${FREEZE:-}" ]; then
	mkdir "$R/oldroot/frozen"
	mount -o loop "$FREEZE" "$R/oldroot/frozen"
	(exec -a @writer sleep 600 3>"$R/oldroot/frozen/file") &
fi
if [ -n "${FUSE:-}" ]; then
	mkdir "$R/oldroot/fuse"
	FUSED_PID=$(exec -a @fused "$(dirname "$0")/../../build/fused" "$R/oldroot/fuse")
	mount -t tmpfs sub "$R/oldroot/fuse/sub"
	kill -STOP "$FUSED_PID"
fi
mount -t proc proc "$R/proc"
sleep 0.2
if [ "$HOW" = pid1 ]; then
	exec chroot "$R" /shutdown "$@"
fi
set +e
[ -z "${CWD:-}" ] || cd "$R/oldroot/$CWD"
chroot "$R" /shutdown "$@"
echo "EXIT=$?"
for v in ROOTIMG STACK FREEZE; do
	img=${!v:-}
	[ -n "$img" ] || continue
	if dumpe2fs -h "$img" 2>/dev/null | grep -q needs_recovery; then r=yes; else r=no; fi
	echo "NEEDS_RECOVERY_$v=$r"
done
echo "LEFT=$(grep -c " $R/oldroot" /proc/self/mountinfo)"
echo "PROCS=$(cd /proc && echo [0-9]*)"  # PID 1 and this subshell
