# tests/qemu/lib.sh - helpers shared by the QEMU test bed (sourced by guest.sh and run).
# shellcheck shell=bash
#
# Logging with step timings, content hashing for the cache keys, a chroot runner that
# mounts the API filesystems in a private mount namespace, and serial-log checks.
# Needs bash; the caller sets `set -euo pipefail`.

# counting and judging results (ok/nok/skip, summary) is shared with every suite
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PITSTOP_CACHE=${PITSTOP_CACHE:-/var/cache/pitstop}
PITSTOP_MIRROR=${PITSTOP_MIRROR:-http://deb.debian.org/debian}
PITSTOP_SUITE=${PITSTOP_SUITE:-trixie}
PITSTOP_ARCH=${PITSTOP_ARCH:-amd64}
case $PITSTOP_SUITE in
bookworm | trixie | forky) ;;
*) echo "pitstop: unknown PITSTOP_SUITE '$PITSTOP_SUITE' (bookworm|trixie|forky)" >&2; exit 2 ;;
esac
# the guest's architecture: which QEMU, machine and serial console. ARCH_TAG goes into
# cache and output names ("" for amd64, so its names stay what they were)
# shellcheck disable=SC2034 # used by the scripts that source this
case $PITSTOP_ARCH in
amd64) QEMU_SYSTEM=qemu-system-x86_64 QEMU_MACHINE=() GUEST_CONSOLE=ttyS0 ARCH_TAG= ;;
# cortex-a57: ARMv8.0, what Debian's arm64 kernel needs, cheaper under TCG than -cpu max
# (no pointer authentication to emulate)
arm64) QEMU_SYSTEM=qemu-system-aarch64 QEMU_MACHINE=(-M virt -cpu cortex-a57)
    GUEST_CONSOLE=ttyAMA0 ARCH_TAG=-arm64 ;;
*) echo "pitstop: unknown PITSTOP_ARCH '$PITSTOP_ARCH' (amd64|arm64)" >&2; exit 2 ;;
esac
# TCG's translation cache, in MiB (PITSTOP_TB_MIB; empty: QEMU's default, 1 GiB). QEMU keeps
# the code it translated for the old kernel and its programs after a kexec, and RAM holding
# such stale code stays write-protected: every store the new kernel makes there takes TCG's
# slow path (perf: 46% of QEMU's time in helper_le_stq_mmu -> TB invalidation). The kernel an
# aarch64 guest kexecs into then ran 2-8x slower than a fresh boot, and once hung in
# stop_machine; kexec-tools' `kexec -l` does the same, so it is TCG's, not pitstop's. The
# stale code goes when the cache fills and QEMU flushes it: with 32 MiB soon after the kexec.
# 64 left it to chance in a systemd guest (1.0x once, 3.7x once), 16 doubled its first boot.
# x86_64 guests did not show it (mini: each kexeced kernel as fast as the first): default.
QEMU_TB_MIB=${PITSTOP_TB_MIB-}
[ "$PITSTOP_ARCH" != arm64 ] || QEMU_TB_MIB=${PITSTOP_TB_MIB-32}

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# step NAME CMD...: run CMD, log how long it took; a failing step aborts.
step() {
    local name=$1 t0=$SECONDS rc=0
    shift
    log "$name ..."
    "$@" || rc=$?
    [ "$rc" -eq 0 ] || die "$name failed (exit $rc) after $((SECONDS - t0))s"
    log "$name done in $((SECONDS - t0))s"
}

# quiet LOG CMD...: run CMD with its output in LOG; show the tail of LOG when it fails.
quiet() {
    local l=$1 rc=0
    shift
    "$@" >>"$l" 2>&1 || rc=$?
    [ "$rc" -eq 0 ] || tail -n 30 "$l" >&2
    return "$rc"
}

