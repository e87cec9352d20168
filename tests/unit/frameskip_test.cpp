// Frame skipping that never breaks a game (DESIGN.md §2, §3): the same GP0/GP1 stream fed to a
// GPU without a pacing evaluator (today's FULL render) and to one under a frame-skip mode must
// give identical emulated state (GPUSTAT, busy timing, read-backs, savestates) and identical
// presented images; deferred work dies only under an opaque cover.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "gpu/pacing_evaluator.h"
#include "gpu/rasterizer.h"
#include "gpu_lockstep.h"
#include "gpu_test_rig.h"
#include "savestate/state_io.h"

using namespace gpu;
using gputest::drawArea;
using gputest::enableDisplay;
using gputest::lockstep;
using gputest::Rig;
using gputest::xy;
using Run = gputest::PacedRig;

namespace {

uint32_t rgb(int k) {
    return uint32_t((k * 37 + 40) & 0xFF) | uint32_t((k * 91 + 80) & 0xFF) << 8 |
           uint32_t((k * 53 + 120) & 0xFF) << 16;
}

// Scene k of a program that clears and redraws its back buffer each frame and shows the buffer
// it drew in the previous frame (double buffering at Y=0 and Y=256).
void doubleBufferedFrame(Rig& r, int k) {
    int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
    r.gp1(0x05000000u | uint32_t(front) << 10);
    drawArea(r, 0, back, 256, 240);
    r.gp0({0x02000000u | rgb(k), xy(0, back), xy(256, 240)});
    for (int i = 0; i < 12; ++i) {
        int x = (k * 7 + i * 19) % 200, y = (k * 5 + i * 13) % 180;
        r.gp0({0x20000000u | rgb(k + i), xy(x, y), xy(x + 50, y + 10), xy(x + 10, y + 55)});
    }
    // Semi-transparent gouraud-free quad over the triangles.
    r.gp0({0x2A000000u | rgb(k * 3), xy(30, 30), xy(130, 30), xy(30, 100), xy(130, 100)});
    r.gp0({0x60000000u | rgb(k + 5), xy(200 - k % 50, 200), xy(40, 20)});
}

struct Totals {
    uint64_t deferred = 0, late = 0, died = 0, saved = 0, partial = 0;
};
Totals totals(Run& run, Totals t = {}) {
    const FrameStats& s = run.stats();
    t.deferred += s.recordsDeferred;
    t.late += s.recordsExecutedLate;
    t.died += s.recordsDied;
    t.saved += s.pixelsSaved;
    t.partial += s.decision == FrameDecision::Partial;
    return t;
}

} // namespace

TEST_CASE("fixed:2 on a double-buffered program: deferred draws die - images equal off",
          "[frameskip]") {
    Run ref, run("fixed:2");
    enableDisplay(ref.rig);
    enableDisplay(run.rig);
    Totals t;
    for (int k = 0; k < 30; ++k) {
        lockstep(ref, run, 1, [k](Rig& r, int) { doubleBufferedFrame(r, k); });
        t = totals(run, t);
        // fixed:2 presents one frame in three and never the PARTIAL ones.
        CHECK(run.rig.gpu.framePresented() == (k % 3 == 0));
        CHECK(run.stats().reason == DecisionReason::FixedSchedule);
    }
    CHECK(run.presentedCount == 10);
    CHECK(t.partial == 20);
    CHECK(t.deferred > 0);
    CHECK(t.died > 0);
    CHECK(t.saved > 0);
    // Nothing is lost: every deferred record either died or ran late, or is still pending.
    CHECK(t.deferred == t.died + t.late + run.rig.gpu.frameCommands().deferredCount());
    // The state (VRAM included) equals the FULL render's.
    CHECK(run.state() == ref.state());
    CHECK(run.rig.gpu.frameCommands().deferredCount() == 0);
}

TEST_CASE("off mode and no evaluator give the same state and present every frame", "[frameskip]") {
    Run ref, run("off");
    enableDisplay(ref.rig);
    enableDisplay(run.rig);
    lockstep(ref, run, 12, doubleBufferedFrame);
    CHECK(run.presentedCount == 12);
    CHECK(run.stats().reason == DecisionReason::ModeOff);
    CHECK(run.stats().recordsDeferred == 0);
    CHECK(run.state() == ref.state());
}

