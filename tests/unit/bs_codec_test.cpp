#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "assets/tools/bs_decode.h"
#include "assets/tools/bs_encoder.h"
#include "assets/tools/mdec_encoder.h"

// cdromfileformats.md "CDROM File Video BS Compression Headers", "... DC Values" (v1/v2) and
// "... AC Values" (v1/v2/v3/iki): our BS v2 encoder (assets/tools/bs_encoder) against codes
// written out by hand from the reference's tables, and the decoder the movie player runs on the
// console (assets/tools/bs_decode.h) against the same bits and as the encoder's inverse.

using tools::bs::encodeFrame;

namespace {

// The bitstream after the 8-byte header as '0'/'1', read as the reference says: little-endian
// halfwords, first bit in bit 15.
std::string bitsOf(const std::vector<uint8_t>& frame) {
    std::string s;
    for (size_t i = 8; i + 1 < frame.size(); i += 2) {
        const unsigned h = frame[i] | frame[i + 1] << 8;
        for (int b = 15; b >= 0; --b)
            s += (h >> b) & 1 ? '1' : '0';
    }
    return s;
}

uint16_t header(const std::vector<uint8_t>& f, int k) {
    return uint16_t(f[2 * k] | f[2 * k + 1] << 8);
}

// A frame built by hand from '0'/'1' text (padded with 0 bits to whole words).
std::vector<uint8_t> frameFromBits(std::string bits, uint16_t quant, uint16_t version = 2) {
    while (bits.size() % 32)
        bits += '0';
    std::vector<uint8_t> f = {0x20, 0, 0x00, 0x38, uint8_t(quant), 0, uint8_t(version), 0};
    for (size_t i = 0; i < bits.size(); i += 16) {
        unsigned h = 0;
        for (int b = 0; b < 16; ++b)
            h = h << 1 | unsigned(bits[i + b] == '1');
        f.push_back(uint8_t(h));
        f.push_back(uint8_t(h >> 8));
    }
    return f;
}

// Every block of a frame through bs_decode.h; `ends` is set when the End of Frame code came.
std::vector<uint16_t> decodeAll(const std::vector<uint8_t>& frame, bool& ends, bool& ok) {
    bs_reader r{};
    std::vector<uint16_t> out;
    ok = bs_begin(&r, frame.data(), uint32_t(frame.size())) != 0;
    ends = false;
    for (int b = 0; ok && b < 10000; ++b) {
        uint16_t block[65];
        const int n = bs_block(&r, block);
        if (n == 0) {
            ends = true;
            break;
        }
        if (n < 0) {
            ok = false;
            break;
        }
        out.insert(out.end(), block, block + n);
    }
    if (bs_overrun(&r)) ok = false;
    return out;
}

// Hand-coded: DC +5 "0000000101"; 0001h (run 0, +1) "11"+s0; 07FFh (run 1, -1) "011"+s1; EOB
// "10"; End of Frame "0111111111".
const std::string kBlockA = "0000000101"
                            "110"
                            "0111"
                            "10";
const std::vector<uint16_t> kMdecA = {0x0805, 0x0001, 0x07ff, 0xfe00};
// DC -3 "1111111101"; 1401h "0001"+x11+s0; 0C02h negated (0FFEh) "00100"+x100+s1; 0010h
// "0000000001"+x1111+s0; 0040h (run 0, +64: no code) escape "000001"+16 bits; 7C01h
// "000000000001"+x1011+s0; 0C01h "0011"+x1+s0; EOB.
const std::string kBlockB = "1111111101"
                            "0001110"
                            "001001001"
                            "000000000111110"
                            "000001"
                            "0000000001000000"
                            "000000000001"
                            "10110"
                            "001110"
                            "10";
const std::vector<uint16_t> kMdecB = {0x0bfd, 0x1401, 0x0ffe, 0x0010,
                                      0x0040, 0x7c01, 0x0c01, 0xfe00};
const std::string kEndOfFrame = "0111111111";

} // namespace

TEST_CASE("bs codec: header and codes of hand-coded blocks (BS v2)", "[mdec][bs]") {
    std::vector<uint16_t> stream = kMdecA;
    stream.insert(stream.end(), kMdecB.begin(), kMdecB.end());
    stream.push_back(0xfe00); // padding after the last block is not coded
    const auto f = encodeFrame(stream, 2, 2);
    REQUIRE(f.size() >= 8);
    CHECK(header(f, 0) == 0x20); // 12 halfwords = 6 words, rounded to 20h words
    CHECK(header(f, 1) == 0x3800);
    CHECK(header(f, 2) == 2);
    CHECK(header(f, 3) == 2);
    std::string want = kBlockA + kBlockB + kEndOfFrame;
    while (want.size() % 32)
        want += '0';
    CHECK(bitsOf(f) == want);
    CHECK(f.size() % 4 == 0);
}

