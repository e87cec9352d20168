#include <catch2/catch.hpp>

#include "core/irq.h"
#include "core/system.h"
#include "core/video_timing.h"
#include "device_test_util.h"

using core::Cycles;
using core::VideoTiming;

namespace {
// Runs until the next vblank starts; returns the cycle it started at.
Cycles toVblank(core::System& sys) {
    core::VideoTiming& v = sys.video();
    uint64_t f = v.frameCount();
    while (v.frameCount() == f)
        testutil::runUntil(sys.scheduler(), v.nextLineTime());
    return sys.scheduler().now();
}
} // namespace

TEST_CASE("gpu Nominal Video Clock: the ratios are 53.693175 / 53.203425 MHz exactly",
          "[devices]") {
    CHECK(33868800ull * VideoTiming::kNtscVideoNum == 53693175ull * VideoTiming::kCpuPerVideoDen);
    CHECK(33868800ull * VideoTiming::kPalVideoNum == 53203425ull * VideoTiming::kCpuPerVideoDen);
}

TEST_CASE("gpu Timings: an NTSC frame is 263 lines of 3413 video cycles - without drift",
          "[devices]") {
    core::System sys;
    Cycles first = toVblank(sys);
    for (int i = 0; i < 60; ++i)
        toVblank(sys);
    Cycles elapsed = sys.scheduler().now() - first;
    // 60 frames * 263 * 3413 video cycles, converted exactly, rounded up to a CPU cycle.
    uint64_t video = 60ull * 263 * 3413;
    uint64_t exact = video * VideoTiming::kCpuPerVideoDen;
    uint64_t lo = exact / VideoTiming::kNtscVideoNum;
    CHECK(elapsed >= lo - 1);
    CHECK(elapsed <= lo + 1);
    CHECK(sys.video().state().linesInField == 263);
}

TEST_CASE("gpu GP1(07h) reset values: vblank starts at line Y2 = 10h+240 and ends at Y1 = 10h",
          "[devices]") {
    core::System sys;
    toVblank(sys);
    CHECK(sys.video().line() == 0x10 + 240);
    CHECK(sys.video().inVblank());
    CHECK((sys.irq().state().stat & 1) == 1);
    sys.irq().write(0x1f801070, 0, 4);
    while (sys.video().inVblank())
        testutil::runUntil(sys.scheduler(), sys.video().nextLineTime());
    CHECK(sys.video().line() == 0x10);
    CHECK((sys.irq().state().stat & 1) == 0);
}

namespace {
// GP1(07h): Y1 in bits 0-9, Y2 in bits 10-19 (gpu "Vertical Display range").
void verticalRange(core::System& sys, uint32_t y1, uint32_t y2) {
    sys.gpu().writeGP1(0x07000000 | y1 | (y2 << 10), sys.scheduler().now());
}
void horizontalRange(core::System& sys, uint32_t x1, uint32_t x2) {
    sys.gpu().writeGP1(0x06000000 | x1 | (x2 << 12), sys.scheduler().now());
}
} // namespace

TEST_CASE("gpu GP1(07h): the vblank IRQ0 follows the programmed range, on NTSC and PAL",
          "[devices]") {
    for (bool pal : {false, true}) {
        core::System sys;
        sys.gpu().writeGP1(0x08000000 | (pal ? 0x08 : 0), sys.scheduler().now());
        verticalRange(sys, 40, 200);
        toVblank(sys);
        INFO((pal ? "PAL" : "NTSC"));
        CHECK(sys.video().line() == 200);
        sys.irq().write(0x1f801070, 0, 4);
        while (sys.video().inVblank())
            testutil::runUntil(sys.scheduler(), sys.video().nextLineTime());
        CHECK(sys.video().line() == 40);
        // The next vblank is one field later, at line 200 again: the field length is fixed by
        // the mode (263 / 314 lines), not by the range.
        Cycles a = toVblank(sys);
        Cycles b = toVblank(sys);
        CHECK(sys.video().line() == 200);
        const uint64_t lines = pal ? 314 : 263, cycles = pal ? 3406 : 3413;
        const uint64_t num = pal ? VideoTiming::kPalVideoNum : VideoTiming::kNtscVideoNum;
        const uint64_t exact = lines * cycles * VideoTiming::kCpuPerVideoDen / num;
        CHECK(b - a >= exact - 1);
        CHECK(b - a <= exact + 1);
        CHECK((sys.irq().state().stat & 1) == 1);
    }
}

