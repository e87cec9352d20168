// GPUSTAT, GP1, GPUREAD, IRQ1 and busy timing (graphicsprocessingunitgpu.md "GPU Status
// Register", "GPU Display Control Commands (GP1)", "GPU Other Commands").
#include <catch2/catch.hpp>

#include "gpu_test_rig.h"

using namespace gpu;
using gputest::Rig;

TEST_CASE("GPUSTAT after reset is 14802000h - also after GP1(00h)", "[gpu]") {
    Rig r;
    CHECK(r.stat() == 0x14802000u);
    r.gp0(0xE10007FF);
    r.gp0(0xE6000003);
    r.gp1(0x03000000); // display on
    r.gp1(0x04000002);
    r.gp1(0x0800007F);
    r.gp0(0x1F000000);
    CHECK(r.stat() != 0x14802000u);
    r.gp1(0x00000000);
    CHECK(r.stat() == 0x14802000u);
    // GP1(40h..FFh) mirror 00h..3Fh: 40h is a reset too.
    r.gp1(0x0800007F);
    r.gp1(0x40000000);
    CHECK(r.stat() == 0x14802000u);
    // Also while the GPU is busy with a long fill.
    r.gp0({0x02000000, 0, 0x01FF03F1});
    r.gp1(0x00000000);
    CHECK(r.stat() == 0x14802000u);
}

TEST_CASE("GPUSTAT.25 and 29-30 follow GP1(04h) for each direction", "[gpu]") {
    Rig r;
    r.gp1(0x04000000);
    CHECK((r.stat() >> 25 & 1) == 0);
    CHECK((r.stat() >> 29 & 3) == 0);
    r.gp1(0x04000001); // FIFO not full
    CHECK((r.stat() >> 25 & 1) == 1);
    CHECK((r.stat() >> 29 & 3) == 1);
    r.gp1(0x04000002); // same as bit 28
    CHECK((r.stat() >> 25 & 1) == 1);
    r.gp0(0x20000000); // polygon command word: bit 28 drops at once
    CHECK((r.stat() >> 28 & 1) == 0);
    CHECK((r.stat() >> 25 & 1) == 0);
    r.gp0({0, 0x10, 0x00100000});
    r.idle();
    CHECK((r.stat() >> 25 & 1) == 1);
    r.gp1(0x04000003); // same as bit 27
    CHECK((r.stat() >> 25 & 1) == 0);
    r.gp0({0xC0000000, 0, 0x00010001});
    CHECK((r.stat() >> 27 & 1) == 1);
    CHECK((r.stat() >> 25 & 1) == 1);
    CHECK((r.stat() >> 29 & 3) == 3);
    r.read();
    CHECK((r.stat() >> 27 & 1) == 0);
    CHECK((r.stat() >> 25 & 1) == 0);
    CHECK(r.gpu.dmaRequest(r.now) == false);
}

TEST_CASE("GPUSTAT mirrors E1h bits 0-10 and 11 (->15) - E6h (->11-12)", "[gpu]") {
    Rig r;
    r.gp0(0xE1003FFF);
    uint32_t s = r.stat();
    CHECK((s & 0x7FF) == 0x7FF);
    CHECK((s >> 15 & 1) == 1);
    CHECK((s >> 11 & 3) == 0);
    r.gp0(0xE6000002);
    CHECK((r.stat() >> 11 & 3) == 2);
    r.gp0(0xE1000000);
    CHECK((r.stat() & 0x87FF) == 0);
}

TEST_CASE("GPUSTAT display bits from GP1(03h) and GP1(08h)", "[gpu]") {
    Rig r;
    r.gp1(0x03000000);
    CHECK((r.stat() >> 23 & 1) == 0);
    r.gp1(0x03000001);
    CHECK((r.stat() >> 23 & 1) == 1);
    r.gp1(0x080000FF);
    uint32_t s = r.stat();
    CHECK((s >> 14 & 1) == 1);   // bit 7 flip
    CHECK((s >> 16 & 1) == 1);   // bit 6 368
    CHECK((s >> 17 & 3) == 3);   // bits 0-1
    CHECK((s >> 19 & 15) == 15); // 480, PAL, 24-bit, interlace
    r.gp1(0x08000009);           // 320, PAL
    s = r.stat();
    CHECK((s >> 16 & 0x7F) == 0x12); // 17 (320) and 20 (PAL)
    CHECK((s >> 14 & 1) == 0);
}

