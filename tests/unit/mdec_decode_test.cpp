#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <vector>

#include "core/mdec/mdec_color.h"
#include "core/mdec/mdec_decode.h"
#include "core/mdec/mdec_tables.h"
#include "mdec_reference.h"

// macroblockdecodermdec.md "MDEC Decompression": the decoder's steps against the reference's
// formulas (tests/unit/mdec_reference.h) and against values worked out by hand.

using namespace core::mdec;

namespace {

// Feeds halfwords until the block is done; returns how many were used (-1: never done).
int feedBlock(RunLengthBlock& b, const std::vector<uint16_t>& s, const uint8_t* qt) {
    b = {};
    for (size_t i = 0; i < s.size(); ++i)
        if (feedHalfword(b, s[i], qt) == Feed::Done) return int(i + 1);
    return -1;
}

std::vector<uint8_t> flatQuant(uint8_t v) {
    return std::vector<uint8_t>(64, v);
}

} // namespace

TEST_CASE("mdec: zagzig is the reverse of the reference's zigzag table", "[mdec]") {
    for (int i = 0; i < 64; ++i) {
        CHECK(kZigzag[i] == mdecref::kZigzag[i]);
        CHECK(kZagzig[mdecref::kZigzag[i]] == i);
        CHECK(uint16_t(kStandardScale[i]) == mdecref::kScale[i]);
    }
}

TEST_CASE("mdec: rl_decode_block DC and AC rules by hand", "[mdec]") {
    auto qt = flatQuant(10);
    qt[0] = 3;
    qt[1] = 5;
    qt[2] = 7;
    RunLengthBlock b;
    // DC: signed10(3FFh) = -1, q_scale 2: DC = -1 * qt[0] = -3 (no q_scale, no /8).
    // k=1: signed10(005h) = 5: (5 * 5 * 2 + 4) / 8 = 54 / 8 = 6.
    // run 1 -> k=3: signed10(3FDh) = -3: (-3 * 10 * 2 + 4) / 8 = -56 / 8 = -7.
    // FE00h ends the block.
    std::vector<uint16_t> s = {0xfe00, (2 << 10) | 0x3ff, 0x0005, (1 << 10) | 0x3fd, 0xfe00};
    REQUIRE(feedBlock(b, s, qt.data()) == 5); // the leading FE00h is padding
    CHECK(b.coef[0] == -3);
    CHECK(b.coef[1] == 6);   // zagzig[1] = raster 1
    CHECK(b.coef[16] == -7); // zagzig[3] = raster 16 (x=0, y=2)
    int nonzero = 0;
    for (int16_t c : b.coef)
        nonzero += c != 0;
    CHECK(nonzero == 3);
}

TEST_CASE("mdec: rounding of (v+4)/8 floors and saturation to -400h..3FFh", "[mdec]") {
    auto qt = flatQuant(1);
    RunLengthBlock b;
    // k=1: signed10(3FDh) = -3, q_scale 1: (-3 + 4) / 8 = 1/8 -> 0; k=2: -5: -1/8 -> -1.
    REQUIRE(feedBlock(b, {(1 << 10) | 0x000, 0x3fd, 0x3fb, 0xfe00}, qt.data()) == 4);
    CHECK(b.coef[1] == 0);
    CHECK(b.coef[8] == -1); // zagzig[2] = raster 8
    // DC 1FFh * qt 255 = 130305 -> 3FFh; -200h * 255 -> -400h; AC 1FFh * 255 * 63 / 8 -> 3FFh.
    auto big = flatQuant(255);
    REQUIRE(feedBlock(b, {(63 << 10) | 0x1ff, 0x1ff, 0xfe00}, big.data()) == 3);
    CHECK(b.coef[0] == 0x3ff);
    CHECK(b.coef[1] == 0x3ff);
    REQUIRE(feedBlock(b, {(62 << 10) | 0x200, 0xfe00}, big.data()) == 2); // not FE00h
    CHECK(b.coef[0] == -0x400);
}

TEST_CASE("mdec: q_scale 0 stores signed10*2 without quant table or zig-zag", "[mdec]") {
    auto qt = flatQuant(50);
    RunLengthBlock b;
    // DC 7 -> 14 at blk[0]; run 1: k=2, -4 -> -8 at blk[2] (not zagzig[2] = 8).
    REQUIRE(feedBlock(b, {0x0007, (1 << 10) | 0x3fc, 0xfe00}, qt.data()) == 3);
    CHECK(b.coef[0] == 14);
    CHECK(b.coef[2] == -8);
    CHECK(b.coef[8] == 0);
}

