// Command cache footprints and execution order (DESIGN.md §3; graphicsprocessingunitgpu.md
// drawing area, "Wrapping", "Texture Bitmaps", "Texture Palettes - CLUT").
#include <catch2/catch.hpp>

#include <vector>

#include "gpu_test_rig.h"

using namespace gpu;
using gputest::Rig;
using gputest::sameRect;

TEST_CASE("Primitive write footprints are clipped to the drawing area", "[gpu]") {
    Rig r;
    r.gp0(0xE3000000u | (10u << 10) | 20);                   // area (20,10) ..
    r.gp0(0xE4000000u | (100u << 10) | 200);                 // .. (200,100) inclusive
    r.gp0({0x20000000, 0x00000000, 0x01000100, 0x00000100}); // (0,0) (256,256) (256,0)
    r.gp0({0x40000000, 0x00320032, 0x00340064});             // (50,50)-(100,52)
    r.gp0({0x60000000, 0x01000100, 0x00100010});             // outside: empty
    REQUIRE(r.records() == 3);
    REQUIRE(r.fp(0).writeCount == 1);
    CHECK(sameRect(r.fp(0).writes[0], 20, 10, 201, 101));
    CHECK(r.fp(0).readCount == 0);
    CHECK(sameRect(r.fp(1).writes[0], 50, 50, 101, 53)); // lines include their end point
    CHECK(r.fp(2).writeCount == 0);
}

TEST_CASE("Texture page read area depends on colour depth and wraps at X=1024", "[gpu]") {
    Rig r;
    r.gp0(0xE4000000u | (511u << 10) | 1023);
    // Texture coordinates spanning the whole page (0,0) (255,0) (0,255).
    // 4-bit page 15 (X=960, Y=256) with CLUT at (63*16, 5) = (1008, 5): 16 wide, fits.
    r.gp0({0x24000000, 0, (5u << 6 | 63u) << 16, 0x10, 0x001F00FF, 0x00100000, 0xFF00});
    REQUIRE(r.records() == 1);
    const Footprint& a = r.fp(0);
    REQUIRE(a.readCount == 2);
    CHECK(sameRect(a.reads[0], 960, 256, 1024, 512));
    CHECK(sameRect(a.reads[1], 1008, 5, 1024, 6));
    // 8-bit page 15: 128 wide -> wraps; its 256-wide CLUT at X=1008 wraps too.
    r.gp0({0x24000000, 0, (5u << 6 | 63u) << 16, 0x10, 0x008F00FF, 0x00100000, 0xFF00});
    const Footprint& b = r.fp(1);
    REQUIRE(b.readCount == 4);
    CHECK(sameRect(b.reads[0], 960, 0, 1024, 256));
    CHECK(sameRect(b.reads[1], 0, 0, 64, 256));
    CHECK(sameRect(b.reads[2], 1008, 5, 1024, 6));
    CHECK(sameRect(b.reads[3], 0, 5, 240, 6));
    // 15-bit page 1: 256 wide, no CLUT.
    r.gp0({0x24000000, 0, 0, 0x10, 0x010100FF, 0x00100000, 0xFF00});
    const Footprint& c = r.fp(2);
    REQUIRE(c.readCount == 1);
    CHECK(sameRect(c.reads[0], 64, 0, 320, 256));
    // Rectangles take the page from E1h (reserved depth 3 reads like 15-bit); a 16x16
    // rectangle at UV (0,0) fetches texels 0..15 (plus one texel of rounding margin).
    r.gp0(0xE1000182);
    r.gp0({0x64000000, 0, 0, 0x00100010});
    REQUIRE(r.fp(3).readCount == 1);
    CHECK(sameRect(r.fp(3).reads[0], 128, 0, 145, 17));
}

TEST_CASE("A textured primitive reads only the texels its coordinates span", "[gpu]") {
    Rig r;
    r.gp0(0xE4000000u | (511u << 10) | 1023);
    // 4-bit page 15 (X=960, Y=256): U 8..40 -> halfwords 961..971 with the margin (U 7..41,
    // four texels per halfword); V 16..20 -> rows 271..277.
    r.gp0({0x24000000, 0, (5u << 6 | 63u) << 16 | 0x1008, 0x10, 0x001F1028, 0x00100000, 0x1410});
    const Footprint& a = r.fp(0);
    REQUIRE(a.readCount == 2);
    CHECK(sameRect(a.reads[0], 961, 271, 971, 278));
    // With a texture window mask the coordinates are rewritten: the whole axis is read.
    r.gp0(0xE2000000u | 0x1F); // mask X = 1Fh
    r.gp0({0x24000000, 0, (5u << 6 | 63u) << 16 | 0x1008, 0x10, 0x001F1028, 0x00100000, 0x1410});
    CHECK(sameRect(r.fp(1).reads[0], 960, 271, 1024, 278));
    // A rectangle whose coordinates wrap past 255 reads the whole axis.
    r.gp0(0xE2000000u);
    r.gp0(0xE1000100); // 15-bit page 0
    r.gp0({0x64000000, 0, 0xF0F0, 0x00200020});
    CHECK(sameRect(r.fp(2).reads[0], 0, 0, 256, 256));
}

