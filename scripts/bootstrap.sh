#!/usr/bin/env bash
# Skipjack set-up on Debian 12: installs what is missing, builds, then either runs the
# built-in demo (`demo`) or every test (`test`). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-demo}
build=${SKIPJACK_BUILD_DIR:-build}
jobs=${SKIPJACK_JOBS:-$(nproc)}

"$(dirname "$0")/install-deps.sh"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j "$jobs"

case "$mode" in
demo)
    echo "== skipjack-cli running the built-in demo (10 seconds of emulated time) =="
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
