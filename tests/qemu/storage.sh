#!/bin/bash
# tests/qemu/storage.sh - QEMU guests whose root sits on a storage stack (LUKS, LVM, md, loop).
#
#   storage.sh build DESTDIR
#        Builds (once) every layout and prints the cache directory. The stacks are built
#        INSIDE a QEMU guest (tests/qemu/storage/install): the storage base (guest.sh,
#        PITSTOP_VARIANT=storage) boots from a plain ext4 image with blank virtio disks
#        attached, builds each stack on them (names, UUIDs: storage/layouts.sh) and copies
#        its root in. Each layout's initramfs (initramfs-tools with cryptsetup-initramfs,
#        lvm2, mdadm, the pitstop hook) is built on the host from the layout's fstab,
#        crypttab and mdadm.conf, in a chroot that sees no block devices; so is one
#        generic dracut image (crypt, lvm, mdraid, pitstop; no loop root).
#        Cache: $PITSTOP_CACHE/storage-KEY/{vmlinuz,dracut.initrd,
#        LAYOUT/{*.img,initrd,cmdline,dracut.cmdline}}.
#   storage.sh prepare DESTDIR RUNDIR [LAYOUT...]
#        build, then RUNDIR/LAYOUT.initrd = the cached initrd with DESTDIR's pitstop
#        added (zero-padded, also handed to the guest as the "pitstop-initrd" disk for
#        the kexec): a changed agent does not rebuild the layouts.
#   storage.sh boot RUNDIR LAYOUT[:dracut] SCENARIO TIMEOUT_S LOGFILE [KERNEL ARGS...]
#        Boots LAYOUT's disks (-snapshot: the cache is never written) with pitstop.test=
#        SCENARIO, with the layout's initramfs-tools image or (:dracut) the generic dracut
#        image. Returns QEMU's status, 124 on timeout.
#   storage.sh layouts                   the layouts, one per line
#
# Layouts: luks (LUKS2 root partition + swap partition + swap file), lvm (root and swap
# LVs), luks-lvm (LUKS on an LV + swap LV), lvm-luks (root and swap LVs in a VG on LUKS),
# md (RAID1 of two disks + swap file), loop (ext4 image file on the ext4 of a disk, loop-
# mounted as root by the initramfs; swap file), luks-lvm-sysv (luks-lvm with a sysvinit root,
# from the storage-sysv base). The cache key does not include the pitstop
# binary (see prepare); it does include everything else that goes into the images.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
export PITSTOP_VARIANT=storage

LAYOUTS="luks lvm luks-lvm lvm-luks md loop luks-lvm-sysv"
DRIVERS="virtio_pci virtio_blk virtio_scsi"
DISK_SIZE=1200M
INSTALL_TIMEOUT=${PITSTOP_INSTALL_TIMEOUT:-900}
QEMU_CPU=max # AES-NI (emulated by TCG) for dm-crypt

disks_of() { # LAYOUT: the virtio serials of its disks, in boot order
    case $1 in
    luks) echo luks ;;
    lvm) echo lvm ;;
    luks-lvm) echo lukslvm ;;
    lvm-luks) echo lvmluks ;;
    md) echo md-a md-b ;;
    loop) echo loop ;;
    luks-lvm-sysv) echo sysv ;;
    *) die "unknown layout '$1' ($LAYOUTS)" ;;
    esac
}

