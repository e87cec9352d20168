// Damaged images never crash the readers: deterministic random byte changes in a CHD and
// random edits of a cue sheet either open and read as a disc or give an error. (Run under
// the sanitizer build too.)
#include <array>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/disc/cue_sheet.h"
#include "core/disc/open_disc.h"

using namespace core::disc;

namespace {
const std::string kDir = SKIPJACK_TEST_DISC_DIR;

uint32_t next(uint32_t& s) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
}
} // namespace

TEST_CASE("Disc chd reader survives random damage") {
    std::ifstream in(kDir + "/mode1.chd", std::ios::binary);
    const std::vector<uint8_t> good{std::istreambuf_iterator<char>(in),
                                    std::istreambuf_iterator<char>()};
    REQUIRE(good.size() > 1000);
    const auto path = std::filesystem::temp_directory_path() / "skipjack-disc-fuzz.chd";
    uint32_t seed = 12345;
    int openErrors = 0, readErrors = 0;
    for (int round = 0; round < 60; ++round) {
        auto bad = good;
        const int flips = 1 + static_cast<int>(next(seed) % 4);
        for (int i = 0; i < flips; ++i) {
            // Half the flips hit the header and map region (start and end of the file).
            const size_t at =
                next(seed) % 2 ? next(seed) % 256
                               : bad.size() - 1 - next(seed) % std::min<size_t>(bad.size(), 3000);
            bad[at] = static_cast<uint8_t>(next(seed));
        }
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(bad.data()),
                   static_cast<std::streamsize>(bad.size()));
        std::string error;
        auto d = openDisc(path.string(), error);
        if (!d) {
            ++openErrors;
            CHECK_FALSE(error.empty());
            continue;
        }
        std::array<uint8_t, 2352> s;
        for (int32_t lba = -150; lba < d->leadOut(); lba += 7)
            if (!d->readSector(lba, s, error)) {
                ++readErrors;
                break;
            }
    }
    std::filesystem::remove(path);
    CHECK(openErrors + readErrors > 10);
}

TEST_CASE("Disc cue parser survives random edits") {
    const std::string base =
        "FILE \"a b.bin\" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\n"
        "  TRACK 02 AUDIO\n    PREGAP 00:02:00\n    INDEX 00 01:00:00\n"
        "    INDEX 01 01:02:00\n";
    uint32_t seed = 777;
    int errors = 0;
    for (int round = 0; round < 2000; ++round) {
        std::string text = base;
        const int edits = 1 + static_cast<int>(next(seed) % 3);
        for (int i = 0; i < edits; ++i) {
            const size_t at = next(seed) % text.size();
            switch (next(seed) % 3) {
            case 0: text[at] = static_cast<char>(next(seed)); break;
            case 1: text.erase(at, 1 + next(seed) % 8); break;
            default: text.insert(text.begin() + static_cast<long>(at), " :\"\n0"[next(seed) % 6]);
            }
            if (text.empty()) text.push_back('x');
        }
        CueSheet sheet;
        std::string error;
        if (!parseCueSheet(text, "f.cue", sheet, error)) {
            ++errors;
            CHECK(error.rfind("f.cue:", 0) == 0);
        }
    }
    CHECK(errors > 100);
}

namespace {
uint64_t be64(const std::vector<uint8_t>& b, size_t at) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; ++i)
        v = v << 8 | b[at + i];
    return v;
}
// Opens `bytes` as a file of `ext` and reads a spread of sectors; true when it opened.
bool openAndRead(const std::vector<uint8_t>& bytes, const std::filesystem::path& path,
                 int& readErrors) {
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    std::string error;
    auto d = openDisc(path.string(), error);
    if (!d) {
        CHECK_FALSE(error.empty());
        return false;
    }
    std::array<uint8_t, 2352> s;
    const int32_t step = std::max<int32_t>(1, (d->leadOut() + 150) / 12);
    for (int32_t lba = -150; lba < d->leadOut(); lba += step)
        if (!d->readSector(lba, s, error)) {
            CHECK_FALSE(error.empty());
            ++readErrors;
            break;
        }
    return true;
}
} // namespace

