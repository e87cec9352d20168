#pragma once
// The host side of movies (DESIGN.md section 8, issue 15 item 2): pictures -> MDEC run-length
// streams (macroblockdecodermdec.md "MDEC Data Format"): colour space conversion, forward DCT,
// quantisation (the inverse of the MDEC's dequantisation rules) and run-length coding: the
// stream is what MDEC(1) takes. bs_encoder.h adds Sony's variable-length (BS v2) stage for
// movies. Used by `bench mdec`, the tests and the test-movie tools.
#include <cstdint>
#include <vector>

namespace tools::mdec {

// Quant tables in stream (zig-zag) order, as MDEC(2) takes them.
struct QuantTables {
    uint8_t luma[64];
    uint8_t chroma[64];
};
const QuantTables& defaultTables();

// One 8x8 block of signed samples (-128..127, row-major) -> halfwords: the DC halfword with
// `qScale` (1..63) (DC at most +1FEh, as BS needs), AC halfwords (run, value), the end code
// FE00h.
void encodeBlock(const int samples[64], const uint8_t qt[64], int qScale,
                 std::vector<uint16_t>& out);

// An RGB picture (3 bytes per pixel, row-major; width and height multiples of 16) -> the
// stream of its colour macroblocks (Cr, Cb, Y1..Y4 each), in columns: top to bottom, then
// left to right (so a 16-pixel-wide strip of output goes to VRAM at once). Padded with FE00h
// to a multiple of 32 words' worth of halfwords (DMA0 blocks).
std::vector<uint16_t> encodePicture(const uint8_t* rgb, int width, int height, int qScale,
                                    const QuantTables& tables);

// Halfwords -> words (low halfword first), as DMA0 or MDEC0 take them.
std::vector<uint32_t> toWords(const std::vector<uint16_t>& halfwords);

} // namespace tools::mdec
