// Rasterizer: polygon coverage, clipping, interpolation, dithering and a golden scene
// (graphicsprocessingunitgpu.md).
#include <catch2/catch.hpp>

#include "savestate/state_io.h"
#include "tests/unit/rasterizer_test_util.h"

using namespace rastertest;
using namespace gpu;

namespace {
// "24bit RGB to 15bit RGB Dithering" matrix, as printed in the reference.
constexpr int kDither[4][4] = {{-4, 0, -3, 1}, {2, -2, 3, -1}, {-3, 1, -4, 0}, {3, -1, 2, -2}};
int dithered5(int c8, int x, int y) {
    int c = c8 + kDither[y & 3][x & 3];
    c = c < 0 ? 0 : c > 255 ? 255 : c;
    return c >> 3;
}
} // namespace

TEST_CASE("Polygons exclude their right and bottom edges (quad split v0v1v2 + v1v2v3)",
          "[raster]") {
    Vram vram;
    // Semi-transparent B+F with a 1-step colour: a pixel drawn twice would read 2, a gap 0.
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 1, 0);
    const uint64_t n = drawQuad(vram,
                                triangle(kSemiTransparent, vtx(10, 20, 8, 8, 8),
                                         vtx(30, 20, 8, 8, 8), vtx(10, 35, 8, 8, 8), s),
                                vtx(30, 35, 8, 8, 8));
    CHECK(n == 20 * 15);
    int drawn = 0;
    for (int y = 0; y < 64; ++y) {
        for (int x = 0; x < 64; ++x) {
            const bool inside = x >= 10 && x < 30 && y >= 20 && y < 35;
            const uint16_t expected = inside ? rgb15(1, 1, 1) : 0;
            if (vram.at(x, y) != expected) {
                FAIL_CHECK("pixel " << x << "," << y << " = " << vram.at(x, y));
            }
            drawn += vram.at(x, y) != 0;
        }
    }
    CHECK(drawn == 300);
}

TEST_CASE("Triangle coverage: top/left edges drawn - diagonal right edge excluded", "[raster]") {
    Vram vram;
    // (0,0) (4,0) (0,4): pixels with x+y < 4 (the hypotenuse x+y == 4 is a right edge).
    const uint64_t n = vram.raster.drawTriangle(
        triangle(0, vtx(4, 0, 255, 0, 0), vtx(0, 4, 255, 0, 0), vtx(0, 0, 255, 0, 0)));
    CHECK(n == 10);
    for (int y = 0; y < 6; ++y) {
        for (int x = 0; x < 6; ++x) {
            INFO(x << "," << y);
            CHECK((vram.at(x, y) == rgb15(31, 0, 0)) == (x + y < 4));
        }
    }
    // Vertex order does not matter ("the ordering of the vertices doesn't matter").
    Vram other;
    other.raster.drawTriangle(
        triangle(0, vtx(0, 0, 255, 0, 0), vtx(4, 0, 255, 0, 0), vtx(0, 4, 255, 0, 0)));
    CHECK((other.pixels == vram.pixels));
}

TEST_CASE("Degenerate and oversized polygons draw nothing", "[raster]") {
    Vram vram;
    CHECK(vram.raster.drawTriangle(
              triangle(0, vtx(0, 0, 255), vtx(10, 10, 255), vtx(20, 20, 255))) == 0);
    // "Size Restriction": more than 1023 horizontally or 511 vertically is not rendered.
    CHECK(vram.raster.drawTriangle(
              triangle(0, vtx(0, 0, 255), vtx(1024, 0, 255), vtx(0, 100, 255))) == 0);
    CHECK(vram.raster.drawTriangle(
              triangle(0, vtx(0, -300, 255), vtx(100, 0, 255), vtx(0, 300, 255))) == 0);
    CHECK(vram.countNonZero() == 0);
}

