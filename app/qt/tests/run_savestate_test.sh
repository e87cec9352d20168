#!/bin/sh
# Savestates in the desktop app, under an Xvfb of its own on lavapipe (like run_gui_test.sh).
# usage: run_savestate_test.sh scripted|keys|memcard SKIPJACK SHOTCHECK CLI WORKDIR [PROGRAM]
#   scripted: quick-save after N frames, quick-load after M, stop after K: the picture must
#     be the CLI's frame N + (K - M). Then a new process loads the slot from its file, and a
#     damaged slot file is refused with a message while the game runs on.
#   keys: F1 / F6 / F2 / hold R pressed with xdotool reach the emulation thread (messages in
#     the log) without a crash.
#   memcard: PROGRAM (app/qt/tests/memcard.c) writes a counter to the memory card in port 1.
#     Quick-save, quick-load and undo load roll the card back and forth with the machine (the
#     game checks its card against its RAM), and the card image merged at the clean close is
#     byte for byte the CLI's card after the same emulated frames.
set -eu
# Arguments, a fresh WORKDIR, settings, software rendering, an X server of this test's own.
. "$(dirname "$0")/gui_env.sh"

run() {
    log=$1
    shift
    # Frame skipping off: every frame is presented, whatever the machine load.
    if ! "$skipjack" --scale 1 --frameskip off "$@" > "$work/$log" 2>&1; then
        cat "$work/$log"
        echo "skipjack failed" >&2
        exit 1
    fi
    cat "$work/$log"
}
expect() { # expect LOG TEXT
    grep -q "$2" "$work/$1" || { echo "missing in $1: $2" >&2; exit 1; }
}

case "$kind" in
scripted)
    "$cli" run --frames 100 --screenshot "$work/cli100.png" > /dev/null
    "$cli" run --frames 130 --screenshot "$work/cli130.png" > /dev/null
    "$cli" run --frames 150 --screenshot "$work/cli150.png" > /dev/null
    # 1. In one session: save at 60, load at 110, stop at 150 -> frame 60 + 40 = 100.
    run save.txt --slot 3 --quicksave-at 60 --quickload-at 110 --frames 150 \
        --screenshot "$work/frame1.png" --quit
    expect save.txt "Saved state to slot 3"
    expect save.txt "Loaded state from slot 3"
    "$check" same "$work/frame1.png" "$work/cli100.png"
    slot=$(find "$work/data" -name '*.slot3.sjstate' | head -1)
    [ -n "$slot" ] || { echo "no slot file under $work/data" >&2; exit 1; }
    case "$slot" in */savestates/exe-*/exe-*.slot3.sjstate) ;; *)
        echo "slot file in the wrong place: $slot" >&2; exit 1 ;; esac
    "$cli" info "$slot"
    # 2. A new session loads the file (frame 60) at 80, stops at 150 -> 60 + 70 = 130.
    run file.txt --slot 3 --quickload-at 80 --frames 150 --screenshot "$work/frame2.png" --quit
    expect file.txt "Loaded state from slot 3"
    "$check" same "$work/frame2.png" "$work/cli130.png"
    # 3. A damaged file: refused with a message, the game runs on -> frame 150.
    printf 'not a savestate' > "$slot"
    run damaged.txt --slot 3 --quickload-at 80 --frames 150 --screenshot "$work/frame3.png" \
        --quit
    expect damaged.txt "Load failed"
    "$check" same "$work/frame3.png" "$work/cli150.png"
    # 4. Run-ahead 2: after 100 real frames the picture is that of frame 102, and the machine
    #    is still at 100 (a quick-save there, loaded later, gives frame 100 + 2 again).
    "$cli" run --frames 102 --screenshot "$work/cli102.png" > /dev/null
    run ahead.txt --run-ahead 2 --frames 100 --screenshot "$work/frame4.png" --quit
    "$check" same "$work/frame4.png" "$work/cli102.png"
    # 5. Memory cards were created and committed on close.
    [ -s "$work/data/skipjack/memcards/card1.mcd" ] || { echo "no card1.mcd" >&2; exit 1; }
    [ -s "$work/data/skipjack/memcards/card2.mcd" ] || { echo "no card2.mcd" >&2; exit 1; }
    ;;