# --- the roots: storage bases + pitstop + test files -----------------------------------
# root_prep ROOT KV DESTDIR DIR: a copy of a storage base, trimmed, with DESTDIR's pitstop,
# the test files, the LUKS key and the initramfs-tools settings; init-specific parts apart
root_prep() {
    local root=$1 kv=$2 dest=$3 t=$4 s=$here/storage lib=$1/usr/local/lib/pitstop-test
    # The installer copies roots under TCG: leave out docs, translations and the modules
    # of hardware and file systems these guests never see.
    rm -rf "$root"/usr/share/{doc,man,info,locale}/*
    (cd "$root/usr/lib/modules/$kv/kernel" && rm -rf net sound drivers/{net,infiniband,comedi} \
        drivers/{media,target,hid,soundwire,xen,hv,vfio,vhost,nvme,ata,cxl,dax,nvdimm,cdrom} \
        drivers/{leds,mfd,uio,ptp,pps,video,thermal,powercap,power,cpufreq,bus} \
        fs/{btrfs,xfs,nfs,nfsd,nfs_common,lockd,ceph,smb,orangefs,cachefiles,fscache,netfs} \
        fs/{erofs,exfat,udf,sysv,romfs,zonefs,squashfs,isofs})
    in_chroot --nodev "$root" depmod -a "$kv"
    step "overlay DESTDIR" sh -c "tar -C '$dest' -cf - . |
        tar -C '$root' -xf - --no-overwrite-dir --no-same-owner"
    install -d "$lib/scenarios" "$root/var/lib/pitstop-test" "$root/etc/keys"
    install -m 0755 "$here/guest/driver" "$here/guest/common.sh" "$t/holder" "$lib/"
    install -m 0644 "$s/storage-common.sh" "$s/layouts.sh" "$lib/"
    install -m 0755 "$s"/scenarios/* "$lib/scenarios/"
    echo itools >"$lib/flavour"
    # test-only initramfs-tools hook and scripts: loop root (pitstop.loop=), "@" daemon
    # (pitstop.holder=)
    (cd "$s/itools" && find . -type f -exec install -D -m 0755 {} \
        "$root/etc/initramfs-tools/{}" \;)
    # test-only LUKS key (one for every root); cryptsetup-initramfs copies it into the initramfs
    install -m 0400 "$t/root.key" "$root/etc/keys/root.key"
    echo 'KEYFILE_PATTERN="/etc/keys/*.key"' >>"$root/etc/cryptsetup-initramfs/conf-hook"
    sed -i 's/^UMASK=.*/UMASK=0077/; s/^MODULES=.*/MODULES=list/' \
        "$root/etc/initramfs-tools/initramfs.conf"
    grep -q '^UMASK=' "$root/etc/initramfs-tools/initramfs.conf" ||
        echo UMASK=0077 >>"$root/etc/initramfs-tools/initramfs.conf"
    echo RESUME=none >"$root/etc/initramfs-tools/conf.d/resume"
    echo FSTYPE=ext4 >"$root/etc/initramfs-tools/conf.d/fstype"
    # shellcheck disable=SC2086 # one module per line
    printf "%s\n" $DRIVERS >>"$root/etc/initramfs-tools/modules"
}

# sysv_prep ROOT: the sysvinit root: the test driver as an LSB init script and the late hook
# as one that runs between umountroot and pitstop's (DESTDIR's /etc/init.d/pitstop), all
# enabled as `update-rc.d NAME defaults` does
sysv_prep() {
    local root=$1 s=$here/storage
    install -m 0755 "$here/guest/pitstop-test.init" "$root/etc/init.d/pitstop-test"
    install -m 0755 "$s/late-hook.init" "$root/etc/init.d/pitstop-test-late"
    local x
    for x in pitstop-test pitstop pitstop-test-late; do
        in_chroot --nodev "$root" update-rc.d "$x" defaults >/dev/null
    done
    # umountroot, then the late hook, then pitstop, then reboot/halt
    (cd "$root/etc/rc6.d" && ls) | tr '\n' ' ' | grep -qE 'umountroot .*pitstop-test-late .*K[0-9]+pitstop ' ||
        die "sysv: rc6.d order is wrong: $(ls "$root/etc/rc6.d" | tr '\n' ' ')"
}

