// Interlaced drawing (graphicsprocessingunitgpu.md): GP1(08h) "the Vertical Interlace flag DOES
// affect GP0 draw commands"; E1h bit 10 "Drawing to display area (0=Prohibited, 1=Allowed)";
// GPUSTAT.31 "Drawing even/odd lines in interlace mode (0=Even or Vblank, 1=Odd)". In 480-line
// interlaced mode with E1h.10 = 0, polygons, lines and rectangles leave alone the VRAM rows of
// the field being displayed (parity (startY + field) & 1), and so do GP0(02h) fills (peer
// emulators skip them too, citing hardware tests); copies and CPU->VRAM transfers write every
// row. The parity is taken when the command arrives.
#include <catch2/catch.hpp>

#include <vector>

#include "gpu/frame_commands.h"
#include "gpu/rasterizer.h"
#include "gpu_test_rig.h"
#include "rasterizer_test_util.h"

using namespace gpu;
using gputest::Rig;

namespace {

uint32_t xy(int x, int y) {
    return (uint32_t(y & 0x7FF) << 16) | uint32_t(x & 0x7FF);
}

constexpr uint32_t kMode480i = 0x08000024;  // GP1(08h): 256 wide, 480 lines, interlace
constexpr uint32_t kMode240i = 0x08000020;  // interlace, 240 lines
constexpr uint32_t kMode480np = 0x08000004; // 480-line bit without interlace

// A GPU with the whole VRAM as drawing area, E1h = `drawMode`, display mode `mode`, in the
// active part of field `oddField`.
void setup(Rig& r, uint32_t mode, uint32_t drawMode, bool oddField, int startY = 0) {
    r.gp1(0x03000000);
    r.gp1(mode);
    r.gp1(0x05000000u | uint32_t(startY) << 10);
    r.gp0(0xE1000000u | drawMode);
    r.gp0(0xE3000000u);
    r.gp0(0xE4000000u | (511u << 10) | 1023u);
    r.gp0(0xE5000000u);
    r.gpu.scanline(100, false, oddField);
}

// Executes the frame's records (no pacing evaluator: FULL).
void render(Rig& r) {
    r.idle();
    r.gpu.endFrame();
}

uint16_t px(const Rig& r, int x, int y) {
    return r.gpu.vram()[y * kVramWidth + x];
}

// Which of rows y0..y1-1 hold a non-zero pixel at column x, as a bit string ("1" = written).
std::string rows(const Rig& r, int x, int y0, int y1) {
    std::string s;
    for (int y = y0; y < y1; ++y)
        s += px(r, x, y) ? '1' : '0';
    return s;
}

void rect(Rig& r, int x, int y, int w, int h) {
    r.gp0({0x60FFFFFF, xy(x, y), xy(w, h)});
}

} // namespace

TEST_CASE("480i with E1h.10 clear: a rectangle skips the rows of the displayed field",
          "[gpu][interlace]") {
    SECTION("even field shown: only odd rows are drawn") {
        Rig r;
        setup(r, kMode480i, 0x000, false);
        rect(r, 10, 10, 8, 6);
        render(r);
        CHECK(rows(r, 12, 9, 17) == "00101010");
        CHECK(r.gpu.lastFrameStats().pixelsDrawn == 8 * 3);
    }
    SECTION("odd field shown: only even rows are drawn") {
        Rig r;
        setup(r, kMode480i, 0x000, true);
        rect(r, 10, 10, 8, 6);
        render(r);
        CHECK(rows(r, 12, 9, 17) == "01010100");
    }
    SECTION("E1h.10 set (drawing to display area allowed): every row") {
        Rig r;
        setup(r, kMode480i, 0x400, false);
        rect(r, 10, 10, 8, 6);
        render(r);
        CHECK(rows(r, 12, 9, 17) == "01111110");
    }
}

TEST_CASE("480i interlaced drawing: triangles and lines skip the displayed field's rows",
          "[gpu][interlace]") {
    Rig r;
    setup(r, kMode480i, 0x000, false); // even rows shown -> odd rows drawn
    // Flat triangle covering x 0..63, y 0..63 around column 4.
    r.gp0({0x20FFFFFF, xy(0, 0), xy(64, 0), xy(0, 64)});
    // Vertical line at x = 100 from y 10 to 20 (both ends drawn).
    r.gp0({0x40FFFFFF, xy(100, 10), xy(100, 20)});
    // Horizontal lines on an even (skipped) row and an odd (drawn) row.
    r.gp0({0x40FFFFFF, xy(200, 30), xy(220, 30)});
    r.gp0({0x40FFFFFF, xy(200, 31), xy(220, 31)});
    render(r);
    CHECK(rows(r, 4, 0, 8) == "01010101");
    CHECK(rows(r, 100, 9, 22) == "0010101010100");
    CHECK(px(r, 210, 30) == 0);
    CHECK(px(r, 210, 31) != 0);
    // The same primitives in the odd field draw the even rows.
    Rig o;
    setup(o, kMode480i, 0x000, true);
    o.gp0({0x20FFFFFF, xy(0, 0), xy(64, 0), xy(0, 64)});
    o.gp0({0x40FFFFFF, xy(100, 10), xy(100, 20)});
    render(o);
    CHECK(rows(o, 4, 0, 8) == "10101010");
    CHECK(rows(o, 100, 9, 22) == "0101010101010");
}

