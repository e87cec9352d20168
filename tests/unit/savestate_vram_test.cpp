// VRAM captured copy-on-write (DESIGN.md §4 "memory (RAM, VRAM, SPU RAM, scratchpad) is captured
// by copy-on-write pages ... Dirty-page tracking lets consecutive snapshots share unchanged
// pages"), through the GPU's page table of 64x32-pixel tiles (gpu/vram_pages.h). Drawing uses
// GP0(02h) fill (graphicsprocessingunitgpu.md "GP0(02h) - Fill Rectangle in VRAM": X and width
// in 16-pixel steps, ignores the drawing area) and GP0(A0h) CPU->VRAM transfers.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "core/bus.h"
#include "core/savestates.h"
#include "core/spu.h"
#include "core/system.h"
#include "gpu/vram_pages.h"

using namespace core;
namespace fs = std::filesystem;

namespace {

std::vector<uint8_t> tinyExe() {
    std::vector<uint8_t> f(4096, 0);
    std::memcpy(f.data(), "PS-X EXE", 8);
    auto put = [&](size_t at, uint32_t v) { std::memcpy(&f[at], &v, 4); };
    put(0x10, 0x80010000);
    put(0x18, 0x80010000);
    put(0x1c, 2048);
    put(2048, 0x1000ffff); // beq zero,zero,-1
    return f;
}

void boot(System& sys) {
    std::string error;
    REQUIRE(sys.loadExe(tinyExe(), error));
}

void fill(System& sys, uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t colour) {
    uint64_t now = sys.scheduler().now();
    sys.gpu().writeGP0(0x02000000 | (colour & 0xffffff), now);
    sys.gpu().writeGP0(y << 16 | x, now);
    sys.gpu().writeGP0(h << 16 | w, now);
}

void upload(System& sys, uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint16_t seed) {
    uint64_t now = sys.scheduler().now();
    sys.gpu().writeGP0(0xA0000000, now);
    sys.gpu().writeGP0(y << 16 | x, now);
    sys.gpu().writeGP0(h << 16 | w, now);
    for (uint32_t i = 0; i < (w * h + 1) / 2; ++i)
        sys.gpu().writeGP0(uint32_t(seed + i) * 0x00010001u ^ 0x12345678u, now);
}

std::vector<uint8_t> liveVram(System& sys) {
    const auto* v = reinterpret_cast<const uint8_t*>(sys.gpu().vram());
    return {v, v + gpu::kVramWidth * gpu::kVramHeight * 2};
}

std::vector<uint8_t> bytesOf(const savestate::RegionImage& image) {
    std::vector<uint8_t> out(image.size);
    image.copyTo(out.data());
    return out;
}

// Keeps the snapshot worker busy until release(), so captures stay in progress.
struct WorkerGate {
    std::mutex m;
    std::condition_variable cv;
    bool open = false, entered = false;
    void hold(SnapshotManager& mgr) {
        mgr.runOnWorker([this] {
            std::unique_lock<std::mutex> lock(m);
            entered = true;
            cv.notify_all();
            cv.wait(lock, [this] { return open; });
        });
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [this] { return entered; });
    }
    void release() {
        std::lock_guard<std::mutex> lock(m);
        open = true;
        cv.notify_all();
    }
};

} // namespace

TEST_CASE("VRAM tiles map a rectangle to the pages it covers", "[savestate][vram]") {
    gpu::VramPages pages;
    std::vector<uint32_t> hooked;
    pages.setHook([&](uint32_t p) {
        hooked.push_back(p);
        pages.setFlags(p, pages.flags(p) & gpu::VramPages::kTrackDirty);
    });
    pages.trackDirty();
    pages.setFlags(17, pages.flags(17) | gpu::VramPages::kInterceptWrite);
    gpu::Rect r;
    r.x0 = 60, r.y0 = 30, r.x1 = 70, r.y1 = 40; // straddles tiles (0,0), (1,0), (0,1), (1,1)
    pages.beforeWrite(&r, 1);
    CHECK(pages.dirty(0));
    CHECK(pages.dirty(1));
    CHECK(pages.dirty(16));
    CHECK(pages.dirty(17));
    CHECK_FALSE(pages.dirty(2));
    CHECK_FALSE(pages.dirty(32));
    REQUIRE(hooked.size() == 1);
    CHECK(hooked[0] == 17);
    pages.beforeWrite(&r, 1); // intercept cleared by the hook: not called again
    CHECK(hooked.size() == 1);
}

