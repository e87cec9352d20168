#include <catch2/catch.hpp>

#include <vector>

#include "core/system.h"

// DESIGN.md §2: the same inputs give the same state, bit for bit, across a save and load.
TEST_CASE("determinism: state hashes per frame repeat after loading a savestate",
          "[devices][determinism]") {
    core::System sys;
    for (int i = 0; i < 3; ++i)
        sys.runFrame();
    std::vector<uint8_t> saved = sys.saveState();
    const int kFrames = 12; // the placeholder CPU executes nothing; keep it quick
    std::vector<uint64_t> first;
    for (int i = 0; i < kFrames; ++i) {
        sys.runFrame();
        first.push_back(sys.stateHash());
    }
    std::string error;
    REQUIRE(sys.loadState(saved, error));
    for (int i = 0; i < kFrames; ++i) {
        sys.runFrame();
        CHECK(sys.stateHash() == first[size_t(i)]);
    }
}
