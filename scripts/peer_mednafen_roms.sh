#!/usr/bin/env bash
# Runs our MIPS test programs (tests/roms) on Mednafen (Debian's `mednafen` package) to check
# that they behave the same on another accurate emulator (issue 20 items 9/10; the verdicts
# are in docs/peer-check.md). Not part of ctest: Mednafen is not a CI dependency.
#
# No BIOS image is available, so Mednafen boots our own test boot ROM with a DUART console
# (tests/roms_disc/boot_rom + console_duart.S, built as bootrom_duart.exe) installed as its
# firmware files; the ROM boots a disc (genisoimage + skipjack-mkdisc --mode2) whose boot file
# is the test program. The program's putchar output goes to the DUART, and Mednafen prints
# every DUART write in its debug log (-psx.dbg_level 2); the program's exit writes 1F802082h.
# The ROM has no kernel (its A0h/B0h/C0h functions return 0), so the bios_* programs fail.
#
# Usage: scripts/peer_mednafen_roms.sh [-o OUT_DIR] [-t SECONDS] [BUILD_DIR] [PROGRAM...]
#   PROGRAM: a name from tests/roms (default: all of them). One line per program:
#   "== NAME: N passed, M failed exit=1 | first FAIL lines". With -o, each program's console
#   output is kept in OUT_DIR/NAME.txt; -t is the wall-time limit per program (default 60).
set -euo pipefail
out=""
limit=60
while getopts "o:t:" opt; do
    case $opt in
    o) out=$(mkdir -p "$OPTARG" && realpath "$OPTARG") ;;
    t) limit=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
build=$(realpath "${1:-build}")
[ $# -gt 0 ] && shift
mednafen=$(command -v mednafen || echo /usr/games/mednafen)
for tool in "$mednafen" genisoimage xvfb-run setsid; do
    command -v "$tool" > /dev/null || { echo "peer_mednafen_roms: $tool not found" >&2; exit 2; }
done
mkdisc=$build/assets/tools/skipjack-mkdisc
rom_duart=$build/tests/roms_disc/bootrom_duart.exe
for f in "$mkdisc" "$rom_duart"; do
    [ -e "$f" ] || { echo "peer_mednafen_roms: $f missing (build the project first)" >&2; exit 2; }
done
progs=("$@")
if [ ${#progs[@]} -eq 0 ]; then
    for exe in "$build"/tests/roms/*.exe; do progs+=("$(basename "$exe" .exe)"); done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MEDNAFEN_HOME=$work/mednafen
mkdir -p "$MEDNAFEN_HOME/firmware"
for n in scph5500 scph5501 scph5502; do cp "$rom_duart" "$MEDNAFEN_HOME/firmware/$n.bin"; done

duart_text() { sed -n 's/.*write8 to 1f802023 at .*=[0-9a-f]*(\([0-9]*\)).*/\1/p' | awk '{printf "%c", $1}'; }

for name in "${progs[@]}"; do
    exe=$build/tests/roms/$name.exe
    [ -e "$exe" ] || { echo "== $name: missing ($exe)"; continue; }
    d=$work/$name
    mkdir -p "$d/root"
    cp "$exe" "$d/root/BENCH.EXE"
    printf 'BOOT = cdrom:\\BENCH.EXE;1\r\nTCB = 4\r\nEVENT = 10\r\nSTACK = 801FFF00\r\n' \
        > "$d/root/SYSTEM.CNF"
    genisoimage -quiet -sysid PLAYSTATION -V T -o "$d/d.iso" "$d/root"
    "$mkdisc" "$d/d.iso" "$d/d" --mode2 > /dev/null
    # Own process group, so that xvfb-run, Xvfb, Mednafen and the filter are ended together by
    # id. Only the DUART data writes and the exit write are kept: a program that spins on an
    # unhandled exception makes Mednafen log gigabytes per minute.
    # shellcheck disable=SC2016 # $MED and $CUE expand in the inner shell
    MED="$mednafen" CUE="$d/d.cue" setsid bash -c 'xvfb-run -a -s "-screen 0 800x600x24" \
        stdbuf -oL -eL "$MED" -force_module psx -sound 0 -nothrottle 1 -psx.bios_sanity 0 \
        -psx.dbg_level 2 "$CUE" 2>&1 | grep -a --line-buffered -E "to 1f802023 |1f802082"' \
        > "$d/log" 2>&1 &
    pid=$!
    for _ in $(seq 1 "$limit"); do
        sleep 1
        grep -q "1f802082" "$d/log" && break
        kill -0 "$pid" 2> /dev/null || break
    done
    # Mednafen may not act on SIGTERM while the program spins (cpu_breakpoints): KILL after 5 s.
    kill -- -"$pid" 2> /dev/null || true
    for _ in 1 2 3 4 5; do
        kill -0 "$pid" 2> /dev/null || break
        sleep 1
    done
    kill -KILL -- -"$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
    duart_text < "$d/log" > "$d/tty.txt"
    [ -n "$out" ] && cp "$d/tty.txt" "$out/$name.txt"
    summary=$(grep -ao '[0-9]* passed, [0-9]* failed' "$d/tty.txt" | tail -1 || true)
    fails=$(grep -a '^FAIL' "$d/tty.txt" | head -3 | tr '\n' '|' || true)
    echo "== $name: ${summary:-no summary} exit=$(grep -c 1f802082 "$d/log" || true) $fails"
    rm -rf "$d"
done
