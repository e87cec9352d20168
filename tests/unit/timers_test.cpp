#include <catch2/catch.hpp>

#include "core/irq.h"
#include "core/system.h"
#include "core/timers.h"
#include "core/video_timing.h"
#include "device_test_util.h"

using core::Cycles;
using core::Timers;
using testutil::runFor;

namespace {
constexpr uint32_t kT0 = 0x1f801100, kT1 = 0x1f801110, kT2 = 0x1f801120;
constexpr uint32_t kCount = 0, kMode = 4, kTarget = 8;

struct Rig {
    core::Scheduler sched;
    core::Irq irq;
    Timers timers{sched, irq};
    uint32_t count(uint32_t base) { return timers.read(base + kCount, 4); }
    uint32_t mode(uint32_t base) { return timers.read(base + kMode, 4); }
    void setMode(uint32_t base, uint32_t m) { timers.write(base + kMode, m, 4); }
    void setTarget(uint32_t base, uint32_t t) { timers.write(base + kTarget, t, 4); }
    bool irqPending(unsigned n) { return (irq.state().stat >> (4 + n)) & 1; }
    void ackIrq() { irq.write(0x1f801070, 0, 4); }
};
} // namespace

TEST_CASE("timers.md Reset and Wrap: a mode write holds 0000h for 2 cycles - then counts",
          "[devices]") {
    Rig r;
    r.setMode(kT0, 0);
    CHECK(r.count(kT0) == 0);
    runFor(r.sched, 1);
    CHECK(r.count(kT0) == 0);
    runFor(r.sched, 1);
    CHECK(r.count(kT0) == 1);
    runFor(r.sched, 1000);
    CHECK(r.count(kT0) == 1001);
}

TEST_CASE("timers.md Reset and Wrap: target 1 with bit 3 gives 0 -0 -1 -0 -0 -1", "[devices]") {
    Rig r;
    r.setTarget(kT0, 1);
    r.setMode(kT0, Timers::kResetOnTarget);
    uint32_t seq[6];
    for (auto& v : seq) {
        v = r.count(kT0);
        runFor(r.sched, 1);
    }
    CHECK(seq[0] == 0);
    CHECK(seq[1] == 0);
    CHECK(seq[2] == 1);
    CHECK(seq[3] == 0);
    CHECK(seq[4] == 0);
    CHECK(seq[5] == 1);
}

TEST_CASE("timers.md: writing the counter holds it 2 cycles - FFFFh wraps to 0 for 1 cycle",
          "[devices]") {
    Rig r;
    r.setMode(kT1, 0);
    r.timers.write(kT1 + kCount, 0xfffe, 4);
    CHECK(r.count(kT1) == 0xfffe);
    runFor(r.sched, 1);
    CHECK(r.count(kT1) == 0xfffe);
    runFor(r.sched, 1);
    CHECK(r.count(kT1) == 0xffff);
    runFor(r.sched, 1);
    CHECK(r.count(kT1) == 0);
    runFor(r.sched, 1);
    CHECK(r.count(kT1) == 1);
    CHECK((r.mode(kT1) & Timers::kReachedFfff) != 0);
}

TEST_CASE("timers.md mode bits 11/12: reached flags are sticky and reset after reading",
          "[devices]") {
    Rig r;
    r.setTarget(kT2, 100);
    r.setMode(kT2, 0);
    runFor(r.sched, 50);
    CHECK((r.mode(kT2) & Timers::kReachedTarget) == 0);
    runFor(r.sched, 100);
    uint32_t m = r.mode(kT2);
    CHECK((m & Timers::kReachedTarget) != 0);
    CHECK((m & Timers::kIrqRequest) != 0); // bit 10 set after a mode write
    CHECK((r.mode(kT2) & Timers::kReachedTarget) == 0);
    CHECK(r.count(kT2) == 149); // no reset without bit 3
}

TEST_CASE("timers.md: a count written above target runs to FFFFh without the target flag",
          "[devices]") {
    Rig r;
    r.setTarget(kT0, 10);
    r.setMode(kT0, Timers::kResetOnTarget);
    r.timers.write(kT0 + kCount, 20, 4);
    runFor(r.sched, 1000);
    CHECK(r.count(kT0) == 20 + 999);
    CHECK((r.mode(kT0) & Timers::kReachedTarget) == 0);
}