TEST_CASE("GPUSTAT.13 interlace field and .31 odd line follow scanline()", "[gpu]") {
    Rig r;
    // Interlace off: bit 13 always 1; bit 31 alternates per scanline, 0 in vblank.
    r.gpu.scanline(5, false, true);
    CHECK((r.stat() >> 13 & 1) == 1);
    CHECK((r.stat() >> 31 & 1) == 1);
    r.gpu.scanline(6, false, true);
    CHECK((r.stat() >> 31 & 1) == 0);
    r.gpu.scanline(251, true, true);
    CHECK((r.stat() >> 31 & 1) == 0);
    // 480-line interlace: bit 31 is the field, constant over the frame.
    r.gp1(0x08000024);
    r.gpu.scanline(6, false, true);
    CHECK((r.stat() >> 31 & 1) == 1);
    CHECK((r.stat() >> 13 & 1) == 1);
    r.gpu.scanline(7, false, false);
    CHECK((r.stat() >> 31 & 1) == 0);
    CHECK((r.stat() >> 13 & 1) == 0);
    r.gpu.scanline(250, true, true);
    CHECK((r.stat() >> 31 & 1) == 0);
    // 240-line interlace: bit 31 per scanline again, bit 13 the field.
    r.gp1(0x08000020);
    r.gpu.scanline(9, false, false);
    CHECK((r.stat() >> 31 & 1) == 1);
    CHECK((r.stat() >> 13 & 1) == 0);
}

TEST_CASE("Ready bits during a CPU->VRAM transfer", "[gpu]") {
    Rig r;
    r.gp0(0xA0000000);
    uint32_t s = r.stat();
    CHECK((s >> 26 & 1) == 0); // wants parameters, not a command
    CHECK((s >> 28 & 1) == 1); // not a polygon/line: DMA block still welcome
    r.gp0({0, 0x00020002});    // 2x2 -> 2 data words
    s = r.stat();
    CHECK((s >> 26 & 1) == 0);
    CHECK((s >> 28 & 1) == 1);
    r.gp0(0x11111111);
    CHECK((r.stat() >> 26 & 1) == 0);
    r.gp0(0x22222222);
    CHECK((r.stat() >> 26 & 1) == 1);
    CHECK((r.stat() >> 28 & 1) == 1);
}

TEST_CASE("Busy timing: a fill keeps the GPU busy for its pixel count", "[gpu]") {
    Rig r;
    r.now = 1000;
    r.gp0({0x02000000, 0, 0x01FF03F1}); // 1024 x 511
    // 16 setup clocks + 2 pixels per clock, video clock = CPU clock * 11/7.
    uint64_t expected = (uint64_t(16 + 1024 * 511 / 2) * 7 + 10) / 11;
    CHECK(expected == 166504);
    CHECK(r.gpu.busyUntil() == 1000 + expected);
    r.now = 1001;
    CHECK((r.stat() >> 26 & 1) == 0);
    CHECK((r.stat() >> 28 & 1) == 0);
    r.now = 1000 + expected;
    CHECK((r.stat() >> 26 & 1) == 1);
    CHECK((r.stat() >> 28 & 1) == 1);
}

TEST_CASE("Busy timing: a small fill costs less than a big one - a copy reads and writes",
          "[gpu]") {
    Rig r;
    r.gp0({0x02000000, 0, 0x00100010}); // 16x16
    uint64_t small = r.gpu.busyUntil();
    CHECK(small == gpuClocksToCpu(16 + 128));
    r.idle();
    uint64_t start = r.now;
    r.gp0({0x80000000, 0, 0x00000100, 0x00100010}); // 16x16 copy: 1 clock per pixel
    CHECK(r.gpu.busyUntil() - start == gpuClocksToCpu(16 + 256));
}

