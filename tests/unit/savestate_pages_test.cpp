// Building blocks of the savestate machinery: packed page images for the rewind ring and the
// StateIO block that a snapshot splices in later (DESIGN.md §4).
#include <catch2/catch.hpp>

#include <cstring>
#include <random>

#include "savestate/packed_pages.h"
#include "savestate/page_snapshot.h"
#include "savestate/state_io.h"

using namespace savestate;

namespace {
std::vector<uint8_t> pattern(size_t size, uint32_t seed) {
    std::vector<uint8_t> v(size);
    std::mt19937 rng(seed);
    for (size_t i = 0; i < size; ++i)
        v[i] = uint8_t((i / 64) ^ (i % 16 == 0 ? rng() & 3 : 0)); // compressible, not trivial
    return v;
}
} // namespace

TEST_CASE("packed images unpack to the same bytes and share unchanged pages",
          "[savestate][rewind]") {
    PagePacker packer;
    auto mem = pattern(32 * kSnapshotPageSize, 1);
    RegionImage a = RegionImage::copyOf(mem.data(), mem.size());
    PackedImage pa = packer.pack(a);
    size_t afterFirst = packer.liveBytes();
    CHECK(afterFirst < mem.size() / 2); // compressed
    mem[5 * kSnapshotPageSize + 17] ^= 0xff;
    mem[20 * kSnapshotPageSize] ^= 0x01;
    RegionImage b = RegionImage::copyOf(mem.data(), mem.size());
    PackedImage pb = packer.pack(b);
    CHECK(packer.pagesCompressed() == 32 + 2);
    for (size_t p = 0; p < 32; ++p) {
        bool changed = p == 5 || p == 20;
        CHECK((pb.pages[p].group == pa.pages[p].group) == !changed);
    }
    std::vector<uint8_t> out(mem.size());
    PagePacker::unpack(pb).copyTo(out.data());
    CHECK((out == mem));
    std::vector<uint8_t> old(mem.size());
    PagePacker::unpack(pa).copyTo(old.data());
    CHECK(old[5 * kSnapshotPageSize + 17] != mem[5 * kSnapshotPageSize + 17]);

    // Memory accounting follows the images that are alive.
    size_t both = packer.liveBytes();
    CHECK(both > afterFirst);
    pa = {};
    packer.resetHistory();
    pb = {};
    CHECK(packer.liveBytes() == 0);
}

TEST_CASE("an omitted StateIO block spliced in later gives the plain stream", "[savestate]") {
    std::vector<uint8_t> block = pattern(10000, 7);
    auto write = [&](StateIO& io) {
        uint32_t a = 0x11223344, b = 0x55667788;
        io.beginSection("outer", 1);
        io.value(a);
        io.beginSection("inner", 3);
        io.bytes(block.data(), block.size());
        io.value(b);
        io.endSection();
        io.endSection();
    };
    StateIO plain = StateIO::writer();
    write(plain);
    StateIO partial = StateIO::writer();
    partial.omitBlock(block.data(), block.size());
    write(partial);
    REQUIRE(partial.omittedOffset() != StateIO::kNotOmitted);
    CHECK(partial.size() + block.size() == plain.size());
    std::vector<uint8_t> spliced = partial.take();
    spliced.insert(spliced.begin() + long(partial.omittedOffset()), block.begin(), block.end());
    CHECK((spliced == plain.buffer()));
}