TEST_CASE("Fill - copy and upload footprints wrap around VRAM's edges", "[gpu]") {
    Rig r;
    r.gp0({0x02000000, 0x01F403F0, 0x00140020}); // (1008,500) 32x20
    REQUIRE(r.fp(0).writeCount == 4);
    CHECK(sameRect(r.fp(0).writes[0], 1008, 500, 1024, 512));
    CHECK(sameRect(r.fp(0).writes[1], 0, 500, 16, 512));
    CHECK(sameRect(r.fp(0).writes[2], 1008, 0, 1024, 8));
    CHECK(sameRect(r.fp(0).writes[3], 0, 0, 16, 8));
    r.gp0({0x80000000, 0x000003FE, 0x01FF0010, 0x00020004}); // src (1022,0), dst (16,511) 4x2
    REQUIRE(r.fp(1).writeCount == 2);
    CHECK(sameRect(r.fp(1).writes[0], 16, 511, 20, 512));
    CHECK(sameRect(r.fp(1).writes[1], 16, 0, 20, 1));
    REQUIRE(r.fp(1).readCount == 2);
    CHECK(sameRect(r.fp(1).reads[0], 1022, 0, 1024, 2));
    CHECK(sameRect(r.fp(1).reads[1], 0, 0, 2, 2));
    r.gp0({0xA0000000, 0x000003FC, 0x00010008, 0, 0, 0, 0});
    REQUIRE(r.fp(2).writeCount == 2);
    CHECK(sameRect(r.fp(2).writes[0], 1020, 0, 1024, 1));
    CHECK(sameRect(r.fp(2).writes[1], 0, 0, 4, 1));
}

TEST_CASE("readsDestination marks semi-transparent and mask-tested records", "[gpu]") {
    Rig r;
    r.gp0({0x20000000, 0, 0x10, 0x00100000});
    r.gp0({0x22000000, 0, 0x10, 0x00100000});
    r.gp0(0xE6000002);
    r.gp0({0x20000000, 0, 0x10, 0x00100000});
    r.gp0({0x02000000, 0, 0x00100010}); // fill ignores the mask setting
    CHECK_FALSE(r.fp(0).readsDestination);
    CHECK(r.fp(1).readsDestination);
    CHECK(r.fp(2).readsDestination);
    CHECK_FALSE(r.fp(3).readsDestination);
}

TEST_CASE("executeOverlapping runs everything up to the last record writing the region", "[gpu]") {
    std::vector<uint16_t> vram(kVramWidth * kVramHeight);
    Rasterizer raster(vram.data());
    FrameCommands f;
    auto fill = [&](uint16_t x, uint16_t y) {
        Command c;
        c.kind = CommandKind::Fill;
        c.fill.x = x, c.fill.y = y, c.fill.width = 16, c.fill.height = 16;
        return f.append(c);
    };
    fill(0, 0);
    fill(100, 100);
    fill(200, 200);
    fill(0, 0);
    fill(300, 300);
    Rect region{100, 100, 101, 101};
    f.executeOverlapping(region, raster);
    CHECK(f.pendingCount() == 3);
    Rect origin{5, 5, 6, 6};
    f.executeOverlapping(origin, raster);
    CHECK(f.pendingCount() == 1);
    CHECK(f.record(3).status == RecordStatus::Executed);
    CHECK(f.record(4).status == RecordStatus::Pending);
    Rect nothing{600, 0, 700, 10};
    f.executeOverlapping(nothing, raster);
    CHECK(f.pendingCount() == 1);
    f.executeAll(raster);
    CHECK(f.pendingCount() == 0);
    CHECK(f.counters().recordsExecuted == 5);
    CHECK(f.counters().recordsAppended == 5);
}

TEST_CASE("endFrame executes and clears the frame's records and upload pool", "[gpu]") {
    Rig r;
    r.gp0({0xA0000000, 0, 0x00010002, 0x12345678});
    r.gp0({0x02000000, 0, 0x00100010});
    CHECK(r.records() == 2);
    CHECK(r.gpu.frameCommands().uploadPool().size() == 2);
    r.gpu.endFrame();
    CHECK(r.records() == 0);
    CHECK(r.gpu.frameCommands().uploadPool().empty());
    CHECK(r.gpu.frameCommands().counters().recordsExecuted == 2);
}
