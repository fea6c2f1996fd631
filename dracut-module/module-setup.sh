#!/bin/sh
# dracut module "pitstop" (installed as /usr/lib/dracut/modules.d/50pitstop/).
# Puts the static /usr/sbin/pitstop into the initramfs and runs `pitstop arm` from a
# cleanup hook, the last hook before switch_root, so that /run/initramfs/shutdown exists
# when the real root's init shuts down.
# Included by default in every initramfs dracut builds (hostonly or not) once pitstop is
# installed: installing the package is the opt-in. Opt out with
# omit_dracutmodules+=" pitstop " in /etc/dracut.conf.d/ (or `dracut --omit pitstop`).

# called by dracut: 0 = include by default whenever the binary is installed
check() {
    [ -x "${dracutsysrootdir-}/usr/sbin/pitstop" ]
}

# called by dracut: no dependencies (the binary is static, the hook is POSIX sh)
depends() {
    return 0
}

# called by dracut
install() {
    inst_simple /usr/sbin/pitstop /usr/sbin/pitstop
    # Also the initramfs's /shutdown: dracut's own shutdown module (installed later, and
    # dracut does not overwrite) then has nothing to add, so even if something unpacks
    # this initramfs into /run/initramfs at shutdown, the exitrd is still pitstop.
    inst_simple /usr/sbin/pitstop /shutdown
    # shellcheck disable=SC2154 # moddir is set by dracut
    inst_hook cleanup 99 "$moddir/pitstop-arm.sh"
}

# called by dracut: ramoops (a module in Debian's kernels), which the hook loads when
# ramoops.* is on the kernel command line, so that the previous shutdown's report is read
installkernel() {
    hostonly='' instmods ramoops
}
