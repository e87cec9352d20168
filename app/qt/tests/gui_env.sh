# Sourced by run_gui_test.sh and run_savestate_test.sh; reads their arguments
#   KIND SKIPJACK SHOTCHECK CLI WORKDIR [PROGRAM]
# sets $kind $skipjack $check $cli $work $program, empties WORKDIR and gives the desktop app a
# fresh environment (settings and data under WORKDIR, no audio device, Mesa's software Vulkan)
# and an X server of this test's own.
kind=$1
skipjack=$2
check=$3
cli=$4
work=$5
program=${6:-}
rm -rf "$work"
mkdir -p "$work"

#
# Each test starts its own Xvfb and lets the server choose a free display (-displayfd), so
# tests running in parallel (ctest -j, or several checkouts on one machine) never pick the
# same display number the way `xvfb-run -a`'s look-then-start can; the server is stopped
# when the script exits, whichever way it exits.
export XDG_CONFIG_HOME="$work/config"
export XDG_DATA_HOME="$work/data"
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export SDL_AUDIODRIVER=dummy
export QT_QPA_PLATFORM=xcb
for icd in /usr/share/vulkan/icd.d/lvp_icd.*.json; do
    if [ -e "$icd" ]; then export VK_ICD_FILENAMES="$icd"; fi
done

xvfb_pid=""
stop_xvfb() {
    if [ -n "$xvfb_pid" ]; then
        kill "$xvfb_pid" 2> /dev/null || true
        wait "$xvfb_pid" 2> /dev/null || true
        xvfb_pid=""
    fi
}
trap stop_xvfb EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

display_file="$work/xvfb.display"
: > "$display_file"
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3> "$display_file" \
    > "$work/xvfb.log" 2>&1 &
xvfb_pid=$!
# The server writes its display number once it accepts connections.
tries=0
while ! grep -q '^[0-9][0-9]*$' "$display_file"; do
    if ! kill -0 "$xvfb_pid" 2> /dev/null; then
        cat "$work/xvfb.log" >&2
        echo "Xvfb did not start" >&2
        exit 1
    fi
    tries=$((tries + 1))
    if [ $tries -gt 300 ]; then
        echo "Xvfb gave no display number within 30 s" >&2
        exit 1
    fi
    sleep 0.1
done
DISPLAY=":$(cat "$display_file")"
export DISPLAY
echo "Xvfb on display $DISPLAY"