TEST_CASE("480i interlaced drawing: a textured rectangle's V still advances per VRAM row",
          "[gpu][interlace]") {
    // "Texture Origin": V steps by one per row; skipped rows still advance it.
    Rig r;
    setup(r, kMode480i, 0x000 | (2u << 7) | 8u, false); // 15-bit texture page at X = 512
    for (int v = 0; v < 8; ++v)
        r.gpu.mutableVram()[v * kVramWidth + 512] = uint16_t(0x100 + v); // texel (0, v)
    r.gp0({0x65808080, xy(0, 20), 0x00000000, xy(1, 6)}); // raw texture, UV (0,0), 1x6
    render(r);
    // Rows 21, 23, 25 are drawn with texels V = 1, 3, 5.
    CHECK(px(r, 0, 20) == 0);
    CHECK(px(r, 0, 21) == 0x101);
    CHECK(px(r, 0, 22) == 0);
    CHECK(px(r, 0, 23) == 0x103);
    CHECK(px(r, 0, 25) == 0x105);
}

TEST_CASE("Interlaced fills skip the displayed field like primitives", "[gpu][interlace]") {
    for (uint32_t e1 : {0x000u, 0x400u}) {
        Rig r;
        setup(r, kMode480i, e1, true); // odd field shown: odd rows are left alone when E1h.10=0
        r.gp0({0x02FFFFFF, xy(0, 510), xy(16, 6)}); // wraps: rows 510 511 0 1 2 3
        INFO("E1h " << std::hex << e1);
        CHECK(r.cmd(0).fill.interlaced == (e1 == 0));
        CHECK(r.gpu.frameCommands().record(0).footprint.skipsRows == (e1 == 0));
        render(r);
        CHECK(rows(r, 3, 0, 4) == (e1 ? "1111" : "1010"));
        CHECK(rows(r, 3, 510, 512) == (e1 ? "11" : "10"));
        CHECK(r.gpu.lastFrameStats().pixelsDrawn == (e1 ? 16u * 6 : 16u * 3));
    }
}

TEST_CASE("Interlaced drawing leaves copies and uploads alone", "[gpu][interlace]") {
    Rig r;
    setup(r, kMode480i, 0x400, false);
    r.gp0({0x02FFFFFF, xy(0, 0), xy(16, 8)}); // GP0(02h) fill 16x8 (E1h.10 = 1: every row)
    r.gp0(0xE1000000u);
    r.gp0({0x80000000, xy(0, 0), xy(32, 0), xy(4, 8)});   // copy 4x8 to (32, 0)
    r.gp0({0xA0000000, xy(64, 0), xy(1, 4), 0x00010001}); // upload 1x4
    r.gp0({0x00010001});
    render(r);
    CHECK(rows(r, 3, 0, 8) == "11111111");
    CHECK(rows(r, 33, 0, 8) == "11111111");
    CHECK(rows(r, 64, 0, 4) == "1111");
}

TEST_CASE("240-line interlace and 480 lines without interlace draw every row", "[gpu][interlace]") {
    // Reading of the reference: the skip needs 480-line interlaced output (GPUSTAT.19 and .22),
    // where the two fields show different VRAM rows. With 240 lines both fields scan the same
    // rows, and GP1(08h).2 means 480 lines only "when Bit5=1".
    for (uint32_t mode : {kMode240i, kMode480np, 0x08000000u}) {
        Rig r;
        setup(r, mode, 0x000, false);
        rect(r, 10, 10, 4, 4);
        INFO("mode " << std::hex << mode);
        CHECK(r.cmd(0).rectangle.state.interlaced == false);
        render(r);
        CHECK(rows(r, 11, 10, 14) == "1111");
    }
}

TEST_CASE("Interlaced parity follows the display start Y and GPUSTAT.31", "[gpu][interlace]") {
    // Field f shows VRAM rows startY + f, startY + f + 2, ...; with startY odd the even field
    // shows the odd VRAM rows, so drawing goes to the even ones, and GPUSTAT.31 reads 1.
    Rig r;
    setup(r, kMode480i, 0x000, false, 1);
    CHECK((r.stat() >> 31) == 1);
    rect(r, 10, 10, 8, 4);
    render(r);
    CHECK(rows(r, 12, 10, 14) == "1010");
    r.gpu.scanline(100, false, true);
    CHECK((r.stat() >> 31) == 0);
}

