// Lines, pixel by pixel (graphicsprocessingunitgpu.md "GPU Render Line Commands", "Size
// Restriction", "24bit RGB to 15bit RGB Dithering"; the stepping rule psx-spx leaves open is the
// accurate peers' fixed-point walk, see gpu/rasterizer_line.cpp). Every expected pixel below is
// worked out by hand in the comments from that rule:
//   k = max(|dx|, |dy|); the walk starts at the left vertex; X/Y start at vertex + 1/2, minus
//   2^-22 for X, and for Y when Y steps upwards; the slope is delta/k rounded away from zero to
//   2^-32; a pixel is the integer part. Colours start at c0 + 1/2 and step by trunc((c1-c0)*4096
//   / k) / 4096.
// In short: a minor X exactly halfway between two pixels takes the left one, a minor Y the one
// on the end vertex's side, and a colour whose exact value is n + 1/2 can come out as n (the
// truncated step).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "gpu_test_rig.h"
#include "rasterizer_test_util.h"

using namespace gpu;
using namespace rastertest;

namespace {

constexpr uint16_t kWhite = 0x7FFF; // colour F8F8F8h, undithered

LineCmd line(uint8_t flags, Vertex a, Vertex b, const DrawState& state = fullArea()) {
    LineCmd l;
    l.flags = flags;
    l.v[0] = a;
    l.v[1] = b;
    l.state = state;
    return l;
}

LineCmd white(int x0, int y0, int x1, int y1) {
    return line(0, vtx(x0, y0, 0xF8, 0xF8, 0xF8), vtx(x1, y1, 0xF8, 0xF8, 0xF8));
}

using Pixels = std::vector<std::pair<int, int>>;

// Draws `l` into an empty VRAM and checks that exactly `expected` are written (white).
void checkPixels(const LineCmd& l, const Pixels& expected) {
    Vram vram;
    vram.raster.drawLine(l);
    for (auto [x, y] : expected) {
        INFO("pixel " << x << "," << y);
        CHECK(vram.at(x, y) == kWhite);
    }
    CHECK(vram.countNonZero() == int(expected.size()));
}

// Both directions of the same segment draw the same pixels (the walk starts on the left).
void checkBothWays(int x0, int y0, int x1, int y1, const Pixels& expected) {
    checkPixels(white(x0, y0, x1, y1), expected);
    checkPixels(white(x1, y1, x0, y0), expected);
}

} // namespace

TEST_CASE("Lines: X-major octants - the minor axis steps by the fixed-point walk",
          "[raster][line]") {
    // (10,10)-(15,12): k=5, Y step 2/5 (+0.4): Y = 10.5 10.9 11.3 11.7 12.1 12.5.
    checkBothWays(10, 10, 15, 12, {{10, 10}, {11, 10}, {12, 11}, {13, 11}, {14, 12}, {15, 12}});
    // (10,20)-(14,18): k=4, Y step -1/2, start 20.5 - e: 20.5-e 20-e 19.5-e 19-e 18.5-e.
    // The halfway points (X=11, X=13) take the row on the end vertex's side: 19 and 18, not 20
    // and 19.
    checkBothWays(10, 20, 14, 18, {{10, 20}, {11, 19}, {12, 19}, {13, 18}, {14, 18}});
    // (0,40)-(4,41): k=4, Y step +1/4: 40.5 40.75 41 41.25 41.5 -> the row changes at X=2.
    checkBothWays(0, 40, 4, 41, {{0, 40}, {1, 40}, {2, 41}, {3, 41}, {4, 41}});
    // (0,50)-(4,49): Y step -1/4 from 50.5-e: 50.5-e 50.25-e 50-e 49.75-e 49.5-e -> also at X=2
    // (rounding halves up from the first vertex would move it at X=3).
    checkBothWays(0, 50, 4, 49, {{0, 50}, {1, 50}, {2, 49}, {3, 49}, {4, 49}});
    // Horizontal: every X from 20 to 25 on row 60, end points included.
    checkBothWays(20, 60, 25, 60, {{20, 60}, {21, 60}, {22, 60}, {23, 60}, {24, 60}, {25, 60}});
}

