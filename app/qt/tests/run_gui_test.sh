#!/bin/sh
# Runs skipjack under Xvfb on Mesa's software Vulkan driver and checks the window picture.
# usage: run_gui_test.sh demo|overlay|pattern SKIPJACK SHOTCHECK WORKDIR
set -eu
kind=$1
skipjack=$2
check=$3
work=$4
rm -rf "$work"
mkdir -p "$work"
# Fresh settings, no audio device needed, software rendering, the platform Xvfb provides.
export XDG_CONFIG_HOME="$work/config"
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export SDL_AUDIODRIVER=dummy
export QT_QPA_PLATFORM=xcb
for icd in /usr/share/vulkan/icd.d/lvp_icd.*.json; do
    [ -e "$icd" ] && export VK_ICD_FILENAMES="$icd"
done

run() {
    xvfb-run -a -s "-screen 0 1280x1024x24" "$skipjack" --scale 2 "$@"
}

case "$kind" in
demo | overlay)
    extra=""
    [ "$kind" = overlay ] && extra="--overlay"
    run --frames 90 --filter nearest --aspect 4:3 $extra --screenshot "$work/frame.png" \
        --screenshot-window "$work/window.png" --quit > "$work/log.txt" 2>&1 || {
        cat "$work/log.txt"
        exit 1
    }
    cat "$work/log.txt"
    raw="$work/frame.png"
    [ -e "$raw" ] || raw=none # display off: the whole window must be black
    "$check" frame "$work/window.png" "$raw" --filter nearest --aspect 4:3 $extra
    ;;
pattern)
    for filter in nearest bilinear sharp; do
        for aspect in 4:3 stretch integer; do
            run --test-pattern --filter $filter --aspect $aspect \
                --screenshot-window "$work/window-$filter-$aspect.png" --quit \
                > "$work/log.txt" 2>&1 || {
                cat "$work/log.txt"
                exit 1
            }
            "$check" pattern "$work/window-$filter-$aspect.png" --filter $filter --aspect $aspect
        done
    done
    ;;
*)
    echo "unknown test $kind" >&2
    exit 2
    ;;
esac
