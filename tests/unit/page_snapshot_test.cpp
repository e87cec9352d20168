#include <catch2/catch.hpp>

#include <cstring>
#include <thread>

#include "savestate/page_snapshot.h"

using namespace savestate;

TEST_CASE("a capture holds the memory as it was - though the game writes on", "[savestate][cow]") {
    std::vector<uint8_t> mem(8 * kSnapshotPageSize);
    for (size_t i = 0; i < mem.size(); ++i)
        mem[i] = uint8_t(i);
    std::vector<uint8_t> before = mem;
    CowCapture cap(mem.data(), mem.size());
    CHECK(cap.pendingPages().size() == 8);
    // The "game" writes pages 2 and 5, each after the write hook.
    cap.beforeWrite(2);
    mem[2 * kSnapshotPageSize + 7] = 0xee;
    cap.beforeWrite(5);
    std::fill(mem.begin() + 5 * kSnapshotPageSize, mem.begin() + 6 * kSnapshotPageSize, 0);
    cap.captureRemaining();
    REQUIRE(cap.complete());
    RegionImage img = cap.take();
    std::vector<uint8_t> restored(mem.size());
    img.copyTo(restored.data());
    CHECK(restored == before);
}

TEST_CASE("consecutive captures share every page not written in between", "[savestate][cow]") {
    std::vector<uint8_t> mem(16 * kSnapshotPageSize, 1);
    CowCapture first(mem.data(), mem.size());
    first.captureRemaining();
    RegionImage a = first.take();
    std::vector<bool> dirty(16, false);
    dirty[3] = dirty[9] = true;
    mem[3 * kSnapshotPageSize] = 2;
    mem[9 * kSnapshotPageSize] = 3;
    CowCapture second(mem.data(), mem.size(), &a, &dirty);
    CHECK(second.pendingPages().size() == 2);
    second.captureRemaining();
    RegionImage b = second.take();
    CHECK(b.pagesNotIn(a) == 2);
    std::vector<uint8_t> out(mem.size());
    b.copyTo(out.data());
    CHECK(out == mem);
}

TEST_CASE("a worker and the game capturing at once give the old contents", "[savestate][cow]") {
    const size_t pages = 512;
    std::vector<uint8_t> mem(pages * kSnapshotPageSize);
    for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < mem.size(); i += 64)
            mem[i] = uint8_t(round);
        std::vector<uint8_t> expected = mem;
        CowCapture cap(mem.data(), mem.size());
        std::thread worker([&] { cap.captureRemaining(); });
        for (size_t p = 0; p < pages; p += 3) {
            cap.beforeWrite(p);
            mem[p * kSnapshotPageSize] = 0xff;
        }
        worker.join();
        REQUIRE(cap.complete());
        RegionImage img = cap.take();
        std::vector<uint8_t> out(mem.size());
        img.copyTo(out.data());
        REQUIRE(out == expected);
    }
}

TEST_CASE("a tiled capture gathers each tile and puts it back in place", "[savestate][cow]") {
    // DESIGN.md §4 VRAM pages: 64x32 16-bit pixels of a 1024-pixel-wide region per page.
    const size_t stride = 2048, rows = 64; // 2 tile rows of 16 tiles
    std::vector<uint8_t> mem(stride * rows);
    for (size_t i = 0; i < mem.size(); ++i)
        mem[i] = uint8_t(i * 7 + i / 2048);
    std::vector<uint8_t> before = mem;
    PageLayout tiles = PageLayout::tiles(128, 32, stride);
    CowCapture cap(mem.data(), mem.size(), tiles, nullptr, nullptr);
    REQUIRE(cap.pendingPages().size() == 32);
    cap.beforeWrite(17); // tile (1,1): rows 32..63, bytes 128..255
    mem[33 * stride + 130] ^= 0xff;
    cap.captureRemaining();
    REQUIRE(cap.complete());
    const RegionImage& img = cap.image();
    CHECK(img.pages[17]->at(128 + 2) == before[33 * stride + 130]);
    std::vector<uint8_t> out(mem.size());
    img.copyTo(out.data());
    CHECK(out == before);
}

TEST_CASE("the game takes over a page the worker is copying and never waits for it",
          "[savestate][cow]") {
    const size_t pages = 256;
    std::vector<uint8_t> mem(pages * kSnapshotPageSize);
    for (int round = 0; round < 50; ++round) {
        std::fill(mem.begin(), mem.end(), uint8_t(round));
        std::vector<uint8_t> expected = mem;
        CowCapture cap(mem.data(), mem.size(), PageLayout::linear(), nullptr, nullptr);
        std::thread worker([&] { cap.captureRemaining(); });
        for (size_t p = pages; p-- > 0;) { // from the other end: the two meet mid-way
            cap.beforeWrite(p);
            std::memset(mem.data() + p * kSnapshotPageSize, 0xee, kSnapshotPageSize);
        }
        worker.join();
        REQUIRE(cap.complete());
        std::vector<uint8_t> out(mem.size());
        cap.image().copyTo(out.data());
        REQUIRE(out == expected);
    }
}
