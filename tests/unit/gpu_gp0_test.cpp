// GP0 decoding into command records (graphicsprocessingunitgpu.md, "GPU Render ... Commands",
// "GPU Rendering Attributes", "GPU Memory Transfer Commands").
#include <catch2/catch.hpp>

#include "gpu_test_rig.h"

using namespace gpu;
using gputest::Rig;
using gputest::sameRect;

TEST_CASE("Flat triangle: drawing offset added to sign-extended 11-bit vertices", "[gpu]") {
    Rig r;
    r.gp0(0xE5000000u | ((uint32_t(-50) & 0x7FF) << 11) | 100); // offset (100, -50)
    // Bits 11-15 / 27-31 of a vertex are ignored: 0xF805 is X=5, 0x07FF is -1.
    r.gp0({0x20112233, 0xF800F805, 0x07FF07FF, 0x00300040});
    REQUIRE(r.records() == 1);
    const TriangleCmd& t = r.cmd(0).triangle;
    CHECK(r.cmd(0).kind == CommandKind::Triangle);
    CHECK(t.flags == 0);
    CHECK(t.v[0].x == 105);
    CHECK(t.v[0].y == -50);
    CHECK(t.v[1].x == 99);
    CHECK(t.v[1].y == -51);
    CHECK(t.v[2].x == 164);
    CHECK(t.v[2].y == -2);
    for (const Vertex& v : t.v)
        CHECK((v.r == 0x33 && v.g == 0x22 && v.b == 0x11));
}

TEST_CASE("Gouraud textured quad splits into v0v1v2 and v1v2v3 - texpage updates E1h", "[gpu]") {
    Rig r;
    r.gp0(0xE1000600); // dither + draw-to-display set: the texpage attribute must keep them
    r.gp0({0x3C000080, 0x00000000, 0x12340201,   // colour0, v0 (0,0), CLUT 1234h uv (1,2)
           0x00000081, 0x00000010, 0x089F0403,   // colour1, v1 (16,0), texpage 089Fh
           0x00000082, 0x00100000, 0x00000605,   // v2 (0,16)
           0x00000083, 0x00100010, 0x00000807}); // v3 (16,16)
    REQUIRE(r.records() == 2);
    const TriangleCmd& a = r.cmd(0).triangle;
    const TriangleCmd& b = r.cmd(1).triangle;
    CHECK(a.flags == (kGouraud | kTextured | kQuad));
    CHECK(a.clut == 0x1234);
    CHECK(a.texpage == 0x089F);
    CHECK((a.v[0].r == 0x80 && a.v[1].r == 0x81 && a.v[2].r == 0x82));
    CHECK((b.v[0].r == 0x81 && b.v[1].r == 0x82 && b.v[2].r == 0x83));
    CHECK((a.v[0].u == 1 && a.v[0].v == 2 && b.v[2].u == 7 && b.v[2].v == 8));
    CHECK((b.v[0].x == 16 && b.v[0].y == 0 && b.v[2].x == 16 && b.v[2].y == 16));
    // E1h bits 0-8 and 11 come from the attribute; 9-10 stay (GPUSTAT.0-10, .15).
    uint32_t s = r.stat();
    CHECK((s & 0x7FF) == ((0x09F & 0x1FF) | 0x600));
    CHECK((s & (1u << 15)) != 0);
    CHECK(a.state.texpage == ((0x089F & 0x9FF) | 0x600));
}

TEST_CASE("Raw-texture bit only counts for textured polygons", "[gpu]") {
    Rig r;
    r.gp0({0x21000000, 0, 0x00100000, 0x00000010}); // bit 24 on an untextured triangle
    r.gp0({0x27000000, 0, 0, 0x00100000, 0, 0x00000010, 0});
    REQUIRE(r.records() == 2);
    CHECK(r.cmd(0).triangle.flags == 0);
    // (It draws over its own texture page, so the texture cache tracker may add kTexCacheLive.)
    CHECK((r.cmd(1).triangle.flags & ~kTexCacheLive) ==
          (kTextured | kSemiTransparent | kRawTexture));
}

TEST_CASE("Polygons with a vertex distance over 1023x511 are dropped", "[gpu]") {
    Rig r;
    r.gp0({0x20000000, 0x00000000, 0x000003FF, 0x01FF0000}); // 1023 x 511: drawn
    r.gp0({0x20000000, 0x00000000, 0x00000400, 0x00010000}); // dx 1024: dropped
    r.gp0({0x20000000, 0x00000000, 0x00000001, 0x02000000}); // dy 512: dropped
    // Y -300 .. +300 is dropped, -100 .. +400 is not (reference example, as lines).
    r.gp0({0x40000000, uint32_t(-300 & 0x7FF) << 16, 300u << 16});
    r.gp0({0x40000000, uint32_t(-100 & 0x7FF) << 16, 400u << 16});
    REQUIRE(r.records() == 2);
    CHECK(r.cmd(0).kind == CommandKind::Triangle);
    CHECK(r.cmd(1).kind == CommandKind::Line);
    CHECK(r.cmd(1).line.v[0].y == -100);
}

