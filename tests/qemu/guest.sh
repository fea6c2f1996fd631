#!/bin/bash
# tests/qemu/guest.sh - build and boot Debian QEMU guests (trixie by default; bookworm, forky)
# for pitstop's system tests.
#
#   guest.sh base                        build (once) the cached base root; prints its directory
#   guest.sh image FLAVOUR DESTDIR OUT.img
#        FLAVOUR dracut|itools; DESTDIR from `make install DESTDIR=...`. Writes OUT.img (ext4
#        root), OUT.vmlinuz, OUT.initrd, OUT.install (how pitstop got in: the package or
#        the DESTDIR overlay). Cached by content, a warm run only copies.
#        $PITSTOP_DEB (from `make deb`): trixie amd64 guests of the systemd and dracutonly
#        variants install pitstop from it with apt-get inside the root, as a user would; every
#        other guest (bookworm, forky, sysv, openrc, storage, arm64) overlays DESTDIR, so those
#        still test the upstream `make install`.
#   guest.sh boot [--snapshot] IMG SCENARIO TIMEOUT_S LOGFILE [KERNEL ARGS...]
#        Boots IMG (TCG), runs pitstop.test=SCENARIO in the guest, serial console to LOGFILE
#        (QEMU's own messages too). $PITSTOP_QEMU_ARGS: more QEMU options (devices).
#        Returns QEMU's status, 124 on timeout. Without --snapshot IMG is written to: pass a
#        private copy. A kexec stays inside one QEMU process (also under --snapshot); a guest
#        reboot or poweroff ends QEMU (-no-reboot).
#   guest.sh clean                       remove the whole cache
#
# Cache: ${PITSTOP_CACHE:-/var/cache/pitstop} (outside the repo). Entries are built in a
# temporary directory and renamed into place, so an interrupted build is never reused.
# Environment: PITSTOP_SUITE (trixie|bookworm|forky), PITSTOP_ARCH (amd64|arm64: arm64 roots
# are built with qemu-user through binfmt_misc and boot on qemu-system-aarch64 -M virt; the
# DESTDIR must then hold the arm64 pitstop: make install ARCH=arm64), PITSTOP_MIRROR,
# PITSTOP_VARIANT (below), PITSTOP_KERNEL_PKG (default: what linux-image-cloud-ARCH depends on
# in the suite's own package index, plus the linux-binary-*/linux-modules-* packages forky
# splits it into).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

# dracut-core (not `dracut`, which Conflicts with initramfs-tools) co-installs with
# initramfs-tools, so one base root serves both flavours.
# PITSTOP_VARIANT picks the base: systemd (default), sysv (sysvinit-core instead of
# systemd), openrc (OpenRC on sysvinit's PID 1, as Debian ships it), dracutonly (the
# `dracut` package as the only initramfs builder, Ubuntu's setup: no initramfs-tools),
# storage (plus cryptsetup, LVM, mdadm), storage-sysv (both). Each variant and suite is
# cached on its own.
VARIANT=${PITSTOP_VARIANT:-systemd}
LATE_PKGS= # installed with apt after debootstrap (debootstrap cannot swap sysv-rc out)
TOOLS_PKGS=udev,kmod,e2fsprogs,procps,util-linux,busybox,zstd,kexec-tools
COMMON_PKGS=$TOOLS_PKGS,initramfs-tools,dracut-core
STORAGE_PKGS=cryptsetup,cryptsetup-initramfs,lvm2,mdadm
case $VARIANT in
systemd) BASE_PKGS=systemd-sysv,$COMMON_PKGS ;;
sysv) BASE_PKGS=sysvinit-core,$COMMON_PKGS,watchdog ;; # watchdog: the daemon (off unless a scenario starts it)
openrc) BASE_PKGS=sysvinit-core,$COMMON_PKGS LATE_PKGS=openrc ;; # openrc replaces sysv-rc
dracutonly) BASE_PKGS=systemd-sysv,$TOOLS_PKGS,dracut ;;
storage) # dracut's crypt module needs systemd-cryptsetup, its own package since trixie
    BASE_PKGS=systemd-sysv,$COMMON_PKGS,$STORAGE_PKGS
    [ "$PITSTOP_SUITE" = bookworm ] || BASE_PKGS=$BASE_PKGS,systemd-cryptsetup ;;
storage-sysv) BASE_PKGS=sysvinit-core,$COMMON_PKGS,$STORAGE_PKGS ;;
*) echo "guest.sh: unknown PITSTOP_VARIANT '$VARIANT' (systemd|sysv|openrc|dracutonly|storage|storage-sysv)" >&2; exit 2 ;;
esac
DRIVERS="virtio_pci virtio_blk virtio_scsi"