TEST_CASE("timers.md IRQ on target - repeat - pulse: IRQ4 at the exact cycle - every target+2",
          "[devices]") {
    Rig r;
    r.setTarget(kT0, 99);
    r.setMode(kT0, Timers::kResetOnTarget | Timers::kIrqOnTarget | Timers::kIrqRepeat);
    runFor(r.sched, 99);
    CHECK_FALSE(r.irqPending(0));
    runFor(r.sched, 1); // hold cycle + 99 increments
    CHECK(r.irqPending(0));
    CHECK((r.mode(kT0) & Timers::kIrqRequest) != 0); // pulse mode: bit 10 back to 1
    r.ackIrq();
    runFor(r.sched, 100);
    CHECK_FALSE(r.irqPending(0));
    runFor(r.sched, 1);
    CHECK(r.irqPending(0));
}

TEST_CASE("timers.md one-shot: only one IRQ until the next mode write", "[devices]") {
    Rig r;
    r.setTarget(kT1, 10);
    r.setMode(kT1, Timers::kResetOnTarget | Timers::kIrqOnTarget);
    runFor(r.sched, 11);
    CHECK(r.irqPending(1));
    r.ackIrq();
    runFor(r.sched, 1000);
    CHECK_FALSE(r.irqPending(1));
    r.setMode(kT1, Timers::kResetOnTarget | Timers::kIrqOnTarget);
    runFor(r.sched, 11);
    CHECK(r.irqPending(1));
}

TEST_CASE("timers.md toggle mode: bit 10 inverts per event - IRQ only on 1 -> 0", "[devices]") {
    Rig r;
    r.setTarget(kT2, 9); // period 11 cycles after the first (hold + 9)
    r.setMode(kT2, Timers::kResetOnTarget | Timers::kIrqOnTarget | Timers::kIrqRepeat |
                       Timers::kIrqToggle);
    runFor(r.sched, 10);
    CHECK(r.irqPending(2));
    CHECK((r.mode(kT2) & Timers::kIrqRequest) == 0);
    r.ackIrq();
    runFor(r.sched, 11);
    CHECK_FALSE(r.irqPending(2));
    CHECK((r.mode(kT2) & Timers::kIrqRequest) != 0);
    runFor(r.sched, 11);
    CHECK(r.irqPending(2));
}

TEST_CASE("timers.md IRQ when counter = FFFFh", "[devices]") {
    Rig r;
    r.setMode(kT0, Timers::kIrqOnFfff);
    runFor(r.sched, 0xffff);
    CHECK_FALSE(r.irqPending(0));
    runFor(r.sched, 1);
    CHECK(r.irqPending(0));
    CHECK((r.mode(kT0) & Timers::kReachedFfff) != 0);
}

TEST_CASE("timers.md counter 2 clock source 2/3 = system clock / 8", "[devices]") {
    Rig r;
    runFor(r.sched, 3); // prescaler phase: ticks on multiples of 8
    r.setMode(kT2, 2u << 8);
    runFor(r.sched, 8 * 100 + 5);
    // Ticks at cycles 8, 16, ..., 808: 101 ticks, the first one held.
    CHECK(r.count(kT2) == 100);
}

TEST_CASE("timers.md counter 2 sync modes 0/3 stop the counter - 1/2 run freely", "[devices]") {
    Rig r;
    r.setMode(kT2, Timers::kSyncEnable | (0u << 1));
    runFor(r.sched, 500);
    CHECK(r.count(kT2) == 0);
    r.setMode(kT2, Timers::kSyncEnable | (3u << 1));
    runFor(r.sched, 500);
    CHECK(r.count(kT2) == 0);
    r.setMode(kT2, Timers::kSyncEnable | (1u << 1));
    runFor(r.sched, 500);
    CHECK(r.count(kT2) == 499);
}

TEST_CASE("timers.md 16-bit and 8-bit accesses see the right bytes", "[devices]") {
    Rig r;
    r.setTarget(kT0, 0x1234);
    CHECK(r.timers.read(kT0 + kTarget + 1, 1) == 0x12);
    CHECK(r.timers.read(kT0 + kTarget, 2) == 0x1234);
    // An 8-bit store to offset 1 latches value << 8 (partialwordwrites.md).
    r.timers.write(kT0 + kTarget + 1, 0x56, 1);
    CHECK(r.timers.read(kT0 + kTarget, 4) == 0x5600);
}

// With the video timing generator: hblank clock, dot clock and blank synchronisation.
namespace {
struct SysRig {
    core::System sys;
    Timers& t = sys.timers();
    core::Scheduler& s = sys.scheduler();
    core::VideoTiming& v = sys.video();
    // Runs to the start of the next scanline.
    void toNextLine() { testutil::runUntil(s, v.nextLineTime()); }
};
} // namespace