TEST_CASE("render-to-texture always executes and shows in every presented frame", "[frameskip]") {
    // Each frame draws into a 64x64 texture at (512,0), outside the display buffers, then
    // samples it with a raw-textured rectangle in the back buffer.
    auto scene = [](Rig& r, int k) {
        int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
        r.gp1(0x05000000u | uint32_t(front) << 10);
        drawArea(r, 512, 0, 64, 64);
        r.gp0({0x60000000u | rgb(k), xy(0, 0), xy(64, 64)});
        r.gp0({0x20000000u | rgb(k + 1), xy(k % 32, 0), xy(63, 20), xy(10, 63)});
        r.gp0(0x01000000u); // flush the texture cache after rendering into the texture
        drawArea(r, 0, back, 256, 240);
        r.gp0({0x02000000u, xy(0, back), xy(256, 240)});
        r.gp0(0xE1000108u); // texture page X=512, Y=0, 15-bit
        r.gp0({0x65000000u, xy(20 + k % 7, 30), 0, xy(64, 64)});
        r.gp0({0x20000000u | rgb(k + 9), xy(100, 100), xy(200, 120), xy(150, 200)});
    };
    for (const char* mode : {"fixed:1", "fixed:3"}) {
        Run ref, run(mode);
        enableDisplay(ref.rig);
        enableDisplay(run.rig);
        Totals t;
        for (int k = 0; k < 16; ++k) {
            lockstep(ref, run, 1, [k, &scene](Rig& r, int) { scene(r, k); });
            t = totals(run, t);
            // The texture is current after every frame, PARTIAL or not.
            REQUIRE(run.region(512, 0, 576, 64) == ref.region(512, 0, 576, 64));
            // Only the 3 display-buffer records of a PARTIAL frame are deferred (from frame 2
            // on, when both buffers have been shown).
            if (run.stats().decision == FrameDecision::Partial && k >= 2)
                CHECK(run.stats().recordsDeferred == 3);
        }
        CHECK(t.partial > 0); // the mode did skip frames: the checks above saw PARTIAL ones
        CHECK(t.deferred > 0);
        CHECK(run.state() == ref.state());
    }
}

TEST_CASE("C0h read-back of deferred and same-frame drawing equals the FULL render",
          "[frameskip]") {
    for (const char* mode : {"fixed:1", "fixed:2", "fixed:4"}) {
        Run ref, run(mode);
        enableDisplay(ref.rig);
        enableDisplay(run.rig);
        Totals t;
        for (int k = 0; k < 14; ++k) {
            lockstep(ref, run, 1, [k](Rig& r, int) {
                doubleBufferedFrame(r, k);
                // Read the buffer drawn in the previous frame (deferred on PARTIAL frames)...
                int prev = (k & 1) ? 0 : 256;
                r.idle();
                r.gp0({0xC0000000u, xy(20, prev + 25), xy(40, 8)});
            });
            std::vector<uint32_t> a, b;
            for (int i = 0; i < 160; ++i) {
                a.push_back(ref.rig.read());
                b.push_back(run.rig.read());
            }
            REQUIRE(a == b);
            t = totals(run, t);
            // ...and, in the next frame, a region of the buffer just deferred that this frame
            // draws over first (the draw area is still that buffer).
            int cur = (k & 1) ? 256 : 0;
            ref.rig.gp0({0x20000000u, xy(5, 5), xy(60, 5), xy(5, 60)});
            run.rig.gp0({0x20000000u, xy(5, 5), xy(60, 5), xy(5, 60)});
            ref.rig.gp0({0xC0000000u, xy(0, cur), xy(16, 16)});
            run.rig.gp0({0xC0000000u, xy(0, cur), xy(16, 16)});
            for (int i = 0; i < 128; ++i)
                REQUIRE(ref.rig.read() == run.rig.read());
        }
        // The read-backs above met deferred work: frames were skipped and work deferred.
        CHECK(t.partial > 0);
        CHECK(t.deferred > 0);
        CHECK(run.state() == ref.state());
    }
}

