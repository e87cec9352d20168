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