TEST_CASE("mdec: a block ends at blk[63] without an end code or when a run passes 63", "[mdec]") {
    auto qt = flatQuant(8);
    RunLengthBlock b;
    // DC, then run 62 -> k=63: stored, and the block is complete (no EOB needed).
    REQUIRE(feedBlock(b, {(1 << 10) | 1, (62 << 10) | 8}, qt.data()) == 2);
    CHECK(b.coef[63] == 8); // (8 * 8 * 1 + 4) / 8 = 8
    // A run past 63 (not FE00h) ends the block too and stores nothing.
    REQUIRE(feedBlock(b, {(1 << 10) | 1, (60 << 10) | 1, (5 << 10) | 9}, qt.data()) == 3);
    CHECK(b.coef[kZagzig[61]] == 1);
    int nonzero = 0;
    for (int16_t c : b.coef)
        nonzero += c != 0;
    CHECK(nonzero == 2);
}

TEST_CASE("mdec: random streams decode as the reference's rl_decode_block", "[mdec]") {
    std::mt19937 rng(15);
    uint8_t qt[64];
    for (int iter = 0; iter < 2000; ++iter) {
        for (auto& q : qt)
            q = uint8_t(rng());
        std::vector<uint16_t> s;
        int len = 1 + int(rng() % 70);
        for (int i = 0; i < len; ++i) {
            uint32_t r = rng();
            // Mostly short runs, sometimes end codes and padding.
            uint16_t h = (r & 7) == 0 ? 0xfe00 : uint16_t(((r >> 3) % 4) << 10 | (r >> 8 & 0x3ff));
            if (i == 0 && (r & 1)) h = uint16_t((r >> 12 & 0x3f) << 10 | (r >> 20 & 0x3ff));
            s.push_back(h);
        }
        s.push_back(0xfe00);
        s.push_back(0xfe00);
        int want[64];
        int used = mdecref::rlDecodeBlock(want, s, 0, qt);
        RunLengthBlock b;
        int got = feedBlock(b, s, qt);
        REQUIRE(got == used);
        if (used < 0) continue;
        for (int i = 0; i < 64; ++i)
            REQUIRE(b.coef[i] == want[i]);
    }
}

TEST_CASE("mdec: IDCT of a DC-only block by hand", "[mdec]") {
    // DC 800: pass 1 (800 * (5A82h >> 3 = 2896) + FFFh) >> 13 = 283 in row 0; pass 2
    // (283 * 2896 + FFFh) >> 13 = 100 everywhere.
    int16_t in[64] = {800};
    int32_t out[64];
    idct(in, kStandardScale.data(), out);
    for (int v : out)
        REQUIRE(v == 100);
    // DC -800: (-800 * 2896 + 4095) >> 13 = -283 (floor of -282.3); then (-283 * 2896 + 4095)
    // >> 13 = floor(-99.55) = -100.
    in[0] = -800;
    idct(in, kStandardScale.data(), out);
    for (int v : out)
        REQUIRE(v == -100);
}

TEST_CASE("mdec: IDCT equals the reference's real_idct_core on random blocks", "[mdec]") {
    std::mt19937 rng(9000);
    for (int iter = 0; iter < 3000; ++iter) {
        int blk[64] = {};
        int16_t in[64] = {};
        int count = 1 + int(rng() % 64);
        for (int i = 0; i < count; ++i) {
            int pos = int(rng() % 64);
            int v = int(rng() % 2048) - 1024;
            if (iter % 3 == 0) v /= 16;
            blk[pos] = v;
            in[pos] = int16_t(v);
        }
        // Every third block uses a random scale table (MDEC(3) accepts any).
        uint16_t table[64];
        int16_t stable[64];
        for (int i = 0; i < 64; ++i) {
            table[i] = iter % 3 == 1 ? uint16_t(rng()) : mdecref::kScale[i];
            stable[i] = int16_t(table[i]);
        }
        int want[64];
        mdecref::realIdctCore(blk, table, want);
        int32_t got[64];
        idct(in, stable, got);
        int8_t clipped[64];
        idctClip(in, stable, clipped);
        for (int i = 0; i < 64; ++i) {
            REQUIRE(got[i] == want[i]);
            REQUIRE(clipped[i] == mdecref::yToMono(want[i]));
        }
    }
}