TEST_CASE("FIFO: words sent while busy fill it - E3h-E5h and NOPs take no space", "[gpu]") {
    Rig r;
    r.gp1(0x04000001);
    r.gp0({0x02000000, 0, 0x01FF03F1}); // long fill
    r.now = 10;
    for (int i = 0; i < 15; ++i)
        r.gp0(0xE1000000);
    CHECK((r.stat() >> 25 & 1) == 1);
    for (int i = 0; i < 20; ++i)
        r.gp0({0xE3000000, 0xE4000000, 0xE5000000, 0x00000000});
    CHECK((r.stat() >> 25 & 1) == 1);
    r.gp0(0xE2000000);
    CHECK((r.stat() >> 25 & 1) == 0); // 16 words queued: full
    r.now = r.gpu.busyUntil();
    CHECK((r.stat() >> 25 & 1) == 1);
    CHECK((r.stat() >> 26 & 1) == 1);
}

TEST_CASE("Commands queue behind a busy GPU", "[gpu]") {
    Rig r;
    r.gp0({0x02000000, 0, 0x00100010});
    uint64_t first = r.gpu.busyUntil();
    r.gp0({0x02000000, 0, 0x00100010}); // sent at once: runs after the first
    CHECK(r.gpu.busyUntil() == 2 * first);
}

TEST_CASE("GP0(1Fh) raises IRQ1 once until GP1(02h) acknowledges it", "[gpu]") {
    Rig r;
    r.gp0(0x1F000000);
    CHECK(r.host.interrupts == 1);
    CHECK((r.stat() >> 24 & 1) == 1);
    r.gp0(0x1F000000);
    CHECK(r.host.interrupts == 1);
    r.gp1(0x02000000);
    CHECK((r.stat() >> 24 & 1) == 0);
    r.gp0(0x1F123456);
    CHECK(r.host.interrupts == 2);
}

TEST_CASE("GP1(10h) latches internal registers into GPUREAD - with its mirrors", "[gpu]") {
    Rig r;
    r.gp0(0xE2012345);
    r.gp0(0xE3054321);
    r.gp0(0xE40ABCDE);
    r.gp0(0xE53FFFFF);
    r.gp1(0x10000007);
    CHECK(r.read() == 2);
    r.gp1(0x10000002);
    CHECK(r.read() == 0x12345);
    r.gp1(0x10000003);
    CHECK(r.read() == 0x54321);
    r.gp1(0x10000004);
    CHECK(r.read() == 0xABCDE);
    r.gp1(0x10000005);
    CHECK(r.read() == 0x3FFFFF);
    r.gp1(0x10000008);
    CHECK(r.read() == 0);
    r.gp1(0x10000005);
    r.gp1(0x10000000); // 0, 1, 6, 9-F: unchanged
    r.gp1(0x10000006);
    r.gp1(0x1000000B);
    CHECK(r.read() == 0x3FFFFF);
    CHECK(r.read() == 0x3FFFFF); // the latch can be read again
    r.gp1(0x1F000017);           // GP1(1Fh) mirror, index 17h mirror of 7
    CHECK(r.read() == 2);
    r.gp1(0x10000005);
    r.gp1(0x50FFFFF2); // GP1(50h) = GP1(10h), index FFFFF2h = 2
    CHECK(r.read() == ((0x3FFFFFu & ~0xFFFFFu) | 0x12345));
    // GP1(09h)/(20h) and unused GP1 commands leave everything else alone.
    uint32_t before = r.stat();
    r.gp1(0x09000001);
    r.gp1(0x20000504);
    r.gp1(0x0B000274);
    r.gp1(0x3F000000);
    CHECK(r.stat() == before);
}

