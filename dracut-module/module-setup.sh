#!/bin/sh
# dracut module "pitstop" (installed as /usr/lib/dracut/modules.d/50pitstop/).
# Puts the static /usr/sbin/pitstop into the initramfs and runs `pitstop arm` from a
# cleanup hook, the last hook before switch_root, so that /run/initramfs/shutdown exists
# when the real root's init shuts down. Add it with `dracut --add pitstop` (or
# add_dracutmodules+=" pitstop " in dracut.conf.d).

# called by dracut: include the module only when the binary is installed
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
