#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "assets/tools/bs_decode.h"
#include "assets/tools/bs_encoder.h"
#include "assets/tools/mdec_encoder.h"
#include "assets/tools/str_format.h"
#include "mdec_test_rig.h"

// cdromfileformats.md "CDROM File Video Streaming STR (Sony)": the 20h-byte sector headers of
// our test movies, the frame data reassembled from them, and bad headers rejected.

using namespace tools;

namespace {
uint16_t at16(const str::Sector& s, unsigned off) {
    return uint16_t(s[off] | s[off + 1] << 8);
}
uint32_t at32(const str::Sector& s, unsigned off) {
    return at16(s, off) | uint32_t(at16(s, off + 2)) << 16;
}
} // namespace

TEST_CASE("mdec str: sector headers as the reference lays them out", "[mdec]") {
    std::vector<uint8_t> h(6008);
    for (size_t i = 0; i < h.size(); ++i)
        h[i] = uint8_t(i * 7);
    auto sectors = str::frameSectors(5, 320, 240, h);
    const uint32_t bytes = 6008;
    REQUIRE(sectors.size() == (bytes + 0x7e0 - 1) / 0x7e0);
    for (size_t s = 0; s < sectors.size(); ++s) {
        CHECK(at16(sectors[s], 0x00) == 0x0160); // StStatus
        CHECK(at16(sectors[s], 0x02) == 0x8001); // StType MDEC
        CHECK(at16(sectors[s], 0x04) == s);      // StSectorOffset
        CHECK(at16(sectors[s], 0x06) == sectors.size());
        CHECK(at32(sectors[s], 0x08) == 5);     // StFrameNo
        CHECK(at32(sectors[s], 0x0c) == bytes); // StFrameSize
        CHECK(at16(sectors[s], 0x10) == 320);
        CHECK(at16(sectors[s], 0x12) == 240);
        // StHeadM/StHeadV = the frame's first 8 data bytes (from the first sector).
        CHECK(at32(sectors[s], 0x14) == at32(sectors[0], 0x20));
        CHECK(at32(sectors[s], 0x18) == at32(sectors[0], 0x24));
        str::SectorHeader parsed;
        CHECK(str::parseHeader(sectors[s].data(), parsed));
    }
    // Reassembled data = the frame's data.
    std::vector<uint8_t> data;
    for (const auto& s : sectors)
        data.insert(data.end(), s.begin() + 0x20, s.end());
    data.resize(bytes);
    CHECK(data == h);
}

TEST_CASE("mdec str: bad headers are rejected and random sectors never crash", "[mdec][fuzz]") {
    auto sectors = str::frameSectors(1, 16, 16, std::vector<uint8_t>(200, 0));
    str::Sector s = sectors[0];
    str::SectorHeader h;
    REQUIRE(str::parseHeader(s.data(), h));
    auto broken = [&](unsigned off, uint8_t v) {
        str::Sector b = s;
        b[off] = v;
        return !str::parseHeader(b.data(), h);
    };
    CHECK(broken(0x00, 0x61)); // StStatus
    CHECK(broken(0x03, 0x00)); // StType 0001h: not MDEC
    CHECK(broken(0x04, 0x05)); // offset 5 of 1 sector
    CHECK(broken(0x06, 0x00)); // no sectors
    CHECK(broken(0x08, 0x00)); // frame 0
    CHECK(broken(0x0d, 0x10)); // frame size 1000h+ in one sector
    std::mt19937 rng(3);
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        str::Sector r;
        for (auto& b : r)
            b = uint8_t(rng());
        if (i & 1) {
            r[0] = 0x60;
            r[1] = 0x01;
            r[2] = 0x01;
            r[3] = 0x80;
        }
        if (str::parseHeader(r.data(), h)) {
            ++accepted;
            CHECK(h.sectorOffset < h.sectorCount);
            CHECK(h.frameSize <= h.sectorCount * str::kDataBytes);
        }
    }
    CHECK(accepted < 20000);
}

TEST_CASE("mdec str: a frame's sectors decode to the picture through the MDEC", "[mdec]") {
    constexpr int kW = 16, kH = 32;
    std::vector<uint8_t> rgb(kW * kH * 3);
    for (size_t i = 0; i < rgb.size(); ++i)
        rgb[i] = uint8_t(60 + (i * 13) % 120);
    const auto& tables = mdec::defaultTables();
    auto h = mdec::encodePicture(rgb.data(), kW, kH, 2, tables);
    const auto bs = bs::encodeFrame(h, kW / 16 * (kH / 16) * 6, 2);
    auto sectors = str::frameSectors(1, kW, kH, bs);
    std::vector<uint8_t> data;
    for (const auto& s : sectors)
        data.insert(data.end(), s.begin() + 0x20, s.end());
    str::SectorHeader hdr;
    REQUIRE(str::parseHeader(sectors[0].data(), hdr));
    REQUIRE(hdr.frameSize == bs.size());
    // The player's way: BS -> MDEC halfwords, padded with FE00h to the header's MDEC size.
    bs_reader reader{};
    REQUIRE(bs_begin(&reader, data.data(), hdr.frameSize));
    std::vector<uint16_t> back;
    uint16_t block[65];
    for (int n; (n = bs_block(&reader, block)) > 0;)
        back.insert(back.end(), block, block + n);
    back.resize(size_t(reader.mdec_words) * 2, 0xfe00);
    REQUIRE(back == h);
    mdectest::Rig r;
    r.setTables(tables.luma, tables.chroma);
    r.mdec.write(mdectest::kMdec1, 0x60000000, 4);
    auto words = mdec::toWords(back);
    r.command(mdectest::decodeCommand(2, false, false, uint32_t(words.size())));
    auto out = r.stream(words);
    CHECK(out.size() == size_t(kW * kH * 3 / 4));
}
