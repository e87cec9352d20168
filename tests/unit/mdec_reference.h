#pragma once
// The MDEC formulas of macroblockdecodermdec.md ("MDEC Decompression"), written out in the
// tests as literally as the reference gives them, apart from core/mdec/: the tests compare
// the decoder against these. Also a small encoder (DCT, quantisation, run-length) that makes
// test streams; its output's meaning never depends on our decoder.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace mdecref {

// zigzag[0..63] as printed in the reference.
inline const int kZigzag[64] = {0,  1,  5,  6,  14, 15, 27, 28, 2,  4,  7,  13, 16, 26, 29, 42,
                                3,  8,  12, 17, 25, 30, 41, 43, 9,  11, 18, 24, 31, 40, 44, 53,
                                10, 19, 23, 32, 39, 45, 52, 54, 20, 22, 33, 38, 46, 51, 55, 60,
                                21, 34, 37, 47, 50, 56, 59, 61, 35, 36, 48, 49, 57, 58, 62, 63};

// The standard MDEC(3) table as printed in the reference (hex halfwords, row by row).
inline const uint16_t kScale[64] = {
    0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x7D8A, 0x6A6D, 0x471C,
    0x18F8, 0xE707, 0xB8E3, 0x9592, 0x8275, 0x7641, 0x30FB, 0xCF04, 0x89BE, 0x89BE, 0xCF04,
    0x30FB, 0x7641, 0x6A6D, 0xE707, 0x8275, 0xB8E3, 0x471C, 0x7D8A, 0x18F8, 0x9592, 0x5A82,
    0xA57D, 0xA57D, 0x5A82, 0x5A82, 0xA57D, 0xA57D, 0x5A82, 0x471C, 0x8275, 0x18F8, 0x6A6D,
    0x9592, 0xE707, 0x7D8A, 0xB8E3, 0x30FB, 0x89BE, 0x7641, 0xCF04, 0xCF04, 0x7641, 0x89BE,
    0x30FB, 0x18F8, 0xB8E3, 0x6A6D, 0x8275, 0x7D8A, 0x9592, 0x471C, 0xE707};

// Integer division rounding toward minus infinity (how the tests read the reference's "/").
inline int64_t floorDiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int signed10bit(int n) {
    return (n & 0x200) ? (n & 0x3ff) - 0x400 : (n & 0x3ff);
}
inline int minmax(int v, int lo, int hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

// rl_decode_block(blk, src, qt): returns the number of halfwords consumed, or -1 when the
// source ran out first. blk holds the values before the IDCT.
inline int rlDecodeBlock(int blk[64], const std::vector<uint16_t>& src, size_t pos,
                         const uint8_t qt[64]) {
    int zagzig[64];
    for (int i = 0; i < 64; ++i)
        zagzig[kZigzag[i]] = i;
    for (int i = 0; i < 64; ++i)
        blk[i] = 0;
    size_t start = pos;
    int n;
    do {
        if (pos >= src.size()) return -1;
        n = src[pos++];
    } while (n == 0xFE00);
    int k = 0;
    int qScale = (n >> 10) & 0x3F;
    int val = signed10bit(n & 0x3FF) * qt[k];
    for (;;) {
        if (qScale == 0) val = signed10bit(n & 0x3FF) * 2;
        val = minmax(val, -0x400, 0x3FF);
        if (qScale > 0) blk[zagzig[k]] = val;
        if (qScale == 0) blk[k] = val;
        if (k == 63) break; // "EOB isn't required if the block was already fully defined"
        if (pos >= src.size()) return -1;
        n = src[pos++];
        k = k + ((n >> 10) & 0x3F) + 1;
        if (k > 63) break;
        val = int(floorDiv(int64_t(signed10bit(n & 0x3FF)) * qt[k] * qScale + 4, 8));
    }
    return int(pos - start);
}

// real_idct_core(blk) with the scale table (signed halfwords), then y_to_mono's clip.
inline void realIdctCore(const int blk[64], const uint16_t scaletable[64], int out[64]) {
    int64_t a[64], b[64];
    for (int i = 0; i < 64; ++i)
        a[i] = blk[i];
    int64_t* src = a;
    int64_t* dst = b;
    for (int pass = 0; pass < 2; ++pass) {
        for (int x = 0; x < 8; ++x)
            for (int y = 0; y < 8; ++y) {
                int64_t sum = 0;
                for (int z = 0; z < 8; ++z)
                    sum += src[y + z * 8] * floorDiv(int16_t(scaletable[x + z * 8]), 8);
                dst[x + y * 8] = floorDiv(sum + 0xfff, 0x2000);
            }
        std::swap(src, dst);
    }
    for (int i = 0; i < 64; ++i)
        out[i] = int(src[i]);
}
inline int yToMono(int y) {
    y &= 0x1FF;
    if (y & 0x100) y -= 0x200;
    return minmax(y, -128, 127);
}

// yuv_to_rgb for one pixel with the reference's real-valued constants, rounded to nearest.
struct Rgb {
    int r, g, b;
};
inline Rgb yuvToRgb(int y, int cr, int cb) {
    double g = -0.3437 * cb + -0.7143 * cr, r = 1.402 * cr, b = 1.772 * cb;
    return {minmax(int(std::lround(y + r)), -128, 127), minmax(int(std::lround(y + g)), -128, 127),
            minmax(int(std::lround(y + b)), -128, 127)};
}

// The textbook 2D IDCT in doubles (F[u][v]: u vertical frequency): what the fixed-point one
// approximates.
inline void idctDouble(const int blk[64], double out[64]) {
    const double pi = std::acos(-1.0);
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x) {
            double s = 0;
            for (int u = 0; u < 8; ++u)
                for (int v = 0; v < 8; ++v) {
                    double cu = u ? 0.5 : std::sqrt(0.125), cv = v ? 0.5 : std::sqrt(0.125);
                    s += cu * cv * blk[u * 8 + v] * std::cos((2 * y + 1) * u * pi / 16) *
                         std::cos((2 * x + 1) * v * pi / 16);
                }
            out[y * 8 + x] = s;
        }
}

