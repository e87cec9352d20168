#pragma once
// The MDEC's fixed tables (macroblockdecodermdec.md "MDEC Decompression").
#include <array>
#include <cstdint>

namespace core::mdec {

// zigzag[0..63]: for each raster position of an 8x8 block (x + y*8), its place in the
// run-length stream (the table exactly as the reference lists it).
inline constexpr std::array<uint8_t, 64> kZigzag = {0,  1,  5,  6,  14, 15, 27, 28, //
                                                    2,  4,  7,  13, 16, 26, 29, 42, //
                                                    3,  8,  12, 17, 25, 30, 41, 43, //
                                                    9,  11, 18, 24, 31, 40, 44, 53, //
                                                    10, 19, 23, 32, 39, 45, 52, 54, //
                                                    20, 22, 33, 38, 46, 51, 55, 60, //
                                                    21, 34, 37, 47, 50, 56, 59, 61, //
                                                    35, 36, 48, 49, 57, 58, 62, 63};

// zagzig[0..63] ("reversed zigzag table"): stream place -> raster position.
constexpr std::array<uint8_t, 64> makeZagzig() {
    std::array<uint8_t, 64> t{};
    for (uint8_t i = 0; i < 64; ++i)
        t[kZigzag[i]] = i;
    return t;
}
inline constexpr std::array<uint8_t, 64> kZagzig = makeZagzig();

// "set_scale_table": the IDCT matrix every known game sends with MDEC(3), row u = frequency,
// column x = pixel (the orthonormal DCT basis times 10000h).
inline constexpr std::array<int16_t, 64> kStandardScale = {
    0x5a82,          0x5a82,          0x5a82,          0x5a82,          0x5a82,
    0x5a82,          0x5a82,          0x5a82,          0x7d8a,          0x6a6d,
    0x471c,          0x18f8,          int16_t(0xe707), int16_t(0xb8e3), int16_t(0x9592),
    int16_t(0x8275), 0x7641,          0x30fb,          int16_t(0xcf04), int16_t(0x89be),
    int16_t(0x89be), int16_t(0xcf04), 0x30fb,          0x7641,          0x6a6d,
    int16_t(0xe707), int16_t(0x8275), int16_t(0xb8e3), 0x471c,          0x7d8a,
    0x18f8,          int16_t(0x9592), 0x5a82,          int16_t(0xa57d), int16_t(0xa57d),
    0x5a82,          0x5a82,          int16_t(0xa57d), int16_t(0xa57d), 0x5a82,
    0x471c,          int16_t(0x8275), 0x18f8,          0x6a6d,          int16_t(0x9592),
    int16_t(0xe707), 0x7d8a,          int16_t(0xb8e3), 0x30fb,          int16_t(0x89be),
    0x7641,          int16_t(0xcf04), int16_t(0xcf04), 0x7641,          int16_t(0x89be),
    0x30fb,          0x18f8,          int16_t(0xb8e3), 0x6a6d,          int16_t(0x8275),
    0x7d8a,          int16_t(0x9592), 0x471c,          int16_t(0xe707)};

// "EOB (End Of Block)" and the dummy halfword.
inline constexpr uint16_t kEndCode = 0xfe00;

} // namespace core::mdec
