// Savestates on the real machine running the built-in demo (CPU, GTE, GPU, DMA, timers, IRQs):
// snapshots taken while the game runs and batched restores must give exactly the states of a
// stopped save and a full synchronous load (DESIGN.md §2, §4).
#include <catch2/catch.hpp>

#include <filesystem>
#include <vector>

#include "assets/embedded.h"
#include "core/bus.h"
#include "core/savestates.h"
#include "core/system.h"

using namespace core;

namespace {
void bootDemo(System& sys) {
    auto demo = assets::embeddedProgram("skipjack-demo");
    REQUIRE(!demo.empty());
    std::string error;
    REQUIRE(sys.loadExe(demo, error));
}
} // namespace

TEST_CASE("demo: a snapshot taken while running equals one taken while stopped",
          "[savestate][snapshot][demo]") {
    System sys;
    bootDemo(sys);
    for (int i = 0; i < 60; ++i)
        sys.runFrame();
    auto& mgr = sys.snapshots();
    for (int round = 0; round < 4; ++round) {
        std::vector<uint8_t> stopped = sys.saveState();
        SnapshotRef snap = mgr.capture();
        for (int i = 0; i < 3; ++i) // the game runs on while the worker captures
            sys.runFrame();
        REQUIRE((snap->stateBytes() == stopped));
    }
    CHECK(mgr.stats().pagesShared > 0); // consecutive snapshots shared unchanged pages
}

TEST_CASE("demo: batched restore while running equals a full restore - for every batch size",
          "[savestate][restore][demo]") {
    System source;
    bootDemo(source);
    for (int i = 0; i < 90; ++i)
        source.runFrame();
    SnapshotRef snap = source.snapshots().capture();
    std::vector<uint8_t> full = source.saveState();

    // The reference: a full synchronous load, then N frames, hash per frame.
    const int kFrames = 40;
    System reference;
    std::string error;
    REQUIRE(reference.loadState(full, error));
    std::vector<uint64_t> hashes;
    for (int i = 0; i < kFrames; ++i) {
        reference.runFrame();
        hashes.push_back(reference.stateHash());
    }

    for (size_t batch : {size_t(1), size_t(4), size_t(32), size_t(Bus::kRamPages)}) {
        CAPTURE(batch);
        // A machine that has run elsewhere (same game) loads the snapshot while running.
        System live;
        bootDemo(live);
        for (int i = 0; i < 30; ++i)
            live.runFrame();
        live.snapshots().capture();
        for (int i = 0; i < 5; ++i)
            live.runFrame();
        // Batch size 1: pages come back on touch and a slow hand pump only; others also get
        // the automatic pump at each frame start.
        live.snapshots().setAutoPump(batch == 1 ? 0 : SnapshotManager::kDefaultPumpPages);
        live.snapshots().restore(snap, batch);
        // Frames with the restore pending, a few pages pumped between frames.
        for (int i = 0; i < kFrames / 2; ++i) {
            live.runFrame();
            live.snapshots().pump(batch == 1 ? 3 : 24);
        }
        REQUIRE(live.stateHash() == hashes[kFrames / 2 - 1]);
        for (int i = kFrames / 2; i < kFrames; ++i) {
            live.runFrame();
            REQUIRE(live.stateHash() == hashes[size_t(i)]);
        }
    }
}

TEST_CASE("demo: run-ahead and rewind keep the emulated run exact", "[savestate][demo]") {
    System plain, ahead;
    bootDemo(plain);
    bootDemo(ahead);
    RunAhead runAhead(ahead);
    std::vector<uint8_t> rgba, plainRgba;
    uint32_t w = 0, h = 0;
    std::vector<uint64_t> hashes;
    for (int i = 0; i < 40; ++i) {
        plain.runFrame();
        runAhead.runFrame(1 + unsigned(i % 4), rgba, w, h);
        hashes.push_back(plain.stateHash());
        REQUIRE(ahead.stateHash() == hashes.back());
    }
    // The image shown by run-ahead N is the frame the plain run shows N frames later.
    runAhead.runFrame(2, rgba, w, h);
    plain.runFrame();
    plain.runFrame();
    plain.runFrame();
    plain.gpu().scanout(plainRgba, w, h);
    CHECK((rgba == plainRgba));

    Rewind rewind(ahead, 1, 64u << 20);
    std::vector<uint64_t> rewindHashes;
    for (int i = 0; i < 30; ++i) {
        ahead.runFrame();
        rewind.frame();
        rewindHashes.push_back(ahead.stateHash());
    }
    REQUIRE(rewind.rewind(10));
    CHECK(ahead.stateHash() == rewindHashes[20]);
    ahead.runFrame();
    CHECK(ahead.stateHash() == rewindHashes[21]);
}

TEST_CASE("demo: quick-saves - rewind and run-ahead all at once keep the emulated run exact",
          "[savestate][demo]") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("skipjack-all-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    System plain, sys;
    bootDemo(plain);
    bootDemo(sys);
    std::vector<uint64_t> hashes;
    {
        QuickSaves slots(sys, dir.string());
        Rewind rewind(sys, 2, 32u << 20);
        RunAhead runAhead(sys);
        std::vector<uint8_t> rgba;
        uint32_t w, h;
        std::string error;
        for (int i = 0; i < 60; ++i) {
            plain.runFrame();
            hashes.push_back(plain.stateHash());
            runAhead.runFrame(2, rgba, w, h);
            rewind.frame();
            if (i % 7 == 3) REQUIRE(slots.save(i % 10, error));
            REQUIRE(sys.stateHash() == hashes.back());
        }
        // Back to the quick-save of frame index 52 (slot 52 % 10), then on from there.
        REQUIRE(slots.load(2, error));
        CHECK(sys.stateHash() == hashes[52]);
        sys.runFrame();
        CHECK(sys.stateHash() == hashes[53]);
        // Rewind keeps every second frame (indices 1, 3, ..., 59): three back is index 55.
        REQUIRE(rewind.rewind(3));
        CHECK(sys.stateHash() == hashes[55]);
        slots.flush();
        CHECK(slots.takeWriteError().empty());
    }
    fs::remove_all(dir);
}
