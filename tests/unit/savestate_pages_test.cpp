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

TEST_CASE("a stream without its omitted block reads back with the block left to the caller",
          "[savestate]") {
    // DESIGN.md §4: a snapshot's device state lacks VRAM; a restore reads the registers from it
    // and writes VRAM itself. Section lengths still count the block.
    std::vector<uint8_t> block(3000, 0x5a);
    auto write = [&](StateIO& io, std::vector<uint8_t>& b, uint32_t& x, uint32_t& y) {
        io.beginSection("outer", 1);
        io.value(x);
        io.beginSection("inner", 3);
        io.bytes(b.data(), b.size());
        io.value(y);
        io.endSection();
        io.endSection();
    };
    uint32_t a = 0x11223344, c = 0x55667788;
    StateIO partial = StateIO::writer();
    partial.omitBlock(block.data(), block.size());
    write(partial, block, a, c);
    std::vector<uint8_t> bytes = partial.take();
    std::vector<uint8_t> target(3000, 0);
    uint32_t a2 = 0, c2 = 0;
    StateIO reader = StateIO::reader(bytes);
    reader.omitBlock(target.data(), target.size());
    write(reader, target, a2, c2);
    REQUIRE(reader.ok());
    CHECK(a2 == a);
    CHECK(c2 == c);
    CHECK(reader.blockOffset(target.data()) == partial.blockOffset(block.data()));
    CHECK(target == std::vector<uint8_t>(3000, 0)); // not read: the caller fills it
    // markBlock finds the block in a full stream.
    StateIO plain = StateIO::writer();
    write(plain, block, a, c);
    StateIO marked = StateIO::reader(plain.buffer());
    marked.markBlock(target.data(), target.size());
    write(marked, target, a2, c2);
    REQUIRE(marked.ok());
    CHECK(marked.blockOffset(target.data()) == partial.blockOffset(block.data()));
    CHECK(target == block);
}
