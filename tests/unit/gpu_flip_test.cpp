// Textured rectangles with the X/Y-flip bits GP0(E1h) bits 12 and 13
// (graphicsprocessingunitgpu.md "Texture Origin and X/Y-Flip": the texture coordinates are
// decremented instead of incremented; "GPU Versions": the v2 GPU of this console honours the
// bits, v0 does not). Where psx-spx is silent (the start coordinate), the rule is Mednafen's,
// the peer whose sprite flipping passes the hardware tests: X-flip starts at U OR 1 and steps
// U down by one per pixel; Y-flip starts at V and steps V down by one per row. Clipped columns
// and rows still step the coordinates; they wrap within 8 bits.
#include <catch2/catch.hpp>

#include "gpu_test_rig.h"
#include "rasterizer_test_util.h"

using namespace gpu;
using gputest::Rig;
using gputest::xy;

namespace {

constexpr int kPage = 10;                            // texture page X = 640, Y = 0
constexpr uint16_t kClut = uint16_t(0 | (480 << 6)); // CLUT at (0, 480)

void upload(Rig& r, int x, int y, int w, int h, const uint16_t* pixels) {
    r.gp0({0xA0000000u, xy(x, y), xy(w, h)});
    for (int i = 0; i < w * h; i += 2)
        r.gp0(uint32_t(pixels[i]) | (i + 1 < w * h ? uint32_t(pixels[i + 1]) << 16 : 0u));
}

// 4-bit texture: texel (u, v) holds index (u + v) & 15 (each halfword holds four texels, the
// first in bits 0-3); CLUT entry i is rgb15(i + 1, 0, 0), never 0000h.
void setup(Rig& r) {
    r.gp0(0xE3000000u);
    r.gp0(0xE4000000u | (511u << 10) | 1023u);
    r.gp0(0xE5000000u);
    uint16_t tex[64 * 32];
    for (int v = 0; v < 32; ++v)
        for (int hx = 0; hx < 64; ++hx) {
            uint16_t w = 0;
            for (int n = 0; n < 4; ++n)
                w = uint16_t(w | (((hx * 4 + n + v) & 15) << (4 * n)));
            tex[v * 64 + hx] = w;
        }
    upload(r, kPage * 64, 0, 64, 32, tex);
    uint16_t clut[16];
    for (int i = 0; i < 16; ++i)
        clut[i] = rastertest::rgb15(i + 1, 0, 0);
    upload(r, 0, 480, 16, 1, clut);
}

// GP0(65h) raw-textured rectangle w x h at (x, y) with U/V, after E1h = kPage | flip bits.
void sprite(Rig& r, int x, int y, int w, int h, int u, int v, bool flipX, bool flipY) {
    r.gp0(0xE1000000u | (flipX ? 1u << 12 : 0) | (flipY ? 1u << 13 : 0) | kPage);
    r.gp0(
        {0x65000000u, xy(x, y), uint32_t(kClut) << 16 | uint32_t(v) << 8 | uint32_t(u), xy(w, h)});
}

uint16_t at(Rig& r, int x, int y) {
    r.idle();
    r.gpu.endFrame();
    return r.gpu.vram()[y * kVramWidth + x];
}

// The colour of texel (u, v): CLUT entry (u + v) & 15.
uint16_t texel(int u, int v) {
    return rastertest::rgb15(((u + v) & 15) + 1, 0, 0);
}

} // namespace

TEST_CASE("Flip: X-flip starts at U OR 1 and steps U down", "[gpu][flip]") {
    Rig r;
    setup(r);
    sprite(r, 100, 100, 6, 1, 6, 0, true, false);  // U = 7 6 5 4 3 2
    sprite(r, 100, 101, 6, 1, 7, 0, true, false);  // odd U: the same, 7 6 5 4 3 2
    sprite(r, 100, 102, 4, 1, 1, 0, true, false);  // U = 1 0 255 254 (8-bit wrap)
    sprite(r, 100, 103, 4, 1, 6, 0, false, false); // unflipped: U = 6 7 8 9
    for (int i = 0; i < 6; ++i) {
        INFO("column " << i);
        CHECK(at(r, 100 + i, 100) == texel(7 - i, 0));
        CHECK(at(r, 100 + i, 101) == texel(7 - i, 0));
    }
    CHECK(at(r, 100, 102) == texel(1, 0));
    CHECK(at(r, 101, 102) == texel(0, 0));
    CHECK(at(r, 102, 102) == texel(255, 0));
    CHECK(at(r, 103, 102) == texel(254, 0));
    for (int i = 0; i < 4; ++i)
        CHECK(at(r, 100 + i, 103) == texel(6 + i, 0));
}

TEST_CASE("Flip: Y-flip starts at V and steps V down - both flips together", "[gpu][flip]") {
    Rig r;
    setup(r);
    sprite(r, 200, 100, 1, 4, 0, 10, false, true); // V = 10 9 8 7
    for (int j = 0; j < 4; ++j)
        CHECK(at(r, 200, 100 + j) == texel(0, 10 - j));
    sprite(r, 210, 100, 3, 3, 4, 20, true, true); // U = 5 4 3, V = 20 19 18
    for (int j = 0; j < 3; ++j)
        for (int i = 0; i < 3; ++i) {
            INFO("pixel " << i << "," << j);
            CHECK(at(r, 210 + i, 100 + j) == texel(5 - i, 20 - j));
        }
}

TEST_CASE("Flip: clipped columns and rows still step the flipped coordinates", "[gpu][flip]") {
    Rig r;
    setup(r);
    // Drawing area from (302, 102): the first two columns and rows are clipped away.
    r.gp0(0xE3000000u | (102u << 10) | 302u);
    sprite(r, 300, 100, 5, 5, 8, 16, true, true); // U from 9, V from 16
    for (int j = 2; j < 5; ++j)
        for (int i = 2; i < 5; ++i) {
            INFO("pixel " << i << "," << j);
            CHECK(at(r, 300 + i, 100 + j) == texel(9 - i, 16 - j));
        }
    CHECK(at(r, 301, 102) == 0);
    CHECK(at(r, 302, 101) == 0);
}

TEST_CASE("Flip: only E1h sets the flip bits - polygons and untextured rectangles ignore them",
          "[gpu][flip]") {
    Rig r;
    setup(r);
    r.gp0(0xE1000000u | (1u << 12) | kPage);
    // A textured polygon's texpage attribute (bits 12-13 set) changes E1h bits 0-8 and 11 only
    // ("Texpage Attribute"), and the polygon itself is not flipped: U 0..3 on row 150.
    r.gp0({0x2D000000u, xy(400, 150), uint32_t(kClut) << 16 | 0, xy(404, 150),
           uint32_t(0x3000 | kPage) << 16 | 4, xy(400, 151), 0x0100u, xy(404, 151), 0x0104u});
    for (int i = 0; i < 4; ++i)
        CHECK(at(r, 400 + i, 150) == texel(i, 0));
    // E1h bit 12 is still set: a rectangle sent now is flipped (U 3 2 1 0 from U = 2 | 1).
    r.gp0({0x65000000u, xy(400, 160), uint32_t(kClut) << 16 | 2, xy(4, 1)});
    for (int i = 0; i < 4; ++i)
        CHECK(at(r, 400 + i, 160) == texel(3 - i, 0));
    // E1h without bit 12: no flip.
    r.gp0(0xE1000000u | kPage);
    r.gp0({0x65000000u, xy(400, 170), uint32_t(kClut) << 16 | 2, xy(4, 1)});
    for (int i = 0; i < 4; ++i)
        CHECK(at(r, 400 + i, 170) == texel(2 + i, 0));
}
