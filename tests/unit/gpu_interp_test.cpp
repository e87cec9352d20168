// Polygon interpolation and edge walking, pixel by pixel ("GPU Render Polygon Commands";
// the fixed-point rule of the accurate emulators where psx-spx is silent, restated in
// gpu_interp_model.h). The small cases list every pixel's texture coordinate as worked out by
// hand from the rule; the large ones compare every pixel with the model.
#include <catch2/catch.hpp>

#include <map>
#include <utility>

#include "tests/unit/gpu_interp_model.h"
#include "tests/unit/rasterizer_test_util.h"

using namespace rastertest;
using namespace gpu;

namespace {
// A 15-bit texture page at VRAM (512, 256) whose texel (u, v) is 8000h XOR (u | v << 8): a raw
// textured pixel then shows the exact 8-bit U and V it sampled (bit 15 keeps (0, 0) from being
// the transparent 0000h).
constexpr int kPageX = 512, kPageY = 256;
DrawState uvPage() {
    DrawState s = fullArea();
    s.texpage = texpage(kPageX / 64, kPageY / 256, 0, 2);
    return s;
}
void fillUvPage(Vram& vram) {
    for (int v = 0; v < 256; ++v)
        for (int u = 0; u < 256; ++u)
            vram.at(kPageX + u, kPageY + v) = static_cast<uint16_t>(0x8000 ^ (u | v << 8));
}

struct UvPixel {
    int x, y, u, v;
};

// Draws the raw textured triangle a b c and checks that exactly `expected` pixels (in the
// 64x64 corner at `origin`) were drawn, with those UVs.
void checkUv(Vertex a, Vertex b, Vertex c, const std::vector<UvPixel>& expected, int ox = 100,
             int oy = 100) {
    Vram vram;
    fillUvPage(vram);
    for (Vertex* p : {&a, &b, &c}) {
        p->x += ox;
        p->y += oy;
    }
    const uint64_t n =
        vram.raster.drawTriangle(triangle(kTextured | kRawTexture, a, b, c, uvPage()));
    CHECK(n == expected.size());
    std::map<std::pair<int, int>, std::pair<int, int>> want;
    for (const UvPixel& p : expected)
        want[{p.x, p.y}] = {p.u, p.v};
    for (int y = -8; y < 24; ++y) {
        for (int x = -8; x < 24; ++x) {
            const uint16_t px = vram.at(ox + x, oy + y);
            const auto it = want.find({x, y});
            INFO("pixel " << x << "," << y);
            if (it == want.end()) {
                CHECK(px == 0);
                continue;
            }
            REQUIRE(px != 0);
            CHECK((px ^ 0x8000) == (it->second.first | it->second.second << 8));
        }
    }
}
} // namespace

TEST_CASE("Polygon UV - gradient 7/6 truncated to 12 fraction bits (u at x=3 is 3 not 4)",
          "[raster][interp]") {
    // (0,0) u0 v0, (6,0) u7 v0, (0,6) u0 v60. Twice the area: 6*6 = 36.
    // dU/dx = 7*6/36 -> 42*4096/36 = 4778.67, truncated 4778 (1.16650); dU/dy = 0.
    // dV/dx = 0; dV/dy = 360*4096/36 = 40960 (10.0 exactly).
    // U(x) = floor(0.5 + 4778*x/4096): 0, 1, 2, 3 (3.49951 + 0.5), 5, 6. V(y) = 10*y.
    // Rows: the hypotenuse (6,0)-(0,6) is a right edge, so row y covers x < 6 - y.
    checkUv(vtx(0, 0, 0, 0, 0, 0, 0), vtx(6, 0, 0, 0, 0, 7, 0), vtx(0, 6, 0, 0, 0, 0, 60),
            {{0, 0, 0, 0},  {1, 0, 1, 0},  {2, 0, 2, 0},  {3, 0, 3, 0},  {4, 0, 5, 0},
             {5, 0, 6, 0},  {0, 1, 0, 10}, {1, 1, 1, 10}, {2, 1, 2, 10}, {3, 1, 3, 10},
             {4, 1, 5, 10}, {0, 2, 0, 20}, {1, 2, 1, 20}, {2, 2, 2, 20}, {3, 2, 3, 20},
             {0, 3, 0, 30}, {1, 3, 1, 30}, {2, 3, 2, 30}, {0, 4, 0, 40}, {1, 4, 1, 40},
             {0, 5, 0, 50}});
}