TEST_CASE("auto learns that an incremental program's deferred work never dies", "[frameskip]") {
    // One buffer, shown every frame, never cleared: each frame adds a few triangles.
    auto scene = [](Rig& r, int k) {
        r.gp1(0x05000000u);
        drawArea(r, 0, 0, 256, 240);
        if (k == 0) r.gp0({0x02000000u, xy(0, 0), xy(256, 240)});
        for (int i = 0; i < 4; ++i) {
            int x = (k * 11 + i * 29) % 220, y = (k * 17 + i * 7) % 200;
            r.gp0({0x20000000u | rgb(k * 4 + i), xy(x, y), xy(x + 30, y + 5), xy(x + 8, y + 35)});
        }
    };
    Run ref, run("auto");
    run.emulationUs = 20000; // emulation alone exceeds the 16.7 ms budget: always behind
    enableDisplay(ref.rig);
    enableDisplay(run.rig);
    Totals t;
    for (int k = 0; k < 60; ++k) {
        lockstep(ref, run, 1, [k, &scene](Rig& r, int) { scene(r, k); });
        t = totals(run, t);
    }
    CHECK(t.deferred > 0); // display-buffer work is deferred, even on presented frames
    CHECK(t.late > 0);     // the deferred triangles ran late, when the frame was shown
    CHECK(t.died == 0);    // none died: nothing ever covers them
    CHECK(run.eval.dieRatio() < 0.05);
    CHECK(run.stats().decision == FrameDecision::Full);
    CHECK(run.stats().reason == DecisionReason::NoSaving);
    CHECK(run.image() == ref.image());
    CHECK(run.state() == ref.state());
}

TEST_CASE("a savestate taken amid deferred work has the FULL render's bytes", "[frameskip]") {
    Run ref, run("fixed:3");
    enableDisplay(ref.rig);
    enableDisplay(run.rig);
    lockstep(ref, run, 6, doubleBufferedFrame); // frame 5 is PARTIAL: work deferred
    REQUIRE(run.stats().decision == FrameDecision::Partial);
    REQUIRE(run.rig.gpu.frameCommands().deferredCount() > 0);
    // Midway through the next frame, with this frame's records cached too.
    doubleBufferedFrame(ref.rig, 6);
    doubleBufferedFrame(run.rig, 6);
    std::vector<uint8_t> a = ref.state(), b = run.state();
    CHECK(a == b);
    CHECK(run.rig.gpu.frameCommands().deferredCount() == 0);
    // And the run goes on identically after it.
    ref.vblank();
    run.vblank();
    lockstep(ref, run, 8, [](Rig& r, int k) { doubleBufferedFrame(r, k + 7); });
    CHECK(run.state() == ref.state());
    // Loading the state into a paced GPU drops nothing it needs: all was in the state.
    Run loaded("fixed:3");
    savestate::StateIO in = savestate::StateIO::reader(a);
    loaded.rig.gpu.serialize(in);
    REQUIRE(in.ok());
    CHECK(loaded.state() == a);
}

TEST_CASE("host slowdown stretches measured render time and changes no emulated state",
          "[frameskip]") {
    Run ref, run("fixed:1");
    run.rig.gpu.setHostSlowdown(8);
    enableDisplay(ref.rig);
    enableDisplay(run.rig);
    Totals t;
    for (int k = 0; k < 6; ++k) {
        lockstep(ref, run, 1, [k](Rig& r, int) { doubleBufferedFrame(r, k); });
        t = totals(run, t);
    }
    CHECK(t.partial > 0); // fixed:1 skipped frames with the slowdown on
    // The fake clock advances `step` per read: a render of one clock step is charged 8 steps.
    CHECK(run.stats().renderUs >= 8 * run.step);
    CHECK(run.state() == ref.state());
}

// ---------------------------------------------------------------------------------------------
// The deferred set's rules, on the command cache alone.

namespace {
struct Cache {
    std::vector<uint16_t> vram = std::vector<uint16_t>(size_t(kVramWidth) * kVramHeight);
    Rasterizer raster{vram.data()};
    FrameCommands f;
    VramArea buffer;
    Cache() { buffer.count = uint8_t(wrapRect(0, 0, 256, 240, buffer.parts)); }