TEST_CASE("GPUREAD after GP0(C0h) returns the area row by row - two pixels a word", "[gpu]") {
    Rig r;
    uint16_t* v = r.gpu.mutableVram();
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x)
            v[(100 + y) * 1024 + 200 + x] = uint16_t(0x100 * y + x + 1);
    r.gp0({0xC0000000, 0x006400C8, 0x00020003}); // (200,100) 3x2
    CHECK((r.stat() >> 27 & 1) == 1);
    CHECK(r.read() == (0x0001u | 0x0002u << 16));
    CHECK(r.read() == (0x0003u | 0x0101u << 16));
    CHECK((r.stat() >> 27 & 1) == 1);
    CHECK(r.read() == (0x0102u | 0x0103u << 16));
    CHECK((r.stat() >> 27 & 1) == 0);
    CHECK(r.read() == (0x0102u | 0x0103u << 16)); // latch keeps the last word
    // Odd pixel count: an extra halfword pads the last word. X wraps at 1024.
    v[5 * 1024 + 1023] = 0xAAAA;
    v[5 * 1024 + 0] = 0xBBBB;
    v[5 * 1024 + 1] = 0xCCCC;
    r.gp0({0xC0000000, 0x000503FF, 0x00010003});
    CHECK(r.read() == (0xAAAAu | 0xBBBBu << 16));
    CHECK((r.read() & 0xFFFF) == 0xCCCC);
    CHECK((r.stat() >> 27 & 1) == 0);
}

TEST_CASE("GPUSTAT.27 rises only when the commands before GP0(C0h) are done", "[gpu]") {
    Rig r;
    r.gp0({0x02000000, 0, 0x00100010});
    uint64_t done = r.gpu.busyUntil();
    r.gp0({0xC0000000, 0, 0x00010002});
    CHECK((r.stat() >> 27 & 1) == 0);
    r.now = done;
    CHECK((r.stat() >> 27 & 1) == 1);
}

TEST_CASE("GP0(C0h) executes the pending records it depends on first", "[gpu]") {
    Rig r;
    r.gp0({0x02000000, 0x00000000, 0x00100010}); // writes (0..16, 0..16)
    r.gp0({0x02000000, 0x01000100, 0x00100010}); // writes (256.., 256..)
    r.gp0({0x02000000, 0x00000000, 0x00080008}); // writes (0..8, 0..8) again
    r.gp0({0x02000000, 0x01800000, 0x00100010}); // elsewhere, later
    r.gp0({0xC0000000, 0x01000100, 0x00010001}); // read at (256,256)
    const FrameCommands& f = r.gpu.frameCommands();
    REQUIRE(f.size() == 4);
    CHECK(f.record(0).status == RecordStatus::Executed);
    CHECK(f.record(1).status == RecordStatus::Executed);
    CHECK(f.record(2).status == RecordStatus::Pending);
    CHECK(f.record(3).status == RecordStatus::Pending);
    r.gpu.endFrame();
    const FrameCommands& g = r.gpu.frameCommands(); // waits for the render worker, if on
    CHECK(g.size() == 0);
    CHECK(g.counters().recordsExecuted == 4);
}

TEST_CASE("GP1(01h) abandons a packet or transfer in progress", "[gpu]") {
    Rig r;
    r.gp0({0xA0000000, 0, 0x00100010});
    r.gp1(0x01000000);
    r.gp0({0x20000000, 0, 0x10, 0x00100000});
    REQUIRE(r.records() == 1);
    CHECK(r.cmd(0).kind == CommandKind::Triangle);
}

TEST_CASE("displayTiming follows GP1(08h)", "[gpu]") {
    Rig r;
    DisplayTiming t = r.gpu.displayTiming();
    CHECK((!t.pal && !t.interlace && !t.vres480 && t.dotDivider == 10));
    r.gp1(0x0800002D); // 320, 480, PAL, interlace
    t = r.gpu.displayTiming();
    CHECK((t.pal && t.interlace && t.vres480 && t.dotDivider == 8));
    const uint32_t dividers[5][2] = {{0, 10}, {1, 8}, {2, 5}, {3, 4}, {0x40, 7}};
    for (auto& d : dividers) {
        r.gp1(0x08000000 | d[0]);
        CHECK(r.gpu.displayTiming().dotDivider == d[1]);
    }
}