TEST_CASE("Polygon UV - negative gradient truncates toward zero", "[raster][interp]") {
    // Mirror of the case above in U: (0,0) u7, (6,0) u0, (0,6) u7.
    // dU/dx = -42*4096/36 = -4778.67, truncated toward zero: -4778 (-1.16650).
    // U(x) = floor(7.5 - 4778*x/4096): 7, 6, 5, 4 (4.00049), 2, 1.
    checkUv(vtx(0, 0, 0, 0, 0, 7, 0), vtx(6, 0, 0, 0, 0, 0, 0), vtx(0, 6, 0, 0, 0, 7, 60),
            {{0, 0, 7, 0},  {1, 0, 6, 0},  {2, 0, 5, 0},  {3, 0, 4, 0},  {4, 0, 2, 0},
             {5, 0, 1, 0},  {0, 1, 7, 10}, {1, 1, 6, 10}, {2, 1, 5, 10}, {3, 1, 4, 10},
             {4, 1, 2, 10}, {0, 2, 7, 20}, {1, 2, 6, 20}, {2, 2, 5, 20}, {3, 2, 4, 20},
             {0, 3, 7, 30}, {1, 3, 6, 30}, {2, 3, 5, 30}, {0, 4, 7, 40}, {1, 4, 6, 40},
             {0, 5, 7, 50}});
}

TEST_CASE("Polygon UV - core vertex at the bottom - sloped edges on both sides",
          "[raster][interp]") {
    // (0,6) u100 (the leftmost: core), (5,0) u0, (6,3) u30. Sorted A(5,0) B(6,3) C(0,6);
    // twice the area = 1*3 - (-6)*3 = 21.
    // dU/dx = (30*3 - 70*3)*4096/21 = -23405.71 -> -23405; dU/dy = (1*70 + 6*30)*4096/21 =
    // 48761.9 -> 48761. U = floor(100.5 + (-23405*x + 48761*(y-6))/4096).
    // Rows 0..5 between the long edge x = 5 - 5y/6 (left, inclusive) and x = 5 + y/3 (y < 3) or
    // x = 12 - 2y (right, exclusive): row 0 empty, (5,1), (4..5,2), (3..5,3), (2..3,4), (1,5).
    checkUv(vtx(0, 6, 0, 0, 0, 100, 0), vtx(5, 0, 0, 0, 0, 0, 0), vtx(6, 3, 0, 0, 0, 30, 0),
            {{5, 1, 12, 0},
             {4, 2, 30, 0},
             {5, 2, 24, 0},
             {3, 3, 47, 0},
             {4, 3, 41, 0},
             {5, 3, 36, 0},
             {2, 4, 65, 0},
             {3, 4, 59, 0},
             {1, 5, 82, 0}});
}