# suite_apt CMD ARGS...: apt-get or apt-cache with $PITSTOP_SUITE's own package index for
# $PITSTOP_ARCH, kept in the cache (not the host's lists: a bookworm host must still fetch
# trixie's and forky's kernels). suite_index refreshes it (at most every 6 hours).
suite_apt_dir() { echo "$PITSTOP_CACHE/apt-$PITSTOP_SUITE-$PITSTOP_ARCH"; }
suite_apt() {
    local d cmd=$1
    d=$(suite_apt_dir)
    shift
    "$cmd" -q -o Dir::State="$d/state" -o Dir::State::Lists="$d/lists" \
        -o Dir::State::status="$d/status" -o Dir::Cache="$d/cache" \
        -o Dir::Etc::SourceList="$d/sources.list" -o Dir::Etc::SourceParts=/dev/null \
        -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null \
        -o APT::Architecture="$PITSTOP_ARCH" -o APT::Architectures="$PITSTOP_ARCH" \
        -o APT::Sandbox::User=root "$@"
}
suite_index() {
    local d
    d=$(suite_apt_dir)
    mkdir -p "$d/state" "$d/lists/partial" "$d/cache/archives/partial"
    touch "$d/status"
    echo "deb $PITSTOP_MIRROR $PITSTOP_SUITE main" >"$d/sources.list"
    (
        flock 9
        [ -n "$(find "$d/stamp" -mmin -360 2>/dev/null)" ] && exit 0
        suite_apt apt-get update >"$d/update.log" 2>&1 ||
            { tail -n 5 "$d/update.log" >&2; exit 1; }
        touch "$d/stamp"
    ) 9>"$d/.lock" || die "cannot read the $PITSTOP_SUITE/$PITSTOP_ARCH package index from $PITSTOP_MIRROR"
}
# suite_version PKG: PKG's version in the suite's index
suite_version() { suite_apt apt-cache show --no-all-versions "$1" 2>/dev/null | awk '/^Version:/ {print $2; exit}'; }

# hash_stdin: short sha256 of stdin (16 characters: KEY_GLOB matches one)
hash_stdin() { sha256sum | cut -c1-16; }
# shellcheck disable=SC2034 # used by guest.sh
KEY_GLOB='????????????????'

# hash_tree DIR...: hash of every path, mode, symlink target and file content under DIR.
hash_tree() {
    local d
    for d in "$@"; do
        (cd "$d" && find . -printf '%p %m %y %l\n' | LC_ALL=C sort &&
            find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
    done | hash_stdin
}

# in_chroot [--nodev] ROOT CMD...: run CMD chrooted in ROOT inside a private mount namespace
# with /proc, /sys, /dev bound and a fresh tmpfs /run; every mount goes away with the
# namespace. --nodev: no /sys and a /dev of its own with null, zero, random and urandom
# only, so that initramfs hooks (cryptsetup, mdadm, blkid) cannot probe the host's disks.
in_chroot() {
    local nodev=no
    if [ "$1" = --nodev ]; then nodev=yes; shift; fi
    local root=$1
    shift
    unshare --mount --propagation private -- sh -ec '
        nodev=$1 r=$2; shift 2
        mount -t proc proc "$r/proc"
        if [ "$nodev" = yes ]; then
            mount -t tmpfs -o mode=755 tmpfs "$r/dev"
            mknod -m 666 "$r/dev/null" c 1 3
            mknod -m 666 "$r/dev/zero" c 1 5
            mknod -m 666 "$r/dev/random" c 1 8
            mknod -m 666 "$r/dev/urandom" c 1 9
        else
            mount --rbind /sys "$r/sys"
            mount --rbind /dev "$r/dev"
        fi
        mount -t tmpfs -o mode=755 tmpfs "$r/run"
        exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"' sh "$nodev" "$root" "$@"
}

# need CMD...: fail early with the Debian package to install when a host tool is missing.
need() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null ||
            die "missing host tool '$c' (run: tests/deps check)"
    done
}

# Serial-log checks. Boots are counted by the kernel banner, which every kernel (also one
# started by kexec) prints first; guest uptime is not reset by kexec.
log_boots() { grep -c 'Linux version ' "$1" || true; }
# systemd-shutdown's line when it execs the exitrd: "Returning to initrd..." up to systemd
# 25x, "Entering exitrd..." in 257 and later (a basic regular expression for log_has)
export EXITRD_JUMP='Returning to initrd\|Entering exitrd'
# QEMU's i6300esb with -watchdog-action debug prints this when the watchdog fires (and the
# guest carries on, so one run shows whether and when it fired)
export WD_FIRED="watchdog: timer fired"