TEST_CASE("Lines: Y-major octants - X steps by the fixed-point walk", "[raster][line]") {
    // (30,10)-(32,14): k=4, X step +1/2 from 30.5-e: 30.5-e 31-e 31.5-e 32-e 32.5-e.
    // The X bias (-2^-22) puts the exact integers 31 and 32 in the column before.
    checkBothWays(30, 10, 32, 14, {{30, 10}, {30, 11}, {31, 12}, {31, 13}, {32, 14}});
    // (40,14)-(42,10): the same X walk, Y steps -1 from 14.5-e: rows 14 13 12 11 10.
    checkBothWays(40, 14, 42, 10, {{40, 14}, {40, 13}, {41, 12}, {41, 11}, {42, 10}});
    // Vertical lines: one column, both end points.
    checkBothWays(50, 10, 50, 13, {{50, 10}, {50, 11}, {50, 12}, {50, 13}});
    // Diagonals: the slope is exactly 1.
    checkBothWays(60, 10, 63, 13, {{60, 10}, {61, 11}, {62, 12}, {63, 13}});
    checkBothWays(60, 20, 63, 17, {{60, 20}, {61, 19}, {62, 18}, {63, 17}});
}

TEST_CASE("Lines: coincident vertices draw one pixel in the first colour - undithered",
          "[raster][line]") {
    // "the GPU will draw a 1x1 rectangle ... using the colour of the first vertex"; rectangles
    // are never dithered.
    Vram vram;
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 0, 0, true);
    CHECK(vram.raster.drawLine(
              line(kGouraud, vtx(10, 100, 16, 16, 16), vtx(10, 100, 80, 80, 80), s)) == 1);
    CHECK(vram.at(10, 100) == rgb15(2, 2, 2)); // 16 / 8, no dither offset (-3 at x&3=2)
    CHECK(vram.countNonZero() == 1);
}

TEST_CASE("Lines: mono lines are dithered when E1h bit 9 is set", "[raster][line]") {
    // Row 100 (y&3 = 0) offsets -4 +0 -3 +1; colour 16: 12/8=1, 16/8=2, 13/8=1, 17/8=2.
    Vram vram;
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 0, 0, true);
    vram.raster.drawLine(line(0, vtx(0, 100, 16, 16, 16), vtx(3, 100, 16, 16, 16), s));
    CHECK(vram.at(0, 100) == rgb15(1, 1, 1));
    CHECK(vram.at(1, 100) == rgb15(2, 2, 2));
    CHECK(vram.at(2, 100) == rgb15(1, 1, 1));
    CHECK(vram.at(3, 100) == rgb15(2, 2, 2));
}

TEST_CASE("Lines: gouraud colour steps by the truncated 8.12 step", "[raster][line]") {
    // k=6. R 7->8: step trunc(4096/6)=682, R = 30720 + 682j: j=3 gives 32766 < 8*4096, so R is 7
    // up to j=3 and 8 from j=4 (the exact value at j=3 is 7.5, which rounds half up to 8).
    // G 8->7: step -682, G = 34816 - 682j: 8 up to j=3 (32770), 7 from j=4.
    // B 0->48: step 32768 (exactly 8): B = 8j + 1/2 -> 8j.
    // Undithered, 5-bit values: R 0 0 0 0 1 1 1, G 1 1 1 1 0 0 0, B 0 1 2 3 4 5 6.
    const int r5[7] = {0, 0, 0, 0, 1, 1, 1};
    const int g5[7] = {1, 1, 1, 1, 0, 0, 0};
    auto check = [&](const LineCmd& l, int x0, int y0, int dy) {
        Vram vram;
        vram.raster.drawLine(l);
        for (int j = 0; j <= 6; ++j) {
            INFO("step " << j);
            CHECK(vram.at(x0 + j, y0 + dy * j) == rgb15(r5[j], g5[j], j));
        }
        CHECK(vram.countNonZero() == 7);
    };
    const Vertex left = vtx(0, 0, 7, 8, 0), right = vtx(6, 0, 8, 7, 48);
    auto at = [](Vertex v, int x, int y) {
        v.x = x;
        v.y = y;
        return v;
    };
    // Horizontal, both directions (the walk starts on the left either way).
    check(line(kGouraud, at(left, 0, 60), at(right, 6, 60)), 0, 60, 0);
    check(line(kGouraud, at(right, 6, 60), at(left, 0, 60)), 0, 60, 0);
    // Diagonals down and up: the colour walk is the same k=6 walk.
    check(line(kGouraud, at(left, 0, 80), at(right, 6, 86)), 0, 80, 1);
    check(line(kGouraud, at(right, 6, 90), at(left, 0, 96)), 0, 96, -1);
    // A 4-step diagonal 0 -> 255: step 261120 (63.75): 0.5 64.25 128.5 191.75 255.5 -> 5-bit
    // 0 8 16 23 31.
    Vram vram;
    vram.raster.drawLine(line(kGouraud, vtx(0, 70, 0, 0, 0), vtx(4, 74, 255, 255, 255)));
    const int c5[5] = {0, 8, 16, 23, 31};
    for (int j = 0; j <= 4; ++j)
        CHECK(vram.at(j, 70 + j) == rgb15(c5[j], c5[j], c5[j]));
}