# kernel_pkgs: the kernel's packages in the suite, linux-image-KVER first; forky's
# linux-image-KVER holds no files and depends on linux-binary-KVER and linux-modules-KVER
kernel_pkgs() {
    local img=${PITSTOP_KERNEL_PKG:-}
    suite_index
    [ -n "$img" ] || img=$(suite_apt apt-cache depends "linux-image-cloud-$PITSTOP_ARCH" |
        awk '/Depends: linux-image-/ {print $2; exit}')
    [ -n "$img" ] || return 0
    echo "$img"
    suite_apt apt-cache depends "$img" | awk '/Depends: linux-(binary|modules)-/ {print $2}'
}
# debootstrap_script: bookworm's debootstrap has no script for forky: use sid's
debootstrap_script() {
    [ -e "/usr/share/debootstrap/scripts/$PITSTOP_SUITE" ] || echo /usr/share/debootstrap/scripts/sid
}

# foreign_ready: an arm64 root is built by running its programs (debootstrap's second stage,
# dpkg, the initramfs builders) with qemu-user, which binfmt_misc starts for each aarch64 ELF
# (Debian's qemu-user-static ships the registration; the F flag makes it work in a chroot)
foreign_ready() {
    [ "$PITSTOP_ARCH" != amd64 ] || return 0
    local f=/proc/sys/fs/binfmt_misc
    need qemu-aarch64-static
    [ -e "$f/register" ] || mount -t binfmt_misc binfmt_misc "$f" ||
        die "cannot mount binfmt_misc: an arm64 root needs it"
    [ -e "$f/qemu-aarch64" ] || cat /usr/lib/binfmt.d/qemu-aarch64.conf >"$f/register" ||
        die "cannot register qemu-aarch64 with binfmt_misc (package qemu-user-static)"
}
# guest_klcc: the klcc that builds the guest's helpers (holder.c) for PITSTOP_ARCH
guest_klcc() {
    case $PITSTOP_ARCH in
    arm64) [ -x "$here/../../build/klibc-arm64/klcc" ] || "$here/../deps" klibc-arm64 >&2
        echo "$here/../../build/klibc-arm64/klcc" ;;
    *) echo klcc ;;
    esac
}

# --- base root ------------------------------------------------------------------------
unpack_kernel() { # ROOT KVER DEB...: /boot and the modules; ROOT/lib is a symlink on merged /usr
    local root=$1 kv=$2 k d f
    shift 2
    k=$(mktemp -d)
    for d in "$@"; do dpkg-deb -x "$d" "$k"; done
    [ ! -d "$k/boot" ] || cp -a "$k/boot/." "$root/boot/"
    mkdir -p "$root/lib/modules"
    for d in "$k/lib/modules" "$k/usr/lib/modules"; do
        [ ! -d "$d" ] || cp -a "$d/." "$root/lib/modules/"
    done
    # forky's linux-binary ships vmlinuz (and config, System.map) in the modules directory,
    # the kernel-install layout; the initramfs builders and `pitstop load` look in /boot
    for f in vmlinuz config System.map; do
        [ -e "$root/boot/$f-$kv" ] || [ ! -e "$root/lib/modules/$kv/$f" ] ||
            cp -a "$root/lib/modules/$kv/$f" "$root/boot/$f-$kv"
    done
    [ -e "$root/boot/vmlinuz-$kv" ] || die "no kernel image for $kv in $*"
    rm -rf "$k" "$@"
}

