// Root counters clocked by the video timing generator: the dot clock in every horizontal
// resolution on NTSC and PAL, the hblank clock, the latency after a write and each sync mode of
// counters 0 and 1 (timers.md; graphicsprocessingunitgpu.md "GPU Timings"). Expected counts
// come from the reference's figures (video cycles per line, dividers), not from the code.
#include <catch2/catch.hpp>

#include "core/irq.h"
#include "core/system.h"
#include "core/timers.h"
#include "core/video_timing.h"
#include "device_test_util.h"
#include "gpu/gpu.h"

using core::Cycles;
using core::Timers;

namespace {
constexpr uint32_t kT0 = 0x1f801100, kT1 = 0x1f801110, kT2 = 0x1f801120;
constexpr uint32_t kCount = 0, kMode = 4, kTarget = 8;

struct SysRig {
    core::System sys;
    Timers& t = sys.timers();
    core::Scheduler& s = sys.scheduler();
    core::VideoTiming& v = sys.video();
    void toNextLine() { testutil::runUntil(s, v.nextLineTime()); }
    void toLine(uint32_t line) {
        do
            toNextLine();
        while (v.line() != line);
    }
    void toNextFrame() {
        uint64_t f = v.frameCount();
        while (v.frameCount() == f)
            toNextLine();
    }
    // GP1(08h) display mode; the video timing takes PAL/NTSC at the next field (line 0) and
    // the dot divider at the next line.
    void displayMode(uint32_t mode) {
        sys.gpu().writeGP1(0x08000000 | mode, s.now());
        toLine(0);
        toNextLine();
    }
    uint32_t count(uint32_t base) { return t.read(base + kCount, 4); }
    void mode(uint32_t base, uint32_t m) { t.write(base + kMode, m, 4); }
};

// "Dots per scanline": video cycles per line / divider, fraction dropped except 425.75 -> 426.
struct DotCase {
    uint32_t mode; // GP1(08h) bits 0-1 and 6
    uint32_t divider;
    const char* name;
};
constexpr DotCase kDotCases[] = {
    {0x00, 10, "256"}, {0x01, 8, "320"}, {0x40, 7, "368"}, {0x02, 5, "512"}, {0x03, 4, "640"}};

uint32_t dotsPerLine(uint32_t lineCycles, uint32_t divider) {
    if (lineCycles == 3406 && divider == 8) return 426; // "the only value that is rounded up"
    return lineCycles / divider;
}
} // namespace

TEST_CASE("gpu Horizontal Timings: timer 0 dot clock per line in every resolution - NTSC",
          "[devices]") {
    for (const DotCase& c : kDotCases) {
        SysRig r;
        r.displayMode(c.mode);
        r.mode(kT0, 1u << 8); // dot clock
        r.toNextLine();
        uint32_t a = r.count(kT0);
        for (int i = 0; i < 10; ++i)
            r.toNextLine();
        INFO(c.name << " pixels, divider " << c.divider);
        CHECK(r.count(kT0) - a == 10 * dotsPerLine(3413, c.divider));
    }
}

TEST_CASE("gpu Horizontal Timings: timer 0 dot clock per line in every resolution - PAL",
          "[devices]") {
    for (const DotCase& c : kDotCases) {
        SysRig r;
        r.displayMode(c.mode | 0x08);
        REQUIRE(r.v.state().pal);
        r.mode(kT0, 3u << 8); // clock source 3 = dot clock too
        r.toNextLine();
        uint32_t a = r.count(kT0);
        for (int i = 0; i < 10; ++i)
            r.toNextLine();
        INFO(c.name << " pixels, divider " << c.divider);
        CHECK(r.count(kT0) - a == 10 * dotsPerLine(3406, c.divider));
    }
}

TEST_CASE("gpu Vertical Timings: timer 1 counts 314 hblanks per PAL frame - 263 per NTSC",
          "[devices]") {
    for (bool pal : {false, true}) {
        SysRig r;
        r.displayMode(pal ? 0x09 : 0x01);
        r.mode(kT1, 1u << 8);
        r.toNextFrame();
        uint32_t a = r.count(kT1);
        r.toNextFrame();
        CHECK(r.count(kT1) - a == (pal ? 314u : 263u));
    }
}

