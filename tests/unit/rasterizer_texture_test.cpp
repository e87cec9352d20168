// Rasterizer: textures (4/8/15-bit, CLUT, window), modulation, semi-transparency, mask bits and
// rectangles (graphicsprocessingunitgpu.md).
#include <catch2/catch.hpp>

#include "tests/unit/rasterizer_test_util.h"

using namespace rastertest;
using namespace gpu;

TEST_CASE("Semi-transparency modes 0-3 per channel with saturation", "[raster]") {
    // B = (20, 10, 31); F = 8-bit (80, 248, 40) -> 5-bit (10, 31, 5).
    const uint16_t back = rgb15(20, 10, 31);
    struct Case {
        int mode;
        uint16_t expected;
    };
    const Case cases[] = {
        {0, rgb15(15, 20, 18)}, // B/2+F/2
        {1, rgb15(30, 31, 31)}, // B+F, clamped to 31
        {2, rgb15(10, 0, 26)},  // B-F, clamped to 0
        {3, rgb15(22, 17, 31)}, // B+F/4 (F/4 = 2, 7, 1), clamped
    };
    for (const Case& c : cases) {
        Vram vram;
        vram.at(5, 5) = back;
        DrawState s = fullArea();
        s.texpage = texpage(0, 0, c.mode, 0);
        RectangleCmd r = rectangle(kSemiTransparent, 5, 5, 1, 1, s);
        r.r = 80;
        r.g = 248;
        r.b = 40;
        vram.raster.drawRectangle(r);
        INFO("mode " << c.mode);
        CHECK(vram.at(5, 5) == c.expected);
        // The same primitive without the semi-transparent flag simply overwrites.
        r.flags = 0;
        vram.raster.drawRectangle(r);
        CHECK(vram.at(5, 5) == rgb15(10, 31, 5));
    }
}

TEST_CASE("Semi-transparent polygons blend every pixel", "[raster]") {
    Vram vram;
    for (int x = 0; x < 8; ++x)
        vram.at(x, 0) = rgb15(4, 4, 4);
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 2, 0); // B-F
    drawQuad(vram, triangle(kSemiTransparent, vtx(0, 0, 8, 16, 40), vtx(8, 0), vtx(0, 1), s),
             vtx(8, 1));
    for (int x = 0; x < 8; ++x)
        CHECK(vram.at(x, 0) == rgb15(3, 2, 0));
}

TEST_CASE("Texel 0000h is transparent - texel bit 15 selects semi-transparency", "[raster]") {
    Vram vram;
    // 15-bit page at (0, 0).
    vram.at(0, 0) = 0x0000;
    vram.at(1, 0) = rgb15(31, 0, 0);
    vram.at(2, 0) = 0x8000 | rgb15(0, 31, 0);
    vram.at(3, 0) = 0x8000; // black with the semi flag
    for (int x = 100; x < 104; ++x)
        vram.at(x, 50) = rgb15(1, 0, 3);
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 1, 2); // B+F, 15-bit
    RectangleCmd r = rectangle(kTextured | kRawTexture | kSemiTransparent, 100, 50, 4, 1, s);
    vram.raster.drawRectangle(r);
    CHECK(vram.at(100, 50) == rgb15(1, 0, 3));             // transparent
    CHECK(vram.at(101, 50) == rgb15(31, 0, 0));            // bit 15 clear: opaque
    CHECK(vram.at(102, 50) == (0x8000 | rgb15(1, 31, 3))); // blended, bit 15 written
    CHECK(vram.at(103, 50) == (0x8000 | rgb15(1, 0, 3)));  // semi-transparent black
    // Opaque command: 8000h is non-transparent black ("Texture Color Black Limitations").
    r.flags = kTextured | kRawTexture;
    vram.raster.drawRectangle(r);
    CHECK(vram.at(102, 50) == (0x8000 | rgb15(0, 31, 0)));
    CHECK(vram.at(103, 50) == 0x8000);
}

TEST_CASE("4-bit CLUT texture: nibble order - page base and CLUT position", "[raster]") {
    Vram vram;
    // Page X base 2*64 = 128, Y base 256; CLUT attribute X = 20*16 = 320, Y = 480.
    vram.at(128, 256) = 0x3210;
    vram.at(129, 256) = 0x00F5;
    for (int i = 0; i < 16; ++i)
        vram.at(320 + i, 480) = static_cast<uint16_t>(0x100 + i);
    DrawState s = fullArea();
    s.texpage = texpage(2, 1, 0, 0);
    RectangleCmd r = rectangle(kTextured | kRawTexture, 10, 10, 6, 1, s);
    r.clut = static_cast<uint16_t>(20 | (480 << 6));
    vram.raster.drawRectangle(r);
    CHECK(vram.at(10, 10) == 0x100);
    CHECK(vram.at(11, 10) == 0x101);
    CHECK(vram.at(12, 10) == 0x102);
    CHECK(vram.at(13, 10) == 0x103);
    CHECK(vram.at(14, 10) == 0x105);
    CHECK(vram.at(15, 10) == 0x10F);
}