base_build() { # DIR KPKG...: debootstrap + Debian cloud kernel into DIR/root
    local t=$1 root=$1/root kv=${2#linux-image-} p
    shift
    # shellcheck disable=SC2046 # no script argument, or sid's for forky
    step "debootstrap $PITSTOP_SUITE/$PITSTOP_ARCH" quiet "$t/build.log" debootstrap \
        --variant=minbase --arch="$PITSTOP_ARCH" --include="$BASE_PKGS" "$PITSTOP_SUITE" "$root" \
        "$PITSTOP_MIRROR" $(debootstrap_script)
    for p in "$@"; do
        step "download $p" quiet "$t/build.log" sh -c "cd '$t' && $(declare -f suite_apt suite_apt_dir)
            PITSTOP_CACHE='$PITSTOP_CACHE' PITSTOP_SUITE='$PITSTOP_SUITE' PITSTOP_ARCH='$PITSTOP_ARCH'
            suite_apt apt-get download '$p'"
    done
    if [ -n "$LATE_PKGS" ]; then
        step "apt-get install $LATE_PKGS" quiet "$t/build.log" in_chroot "$root" sh -c \
            "apt-get update -q && apt-get install -y -q --no-install-recommends $LATE_PKGS"
    fi
    step "unpack kernel $kv" unpack_kernel "$root" "$kv" "$t"/*.deb
    step depmod in_chroot "$root" depmod -a "$kv"
    # Debian's kexec-tools loads a kernel on every reboot by default: keep tests in control.
    echo 'kexec-tools kexec-tools/load_kexec boolean false' |
        in_chroot "$root" debconf-set-selections
    sed -i 's/^LOAD_KEXEC=.*/LOAD_KEXEC=false/' "$root/etc/default/kexec"
    in_chroot "$root" passwd -d root >/dev/null # empty root password: log in on ttyS0 when debugging
    echo pitstop-guest >"$root/etc/hostname"
    echo '/dev/vda / ext4 rw 0 1' >"$root/etc/fstab"
    in_chroot "$root" apt-get clean
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
    echo "$kv" >"$t/kver"
    echo "$PITSTOP_SUITE" >"$t/suite"
}

base() { # prints the cached base directory (DIR/root, DIR/kver)
    need debootstrap apt-get dpkg-deb unshare
    foreign_ready
    local kpkgs key dir tmp p t0=$SECONDS tag=$PITSTOP_SUITE-$VARIANT$ARCH_TAG
    mkdir -p "$PITSTOP_CACHE"
    kpkgs=$(kernel_pkgs)
    [ -n "$kpkgs" ] || die "cannot resolve the $PITSTOP_SUITE kernel package"
    # shellcheck disable=SC2086 # one package per word
    key=$( { echo "$PITSTOP_SUITE $PITSTOP_ARCH $BASE_PKGS $LATE_PKGS"
             for p in $kpkgs; do echo "$p $(suite_version "$p")"; done
             declare -f base_build unpack_kernel debootstrap_script; } | hash_stdin)
    dir=$PITSTOP_CACHE/base-$tag-$key
    exec 8>"$PITSTOP_CACHE/.lock-base-$tag"
    flock 8
    if [ ! -d "$dir" ]; then
        log "building base $dir ($(echo $kpkgs), suite $PITSTOP_SUITE)"
        rm -rf "$PITSTOP_CACHE"/.tmp-base-"$tag".* # left by an interrupted build
        tmp=$(mktemp -d "$PITSTOP_CACHE/.tmp-base-$tag.XXXXXX")
        # shellcheck disable=SC2086
        base_build "$tmp" $kpkgs
        mv "$tmp" "$dir"
        # older bases of this tag only: KEY is 16 characters, so that trixie-storage does
        # not match trixie-storage-sysv's bases, nor trixie-systemd trixie-systemd-arm64's
        find "$PITSTOP_CACHE" -maxdepth 1 -name "base-$tag-$KEY_GLOB" ! -path "$dir" -exec rm -rf {} +
        log "base built in $((SECONDS - t0))s: $(du -sh "$dir/root" | cut -f1)"
    fi
    exec 8>&-
    log "base: $dir ($(cat "$dir/kver"))"
    echo "$dir"
}

# --- image ----------------------------------------------------------------------------
# use_deb: whether this guest installs pitstop from $PITSTOP_DEB (the Debian package) rather
# than overlaying DESTDIR: trixie amd64, systemd and dracutonly variants (tests/qemu/run's)
use_deb() {
    [ -n "${PITSTOP_DEB:-}" ] && [ "$PITSTOP_SUITE" = trixie ] && [ "$PITSTOP_ARCH" = amd64 ] &&
        case $VARIANT in systemd | dracutonly) true ;; *) false ;; esac
}
# install_deb ROOT DEB LOG: apt-get install of the package inside ROOT (its maintainer
# scripts and the update-initramfs trigger run in the chroot; the image build runs the
# initramfs builder itself afterwards), the transcript in LOG; fails unless dpkg then says
# the package is installed
install_deb() {
    local root=$1 deb=$2 l=$3 name st
    name=$(basename "$deb")
    cp "$deb" "$root/tmp/$name"
    echo "=== apt-get install ./$name ($(sha256sum <"$deb" | cut -c1-16))" >>"$l"
    in_chroot "$root" sh -c "cd /tmp && apt-get install -y --no-install-recommends './$name'" >>"$l" 2>&1 || {
        log "apt-get install ./$name failed in the guest root; the transcript ($l) ends:"
        tail -n 30 "$l" >&2; return 1; }
    rm -f "$root/tmp/$name"
    in_chroot "$root" apt-get clean
    st=$(in_chroot "$root" dpkg-query -W -f '${Status} ${Version}' pitstop 2>&1) || true
    echo "=== dpkg-query: pitstop $st" >>"$l"
    case $st in
    "install ok installed "*) log "pitstop $st (from $name)" ;;
    *) log "pitstop is not installed after apt-get install ./$name: '$st' (transcript: $l)"; return 1 ;;
    esac
    [ -x "$root/usr/sbin/pitstop" ] || { log "the package installed no /usr/sbin/pitstop"; return 1; }
    upgrade_deb "$deb" "$root/var/lib/pitstop-test/pitstop-upgrade.deb"
}
# upgrade_deb DEB OUT: DEB repacked as the next version (VERSION+upgrade1), for the purge
# scenario's upgrade step (a real upgrade: the old prerm, the new postinst, the trigger)
upgrade_deb() {
    local x
    x=$(mktemp -d)
    dpkg-deb -R "$1" "$x/p"
    sed -i 's/^Version: .*/&+upgrade1/' "$x/p/DEBIAN/control"
    mkdir -p "$(dirname "$2")"
    dpkg-deb --root-owner-group -b "$x/p" "$2" >/dev/null
    rm -rf "$x"
}

