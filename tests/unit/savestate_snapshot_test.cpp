// Savestates that never stall the game (DESIGN.md §4): copy-on-write snapshots, batched restore,
// state files, quick-save slots, rewind and run-ahead, checked against plain full save/load.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <random>
#include <thread>

#include "core/bus.h"
#include "core/savestates.h"
#include "core/system.h"
#include "savestate/state_file.h"

using namespace core;
namespace fs = std::filesystem;

namespace {

// A tiny PS-EXE (the real CPU runs it once it lands; until then it gives the machine a game
// identity and known RAM contents): an endless loop at 80010000h.
std::vector<uint8_t> tinyExe(uint32_t seed) {
    std::vector<uint8_t> f(2048 + 2048, 0);
    std::memcpy(f.data(), "PS-X EXE", 8);
    auto put = [&](size_t at, uint32_t v) { std::memcpy(&f[at], &v, 4); };
    put(0x10, 0x80010000); // pc
    put(0x18, 0x80010000); // load address
    put(0x1c, 2048);       // text size
    put(2048, 0x1000ffff); // beq zero,zero,-1
    put(2048 + 8, seed);   // data that makes two programs differ
    return f;
}

fs::path tempDir(const char* name) {
    fs::path p = fs::temp_directory_path() /
                 ("skipjack-ss-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

// A deterministic stand-in for a game's frame: RAM reads and writes through the bus page table
// (as the CPU and DMA do), a read-dependent checksum written back (a stale page would change
// it), and a GPU fill so VRAM and the GPU state change too. Then the machine's own frame.
void gameInput(System& sys, uint32_t frame, unsigned writes = 64) {
    sys.snapshots().beforeEmulation(); // host code feeding the GPU between frames
    Bus& bus = sys.bus();
    std::mt19937 rng(frame * 7919u + 1);
    uint32_t sum = 0;
    for (unsigned i = 0; i < writes; ++i) {
        // Half the traffic hits a "hot" area, the rest anywhere in 2 MiB.
        uint32_t addr = (i & 1) ? (rng() % (Bus::kRamSize / 4)) * 4 : 0x100000 + (rng() % 4096) * 4;
        sum = sum * 31 + bus.read(0x80000000 | addr, 4);
        bus.write(0x80000000 | addr, sum ^ rng(), 4);
    }
    bus.write(0x80000000 | 0x1ff000, sum, 4);
    bus.write(0x1f800000 + (frame % 256) * 4, sum, 4); // scratchpad
    uint32_t colour = sum & 0xffffff;
    sys.gpu().writeGP0(0x02000000 | colour, sys.scheduler().now());
    sys.gpu().writeGP0(((frame % 64) * 8) << 16 | ((frame % 32) * 16), sys.scheduler().now());
    sys.gpu().writeGP0(0x00100010, sys.scheduler().now());
}

void gameFrame(System& sys, uint32_t frame, unsigned writes = 64) {
    gameInput(sys, frame, writes);
    sys.runFrame();
}

void boot(System& sys, uint32_t seed = 1) {
    std::string error;
    REQUIRE(sys.loadExe(tinyExe(seed), error));
}

} // namespace

TEST_CASE("game identity is the PS-EXE hash and the BIOS identity is HLE", "[savestate]") {
    System sys;
    CHECK(sys.gameId().empty());
    boot(sys, 5);
    CHECK(sys.gameId() == exeGameId(tinyExe(5)));
    CHECK(sys.gameId().rfind("exe:", 0) == 0);
    CHECK(sys.gameId().size() == 4 + 16);
    CHECK(exeGameId(tinyExe(5)) != exeGameId(tinyExe(6)));
    CHECK(sys.biosId() == "HLE");
}

TEST_CASE("a snapshot holds the machine as it was at the quiesce point - though the game writes on",
          "[savestate][snapshot]") {
    System sys;
    boot(sys);
    for (uint32_t f = 0; f < 3; ++f)
        gameFrame(sys, f);
    std::vector<uint8_t> stopped = sys.saveState(); // taken with the machine stopped
    SnapshotRef snap = sys.snapshots().capture();
    // The worker finishes the capture while the game runs on (and may be done already).
    for (uint32_t f = 3; f < 6; ++f)
        gameFrame(sys, f, 4000);
    CHECK((snap->stateBytes() == stopped));
    CHECK((sys.saveState() != stopped));
}

TEST_CASE("consecutive snapshots share every page not written in between",
          "[savestate][snapshot]") {
    System sys;
    boot(sys);
    auto& mgr = sys.snapshots();
    SnapshotRef a = mgr.capture();
    a->finishCapture();
    sys.bus().write(0x80000000 | 0x3000, 1, 4);
    sys.bus().write(0x80000000 | 0x3004, 2, 4);
    sys.bus().write(0x80000000 | 0x7ff00, 3, 4);
    SnapshotRef b = mgr.capture();
    b->finishCapture();
    CHECK(b->ram().pagesNotIn(a->ram()) == 2);
    CHECK(a->ram().pagesNotIn(b->ram()) == 2);
    SnapshotRef c = mgr.capture(); // nothing written
    c->finishCapture();
    CHECK(c->ram().pagesNotIn(b->ram()) == 0);
}

TEST_CASE("save - load and run on gives the uninterrupted run - frame by frame", "[savestate]") {
    System a, b;
    boot(a);
    boot(b);
    for (uint32_t f = 0; f < 5; ++f) {
        gameFrame(a, f);
        gameFrame(b, f);
    }
    std::vector<uint8_t> saved = b.saveState();
    // b wanders off, then comes back by a full synchronous load.
    for (uint32_t f = 100; f < 104; ++f)
        gameFrame(b, f, 3000);
    std::string error;
    REQUIRE(b.loadState(saved, error));
    for (uint32_t f = 5; f < 12; ++f) {
        gameFrame(a, f);
        gameFrame(b, f);
        REQUIRE(a.stateHash() == b.stateHash());
    }
}

TEST_CASE("batched restore while running equals a full restore - for every batch size",
          "[savestate][restore]") {
    for (size_t batch : {size_t(1), size_t(4), size_t(32), size_t(Bus::kRamPages)}) {
        for (size_t pumpPages : {size_t(0), size_t(8), size_t(Bus::kRamPages)}) {
            CAPTURE(batch, pumpPages);
            System reference, live;
            boot(reference);
            boot(live);
            for (uint32_t f = 0; f < 4; ++f)
                gameFrame(live, f);
            SnapshotRef snap = live.snapshots().capture();
            std::vector<uint8_t> full = live.saveState();
            for (uint32_t f = 50; f < 54; ++f)
                gameFrame(live, f, 3000);

            std::string error;
            REQUIRE(reference.loadState(full, error)); // the synchronous full restore
            live.snapshots().setAutoPump(0);           // pumped by hand below (or not at all)
            live.snapshots().restore(snap, batch);
            CHECK(live.snapshots().restorePending());
            for (uint32_t f = 10; f < 16; ++f) {
                gameFrame(reference, f);
                gameFrame(live, f);
                if (pumpPages) live.snapshots().pump(pumpPages);
                // Compare without completing the restore first: the page table must already
                // give the game the restored contents.
                for (uint32_t addr = 0; addr < Bus::kRamSize; addr += 4096 + 4)
                    REQUIRE(live.bus().read(0x80000000 | addr, 4) ==
                            reference.bus().read(0x80000000 | addr, 4));
            }
            REQUIRE(live.stateHash() == reference.stateHash()); // completes the restore
            CHECK_FALSE(live.snapshots().restorePending());
        }
    }
}

TEST_CASE("a restore rewrites only the pages that differ from the live baseline",
          "[savestate][restore]") {
    System sys;
    boot(sys);
    auto& mgr = sys.snapshots();
    SnapshotRef snap = mgr.capture();
    sys.bus().write(0x80000000 | 0x5000, 0xdead, 4);
    sys.bus().write(0x80000000 | 0x9000, 0xbeef, 4);
    mgr.restore(snap);
    CHECK(mgr.pendingPages() == 2);
    CHECK(sys.bus().read(0x80005000, 4) == 0); // restored on touch (the read intercept)
    CHECK(mgr.pendingPages() < 2);
    mgr.finishRestore();
    CHECK(sys.bus().ram()[0x9000] == 0);
}

TEST_CASE("a snapshot taken while a restore is pending holds the restored contents",
          "[savestate][restore]") {
    System sys;
    boot(sys);
    gameFrame(sys, 0);
    auto& mgr = sys.snapshots();
    SnapshotRef first = mgr.capture();
    std::vector<uint8_t> expected = sys.saveState();
    gameFrame(sys, 1, 5000);
    mgr.restore(first, 1);
    SnapshotRef second = mgr.capture(); // restore still pending
    CHECK((second->stateBytes() == expected));
}

TEST_CASE("snapshot state files round trip and carry identity and a thumbnail", "[savestate]") {
    fs::path dir = tempDir("file");
    System sys;
    boot(sys);
    sys.gpu().writeGP1(0x03000000, 0); // display on
    gameFrame(sys, 0);
    std::vector<uint8_t> expected = sys.saveState();
    uint64_t expectedHash = sys.stateHash();
    SnapshotRef snap = sys.snapshots().capture();
    bool ok = false;
    std::string writeError;
    sys.snapshots().saveFileAsync(snap, (dir / "a.sjstate").string(),
                                  [&](bool o, const std::string& e) { ok = o, writeError = e; });
    gameFrame(sys, 1, 3000);
    sys.snapshots().waitForWorker();
    REQUIRE(ok);
    CHECK_FALSE(fs::exists(dir / "a.sjstate.tmp"));

    std::vector<uint8_t> file;
    std::string error;
    REQUIRE(savestate::readWholeFile((dir / "a.sjstate").string(), file, error));
    savestate::StateFileInfo info;
    std::vector<uint8_t> state;
    REQUIRE(savestate::decodeStateFile(file, sys.gameId(), info, state, error));
    CHECK((state == expected));
    CHECK(info.gameId == sys.gameId());
    CHECK(info.biosId == "HLE");
    CHECK(info.thumbWidth > 0);
    CHECK(info.thumbWidth <= SnapshotManager::kThumbMaxWidth);
    CHECK(info.thumbnail.size() == size_t(info.thumbWidth) * info.thumbHeight * 4);

    REQUIRE(sys.snapshots().loadFile((dir / "a.sjstate").string(), error));
    CHECK(sys.stateHash() == expectedHash);
    fs::remove_all(dir);
}

TEST_CASE("a state for another game - a newer format or a damaged file is refused and changes "
          "nothing",
          "[savestate]") {
    fs::path dir = tempDir("refuse");
    System other;
    boot(other, 2);
    gameFrame(other, 0);
    std::vector<uint8_t> otherFile = savestate::encodeStateFile(
        other.snapshots().fileInfo(*other.snapshots().capture()), other.saveState());

    System sys;
    boot(sys, 1);
    gameFrame(sys, 0);
    SnapshotRef snap = sys.snapshots().capture();
    std::vector<uint8_t> good =
        savestate::encodeStateFile(sys.snapshots().fileInfo(*snap), snap->stateBytes());
    gameFrame(sys, 1);
    uint64_t before = sys.stateHash();
    std::string error;

    CHECK_FALSE(sys.snapshots().decodeFile(otherFile, error));
    CHECK(error.find("another game") != std::string::npos);

    auto newer = good;
    newer[8] = savestate::kStateFormatVersion + 1;
    CHECK_FALSE(sys.snapshots().decodeFile(newer, error));
    CHECK(error.find("newer") != std::string::npos);

    // Another BIOS.
    savestate::StateFileInfo info = sys.snapshots().fileInfo(*snap);
    info.biosId = "bios:0000000000000001";
    CHECK_FALSE(
        sys.snapshots().decodeFile(savestate::encodeStateFile(info, snap->stateBytes()), error));
    CHECK(error.find("BIOS") != std::string::npos);

    // A state whose payload checks out but which this build cannot read.
    std::vector<uint8_t> garbage(5000, 0x42);
    CHECK_FALSE(sys.snapshots().decodeFile(
        savestate::encodeStateFile(sys.snapshots().fileInfo(*snap), garbage), error));

    // Every truncation and random damage: refused (or, if the damage missed everything that
    // matters, accepted whole) and never a crash.
    std::mt19937 rng(99);
    for (size_t len = 0; len < good.size(); len += 1 + len / 7) {
        std::span<const uint8_t> cut(good.data(), len);
        REQUIRE_FALSE(sys.snapshots().decodeFile(cut, error));
    }
    for (int i = 0; i < 300; ++i) {
        auto bad = good;
        int flips = 1 + int(rng() % 4);
        for (int k = 0; k < flips; ++k)
            bad[rng() % bad.size()] ^= uint8_t(1u << (rng() % 8));
        // A flip the compressed stream absorbs (it decodes to the same bytes, which the
        // payload checksum confirms) leaves an intact state: accepting it whole is right.
        if (SnapshotRef same = sys.snapshots().decodeFile(bad, error)) {
            bool whole = same->stateBytes() == snap->stateBytes();
            REQUIRE(whole);
        }
    }
    REQUIRE_FALSE(sys.snapshots().loadFile((dir / "missing.sjstate").string(), error));
    CHECK(sys.stateHash() == before);

    // System::loadState keeps the same property for raw states.
    std::vector<uint8_t> raw = sys.saveState();
    for (size_t len = 0; len < raw.size(); len += 1 + len / 3) {
        REQUIRE_FALSE(sys.loadState(std::span<const uint8_t>(raw.data(), len), error));
    }
    CHECK(sys.stateHash() == before);
    fs::remove_all(dir);
}

TEST_CASE("ten quick-save slots with undo-load and undo-save", "[savestate][quicksave]") {
    fs::path dir = tempDir("slots");
    uint64_t atSave, atSecondSave, beforeLoad;
    {
        System sys;
        boot(sys);
        QuickSaves slots(sys, dir.string());
        std::string error;
        CHECK_FALSE(slots.save(10, error));
        CHECK_FALSE(slots.load(4, error)); // empty
        gameFrame(sys, 0);
        atSave = sys.stateHash();
        REQUIRE(slots.save(3, error));
        gameFrame(sys, 1, 2000);
        beforeLoad = sys.stateHash();
        REQUIRE(slots.load(3, error));
        CHECK(sys.stateHash() == atSave);
        REQUIRE(slots.undoLoad(error));
        CHECK(sys.stateHash() == beforeLoad);
        REQUIRE(slots.undoLoad(error)); // redo
        CHECK(sys.stateHash() == atSave);

        gameFrame(sys, 2, 2000);
        atSecondSave = sys.stateHash();
        REQUIRE(slots.save(3, error)); // overwrites slot 3
        REQUIRE(slots.undoSave(error));
        CHECK_FALSE(slots.undoSave(error));
        slots.flush();
        CHECK(slots.takeWriteError().empty());
    }
    {
        // A new session reads the slot from its file: the first save is back.
        System sys;
        boot(sys);
        QuickSaves slots(sys, dir.string());
        std::string error;
        REQUIRE(slots.load(3, error));
        CHECK(sys.stateHash() == atSave);
        CHECK(atSave != atSecondSave);
        // Another game does not see this game's slots.
        System other;
        boot(other, 9);
        QuickSaves otherSlots(other, dir.string());
        CHECK_FALSE(otherSlots.load(3, error));
    }
    fs::remove_all(dir);
}

TEST_CASE("rewind steps back to earlier frames within a memory budget", "[savestate][rewind]") {
    System sys;
    boot(sys);
    std::vector<uint64_t> hashes;
    {
        Rewind rewind(sys, 1, 64u << 20);
        for (uint32_t f = 0; f < 20; ++f) {
            gameFrame(sys, f);
            rewind.frame();
            hashes.push_back(sys.stateHash());
        }
        CHECK(rewind.entries() == 20);
        size_t bytes = rewind.memoryBytes();
        CHECK(bytes < 20 * 200 * 1024); // deltas, not 20 whole machines
        REQUIRE(rewind.rewind(1));
        CHECK(sys.stateHash() == hashes[19]);
        REQUIRE(rewind.rewind(5)); // four frames further back
        CHECK(sys.stateHash() == hashes[15]);
        // The game runs on from there exactly as it did the first time.
        gameFrame(sys, 16);
        CHECK(sys.stateHash() == hashes[16]);
        CHECK_FALSE(rewind.rewind(100));

        rewind.setBudget(bytes / 4);
        for (uint32_t f = 0; f < 3; ++f) {
            gameFrame(sys, 100 + f);
            rewind.frame();
        }
        CHECK(rewind.memoryBytes() <= bytes / 4 + 2 * 1024 * 1024);
        CHECK(rewind.entries() < 19);
    }
}

TEST_CASE("run-ahead leaves the emulated state of a plain run", "[savestate][runahead]") {
    System plain, ahead;
    boot(plain);
    boot(ahead);
    RunAhead runAhead(ahead);
    std::vector<uint8_t> rgba;
    uint32_t w, h;
    for (uint32_t f = 0; f < 8; ++f) {
        gameFrame(plain, f);
        gameInput(ahead, f); // the same game input, then run-ahead of 1-4 frames
        runAhead.runFrame(1 + f % 4, rgba, w, h);
        REQUIRE(ahead.frameCount() == plain.frameCount());
        REQUIRE(ahead.stateHash() == plain.stateHash());
    }
}

TEST_CASE("random captures - writes - restores and pumps agree with full synchronous save/load",
          "[savestate][restore][stress]") {
    // The live machine uses snapshots (copy-on-write, batched restore, several alive at once);
    // the reference does the same with plain saveState()/loadState().
    for (uint32_t seed : {2024u, 7u, 99u, 31337u}) {
        CAPTURE(seed);
        System live, ref;
        boot(live);
        boot(ref);
        live.snapshots().setAutoPump(seed & 1 ? SnapshotManager::kDefaultPumpPages : 0);
        std::mt19937 rng(seed);
        std::vector<std::pair<SnapshotRef, std::vector<uint8_t>>> kept;
        uint32_t frame = 0;
        for (int step = 0; step < 400; ++step) {
            unsigned op = rng() % 10;
            if (op < 4) { // the game writes (a burst, through the page table)
                unsigned n = 1 + rng() % 300;
                uint32_t base = (rng() % (Bus::kRamSize / 4)) * 4;
                for (unsigned i = 0; i < n; ++i) {
                    uint32_t addr = (rng() & 1) ? (base + i * 4) % Bus::kRamSize
                                                : (rng() % (Bus::kRamSize / 4)) * 4;
                    uint32_t v = rng();
                    live.bus().write(0x80000000 | addr, v, 4);
                    ref.bus().write(0x80000000 | addr, v, 4);
                }
            } else if (op < 6) {
                SnapshotRef s = live.snapshots().capture();
                kept.emplace_back(s, ref.saveState());
                if (kept.size() > 6) kept.erase(kept.begin() + long(rng() % kept.size()));
            } else if (op < 8 && !kept.empty()) {
                auto& [snap, bytes] = kept[rng() % kept.size()];
                static const size_t kBatches[] = {1, 3, 16, Bus::kRamPages};
                live.snapshots().restore(snap, kBatches[rng() % 4]);
                std::string error;
                REQUIRE(ref.loadState(bytes, error));
            } else if (op == 8) {
                live.snapshots().pump(rng() % 40);
            } else if (frame < 40) {
                gameFrame(live, frame);
                gameFrame(ref, frame);
                ++frame;
            }
            for (int i = 0; i < 32; ++i) {
                uint32_t addr = 0x80000000 | (rng() % (Bus::kRamSize / 4)) * 4;
                REQUIRE(live.bus().read(addr, 4) == ref.bus().read(addr, 4));
            }
            if (step % 50 == 49) REQUIRE(live.stateHash() == ref.stateHash());
        }
        REQUIRE(live.stateHash() == ref.stateHash());
    }
}
