#!/bin/sh
# The desktop app's disc features under its own Xvfb on lavapipe.
# usage: run_disc_test.sh boot|gamelist|change SKIPJACK SHOTCHECK CLI WORKDIR PICTURE DISCDIR
#   boot: a disc made here (genisoimage: SYSTEM.CNF booting PICTURE, app/qt/tests/picture.c,
#     as SLUS_000.01) boots under the HLE BIOS: the presented window after N frames equals
#     skipjack-cli's picture of the same frame; with --memcards-per-game the cards are the
#     disc serial's (SLUS-00001: the boot name SLUS_000.01 with '_' as '-', '.' dropped); a
#     damaged image is refused with the reader's message (exit code 2) and writes nothing.
#   gamelist: the game list scans a folder of the build's test discs (DISCDIR, made by
#     tests/discs/make_discs.cmake: SLUS-01234, volume ids SKIPJACK_TEST and NOCNF), a second
#     start takes them from the cache, and the window is captured.
#   change: an .m3u of two such discs changes to disc 2 through the emulation thread's
#     request queue while the game runs.
set -eu
frames=120
# Arguments, a fresh WORKDIR, settings, software rendering, an X server of this test's own.
. "$(dirname "$0")/gui_env.sh"
discs=${7:?DISCDIR}
data="$XDG_DATA_HOME/skipjack"

# make_disc NAME SERIAL_FILE: an ISO 9660 image whose SYSTEM.CNF boots PICTURE as SERIAL_FILE.
make_disc() {
    rm -rf "$work/root-$1"
    mkdir -p "$work/root-$1"
    printf 'BOOT = cdrom:\\%s;1\r\nTCB = 4\r\nEVENT = 10\r\nSTACK = 801FFF00\r\n' "$2" \
        > "$work/root-$1/SYSTEM.CNF"
    cp "$program" "$work/root-$1/$2"
    genisoimage -quiet -o "$work/$1.iso" -V "$1" -sysid PLAYSTATION "$work/root-$1"
}

run() {
    if ! "$skipjack" --scale 2 "$@" > "$work/log.txt" 2>&1; then
        cat "$work/log.txt"
        echo "skipjack failed" >&2
        exit 1
    fi
    cat "$work/log.txt"
}

expect() {
    grep -q "$1" "$work/log.txt" || {
        echo "expected '$1' in the log" >&2
        exit 1
    }
}

case "$kind" in
boot)
    make_disc PICTURE SLUS_000.01
    disc="$work/PICTURE.iso"
    "$cli" run "$disc" --frames $frames --screenshot "$work/cli.png"
    run "$disc" --frames $frames --memcards-per-game --filter nearest --aspect 4:3 \
        --screenshot "$work/frame.png" --screenshot-window "$work/window.png" --quit
    expect "captured frame $frames "
    expect "started PICTURE.iso \[SLUS-00001\]"
    "$check" same "$work/frame.png" "$work/cli.png"
    "$check" frame "$work/window.png" "$work/cli.png" --filter nearest --aspect 4:3
    for card in SLUS-00001_1.mcd SLUS-00001_2.mcd; do
        [ "$(stat -c %s "$data/memcards/$card")" -eq 131072 ] || {
            echo "per-game card $card missing or not 128 KiB" >&2
            exit 1
        }
    done
    [ ! -e "$data/memcards/card1.mcd" ] || {
        echo "the shared card was opened with memory cards per game" >&2
        exit 1
    }
    # A cue naming a missing bin: the reader's message, exit code 2, nothing written.
    mkdir -p "$work/bad"
    printf 'FILE "nothere.bin" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\n' \
        > "$work/bad/bad.cue"
    rm -rf "$data" "$XDG_CONFIG_HOME"
    set +e
    "$skipjack" "$work/bad/bad.cue" --frames 5 --quit > "$work/log.txt" 2>&1
    code=$?
    set -e
    cat "$work/log.txt"
    [ $code -eq 2 ] || { echo "bad.cue: expected exit code 2, got $code" >&2; exit 1; }
    expect "nothere.bin"
    if [ -e "$data" ] || [ -e "$XDG_CONFIG_HOME/skipjack/skipjack.ini" ]; then
        echo "a disc that did not start wrote files" >&2
        exit 1
    fi
    echo "disc boot: PASS"
    ;;
