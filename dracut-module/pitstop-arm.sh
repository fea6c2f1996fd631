#!/bin/sh
# dracut cleanup hook of the pitstop module: arm /run/initramfs/shutdown before switch_root.
# Sourced by dracut's init or dracut-pre-pivot.service: never `exit`, never fail the boot.
# .need_shutdown makes dracut-shutdown.service unpack the whole initramfs (tens of MiB)
# into /run/initramfs at shutdown, over pitstop: pitstop already detaches dm, md and
# crypt devices itself, so nothing needs that any more.
if /usr/sbin/pitstop arm; then
    rm -f /run/initramfs/.need_shutdown
else
    if command -v warn >/dev/null 2>&1; then
        warn "pitstop: 'pitstop arm' failed; shutdown will not return to the exitrd"
    else
        echo "pitstop: 'pitstop arm' failed; shutdown will not return to the exitrd" >&2
    fi
fi
# one line in the kernel log: how the previous shutdown ended (its report in pstore;
# ramoops configured on the command line but built as a module: load it first)
case " $(cat /proc/cmdline) " in
*" ramoops."*) modprobe -q ramoops 2>/dev/null || : ;;
esac
/usr/sbin/pitstop last --kmsg >/dev/null 2>&1 || :