TEST_CASE("a snapshot's VRAM is VRAM at the capture though the GPU draws before the worker "
          "copied it",
          "[savestate][vram]") {
    System sys;
    boot(sys);
    auto& mgr = sys.snapshots();
    fill(sys, 0, 0, 1024, 512, 0x203040);
    upload(sys, 100, 100, 40, 30, 7);
    sys.runFrame();
    mgr.capture()->finishCapture();        // a baseline, so the next capture shares clean tiles
    fill(sys, 320, 0, 320, 240, 0x0000ff); // dirties 5x8 tiles
    sys.runFrame();
    std::vector<uint8_t> stopped = sys.saveState();
    std::vector<uint8_t> atCapture = liveVram(sys);

    WorkerGate gate;
    gate.hold(mgr);
    uint64_t cowBefore = mgr.stats().vramPagesCowCopied;
    SnapshotRef snap = mgr.capture();
    CHECK_FALSE(snap->complete()); // the worker has not copied the dirty tiles
    // The game draws over all of VRAM (fill, upload, and a direct write) before the worker runs.
    fill(sys, 0, 0, 1024, 512, 0x7f7f7f);
    upload(sys, 330, 10, 64, 64, 99);
    sys.runFrame();
    sys.gpu().mutableVram()[5] = 0x1234;
    CHECK(mgr.stats().vramPagesCowCopied - cowBefore == 40); // each pending tile once
    CHECK(liveVram(sys) != atCapture);
    gate.release();
    snap->finishCapture();
    CHECK((bytesOf(snap->vram()) == atCapture));
    CHECK((snap->stateBytes() == stopped));
}

TEST_CASE("consecutive snapshots share every VRAM tile not drawn in between", "[savestate][vram]") {
    System sys;
    boot(sys);
    auto& mgr = sys.snapshots();
    sys.runFrame();
    SnapshotRef a = mgr.capture();
    a->finishCapture();
    uint64_t shared0 = mgr.stats().vramPagesShared;
    fill(sys, 64, 32, 64, 32, 0x112233);  // exactly tile (1,1)
    fill(sys, 0, 480, 128, 32, 0x445566); // tiles (0,15) and (1,15)
    SnapshotRef b = mgr.capture();        // the fills execute in the quiesce point
    b->finishCapture();
    CHECK(b->vram().pagesNotIn(a->vram()) == 3);
    CHECK(mgr.stats().vramPagesShared - shared0 == gpu::VramPages::kCount - 3);
    SnapshotRef c = mgr.capture(); // nothing drawn
    c->finishCapture();
    CHECK(c->vram().pagesNotIn(b->vram()) == 0);
    CHECK(mgr.stats().vramPagesShared - shared0 == 2 * gpu::VramPages::kCount - 3);
    const uint16_t* px = reinterpret_cast<const uint16_t*>(b->vram().pages[17]->data());
    CHECK(px[0] == ((0x33 >> 3) | (0x22 >> 3) << 5 | (0x11 >> 3) << 10)); // 24-bit -> 15-bit
}

TEST_CASE("a restore writes back only the VRAM tiles that differ", "[savestate][vram]") {
    System sys;
    boot(sys);
    auto& mgr = sys.snapshots();
    fill(sys, 0, 0, 256, 256, 0x102030);
    sys.runFrame();
    SnapshotRef a = mgr.capture();
    std::vector<uint8_t> atA = liveVram(sys);
    std::vector<uint8_t> stateA = sys.saveState();
    fill(sys, 512, 256, 64, 64, 0x0000ff); // 1x2 tiles
    sys.runFrame();
    uint64_t restored0 = mgr.stats().vramPagesRestored;
    mgr.restore(a);
    CHECK(mgr.stats().vramPagesRestored - restored0 == 2);
    CHECK((liveVram(sys) == atA));
    CHECK((sys.saveState() == stateA));
}