// Encoder: an 8x8 block of signed pixels (-128..127) -> run-length halfwords (DCT, then the
// inverse of the reference's dequantisation: AC = value * 8 / (qt * q_scale), DC = value /
// qt[0]), ending with FE00h.
inline void encodeBlock(const int pixels[64], const uint8_t qt[64], int qScale,
                        std::vector<uint16_t>& out) {
    const double pi = std::acos(-1.0);
    int coef[64]; // zig-zag order
    for (int u = 0; u < 8; ++u)
        for (int v = 0; v < 8; ++v) {
            double s = 0;
            for (int y = 0; y < 8; ++y)
                for (int x = 0; x < 8; ++x)
                    s += pixels[y * 8 + x] * std::cos((2 * y + 1) * u * pi / 16) *
                         std::cos((2 * x + 1) * v * pi / 16);
            double cu = u ? 0.5 : std::sqrt(0.125), cv = v ? 0.5 : std::sqrt(0.125);
            coef[kZigzag[u * 8 + v]] = int(std::lround(s * cu * cv));
        }
    auto q10 = [](long v) { return uint16_t(std::clamp<long>(v, -512, 511) & 0x3ff); };
    out.push_back(uint16_t(qScale << 10) | q10(std::lround(double(coef[0]) / qt[0])));
    int run = 0;
    for (int k = 1; k < 64; ++k) {
        long q = std::lround(double(coef[k]) * 8 / (qt[k] * qScale));
        if (q == 0) {
            ++run;
            continue;
        }
        out.push_back(uint16_t(run << 10) | q10(q));
        run = 0;
    }
    out.push_back(0xFE00);
}

// A JPEG-like quant table for test streams (any table would do).
inline void defaultQuant(uint8_t qt[64]) {
    static const uint8_t kQ[64] = {2,  16, 19, 22, 26, 27, 29, 34, 16, 16, 22, 24, 27, 29, 34, 37,
                                   19, 22, 26, 27, 29, 34, 34, 38, 22, 22, 26, 27, 29, 34, 37, 40,
                                   22, 26, 27, 29, 32, 35, 40, 48, 26, 27, 29, 32, 35, 40, 48, 58,
                                   26, 27, 29, 34, 38, 46, 56, 69, 27, 29, 35, 38, 46, 56, 69, 83};
    // Stored in stream (zig-zag) order, as MDEC(2) takes it: qt[k] for the k-th entry.
    for (int i = 0; i < 64; ++i)
        qt[i] = kQ[i];
}

} // namespace mdecref
