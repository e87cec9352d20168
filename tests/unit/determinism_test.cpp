#include <catch2/catch.hpp>

#include <vector>

#include "assets/embedded.h"
#include "core/system.h"

// DESIGN.md §2: the same inputs give the same state, bit for bit, across a save and load.
// The built-in demo in attract mode exercises the CPU, GTE, GPU, DMA, timers, IRQs and pads.
TEST_CASE("determinism: 300 frames after a load repeat the uninterrupted run - hash for hash",
          "[determinism]") {
    auto demo = assets::embeddedProgram("skipjack-demo");
    REQUIRE(!demo.empty());
    core::System sys;
    std::string error;
    REQUIRE(sys.loadExe(demo, error));
    for (int i = 0; i < 120; ++i)
        sys.runFrame();
    std::vector<uint8_t> saved = sys.saveState();
    const int kFrames = 300;
    std::vector<uint64_t> first;
    for (int i = 0; i < kFrames; ++i) {
        sys.runFrame();
        first.push_back(sys.stateHash());
    }
    REQUIRE(sys.loadState(saved, error));
    int mismatches = 0;
    for (int i = 0; i < kFrames; ++i) {
        sys.runFrame();
        if (sys.stateHash() != first[size_t(i)]) ++mismatches;
    }
    CHECK(mismatches == 0);

    // A second machine loading the same state follows the same path too.
    core::System other;
    REQUIRE(other.loadState(saved, error));
    for (int i = 0; i < kFrames; ++i)
        other.runFrame();
    CHECK(other.stateHash() == first.back());
}
