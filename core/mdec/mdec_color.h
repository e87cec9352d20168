#pragma once
// MDEC output stage (macroblockdecodermdec.md "yuv_to_rgb", "y_to_mono", MDEC(1) depths):
// clipped IDCT blocks -> the words of the data-out FIFO, in the order the FIFO gives them
// (8x8 blocks one after another; DMA1 reorders colour macroblocks, see mdec.h).
#include <cstdint>

namespace core::mdec {

// Data Output Depth (CMD.27-28, STAT.25-26).
enum Depth : uint32_t { k4Bit = 0, k8Bit = 1, k24Bit = 2, k15Bit = 3 };

// Words a macroblock gives at each depth: mono 8x8 at 4 and 8 bits; colour 16x16 at 24 and 15.
constexpr unsigned macroblockWords(uint32_t depth) {
    constexpr unsigned kWords[4] = {8, 16, 192, 128};
    return kWords[depth & 3];
}
// Words of one 8x8 block row at a colour depth (24 bytes or 16 bytes).
constexpr unsigned rowWords(uint32_t depth) {
    return (depth & 3) == k24Bit ? 6 : 4;
}

struct OutputFormat {
    uint32_t depth; // Depth
    bool isSigned;  // CMD.26: 0 = unsigned (values + 128)
    bool setBit15;  // CMD.25: for 15-bit depth only
};

// yuv_to_rgb for one pixel from clipped Y, Cr, Cb (-128..127): R, G, B in -128..127.
// The reference's constants (1.402, -0.3437, -0.7143, 1.772) in 12-bit fixed point, rounded;
// the hardware's own resolution is unknown (the reference says so).
struct Rgb {
    int r, g, b;
};
// The chroma terms added to Y: round(1.402 Cr), round(-0.3437 Cb - 0.7143 Cr), round(1.772 Cb).
inline Rgb chromaTerms(int cr, int cb) {
    return {(5743 * cr + 2048) >> 12, (-1408 * cb - 2926 * cr + 2048) >> 12,
            (7258 * cb + 2048) >> 12};
}
inline Rgb yuvToRgb(int y, int cr, int cb) {
    auto clamp8 = [](int v) { return v < -128 ? -128 : v > 127 ? 127 : v; };
    Rgb d = chromaTerms(cr, cb);
    return {clamp8(y + d.r), clamp8(y + d.g), clamp8(y + d.b)};
}

// A monochrome macroblock (one Y block) -> 8 words (4 bits) or 16 words (8 bits).
void packMono(const int8_t y[64], const OutputFormat& f, uint32_t* out);
// A colour macroblock (Cr, Cb, then Y1..Y4) -> 192 words (24 bits) or 128 words (15 bits),
// Y1's 8x8 pixels first, then Y2, Y3, Y4 (the data-out FIFO order).
void packColor(const int8_t cr[64], const int8_t cb[64], const int8_t (*y)[64],
               const OutputFormat& f, uint32_t* out);

} // namespace core::mdec
