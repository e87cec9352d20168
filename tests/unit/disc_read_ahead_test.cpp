// The image readers' read-ahead window (core/disc/image_file.h): host-side only, so reads
// through it must give exactly the file's bytes, whatever the order, size and position, and a
// disc read sector by sector must equal the same image read without the window.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/disc/image_file.h"
#include "core/disc/open_disc.h"

using core::disc::ImageFile;

namespace {
uint32_t next(uint32_t& s) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
}

std::vector<uint8_t> fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
} // namespace

TEST_CASE("Disc read-ahead: every read returns the file's own bytes", "[disc]") {
    const auto path = std::filesystem::temp_directory_path() / "skipjack-read-ahead.bin";
    std::vector<uint8_t> content(300000);
    uint32_t seed = 99;
    for (auto& b : content)
        b = uint8_t(next(seed));
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(content.data()), std::streamsize(content.size()));

    ImageFile f;
    std::string error;
    REQUIRE(f.open(path.string(), error));
    // Sector by sector from the start: one host read per window, not one per sector.
    std::vector<uint8_t> got(2352);
    const size_t sectors = content.size() / 2352;
    for (size_t i = 0; i < sectors; ++i) {
        REQUIRE(f.read(i * 2352, got.data(), got.size(), error));
        REQUIRE(std::equal(got.begin(), got.end(), content.begin() + long(i * 2352)));
    }
    CHECK(f.hostReads() <= content.size() / (ImageFile::kReadAhead - 2352) + 1);
    CHECK(f.hostReads() < sectors / 10);
    // Random positions and sizes (some larger than the window, some at the very end).
    for (int k = 0; k < 3000; ++k) {
        const size_t n = next(seed) % 4 == 0 ? next(seed) % 100000 : next(seed) % 3000;
        const size_t at = next(seed) % (content.size() - n + 1);
        got.assign(n, 0);
        REQUIRE(f.read(at, got.data(), n, error));
        REQUIRE(std::equal(got.begin(), got.end(), content.begin() + long(at)));
    }
    // Past the end is still an error, and does not spoil later reads.
    CHECK_FALSE(f.read(content.size() - 10, got.data(), 11, error));
    CHECK(error.find("truncated") != std::string::npos);
    got.assign(10, 0);
    REQUIRE(f.read(content.size() - 10, got.data(), 10, error));
    CHECK(std::equal(got.begin(), got.end(), content.end() - 10));
    std::filesystem::remove(path);
}

TEST_CASE("Disc read-ahead: a cue/bin disc reads the bin's bytes sector by sector", "[disc]") {
    const std::string dir = SKIPJACK_TEST_DISC_DIR;
    std::string error;
    auto disc = core::disc::openDisc(dir + "/mode2.cue", error);
    REQUIRE(disc);
    const auto bin = fileBytes(dir + "/mode2.bin");
    REQUIRE(bin.size() % 2352 == 0);
    const int32_t count = int32_t(bin.size() / 2352);
    REQUIRE(disc->leadOut() >= count);
    std::array<uint8_t, 2352> s{};
    // Forwards, then backwards (every read outside the window refills it).
    for (int pass = 0; pass < 2; ++pass)
        for (int32_t k = 0; k < count; ++k) {
            const int32_t lba = pass == 0 ? k : count - 1 - k;
            REQUIRE(disc->readSector(lba, s, error));
            REQUIRE(std::equal(s.begin(), s.end(), bin.begin() + long(lba) * 2352));
        }
}
