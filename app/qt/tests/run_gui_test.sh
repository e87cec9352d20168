#!/bin/sh
# Runs skipjack under its own Xvfb on Mesa's software Vulkan driver (lavapipe), captures the
# presented window after N frames and checks its pixels.
# usage: run_gui_test.sh demo|overlay|picture|picture_overlay|pattern|audio_disk|pointer SKIPJACK SHOTCHECK CLI WORKDIR [PROGRAM]
#   demo, overlay: the built-in demo; picture*: PROGRAM. The emulated frame must equal
#   skipjack-cli --screenshot of the same frame, and the window must show it scaled (the
#   overlay variants: with the timing panel on top). pattern: the generated test pattern
#   through every scaling filter and aspect mode.
# No golden images: every picture is CHECKED against a rule computed in the test itself (the
# CLI's frame of the same emulated frame, the generated test pattern, probe values).
set -eu
frames=90
# Arguments, a fresh WORKDIR, settings, software rendering, an X server of this test's own.
. "$(dirname "$0")/gui_env.sh"

run() {
    if ! "$skipjack" --scale 2 "$@" > "$work/log.txt" 2>&1; then
        cat "$work/log.txt"
        echo "skipjack failed" >&2
        exit 1
    fi
    cat "$work/log.txt"
}

case "$kind" in
demo | overlay | picture | picture_overlay)
    extra=""
    case "$kind" in *overlay) extra="--overlay" ;; esac
    case "$kind" in picture*) target="$program" ;; *) target="" ;; esac
    # The reference: the headless CLI's picture of the same frame.
    "$cli" run $target --frames $frames --screenshot "$work/cli.png"
    run $target --frames $frames --filter nearest --aspect 4:3 $extra \
        --screenshot "$work/frame.png" --screenshot-window "$work/window.png" --quit
    if [ -e "$work/frame.png" ]; then
        "$check" same "$work/frame.png" "$work/cli.png"
        "$check" frame "$work/window.png" "$work/cli.png" --filter nearest --aspect 4:3 $extra
    else
        # The display is off at that frame: the CLI's picture is black, and so must be
        # the whole window (but for the overlay).
        "$check" black "$work/cli.png"
        "$check" frame "$work/window.png" none $extra
    fi
    ;;
frameskip)
    # Frame skipping fixed:2 renders frames 1, 4, 7, ... in full and the others partially;
    # the presented frame must be the full render of that frame (the CLI's screenshot), and
    # partial frames must have happened. Frame 91 is a presented one: the CLI's statistics
    # confirm it.
    n=91
    "$cli" run --frameskip fixed:2 --frames $n --stats "$work/stats.json" \
        --screenshot "$work/cli.png"
    tail -2 "$work/stats.json" | grep -q '"presented":true' || {
        echo "frame $n is not presented under fixed:2 (see $work/stats.json)" >&2
        exit 1
    }
    run --frameskip fixed:2 --frames $n --filter nearest --aspect 4:3 --overlay \
        --screenshot "$work/frame.png" --screenshot-window "$work/window.png" --quit
    grep -q "frame skip fixed:2: [1-9][0-9]* of $n frames partial" "$work/log.txt" || {
        echo "no partial frames reported" >&2
        exit 1
    }
    "$check" same "$work/frame.png" "$work/cli.png"
    "$check" frame "$work/window.png" "$work/cli.png" --filter nearest --aspect 4:3 --overlay
    # Stopped on a partial frame (90), the window still shows the last presented one (88):
    # equal to the CLI's frame 88, and not to its frame 90 (the demo moves every frame).
    "$cli" run --frames 88 --screenshot "$work/cli88.png"
    "$cli" run --frames 90 --screenshot "$work/cli90.png"
    run --frameskip fixed:2 --frames 90 --filter nearest --aspect 4:3 \
        --screenshot "$work/frame90.png" --screenshot-window "$work/window90.png" --quit
    grep -q "captured frame 88 " "$work/log.txt" || {
        echo "stopped on partial frame 90: expected the presented frame 88" >&2
        exit 1
    }
    "$check" same "$work/frame90.png" "$work/cli88.png"
    "$check" frame "$work/window90.png" "$work/cli88.png" --filter nearest --aspect 4:3
    if "$check" same "$work/cli88.png" "$work/cli90.png" > /dev/null 2>&1; then
        echo "frames 88 and 90 are the same picture: the check above proves nothing" >&2
        exit 1
    fi
    # Bad values are refused with a message.
    for bad in "--frameskip fixed:0" "--frameskip sometimes" "--host-slowdown 0.5"; do
        set +e
        # shellcheck disable=SC2086
        QT_QPA_PLATFORM=offscreen "$skipjack" $bad --quit > "$work/bad.txt" 2>&1
        code=$?
        set -e
        cat "$work/bad.txt"
        [ $code -eq 2 ] || { echo "$bad: expected exit code 2, got $code" >&2; exit 1; }
    done
    echo "frameskip: PASS"
    ;;
