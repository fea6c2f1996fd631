#!/bin/bash
# teardown-inner.sh - PID 1 of a throwaway namespace: time one teardown of N mounts.
#   TOOL=pitstop: the exitrd as a child (exit verb) in a chroot whose /oldroot holds the tree
#   TOOL=umount:  util-linux `umount -R` on the same tree
#   TOOL=raw:     bare umount2() calls on N plain-named flat mounts (the kernel's floor)
set -eu
TOP=$1 TOOL=$2 N=$3 SHAPE=$4 R=$5
mount -t tmpfs -o size=64m newroot "$R"
mkdir -p "$R/oldroot" "$R/proc"
cp "$TOP/agent/pitstop" "$R/shutdown"
mount -t tmpfs oldroot "$R/oldroot"
if [ "$TOOL" = raw ]; then
	for i in $(seq 0 $((N - 1))); do mkdir "$R/oldroot/p$i"; mount -t tmpfs -o size=64k p "$R/oldroot/p$i"; done
	"$TOP/build/rawumount" "$R/oldroot" "$N"
	exit 0
fi
"$TOP/build/mkmounts" "$R/oldroot" "$N" "$SHAPE"
mount -t proc proc "$R/proc"
if [ "$TOOL" = pitstop ]; then
	# pitstop kills every other process of the namespace: log to a file, read it after
	chroot "$R" /shutdown exit --timeout=600s >"$R.log" 2>&1 || true
	sed -nE 's/.*pitstop: teardown: .*\(([0-9]+) ms\)$/MS=\1/p' "$R.log"
else
	t0=$(date +%s%N)
	umount -R "$R/oldroot"
	echo "MS=$((($(date +%s%N) - t0) / 1000000))"
fi
echo "LEFT=$(grep -c " $R/oldroot" /proc/self/mountinfo)"
