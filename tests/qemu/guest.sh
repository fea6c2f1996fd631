#!/bin/bash
# tests/qemu/guest.sh - build and boot Debian bookworm QEMU guests for pitstop's system tests.
#
#   guest.sh base                        build (once) the cached base root; prints its directory
#   guest.sh image FLAVOUR DESTDIR OUT.img
#        FLAVOUR dracut|itools; DESTDIR from `make install DESTDIR=...`. Writes OUT.img (ext4
#        root), OUT.vmlinuz, OUT.initrd. Cached by content, a warm run only copies.
#   guest.sh boot [--snapshot] IMG SCENARIO TIMEOUT_S LOGFILE [KERNEL ARGS...]
#        Boots IMG (TCG), runs pitstop.test=SCENARIO in the guest, serial console to LOGFILE.
#        Returns QEMU's status, 124 on timeout. Without --snapshot IMG is written to: pass a
#        private copy. A kexec stays inside one QEMU process (also under --snapshot); a guest
#        reboot or poweroff ends QEMU (-no-reboot).
#   guest.sh clean                       remove the whole cache
#
# Cache: ${PITSTOP_CACHE:-/var/cache/pitstop} (outside the repo). Entries are built in a
# temporary directory and renamed into place, so an interrupted build is never reused.
# Environment: PITSTOP_MIRROR, PITSTOP_SUITE, PITSTOP_KERNEL_PKG (default: what
# linux-image-cloud-amd64 depends on in the host's apt lists).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

# dracut-core (not `dracut`, which Conflicts with initramfs-tools) co-installs with
# initramfs-tools, so one base root serves both flavours.
# PITSTOP_VARIANT picks the base: systemd (default), sysv (sysvinit-core instead of
# systemd), storage (plus cryptsetup, LVM, mdadm), storage-sysv (both). Each variant is
# cached on its own.
VARIANT=${PITSTOP_VARIANT:-systemd}
COMMON_PKGS=udev,kmod,e2fsprogs,procps,util-linux,initramfs-tools,busybox,zstd,dracut-core,kexec-tools
STORAGE_PKGS=cryptsetup,cryptsetup-initramfs,lvm2,mdadm
case $VARIANT in
systemd) BASE_PKGS=systemd-sysv,$COMMON_PKGS ;;
sysv) BASE_PKGS=sysvinit-core,$COMMON_PKGS ;;
storage) BASE_PKGS=systemd-sysv,$COMMON_PKGS,$STORAGE_PKGS ;;
storage-sysv) BASE_PKGS=sysvinit-core,$COMMON_PKGS,$STORAGE_PKGS ;;
*) echo "guest.sh: unknown PITSTOP_VARIANT '$VARIANT' (systemd|sysv|storage|storage-sysv)" >&2; exit 2 ;;
esac
DRIVERS="virtio_pci virtio_blk virtio_scsi"

kernel_pkg() {
    if [ -n "${PITSTOP_KERNEL_PKG:-}" ]; then echo "$PITSTOP_KERNEL_PKG"; return; fi
    apt-cache show linux-image-cloud-amd64 >/dev/null 2>&1 || apt-get update -qq >&2
    apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/ {print $2; exit}'
}
pkg_version() { apt-cache show --no-all-versions "$1" | awk '/^Version:/ {print $2; exit}'; }

# --- base root ------------------------------------------------------------------------
unpack_kernel() { # DEB ROOT: /boot and the modules; ROOT/lib is a symlink on merged /usr
    local k
    k=$(mktemp -d)
    dpkg-deb -x "$1" "$k"
    cp -a "$k/boot/." "$2/boot/"
    mkdir -p "$2/lib/modules"
    for m in "$k/lib/modules" "$k/usr/lib/modules"; do
        [ ! -d "$m" ] || cp -a "$m/." "$2/lib/modules/"
    done
    rm -rf "$k" "$1"
}