pattern)
    for filter in nearest bilinear sharp; do
        for aspect in 4:3 stretch integer; do
            run --test-pattern --filter $filter --aspect $aspect \
                --screenshot-window "$work/window-$filter-$aspect.png" --quit
            "$check" pattern "$work/window-$filter-$aspect.png" --filter $filter --aspect $aspect
        done
    done
    run --test-pattern --overlay --vsync off --filter nearest --aspect 4:3 \
        --screenshot-window "$work/window-overlay.png" --quit
    "$check" pattern "$work/window-overlay.png" --filter nearest --aspect 4:3 --overlay
    ;;
keyboard_pad)
    # Keys held on the window reach the emulated pad: padview draws button bit i as square
    # i, white (F8F8F8h, scanned out as 255) while held, grey (404040h -> 66) when not.
    cat > "$work/press.sh" << 'INNER'
#!/bin/sh
"$1" --scale 2 "$2" --frames 420 --filter nearest --aspect 4:3 --screenshot "$3/frame.png" \
    --screenshot-window "$3/window.png" --quit > "$3/log.txt" 2>&1 &
pid=$!
w=$(xdotool search --sync --name "qt_padview" | head -1)
sleep 1
xdotool windowfocus "$w"
sleep 0.3
xdotool keydown x Left
wait $pid
code=$?
xdotool keyup x Left
exit $code
INNER
    chmod +x "$work/press.sh"
    "$work/press.sh" "$skipjack" "$program" "$work" || {
        cat "$work/log.txt"
        exit 1
    }
    cat "$work/log.txt"
    # Cross (bit 14) and Left (bit 7) held, Start (bit 3) and Circle (bit 13) not.
    "$check" probe "$work/frame.png" 232 144 255 255 255
    "$check" probe "$work/frame.png" 264 80 255 255 255
    "$check" probe "$work/frame.png" 136 80 66 66 66
    "$check" probe "$work/frame.png" 200 144 66 66 66
    "$check" frame "$work/window.png" "$work/frame.png" --filter nearest --aspect 4:3
    ;;
pointer)
    # The host mouse drives a GunCon in port 1 and a mouse in port 2 (settings); pointerview
    # prints what the pads report. The presenter is 640x480 (--scale 2) and the 4:3 picture
    # fills it: window pixel (x, y) is picture pixel (x/2, y/2). pointerview's display starts at
    # X1=260h video clocks, Y1=10h lines, so picture pixel (px, py) reads
    # X = 4Dh + 8 px * 8 / 53.693175 (8 MHz clocks from the first visible pixel, 260h, which
    # reads 4Dh: controllersandmemorycards.md "Lightguns - Namco (GunCon)", gpu "GP1(06h)"),
    # Y = 10h + py.
    mkdir -p "$XDG_CONFIG_HOME/skipjack"
    printf '[input]\nport1=guncon\nport2=mouse\n' > "$XDG_CONFIG_HOME/skipjack/skipjack.ini"
    cat > "$work/aim.sh" << 'INNER'
#!/bin/sh
stdbuf -oL "$1" --scale 2 --filter nearest --aspect 4:3 "$2" --frames 700 --quit \
    > "$3/log.txt" 2>&1 &
pid=$!
w=$(xdotool search --sync --name "qt_pointerview" | head -1)
sleep 2
p=$(xwininfo -children -id "$w" | awk '/^ +0x/{print $1; exit}')
xwininfo -id "$p" | grep -q "Width: 640" && xwininfo -id "$p" | grep -q "Height: 480" ||
    { echo "the presenter is not 640x480" > "$3/geometry.txt"; }