log_has() { grep -qa -- "$2" "$1"; }
# log_expect LOG PATTERN WHAT: print ok/FAIL for one check, return non-zero on FAIL.
log_expect() {
    if log_has "$1" "$2"; then
        log "  ok: $3"
    else
        log "  FAIL: $3 (no '$2' in $1)"
        return 1
    fi
}

# qemu_run SECS LOGF WHAT ARGS...: $QEMU_SYSTEM (TCG, 1 GiB, 2 CPUs, serial console to
# LOGF, no network, -no-reboot) with ARGS, killed after SECS. Returns QEMU's status, 124
# on timeout (then the tail of LOGF goes to stderr). WHAT names the run in the messages.
qemu_run() {
    local secs=$1 logf=$2 what=$3 rc try t0
    shift 3
    # The first kernel died before it ran any userspace (forky's 7.2 kernel once oopsed in
    # the scheduler 2 s into its first boot under TCG): nothing of ours has run and the disk
    # is untouched, so run it once more and keep the first log beside the second.
    for try in 1 2; do
        rc=0 t0=$SECONDS
        timeout -k 10 "$secs" "$QEMU_SYSTEM" "${QEMU_MACHINE[@]}" -accel "tcg${QEMU_TB_MIB:+,tb-size=$QEMU_TB_MIB}" -m 1024 -smp 2 -nographic \
            -no-reboot -nic none "$@" </dev/null >"$logf" 2>&1 || rc=$?
        [ "$try" = 1 ] && panicked_before_userspace "$logf" || break
        mv "$logf" "$logf.panic"
        log "the guest kernel panicked before it ran userspace (not pitstop; $logf.panic): once more"
    done
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        rc=124
        log "TIMEOUT after ${secs}s: $what; last 40 lines of $logf:"
        tail -n 40 "$logf" >&2
    else
        log "qemu exited $rc after $((SECONDS - t0))s ($(log_boots "$logf") kernel boot(s))"
    fi
    return "$rc"
}

# the kernel's line when it starts userspace (one per boot in a serial log)
RUN_INIT_RE='Run /[^ ]* as init process'

# init_speed LOG LIMIT: fails when a kexeced kernel in LOG reached init more than LIMIT times
# as late as the first boot (by each kernel's uptime at RUN_INIT_RE); prints the figures, or
# that fewer than two kernels ran init. With the stale translations above the mini guest's
# kexeced kernels took 2.0-3.8x, a systemd guest's 6-8x; without them 0.9-1.2x, and up to
# 1.6x in a systemd guest while other guests came and went beside it.
init_speed() {
    grep -a -o -E "\[ *[0-9]+\.[0-9]+\] $RUN_INIT_RE" "$1" | tr -d '[' |
        awk -v limit="$2" '{ t[NR] = $1 }
             END {
                 if (NR < 2) { print "fewer than two kernels ran init"; exit 1 }
                 m = 0; for (i = 2; i <= NR; i++) if (t[i] > m) m = t[i]
                 r = m / (t[1] > 0.1 ? t[1] : 0.1)
                 printf "init at %.1f s at most after a kexec, at %.1f s in the first boot (%.2fx)\n", m, t[1], r
                 exit r > limit
             }'
}

# panicked_before_userspace LOG: the log's only kernel panicked before it started init
panicked_before_userspace() {
    [ "$(log_boots "$1")" = 1 ] && grep -a 'Kernel panic - not syncing' "$1" >/dev/null &&
        ! grep -a -E "$RUN_INIT_RE" "$1" >/dev/null
}

# a ramoops region in the top of the guest's 1 GiB that keeps the kernel log at shutdowns
# shellcheck disable=SC2034 # used by the runners that source this
RAMOOPS_ARGS=('memmap=1M$0x3fe00000' ramoops.mem_address=0x3fe00000 ramoops.mem_size=0x100000
    ramoops.record_size=0x20000 ramoops.max_reason=4)