TEST_CASE("Lines: a vertical gouraud line is walked from its first vertex", "[raster][line]") {
    // No swap when X is equal (Mednafen's rule). R 8 -> 7 over k=6 from (80,80): step -682,
    // R = 34816 - 682j: 8 for j=0..3 (j=3: 32770 >= 8*4096), 7 for j=4..6 (j=4: 32088): rows
    // 80-83 hold 5-bit 1 (8/8), rows 84-86 hold 0 (7/8).
    Vram vram;
    vram.raster.drawLine(line(kGouraud, vtx(80, 80, 8, 0, 0), vtx(80, 86, 7, 0, 0)));
    const int fromFirst[7] = {1, 1, 1, 1, 0, 0, 0};
    for (int j = 0; j <= 6; ++j)
        CHECK(vram.at(80, 80 + j) == rgb15(fromFirst[j], 0, 0));
    // The same segment given bottom-up (R 8 at row 86): walked upwards from row 86, so rows
    // 86-83 hold 1 and rows 82-80 hold 0 (walked from row 80 instead, row 83 would be 0).
    Vram up;
    up.raster.drawLine(line(kGouraud, vtx(81, 86, 8, 0, 0), vtx(81, 80, 7, 0, 0)));
    for (int j = 0; j <= 6; ++j)
        CHECK(up.at(81, 86 - j) == rgb15(fromFirst[j], 0, 0));
}

TEST_CASE("Lines: longer than 1023 horizontally or 511 vertically are not drawn",
          "[raster][line]") {
    Vram vram;
    CHECK(vram.raster.drawLine(white(0, 200, 1023, 200)) == 1024);
    CHECK(vram.at(0, 200) == kWhite);
    CHECK(vram.at(1023, 200) == kWhite);
    CHECK(vram.raster.drawLine(white(0, 201, 1024, 201)) == 0);
    CHECK(vram.at(0, 201) == 0);
    CHECK(vram.raster.drawLine(white(500, 0, 500, 511)) == 512);
    CHECK(vram.at(500, 511) == kWhite);
    CHECK(vram.raster.drawLine(white(501, 0, 501, 512)) == 0);
    CHECK(vram.at(501, 0) == 0);
    // Reference example: Y -300 .. +300 is not drawn, -100 .. +400 is (clipped to the area).
    CHECK(vram.raster.drawLine(white(600, -300, 600, 300)) == 0);
    CHECK(vram.at(600, 0) == 0);
    vram.raster.drawLine(white(601, -100, 601, 400));
    CHECK(vram.at(601, 0) == kWhite);
    CHECK(vram.at(601, 400) == kWhite);
}

TEST_CASE("Lines: coordinates wrap at 11 bits - the drawing area clips", "[raster][line]") {
    // X -2040 is 8 as an 11-bit coordinate (-2040 AND 7FFh).
    checkPixels(white(-2040, 300, -2037, 300), {{8, 300}, {9, 300}, {10, 300}, {11, 300}});
    // Area (5,5)-(7,7): only the inside of a diagonal remains.
    DrawState s = fullArea();
    s.areaLeft = 5, s.areaTop = 5, s.areaRight = 7, s.areaBottom = 7;
    LineCmd l = white(0, 0, 10, 10);
    l.state = s;
    checkPixels(l, {{5, 5}, {6, 6}, {7, 7}});
}

TEST_CASE("Polylines: segments share vertices - too-long segments are skipped - 5xxx5xxxh ends",
          "[gpu][line]") {
    gputest::Rig r;
    r.gp0(0xE3000000u);
    r.gp0(0xE4000000u | (511u << 10) | 1023u);
    // Mono polyline F8F8F8h: (0,0) (4,2) (4,514) (4,300) then the terminator. The middle
    // segment spans 512 rows and is skipped; its end vertex starts the next segment, which
    // draws rows 514 down to 300 (rows 512-514 lie outside the drawing area).
    r.gp0({0x48F8F8F8u, gputest::xy(0, 0), gputest::xy(4, 2), gputest::xy(4, 514),
           gputest::xy(4, 300), 0x55555555u});
    r.idle();
    r.gpu.endFrame();
    const uint16_t* v = r.gpu.vram();
    // (0,0)-(4,2): k=4, Y step +1/2: 0.5 1 1.5 2 2.5 -> rows 0 1 1 2 2.
    CHECK(v[0 * kVramWidth + 0] == kWhite);
    CHECK(v[1 * kVramWidth + 1] == kWhite);
    CHECK(v[1 * kVramWidth + 2] == kWhite);
    CHECK(v[2 * kVramWidth + 3] == kWhite);
    CHECK(v[2 * kVramWidth + 4] == kWhite);
    CHECK(v[3 * kVramWidth + 4] == 0);   // nothing of the skipped segment
    CHECK(v[299 * kVramWidth + 4] == 0); // ..
    CHECK(v[300 * kVramWidth + 4] == kWhite);
    CHECK(v[511 * kVramWidth + 4] == kWhite);
    // The next command is decoded normally: a gouraud polyline whose terminator is a colour.
    r.gp0({0x58000000u, gputest::xy(100, 100), 0x00F8F8F8u, gputest::xy(103, 100), 0x55555555u});
    r.idle();
    r.gpu.endFrame();
    v = r.gpu.vram(); // current as of the call (the render worker may still be drawing)
    // 0 -> F8h over k=3: step 248*4096/3 = 338602 (82.67): 0.5 83.17 165.8 248.5 -> 5-bit 0 10
    // 20 31.
    const int c5[4] = {0, 10, 20, 31};
    for (int j = 0; j < 4; ++j)
        CHECK(v[100 * kVramWidth + 100 + j] == rgb15(c5[j], c5[j], c5[j]));
}

