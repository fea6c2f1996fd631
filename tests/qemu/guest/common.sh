# common.sh - helpers for the pitstop guest driver and its scenarios (sourced, POSIX sh).
# shellcheck shell=sh disable=SC2034 # flavour is for the scenarios
# Markers go straight to /dev/console (synchronous, unlike the journal) for the host to grep.
say() { echo "PITSTOP-TEST: $*" >/dev/console; }
pass() { say "RESULT PASS $*"; }
fail() { say "RESULT FAIL $*"; }
# then_ VERB: leave this boot the way the scenario decides (poweroff, reboot, kexec)
# (sysvinit guests: the plain command, which asks init for runlevel 0 or 6 and returns)
then_() {
    if [ -d /run/systemd/system ]; then
        say "next: systemctl $1"; systemctl --no-block "$1"
    else
        say "next: $1 (sysvinit)"; "$1"
    fi
}
# initrd flavour the image was built with (dracut|itools), written by guest.sh image
flavour=$(cat /usr/local/lib/pitstop-test/flavour 2>/dev/null || echo unknown)

# stage_kernel: stage this kernel + initrd for kexec; pitstop first, kexec-tools as fallback
stage_kernel() {
    if /usr/sbin/pitstop load --reuse-cmdline; then
        say "staged with pitstop load"
    else
        say "pitstop load failed ($?), falling back to kexec-tools"
        kexec -s -l "/boot/vmlinuz-$(uname -r)" --initrd="/boot/initrd.img-$(uname -r)" \
            --reuse-cmdline || return 1
    fi
    say "kexec_loaded=$(cat /sys/kernel/kexec_loaded)"
}

# dirty_evidence: print what says the root file system was not unmounted cleanly last time
# (the kernel replays the journal itself when the initrd's fsck is skipped, see guest.sh)
dirty_evidence() {
    dmesg | grep -Ei 'recovering journal|recovery complete|orphan'
    grep -Ei 'recovering journal|orphan' /run/initramfs/fsck.log 2>/dev/null
    return 0
}

# has_word WORD: WORD is on the kernel command line
has_word() { case " $(cat /proc/cmdline) " in *" $1 "*) return 0 ;; esac; return 1; }