// CHD v5 header (7Ch bytes: map offset at 28h, hunk bytes at 38h, big-endian) and the hunk
// map: each round damages a few bytes of one of them, in every codec's image; the reader must
// refuse or read (or fail to read) sectors with a message, never crash (checked under
// ASan/UBSan by CI's sanitizer job, which runs the "unit" label).
TEST_CASE("Disc chd header and hunk map fuzz over every codec") {
    uint32_t seed = 2024;
    int opened = 0, refused = 0, readErrors = 0;
    const auto path = std::filesystem::temp_directory_path() / "skipjack-chd-map-fuzz.chd";
    for (const char* name : {"mode1_cdzl.chd", "mode1_cdlz.chd", "mode1_cdfl.chd", "mode1_zlib.chd",
                             "mode1_none.chd", "mode2.chd"}) {
        std::ifstream in(kDir + "/" + name, std::ios::binary);
        const std::vector<uint8_t> good{std::istreambuf_iterator<char>(in),
                                        std::istreambuf_iterator<char>()};
        REQUIRE(good.size() > 0x7c);
        const uint64_t mapOffset = be64(good, 0x28);
        REQUIRE(mapOffset < good.size());
        const size_t mapEnd = std::min<size_t>(good.size(), size_t(mapOffset) + 64);
        for (int round = 0; round < 250; ++round) {
            auto bad = good;
            const int flips = 1 + int(next(seed) % 3);
            for (int i = 0; i < flips; ++i) {
                const size_t at = next(seed) % 2
                                      ? next(seed) % 0x7c
                                      : size_t(mapOffset) + next(seed) % (mapEnd - mapOffset);
                // Whole bytes, single bits, and the extremes lengths and offsets love.
                switch (next(seed) % 3) {
                case 0: bad[at] = uint8_t(next(seed)); break;
                case 1: bad[at] ^= uint8_t(1u << (next(seed) % 8)); break;
                default: bad[at] = next(seed) % 2 ? 0xff : 0x00;
                }
            }
            if (openAndRead(bad, path, readErrors))
                ++opened;
            else
                ++refused;
        }
    }
    std::filesystem::remove(path);
    CHECK(refused > 100);
    CHECK(opened + refused == 6 * 250);
}

// Cue sheets opened for real (the reader, not just the parser): damaged sheets pointing at
// the test disc's bins; every outcome is a disc that reads or an error naming the sheet.
TEST_CASE("Disc cue sheets with random edits open or fail cleanly") {
    const std::string bin = kDir + "/mode1.bin", bin2 = kDir + "/mode1 audio.bin";
    const std::string base =
        "FILE \"" + bin + "\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n" + "FILE \"" +
        bin2 + "\" BINARY\n  TRACK 02 AUDIO\n    INDEX 00 00:00:00\n" + "    INDEX 01 00:02:00\n";
    const auto path = std::filesystem::temp_directory_path() / "skipjack-cue-fuzz.cue";
    uint32_t seed = 4242;
    int opened = 0, refused = 0, readErrors = 0;
    for (int round = 0; round < 1500; ++round) {
        std::string text = base;
        const int edits = 1 + int(next(seed) % 3);
        for (int i = 0; i < edits; ++i) {
            // Leave the file names alone most of the time so most sheets get past FILE.
            const size_t at = next(seed) % text.size();
            switch (next(seed) % 4) {
            case 0: text[at] = "0123456789: \"\n"[next(seed) % 14]; break;
            case 1: text.erase(at, 1 + next(seed) % 4); break;
            case 2: text.insert(at, next(seed) % 2 ? "99" : "\n  INDEX 01 "); break;
            default: text[at] = char(next(seed));
            }
            if (text.empty()) text.push_back('x');
        }
        std::vector<uint8_t> bytes(text.begin(), text.end());
        if (openAndRead(bytes, path, readErrors))
            ++opened;
        else
            ++refused;
    }
    std::filesystem::remove(path);
    // Both outcomes happen (most edits break the sheet; some leave a readable disc).
    CHECK(opened > 10);
    CHECK(refused > 500);
}