TEST_CASE("Lines: random lines keep the walk's invariants", "[raster][line]") {
    // For random lines (fixed seed) in a 64x64 window, the properties the rule implies, each
    // checked from the end points alone with exact integer arithmetic:
    // - one pixel per step of the major axis, k + 1 in all, both end points drawn;
    // - each pixel's minor coordinate lies within half a pixel of the exact line through the
    //   end points' centres: |2k * (minor - minor0) - 2 * i * dminor| <= k at step i;
    // - both directions draw the same pixels (the walk starts at the left vertex);
    // - gouraud colour reaches each end point's colour exactly.
    constexpr int kLo = 100, kSize = 64;
    uint32_t seed = 12345;
    auto next = [&seed](int n) {
        seed = seed * 1103515245u + 12345u;
        return int((seed >> 8) % uint32_t(n));
    };
    DrawState masked = fullArea();
    masked.setMask = true; // every written pixel has bit 15 set, even colour 0
    Vram forward, backward;
    for (int iter = 0; iter < 1500; ++iter) {
        const int x0 = kLo + next(kSize), y0 = kLo + next(kSize);
        const int x1 = kLo + next(kSize), y1 = kLo + next(kSize);
        const uint8_t c0 = uint8_t(next(256)), c1 = uint8_t(next(256));
        INFO("line " << x0 << "," << y0 << " - " << x1 << "," << y1 << " colour " << int(c0)
                     << " - " << int(c1));
        std::fill(forward.pixels.begin(), forward.pixels.end(), 0);
        std::fill(backward.pixels.begin(), backward.pixels.end(), 0);
        const int dx = x1 - x0, dy = y1 - y0;
        const int k = std::max(std::abs(dx), std::abs(dy));
        CHECK(forward.raster.drawLine(line(kGouraud, vtx(x0, y0, c0, c0, c0),
                                           vtx(x1, y1, c1, c1, c1), masked)) == uint64_t(k) + 1);
        backward.raster.drawLine(line(0, vtx(x1, y1, 0, 0, 0), vtx(x0, y0, 0, 0, 0), masked));
        const bool xMajor = std::abs(dx) >= std::abs(dy);
        const int dMajor = xMajor ? dx : dy, dMinor = xMajor ? dy : dx;
        const int major0 = xMajor ? x0 : y0, minor0 = xMajor ? y0 : x0;
        int drawn = 0;
        for (int i = 0; i <= k; ++i) {
            const int major = major0 + (dMajor >= 0 ? i : -i);
            int found = 0, minor = 0;
            for (int m = kLo; m < kLo + kSize; ++m) {
                const int px = xMajor ? major : m, py = xMajor ? m : major;
                if (forward.at(px, py)) ++found, minor = m;
            }
            CHECK(found == 1);
            CHECK(std::abs(2 * k * (minor - minor0) - 2 * i * dMinor) <= k);
            drawn += found;
        }
        CHECK(forward.countNonZero() == k + 1);
        CHECK(drawn == k + 1);
        // Same pixel set in both directions.
        int differ = 0;
        for (int y = kLo; y < kLo + kSize; ++y)
            for (int x = kLo; x < kLo + kSize; ++x)
                differ += (forward.at(x, y) != 0) != (backward.at(x, y) != 0);
        CHECK(differ == 0);
        // End point colours: c / 8 in every channel (no dithering), plus the mask bit.
        const int e0 = c0 >> 3, e1 = c1 >> 3;
        CHECK(forward.at(x0, y0) == (rgb15(e0, e0, e0) | 0x8000));
        if (k) CHECK(forward.at(x1, y1) == (rgb15(e1, e1, e1) | 0x8000));
    }
}
