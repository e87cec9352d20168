#pragma once
// MDEC decompression of one 8x8 block (macroblockdecodermdec.md "MDEC Decompression"):
// rl_decode_block (run-length stream, dequantisation, zig-zag) and real_idct_core (the
// fixed-point IDCT with the MDEC(3) scale table), then the 9-bit clip of "y_to_mono".
// Pure functions over plain data: the device (mdec.h), the tests and the bench share them.
#include <cstdint>

namespace core::mdec {

// signed10bit(n AND 3FFh).
inline int signed10(uint16_t n) {
    return (int(n & 0x3ff) ^ 0x200) - 0x200;
}

// One block being assembled from the stream (rl_decode_block's locals, kept between halfwords
// because the stream arrives a word at a time).
struct RunLengthBlock {
    int16_t coef[64]; // blk[], raster order (zig-zag undone)
    uint8_t k;        // stream place of the last stored entry
    uint8_t qScale;   // q_scale of the block's first halfword
    uint8_t started;  // the first halfword (DC and q_scale) was seen
    uint8_t pad;
};

enum class Feed : uint8_t {
    Ignored, // FE00h where a block would begin: padding
    Stored,  // an entry was stored; the block goes on
    Done,    // the block is complete (an end code, a run past blk[63], or blk[63] stored)
};

// Feeds one halfword of the stream; `qt` is the block's quant table (iq_y or iq_uv).
Feed feedHalfword(RunLengthBlock& block, uint16_t n, const uint8_t* qt);

// real_idct_core: two passes of dst[x+y*8] = (sum(src[y+z*8] * (scale[x+z*8] >> 3)) + 0FFFh)
// >> 13 with src/dst exchanged. `out` is the second pass's result before any clipping.
void idct(const int16_t in[64], const int16_t scale[64], int32_t out[64]);

// "Y AND 1FFh" (the result wraps to signed 9 bits), then MinMax(-128, 127).
inline int8_t clip9to8(int32_t v) {
    int32_t s = (int32_t(uint32_t(v) << 23)) >> 23;
    return int8_t(s < -128 ? -128 : s > 127 ? 127 : s);
}

// A whole block: IDCT and clip, as every block leaves the IDCT stage.
void idctClip(const int16_t in[64], const int16_t scale[64], int8_t out[64]);

} // namespace core::mdec