gamelist)
    mkdir -p "$work/games/sub"
    cp "$discs/disc.iso" "$discs/nocnf.iso" "$discs/mode1.chd" "$work/games/"
    printf 'FILE "nothere.bin" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\n' \
        > "$work/games/sub/broken.cue"
    run --game-list --game-folder "$work/games" --screenshot-window "$work/list.png" --quit
    expect "game list: 4 entries (4 read, 0 from the cache)"
    expect "game list: disc.iso | SKIPJACK_TEST | SLUS-01234 | NTSC-U | iso"
    expect "game list: mode1.chd | SKIPJACK_TEST | SLUS-01234 | NTSC-U | chd"
    expect "game list: nocnf.iso | NOCNF |  |  | iso"
    expect "game list: broken.cue | broken.cue |  |  | .*nothere.bin"
    [ -s "$work/list.png" ] || { echo "no picture of the game list" >&2; exit 1; }
    [ -s "$data/gamelist.json" ] || { echo "no game list cache" >&2; exit 1; }
    # The second start reads only the damaged image again.
    run --game-list --game-folder "$work/games" --quit
    expect "game list: 4 entries (1 read, 3 from the cache)"
    if [ -n "$program" ] && command -v xdotool > /dev/null; then
        # Enter on the list's first row starts that game: a disc of the picture program,
        # captured at frame 60 and equal to the CLI's picture of it.
        make_disc PICTURE SLUS_000.01
        mkdir -p "$work/one"
        mv "$work/PICTURE.iso" "$work/one/"
        "$cli" run "$work/one/PICTURE.iso" --frames 60 --screenshot "$work/cli.png"
        "$skipjack" --scale 2 --game-list --game-folder "$work/one" --frames 60 \
            --filter nearest --aspect 4:3 --screenshot "$work/frame.png" \
            --screenshot-window "$work/window.png" --quit > "$work/log.txt" 2>&1 &
        pid=$!
        w=$(xdotool search --sync --onlyvisible --name "^Skipjack$" | head -1)
        tries=0
        until grep -q "game list: 1 entries" "$work/log.txt"; do
            tries=$((tries + 1))
            [ $tries -lt 100 ] || { cat "$work/log.txt"; echo "no scan" >&2; kill $pid; exit 1; }
            sleep 0.1
        done
        xdotool windowfocus --sync "$w"
        sleep 0.3
        xdotool key Down Return
        wait $pid || { cat "$work/log.txt"; echo "skipjack failed" >&2; exit 1; }
        cat "$work/log.txt"
        expect "started PICTURE.iso \[SLUS-00001\]"
        "$check" same "$work/frame.png" "$work/cli.png"
        "$check" frame "$work/window.png" "$work/cli.png" --filter nearest --aspect 4:3
    fi
    echo "game list: PASS"
    ;;
change)
    make_disc DISC1 SLUS_000.01
    make_disc DISC2 SLUS_000.02
    printf 'DISC1.iso\nDISC2.iso\n' > "$work/set.m3u"
    run "$work/set.m3u" --frames 60 --change-disc-at 30:2 --quit
    expect "Disc 2 of 2 inserted: .*DISC2.iso"
    expect "captured frame 60 "
    # A disc the set does not have changes nothing; the game runs on to frame 60.
    run "$work/set.m3u" --frames 60 --change-disc-at 30:3 --quit
    expect "Disc not changed: the game has no disc 3"
    expect "captured frame"
    echo "change disc: PASS"
    ;;
*)
    echo "unknown test $kind" >&2
    exit 2
    ;;
esac