TEST_CASE("A quad keeps the triangle that fits when the other is too big", "[gpu]") {
    Rig r;
    // v0 (0,0) v1 (10,0) v2 (0,10) v3 (1030,10): second triangle spans 1030 horizontally.
    r.gp0({0x28000000, 0x00000000, 0x0000000A, 0x000A0000, 0x000A0406});
    REQUIRE(r.records() == 1);
    CHECK(r.cmd(0).triangle.v[2].y == 10);
}

TEST_CASE("Lines: flat and gouraud single lines", "[gpu]") {
    Rig r;
    r.gp0({0x42000010, 0x00050004, 0x00070006});             // flat, semi-transparent
    r.gp0({0x50000020, 0x00010001, 0x00000030, 0x00020002}); // gouraud
    REQUIRE(r.records() == 2);
    CHECK(r.cmd(0).line.flags == kSemiTransparent);
    CHECK((r.cmd(0).line.v[1].r == 0x10 && r.cmd(0).line.v[1].x == 6 && r.cmd(0).line.v[1].y == 7));
    CHECK(r.cmd(1).line.flags == kGouraud);
    CHECK((r.cmd(1).line.v[0].r == 0x20 && r.cmd(1).line.v[1].r == 0x30));
}

TEST_CASE("Polyline ends at a 5xxx5xxxh word in the first word of a vertex", "[gpu]") {
    Rig r;
    r.gp0({0x48000011, 0x00000000, 0x00000010, 0x00100010, 0x00100000, 0x55555555});
    REQUIRE(r.records() == 3);
    CHECK((r.cmd(2).line.v[0].x == 16 && r.cmd(2).line.v[0].y == 16));
    CHECK((r.cmd(2).line.v[1].x == 0 && r.cmd(2).line.v[1].y == 16));
    r.idle();
    CHECK((r.stat() & (1u << 26)) != 0); // back to waiting for a command
    // Gouraud: the terminator sits on the colour word; a vertex word 5xxx5xxxh is a vertex.
    r.gp0({0x58000001, 0x00000000, 0x00000002, 0x50005000, 0x00000003, 0x00000040, 0x50005000});
    REQUIRE(r.records() == 5);
    CHECK((r.cmd(4).line.v[0].r == 2 && r.cmd(4).line.v[1].r == 3));
    CHECK(r.cmd(4).line.v[1].x == 0x40);
    // The next word is a command again.
    r.gp0({0x20000000, 0, 0x00000010, 0x00100000});
    CHECK(r.records() == 6);
    CHECK(r.cmd(5).kind == CommandKind::Triangle);
}

TEST_CASE("Rectangles: variable size masked to 1023x511 - fixed 1/8/16 - textured UV/CLUT",
          "[gpu]") {
    Rig r;
    r.gp0(0xE5000000u | (5u << 11) | 3); // offset (3, 5)
    r.gp0(0xE1003000);                   // X/Y flip
    r.gp0({0x60FFFFFF, 0x00000000, 0xFFFFFFFF});
    r.gp0({0x68000000, 0x00020001});
    r.gp0({0x70000000, 0});
    r.gp0({0x7D000000, 0x00100010, 0x7FFF3412});
    r.gp0({0x60000000, 0, 0x00100000}); // width 0: nothing
    REQUIRE(r.records() == 4);
    const RectangleCmd& v = r.cmd(0).rectangle;
    CHECK((v.width == 1023 && v.height == 511 && v.x == 3 && v.y == 5));
    CHECK((v.r == 0xFF && v.flags == 0));
    CHECK((v.state.rectFlipX && v.state.rectFlipY));
    CHECK(
        (r.cmd(1).rectangle.width == 1 && r.cmd(1).rectangle.x == 4 && r.cmd(1).rectangle.y == 7));
    CHECK((r.cmd(2).rectangle.width == 8 && r.cmd(2).rectangle.height == 8));
    const RectangleCmd& t = r.cmd(3).rectangle;
    CHECK((t.width == 16 && t.height == 16));
    CHECK(t.flags == (kTextured | kRawTexture));
    CHECK((t.u == 0x12 && t.v == 0x34 && t.clut == 0x7FFF));
}

