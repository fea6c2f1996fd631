#!/bin/sh
# dracut cleanup hook of the pitstop module: arm /run/initramfs/shutdown before switch_root.
# Sourced by dracut's init or dracut-pre-pivot.service: never `exit`, never fail the boot.
if ! /usr/sbin/pitstop arm; then
    if command -v warn >/dev/null 2>&1; then
        warn "pitstop: 'pitstop arm' failed; shutdown will not return to the exitrd"
    else
        echo "pitstop: 'pitstop arm' failed; shutdown will not return to the exitrd" >&2
    fi
fi