TEST_CASE("Drawing area clips polygons inclusively (E3h/E4h)", "[raster]") {
    Vram vram;
    DrawState s = fullArea();
    s.areaLeft = 100;
    s.areaTop = 50;
    s.areaRight = 109; // inclusive
    s.areaBottom = 54;
    const uint64_t n = drawQuad(
        vram,
        triangle(0, vtx(-500, -200, 0, 255), vtx(500, -200, 0, 255), vtx(-500, 300, 0, 255), s),
        vtx(500, 300, 0, 255));
    CHECK(n == 50);
    CHECK(vram.countNonZero() == 50);
    CHECK(vram.at(100, 50) == rgb15(0, 31, 0));
    CHECK(vram.at(109, 54) == rgb15(0, 31, 0));
    CHECK(vram.at(99, 50) == 0);
    CHECK(vram.at(110, 54) == 0);
    CHECK(vram.at(105, 55) == 0);
    CHECK(vram.at(105, 49) == 0);
}

TEST_CASE("Absurd coordinates never write outside VRAM", "[raster]") {
    Vram vram;
    DrawState s = fullArea();
    s.areaLeft = -50;
    s.areaRight = 3000; // a bad area is clamped to VRAM
    s.areaTop = -5;
    s.areaBottom = 2000;
    vram.raster.drawTriangle(triangle(0, vtx(2000000000, 2000000000, 255),
                                      vtx(2000000500, 2000000000, 255),
                                      vtx(2000000000, 2000000300, 255), s));
    vram.raster.drawTriangle(triangle(0, vtx(-2000000000, -2000000000, 255),
                                      vtx(-1999999500, -2000000000, 255),
                                      vtx(-2000000000, -1999999700, 255), s));
    CHECK(vram.countNonZero() == 0);
    RectangleCmd r = rectangle(0, 2147483000, 5, 1023, 511, s);
    r.r = 255;
    CHECK(vram.raster.drawRectangle(r) == 0);
    LineCmd line;
    line.state = s;
    line.v[0] = vtx(-2000000000, 7, 255);
    line.v[1] = vtx(-1999999000, 7, 255);
    vram.raster.drawLine(line);
    CHECK(vram.countNonZero() == 0);
    // Overlapping the VRAM corner from outside: only in-VRAM pixels are drawn.
    vram.raster.drawTriangle(
        triangle(0, vtx(1000, 500, 255), vtx(1100, 500, 255), vtx(1000, 560, 255), s));
    CHECK(vram.at(1023, 511) == rgb15(31, 0, 0));
    CHECK(vram.at(1000, 500) == rgb15(31, 0, 0));
    CHECK(vram.countNonZero() == 24 * 12);
}

TEST_CASE("Gouraud colour interpolates linearly between vertices", "[raster]") {
    Vram vram;
    // Red 0 at x=0 to 64 at x=8: r8 = 8*x exactly, so r5 = x (dithering off).
    drawQuad(vram,
             triangle(kGouraud, vtx(0, 0, 0, 40, 0), vtx(8, 0, 64, 40, 0), vtx(0, 4, 0, 40, 0)),
             vtx(8, 4, 64, 40, 0));
    for (int y = 0; y < 4; ++y) {
        for (int x = 0; x < 8; ++x) {
            INFO(x << "," << y);
            CHECK(vram.at(x, y) == rgb15(x, 5, 0));
        }
    }
    CHECK(vram.at(8, 0) == 0);
}

TEST_CASE("Texture coordinates interpolate to the texel under each pixel", "[raster]") {
    Vram vram;
    // 15-bit page at (64, 256); texel (u, v) = unique non-zero value.
    for (int v = 0; v < 16; ++v)
        for (int u = 0; u < 16; ++u)
            vram.at(64 + u, 256 + v) = static_cast<uint16_t>(1 + u + 32 * v);
    DrawState s = fullArea();
    s.texpage = texpage(1, 1, 0, 2);
    drawQuad(vram,
             triangle(kTextured | kRawTexture, vtx(200, 100, 0, 0, 0, 0, 0),
                      vtx(216, 100, 0, 0, 0, 16, 0), vtx(200, 116, 0, 0, 0, 0, 16), s),
             vtx(216, 116, 0, 0, 0, 16, 16));
    for (int y = 0; y < 16; ++y) {
        for (int x = 0; x < 16; ++x) {
            INFO(x << "," << y);
            CHECK(vram.at(200 + x, 100 + y) == 1 + x + 32 * y);
        }
    }
}