TEST_CASE("Polygon UV - both vertex orders - ties for the leftmost vertex follow the order",
          "[raster][interp]") {
    // P(0,0) uv(130,183), Q(0,7) uv(14,238), R(4,0) uv(80,57): P and Q share the least X.
    // Sorted A=P B=R C=Q: twice the area 4*7 = 28,
    // dU/dx = (-50*7 - (-66)*0)*4096/28 = -51200 (-12.5 exactly), dU/dy =
    // (4*(-66) - (-4)*(-50))*4096/28 = -67876.57 -> -67876 (-16.5713).
    // Anchored at P: U(1,0) = floor(130.5 - 12.5) = 118, U(3,0) = floor(130.5 - 37.5) = 93.
    // Anchored at Q: U(x,0) = floor(14.5 - 12.5x + 16.5713*7): U(1,0) = 117 (117.999),
    // U(3,0) = 92 (92.999). Every other pixel agrees.
    const Vertex p = vtx(0, 0, 0, 0, 0, 130, 183), q = vtx(0, 7, 0, 0, 0, 14, 238),
                 r = vtx(4, 0, 0, 0, 0, 80, 57);
    std::vector<UvPixel> atP = {
        {0, 0, 130, 183}, {1, 0, 118, 152}, {2, 0, 105, 120}, {3, 0, 93, 89},  {0, 1, 113, 191},
        {1, 1, 101, 159}, {2, 1, 88, 128},  {3, 1, 76, 96},   {0, 2, 97, 199}, {1, 2, 84, 167},
        {2, 2, 72, 136},  {0, 3, 80, 207},  {1, 3, 68, 175},  {2, 3, 55, 144}, {0, 4, 64, 214},
        {1, 4, 51, 183},  {0, 5, 47, 222},  {1, 5, 35, 191},  {0, 6, 31, 230}};
    std::vector<UvPixel> atQ = atP;
    atQ[1].u = 117;
    atQ[3].u = 92;
    // Core: v1 wins a tie with v0, v2 one with v1, but v0 one with v2.
    checkUv(p, r, q, atP); // v0 = P, v2 = Q: P
    checkUv(q, r, p, atQ); // v0 = Q, v2 = P: Q
    checkUv(r, p, q, atQ); // v1 = P, v2 = Q: Q
    checkUv(r, q, p, atP); // v1 = Q, v2 = P: P
    checkUv(p, q, r, atQ); // v0 = P, v1 = Q: Q
    checkUv(q, p, r, atP); // v0 = Q, v1 = P: P
}

TEST_CASE("Polygon gouraud colour - every gradient sign - matches the plane rule",
          "[raster][interp]") {
    // Colour uses the same rule as UV; checked here through the 5-bit output with dithering
    // (the offsets move the 8-bit value across multiples of 8 at different pixels).
    const Vertex corners[4] = {vtx(0, 0), vtx(37, 3), vtx(5, 29), vtx(41, 33)};
    const uint8_t colours[3][3] = {{250, 3, 128}, {7, 240, 60}, {131, 77, 251}};
    int checked = 0;
    for (int flip = 0; flip < 6; ++flip) { // vertex orders
        const int order[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int tri = 0; tri < 2; ++tri) { // both halves of the quad: all slope signs
            Vertex v[3];
            for (int i = 0; i < 3; ++i) {
                v[i] = corners[tri + order[flip][i]];
                v[i].x += 200;
                v[i].y += 50;
                v[i].r = colours[order[flip][i]][0];
                v[i].g = colours[order[flip][i]][1];
                v[i].b = colours[order[flip][i]][2];
            }
            for (bool dither : {false, true}) {
                Vram vram;
                DrawState s = fullArea();
                s.texpage = texpage(0, 0, 0, 0, dither);
                vram.raster.drawTriangle(triangle(kGouraud, v[0], v[1], v[2], s));
                const interpmodel::Triangle m(v[0], v[1], v[2]);
                for (int y = 40; y < 100; ++y) {
                    for (int x = 190; x < 260; ++x) {
                        INFO("order " << flip << " half " << tri << " pixel " << x << "," << y);
                        if (!m.covers(x, y)) {
                            CHECK(vram.at(x, y) == 0);
                            continue;
                        }
                        ++checked;
                        CHECK(vram.at(x, y) ==
                              rgb15(interpmodel::to5(m.attr(0, x, y), dither, x, y),
                                    interpmodel::to5(m.attr(1, x, y), dither, x, y),
                                    interpmodel::to5(m.attr(2, x, y), dither, x, y)));
                    }
                }
            }
        }
    }
    CHECK(checked > 4000);
}