image_build() { # DIR BASEDIR FLAVOUR DESTDIR: root image + kernel + initrd into DIR
    local t=$1 b=$2 flavour=$3 dest=$4 root=$1/root kv
    kv=$(cat "$b/kver")
    step "copy base" cp -a "$b/root" "$root"
    if use_deb; then
        step "install $(basename "$PITSTOP_DEB")" install_deb "$root" "$PITSTOP_DEB" "$t/build.log"
        echo "deb $(basename "$PITSTOP_DEB") $(sha256sum <"$PITSTOP_DEB" | cut -c1-16)" >"$t/install"
    else
        # tar keeps the base's directories (and their modes) as they are
        step "overlay DESTDIR" sh -c "tar -C '$dest' -cf - . |
            tar -C '$root' -xf - --no-overwrite-dir --no-same-owner"
        echo "destdir" >"$t/install"
    fi
    # the guest test driver
    install -d "$root/usr/local/lib/pitstop-test/scenarios" "$root/var/lib/pitstop-test"
    install -m 0755 "$here/guest/driver" "$here/guest/common.sh" "$root/usr/local/lib/pitstop-test/"
    # the "@" storage daemon some scenarios start (holder.c)
    "$(guest_klcc)" -Os -static -Wall -Wextra -o "$root/usr/local/lib/pitstop-test/holder" \
        "$here/guest/holder.c"
    install -m 0755 "$here"/guest/scenarios/* "$root/usr/local/lib/pitstop-test/scenarios/"
    echo "$flavour" >"$root/usr/local/lib/pitstop-test/flavour"
    install -m 0644 "$here/guest/pitstop-test.service" "$root/etc/systemd/system/"
    ln -sf ../pitstop-test.service "$root/etc/systemd/system/multi-user.target.wants/"
    case $flavour in
    dracut)
        # no --add: an installed pitstop module is included by default ...
        step "dracut $kv" quiet "$t/build.log" in_chroot "$root" dracut --no-hostonly \
            --force --kver "$kv" --drivers "$DRIVERS" \
            --omit "crypt dm lunmask nvdimm resume" "/boot/initrd.img-$kv"
        in_chroot "$root" lsinitrd "/boot/initrd.img-$kv" | grep 'usr/sbin/pitstop$' >/dev/null ||
            die "pitstop is not in the dracut initrd"
        echo "dracut $(in_chroot "$root" dracut --version 2>/dev/null | awk '{print $2; exit}'): included by default" >"$t/module"
        # ... and omit_dracutmodules leaves it out
        echo 'omit_dracutmodules+=" pitstop "' >"$root/etc/dracut.conf.d/90-no-pitstop.conf"
        step "dracut $kv (pitstop omitted)" quiet "$t/build.log" in_chroot "$root" dracut \
            --no-hostonly --force --kver "$kv" --drivers "$DRIVERS" \
            --omit "crypt dm lunmask nvdimm resume" /tmp/omitted.img
        if in_chroot "$root" lsinitrd /tmp/omitted.img | grep -q 'pitstop'; then
            echo "omit_dracutmodules: pitstop still included" >>"$t/module"
        else
            echo "omit_dracutmodules: left out" >>"$t/module"
        fi
        rm -f "$root/etc/dracut.conf.d/90-no-pitstop.conf" "$root/tmp/omitted.img"
        ;;
    dracut-plain) # for bench/guest: dracut's own shutdown path, no pitstop in the initrd
        step "dracut $kv (no pitstop)" quiet "$t/build.log" in_chroot "$root" dracut --no-hostonly \
            --force --kver "$kv" --add shutdown --drivers "$DRIVERS" \
            --omit "pitstop crypt dm lunmask nvdimm resume" "/boot/initrd.img-$kv"
        ;;
    itools)
        sed -i 's/^MODULES=.*/MODULES=list/' "$root/etc/initramfs-tools/initramfs.conf"
        # the fsck hook would probe the build host's / for its type: name it
        echo FSTYPE=ext4 >"$root/etc/initramfs-tools/conf.d/fstype"
        # shellcheck disable=SC2086 # one module per line
        printf "%s\n" $DRIVERS >>"$root/etc/initramfs-tools/modules"
        step "update-initramfs $kv" quiet "$t/build.log" in_chroot "$root" \
            update-initramfs -c -k "$kv"
        in_chroot "$root" lsinitramfs "/boot/initrd.img-$kv" | grep 'usr/sbin/pitstop$' >/dev/null ||
            die "pitstop is not in the initramfs-tools initrd"
        ;;
    *) die "unknown flavour '$flavour' (dracut|itools|dracut-plain)" ;;
    esac
    # fixed names, so `pitstop load` without KERNEL and the scenarios find them
    ln -sfn "boot/vmlinuz-$kv" "$root/vmlinuz"
    ln -sfn "boot/initrd.img-$kv" "$root/initrd.img"
    cp "$root/boot/vmlinuz-$kv" "$t/vmlinuz"
    cp "$root/boot/initrd.img-$kv" "$t/initrd"
    step mke2fs quiet "$t/build.log" mke2fs -t ext4 -d "$root" -F "$t/root.img" 2G
    rm -rf "$root"
}

