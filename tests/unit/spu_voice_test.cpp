// The SPU voice's sample side against soundprocessingunitspu.md: "SPU ADPCM Samples" (with the
// decoder formula of cdromformat.md "decode_28_nibbles"), "Pitch Counter" and "4-Point
// Gaussian Interpolation". Expected values are written out from the reference's formulas and
// table here, not taken from the code under test.
#include <catch2/catch.hpp>

#include <cstdint>

#include "core/spu_voice.h"

using namespace core::spu;

namespace {
// The reference's formula, written with plain integer arithmetic: t SHL (12-shift) plus
// (old*f0 + older*f1 + 32) / 64 rounded down, clamped to -8000h..7FFFh.
int32_t refSample(int32_t nibble, int shift, int32_t f0, int32_t f1, int32_t old, int32_t older) {
    int32_t t = nibble >= 8 ? nibble - 16 : nibble;
    int32_t scaled = t * (1 << 12) / (1 << shift); // exact: t*4096 is a multiple of 2^shift
    int32_t num = old * f0 + older * f1 + 32;
    int32_t pred = num >= 0 ? num / 64 : -((-num + 63) / 64);
    int32_t s = scaled + pred;
    return s < -32768 ? -32768 : (s > 32767 ? 32767 : s);
}
} // namespace

TEST_CASE("soundprocessingunitspu.md SPU ADPCM Samples: the five filters - the shift and the "
          "nibble order (LSBs first)",
          "[spu]") {
    const int32_t pos[5] = {0, 60, 115, 98, 122}, neg[5] = {0, 0, -52, -55, -60};
    for (int filter = 0; filter < 5; ++filter) {
        for (int shift : {0, 4, 8, 12}) {
            uint8_t block[16] = {uint8_t(filter << 4 | shift), 0};
            for (int i = 2; i < 16; ++i)
                block[i] = uint8_t(0x1f * i + 0x35); // varied nibbles, both signs
            int16_t out[28];
            int16_t old = 300, older = -200;
            decodeAdpcmBlock(block, out, old, older);
            int32_t o = 300, oo = -200;
            for (int n = 0; n < 28; ++n) {
                int nibble = (block[2 + n / 2] >> ((n & 1) * 4)) & 0xf;
                int32_t s = refSample(nibble, shift, pos[filter], neg[filter], o, oo);
                INFO("filter " << filter << " shift " << shift << " sample " << n);
                REQUIRE(out[n] == s);
                oo = o;
                o = s;
            }
            CHECK(old == o);
            CHECK(older == oo);
        }
    }
}

TEST_CASE("soundprocessingunitspu.md SPU ADPCM Samples: results clamp to -8000h..7FFFh - "
          "shift 13..15 act as 9 (cdromformat.md)",
          "[spu]") {
    uint8_t block[16] = {0x10, 0}; // filter 1 (60/64 of old), shift 0
    for (int i = 2; i < 16; ++i)
        block[i] = 0x77; // +7 everywhere: 7000h plus a growing prediction
    int16_t out[28], old = 0, older = 0;
    decodeAdpcmBlock(block, out, old, older);
    CHECK(out[0] == 0x7000);
    CHECK(out[1] == 32767); // 7000h + 6900h clamps
    CHECK(out[27] == 32767);
    for (int i = 2; i < 16; ++i)
        block[i] = 0x88; // -8 everywhere
    old = older = 0;
    decodeAdpcmBlock(block, out, old, older);
    CHECK(out[0] == -0x8000);
    CHECK(out[1] == -32768);

    for (int shift = 13; shift < 16; ++shift) {
        block[0] = uint8_t(shift);
        for (int i = 2; i < 16; ++i)
            block[i] = 0x71; // nibbles 1 and 7
        old = older = 0;
        decodeAdpcmBlock(block, out, old, older);
        CHECK(out[0] == (1 << 3)); // 1 SHL (12-9)
        CHECK(out[1] == (7 << 3));
    }
}