TEST_CASE("Polygon gouraud - a large shaded triangle matches the plane rule on every row",
          "[raster][interp]") {
    // Spans almost the whole size limit (1023 x 511): long gradients accumulate the truncation
    // error over hundreds of pixels, where a different rounding shifts whole rows by a step.
    const Vertex a = vtx(3, 0, 255, 0, 17), b = vtx(1010, 97, 0, 255, 200),
                 c = vtx(120, 510, 33, 90, 255);
    for (bool dither : {false, true}) {
        Vram vram;
        DrawState s = fullArea();
        s.texpage = texpage(0, 0, 0, 0, dither);
        const uint64_t n = vram.raster.drawTriangle(triangle(kGouraud, a, b, c, s));
        const interpmodel::Triangle m(a, b, c);
        uint64_t covered = 0;
        int wrong = 0;
        for (int y = 0; y < kVramHeight; ++y) {
            for (int x = 0; x < kVramWidth; ++x) {
                uint16_t want = 0;
                if (m.covers(x, y)) {
                    ++covered;
                    want = rgb15(interpmodel::to5(m.attr(0, x, y), dither, x, y),
                                 interpmodel::to5(m.attr(1, x, y), dither, x, y),
                                 interpmodel::to5(m.attr(2, x, y), dither, x, y));
                }
                if (vram.at(x, y) != want && ++wrong < 10)
                    FAIL_CHECK("pixel " << x << "," << y << " = " << vram.at(x, y) << " want "
                                        << want);
            }
        }
        CHECK(wrong == 0);
        CHECK(n == covered);
        CHECK(covered > 200000);
    }
}

TEST_CASE("Polygon UV - a textured quad with UV gradients - both halves - every pixel",
          "[raster][interp]") {
    // Quad v0..v3 drawn as the GPU splits it: v0 v1 v2, then v1 v2 v3. Each pixel belongs to
    // exactly one half and shows that half's plane.
    const Vertex q[4] = {vtx(100, 40, 0, 0, 0, 3, 250), vtx(330, 55, 0, 0, 0, 251, 240),
                         vtx(90, 230, 0, 0, 0, 10, 2), vtx(345, 247, 0, 0, 0, 240, 11)};
    Vram vram;
    fillUvPage(vram);
    const DrawState s = uvPage();
    const uint64_t n = drawQuad(vram, triangle(kTextured | kRawTexture, q[0], q[1], q[2], s), q[3]);
    const interpmodel::Triangle first(q[0], q[1], q[2]), second(q[1], q[2], q[3]);
    uint64_t covered = 0;
    int wrong = 0;
    for (int y = 0; y < 256; ++y) {
        for (int x = 0; x < 512; ++x) {
            const bool inFirst = first.covers(x, y), inSecond = second.covers(x, y);
            CHECK_FALSE((inFirst && inSecond));
            uint16_t want = 0;
            if (inFirst || inSecond) {
                const interpmodel::Triangle& t = inFirst ? first : second;
                want = static_cast<uint16_t>(0x8000 ^ (t.attr(3, x, y) | t.attr(4, x, y) << 8));
                ++covered;
            }
            if (vram.at(x, y) != want && ++wrong < 10)
                FAIL_CHECK("pixel " << x << "," << y << " = " << vram.at(x, y) << " want " << want);
        }
    }
    CHECK(wrong == 0);
    CHECK(n == covered);
}

TEST_CASE("Polygon UV - a 1:1 mapped quad samples texel (x - x0, y - y0)", "[raster][interp]") {
    // The common sprite-as-quad case: every gradient is exactly 1.0 or 0, so the +0.5 bias at
    // the core vertex makes U = x - x0 and V = y - y0 with no rounding drift, in all 4 corners.
    Vram vram;
    fillUvPage(vram);
    const DrawState s = uvPage();
    drawQuad(vram,
             triangle(kTextured | kRawTexture, vtx(20, 30, 0, 0, 0, 5, 9),
                      vtx(84, 30, 0, 0, 0, 69, 9), vtx(20, 94, 0, 0, 0, 5, 73), s),
             vtx(84, 94, 0, 0, 0, 69, 73));
    for (int y = 30; y < 94; ++y)
        for (int x = 20; x < 84; ++x)
            REQUIRE((vram.at(x, y) ^ 0x8000) == ((x - 15) | (y - 21) << 8));
    CHECK(vram.at(84, 30) == 0);
    CHECK(vram.at(20, 94) == 0);
}