# sysv variant: image_build is the same for every variant. For sysv, image_sysv_build first
# prepares a copy of the base with what a sysvinit guest needs and hands it to image_build.
SYSV_SRC=$here/../../sysvinit
sysv_prep() { # ROOT: the test driver as an LSB init script; pitstop's sysvinit hook
    local root=$1
    install -m 0755 "$here/guest/pitstop-test.init" "$root/etc/init.d/pitstop-test"
    install -D -m 0755 "$SYSV_SRC/pitstop-final" "$root/usr/lib/pitstop/pitstop-final"
    install -m 0755 "$SYSV_SRC/pitstop.init" "$root/etc/init.d/pitstop"
    # Debian's watchdog daemon stays off unless a scenario (sysv-watchdog) starts it
    [ ! -e "$root/etc/default/watchdog" ] || sed -i 's/^run_watchdog=.*/run_watchdog=0/' "$root/etc/default/watchdog"
    in_chroot "$root" update-rc.d pitstop-test defaults
    in_chroot "$root" update-rc.d pitstop defaults
}
image_sysv_build() { # DIR BASEDIR FLAVOUR DESTDIR
    local t=$1 b=$2
    mkdir "$t/sysv-base"
    step "copy base (sysv)" cp -a "$b/root" "$t/sysv-base/root"
    cp "$b/kver" "$t/sysv-base/"
    step "sysvinit setup" sysv_prep "$t/sysv-base/root"
    image_build "$t" "$t/sysv-base" "$3" "$4"
    rm -rf "$t/sysv-base"
}
variant_key() { # what a variant's image depends on beyond image_build (systemd: nothing)
    case $VARIANT in
    sysv | openrc) declare -f image_sysv_build sysv_prep; hash_tree "$SYSV_SRC" ;;
    esac
}