# src_build DIR BASEDIR SYSVBASEDIR DESTDIR LAYOUT...: the installer's root (systemd, the
# storage base) as DIR/src.img with DIR/vmlinuz and DIR/src.initrd; the root of the
# sysvinit layouts (*-sysv, the storage-sysv base) as DIR/sysvroot.tar; each layout's
# initramfs and command line in DIR/LAYOUT/{initrd,cmdline}, its etc files and initrd
# also in the installer's /usr/local/lib/pitstop-test/layouts/LAYOUT
src_build() {
    local t=$1 b=$2 bs=$3 dest=$4 root=$1/root sroot=$1/sysvroot kv s=$here/storage lib l f r
    shift 4
    kv=$(cat "$b/kver")
    [ "$(cat "$bs/kver")" = "$kv" ] || die "the storage bases have different kernels"
    lib=$root/usr/local/lib/pitstop-test
    klcc -Os -static -Wall -Wextra -o "$t/holder" "$here/guest/holder.c"
    strip "$t/holder"
    head -c 64 /dev/urandom >"$t/root.key"
    step "copy base" cp -a "$b/root" "$root"
    root_prep "$root" "$kv" "$dest" "$t"
    install -m 0755 "$s/install" "$lib/storage-install"
    install -m 0644 "$here/guest/pitstop-test.service" "$s/pitstop-storage-install.service" \
        "$root/etc/systemd/system/"
    ln -sf ../pitstop-test.service ../pitstop-storage-install.service \
        "$root/etc/systemd/system/multi-user.target.wants/"
    install -D -m 0755 "$s/late-hook" "$root/usr/lib/systemd/system-shutdown/pitstop-test-late"
    step "copy base (sysv)" cp -a "$bs/root" "$sroot"
    root_prep "$sroot" "$kv" "$dest" "$t"
    step "sysvinit setup" sysv_prep "$sroot"
    # Each layout's initramfs, from its fstab, crypttab (entries marked "initramfs", keys
    # matching KEYFILE_PATTERN) and mdadm.conf, by the Debian hooks: on the host, since
    # under TCG one costs more than a minute; the hooks see no block devices here.
    # shellcheck source=tests/qemu/storage/layouts.sh
    . "$s/layouts.sh"
    for r in "$root" "$sroot"; do
        for f in fstab crypttab mdadm/mdadm.conf; do cp -a "$r/etc/$f" "$r/etc/$f.pitstop-orig"; done
    done
    for l in "$@"; do
        r=$root
        case $l in *-sysv) r=$sroot ;; esac
        mkdir -p "$t/$l" "$lib/layouts/$l"
        layout_files "$l" "$lib/layouts/$l"
        cp -a "$lib/layouts/$l/etc/." "$r/etc/"
        step "mkinitramfs $l" quiet "$t/build.log" in_chroot --nodev "$r" \
            mkinitramfs -o /tmp/pitstop-layout.initrd "$kv"
        mv "$r/tmp/pitstop-layout.initrd" "$lib/layouts/$l/initrd"
        cp "$lib/layouts/$l/initrd" "$t/$l/initrd"
        in_chroot --nodev "$root" lsinitramfs "/usr/local/lib/pitstop-test/layouts/$l/initrd" \
            >"$t/$l/initrd.list"
        grep -qx usr/sbin/pitstop "$t/$l/initrd.list" || die "no pitstop in the $l initramfs"
        ! grep -q . "$lib/layouts/$l/etc/crypttab" || grep -q '^cryptroot/keyfiles/.' \
            "$t/$l/initrd.list" || die "no LUKS key in the $l initramfs"
        mv "$lib/layouts/$l/cmdline" "$t/$l/cmdline"
    done
    for r in "$root" "$sroot"; do
        for f in fstab crypttab mdadm/mdadm.conf; do mv "$r/etc/$f.pitstop-orig" "$r/etc/$f"; done
        rm -f "$r/etc/pitstop-layout"
    done
    step "tar sysv root" tar -C "$sroot" --numeric-owner -cf "$t/sysvroot.tar" .
    rm -rf "$sroot"
    # dracut: one generic image (the stack is named on the command line), with the key
    step "dracut" quiet "$t/build.log" in_chroot --nodev "$root" dracut --no-hostonly --force \
        --kver "$kv" --add "pitstop crypt lvm mdraid" --drivers "$DRIVERS dm_crypt raid1" \
        --install "$KEY" --no-early-microcode --compress zstd \
        --omit "nvdimm lunmask multipath dmraid btrfs plymouth" /tmp/pitstop-dracut.img
    mv "$root/tmp/pitstop-dracut.img" "$t/dracut.initrd"
    for l in "$@"; do
        case $l in loop | *-sysv) continue ;; esac
        echo "$(cat "$t/$l/cmdline") $(dracut_args "$l")" >"$t/$l/dracut.cmdline"
    done
    # the installer's own root and initramfs: a plain ext4 on /dev/vda
    echo "/dev/vda / ext4 rw 0 1" >"$root/etc/fstab"
    step "mkinitramfs installer" quiet "$t/build.log" in_chroot --nodev "$root" \
        update-initramfs -c -k "$kv"
    ln -sfn "boot/vmlinuz-$kv" "$root/vmlinuz"
    ln -sfn "boot/initrd.img-$kv" "$root/initrd.img"
    cp "$root/boot/vmlinuz-$kv" "$t/vmlinuz"
    cp "$root/boot/initrd.img-$kv" "$t/src.initrd"
    step mke2fs quiet "$t/build.log" mke2fs -t ext4 -d "$root" -F "$t/src.img" 2G
    rm -rf "$root" "$t/holder" "$t/root.key"
}

# drive_args IMG SERIAL [EXTRA]: one virtio disk with a serial (/dev/disk/by-id/virtio-SERIAL)
drive_args() {
    printf -- '-drive\nfile=%s,format=raw,if=none,id=%s%s\n-device\nvirtio-blk-pci,drive=%s,serial=%s\n' \
        "$1" "$2" "${3:-}" "$2" "$2"
}