base_build() { # DIR KPKG: debootstrap + Debian cloud kernel into DIR/root
    local t=$1 kpkg=$2 root=$1/root kv=${2#linux-image-}
    step debootstrap quiet "$t/build.log" debootstrap --variant=minbase \
        --include="$BASE_PKGS" "$PITSTOP_SUITE" "$root" "$PITSTOP_MIRROR"
    step "download $kpkg" quiet "$t/build.log" sh -c "cd '$t' &&
        apt-get download -o APT::Sandbox::User=root '$kpkg'"
    step "unpack kernel $kv" unpack_kernel "$t"/"$kpkg"_*.deb "$root"
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
}

base() { # prints the cached base directory (DIR/root, DIR/kver)
    need debootstrap apt-get dpkg-deb unshare
    local kpkg key dir tmp t0=$SECONDS
    kpkg=$(kernel_pkg)
    [ -n "$kpkg" ] || die "cannot resolve the kernel package (apt-get update?)"
    key=$( { echo "$PITSTOP_SUITE $BASE_PKGS $kpkg $(pkg_version "$kpkg")"
             declare -f base_build unpack_kernel; } | hash_stdin)
    dir=$PITSTOP_CACHE/base-$VARIANT-$key
    mkdir -p "$PITSTOP_CACHE"
    exec 8>"$PITSTOP_CACHE/.lock-base-$VARIANT"
    flock 8
    if [ ! -d "$dir" ]; then
        log "building base $dir ($kpkg $(pkg_version "$kpkg"), suite $PITSTOP_SUITE)"
        rm -rf "$PITSTOP_CACHE"/.tmp-base-"$VARIANT".* # left by an interrupted build
        tmp=$(mktemp -d "$PITSTOP_CACHE/.tmp-base-$VARIANT.XXXXXX")
        base_build "$tmp" "$kpkg"
        mv "$tmp" "$dir"
        find "$PITSTOP_CACHE" -maxdepth 1 -name "base-$VARIANT-*" ! -path "$dir" -exec rm -rf {} +
        log "base built in $((SECONDS - t0))s: $(du -sh "$dir/root" | cut -f1)"
    fi
    exec 8>&-
    log "base: $dir ($(cat "$dir/kver"))"
    echo "$dir"
}

# --- image ----------------------------------------------------------------------------
image_build() { # DIR BASEDIR FLAVOUR DESTDIR: root image + kernel + initrd into DIR
    local t=$1 b=$2 flavour=$3 dest=$4 root=$1/root kv
    kv=$(cat "$b/kver")
    step "copy base" cp -a "$b/root" "$root"
    # tar keeps the base's directories (and their modes) as they are
    step "overlay DESTDIR" sh -c "tar -C '$dest' -cf - . |
        tar -C '$root' -xf - --no-overwrite-dir --no-same-owner"
    # the guest test driver
    install -d "$root/usr/local/lib/pitstop-test/scenarios" "$root/var/lib/pitstop-test"
    install -m 0755 "$here/guest/driver" "$here/guest/common.sh" "$root/usr/local/lib/pitstop-test/"
    install -m 0755 "$here"/guest/scenarios/* "$root/usr/local/lib/pitstop-test/scenarios/"
    echo "$flavour" >"$root/usr/local/lib/pitstop-test/flavour"
    install -m 0644 "$here/guest/pitstop-test.service" "$root/etc/systemd/system/"
    ln -sf ../pitstop-test.service "$root/etc/systemd/system/multi-user.target.wants/"
    case $flavour in
    dracut)
        step "dracut $kv" quiet "$t/build.log" in_chroot "$root" dracut --no-hostonly \
            --force --kver "$kv" --add pitstop --drivers "$DRIVERS" \
            --omit "crypt dm lunmask nvdimm resume" "/boot/initrd.img-$kv"
        in_chroot "$root" lsinitrd "/boot/initrd.img-$kv" | grep 'usr/sbin/pitstop$' >/dev/null ||
            die "pitstop is not in the dracut initrd"
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
    sysv) declare -f image_sysv_build sysv_prep; hash_tree "$SYSV_SRC" ;;
    esac
}

image() {
    [ $# -eq 3 ] || die "usage: $0 image dracut|itools DESTDIR OUT.img"
    local flavour=$1 dest=$2 out=$3 b key dir tmp t0=$SECONDS
    [ -x "$dest/usr/sbin/pitstop" ] || die "$dest/usr/sbin/pitstop missing (make install DESTDIR=$dest)"
    need mke2fs
    b=$(base)
    key=$( { echo "$b $flavour $DRIVERS"; hash_tree "$dest" "$here/guest"
             declare -f image_build; variant_key; } | hash_stdin)
    dir=$PITSTOP_CACHE/img-$VARIANT-$flavour-$key
    exec 8>"$PITSTOP_CACHE/.lock-img-$VARIANT-$flavour"
    flock 8
    if [ ! -d "$dir" ]; then
        log "building $flavour image $dir"
        rm -rf "$PITSTOP_CACHE/.tmp-img-$VARIANT-$flavour".* # left by an interrupted build
        tmp=$(mktemp -d "$PITSTOP_CACHE/.tmp-img-$VARIANT-$flavour.XXXXXX")
        case $VARIANT in
        sysv) image_sysv_build "$tmp" "$b" "$flavour" "$dest" ;;
        *) image_build "$tmp" "$b" "$flavour" "$dest" ;;
        esac
        mv "$tmp" "$dir"
        # keep the two newest images per flavour
        ls -1dt "$PITSTOP_CACHE/img-$VARIANT-$flavour-"* | tail -n +3 | xargs -r rm -rf
    else
        touch "$dir"
        log "reusing cached $flavour image $dir"
    fi
    exec 8>&-
    cp --sparse=always "$dir/root.img" "$out"
    cp "$dir/vmlinuz" "${out%.img}.vmlinuz"
    cp "$dir/initrd" "${out%.img}.initrd"
    log "image $out ready in $((SECONDS - t0))s (initrd $(du -h "${out%.img}.initrd" | cut -f1), root data $(du -h "$out" | cut -f1))"
}

# --- boot -----------------------------------------------------------------------------
boot() {
    local snap=() rc=0
    if [ "${1:-}" = --snapshot ]; then snap=(-snapshot); shift; fi
    [ $# -ge 4 ] || die "usage: $0 boot [--snapshot] IMG SCENARIO TIMEOUT_S LOGFILE [ARGS...]"
    local img=$1 scenario=$2 secs=$3 logf=$4
    shift 4
    need qemu-system-x86_64 timeout
    # No fsck in the initrd by default: the kernel then replays a dirty journal itself and
    # says so in dmesg, which is what the scenarios check. Pass fsck.mode=... to override.
    case " $* " in *" fsck.mode="*) ;; *) set -- fsck.mode=skip "$@" ;; esac
    log "booting $img scenario=$scenario (timeout ${secs}s, log $logf)"
    qemu_run "$secs" "$logf" "$scenario on $img" "${snap[@]}" \
        -kernel "${img%.img}.vmlinuz" -initrd "${img%.img}.initrd" \
        -append "console=ttyS0 root=/dev/vda rw panic=-1 pitstop.test=$scenario $*" \
        -drive "file=$img,format=raw,if=virtio" || rc=$?
    return "$rc"
}

case ${1:-} in
base) shift; base "$@" ;;
image) shift; image "$@" ;;
boot) shift; boot "$@" ;;
clean) rm -rf "$PITSTOP_CACHE" ;;
*) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