TEST_CASE("Dithering: matrix offsets on gouraud polygons - saturated - then /8", "[raster]") {
    for (int c8 : {98, 2, 254}) {
        Vram vram;
        DrawState s = fullArea();
        s.texpage = texpage(0, 0, 0, 0, true);
        drawQuad(vram,
                 triangle(kGouraud, vtx(0, 0, c8, c8, c8), vtx(8, 0, c8, c8, c8),
                          vtx(0, 8, c8, c8, c8), s),
                 vtx(8, 8, c8, c8, c8));
        for (int y = 0; y < 8; ++y) {
            for (int x = 0; x < 8; ++x) {
                const int e = dithered5(c8, x, y);
                INFO(c8 << " at " << x << "," << y);
                CHECK(vram.at(x, y) == rgb15(e, e, e));
            }
        }
    }
    // 98: offset -4 gives 94>>3 = 11, offset 0 gives 12.
    CHECK(dithered5(98, 0, 0) == 11);
    CHECK(dithered5(98, 1, 0) == 12);
}

TEST_CASE("Dithering applies only to gouraud or modulated polygons - and to lines", "[raster]") {
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 0, 2, true);
    // Flat untextured polygon: no dither, 98 >> 3 = 12 everywhere.
    Vram flat;
    drawQuad(flat, triangle(0, vtx(0, 0, 98, 98, 98), vtx(4, 0), vtx(0, 4), s), vtx(4, 4));
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x)
            CHECK(flat.at(x, y) == rgb15(12, 12, 12));
    // Raw texture: texel copied unchanged even with dithering on.
    Vram raw;
    raw.at(0, 0) = rgb15(10, 20, 30);
    drawQuad(
        raw,
        triangle(kTextured | kRawTexture, vtx(100, 0, 98, 98, 98), vtx(104, 0), vtx(100, 4), s),
        vtx(104, 4));
    CHECK(raw.at(100, 0) == rgb15(10, 20, 30));
    // Modulated texture at 80h: texel*8 + offset, so offset -4 at (0,0) loses one step.
    Vram mod;
    mod.at(0, 0) = rgb15(10, 20, 30);
    drawQuad(mod, triangle(kTextured, vtx(100, 0, 128, 128, 128), vtx(104, 0), vtx(100, 4), s),
             vtx(104, 4));
    CHECK(mod.at(100, 0) == rgb15(9, 19, 29));  // offset -4
    CHECK(mod.at(101, 0) == rgb15(10, 20, 30)); // offset 0
    // Mono line: dithered.
    Vram line;
    LineCmd l;
    l.state = s;
    l.v[0] = vtx(0, 0, 98, 98, 98);
    l.v[1] = vtx(3, 0);
    line.raster.drawLine(l);
    for (int x = 0; x < 4; ++x) {
        const int e = dithered5(98, x, 0);
        CHECK(line.at(x, 0) == rgb15(e, e, e));
    }
    // Rectangle: never dithered.
    Vram rect;
    RectangleCmd r = rectangle(0, 0, 0, 4, 4, s);
    r.r = r.g = r.b = 98;
    rect.raster.drawRectangle(r);
    CHECK(rect.at(0, 0) == rgb15(12, 12, 12));
}