TEST_CASE("timers.md counter 1 clock source hblank counts scanlines (263 per NTSC frame)",
          "[devices]") {
    SysRig r;
    r.toNextLine();
    r.t.write(kT1 + kMode, 1u << 8, 4);
    uint64_t f = r.v.frameCount();
    while (r.v.frameCount() == f)
        r.toNextLine();
    uint32_t c0 = r.t.read(kT1, 4);
    f = r.v.frameCount();
    while (r.v.frameCount() == f)
        r.toNextLine();
    CHECK(r.t.read(kT1, 4) - c0 == 263);
}

TEST_CASE("gpu GPU Timings: timer 0 dot clock counts 3413/10 = 341 dots per NTSC 256 line",
          "[devices]") {
    SysRig r;
    r.toNextLine();
    r.t.write(kT0 + kMode, 1u << 8, 4);
    r.toNextLine();
    uint32_t a = r.t.read(kT0, 4);
    for (int i = 0; i < 10; ++i)
        r.toNextLine();
    CHECK(r.t.read(kT0, 4) - a == 3410);
}

TEST_CASE("timers.md counter 0 sync mode 0 pauses during hblank", "[devices]") {
    SysRig r;
    r.toNextLine();
    r.t.write(kT0 + kMode, Timers::kSyncEnable | (0u << 1), 4);
    r.toNextLine();
    uint32_t a = r.t.read(kT0, 4);
    Cycles lineStart = r.s.now();
    r.toNextLine();
    uint32_t counted = r.t.read(kT0, 4) - a;
    Cycles line = r.s.now() - lineStart;
    // The line's hblank is (3413 - 2560) video cycles = 538 or 539 CPU cycles.
    uint64_t hblank = line - counted;
    CHECK(hblank >= 538);
    CHECK(hblank <= 539);
}

TEST_CASE("timers.md counter 0 sync mode 1 resets at each hblank", "[devices]") {
    // The hblank starts at GP1(06h)'s X2 (C00h after reset): 3413 - 3072 = 341 video clocks,
    // 215.1 CPU cycles, before the next HSYNC.
    SysRig r;
    r.toNextLine();
    r.t.write(kT0 + kMode, Timers::kSyncEnable | (1u << 1), 4);
    for (int i = 0; i < 3; ++i)
        r.toNextLine();
    uint32_t c = r.t.read(kT0, 4);
    CHECK(c >= 214);
    CHECK(c <= 216);
    testutil::runUntil(r.s, r.v.nextLineTime() - 300); // before this line's X2
    CHECK(r.t.read(kT0, 4) > 1500);
    testutil::runUntil(r.s, r.v.nextLineTime() - 100); // after it: reset there
    CHECK(r.t.read(kT0, 4) >= 114);
    CHECK(r.t.read(kT0, 4) <= 116);
}

TEST_CASE("timers.md counter 1 sync mode 3 waits for the first vblank - then runs", "[devices]") {
    SysRig r;
    r.toNextLine();
    r.t.write(kT1 + kMode, Timers::kSyncEnable | (3u << 1), 4);
    // Line 1 is inside vblank at power-on; the counter waits for the next vblank start.
    for (int i = 0; i < 100; ++i)
        r.toNextLine();
    CHECK(r.t.read(kT1, 4) == 0);
    uint64_t f = r.v.frameCount();
    while (r.v.frameCount() == f)
        r.toNextLine();
    CHECK(r.t.read(kT1, 4) == 0);
    testutil::runFor(r.s, 1000);
    // The hold tick left by the mode write is spent when counting begins.
    CHECK(r.t.read(kT1, 4) == 999);
}

TEST_CASE("timers.md counter 1 sync mode 2: counts only during vblank - reset at its start",
          "[devices]") {
    SysRig r;
    r.toNextLine();
    r.t.write(kT1 + kMode, Timers::kSyncEnable | (2u << 1) | (1u << 8), 4); // hblank clock
    uint64_t f = r.v.frameCount();
    while (r.v.frameCount() == f)
        r.toNextLine();
    // At vblank start (line 256) the counter resets, then counts the hblanks of lines
    // 256..262 and 0..15 (vblank ends at line 16, before that line's hblank counts).
    while (r.v.inVblank())
        r.toNextLine();
    CHECK(r.t.read(kT1, 4) == (263 - 256) + 16);
    for (int i = 0; i < 50; ++i)
        r.toNextLine();
    CHECK(r.t.read(kT1, 4) == (263 - 256) + 16);
}
