// The test images made at build time (tests/discs): the same disc read from cue/bin, iso and
// CHD (every codec) gives the same sectors; damaged files give errors, not crashes.
#include <array>
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/disc/chd_disc.h"
#include "core/disc/chd_file.h"
#include "core/disc/open_disc.h"
#include "core/disc/sector.h"

using namespace core::disc;

namespace {
const std::string kDir = SKIPJACK_TEST_DISC_DIR;

std::unique_ptr<Disc> open(const std::string& name) {
    std::string error;
    auto d = openDisc(kDir + "/" + name, error);
    INFO(error);
    REQUIRE(d);
    return d;
}

// FNV-1a over every sector of the disc from `first` to the lead-out.
uint64_t hashSectors(Disc& d, int32_t first, int32_t end) {
    uint64_t h = 1469598103934665603ull;
    std::array<uint8_t, 2352> s;
    std::string error;
    for (int32_t lba = first; lba < end; ++lba) {
        INFO(lba);
        REQUIRE(d.readSector(lba, s, error));
        for (uint8_t b : s)
            h = (h ^ b) * 1099511628211ull;
    }
    return h;
}

std::vector<uint8_t> readAll(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::string writeTemp(const std::string& name, const std::vector<uint8_t>& d) {
    const auto p = std::filesystem::temp_directory_path() / ("skipjack-disc-test-" + name);
    std::ofstream(p, std::ios::binary)
        .write(reinterpret_cast<const char*>(d.data()), static_cast<std::streamsize>(d.size()));
    return p.string();
}
} // namespace

TEST_CASE("Disc cue bin layout of the test image") {
    auto d = open("mode1.cue");
    CHECK(d->format() == "cue/bin");
    const Toc& t = d->toc();
    REQUIRE(t.tracks.size() == 3);
    const int32_t dataSectors = 432768 / 2352;
    CHECK(t.tracks[0].type == TrackType::Mode1);
    CHECK(t.tracks[0].length == dataSectors);
    CHECK(t.tracks[1].type == TrackType::Audio);
    CHECK(t.tracks[1].pregapStart == dataSectors);
    CHECK(t.tracks[1].start == dataSectors + 150);
    CHECK(t.tracks[1].length == 150);
    CHECK(t.tracks[2].pregapStart == dataSectors + 300);
    CHECK(t.tracks[2].start == dataSectors + 375);
    CHECK(t.leadOut == dataSectors + 450);
}

TEST_CASE("Disc cue bin iso and chd give the same sectors") {
    auto cue = open("mode1.cue");
    auto iso = open("disc.iso");
    const int32_t dataEnd = iso->leadOut();
    CHECK(iso->format() == "iso");
    CHECK(hashSectors(*cue, -150, dataEnd) == hashSectors(*iso, -150, dataEnd));
    const uint64_t all = hashSectors(*cue, -150, cue->leadOut());
    for (const char* name :
         {"mode1.chd", "mode1_cdzl.chd", "mode1_cdlz.chd", "mode1_cdfl.chd", "mode1_none.chd",
          "mode1_zlib.chd", "mode1_lzma.chd", "mode1_flac.chd"}) {
        INFO(name);
        auto chd = open(name);
        CHECK(chd->toc().leadOut == cue->toc().leadOut);
        for (size_t i = 0; i < 3; ++i) {
            CHECK(chd->toc().tracks[i].start == cue->toc().tracks[i].start);
            CHECK(chd->toc().tracks[i].pregapStart == cue->toc().tracks[i].pregapStart);
            CHECK(chd->toc().tracks[i].type == cue->toc().tracks[i].type);
        }
        CHECK(hashSectors(*chd, -150, chd->leadOut()) == all);
    }
    for (const char* name : {"iso2048.cue", "iso2048.chd"}) {
        INFO(name);
        auto d = open(name);
        REQUIRE(d->leadOut() == dataEnd);
        CHECK(hashSectors(*d, -150, dataEnd) == hashSectors(*iso, -150, dataEnd));
    }
    auto motorola = open("motorola.cue");
    CHECK(hashSectors(*motorola, -150, motorola->leadOut()) == all);
    auto mode2 = open("mode2.cue");
    auto mode2chd = open("mode2.chd");
    CHECK(mode2->toc().tracks[0].type == TrackType::Mode2);
    CHECK(hashSectors(*mode2chd, -150, mode2chd->leadOut()) ==
          hashSectors(*mode2, -150, mode2->leadOut()));
    const int32_t mode2DataEnd = mode2->toc().tracks[0].end();
    for (const char* name : {"mode2_2336.cue", "mode2_2336.chd"}) {
        INFO(name);
        auto d = open(name);
        REQUIRE(d->leadOut() == mode2DataEnd);
        CHECK(hashSectors(*d, -150, mode2DataEnd) == hashSectors(*mode2, -150, mode2DataEnd));
    }
}

TEST_CASE("Disc chd lzma and zlib hunks rebuild ECC that chdman verified") {
    // chdman drops a sector's sync and ECC only when its own check of them passes, so
    // rebuilt sectors prove our Mode 1 ECC equals what chdman computes.
    for (const char* name : {"mode1_cdzl.chd", "mode1_cdlz.chd"}) {
        auto d = open(name);
        hashSectors(*d, 0, 20);
        const ChdFile* chd = chdFileOf(*d);
        REQUIRE(chd);
        CHECK(chd->eccRebuiltSectors() >= 16);
    }
}

TEST_CASE("Disc audio tracks hold the generated tone in little-endian order") {
    auto d = open("mode1.chd");
    std::array<uint8_t, 2352> s;
    std::string error;
    const int32_t start = d->toc().tracks[1].start;
    REQUIRE(d->readSector(start, s, error));
    // Sample 1 of a 440 Hz tone at amplitude 12000: round(12000 sin(2 pi 440 / 44100)).
    const int16_t left = static_cast<int16_t>(s[4] | s[5] << 8);
    CHECK(left == 752);
    REQUIRE(d->readSector(start - 1, s, error)); // the stored pregap is silence
    CHECK(std::all_of(s.begin(), s.end(), [](uint8_t b) { return b == 0; }));
}

TEST_CASE("Disc raw bin without a cue is one data track") {
    auto d = open("mode2.bin");
    CHECK(d->format() == "raw bin");
    REQUIRE(d->toc().tracks.size() == 1);
    CHECK(d->toc().tracks[0].type == TrackType::Mode2);
    auto cue = open("mode2.cue");
    CHECK(hashSectors(*d, 0, d->leadOut()) == hashSectors(*cue, 0, d->leadOut()));
}

TEST_CASE("Disc damaged chd files give errors") {
    const std::vector<uint8_t> good = readAll(kDir + "/mode1_cdzl.chd");
    REQUIRE(good.size() > 4096);
    std::string error;
    { // truncated: the map at the end is gone
        auto bad = good;
        bad.resize(bad.size() / 2);
        CHECK_FALSE(openDisc(writeTemp("trunc.chd", bad), error));
        CHECK(error.find("trunc.chd") != std::string::npos);
    }
    { // bad header
        auto bad = good;
        bad[0] = 'X';
        CHECK_FALSE(openDisc(writeTemp("magic.chd", bad), error));
        CHECK(error.find("not a CHD file") != std::string::npos);
        bad = good;
        bad[15] = 4;
        CHECK_FALSE(openDisc(writeTemp("v4.chd", bad), error));
        CHECK(error.find("version 4") != std::string::npos);
    }
    { // a byte of compressed hunk data flipped: decoding or the hunk CRC fails on read
        auto bad = good;
        ChdFile f;
        REQUIRE(f.open(kDir + "/mode1_cdzl.chd", error));
        const ChdMapEntry& e = f.map()[3];
        REQUIRE(e.type < 4);
        bad[e.offset + e.length / 2] ^= 0x10;
        auto d = openDisc(writeTemp("hunk.chd", bad), error);
        REQUIRE(d);
        std::array<uint8_t, 2352> s;
        bool failed = false;
        for (int32_t lba = 0; lba < d->leadOut() && !failed; ++lba)
            failed = !d->readSector(lba, s, error);
        CHECK(failed);
        CHECK(error.find("hunk 3") != std::string::npos);
    }
    { // a damaged map
        auto bad = good;
        const uint64_t mapOffset = uint64_t(good[40]) << 56 | uint64_t(good[41]) << 48 |
                                   uint64_t(good[42]) << 40 | uint64_t(good[43]) << 32 |
                                   uint64_t(good[44]) << 24 | uint64_t(good[45]) << 16 |
                                   uint64_t(good[46]) << 8 | good[47];
        bad[mapOffset + 20] ^= 0x5A;
        CHECK_FALSE(openDisc(writeTemp("map.chd", bad), error));
        CHECK(error.find("map") != std::string::npos);
    }
    // Every truncation point is an error or a readable disc, never a crash.
    for (size_t cut = 0; cut < good.size(); cut += good.size() / 61 + 1) {
        auto d = openDisc(writeTemp("cut.chd", {good.begin(), good.begin() + long(cut)}), error);
        CHECK_FALSE(d);
    }
}

TEST_CASE("Disc damaged iso and bin files give errors") {
    std::string error;
    std::vector<uint8_t> iso = readAll(kDir + "/disc.iso");
    iso.resize(iso.size() - 100);
    CHECK_FALSE(openDisc(writeTemp("short.iso", iso), error));
    CHECK(error.find("not a whole number of 2048-byte sectors") != std::string::npos);
    CHECK_FALSE(openDisc(kDir + "/nothing.iso", error));
    CHECK(error.find("nothing.iso") != std::string::npos);
    CHECK_FALSE(openDisc(kDir + "/game.txt", error));
}

TEST_CASE("Disc m3u playlist opens every disc") {
    DiscSet set;
    std::string error;
    REQUIRE(set.open(kDir + "/game.m3u", error));
    REQUIRE(set.size() == 2);
    CHECK(set.current().toc().tracks[0].type == TrackType::Mode1);
    CHECK(set.select(1));
    CHECK(set.current().toc().tracks[0].type == TrackType::Mode2);
    CHECK_FALSE(set.select(2));
    CHECK(set.currentIndex() == 1);
    const auto m3u = std::filesystem::temp_directory_path() / "skipjack-disc-test-bad.m3u";
    std::ofstream(m3u) << "# x\n" << kDir << "/mode1.cue\nmissing.cue\n";
    CHECK_FALSE(set.open(m3u.string(), error));
    CHECK(error == m3u.string() + ":3: the disc image missing.cue does not exist");
    CHECK(set.size() == 0);
}

TEST_CASE("Disc sbi and lsd patches replace subchannel Q") {
    const auto dir = std::filesystem::temp_directory_path() / "skipjack-disc-sbi";
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(kDir + "/disc.iso", dir / "game.iso",
                               std::filesystem::copy_options::overwrite_existing);
    // One format-1 entry at 00:03:05 (LBA 80) and one format-3 entry at 00:03:06.
    std::vector<uint8_t> sbi = {'S', 'B', 'I', 0, 0x00, 0x03, 0x05, 1};
    for (int i = 0; i < 10; ++i)
        sbi.push_back(static_cast<uint8_t>(0x40 + i));
    for (uint8_t b : {0x00, 0x03, 0x06, 3, 0x12, 0x34, 0x56})
        sbi.push_back(b);
    std::ofstream(dir / "GAME.SBI", std::ios::binary)
        .write(reinterpret_cast<const char*>(sbi.data()), static_cast<std::streamsize>(sbi.size()));
    std::string error;
    auto d = openDisc((dir / "game.iso").string(), error);
    REQUIRE(d);
    CHECK(d->subchannelPatchCount() == 2);
    const SubchannelQ q = d->subchannelQ(80);
    CHECK(q.bytes[0] == 0x40);
    CHECK(q.bytes[9] == 0x49);
    CHECK_FALSE(q.crcValid());
    const SubchannelQ q2 = d->subchannelQ(81);
    CHECK((q2.bytes[7] == 0x12 && q2.bytes[9] == 0x56 && q2.bytes[1] == 0x01));
    CHECK_FALSE(q2.crcValid());
    CHECK(d->subchannelQ(82).crcValid());
    // A truncated .sbi is an error naming it.
    sbi.pop_back();
    std::ofstream(dir / "GAME.SBI", std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(sbi.data()), static_cast<std::streamsize>(sbi.size()));
    CHECK_FALSE(openDisc((dir / "game.iso").string(), error));
    CHECK(error.find("GAME.SBI") != std::string::npos);
    std::filesystem::remove(dir / "GAME.SBI");
    // .lsd: whole Q entries with their CRC as recorded.
    std::vector<uint8_t> lsd = {0x00, 0x03, 0x05};
    for (int i = 0; i < 12; ++i)
        lsd.push_back(static_cast<uint8_t>(i));
    std::ofstream(dir / "game.lsd", std::ios::binary)
        .write(reinterpret_cast<const char*>(lsd.data()), static_cast<std::streamsize>(lsd.size()));
    d = openDisc((dir / "game.iso").string(), error);
    REQUIRE(d);
    CHECK(d->subchannelQ(80).bytes[11] == 11);
    std::filesystem::remove_all(dir);
}