TEST_CASE("gpu GP1(07h): with Y2 beyond the field the hardware stops generating IRQ0",
          "[devices]") {
    core::System sys;
    toVblank(sys);
    verticalRange(sys, 16, 0x3ff); // Y2 = 1023 lines: never reached
    sys.irq().write(0x1f801070, 0, 4);
    // Two fields on: no vblank and no IRQ0, but emulated frames still end (runFrame returns).
    uint64_t f = sys.video().frameCount();
    for (int i = 0; i < 2 * 263 + 2; ++i)
        testutil::runUntil(sys.scheduler(), sys.video().nextLineTime());
    CHECK_FALSE(sys.video().inVblank());
    CHECK((sys.irq().state().stat & 1) == 0);
    CHECK(sys.video().frameCount() > f);
    // Back to a normal Y2: IRQ0 returns at that line.
    verticalRange(sys, 16, 256);
    while (!sys.video().inVblank())
        testutil::runUntil(sys.scheduler(), sys.video().nextLineTime());
    CHECK(sys.video().line() == 256);
    CHECK((sys.irq().state().stat & 1) == 1);
}

TEST_CASE("gpu GP1(06h): hblank is the part of the line outside X1..X2", "[devices]") {
    core::System sys;
    horizontalRange(sys, 0x300, 0xa00);
    core::VideoTiming& v = sys.video();
    testutil::runUntil(sys.scheduler(), v.nextLineTime());
    testutil::runUntil(sys.scheduler(), v.nextLineTime());
    const Cycles lineStart = sys.scheduler().now();
    // In CPU cycles: video clock x * 451584 / 715909 (NTSC), edges rounded up.
    auto cpu = [](uint64_t video) {
        return (video * VideoTiming::kCpuPerVideoDen + VideoTiming::kNtscVideoNum - 1) /
               VideoTiming::kNtscVideoNum;
    };
    CHECK(v.inHblank()); // HSYNC lies before X1
    const Cycles x1 = lineStart + cpu(0x300), x2 = lineStart + cpu(0xa00);
    testutil::runUntil(sys.scheduler(), x1 - 2);
    CHECK(v.inHblank());
    testutil::runUntil(sys.scheduler(), x1 + 1);
    CHECK_FALSE(v.inHblank());
    testutil::runUntil(sys.scheduler(), x2 - 2);
    CHECK_FALSE(v.inHblank());
    testutil::runUntil(sys.scheduler(), x2 + 1);
    CHECK(v.inHblank());
}

TEST_CASE("gpu Horizontal Timings: dots per line drop the fraction except 425.75", "[devices]") {
    CHECK(VideoTiming::dotsPerLine(false, 10) == 341);
    CHECK(VideoTiming::dotsPerLine(false, 8) == 426);
    CHECK(VideoTiming::dotsPerLine(false, 4) == 853);
    CHECK(VideoTiming::dotsPerLine(false, 7) == 487);
    CHECK(VideoTiming::dotsPerLine(true, 10) == 340);
    CHECK(VideoTiming::dotsPerLine(true, 8) == 426);
    CHECK(VideoTiming::dotsPerLine(true, 5) == 681);
    CHECK(VideoTiming::dotsPerLine(true, 7) == 486);
}

TEST_CASE("video timing: dotTime is the first cycle at which dotsAt reaches a dot", "[devices]") {
    core::System sys;
    core::VideoTiming& v = sys.video();
    testutil::runFor(sys.scheduler(), 5000);
    Cycles now = sys.scheduler().now();
    uint64_t base = v.dotsAt(now);
    for (uint64_t d = base + 1; d < base + 1500; d += 37) {
        Cycles t = v.dotTime(d);
        CHECK(v.dotsAt(t) >= d);
        CHECK(v.dotsAt(t - 1) < d);
    }
}

TEST_CASE("System runFrame ends at vblank and counts frames", "[devices]") {
    core::System sys;
    sys.runFrame();
    CHECK(sys.frameCount() == 1);
    sys.runFrame();
    CHECK(sys.frameCount() == 2);
}