    // Records are built whole, then stored (the union's inactive members are not initialised).
    void fill(int x, int y, int w, int h, uint16_t color = 0x1234) {
        FillCmd k;
        k.x = uint16_t(x), k.y = uint16_t(y);
        k.width = uint16_t(w), k.height = uint16_t(h), k.color = color;
        Command c;
        c.kind = CommandKind::Fill;
        c.fill = k;
        f.append(c);
    }
    void rect(int x, int y, int w, int h, uint8_t flags = 0) {
        RectangleCmd k;
        k.x = x, k.y = y;
        k.width = uint16_t(w), k.height = uint16_t(h);
        k.r = 200, k.flags = flags;
        k.state.areaRight = 1023, k.state.areaBottom = 511;
        k.state.texpage = 0x108; // 15-bit page at X=512
        Command c;
        c.kind = CommandKind::Rectangle;
        c.rectangle = k;
        f.append(c);
    }
    void copy(int sx, int sy, int dx, int dy, int w, int h) {
        CopyCmd k;
        k.srcX = uint16_t(sx), k.srcY = uint16_t(sy);
        k.dstX = uint16_t(dx), k.dstY = uint16_t(dy);
        k.width = uint16_t(w), k.height = uint16_t(h);
        Command c;
        c.kind = CommandKind::Copy;
        c.copy = k;
        f.append(c);
    }
    // Ends a PARTIAL frame.
    void partial() {
        f.classify(&buffer, 1);
        f.executePartial(raster);
        f.clear();
    }
    void full() {
        f.executeAll(raster);
        f.clear();
    }
};
} // namespace

TEST_CASE("an opaque fill over a deferred record kills it - a partial cover runs it late",
          "[frameskip]") {
    Cache c;
    c.rect(10, 10, 20, 20);
    c.partial();
    REQUIRE(c.f.deferredCount() == 1);
    c.fill(0, 0, 64, 64); // wholly covers (10..30)
    c.full();
    CHECK(c.f.counters().recordsDied == 1);
    CHECK(c.f.counters().recordsExecutedLate == 0);
    c.rect(10, 10, 20, 20);
    c.partial();
    c.fill(16, 16, 16, 16); // covers a part only: the rectangle must run first
    c.full();
    CHECK(c.f.counters().recordsExecutedLate == 1);
    CHECK(c.vram[12 * kVramWidth + 12] != 0); // the rectangle's pixel survived
}

TEST_CASE("textured and semi-transparent writes never kill deferred work", "[frameskip]") {
    Cache c;
    c.rect(10, 10, 20, 20);
    c.partial();
    c.rect(0, 0, 64, 64, kTextured); // texel 0000h leaves the old pixel: no cover
    c.rect(0, 0, 64, 64, kSemiTransparent);
    c.full();
    CHECK(c.f.counters().recordsDied == 0);
    CHECK(c.f.counters().recordsExecutedLate == 1);
}

TEST_CASE("a deferred record read as a copy source runs late even when later covered",
          "[frameskip]") {
    Cache c;
    c.rect(10, 10, 20, 20);
    c.copy(10, 10, 100, 100, 20, 20); // both in the display buffer: both deferred
    c.partial();
    REQUIRE(c.f.deferredCount() == 2);
    c.fill(0, 0, 64, 64); // covers the rectangle, but the pending copy reads it
    c.partial();          // the fill is deferred too; it kills nothing the copy needs
    CHECK(c.f.counters().recordsDied == 0);
    Rect target{100, 100, 120, 120};
    c.f.executeDeferredIn(target, c.raster);
    CHECK(c.vram[105 * kVramWidth + 105] != 0); // the copy saw the rectangle's pixels
    CHECK(c.vram[105 * kVramWidth + 105] == c.vram[15 * kVramWidth + 15]);
    CHECK(c.f.deferredCount() == 1); // the fill, newer than both, still waits
    c.f.executeDeferred(c.raster);
    CHECK(c.vram[15 * kVramWidth + 15] == 0x1234);
}

TEST_CASE("a write into a texture a deferred draw samples keeps the old texels for the draw",
          "[frameskip]") {
    Cache c;
    c.fill(512, 0, 64, 64, 0x7C00); // texture, outside the buffer: executed
    c.rect(0, 0, 32, 32, kTextured | kRawTexture);
    c.partial();
    REQUIRE(c.f.deferredCount() == 1);
    c.fill(512, 0, 64, 64, 0x001F); // overwrites the texture the deferred draw reads
    c.full();
    // The draw is not forced: the texels it reads (its texel range plus one of margin) were
    // saved before the fill ran.
    CHECK(c.f.counters().recordsExecutedLate == 0);
    CHECK(c.f.deferredCount() == 1);
    CHECK(c.f.counters().snapshotsTaken == 1);
    CHECK(c.f.counters().snapshotPixels == 33 * 33);
    CHECK(c.vram[5 * kVramWidth + 512 + 5] == 0x001F);
    c.f.executeDeferred(c.raster);
    CHECK(c.vram[5 * kVramWidth + 5] == 0x7C00);       // sampled the old texture, as FULL would
    CHECK(c.vram[5 * kVramWidth + 512 + 5] == 0x001F); // and the texture is the new one again
}