keys)
    cat > "$work/press.sh" << 'INNER'
#!/bin/sh
"$1" --scale 1 --frames 100000 --quit > "$2/keys.txt" 2>&1 &
pid=$!
w=$(xdotool search --sync --name "skipjack-demo" | head -1)
sleep 1
xdotool windowfocus "$w"
sleep 0.5
xdotool key F1
sleep 1
xdotool key F6
sleep 0.5
xdotool key F2
sleep 1
xdotool key shift+F6
sleep 0.5
xdotool key F2
sleep 1
xdotool keydown r
sleep 1
xdotool keyup r
sleep 1
# Still running after every key (a crash after printing the messages must not pass).
kill $pid || { echo "skipjack ended before the key script did" >&2; exit 1; }
wait $pid || true
INNER
    chmod +x "$work/press.sh"
    "$work/press.sh" "$skipjack" "$work"
    cat "$work/keys.txt"
    expect keys.txt "Saved state to slot 0"
    expect keys.txt "Load failed: quick-save slot 1 is empty"
    expect keys.txt "Loaded state from slot 0"
    expect keys.txt "Rewound to frame"
    ;;
memcard)
    card="$work/data/skipjack/memcards/card1.mcd"
    for n in 61 130; do
        "$cli" run "$program" --frames $n --memcard1 "$work/cli$n.mcd" > /dev/null
    done
    cmp -s "$work/cli61.mcd" "$work/cli130.mcd" && { echo "the program wrote nothing" >&2; exit 1; }
    nothing_half_written() {
        [ ! -e "$card.journal" ] || { echo "journal left after a clean close" >&2; exit 1; }
        stray=$(find "$work/data" -name '*.tmp')
        [ -z "$stray" ] || { echo "temporary files left: $stray" >&2; exit 1; }
    }
    # 1. Save at 60, load at 110 (the machine and its card back at frame 60), undo the load at
    #    130 (back to frame 110 with the card's later writes), stop at 150: machine frame 130.
    run undo.txt "$program" --slot 2 --quicksave-at 60 --quickload-at 110 --undoload-at 130 \
        --frames 150 --quit
    expect undo.txt "Saved state to slot 2"
    expect undo.txt "Loaded state from slot 2"
    expect undo.txt "Load undone"
    expect undo.txt "memcard: frame .* wrote"
    if grep -q "MISMATCH\|not rolled back\|Memory card" "$work/undo.txt"; then
        echo "the card did not follow the machine" >&2
        exit 1
    fi
    cmp "$card" "$work/cli130.mcd"
    nothing_half_written
    # 2. A fresh card; save at 60, load at 110, stop one frame later: the card merged at the
    #    close is the card at the save (plus frame 61), not the one of frame 110.
    rm -f "$card"
    run load.txt "$program" --slot 2 --quicksave-at 60 --quickload-at 110 --frames 111 --quit
    expect load.txt "Loaded state from slot 2"
    if grep -q "MISMATCH\|not rolled back" "$work/load.txt"; then exit 1; fi
    cmp "$card" "$work/cli61.mcd"
    nothing_half_written
    # 3. A new session loads that slot file: the card was merged since, so it cannot roll back.
    #    The load happens, the card keeps its contents, and the user is told.
    run old.txt "$program" --slot 2 --quickload-at 20 --frames 30 --quit
    expect old.txt "Loaded state from slot 2 (memory card not rolled back"
    expect old.txt "Memory card 1 kept its contents"
    nothing_half_written
    # 4. Run-ahead 2 writes the card in frames it then takes back: the card still ends as in 1.
    rm -f "$card"
    run ahead.txt "$program" --run-ahead 2 --slot 4 --quicksave-at 60 --quickload-at 110 \
        --undoload-at 130 --frames 150 --quit
    expect ahead.txt "Load undone"
    if grep -q "MISMATCH\|not rolled back" "$work/ahead.txt"; then exit 1; fi
    cmp "$card" "$work/cli130.mcd"
    nothing_half_written
    ;;
*)
    echo "unknown test $kind" >&2
    exit 2
    ;;
esac
echo "PASS $kind"
