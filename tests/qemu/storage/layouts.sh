# layouts.sh - the storage layouts: fixed names and UUIDs, and each layout's fstab, crypttab,
# mdadm.conf and kernel command line. Sourced by storage.sh on the host (which builds each
# layout's initramfs from them) and by install in the guest (which builds the stacks with
# these UUIDs). POSIX sh.
# Two initramfs flavours: initramfs-tools (one image per layout, from its crypttab,
# fstab, mdadm.conf) and dracut (one generic --no-hostonly image; the layout's stack is
# named on the kernel command line: dracut_args).
# shellcheck shell=sh
KEY=/etc/keys/root.key                            # test-only LUKS key, put into the initramfs
LUKS_UUID=e3552099-ab4f-4bf4-b15d-6a7e0ee6c7d5    # luks: the LUKS2 partition
LUKS_SWAP_UUID=4011b73d-7760-4325-a59c-90861798b76c # luks: the swap partition
LL_UUID=8107a6f9-f7d6-4f30-ba46-eaf7c1e40cbd      # luks-lvm: LUKS2 on the LV vgll/crypt
LC_UUID=6470c648-f608-4a80-823d-0f3d8c84d61c      # lvm-luks: LUKS2 on the whole disk
MD_UUID=703affb9:02844be4:b5746fe4:ed03f3f1       # md: the RAID1 array
MD_FS_UUID=0e669965-285a-4ede-bfa5-ffe11842456c   # md: ext4 on the array
LOOP_HOST_UUID=450eed9d-c217-431d-a62d-f773491e213a # loop: ext4 on the disk, holds /root.img
SV_UUID=9c1f0a57-3e0b-4c55-8d0e-2b7d61f4a3c8      # luks-lvm-sysv: LUKS2 on the LV vgsv/crypt
ROOT_OPTS="rw,errors=remount-ro"

# layout_files LAYOUT DIR: DIR/etc/{fstab,crypttab,pitstop-layout,mdadm/mdadm.conf} and
# DIR/cmdline (root= and what else the initramfs needs)
layout_files() {
    mkdir -p "$2/etc/mdadm"
    crypttab="" cmdline=""
    case $1 in
    luks)
        fstab="/dev/mapper/luksroot / ext4 $ROOT_OPTS 0 1
UUID=$LUKS_SWAP_UUID none swap sw 0 0
/swapfile none swap sw 0 0"
        crypttab="luksroot UUID=$LUKS_UUID $KEY luks,discard,initramfs"
        cmdline="root=/dev/mapper/luksroot" ;;
    lvm)
        fstab="/dev/mapper/vglvm-root / ext4 $ROOT_OPTS 0 1
/dev/mapper/vglvm-swap none swap sw 0 0"
        cmdline="root=/dev/mapper/vglvm-root" ;;
    luks-lvm)
        fstab="/dev/mapper/llroot / ext4 $ROOT_OPTS 0 1
/dev/mapper/vgll-swap none swap sw 0 0"
        crypttab="llroot UUID=$LL_UUID $KEY luks,discard,initramfs"
        cmdline="root=/dev/mapper/llroot" ;;
    lvm-luks)
        fstab="/dev/mapper/vglc-root / ext4 $ROOT_OPTS 0 1
/dev/mapper/vglc-swap none swap sw 0 0"
        crypttab="lcpv UUID=$LC_UUID $KEY luks,discard,initramfs"
        cmdline="root=/dev/mapper/vglc-root" ;;
    luks-lvm-sysv) # luks-lvm on a sysvinit root
        fstab="/dev/mapper/svroot / ext4 $ROOT_OPTS 0 1
/dev/mapper/vgsv-swap none swap sw 0 0"
        crypttab="svroot UUID=$SV_UUID $KEY luks,discard,initramfs"
        cmdline="root=/dev/mapper/svroot" ;;
    md)
        fstab="UUID=$MD_FS_UUID / ext4 $ROOT_OPTS 0 1
/swapfile none swap sw 0 0"
        cmdline="root=UUID=$MD_FS_UUID" ;;
    loop) # the initramfs loop-mounts /root.img (scripts/local-bottom/pitstop-test-loop)
        fstab="/dev/loop0 / ext4 $ROOT_OPTS 0 0
/swapfile none swap sw 0 0"
        cmdline="root=UUID=$LOOP_HOST_UUID pitstop.loop=/root.img" ;;
    *) echo "layouts.sh: unknown layout '$1'" >&2; return 1 ;;
    esac
    printf '%s\n' "$fstab" >"$2/etc/fstab"
    printf '%s\n' "$crypttab" >"$2/etc/crypttab"
    echo "$1" >"$2/etc/pitstop-layout"
    {
        echo "# pitstop storage suite, layout $1"
        echo "HOMEHOST <system>"
        echo "MAILADDR root"
        [ "$1" != md ] || echo "ARRAY /dev/md/pitroot metadata=1.2 UUID=$MD_UUID name=pitstop-guest:pitroot"
    } >"$2/etc/mdadm/mdadm.conf"
    echo "$cmdline" >"$2/cmdline"
}

# dracut_args LAYOUT: what dracut's generic initramfs needs on the command line besides
# root= (the LUKS names match crypttab, so the real root's systemd finds them open)
dracut_args() {
    case $1 in
    luks) echo "rd.luks.name=$LUKS_UUID=luksroot rd.luks.key=$LUKS_UUID=$KEY" ;;
    lvm) echo "rd.lvm.lv=vglvm/root" ;;
    luks-lvm) echo "rd.lvm.lv=vgll/crypt rd.luks.name=$LL_UUID=llroot rd.luks.key=$LL_UUID=$KEY" ;;
    lvm-luks) echo "rd.luks.name=$LC_UUID=lcpv rd.luks.key=$LC_UUID=$KEY rd.lvm.lv=vglc/root" ;;
    md) echo "rd.md.uuid=$MD_UUID" ;;
    *) echo "layouts.sh: no dracut for layout '$1'" >&2; return 1 ;;
    esac
}