TEST_CASE("mdec: the fixed-point IDCT is a real IDCT (within 1 of the exact one)", "[mdec]") {
    std::mt19937 rng(7);
    int worst = 0;
    for (int iter = 0; iter < 500; ++iter) {
        int blk[64] = {};
        int16_t in[64] = {};
        for (int i = 0; i < 10; ++i) {
            int pos = int(rng() % 64);
            blk[pos] = int(rng() % 512) - 256;
            in[pos] = int16_t(blk[pos]);
        }
        double exact[64];
        mdecref::idctDouble(blk, exact);
        int32_t got[64];
        idct(in, kStandardScale.data(), got);
        for (int i = 0; i < 64; ++i)
            worst = std::max(worst, int(std::lround(std::abs(got[i] - exact[i]))));
    }
    CHECK(worst <= 1);
}

TEST_CASE("mdec: y_to_mono clips to signed 9 bits then saturates", "[mdec]") {
    CHECK(clip9to8(100) == 100);
    CHECK(clip9to8(127) == 127);
    CHECK(clip9to8(128) == 127);
    CHECK(clip9to8(-129) == -128);
    CHECK(clip9to8(255) == 127);
    CHECK(clip9to8(256) == -128); // 100h AND 1FFh = -256 as signed 9 bits
    CHECK(clip9to8(0x201) == 1);  // 201h AND 1FFh = 1
    CHECK(clip9to8(-0x1ff) == 1); // -1FFh AND 1FFh = 1
    for (int v = -2000; v <= 2000; ++v)
        REQUIRE(clip9to8(v) == mdecref::yToMono(v));
}

TEST_CASE("mdec: yuv_to_rgb within 1 of the reference's constants", "[mdec]") {
    int worst = 0;
    for (int y : {-128, -50, 0, 1, 77, 127})
        for (int cr = -128; cr < 128; ++cr)
            for (int cb = -128; cb < 128; ++cb) {
                Rgb got = yuvToRgb(y, cr, cb);
                mdecref::Rgb want = mdecref::yuvToRgb(y, cr, cb);
                worst = std::max({worst, std::abs(got.r - want.r), std::abs(got.g - want.g),
                                  std::abs(got.b - want.b)});
            }
    CHECK(worst <= 1);
    // Y alone passes through; saturation at both ends.
    CHECK(yuvToRgb(-7, 0, 0).r == -7);
    CHECK(yuvToRgb(120, 127, 0).r == 127);
    CHECK(yuvToRgb(-120, 0, -128).b == -128);
}

TEST_CASE("mdec: output packing at each depth", "[mdec]") {
    int8_t y[4][64] = {}, cr[64] = {}, cb[64] = {};
    for (int i = 0; i < 64; ++i)
        y[0][i] = int8_t(i * 4 - 128); // -128..124
    uint32_t out[192];
    // 8-bit unsigned: value + 128, first pixel in the low byte.
    packMono(y[0], {k8Bit, false, false}, out);
    CHECK(out[0] == 0x0c080400u);
    packMono(y[0], {k8Bit, true, false}, out);
    CHECK(out[0] == 0x8c888480u);
    // 4-bit signed: (y + 8) >> 4, low nibble first: -128 -> -8, -124 -> -8, -120 -> -7, -116 -> -7
    packMono(y[0], {k4Bit, true, false}, out);
    CHECK((out[0] & 0xffff) == 0x9988);
    packMono(y[0], {k4Bit, false, false}, out); // unsigned: +8
    CHECK((out[0] & 0xffff) == 0x1100);
    // 15-bit unsigned grey Y=0: (128 + 4) >> 3 = 16 in each component; bit 15 on request.
    int8_t grey[4][64] = {};
    packColor(cr, cb, grey, {k15Bit, false, true}, out);
    CHECK(out[0] == 0xc210c210u);
    packColor(cr, cb, grey, {k15Bit, true, false}, out); // signed: 16 ^ 10h = 0
    CHECK(out[0] == 0);
    // 24-bit: R, G, B bytes; unsigned grey 80h.
    packColor(cr, cb, grey, {k24Bit, false, false}, out);
    CHECK(out[0] == 0x80808080u);
    // Y1's first row is followed by Y1's second row (8x8 block order), and Y2 starts at word
    // 8 rows * 6 words = 48.
    grey[1][0] = 10;
    packColor(cr, cb, grey, {k24Bit, true, false}, out);
    CHECK(out[48] == 0x000a0a0au);
    CHECK(out[6] == 0);
}