xdotool windowfocus "$w"
sleep 0.3
xdotool mousemove --window "$p" 100 50
sleep 0.5
xdotool mousemove --window "$p" 320 240
sleep 0.5
xdotool mousedown 1 # captures the mouse and pulls the trigger
sleep 0.5
xdotool mouseup 1
sleep 0.5
xdotool mousemove_relative -- 30 0
sleep 0.3
xdotool mousemove_relative -- 30 -7
sleep 0.5
xdotool mousedown 3
sleep 0.5
xdotool mouseup 3
sleep 0.5
xdotool key Escape # the cursor is free again: it aims the gun, it moves no mouse
sleep 0.3
xdotool mousemove_relative -- 30 0
sleep 0.5
xdotool mousemove --window "$p" 700 10 # off the window: no light
wait $pid
INNER
    chmod +x "$work/aim.sh"
    "$work/aim.sh" "$skipjack" "$program" "$work" || {
        cat "$work/log.txt"
        exit 1
    }
    cat "$work/log.txt"
    if [ -e "$work/geometry.txt" ]; then
        cat "$work/geometry.txt" >&2
        exit 1
    fi
    # The console's lines end in CR LF.
    tr -d '\r' < "$work/log.txt" > "$work/lines.txt"
    expect_line() {
        if ! grep -qx "$1" "$work/lines.txt"; then
            echo "missing: '$1' ($2)" >&2
            exit 1
        fi
    }
    # (100, 50) -> (50, 25): X = 4Dh + 400 * 8 / 53.693175 = 4Dh + 59.6 -> 88h, Y = 29h.
    expect_line "gun ffff 0088 0029" "aim at picture pixel 50,25"
    # (320, 240) -> (160, 120): X = 4Dh + 1280 * 8 / 53.693175 = 4Dh + 190.7 -> 10Bh, Y = 88h.
    expect_line "gun ffff 010b 0088" "aim at picture pixel 160,120"
    expect_line "gun dfff 010b 0088" "left button = Trigger (bit 13)"
    expect_line "mouse 30 0 fc" "captured motion +30,0"
    expect_line "mouse 60 -7 fc" "captured motion +30,-7 more"
    expect_line "gun fff7 010b 0088" "right button = A (bit 3)"
    expect_line "mouse 60 -7 f8" "right button = mouse Right (bit 10)"
    # Released: +30 window pixels = +15 picture pixels, (175, 120): 4Dh + 1400 * 8 /
    # 53.693175 = 4Dh + 208.6 -> 11Dh; the mouse does not move.
    expect_line "gun ffff 011d 0088" "aim after Escape"
    # The click that captured the mouse is not the mouse's: its left button was never held.
    if grep -q "^mouse .* f4$" "$work/lines.txt"; then
        echo "the capturing click reached the mouse" >&2
        exit 1
    fi
    if grep -q "^mouse 90 " "$work/lines.txt"; then
        echo "the mouse moved after Escape released it" >&2
        exit 1
    fi
    # Off the window: X=0001h, Y=000Ah ("no light").
    if [ "$(grep '^gun ' "$work/lines.txt" | tail -1)" != "gun ffff 0001 000a" ]; then
        echo "the gun off the window sees light" >&2
        exit 1
    fi
    echo "pointer: PASS"
    ;;
resize)
    # The swapchain follows resizes (bigger, smaller, odd sizes) while frames keep coming;
    # the final picture is checked at whatever size the window ended at.
    "$cli" run "$program" --frames 300 --screenshot "$work/cli.png"
    cat > "$work/resize.sh" << 'INNER'
#!/bin/sh
"$1" --scale 2 "$2" --frames 300 --filter nearest --aspect 4:3 --screenshot "$3/frame.png" \
    --screenshot-window "$3/window.png" --quit > "$3/log.txt" 2>&1 &
pid=$!
w=$(xdotool search --sync --name "qt_picture" | head -1)
sleep 0.5
for size in "1000 760" "333 251" "200 150" "801 733"; do
    xdotool windowsize "$w" $size
    sleep 0.4
done
wait $pid
INNER
    chmod +x "$work/resize.sh"
    "$work/resize.sh" "$skipjack" "$program" "$work" || {
        cat "$work/log.txt"
        exit 1
    }
    cat "$work/log.txt"
    "$check" same "$work/frame.png" "$work/cli.png"
    "$check" frame "$work/window.png" "$work/cli.png" --filter nearest --aspect 4:3
    ;;