TEST_CASE("Fill: position/size masking and rounding - 24->15 bit colour", "[gpu]") {
    Rig r;
    r.gp0({0x020808F8, 0x01FF03FF, 0x000103F1}); // X 3FFh -> 3F0h, W 3F1h -> 400h
    r.gp0({0x02FFFFFF, 0x00000000, 0x00010400}); // W 400h is handled as 0: no fill
    r.gp0({0x02FFFFFF, 0x00000000, 0x02000010}); // H 200h masks to 0: no fill
    r.gp0({0x02FFFFFF, 0x00200011, 0x00050001}); // X 11h -> 10h, W 1 -> 10h
    REQUIRE(r.records() == 2);
    const FillCmd& f = r.cmd(0).fill;
    CHECK((f.x == 0x3F0 && f.y == 0x1FF && f.width == 0x400 && f.height == 1));
    CHECK(f.color == (31 | (1 << 5) | (1 << 10)));
    const FillCmd& g = r.cmd(1).fill;
    CHECK((g.x == 0x10 && g.y == 0x20 && g.width == 0x10 && g.height == 5));
    CHECK(g.color == 0x7FFF);
}

TEST_CASE("Copy: coordinates masked - size 0 means maximum - Ysiz wraps at 512", "[gpu]") {
    Rig r;
    r.gp0(0xE6000003);
    r.gp0({0x80000000, 0xFFFFFFFF, 0x02000400, 0x00000000});
    r.gp0({0x80000000, 0, 0, 0x02010001}); // raw Ysiz 513 -> 1 row
    r.gp0({0x80000000, 0, 0, 0x02080401}); // raw Ysiz 520 -> 8 rows, Xsiz 401h -> 1
    REQUIRE(r.records() == 3);
    const CopyCmd& c = r.cmd(0).copy;
    CHECK((c.srcX == 0x3FF && c.srcY == 0x1FF && c.dstX == 0 && c.dstY == 0));
    CHECK((c.width == 1024 && c.height == 512));
    CHECK((c.setMask && c.checkMask));
    CHECK(r.cmd(1).copy.height == 1);
    CHECK((r.cmd(2).copy.height == 8 && r.cmd(2).copy.width == 1));
}

TEST_CASE("CPU->VRAM upload: pixels into the pool - odd count padded to a word", "[gpu]") {
    Rig r;
    r.gp0({0xA0000000, 0x0014000A, 0x00010003}); // (10,20) 3x1 -> 2 words
    CHECK(r.records() == 0);
    r.gp0(0x22221111);
    CHECK(r.records() == 0);
    r.gp0(0xFFFF3333); // upper half is padding
    REQUIRE(r.records() == 1);
    const UploadCmd& u = r.cmd(0).upload;
    CHECK((u.x == 10 && u.y == 20 && u.width == 3 && u.height == 1));
    const auto& pool = r.gpu.frameCommands().uploadPool();
    REQUIRE(pool.size() >= u.dataOffset + 3);
    CHECK(pool[u.dataOffset] == 0x1111);
    CHECK(pool[u.dataOffset + 1] == 0x2222);
    CHECK(pool[u.dataOffset + 2] == 0x3333);
    // Data words that look like commands are data.
    r.gp0({0xA0000000, 0, 0x00010002, 0x20000000});
    REQUIRE(r.records() == 2);
    CHECK(r.cmd(1).kind == CommandKind::Upload);
    CHECK(r.gpu.frameCommands().uploadPool()[r.cmd(1).upload.dataOffset] == 0x0000);
}

TEST_CASE("NOPs - 01h - 03h and environment commands make no records", "[gpu]") {
    Rig r;
    r.gp0({0x00000000, 0x01000000, 0x03000000, 0x04FFFFFF, 0x1E000000, 0xE0000000, 0xE7000000,
           0xEF000000, 0xE1000000, 0xE2000000, 0xE3000000, 0xE4000000, 0xE5000000, 0xE6000000});
    CHECK(r.records() == 0);
    CHECK((r.stat() & 0x1C000000u) == 0x14000000u); // ready for command and DMA
}

TEST_CASE("Drawing state snapshot: E2h window - E3h/E4h area - E6h mask", "[gpu]") {
    Rig r;
    r.gp0(0xE2000000u | (3u << 15) | (2u << 10) | (0x1Fu << 5) | 0x10);
    r.gp0(0xE3000000u | (100u << 10) | 20);
    r.gp0(0xE4000000u | (300u << 10) | 400);
    r.gp0(0xE6000001);
    r.gp0({0x20000000, 0, 0x00000010, 0x00100000});
    REQUIRE(r.records() == 1);
    const DrawState& s = r.cmd(0).triangle.state;
    CHECK((s.texWindowMaskX == 0x10 && s.texWindowMaskY == 0x1F));
    CHECK((s.texWindowOffX == 2 && s.texWindowOffY == 3));
    CHECK((s.areaLeft == 20 && s.areaTop == 100 && s.areaRight == 400 && s.areaBottom == 300));
    CHECK((s.setMask && !s.checkMask));
    // A later change does not alter the recorded command.
    r.gp0(0xE6000002);
    CHECK(r.cmd(0).triangle.state.setMask);
}