TEST_CASE("a triangle whose bounding box covers a deferred record does not kill it",
          "[frameskip]") {
    Cache c;
    c.rect(60, 60, 8, 8);
    c.partial();
    TriangleCmd t;
    t.v[0].x = 0, t.v[0].y = 0, t.v[1].x = 100, t.v[1].y = 0, t.v[2].x = 0, t.v[2].y = 100;
    t.v[0].b = t.v[1].b = t.v[2].b = 255;
    t.state.areaRight = 1023, t.state.areaBottom = 511;
    Command cmd;
    cmd.kind = CommandKind::Triangle;
    cmd.triangle = t;
    c.f.append(cmd); // (60..68, 60..68) lies in its box, outside the triangle
    c.full();
    CHECK(c.f.counters().recordsDied == 0);
    CHECK(c.f.counters().recordsExecutedLate == 1);
    CHECK(c.vram[61 * kVramWidth + 61] == 0x19); // the rectangle's red, outside the triangle
}

TEST_CASE("display buffers are the shown areas - 24-bit ones 1.5 halfwords per pixel",
          "[frameskip]") {
    DisplaySettings d;
    d.disabled = false;
    d.startX = 1000, d.startY = 8;
    VramArea a = displayAreaOf(d); // 256x240 at (1000, 8): wraps at X=1024
    REQUIRE(a.count == 2);
    CHECK(gputest::sameRect(a.parts[0], 1000, 8, 1024, 248));
    CHECK(gputest::sameRect(a.parts[1], 0, 8, 232, 248));
    d.startX = 0;
    d.mode = 0x11; // 320 wide, 24-bit
    d.hEnd = uint16_t(d.hStart + 320 * 8);
    a = displayAreaOf(d);
    REQUIRE(a.count == 1);
    CHECK(gputest::sameRect(a.parts[0], 0, 8, 480, 248));
    d.disabled = true;
    CHECK(displayAreaOf(d).count == 0);
}

// ---------------------------------------------------------------------------------------------
// Source snapshots: a render-to-texture cleared and redrawn every frame, sampled by a draw in
// the display buffer, must not drag the deferred frame into running late.

namespace {
// The demo's pattern: a 64x64 minimap at (576,256), off-screen, cleared and redrawn each frame,
// then sampled by sprites in the back buffer (one opaque, one semi-transparent).
void minimapFrame(Rig& r, int k) {
    int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
    r.gp1(0x05000000u | uint32_t(front) << 10);
    drawArea(r, 576, 256, 64, 64);
    r.gp0({0x02000000u | rgb(k + 3), xy(576, 256), xy(64, 64)});
    r.gp0({0x20000000u | rgb(k + 1), xy(k % 32, 0), xy(63, 20), xy(10, 63)});
    r.gp0({0x60000000u | rgb(k + 2), xy(20 + k % 9, 30), xy(12, 12)});
    r.gp0(0x01000000u); // flush the texture cache after rendering into the texture
    drawArea(r, 0, back, 256, 240);
    r.gp0({0x02000000u | rgb(k), xy(0, back), xy(256, 240)});
    for (int i = 0; i < 6; ++i) {
        int x = (k * 7 + i * 19) % 200, y = (k * 5 + i * 13) % 180;
        r.gp0({0x20000000u | rgb(k + i), xy(x, y), xy(x + 50, y + 10), xy(x + 10, y + 55)});
    }
    r.gp0(0xE1000119u); // texture page X=576, Y=256, 15-bit
    r.gp0({0x65000000u, xy(150 + k % 7, 20), 0, xy(64, 64)});
    r.gp0({0x67000000u, xy(100, 150), 0x00000808u, xy(40, 40)});
}
} // namespace

