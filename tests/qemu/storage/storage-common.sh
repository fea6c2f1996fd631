# storage-common.sh - helpers for the storage scenarios (sourced after common.sh, POSIX sh).
# shellcheck shell=sh
# The layout this root was installed into (tests/qemu/storage/install writes it).
layout=$(cat /etc/pitstop-layout 2>/dev/null || echo none)
late=/run/pitstop-test/late.sh

# stack_info WHEN: the block layers as the guest sees them
stack_info() {
    say "stack $1: layout=$layout; lsblk: $(lsblk -rno NAME,TYPE,MOUNTPOINTS | tr '\n' ';')"
    say "stack $1: swaps: $(awk 'NR > 1 { printf "%s ", $1 }' /proc/swaps)"
    say "stack $1: dm: $(dmsetup ls 2>/dev/null | awk '/^No devices/ { next } { printf "%s ", $1 }')"
    say "stack $1: md: $(grep -E '^md|blocks' /proc/mdstat | tr -s ' \n' ' ')"
    say "stack $1: loop: $(losetup -ln -O NAME,BACK-FILE | tr -s ' \n' ' ')"
    # pitstop's drop-in must keep Debian's dracut-building mdadm-shutdown.service away
    [ ! -d /run/systemd/system ] || say "stack $1: mdadm-shutdown.service $(systemctl show \
        -P ActiveState mdadm-shutdown.service), condition $(systemctl show -P ConditionResult \
        mdadm-shutdown.service)"
}

# use_tested_pitstop: the exitrd was armed from the pitstop under test (storage.sh prepare
# put it into the cached initrd); make it the root's pitstop too and keep that initrd for
# the kexec (the "pitstop-initrd" disk holds it, zero-padded: the kernel skips padding).
use_tested_pitstop() {
    mkdir -p /run/pitstop-test
    cp /run/initramfs/shutdown /usr/sbin/pitstop
    say "exitrd sha256 $(sha256sum /run/initramfs/shutdown | cut -c1-64)"
    cat /dev/disk/by-id/virtio-pitstop-initrd >/run/pitstop-test/initrd
}

# stage_tested: stage this kernel with the tested initrd; the next boot needs no holder
stage_tested() {
    if /usr/sbin/pitstop load --initrd /run/pitstop-test/initrd \
        --command-line "$(sed 's/ pitstop.holder=[a-z]*//' /proc/cmdline)"; then
        say "staged with pitstop load"
    else
        say "pitstop load failed ($?)"
        return 1
    fi
}

# late_begin: start $late, run by the late hook after the init's own teardown (systemd:
# a system-shutdown hook after systemd-shutdown's loop; sysvinit: an rc script after
# umountroot): root back to read-write, every fstab swap back on (the init took them off;
# systemd also removed the unused dm devices: LVM comes back without udev), unsynced data. The "@"
# storage daemon comes from the initramfs (pitstop.holder=, scripts/init-bottom).
late_begin() {
    mkdir -p /run/pitstop-test
    cat >"$late" <<'LATE'
say() { echo "PITSTOP-TEST: $*" >/dev/console; }
say "late: the shutdown of init is done; root back to rw, swaps on, data unsynced"
mount -o remount,rw /
if command -v vgchange >/dev/null && [ -n "$(vgs --noheadings -o vg_name 2>/dev/null)" ]; then
    vgchange -q -ay --noudevsync >/dev/null 2>&1 || say "late: vgchange -ay failed"
fi
# swapon every fstab swap; a dm node may be missing without udev: find it in sysfs
awk '$3 == "swap" { print $1 }' /etc/fstab | while read -r s; do
    d=$s
    case $s in
    UUID=*) d=$(blkid -U "${s#UUID=}") ;;
    /dev/mapper/*)
        if [ ! -e "$s" ]; then
            for n in /sys/block/dm-*; do
                [ "$(cat "$n/dm/name")" != "${s#/dev/mapper/}" ] || d=/dev/${n##*/}
            done
        fi ;;
    esac
    swapon "$d" || say "late: swapon $d ($s) failed"
done
echo late >/root/late-marker
dd if=/dev/urandom of=/root/late-blob bs=1M count=4 2>/dev/null
sha256sum /root/late-blob >/root/late-blob.sha256
say "late: swaps now: $(awk 'NR > 1 { printf "%s ", $1 }' /proc/swaps)"
say "late: late-blob $(cut -c1-64 /root/late-blob.sha256), not synced"
say "late: @ daemons: $(pgrep -a -f pitstop-holder | tr '\n' ' ')"
LATE
}

# check_late: in the boot after, did the unsynced late data survive, was it all clean?
check_late() {
    got=$(cat /root/late-marker 2>/dev/null || echo missing)
    dirty=$(dirty_evidence)
    md=
    if [ "$layout" = md ]; then
        md=$(dmesg | grep -E 'md/raid1|md: |md127' | grep -Ei 'not clean|resync|recover' | head -n 3)
        grep -q '\[UU\]' /proc/mdstat || md="$md; not [UU]: $(tr '\n' ' ' </proc/mdstat)"
        ! grep -qE 'resync|recovery' /proc/mdstat || md="$md; $(tr '\n' ' ' </proc/mdstat)"
        say "md: $(mdadm --detail /dev/md/pitroot | grep -E 'State :|Events')"
    fi
    if [ "$got" != late ]; then
        echo "late-marker is '$got', not 'late'"
    elif ! (cd /root && sha256sum -c --quiet late-blob.sha256 >/dev/null 2>&1); then
        echo "late-blob does not match its checksum"
    elif [ -n "$dirty" ]; then
        echo "root not unmounted cleanly: $dirty"
    elif [ -n "$md" ]; then
        echo "md array not clean: $md"
    fi
    say "late-blob sha256 $(sha256sum /root/late-blob 2>/dev/null | cut -c1-64)"
}

# boot1 NAME: the first boot every scenario starts with: the stack as it is, the pitstop
# under test in place, this kernel staged, $late begun (a scenario may append to it)
boot1() {
    stack_info boot1
    use_tested_pitstop
    stage_tested || { fail "$1: could not stage a kernel"; then_ poweroff; exit 1; }
    late_begin
}

# leave_kexec: systemd: `systemctl kexec`; sysvinit: `reboot` with a staged kernel (rc 6
# ends with /etc/init.d/pitstop, which runs `pitstop kexec`: the pivot, then the exitrd)
leave_kexec() {
    if [ -d /run/systemd/system ]; then then_ kexec; else then_ reboot; fi
}

# boot2 NAME: did the late data of boot 1 survive, with nothing needing a recovery?
boot2() {
    stack_info boot2
    bad=$(check_late)
    if [ -n "$bad" ]; then
        fail "$1 $layout: $bad"
    else
        pass "$1 $layout: late data survived, clean"
    fi
}

# unexpected_boot NAME N
unexpected_boot() {
    fail "$1: unexpected boot $2"
    then_ poweroff
}