TEST_CASE("The skipped field switches at vblank start and is taken at decode time",
          "[gpu][interlace]") {
    Rig r;
    setup(r, kMode480i, 0x000, false); // even field shown
    rect(r, 0, 0, 4, 4);               // -> odd rows
    // Vblank starts (field counter unchanged until line 0): the next field, odd, is the one
    // to be shown, so drawing goes to the even rows. GPUSTAT.31 reads 0 in vblank.
    r.gpu.scanline(256, true, false);
    CHECK((r.stat() >> 31) == 0);
    rect(r, 10, 0, 4, 4);          // -> even rows
    r.gpu.scanline(0, true, true); // the field counter flips inside vblank: no change
    rect(r, 20, 0, 4, 4);          // -> even rows
    r.gpu.scanline(16, false, true);
    rect(r, 30, 0, 4, 4); // -> even rows
    CHECK((r.stat() >> 31) == 1);
    CHECK(r.cmd(0).rectangle.state.skipRowParity == 0);
    CHECK(r.cmd(1).rectangle.state.skipRowParity == 1);
    // Executed only now (as a deferred or vblank render would): each keeps its own parity.
    r.gpu.scanline(256, true, true);
    render(r);
    CHECK(rows(r, 1, 0, 4) == "0101");
    CHECK(rows(r, 11, 0, 4) == "1010");
    CHECK(rows(r, 21, 0, 4) == "1010");
    CHECK(rows(r, 31, 0, 4) == "1010");
}

TEST_CASE("Interlaced records skip rows in their footprint and estimates", "[gpu][interlace]") {
    Rig r;
    setup(r, kMode480i, 0x000, false); // odd rows drawn
    rect(r, 0, 10, 8, 5);              // rows 10..14: 11 and 13 drawn
    rect(r, 0, 11, 8, 5);              // rows 11..15: 11, 13, 15 drawn
    REQUIRE(r.records() == 2);
    CHECK(r.fp(0).skipsRows);
    CHECK(r.gpu.frameCommands().record(0).pixels == 8 * 2);
    CHECK(r.gpu.frameCommands().record(1).pixels == 8 * 3);
    r.gp0(0xE1000400); // drawing to display area allowed
    rect(r, 0, 10, 8, 5);
    CHECK_FALSE(r.fp(2).skipsRows);
    CHECK(r.gpu.frameCommands().record(2).pixels == 8 * 5);
}

TEST_CASE("An interlaced opaque rectangle never kills the deferred record beneath it",
          "[gpu][interlace][frameskip]") {
    // DESIGN.md §3: a deferred record dies only when an opaque write wholly covers it. An
    // interlaced rectangle leaves every other row of its footprint as it was, so the deferred
    // record beneath must run first and keep its pixels on those rows.
    std::vector<uint16_t> vram(size_t(kVramWidth) * kVramHeight);
    Rasterizer raster(vram.data());
    FrameCommands f;
    VramArea buffer;
    buffer.count = uint8_t(wrapRect(0, 0, 256, 240, buffer.parts));
    auto rectCmd = [](int x, int y, int w, int h, uint8_t red, bool interlaced) {
        RectangleCmd k;
        k.x = x, k.y = y;
        k.width = uint16_t(w), k.height = uint16_t(h);
        k.r = red;
        k.state = rastertest::fullArea();
        k.state.interlaced = interlaced;
        k.state.skipRowParity = 0;
        Command c;
        c.kind = CommandKind::Rectangle;
        c.rectangle = k;
        return c;
    };
    f.append(rectCmd(10, 10, 20, 20, 0x80, false));
    f.classify(&buffer, 1);
    f.executePartial(raster);
    f.clear();
    REQUIRE(f.deferredCount() == 1);
    f.append(rectCmd(0, 0, 64, 64, 0xF8, true)); // covers the box, but only its odd rows
    f.classify(&buffer, 1);
    f.executeAll(raster);
    f.clear();
    CHECK(f.counters().recordsDied == 0);
    CHECK(f.counters().recordsExecutedLate == 1);
    CHECK((vram[12 * kVramWidth + 12] & 0x1F) == 0x80 >> 3); // even row: the deferred rect
    CHECK((vram[13 * kVramWidth + 12] & 0x1F) == 0xF8 >> 3); // odd row: the interlaced rect
    // The same cover drawing every row does kill it.
    f.append(rectCmd(10, 10, 20, 20, 0x80, false));
    f.classify(&buffer, 1);
    f.executePartial(raster);
    f.clear();
    f.append(rectCmd(0, 0, 64, 64, 0xF8, false));
    f.executeAll(raster);
    f.clear();
    CHECK(f.counters().recordsDied == 1);
}
