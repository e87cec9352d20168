// The render worker (issue 16 item 1; DESIGN.md §2 "Determinism is a hard rule": the same
// inputs give the same emulated state whatever the thread count). Every test runs the same
// GP0/GP1 stream on a GPU that executes its records on the emulation thread and on one that
// hands them to the worker thread, and compares what the CPU and the viewer can observe:
// GPUSTAT, busy time, GP0(C0h) read-backs, presented images, the frame statistics and the
// savestate bytes. The thread-off GPU is the reference (the behaviour before the worker).
#include <catch2/catch.hpp>

#include "gpu_test_rig.h"

using gputest::drawArea;
using gputest::enableDisplay;
using gputest::Rig;
using gputest::xy;
using Run = gputest::PacedRig;

namespace {

uint32_t rgb(int k) {
    return uint32_t((k * 29 + 10) & 0xFF) | uint32_t((k * 83 + 70) & 0xFF) << 8 |
           uint32_t((k * 47 + 130) & 0xFF) << 16;
}

// A 64x64 15-bit texture at (512, 0) with a pattern that depends on k.
void uploadTexture(Rig& r, int k) {
    r.gp0({0xA0000000u, xy(512, 0), xy(64, 64)});
    for (int i = 0; i < 64 * 64 / 2; ++i)
        r.gp0(uint32_t(i * 2 + k) * 0x00010001u + 0x00010000u);
}

// Frame k of a program that uploads a texture, renders into it (render-to-texture), samples
// it into the back buffer, copies part of the front buffer, reads a region back every third
// frame and swaps buffers (double buffering at Y=0 and Y=256).
std::vector<uint32_t> frame(Rig& r, int k) {
    int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
    r.gp1(0x05000000u | uint32_t(front) << 10);
    if (k % 4 == 0) uploadTexture(r, k);
    drawArea(r, 512, 0, 64, 64); // into the texture
    r.gp0({0x20000000u | rgb(k), xy(k % 30, 0), xy(63, k % 40), xy(10, 63)});
    drawArea(r, 0, back, 320, 240);
    r.gp0({0x02000000u | rgb(k + 1), xy(0, back), xy(320, 240)});
    for (int i = 0; i < 20; ++i) {
        int x = (k * 7 + i * 23) % 250, y = (k * 5 + i * 17) % 180;
        r.gp0({0x30000000u | rgb(k + i), xy(x, y), rgb(i * 3), xy(x + 60, y + 12), rgb(i * 5),
               xy(x + 8, y + 50)});
    }
    // Textured sprite sampling the texture page at X=512 (texpage 8, 15-bit).
    r.gp0(0xE1000000u | 0x100u | 8u);
    r.gp0({0x64808080u, xy(40 + k % 60, 60), 0x00000000u, xy(64, 64)});
    // Semi-transparent rectangle over it.
    r.gp0({0x62000000u | rgb(k * 3), xy(100, 100), xy(80, 40)});
    // VRAM->VRAM copy out of the front buffer into the back one.
    r.gp0({0x80000000u, xy(16, front + 16), xy(200, back + 150), xy(48, 32)});
    std::vector<uint32_t> words;
    if (k % 3 == 2) {
        r.idle();
        r.gp0({0xC0000000u, xy(190, back + 140), xy(40, 20)});
        r.idle();
        for (int i = 0; i < 40 * 20 / 2; ++i)
            words.push_back(r.read());
    }
    return words;
}

void compareFrames(Run& ref, Run& run, int frames) {
    for (int k = 0; k < frames; ++k) {
        INFO("frame " << k);
        std::vector<uint32_t> a = frame(ref.rig, k);
        std::vector<uint32_t> b = frame(run.rig, k);
        REQUIRE(a == b);
        REQUIRE(ref.rig.now == run.rig.now);
        REQUIRE(ref.rig.stat() == run.rig.stat());
        REQUIRE(ref.rig.gpu.busyUntil() == run.rig.gpu.busyUntil());
        ref.vblank();
        run.vblank();
        REQUIRE(ref.rig.stat() == run.rig.stat());
        REQUIRE(ref.rig.gpu.framePresented() == run.rig.gpu.framePresented());
        if (ref.rig.gpu.framePresented()) REQUIRE(ref.image() == run.image());
        const gpu::FrameStats& s = ref.stats();
        const gpu::FrameStats& t = run.stats();
        CHECK(s.decision == t.decision);
        CHECK(s.recordsExecuted == t.recordsExecuted);
        CHECK(s.recordsDeferred == t.recordsDeferred);
        CHECK(s.recordsExecutedLate == t.recordsExecutedLate);
        CHECK(s.recordsDied == t.recordsDied);
        CHECK(s.pixelsDrawn == t.pixelsDrawn);
    }
    REQUIRE(ref.state() == run.state());
    REQUIRE(ref.region(0, 0, 1024, 512) == run.region(0, 0, 1024, 512));
}

} // namespace