TEST_CASE("a render-to-texture cleared after being sampled lets the deferred frame die",
          "[frameskip]") {
    Run ref, run("fixed:2");
    enableDisplay(ref.rig);
    enableDisplay(run.rig);
    Totals t;
    bool stateWithSnapshots = false;
    for (int k = 0; k < 30; ++k) {
        lockstep(ref, run, 1, [k](Rig& r, int) {
            minimapFrame(r, k);
            // Read back, mid-frame, the sprite drawn (and maybe deferred) in the previous frame,
            // and the minimap just redrawn.
            if (k % 4 == 1) {
                int prev = (k & 1) ? 0 : 256;
                r.idle();
                r.gp0({0xC0000000u, xy(150, prev + 30), xy(32, 4)});
            }
        });
        if (k % 4 == 1) {
            for (int i = 0; i < 64; ++i)
                REQUIRE(ref.rig.read() == run.rig.read());
        }
        t = totals(run, t);
        if (k == 16) {
            // A savestate while deferred readers hold snapshots: the FULL render's bytes.
            stateWithSnapshots = run.rig.gpu.frameCommands().counters().snapshotsTaken > 0 &&
                                 run.rig.gpu.frameCommands().deferredCount() > 0;
            minimapFrame(ref.rig, 99);
            minimapFrame(run.rig, 99);
            REQUIRE(ref.state() == run.state());
            ref.vblank();
            run.vblank();
            t = totals(run, t);
        }
        REQUIRE(run.region(576, 256, 640, 320) == ref.region(576, 256, 640, 320));
    }
    CHECK(stateWithSnapshots);
    CHECK(run.rig.gpu.frameCommands().counters().snapshotsTaken > 0);
    // fixed:2 presents one frame in three: only the buffer a presented frame shows has to be
    // drawn; everything else deferred dies. Without snapshots every minimap clear forced the
    // previous frame's sprite and, through it, the whole frame below it.
    CHECK(t.deferred > 0);
    CHECK(t.died * 2 > t.deferred);
    CHECK(t.late * 5 < t.deferred * 2);
    CHECK(t.deferred == t.died + t.late + run.rig.gpu.frameCommands().deferredCount());
    CHECK(run.image() == ref.image());
    CHECK(run.state() == ref.state());
    CHECK(run.rig.gpu.busyUntil() == ref.rig.gpu.busyUntil());
}

TEST_CASE("a deferred reader that writes into what it reads is run first, not snapshotted",
          "[frameskip]") {
    // The texture page at (0,0) lies in the display buffer the textured rectangle draws into;
    // a fill reaching outside the buffer (so executed now) overwrites both.
    auto script = [](Cache& c, bool paced) {
        c.fill(0, 0, 256, 240, 0x0421);
        c.full();
        c.rect(40, 40, 64, 64, kTextured | kRawTexture); // samples texels (0..64, 0..64)
        c.rect(120, 8, 16, 16); // covered by the fill below: dies when deferred
        paced ? c.partial() : c.full();
        c.fill(0, 0, 320, 80, 0x7FFF); // writes what the first rectangle reads and writes
        c.full();
        c.f.executeDeferred(c.raster);
    };
    Cache ref, run;
    script(ref, false);
    script(run, true);
    CHECK(run.f.counters().recordsDeferred == 2);
    CHECK(run.f.counters().snapshotsTaken == 0);
    CHECK(run.f.counters().recordsExecutedLate == 1); // the rectangle that samples ran first
    CHECK(run.f.counters().recordsDied == 1);
    bool sameVram = run.vram == ref.vram; // (a CHECK on the vectors would print 512K values)
    CHECK(sameVram);
}

TEST_CASE("snapshots are bounded: past the bound deferred readers run first as before",
          "[frameskip]") {
    // 16 deferred readers each sample 256x200 texels of the page at X=512; one fill overwrites
    // the page. Ten readers' snapshots fit in the bound (one VRAM's worth of pixels).
    auto script = [](Cache& c, bool paced) {
        for (int i = 0; i < 16; ++i)
            c.fill(512, 0, 256, 256, uint16_t(0x0400 + i));
        c.full();
        for (int i = 0; i < 16; ++i)
            c.rect(i, 0, 256 - i, 200, kTextured | kRawTexture);
        paced ? c.partial() : c.full();
        c.fill(512, 0, 256, 256, 0x7C1F);
        c.full();
        c.f.executeDeferred(c.raster);
    };
    Cache ref, run;
    script(ref, false);
    script(run, true);
    const FrameCommands::Counters& n = run.f.counters();
    CHECK(n.recordsDeferred == 16);
    CHECK(n.snapshotsRefused == 1);
    CHECK(n.snapshotsTaken == 10);
    CHECK(n.snapshotPixels <= size_t(kVramWidth) * kVramHeight);
    CHECK(n.recordsExecutedLate == 16);   // six forced at the fill, ten after it
    bool sameVram = run.vram == ref.vram; // (a CHECK on the vectors would print 512K values)
    CHECK(sameVram);
}

