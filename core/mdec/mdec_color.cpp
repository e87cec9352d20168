#include "core/mdec/mdec_color.h"

#include <algorithm>
#include <cstring>

// Hardware notes (macroblockdecodermdec.md "MDEC Data Format", "y_to_mono", "yuv_to_rgb"):
// - Unsigned output adds 128 (XOR 80h) to each 8-bit value. 24-bit output is R, G, B bytes
//   per pixel (the reference's BGR word, R in the low byte); pixels fill words from the low
//   byte up, so the first pixel of 8/4-bit output is the lowest byte / nibble.
// - Colour blocks: Cr and Cb are 8x8 for the whole 16x16 macroblock; pixel (x, y) of Yn takes
//   chroma ((x + xx) / 2, (y + yy) / 2) with (xx, yy) the block's corner.
// - The reference is silent on how 8-bit values become 5-bit and 4-bit ones. We take the
//   documented behaviour of the accurate emulators: 15-bit rounds ((v + 4) >> 3, at most 31)
//   the unsigned value and flips bit 4 for signed output; 4-bit rounds the signed value
//   ((y + 8) >> 4, at most 7) and adds 8 for unsigned output.

namespace core::mdec {

void packMono(const int8_t y[64], const OutputFormat& f, uint32_t* out) {
    if ((f.depth & 3) == k8Bit) {
        uint32_t flip = f.isSigned ? 0 : 0x80808080u;
        for (unsigned w = 0; w < 16; ++w) {
            const int8_t* p = y + w * 4;
            out[w] = (uint32_t(uint8_t(p[0])) | uint32_t(uint8_t(p[1])) << 8 |
                      uint32_t(uint8_t(p[2])) << 16 | uint32_t(uint8_t(p[3])) << 24) ^
                     flip;
        }
        return;
    }
    uint32_t flip = f.isSigned ? 0 : 0x88888888u;
    for (unsigned w = 0; w < 8; ++w) {
        uint32_t word = 0;
        for (unsigned i = 0; i < 8; ++i) {
            int v = std::min(127, y[w * 8 + i] + 8) >> 4; // -8..7
            word |= uint32_t(v & 0xf) << (4 * i);
        }
        out[w] = word ^ flip;
    }
}

namespace {

// 8-bit unsigned -> 5 bits, rounded and saturated.
inline uint32_t to5(int u) {
    return uint32_t(std::min(31, (u + 4) >> 3));
}

} // namespace

void packColor(const int8_t cr[64], const int8_t cb[64], const int8_t (*y)[64],
               const OutputFormat& f, uint32_t* out) {
    // yuvToRgb's chroma terms, once per chroma sample (each serves 2x2 pixels).
    int16_t dr[64], dg[64], db[64];
    for (unsigned i = 0; i < 64; ++i) {
        Rgb d = chromaTerms(cr[i], cb[i]);
        dr[i] = int16_t(d.r);
        dg[i] = int16_t(d.g);
        db[i] = int16_t(d.b);
    }
    auto clamp8 = [](int v) { return v < -128 ? -128 : v > 127 ? 127 : v; };
    const bool is24 = (f.depth & 3) == k24Bit;
    const int flip = f.isSigned ? 0 : 0x80;
    const uint32_t top = f.setBit15 ? 0x8000 : 0;
    const uint32_t signFlip = f.isSigned ? 0x4210 : 0;
    for (unsigned blk = 0; blk < 4; ++blk) {
        const unsigned xx = (blk & 1) * 4, yy = (blk >> 1) * 4; // corner in chroma units
        const int8_t* yb = y[blk];
        for (unsigned row = 0; row < 8; ++row) {
            const unsigned c0 = (yy + row / 2) * 8 + xx;
            if (is24) {
                uint8_t bytes[24];
                for (unsigned x = 0; x < 8; ++x) {
                    const int v = yb[row * 8 + x];
                    const unsigned c = c0 + x / 2;
                    bytes[x * 3 + 0] = uint8_t(clamp8(v + dr[c]) ^ flip);
                    bytes[x * 3 + 1] = uint8_t(clamp8(v + dg[c]) ^ flip);
                    bytes[x * 3 + 2] = uint8_t(clamp8(v + db[c]) ^ flip);
                }
                std::memcpy(out, bytes, sizeof(bytes)); // little-endian words
                out += 6;
            } else {
                uint32_t px[8];
                for (unsigned x = 0; x < 8; ++x) {
                    const int v = yb[row * 8 + x];
                    const unsigned c = c0 + x / 2;
                    px[x] = ((to5(clamp8(v + dr[c]) + 128) | to5(clamp8(v + dg[c]) + 128) << 5 |
                              to5(clamp8(v + db[c]) + 128) << 10) ^
                             signFlip) |
                            top;
                }
                for (unsigned w = 0; w < 4; ++w)
                    out[w] = px[w * 2] | px[w * 2 + 1] << 16;
                out += 4;
            }
        }
    }
}

} // namespace core::mdec