TEST_CASE("a failed quick-save write is reported once", "[savestate][quicksave]") {
    // DESIGN.md §4: a state that cannot be written gives a clear error; QuickSaves reports
    // each failure of its background writes once (clear on read).
    fs::path dir = fs::temp_directory_path() / ("skipjack-vram-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir.parent_path());
    { std::ofstream(dir.string()) << "a file where the directory should be"; }
    System sys;
    boot(sys);
    QuickSaves slots(sys, dir.string());
    std::string error;
    REQUIRE(slots.save(0, error)); // the capture works; the write fails on the worker
    slots.flush();
    CHECK_FALSE(slots.takeWriteError().empty());
    CHECK(slots.takeWriteError().empty());
    REQUIRE(slots.save(1, error));
    slots.flush();
    CHECK_FALSE(slots.takeWriteError().empty()); // the same failure again is reported again
    fs::remove_all(dir);
}

namespace {
// Sound RAM upload by manual write (soundprocessingunitspu.md "SPU Memory Access": 1F801DA6h
// transfer address in 8-byte units, halfwords to the FIFO at 1F801DA8h, SPUCNT.4-5 = 1 "Manual
// Write" starts the transfer; SPUCNT.15 SPU enable).
void spuUpload(System& sys, uint32_t byteAddr, uint32_t halfwords, uint16_t seed) {
    Spu& spu = sys.spu();
    spu.write(0x1F801DAA, 0x8000, 2); // stop
    spu.write(0x1F801DA6, byteAddr / 8, 2);
    for (uint32_t i = 0; i < halfwords; ++i) {
        if (i % 32 == 0 && i) spu.write(0x1F801DAA, 0x8010, 2); // push the full FIFO
        spu.write(0x1F801DA8, uint16_t(seed + i * 3), 2);
    }
    spu.write(0x1F801DAA, 0x8010, 2);
}

std::vector<uint8_t> liveSpuRam(System& sys) {
    return {sys.spu().ram(), sys.spu().ram() + Spu::kRamSize};
}
} // namespace

TEST_CASE("SPU RAM is captured copy-on-write and shared between snapshots", "[savestate][spu]") {
    // DESIGN.md §4: "memory (RAM, VRAM, SPU RAM, scratchpad) is captured by copy-on-write pages".
    System sys;
    boot(sys);
    auto& mgr = sys.snapshots();
    spuUpload(sys, 0x1000, 64, 1);
    sys.runFrame();
    mgr.capture()->finishCapture(); // baseline
    spuUpload(sys, 0x3000, 32, 5);  // dirties page 3
    sys.runFrame();
    std::vector<uint8_t> stopped = sys.saveState();
    std::vector<uint8_t> atCapture = liveSpuRam(sys);

    WorkerGate gate;
    gate.hold(mgr);
    uint64_t shared0 = mgr.stats().spuPagesShared, cow0 = mgr.stats().spuPagesCowCopied;
    SnapshotRef snap = mgr.capture();
    // Pending: page 3 and page 0, which holds the capture buffers the SPU writes every tick
    // (soundprocessingunitspu.md "SPU Memory layout").
    CHECK(mgr.stats().spuPagesShared - shared0 == Spu::kRamPages - 2);
    CHECK_FALSE(snap->complete());
    spuUpload(sys, 0x3000, 64, 77);  // the game overwrites page 3 before the worker copied it
    spuUpload(sys, 0x7ff80, 128, 9); // and wraps past the end into page 0
    CHECK(mgr.stats().spuPagesCowCopied - cow0 == 2); // pages 3 and 0
    CHECK(liveSpuRam(sys) != atCapture);
    gate.release();
    snap->finishCapture();
    CHECK((bytesOf(snap->region(Snapshot::kSpuRam)) == atCapture));
    CHECK((snap->stateBytes() == stopped));

    // Restoring brings sound RAM back (only the differing pages are written).
    uint64_t restored0 = mgr.stats().spuPagesRestored;
    mgr.restore(snap);
    CHECK(mgr.stats().spuPagesRestored - restored0 == 3); // pages 3, 127 and 0
    CHECK((liveSpuRam(sys) == atCapture));
    CHECK((sys.saveState() == stopped));
}