layouts_build() { # DIR BASEDIR SYSVBASEDIR DESTDIR LAYOUT...: the layouts into DIR
    local t=$1 b=$2 bs=$3 dest=$4 l s rc=0 t0
    shift 4
    src_build "$t" "$b" "$bs" "$dest" "$@"
    local args=()
    mapfile -t args < <(drive_args "$t/src.img" src)
    mapfile -t -O "${#args[@]}" args < <(drive_args "$t/sysvroot.tar" sysvroot ",readonly=on")
    for l in "$@"; do
        for s in $(disks_of "$l"); do
            truncate -s "$DISK_SIZE" "$t/$l/$s.img"
            # the base has no sfdisk: partition on the host
            [ "$l" != luks ] || printf 'label: gpt\nsize=1100MiB, type=linux\ntype=swap\n' |
                sfdisk -q "$t/$l/$s.img"
            mapfile -t -O "${#args[@]}" args < <(drive_args "$t/$l/$s.img" "$s")
        done
    done
    t0=$SECONDS
    log "installer guest: layouts $*, log $t/install.log (timeout ${INSTALL_TIMEOUT}s)"
    timeout -k 10 "$INSTALL_TIMEOUT" qemu-system-x86_64 -accel tcg -cpu "$QEMU_CPU" -m 2048 \
        -smp 2 -nographic -no-reboot -nic none -kernel "$t/vmlinuz" -initrd "$t/src.initrd" \
        -append "console=ttyS0 root=/dev/vda rw panic=-1 fsck.mode=skip pitstop.install=$(
            IFS=,; echo "$*")" "${args[@]}" </dev/null >"$t/install.log" 2>&1 || rc=$?
    grep -a 'PITSTOP-INSTALL:' "$t/install.log" >&2 || true
    if [ "$rc" -ne 0 ] || ! log_has "$t/install.log" "PITSTOP-INSTALL: DONE"; then
        tail -n 40 "$t/install.log" >&2
        die "installer guest failed (qemu exit $rc after $((SECONDS - t0))s; log $t/install.log)"
    fi
    log "installer guest done in $((SECONDS - t0))s"
    rm -f "$t/src.img" "$t/src.initrd" "$t/sysvroot.tar"
}