TEST_CASE("Render worker: read-backs, images, stats and state equal the thread-off run",
          "[gpu][render-thread]") {
    for (const char* mode : {"", "off", "fixed:2"}) {
        INFO("pacing '" << mode << "'");
        Run ref(mode), run(mode);
        ref.rig.gpu.setRenderThread(false);
        run.rig.gpu.setRenderThread(true);
        REQUIRE(run.rig.gpu.renderThread());
        enableDisplay(ref.rig);
        enableDisplay(run.rig);
        compareFrames(ref, run, 24);
    }
}

TEST_CASE("Render worker: a state saved with frames in flight loads into either mode",
          "[gpu][render-thread]") {
    Run ref, run;
    ref.rig.gpu.setRenderThread(false);
    run.rig.gpu.setRenderThread(true);
    enableDisplay(ref.rig);
    enableDisplay(run.rig);
    compareFrames(ref, run, 5);
    // Mid-frame: records appended but not handed over, the previous frame maybe still queued.
    frame(ref.rig, 5);
    frame(run.rig, 5);
    std::vector<uint8_t> saved = run.state();
    REQUIRE(saved == ref.state());
    Run on, off;
    on.rig.gpu.setRenderThread(true);
    off.rig.gpu.setRenderThread(false);
    for (Run* r : {&on, &off}) {
        savestate::StateIO in = savestate::StateIO::reader(saved);
        r->rig.gpu.serialize(in);
        REQUIRE(in.ok());
        r->rig.now = ref.rig.now; // the CPU clock is the test's, not GPU state
    }
    for (int k = 6; k < 12; ++k) {
        INFO("frame " << k);
        std::vector<uint32_t> want = frame(ref.rig, k);
        REQUIRE(frame(on.rig, k) == want);
        REQUIRE(frame(off.rig, k) == want);
        ref.vblank();
        on.vblank();
        off.vblank();
        REQUIRE(on.image() == ref.image());
        REQUIRE(off.image() == ref.image());
    }
    REQUIRE(on.state() == ref.state());
    REQUIRE(off.state() == ref.state());
}

TEST_CASE("Render worker: switching the thread on and off mid-run changes nothing",
          "[gpu][render-thread]") {
    Run ref("fixed:2"), run("fixed:2");
    ref.rig.gpu.setRenderThread(false);
    enableDisplay(ref.rig);
    enableDisplay(run.rig);
    for (int k = 0; k < 16; ++k) {
        run.rig.gpu.setRenderThread(k % 3 != 0);
        INFO("frame " << k);
        REQUIRE(frame(ref.rig, k) == frame(run.rig, k));
        ref.vblank();
        run.vblank();
        REQUIRE(ref.rig.gpu.framePresented() == run.rig.gpu.framePresented());
        if (ref.rig.gpu.framePresented()) REQUIRE(ref.image() == run.image());
    }
    REQUIRE(ref.state() == run.state());
}