TEST_CASE("timers.md Reset and Wrap with the hblank clock: a mode write holds 0 for 2 hblanks",
          "[devices]") {
    SysRig r;
    r.toNextLine();
    r.mode(kT1, 1u << 8);
    CHECK(r.count(kT1) == 0);
    r.toNextLine();
    CHECK(r.count(kT1) == 0);
    r.toNextLine();
    CHECK(r.count(kT1) == 1);
    r.toNextLine();
    CHECK(r.count(kT1) == 2);
}

TEST_CASE("timers.md Reset and Wrap with the dot clock: a written count holds for 2 dots",
          "[devices]") {
    SysRig r;
    r.mode(kT0, 1u << 8);
    r.toNextLine();
    r.t.write(kT0 + kCount, 1000, 4);
    // The first dot after the write keeps the value, the second one counts.
    auto nextDot = [&] { return r.v.dotTime(r.v.dotsAt(r.s.now()) + 1); };
    testutil::runUntil(r.s, nextDot());
    CHECK(r.count(kT0) == 1000);
    Cycles second = nextDot();
    testutil::runUntil(r.s, second - 1);
    CHECK(r.count(kT0) == 1000);
    testutil::runUntil(r.s, second);
    CHECK(r.count(kT0) == 1001);
}

// Hblank with GP1(06h)'s reset values X1 = 200h, X2 = C00h (gpu "GP1(06h)"): it starts at
// X2 = 3072 video clocks after HSYNC and ends at X1 = 512 into the next line, 341 + 512 = 853
// video clocks = 538.06 CPU cycles, of which 341 (215.1 CPU cycles) lie before HSYNC.
TEST_CASE("timers.md counter 0 sync mode 2: reset at hblank - counts only inside it", "[devices]") {
    SysRig r;
    r.toNextLine();
    r.mode(kT0, Timers::kSyncEnable | (2u << 1));
    r.toNextLine();
    testutil::runFor(r.s, 1000); // past X1: the count stopped at the hblank's length
    uint32_t a = r.count(kT0);
    CHECK(a >= 537);
    CHECK(a <= 539);
    testutil::runFor(r.s, 500);
    CHECK(r.count(kT0) == a);
    // Reset at the hblank's start (X2), counting again up to HSYNC.
    testutil::runUntil(r.s, r.v.nextLineTime() - 100);
    uint32_t b = r.count(kT0);
    CHECK(b >= 114);
    CHECK(b <= 117);
    r.toNextLine();
    CHECK(r.count(kT0) == b + 100);
}

TEST_CASE("timers.md counter 0 sync mode 3: paused until an hblank - then free run", "[devices]") {
    SysRig r;
    r.toNextLine();
    testutil::runFor(r.s, 1000); // after the hblank (X1 = 323 CPU cycles after HSYNC)
    r.mode(kT0, Timers::kSyncEnable | (3u << 1));
    testutil::runFor(r.s, 500); // before X2 (1937 CPU cycles after HSYNC)
    CHECK(r.count(kT0) == 0);
    r.toNextLine();
    // Running since the hblank started at X2, 215 CPU cycles before HSYNC (one hold tick).
    uint32_t a = r.count(kT0);
    CHECK(a >= 213);
    CHECK(a <= 216);
    Cycles start = r.s.now();
    for (int i = 0; i < 3; ++i)
        r.toNextLine();
    // Free running through later hblanks, no resets.
    CHECK(r.count(kT0) == a + (r.s.now() - start));
}

TEST_CASE("timers.md sync and clock sources follow GP1(06h): hblank outside X1..X2", "[devices]") {
    SysRig r;
    // X1 = 300h, X2 = A00h: hblank = (3413 - 2560) + 768 = 1621 video clocks = 1022.5 CPU
    // cycles per line (NTSC: * 451584 / 715909).
    r.sys.gpu().writeGP1(0x06000000 | 0x300 | (0xa00 << 12), r.s.now());
    r.toNextLine();
    r.mode(kT0, Timers::kSyncEnable | (2u << 1));
    r.toNextLine();
    testutil::runFor(r.s, 1200); // past X1 (484.4 CPU cycles after HSYNC)
    uint32_t a = r.count(kT0);
    CHECK(a >= 1021);
    CHECK(a <= 1024);
    // Timer 1 on the hblank clock still counts one edge per line.
    r.mode(kT1, 1u << 8);
    r.toNextFrame();
    uint32_t b = r.count(kT1);
    r.toNextFrame();
    CHECK(r.count(kT1) - b == 263);
}

