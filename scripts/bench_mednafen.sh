#!/usr/bin/env bash
# Speed of Skipjack against Mednafen (Debian's `mednafen` package) on the same programs, for
# issue 16's comparison. No BIOS image is available here, so both emulators boot our own test
# boot ROM (tests/roms_disc/boot_rom) from a disc holding the benchmark program:
#   - Mednafen gets the ROM variant with a DUART console (bootrom_duart.exe) as its firmware
#     files and shows the program's putchar output through its debug log
#     (-psx.dbg_level 2 prints every DUART write);
#   - Skipjack gets the plain ROM and prints through its console capture (--tty).
# Mednafen runs unthrottled for a given wall time, sound off, under Xvfb with its normal video
# output; Skipjack runs a given number of frames (skipjack-cli run is unthrottled and silent)
# and is timed. Both are measured in the benchmark's own "tick N" lines, printed every 60
# vblanks the program sees (assets/demo/lib/sys.c: it polls I_STAT between work steps, so a
# long step can swallow a vblank and a tick is then somewhat more than a second of emulated
# time; the same in both emulators, as they run the same program). Frames drawn are not
# counted. Startup is cancelled out by two runs of different lengths:
# speed = (ticks_long - ticks_short) * 60 / 59.94 / (wall_long - wall_short), in "tick seconds"
# per host second (about a multiple of real time), and the ratio of the two emulators.
# Usage: [SKIPJACK_ARGS="--cpu recompiler --render-thread on"] \
#        scripts/bench_mednafen.sh [BUILD_DIR] [SHORT_SECONDS] [LONG_SECONDS]
# SKIPJACK_ARGS: extra skipjack-cli run options (the CPU engine, the render worker).
set -euo pipefail
build=$(realpath "${1:-build}")
short=${2:-10}
long=${3:-30}
mednafen=$(command -v mednafen || echo /usr/games/mednafen)
for tool in "$mednafen" genisoimage xvfb-run; do
    command -v "$tool" > /dev/null || { echo "bench_mednafen: $tool not found" >&2; exit 2; }
done
cli=$build/app/cli/skipjack-cli
mkdisc=$build/assets/tools/skipjack-mkdisc
rom=$build/tests/roms_disc/bootrom.exe
rom_duart=$build/tests/roms_disc/bootrom_duart.exe
for f in "$cli" "$mkdisc" "$rom" "$rom_duart"; do
    [ -e "$f" ] || { echo "bench_mednafen: $f missing (build the project first)" >&2; exit 2; }
done
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MEDNAFEN_HOME=$work/mednafen
mkdir -p "$MEDNAFEN_HOME/firmware"
for n in scph5500 scph5501 scph5502; do cp "$rom_duart" "$MEDNAFEN_HOME/firmware/$n.bin"; done

make_disc() { # NAME EXE -> $work/NAME.cue
    mkdir -p "$work/$1"
    cp "$2" "$work/$1/BENCH.EXE"
    printf 'BOOT = cdrom:\\BENCH.EXE;1\r\nTCB = 4\r\nEVENT = 10\r\nSTACK = 801FFF00\r\n' \
        > "$work/$1/SYSTEM.CNF"
    genisoimage -quiet -sysid PLAYSTATION -V BENCH -o "$work/$1.iso" "$work/$1"
    "$mkdisc" "$work/$1.iso" "$work/$1" --mode2 > /dev/null
}
last_tick() { grep -ao 'tick [0-9]*' | tail -1 | awk '{print $2+0}'; }
duart_text() { sed -n 's/.*write8 to 1f802023 at .*=[0-9a-f]*(\([0-9]*\)).*/\1/p' | awk '{printf "%c", $1}'; }

mednafen_ticks() { # CUE SECONDS -> ticks seen
    timeout "$2" xvfb-run -a -s "-screen 0 1024x768x24" stdbuf -oL -eL "$mednafen" \
        -force_module psx -sound 0 -nothrottle 1 -psx.bios_sanity 0 -psx.dbg_level 2 "$1" \
        > "$work/mednafen.log" 2>&1 || true
    duart_text < "$work/mednafen.log" | last_tick
}
skipjack_run() { # CUE FRAMES -> "wall-seconds ticks" for that many frames
    local t0 t1
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086 # SKIPJACK_ARGS is a list of options
    "$cli" run "$1" --bios "$rom" --tty --frames "$2" ${SKIPJACK_ARGS:-} > "$work/skipjack.log" 2>&1
    t1=$(date +%s.%N)
    grep -aq 'tick' "$work/skipjack.log" || { echo "bench_mednafen: $1 printed no tick" >&2; exit 1; }
    awk -v a="$t0" -v b="$t1" -v t="$(last_tick < "$work/skipjack.log")" 'BEGIN { printf "%.3f %d", b - a, t }'
}
# Ticks A..B over wall seconds S..L, as "tick seconds" per host second.
rate() { awk -v a="$1" -v b="$2" -v s="$3" -v l="$4" \
    'BEGIN { printf "%.2f", (b - a) * 60 / 59.94 / (l - s) }'; }

echo "{"
first=1
for prog in bench-cpu bench-gpu; do
    make_disc "$prog" "$src/assets/bin/$prog.exe"
    m1=$(mednafen_ticks "$work/$prog.cue" "$short"); m2=$(mednafen_ticks "$work/$prog.cue" "$long")
    f1=1200; f2=7200 # many ticks each, so one tick more or less matters little
    read -r w1 s1 <<< "$(skipjack_run "$work/$prog.cue" "$f1")"
    read -r w2 s2 <<< "$(skipjack_run "$work/$prog.cue" "$f2")"
    m=$(rate "${m1:-0}" "${m2:-0}" "$short" "$long")
    s=$(rate "$s1" "$s2" "$w1" "$w2")
    ratio=$(awk -v m="$m" -v s="$s" 'BEGIN { if (m > 0) printf "%.2f", s / m; else print "null" }')
    [ $first = 1 ] || echo ","
    first=0
    printf '  "%s": {"mednafen_x_realtime": %s, "skipjack_x_realtime": %s, "skipjack_over_mednafen": %s,\n' \
        "$prog" "$m" "$s" "$ratio"
    printf '    "mednafen": {"seconds": [%s, %s], "ticks": [%s, %s]},\n' "$short" "$long" "${m1:-0}" "${m2:-0}"
    printf '    "skipjack": {"frames": [%s, %s], "seconds": [%s, %s], "ticks": [%s, %s]}}' \
        "$f1" "$f2" "$w1" "$w2" "$s1" "$s2"
done
echo
echo "}"
