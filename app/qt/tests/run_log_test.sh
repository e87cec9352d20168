#!/bin/sh
# The desktop app's console log file (Settings > BIOS > "Append the console log to a file"):
# the bios_tty disc program prints one line per BIOS console function; run in the app under
# our test boot ROM (the lines come from the app's capture of the A0h/B0h calls) and under the
# HLE BIOS, every line must land in the log file once and in order, after what the file held
# before (the file is appended to, never rewritten).
# usage: run_log_test.sh SKIPJACK WORKDIR DISC BOOTROM
set -eu
disc=$3
bootrom=$4
# gui_env.sh's arguments: KIND SKIPJACK SHOTCHECK CLI WORKDIR
set -- log "$1" none none "$2"
. "$(dirname "$0")/gui_env.sh"

log="$work/console.log"
mkdir -p "$XDG_CONFIG_HOME/skipjack"
printf '[log]\ntoFile=true\nfile=%s\n' "$log" > "$XDG_CONFIG_HOME/skipjack/skipjack.ini"
printf 'earlier run\n' > "$log"
lines='tty: putchar A3C
tty: putchar B3D
tty: puts A3E
tty: puts B3F
tty: printf -42 beef str ok 00077
tty: write A03
tty: write B35
tty: putc A09
bios_tty: 1 passed, 0 failed'
printf 'earlier run\n%s\n%s\n' "$lines" "$lines" > "$work/expected.log"

"$skipjack" --scale 1 --bios "$bootrom" "$disc" --frames 200 --quit > "$work/app1.txt" 2>&1 || {
    cat "$work/app1.txt"
    echo "skipjack failed (boot ROM)" >&2
    exit 1
}
"$skipjack" --scale 1 --hle-bios "$disc" --frames 200 --quit > "$work/app2.txt" 2>&1 || {
    cat "$work/app2.txt"
    echo "skipjack failed (HLE BIOS)" >&2
    exit 1
}
# Not part of the check: the boot ROM's own lines (its DUART) and the HLE kernel's report of
# the write to fd 0 (a console input).
grep -v -e '^\[HLE BIOS\]' -e '^bootrom: ' "$log" > "$work/got.log"
if ! cmp -s "$work/got.log" "$work/expected.log"; then
    echo "the log file is not as expected:" >&2
    diff "$work/expected.log" "$work/got.log" >&2 || true
    exit 1
fi
echo "console log file: PASS"