build() {
    [ $# -eq 1 ] || die "usage: $0 build DESTDIR"
    local dest=$1 b bs key dir tmp t0=$SECONDS
    # shellcheck disable=SC2086 # every layout, always: one cache entry
    set -- $LAYOUTS
    [ -x "$dest/usr/sbin/pitstop" ] || die "$dest/usr/sbin/pitstop missing (make install DESTDIR=$dest)"
    need qemu-system-x86_64 mke2fs klcc timeout tar sfdisk
    b=$("$here/guest.sh" base)
    bs=$(PITSTOP_VARIANT=storage-sysv "$here/guest.sh" base)
    # everything that goes into the images but the pitstop binary (storage.sh prepare)
    key=$( { echo "$b $bs $* $DRIVERS $DISK_SIZE $QEMU_CPU $(dpkg-query -W libklibc-dev 2>/dev/null)"
             (cd "$dest" && find . ! -path ./usr/sbin/pitstop -type f -print0 | LC_ALL=C sort -z |
                 xargs -0r sha256sum)
             hash_tree "$here/storage"
             cat "$here/guest/driver" "$here/guest/common.sh" "$here/guest/pitstop-test.service" \
                 "$here/guest/pitstop-test.init"
             declare -f root_prep sysv_prep src_build layouts_build drive_args disks_of \
                 in_chroot; } | hash_stdin)
    dir=$PITSTOP_CACHE/storage-$key
    mkdir -p "$PITSTOP_CACHE"
    exec 8>"$PITSTOP_CACHE/.lock-storage"
    flock 8
    if [ ! -d "$dir" ]; then
        log "building storage layouts $* into $dir"
        rm -rf "$PITSTOP_CACHE"/.tmp-storage.* # left by an interrupted build
        tmp=$(mktemp -d "$PITSTOP_CACHE/.tmp-storage.XXXXXX")
        layouts_build "$tmp" "$b" "$bs" "$dest" "$@"
        mv "$tmp" "$dir"
        # keep the two newest builds
        ls -1dt "$PITSTOP_CACHE"/storage-* | tail -n +3 | xargs -r rm -rf
        log "storage layouts built in $((SECONDS - t0))s: $(du -sh "$dir" | cut -f1)"
    else
        touch "$dir"
        log "reusing cached storage layouts $dir"
    fi
    exec 8>&-
    echo "$dir"
}

# split_initrd INITRD EARLY MAIN: the leading uncompressed cpio archives (each ends with
# its TRAILER!!! entry and NUL padding) into EARLY, the compressed rest into MAIN
split_initrd() {
    python3 - "$@" <<'EOP'
import sys
data = open(sys.argv[1], 'rb').read()
pos = 0
while data[pos:pos + 6] in (b'070701', b'070702'):
    t = data.find(b'TRAILER!!!', pos)
    if t < 0:
        break
    pos = t + len(b'TRAILER!!!')
    while pos < len(data) and data[pos] == 0:
        pos += 1
open(sys.argv[2], 'wb').write(data[:pos])
open(sys.argv[3], 'wb').write(data[pos:])
EOP
}

prepare() {
    [ $# -ge 2 ] || die "usage: $0 prepare DESTDIR RUNDIR [LAYOUT...]"
    local dest=$1 run=$2 dir l ov sz f
    shift 2
    # shellcheck disable=SC2086 # the default: every layout
    [ $# -gt 0 ] || set -- $LAYOUTS
    for l in "$@"; do disks_of "$l" >/dev/null; done
    need cpio zstd
    dir=$(build "$dest")
    mkdir -p "$run"
    ln -sfn "$dir" "$run/cache"
    ov=$(mktemp -d)
    install -D -m 0755 "$dest/usr/sbin/pitstop" "$ov/usr/sbin/pitstop"
    (cd "$ov" && find usr | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) >"$run/pitstop.cpio"
    rm -rf "$ov"
    # One zstd stream holding both archives: the later file wins. (Appended after the
    # compressed initrd, the kernel misses the cpio: "invalid magic at start of compressed
    # archive".) No checksum, zero padding to 4 KiB for the disk: the kernel skips zeros.
    # An initrd may start with uncompressed cpio archives (trixie's initramfs-tools writes
    # one even without microcode): those stay as they are, in front.
    for l in "$@" dracut; do
        f=$dir/$l/initrd
        [ "$l" != dracut ] || f=$dir/dracut.initrd
        split_initrd "$f" "$run/early" "$run/main"
        {
            cat "$run/early"
            if [ -s "$run/main" ]; then
                { zstd -q -dc "$run/main"; cat "$run/pitstop.cpio"; } | zstd -q -1 -T0 --no-check
            else
                cat "$run/pitstop.cpio"
            fi
        } >"$run/$l.initrd"
        rm -f "$run/early" "$run/main"
        sz=$(stat -c %s "$run/$l.initrd")
        truncate -s $(((sz + 4095) / 4096 * 4096)) "$run/$l.initrd"
    done
    sha256sum "$dest/usr/sbin/pitstop" | cut -c1-64 >"$run/pitstop.sha256"
    log "prepared $run for $* (pitstop $(cut -c1-12 "$run/pitstop.sha256"))"
}

boot() {
    [ $# -ge 5 ] || die "usage: $0 boot RUNDIR LAYOUT[:dracut] SCENARIO TIMEOUT_S LOGFILE [ARGS...]"
    local run=$1 l=${2%:dracut} scenario=$3 secs=$4 logf=$5 rc=0 s args=()
    local initrd=$run/${2%:dracut}.initrd cmdline=$run/cache/${2%:dracut}/cmdline fl=$2
    shift 5
    if [ "$l" != "$fl" ]; then
        initrd=$run/dracut.initrd cmdline=$run/cache/$l/dracut.cmdline
        [ -f "$cmdline" ] || die "no dracut flavour for layout $l"
    fi
    [ -f "$initrd" ] || die "$initrd missing (storage.sh prepare)"
    for s in $(disks_of "$l"); do
        mapfile -t -O "${#args[@]}" args < <(drive_args "$run/cache/$l/$s.img" "$s")
    done
    mapfile -t -O "${#args[@]}" args < <(drive_args "$initrd" pitstop-initrd ",readonly=on")
    case " $* " in *" fsck.mode="*) ;; *) set -- fsck.mode=skip "$@" ;; esac
    log "booting $l ($(basename "$initrd")) scenario=$scenario (timeout ${secs}s, log $logf)"
    qemu_run "$secs" "$logf" "$scenario on $l" -cpu "$QEMU_CPU" -snapshot \
        -kernel "$run/cache/vmlinuz" -initrd "$initrd" \
        -append "console=ttyS0 $(cat "$cmdline") rw panic=-1 pitstop.test=$scenario $*" \
        "${args[@]}" || rc=$?
    return "$rc"
}

case ${1:-} in
build) shift; build "$@" ;;
prepare) shift; prepare "$@" ;;
boot) shift; boot "$@" ;;
layouts) printf '%s\n' $LAYOUTS ;;
*) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