TEST_CASE("8-bit CLUT texture: byte order and CLUT wrapping at the VRAM edge", "[raster]") {
    Vram vram;
    vram.at(64, 0) = 0xAB12; // page X base 64
    vram.at(2, 7) = 0x1234;  // CLUT X = 63*16 = 1008; entry 12h at 1008+18 wraps to 2
    vram.at(1008 + 0xAB - 1024, 7) = 0x4321;
    DrawState s = fullArea();
    s.texpage = texpage(1, 0, 0, 1);
    RectangleCmd r = rectangle(kTextured | kRawTexture, 300, 300, 2, 1, s);
    r.clut = static_cast<uint16_t>(63 | (7 << 6));
    vram.raster.drawRectangle(r);
    CHECK(vram.at(300, 300) == 0x1234);
    CHECK(vram.at(301, 300) == 0x4321);
}

TEST_CASE("Texture window: (T AND NOT(Mask*8)) OR ((Offset AND Mask)*8)", "[raster]") {
    Vram vram;
    for (int u = 0; u < 64; ++u)
        vram.at(u, 0) = static_cast<uint16_t>(u + 1);
    for (int v = 0; v < 64; ++v)
        vram.at(5, v) = static_cast<uint16_t>(0x200 + v);
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 0, 2);
    s.texWindowMaskX = 2; // bit 4 of U replaced
    s.texWindowOffX = 3;  // (3 AND 2)*8 = 16: bit 4 forced on
    RectangleCmd r = rectangle(kTextured | kRawTexture, 0, 100, 40, 1, s);
    vram.raster.drawRectangle(r);
    for (int u = 0; u < 40; ++u) {
        const int t = (u & ~16) | 16;
        INFO("u " << u);
        CHECK(vram.at(u, 100) == t + 1);
    }
    // Y: mask 0x1F (all bits 3-7), offset 0x01 -> V = (V AND 7) OR 8.
    s.texWindowMaskX = 0;
    s.texWindowOffX = 0;
    s.texWindowMaskY = 0x1F;
    s.texWindowOffY = 0x01;
    RectangleCmd col = rectangle(kTextured | kRawTexture, 200, 200, 1, 20, s);
    col.u = 5;
    vram.raster.drawRectangle(col);
    for (int v = 0; v < 20; ++v)
        CHECK(vram.at(200, 200 + v) == 0x200 + ((v & 7) | 8));
}

TEST_CASE("Modulation: texel * colour / 128 - saturated - 80h leaves the texel unchanged",
          "[raster]") {
    Vram vram;
    vram.at(0, 0) = rgb15(16, 31, 8);
    vram.at(1, 0) = 0x8000 | rgb15(31, 31, 31);
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 0, 2, true); // dithering on: rectangles still do not dither
    RectangleCmd r = rectangle(kTextured, 50, 50, 2, 1, s);
    r.r = 128;
    r.g = 64;
    r.b = 255;
    vram.raster.drawRectangle(r);
    // r: 16*128/128 = 16; g: 31*64/128 = 15.5 -> 15; b: 8*255/128 = 15.9 -> 15.
    CHECK(vram.at(50, 50) == rgb15(16, 15, 15));
    // 31*255/128 saturates at 31; texel bit 15 is written through.
    CHECK(vram.at(51, 50) == (0x8000 | rgb15(31, 15, 31)));
    r.r = r.g = r.b = 0x80;
    vram.raster.drawRectangle(r);
    CHECK(vram.at(50, 50) == rgb15(16, 31, 8));
    CHECK(vram.at(51, 50) == (0x8000 | rgb15(31, 31, 31)));
}

TEST_CASE("Mask bits: E6h bit 0 sets bit 15 - bit 1 protects pixels with bit 15", "[raster]") {
    Vram vram;
    vram.at(1, 1) = 0x8000 | rgb15(3, 3, 3);
    vram.at(2, 1) = rgb15(3, 3, 3);
    DrawState s = fullArea();
    s.checkMask = true;
    RectangleCmd r = rectangle(0, 0, 1, 4, 1, s);
    r.r = 255;
    vram.raster.drawRectangle(r);
    CHECK(vram.at(0, 1) == rgb15(31, 0, 0));
    CHECK(vram.at(1, 1) == (0x8000 | rgb15(3, 3, 3))); // protected
    CHECK(vram.at(2, 1) == rgb15(31, 0, 0));
    s.checkMask = false;
    s.setMask = true;
    r.state = s;
    r.g = 255;
    vram.raster.drawRectangle(r);
    for (int x = 0; x < 4; ++x)
        CHECK(vram.at(x, 1) == (0x8000 | rgb15(31, 31, 0)));
    // Both bits on a triangle: the masked pixel survives, the others get bit 15.
    s.checkMask = true;
    vram.at(5, 5) = 0x8000;
    drawQuad(vram, triangle(0, vtx(4, 4, 0, 0, 255), vtx(8, 4), vtx(4, 8), s), vtx(8, 8));
    CHECK(vram.at(5, 5) == 0x8000);
    CHECK(vram.at(4, 4) == (0x8000 | rgb15(0, 0, 31)));
}