TEST_CASE("Golden scene: fill - sprite - quad and line", "[raster]") {
    Vram vram;
    Vram expected;
    // Fill the 64x32 area at (0,0) with 24-bit (80h, 40h, 20h) -> (16, 8, 4).
    FillCmd f;
    f.width = 64;
    f.height = 32;
    f.color = rgb15(16, 8, 4);
    vram.raster.fill(f);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 64; ++x)
            expected.at(x, y) = rgb15(16, 8, 4);
    // 4-bit texture at page (128, 0): 8x8 texels, index = (u + v) & 15, CLUT at (0, 200):
    // entry i = rgb15(i, 31 - i, 1), entry 0 is 0000h (transparent).
    for (int i = 1; i < 16; ++i) {
        vram.at(i, 200) = rgb15(i, 31 - i, 1);
        expected.at(i, 200) = vram.at(i, 200);
    }
    for (int v = 0; v < 8; ++v) {
        for (int w = 0; w < 2; ++w) {
            uint16_t word = 0;
            for (int k = 0; k < 4; ++k)
                word |= static_cast<uint16_t>(((4 * w + k + v) & 15) << (4 * k));
            vram.at(128 + w, v) = word;
            expected.at(128 + w, v) = word;
        }
    }
    DrawState s = fullArea();
    s.texpage = texpage(2, 0, 0, 0);
    RectangleCmd sprite = rectangle(kTextured | kRawTexture, 4, 4, 8, 8, s);
    sprite.clut = static_cast<uint16_t>(200 << 6);
    vram.raster.drawRectangle(sprite);
    for (int y = 0; y < 8; ++y) {
        for (int x = 0; x < 8; ++x) {
            const int i = (x + y) & 15;
            if (i != 0) expected.at(4 + x, 4 + y) = rgb15(i, 31 - i, 1);
        }
    }
    // Flat opaque quad (20,10)-(30,20) in pure blue.
    drawQuad(vram, triangle(0, vtx(20, 10, 0, 0, 255), vtx(30, 10), vtx(20, 20), s), vtx(30, 20));
    for (int y = 10; y < 20; ++y)
        for (int x = 20; x < 30; ++x)
            expected.at(x, y) = rgb15(0, 0, 31);
    // Horizontal line including both ends, y = 25, x = 40..50, white with mask forced.
    DrawState ms = s;
    ms.setMask = true;
    LineCmd l;
    l.state = ms;
    l.v[0] = vtx(40, 25, 255, 255, 255);
    l.v[1] = vtx(50, 25);
    vram.raster.drawLine(l);
    for (int x = 40; x <= 50; ++x)
        expected.at(x, 25) = 0xFFFF;

    for (int y = 0; y < kVramHeight; ++y)
        for (int x = 0; x < kVramWidth; ++x)
            if (vram.at(x, y) != expected.at(x, y))
                FAIL_CHECK("pixel " << x << "," << y << " = " << vram.at(x, y) << " expected "
                                    << expected.at(x, y));
    REQUIRE((vram.pixels == expected.pixels));
    const uint64_t hash = savestate::hash64(vram.pixels.data(), vram.pixels.size() * 2);
    CHECK(hash == savestate::hash64(expected.pixels.data(), expected.pixels.size() * 2));
    CHECK(hash == 0xa0d300bf6eeb1d3eull); // pinned after the pixel-exact comparison above
}

TEST_CASE("Fill rule tiles: a triangle split at an inner point covers the same pixels once",
          "[raster]") {
    // Shared edges belong to exactly one triangle (quads drawn as two triangles must not
    // double-draw or leave gaps). Semi-transparent B+F with a 1-step colour counts coverage.
    uint32_t seed = 12345;
    auto next = [&seed](int range) {
        seed = seed * 1664525u + 1013904223u;
        return static_cast<int>((seed >> 8) % static_cast<uint32_t>(range));
    };
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 1, 0);
    int tested = 0;
    for (int i = 0; i < 300; ++i) {
        const Vertex a = vtx(next(60), next(60), 8, 8, 8);
        const Vertex b = vtx(next(60), next(60), 8, 8, 8);
        const Vertex c = vtx(next(60), next(60), 8, 8, 8);
        const Vertex p = vtx((a.x + b.x + c.x) / 3, (a.y + b.y + c.y) / 3, 8, 8, 8);
        auto cross = [](const Vertex& o, const Vertex& q, const Vertex& r) {
            return (q.x - o.x) * (r.y - o.y) - (q.y - o.y) * (r.x - o.x);
        };
        const int area = cross(a, b, c);
        if (area == 0) continue;
        const int sign = area > 0 ? 1 : -1;
        if (sign * cross(a, b, p) < 0 || sign * cross(b, c, p) < 0 || sign * cross(c, a, p) < 0)
            continue; // rounded centroid fell outside a thin triangle
        ++tested;
        Vram whole, parts;
        const uint64_t n = whole.raster.drawTriangle(triangle(kSemiTransparent, a, b, c, s));
        uint64_t m = parts.raster.drawTriangle(triangle(kSemiTransparent, p, a, b, s));
        m += parts.raster.drawTriangle(triangle(kSemiTransparent, p, b, c, s));
        m += parts.raster.drawTriangle(triangle(kSemiTransparent, p, c, a, s));
        INFO("triangle " << a.x << "," << a.y << " " << b.x << "," << b.y << " " << c.x << ","
                         << c.y);
        CHECK(n == m);
        CHECK((whole.pixels == parts.pixels));
    }
    CHECK(tested > 200);
}
