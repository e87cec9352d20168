#!/usr/bin/env bash
# ThreadSanitizer job (issue 16 item 1): builds skipjack-tests with -fsanitize=thread in its own
# build directory and runs the GPU and frame-skip Catch2 tests with every test GPU executing its
# records on the render worker (SKIPJACK_TEST_RENDER_THREAD=1), plus the render worker's own
# tests. A data race report fails the run.
# Usage: scripts/tsan.sh [build-dir]   (default build-tsan)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-${SKIPJACK_TSAN_BUILD_DIR:-build-tsan}}
launcher=()
if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSKIPJACK_WERROR=ON \
    -DSKIPJACK_SANITIZE=thread -DSKIPJACK_BUILD_GUI=OFF -DSKIPJACK_BUILD_ROMS=OFF "${launcher[@]}"
cmake --build "$dir" -j 2 --target skipjack-tests
# halt_on_error: the first race ends the process with a failure (exitcode 66).
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
"$dir/tests/skipjack-tests" "[render-thread]"
SKIPJACK_TEST_RENDER_THREAD=1 "$dir/tests/skipjack-tests" "[gpu],[frameskip]"
echo "tsan: the GPU and frame-skip tests are clean with the render worker on"