TEST_CASE("Rectangles: exact size - clipping advances U/V - flip bits step backwards", "[raster]") {
    Vram vram;
    for (int u = 0; u < 256; ++u)
        vram.at(u, 0) = static_cast<uint16_t>(u + 1);
    for (int v = 0; v < 256; ++v)
        vram.at(0, v) = static_cast<uint16_t>(0x1000 + v);
    vram.at(0, 0) = 1;
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 0, 2);
    s.areaLeft = 502;
    RectangleCmd r = rectangle(kTextured | kRawTexture, 500, 300, 4, 1, s);
    r.u = 10;
    CHECK(vram.raster.drawRectangle(r) == 2);
    CHECK(vram.at(501, 300) == 0);
    CHECK(vram.at(502, 300) == 13); // u = 12
    CHECK(vram.at(503, 300) == 14);
    CHECK(vram.at(504, 300) == 0);
    s.areaLeft = 0;
    s.rectFlipX = true;
    r.state = s;
    r.y = 301;
    vram.raster.drawRectangle(r);
    // X-flip starts at U OR 1 (gpu_flip_test.cpp): u = 11, 10, 9, 8.
    CHECK(vram.at(500, 301) == 12);
    CHECK(vram.at(501, 301) == 11);
    CHECK(vram.at(502, 301) == 10);
    CHECK(vram.at(503, 301) == 9);
    // Flipped U wraps below 0 within the 8-bit coordinate.
    r.u = 1;
    r.y = 302;
    vram.raster.drawRectangle(r);
    CHECK(vram.at(500, 302) == 2);
    CHECK(vram.at(501, 302) == 1);
    CHECK(vram.at(502, 302) == 256); // u = 255
    s.rectFlipX = false;
    s.rectFlipY = true;
    RectangleCmd c = rectangle(kTextured | kRawTexture, 600, 10, 1, 3, s);
    c.v = 20;
    vram.raster.drawRectangle(c);
    CHECK(vram.at(600, 10) == 0x1000 + 20);
    CHECK(vram.at(600, 11) == 0x1000 + 19);
    CHECK(vram.at(600, 12) == 0x1000 + 18);
    // A large rectangle repeats its 256-texel source.
    s.rectFlipY = false;
    RectangleCmd wide = rectangle(kTextured | kRawTexture, 0, 400, 600, 1, s);
    CHECK(vram.raster.drawRectangle(wide) == 600);
    CHECK(vram.at(255, 400) == 256);
    CHECK(vram.at(256, 400) == 1);
    CHECK(vram.at(599, 400) == (599 & 255) + 1);
}

TEST_CASE("Textured semi-transparent polygons: CLUT entry bit 15 selects blending per texel",
          "[raster]") {
    for (bool raw : {true, false}) {
        Vram vram;
        vram.at(0, 0) = 0x3210; // 4-bit indices 0, 1, 2, 3
        vram.at(1, 10) = rgb15(31, 0, 0);
        vram.at(2, 10) = 0x8000 | rgb15(0, 31, 0);
        vram.at(3, 10) = 0x8000;
        for (int x = 100; x < 104; ++x)
            vram.at(x, 20) = rgb15(1, 0, 3);
        DrawState s = fullArea();
        s.texpage = texpage(0, 0, 1, 0); // B+F, 4-bit
        const uint8_t flags = kTextured | kSemiTransparent | (raw ? kRawTexture : 0);
        TriangleCmd t =
            triangle(flags, vtx(100, 20, 128, 128, 128, 0, 0), vtx(104, 20, 128, 128, 128, 4, 0),
                     vtx(100, 21, 128, 128, 128, 0, 1), s);
        t.clut = static_cast<uint16_t>(10 << 6);
        drawQuad(vram, t, vtx(104, 21, 128, 128, 128, 4, 1));
        INFO(raw);
        CHECK(vram.at(100, 20) == rgb15(1, 0, 3));             // index 0 -> 0000h transparent
        CHECK(vram.at(101, 20) == rgb15(31, 0, 0));            // bit 15 clear: no blending
        CHECK(vram.at(102, 20) == (0x8000 | rgb15(1, 31, 3))); // blended, bit 15 kept
        CHECK(vram.at(103, 20) == (0x8000 | rgb15(1, 0, 3)));  // semi-transparent black
    }
}
