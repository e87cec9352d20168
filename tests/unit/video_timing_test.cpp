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

TEST_CASE("interrupts.md IRQ0: vblank starts at line 256 (GP1(07h) Y2 = 88h+120)", "[devices]") {
    core::System sys;
    toVblank(sys);
    CHECK(sys.video().line() == VideoTiming::kNtscVblankStart);
    CHECK(sys.video().inVblank());
    CHECK((sys.irq().state().stat & 1) == 1);
    // Vblank lasts until line 16 (Y1 = 88h-120).
    sys.irq().write(0x1f801070, 0, 4);
    while (sys.video().inVblank())
        testutil::runUntil(sys.scheduler(), sys.video().nextLineTime());
    CHECK(sys.video().line() == VideoTiming::kNtscVblankEnd);
    CHECK((sys.irq().state().stat & 1) == 0);
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