image() {
    [ $# -eq 3 ] || die "usage: $0 image dracut|itools DESTDIR OUT.img"
    local flavour=$1 dest=$2 out=$3 b key dir tmp t0=$SECONDS tag=$PITSTOP_SUITE-$VARIANT-$1$ARCH_TAG
    [ -x "$dest/usr/sbin/pitstop" ] || die "$dest/usr/sbin/pitstop missing (make install DESTDIR=$dest)"
    case $PITSTOP_ARCH:$(od -An -tx1 -j18 -N2 "$dest/usr/sbin/pitstop" | tr -d ' ') in
    amd64:3e00 | arm64:b700) ;;
    *) die "$dest/usr/sbin/pitstop is not built for $PITSTOP_ARCH (arm64: make install ARCH=arm64)" ;;
    esac
    need mke2fs
    if use_deb; then
        [ -f "$PITSTOP_DEB" ] || die "PITSTOP_DEB=$PITSTOP_DEB: no such file (make deb)"
        PITSTOP_DEB=$(realpath "$PITSTOP_DEB")
        [ "$(dpkg-deb -f "$PITSTOP_DEB" Package)_$(dpkg-deb -f "$PITSTOP_DEB" Architecture)" = "pitstop_$PITSTOP_ARCH" ] ||
            die "$PITSTOP_DEB is not pitstop for $PITSTOP_ARCH: $(dpkg-deb -f "$PITSTOP_DEB" Package Architecture | tr '\n' ' ')"
        tag=$tag-deb # cached beside the DESTDIR images, not in their place
    fi
    b=$(base)
    key=$( { echo "$b $flavour $DRIVERS"; hash_tree "$dest" "$here/guest"
             ! use_deb || echo "deb $(sha256sum <"$PITSTOP_DEB")"
             declare -f image_build use_deb install_deb; variant_key; } | hash_stdin)
    dir=$PITSTOP_CACHE/img-$tag-$key
    exec 8>"$PITSTOP_CACHE/.lock-img-$tag"
    flock 8
    if [ ! -d "$dir" ]; then
        log "building $flavour image $dir"
        rm -rf "$PITSTOP_CACHE/.tmp-img-$tag".* # left by an interrupted build
        tmp=$(mktemp -d "$PITSTOP_CACHE/.tmp-img-$tag.XXXXXX")
        case $VARIANT in
        sysv | openrc) image_sysv_build "$tmp" "$b" "$flavour" "$dest" ;;
        *) image_build "$tmp" "$b" "$flavour" "$dest" ;;
        esac
        mv "$tmp" "$dir"
        # keep the two newest images per flavour
        ls -1dt "$PITSTOP_CACHE/img-$tag-"$KEY_GLOB | tail -n +3 | xargs -r rm -rf
    else
        touch "$dir"
        log "reusing cached $flavour image $dir"
    fi
    exec 8>&-
    cp --sparse=always "$dir/root.img" "$out"
    cp "$dir/vmlinuz" "${out%.img}.vmlinuz"
    cp "$dir/initrd" "${out%.img}.initrd"
    rm -f "${out%.img}.module"
    [ ! -e "$dir/module" ] || cp "$dir/module" "${out%.img}.module"
    cp "$dir/install" "${out%.img}.install"
    log "image $out ready in $((SECONDS - t0))s (initrd $(du -h "${out%.img}.initrd" | cut -f1), root data $(du -h "$out" | cut -f1))"
}

# --- boot -----------------------------------------------------------------------------
boot() {
    local snap=() rc=0
    if [ "${1:-}" = --snapshot ]; then snap=(-snapshot); shift; fi
    [ $# -ge 4 ] || die "usage: $0 boot [--snapshot] IMG SCENARIO TIMEOUT_S LOGFILE [ARGS...]"
    local img=$1 scenario=$2 secs=$3 logf=$4 extra=()
    shift 4
    read -r -a extra <<<"${PITSTOP_QEMU_ARGS:-}"
    need "$QEMU_SYSTEM" timeout
    # No fsck in the initrd by default: the kernel then replays a dirty journal itself and
    # says so in dmesg, which is what the scenarios check. Pass fsck.mode=... to override.
    case " $* " in *" fsck.mode="*) ;; *) set -- fsck.mode=skip "$@" ;; esac
    log "booting $img scenario=$scenario (timeout ${secs}s, log $logf)"
    qemu_run "$secs" "$logf" "$scenario on $img" "${snap[@]}" \
        -kernel "${img%.img}.vmlinuz" -initrd "${img%.img}.initrd" \
        -append "console=$GUEST_CONSOLE root=/dev/vda rw panic=-1 pitstop.test=$scenario $*" \
        -drive "file=$img,format=raw,if=virtio" "${extra[@]}" || rc=$?
    return "$rc"
}

case ${1:-} in
base) shift; base "$@" ;;
image) shift; image "$@" ;;
boot) shift; boot "$@" ;;
clean) rm -rf "$PITSTOP_CACHE" ;;
*) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
