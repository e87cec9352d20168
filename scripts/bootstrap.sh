#!/usr/bin/env bash
# Skipjack set-up on Debian 12: installs what is missing, builds, then either runs the
# built-in demo (`demo`) or every test (`test`). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-demo}
build=${SKIPJACK_BUILD_DIR:-build}
jobs=${SKIPJACK_JOBS:-$(nproc)}

"$(dirname "$0")/install-deps.sh"

# Testing is developing: warnings are errors there (a user's plain build keeps them warnings).
werror=()
if [ "$mode" = test ]; then werror=(-DSKIPJACK_WERROR=ON); fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${werror[@]}"
cmake --build "$build" -j "$jobs"

case "$mode" in
demo)
    if [ -x "$build/app/qt/skipjack" ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        echo "== starting the desktop app on the built-in demo =="
        exec "$build/app/qt/skipjack"
    fi
    echo "== no display (or no desktop app): skipjack-cli runs the built-in demo for 10 seconds =="
    "$build/app/cli/skipjack-cli" run --tty --frames 600 --screenshot skipjack-demo.png
    echo "== the last frame is in skipjack-demo.png =="
    ;;
test)
    cd "$build"
    ctest -j "$jobs" --output-on-failure --timeout 900
    ;;
*)
    echo "usage: $0 [demo|test]" >&2
    exit 2
    ;;
esac
