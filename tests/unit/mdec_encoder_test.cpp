#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "assets/tools/mdec_encoder.h"
#include "mdec_test_rig.h"

// assets/tools/mdec_encoder.h: a picture encoded for the MDEC comes back out of our MDEC
// (macroblockdecodermdec.md: colour macroblocks Cr, Cb, Y1..Y4; DMA1 gives 16x16 pixels) close
// to the original, macroblock columns top to bottom.

using namespace mdectest;

TEST_CASE("mdec encoder: a picture survives encode -> MDEC -> 24-bit RGB", "[mdec]") {
    constexpr int kW = 32, kH = 48;
    std::vector<uint8_t> rgb(kW * kH * 3);
    for (int y = 0; y < kH; ++y)
        for (int x = 0; x < kW; ++x) {
            uint8_t* p = &rgb[(y * kW + x) * 3];
            p[0] = uint8_t(40 + x * 5);
            p[1] = uint8_t(200 - y * 3);
            p[2] = uint8_t(((x / 8 + y / 8) & 1) ? 180 : 70);
        }
    const auto& tables = tools::mdec::defaultTables();
    auto halfwords = tools::mdec::encodePicture(rgb.data(), kW, kH, 1, tables);
    CHECK(halfwords.size() % 64 == 0);
    // Six blocks per macroblock, as the reference's rl_decode_block reads them.
    size_t pos = 0;
    int blocks = 0, blk[64];
    for (;;) {
        while (pos < halfwords.size() && halfwords[pos] == 0xfe00)
            ++pos; // padding (an end code after a block that reached blk[63], or the tail)
        if (pos == halfwords.size()) break;
        int used = mdecref::rlDecodeBlock(blk, halfwords, pos,
                                          blocks % 6 < 2 ? tables.chroma : tables.luma);
        REQUIRE(used > 0);
        pos += size_t(used);
        ++blocks;
    }
    CHECK(blocks == 6 * (kW / 16) * (kH / 16));

    Rig r;
    r.setTables(tables.luma, tables.chroma);
    r.mdec.write(kMdec1, 0x60000000, 4);
    auto words = tools::mdec::toWords(halfwords);
    r.command(decodeCommand(2, false, false, uint32_t(words.size())));
    auto out = r.stream(words);
    REQUIRE(out.size() == size_t(kW * kH * 3 / 4));
    const uint8_t* bytes = reinterpret_cast<const uint8_t*>(out.data());
    double sum = 0;
    int worst = 0;
    for (int mx = 0; mx < kW / 16; ++mx)
        for (int my = 0; my < kH / 16; ++my) {
            const uint8_t* mb = bytes + size_t(mx * (kH / 16) + my) * 768; // column order
            for (int y = 0; y < 16; ++y)
                for (int x = 0; x < 16; ++x)
                    for (int c = 0; c < 3; ++c) {
                        int got = mb[(y * 16 + x) * 3 + c];
                        int want = rgb[((my * 16 + y) * kW + mx * 16 + x) * 3 + c];
                        sum += std::abs(got - want);
                        worst = std::max(worst, std::abs(got - want));
                    }
        }
    CHECK(sum / (kW * kH * 3) < 3.0); // lossy (q_scale 1), but the picture
    CHECK(worst < 16);
}