audio_disk)
    # SDL's "disk" driver writes what the app plays (44.1 kHz 16-bit stereo, as opened) to a
    # file in real time: a recording of the app's audio path (pipeline, ring, rate control,
    # SDL). 1) The demo as it sounds (its music): the size must match the
    # time the device ran, 4 bytes per frame at 44.1 kHz: at least 2 of the run's 3 s and at
    # most the app's whole lifetime, and it must not be silent. 2) A 440 Hz test tone in place of the machine's audio,
    # with frame skipping, a quick-save and a quick-load on the way: no gap, no click, the right
    # pitch
    # (skipjack-audiocheck, given as CHECK).
    raw="$work/audio.raw"
    start=$(date +%s%N)
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$raw" run --frames 180 --quit
    end=$(date +%s%N)
    [ -s "$raw" ] || { echo "no audio recorded in $raw" >&2; exit 1; }
    size=$(stat -c %s "$raw")
    if [ $((size % 4)) -ne 0 ]; then
        echo "the recording is not whole 16-bit stereo frames: $size bytes" >&2
        exit 1
    fi
    lifetime_ms=$(((end - start) / 1000000))
    min=$((176400 * 2))                          # 2 s of the 3 s the run takes
    max=$((176400 * (lifetime_ms + 500) / 1000)) # all the app's lifetime, half a second slack
    echo "recorded $size bytes ($((size / 176)) ms) in $lifetime_ms ms"
    if [ "$size" -lt $min ] || [ "$size" -gt $max ]; then
        echo "recorded $size bytes, expected $min..$max" >&2
        exit 1
    fi
    # The demo plays music: what the app played must not be silence.
    "$check" "$raw" --not-silent
    # The ring's largest target (200 ms): this machine may run other builds and tests at the
    # same time, and a starved emulation thread is not what this checks.
    mkdir -p "$XDG_CONFIG_HOME/skipjack"
    printf '[audio]\nlatencyMs=200\n' > "$XDG_CONFIG_HOME/skipjack/skipjack.ini"
    # Frame skipping on: samples come per emulated frame whether or not it is presented. The
    # still picture program (when built) keeps the emulation light: a host too busy to run
    # the machine in real time starves any audio path, and that is not what this checks.
    tone_program=""
    if [ -e "$program" ]; then tone_program="$program"; fi
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$work/tone.raw" run $tone_program --frames 300 \
        --audio-test-tone \
        --frameskip fixed:2 --quicksave-at 100 --quickload-at 200 --quit
    # SDL's disk "device" keeps time with sleeps, so its clock is only roughly 44.1 kHz and
    # varies with the machine's load, and the host may starve either thread (other jobs on
    # this machine). So: with no underrun, overflow or skip counted by the app, the tone must
    # have no gap and no click; with underruns (the device outran the samples), every gap must
    # ramp in and out, no click; when the ring overflowed or skipped a burst (SDL's thread
    # stalled), a jump could not be helped: only the level is checked.
    audio_line=$(grep "skipjack: audio:" "$work/log.txt")
    echo "$audio_line"
    case "$audio_line" in
    *" 0 underruns, 0 overflows, 0 skips;"*) "$check" "$work/tone.raw" ;;
    *" 0 overflows, 0 skips;"*) "$check" "$work/tone.raw" --clicks-only ;;
    *) "$check" "$work/tone.raw" --level-only ;;
    esac
    ;;
errors)
    # Failures are reported, not crashed on: exit code and message (dialogs in normal use).
    expect_fail() {
        want_code=$1
        want_text=$2
        shift 2
        set +e
        "$skipjack" "$@" > "$work/log.txt" 2>&1
        code=$?
        set -e
        cat "$work/log.txt"
        if [ $code -ne "$want_code" ] || ! grep -q "$want_text" "$work/log.txt"; then
            echo "expected exit code $want_code and '$want_text', got $code" >&2
            exit 1
        fi
    }
    head -c 3000 /dev/zero > "$work/bad.exe"
    expect_fail 2 "Cannot start" "$work/bad.exe" --frames 5 --quit
    head -c 1000 /dev/zero > "$work/bad-bios.bin"
    expect_fail 2 "524288 bytes" --bios "$work/bad-bios.bin" --frames 5 --quit
    expect_fail 2 "Cannot read" "$work/missing.exe" --frames 5 --quit
    VK_ICD_FILENAMES="$work/no-such-driver.json" expect_fail 1 "Vulkan" --frames 5 --quit
    echo "error paths: PASS"
    ;;
*)
    echo "unknown test $kind" >&2
    exit 2
    ;;
esac