TEST_CASE("soundprocessingunitspu.md 4-Point Gaussian Interpolation: table spot values and the "
          "four-tap sum",
          "[spu]") {
    // Spot values from the reference's table.
    CHECK(kGauss[0x000] == -0x001);
    CHECK(kGauss[0x00f] == -0x001);
    CHECK(kGauss[0x010] == 0x0000);
    CHECK(kGauss[0x017] == 0x0001);
    CHECK(kGauss[0x07f] == 0x019c);
    CHECK(kGauss[0x080] == 0x01a8);
    CHECK(kGauss[0x0ff] == 0x12c7);
    CHECK(kGauss[0x100] == 0x1307);
    CHECK(kGauss[0x17f] == 0x3def);
    CHECK(kGauss[0x180] == 0x3e4c);
    CHECK(kGauss[0x1ff] == 0x59b3);
    // "each four values ... sum up to 7F80h ... spreads the actual sums over 7F7Fh..7F81h".
    for (int i = 0; i < 256; ++i) {
        int sum = kGauss[i] + kGauss[0xff - i] + kGauss[0x100 + i] + kGauss[0x1ff - i];
        INFO("i = " << i);
        CHECK(sum >= 0x7f7f);
        CHECK(sum <= 0x7f81);
    }
    // out = gauss[0FFh-i]*oldest SAR 15 + gauss[1FFh-i]*older SAR 15 + gauss[100h+i]*old SAR 15
    // + gauss[i]*new SAR 15, with i = 0 and the table values above written out:
    const int16_t s[4] = {1000, 2000, 3000, 4000};
    int32_t expect = ((0x12c7 * 1000) >> 15) + ((0x59b3 * 2000) >> 15) + ((0x1307 * 3000) >> 15) +
                     ((-1 * 4000) >> 15);
    CHECK(expect == 146 + 1401 + 445 - 1);
    CHECK(gaussianInterpolate(s, 0) == expect);
    // i = 80h: gauss[7Fh], gauss[17Fh], gauss[180h], gauss[80h].
    const int16_t n[4] = {-20000, 30000, -10000, 32767};
    expect = ((0x019c * -20000) >> 15) + ((0x3def * 30000) >> 15) + ((0x3e4c * -10000) >> 15) +
             ((0x01a8 * 32767) >> 15);
    CHECK(gaussianInterpolate(n, 0x80) == expect);
}

TEST_CASE("soundprocessingunitspu.md Pitch Counter: 4000h limit - pitch modulation by the previous "
          "voice and the 8000h+ glitch",
          "[spu]") {
    CHECK(pitchStep(0x1000, false, 0) == 0x1000);
    CHECK(pitchStep(0x3fff, false, 0) == 0x3fff);
    CHECK(pitchStep(0x4000, false, 0) == 0x4000);
    CHECK(pitchStep(0xffff, false, 0) == 0x4000); // "4001h..FFFFh usually same as 4000h"
    // Factor = VxOUTX(x-1)+8000h; Step = (Step*Factor) SAR 15.
    CHECK(pitchStep(0x1000, true, 0) == 0x1000);       // factor 1.0
    CHECK(pitchStep(0x1000, true, -0x8000) == 0);      // factor 0
    CHECK(pitchStep(0x1000, true, 0x4000) == 0x1800);  // factor 1.5
    CHECK(pitchStep(0x3000, true, 0x7fff) == 0x4000);  // 5FFFh clips at 4000h
    CHECK(pitchStep(0x2000, true, -0x4000) == 0x1000); // factor 0.5
    // VxPitch 8000h+ is taken as negative: (-8000h * 8000h) SAR 15 = -8000h, AND FFFFh = 8000h,
    // then clipped to 4000h; with factor 0.5: -4000h AND FFFFh = C000h -> 4000h.
    CHECK(pitchStep(0x8000, true, 0) == 0x4000);
    // FFFFh (-1) times factor 1.0 = -1 -> FFFFh -> 4000h; times factor 0 = 0.
    CHECK(pitchStep(0xffff, true, -0x8000) == 0);
}