TEST_CASE("bs codec: the console decoder reads hand-coded bits", "[mdec][bs]") {
    bool ends = false, ok = false;
    auto out = decodeAll(frameFromBits(kBlockA + kBlockB + kEndOfFrame, 2), ends, ok);
    std::vector<uint16_t> want = kMdecA;
    want.insert(want.end(), kMdecB.begin(), kMdecB.end());
    CHECK(ok);
    CHECK(ends);
    CHECK(out == want);
    // The DC halfword takes the header's quant: +5 with quant 3Fh is FC05h.
    out = decodeAll(frameFromBits(kBlockA + kEndOfFrame, 0x3f), ends, ok);
    REQUIRE(out.size() == 4);
    CHECK(out[0] == 0xfc05);
    // Version 1 frames decode the same way; other IDs, versions or quants are refused.
    out = decodeAll(frameFromBits(kBlockA + kEndOfFrame, 2, 1), ends, ok);
    CHECK((ok && out == kMdecA));
    bs_reader r{};
    auto bad = frameFromBits(kBlockA, 2, 3);
    CHECK(bs_begin(&r, bad.data(), uint32_t(bad.size())) == 0);
    bad = frameFromBits(kBlockA, 0x40);
    CHECK(bs_begin(&r, bad.data(), uint32_t(bad.size())) == 0);
    bad[3] = 0x30;
    CHECK(bs_begin(&r, bad.data(), 7) == 0);
    // 000000000000 is unused: an error, not a value.
    auto f = frameFromBits("0000000101"
                           "000000000000"
                           "1",
                           2);
    REQUIRE(bs_begin(&r, f.data(), uint32_t(f.size())));
    uint16_t block[65];
    CHECK(bs_block(&r, block) == -1);
}

TEST_CASE("bs codec: every table code and escapes round-trip", "[mdec][bs]") {
    // Every run/level the 10-bit level can hold: table codes for the listed pairs (both
    // signs), escapes for the rest; a block holds at most 63 AC values.
    std::vector<uint16_t> values;
    for (uint32_t run = 0; run < 64; ++run)
        for (uint32_t level = 1; level < 0x400; ++level)
            if ((run << 10 | level) != 0xfe00) // that one is EOB
                values.push_back(uint16_t(run << 10 | level));
    std::vector<uint16_t> stream;
    size_t blocks = 0;
    for (size_t i = 0; i < values.size(); i += 63) {
        // DC values all over the 10-bit range but +1FFh (End of Frame).
        const uint16_t dc = uint16_t((blocks * 37) % 0x3ff);
        stream.push_back(uint16_t(7 << 10 | (dc == 0x1ff ? 0x200 : dc)));
        for (size_t k = i; k < std::min(values.size(), i + 63); ++k)
            stream.push_back(values[k]);
        stream.push_back(0xfe00);
        ++blocks;
    }
    const auto f = encodeFrame(stream, blocks, 7);
    REQUIRE(!f.empty());
    bool ends = false, ok = false;
    CHECK(decodeAll(f, ends, ok) == stream);
    CHECK(ok);
    CHECK(ends);
    // Table codes are shorter than the 22-bit escape; a pair the table lacks is escaped.
    CHECK(tools::bs::acCode(0x0001).length == 3);
    CHECK(tools::bs::acCode(0x6c01).length == 17);
    CHECK(tools::bs::acCode(0x0029).length == 22);
    CHECK(tools::bs::acCode(0x0200).length == 22); // -512 has no magnitude code
}

TEST_CASE("bs codec: a picture's MDEC stream survives BS coding", "[mdec][bs]") {
    constexpr int kW = 64, kH = 48;
    std::vector<uint8_t> rgb(kW * kH * 3);
    for (size_t i = 0; i < rgb.size(); ++i)
        rgb[i] = uint8_t((i * 29) % 251);
    for (int q : {1, 2, 8}) {
        const auto stream =
            tools::mdec::encodePicture(rgb.data(), kW, kH, q, tools::mdec::defaultTables());
        const size_t blocks = kW / 16 * (kH / 16) * 6;
        const auto f = encodeFrame(stream, blocks, uint16_t(q));
        REQUIRE(!f.empty());
        bool ends = false, ok = false;
        auto back = decodeAll(f, ends, ok);
        CHECK(ok);
        CHECK(ends);
        // The picture's stream up to its padding, and a size field that holds it.
        REQUIRE(back.size() <= stream.size());
        CHECK(std::equal(back.begin(), back.end(), stream.begin()));
        CHECK(size_t(header(f, 0)) * 2 >= back.size());
        CHECK(header(f, 0) % 32 == 0);
        CHECK(f.size() < back.size() * 2); // it does compress
    }
}

TEST_CASE("bs codec: malformed input is refused or stops cleanly", "[mdec][bs][fuzz]") {
    // The encoder refuses what BS cannot carry.
    CHECK(encodeFrame({0x0805, 0xfe00}, 2, 2).empty());         // too few blocks
    CHECK(encodeFrame({0x0c05, 0xfe00}, 1, 2).empty());         // another quant
    CHECK(encodeFrame({0x09ff, 0xfe00}, 1, 2).empty());         // DC +1FFh = End of Frame
    CHECK(encodeFrame({0x0805, 0x0400, 0xfe00}, 1, 2).empty()); // level 0
    std::vector<uint16_t> long_block = {0x0805};
    long_block.insert(long_block.end(), 64, 0x0001);
    long_block.push_back(0xfe00);
    CHECK(encodeFrame(long_block, 1, 2).empty()); // 64 AC values
    // A truncated frame reads zeros past its end and says so; random bitstreams never read
    // outside their buffer or write more than 65 halfwords per block.
    auto f = frameFromBits(kBlockA + kBlockB + kEndOfFrame, 2);
    bool ends = false, ok = false;
    f.resize(10);
    decodeAll(f, ends, ok);
    CHECK(!ok);
    std::mt19937 rng(15);
    for (int t = 0; t < 2000; ++t) {
        std::vector<uint8_t> g(8 + rng() % 64);
        for (auto& b : g)
            b = uint8_t(rng());
        g[2] = 0x00, g[3] = 0x38, g[4] = uint8_t(rng() % 64), g[5] = 0, g[6] = 2, g[7] = 0;
        bs_reader r{};
        REQUIRE(bs_begin(&r, g.data(), uint32_t(g.size())));
        for (int b = 0; b < 64; ++b) {
            uint16_t block[65];
            if (bs_block(&r, block) <= 0 || bs_overrun(&r)) break;
        }
    }
}