TEST_CASE("overlapping snapshots of one reader give it the oldest pixels", "[frameskip]") {
    // Two writes overwrite overlapping parts of a texture a deferred rectangle samples; the
    // second snapshot holds the first write's pixels where they overlap, so the reader must see
    // the older snapshot there (swapped in last). A third write lies inside the first: no new
    // snapshot.
    auto script = [](Cache& c, bool paced) {
        for (int i = 0; i < 8; ++i)
            c.fill(512 + i * 16, 0, 16, 64, uint16_t(0x0C63 * (i + 1)));
        c.full();
        c.rect(10, 10, 64, 64, kTextured | kRawTexture);
        paced ? c.partial() : c.full();
        c.fill(512, 0, 32, 64, 0x7C00);
        c.fill(528, 16, 48, 32, 0x03E0);
        c.fill(512, 0, 16, 16, 0x001F);
        c.full();
        c.f.executeDeferred(c.raster);
    };
    Cache ref, run;
    script(ref, false);
    script(run, true);
    CHECK(run.f.counters().recordsExecutedLate == 1); // after the three fills, at the end
    CHECK(run.f.counters().snapshotsTaken == 2);
    CHECK(run.vram[30 * kVramWidth + 30] == 0x0C63 * 2); // texel (20,20): under both fills
    bool sameVram = run.vram == ref.vram;
    CHECK(sameVram);
}

TEST_CASE("480i interlaced drawing under frame skipping equals the FULL render", "[frameskip]") {
    // GP1(08h) "the Vertical Interlace flag DOES affect GP0 draw commands": a 480i program
    // without E1h.10 ("Drawing to display area: Prohibited") draws into the field not shown.
    // The field is taken when each command arrives, so records executed at vblank, deferred or
    // late write the same rows; an interlaced full-buffer rectangle must not kill what lies
    // beneath it (it skips every other row).
    auto scene = [](Rig& r, int k) {
        bool odd = k & 1;
        r.gpu.scanline(5, true, odd); // vblank, after the field counter flipped
        drawArea(r, 0, 0, 256, 480);
        r.gp0(0xE1000400u); // E1h.10 = 1: the fill writes every row and covers
        if (k % 4 == 0) r.gp0({0x02000000u | rgb(k), xy(0, 0), xy(256, 480)});
        r.gp0(0xE1000000u);                                                    // E1h.10 = 0
        if (k % 4 == 2) r.gp0({0x02000000u | rgb(k), xy(0, 0), xy(256, 480)}); // no cover
        r.gp0({0x60000000u | rgb(k + 1), xy(0, 0), xy(256, 480)}); // interlaced: no cover
        r.gpu.scanline(40, false, odd);                            // active display
        for (int i = 0; i < 8; ++i) {
            int x = (k * 11 + i * 23) % 200, y = (k * 17 + i * 41) % 400;
            r.gp0({0x20000000u | rgb(k + i), xy(x, y), xy(x + 50, y + 9), xy(x + 7, y + 70)});
        }
        r.gp0({0x42000000u | rgb(k * 5), xy(3, 7 + k), xy(250, 460 - k)}); // semi line
        r.gp0(0xE1000400u);                                                // E1h.10 = 1: every row
        r.gp0({0x60000000u | rgb(k + 3), xy(100 + k % 9, 200), xy(30, 13)});
        r.gpu.scanline(256, true, odd); // vblank starts: the next field is chosen
    };
    for (const char* mode : {"fixed:1", "fixed:2"}) {
        Run ref, run(mode);
        for (Run* x : {&ref, &run}) {
            x->rig.gp1(0x03000000);
            x->rig.gp1(0x08000024); // 256 wide, 480 lines, interlace
        }
        Totals t;
        lockstep(ref, run, 24, [&](Rig& r, int k) { scene(r, k); });
        for (int k = 24; k < 40; ++k) {
            lockstep(ref, run, 1, [&](Rig& r, int) { scene(r, k); });
            t = totals(run, t);
        }
        CHECK(t.partial > 0);
        CHECK(t.deferred > 0);
        CHECK(t.late > 0);
        CHECK(t.died > 0); // under the fills of every row
        CHECK(run.state() == ref.state());
    }
}