TEST_CASE("gpu Vertical Timings: X1 >= X2 is an endless hblank - timer 1 sees no edge",
          "[devices]") {
    SysRig r;
    r.sys.gpu().writeGP1(0x06000000 | 0x500 | (0x500 << 12), r.s.now()); // 0 pixels wide
    r.toNextLine();
    r.toNextLine();
    CHECK(r.v.inHblank());
    r.mode(kT1, 1u << 8);
    r.toNextFrame();
    r.toNextFrame();
    CHECK(r.count(kT1) == 0);
    CHECK(r.v.inHblank());
}

TEST_CASE("timers.md counter 1 sync mode 0: paused during vblank (240 of 263 lines count)",
          "[devices]") {
    SysRig r;
    r.mode(kT1, Timers::kSyncEnable | (0u << 1) | (1u << 8)); // hblank clock
    r.toNextFrame();
    uint32_t a = r.count(kT1);
    r.toNextFrame();
    // Vblank covers lines 256..262 and 0..15: 263 - 23 hblanks are counted.
    CHECK(r.count(kT1) - a == 240);
}

TEST_CASE("timers.md counter 1 sync mode 1: reset at vblank - counts through it", "[devices]") {
    SysRig r;
    r.mode(kT1, Timers::kSyncEnable | (1u << 1));
    r.toNextFrame();
    Cycles start = r.s.now();
    uint32_t atStart = r.count(kT1);
    CHECK(atStart == 0);
    testutil::runFor(r.s, 30000); // well inside the vblank (23 lines = 49500 cycles)
    CHECK(r.count(kT1) == r.s.now() - start);
    r.toLine(100);
    r.toNextFrame();
    CHECK(r.count(kT1) == 0);
}

TEST_CASE("timers.md counter 2 sync mode 3 with the /8 clock: stopped at its current value",
          "[devices]") {
    SysRig r;
    r.mode(kT2, 2u << 8);
    testutil::runFor(r.s, 8000);
    uint32_t a = r.count(kT2);
    CHECK(a >= 998);
    r.mode(kT2, Timers::kSyncEnable | (3u << 1) | (2u << 8));
    testutil::runFor(r.s, 8000);
    CHECK(r.count(kT2) == 0); // the mode write resets it; sync mode 3 keeps it there
    r.t.write(kT2 + kCount, 1234, 4);
    testutil::runFor(r.s, 8000);
    CHECK(r.count(kT2) == 1234); // a written value is the "current value" it stops at
    r.mode(kT2, Timers::kSyncEnable | (0u << 1));
    r.t.write(kT2 + kCount, 77, 4);
    testutil::runFor(r.s, 8000);
    CHECK(r.count(kT2) == 77); // sync mode 0 likewise
}

TEST_CASE("timers.md one-shot with both IRQ conditions: only the first one fires", "[devices]") {
    core::Scheduler sched;
    core::Irq irq;
    Timers t{sched, irq};
    t.write(kT0 + kTarget, 100, 4);
    // Free run to FFFFh (bit 3 clear): target first at 101 cycles, FFFFh later.
    t.write(kT0 + kMode, Timers::kIrqOnTarget | Timers::kIrqOnFfff, 4);
    testutil::runFor(sched, 101);
    CHECK((irq.state().stat >> 4 & 1) == 1);
    irq.write(0x1f801070, 0, 4);
    testutil::runFor(sched, 0x10000);
    CHECK((irq.state().stat >> 4 & 1) == 0);
    CHECK((t.read(kT0 + kMode, 4) & Timers::kReachedFfff) != 0); // FFFFh was reached
}

TEST_CASE("timers.md toggle mode one-shot: bit 10 stays 0 after the IRQ", "[devices]") {
    core::Scheduler sched;
    core::Irq irq;
    Timers t{sched, irq};
    t.write(kT1 + kTarget, 50, 4);
    t.write(kT1 + kMode, Timers::kResetOnTarget | Timers::kIrqOnTarget | Timers::kIrqToggle, 4);
    CHECK((t.read(kT1 + kMode, 4) & Timers::kIrqRequest) != 0); // set after writing
    testutil::runFor(sched, 51);
    CHECK((irq.state().stat >> 5 & 1) == 1);
    CHECK((t.read(kT1 + kMode, 4) & Timers::kIrqRequest) == 0);
    testutil::runFor(sched, 1000);
    CHECK((t.read(kT1 + kMode, 4) & Timers::kIrqRequest) == 0);
}
