// GPU time of CLUT loads and of primitives dropped for their size (the busy-time model in
// gpu/gp0.cpp). psx-spx gives no drawing timings; the rule checked here is the peers' (their
// CLUT cache loads cost one unit per entry, 16 for a 4-bit and 256 for an 8-bit texture, and a
// primitive's setup is charged before its size is checked), on top of psx-spx's "GPU Texture
// Caching" rule for when the CLUT is loaded (a new CLUT attribute or depth). Expected values:
// 16 setup clocks, 1 clock per pixel written + 1 per texel read, + the CLUT's entries,
// converted at the video clock (11/7 of the CPU clock).
#include <catch2/catch.hpp>

#include "gpu_test_rig.h"

using namespace gpu;
using gputest::Rig;
using gputest::xy;

namespace {
constexpr uint32_t kTexpage4 = 0xE1000000u;              // E1h: 4-bit CLUT texture
constexpr uint32_t kTexpage8 = 0xE1000000u | (1u << 7);  // E1h bits 7-8 = 1: 8-bit
constexpr uint32_t kTexpage15 = 0xE1000000u | (2u << 7); // 15-bit direct
constexpr uint32_t clut(int x16, int y) {
    return uint32_t((y << 6) | x16) << 16;
}

// Busy time of the words sent from an idle GPU, in CPU cycles.
uint64_t busyFor(Rig& r, std::initializer_list<uint32_t> words) {
    r.idle();
    uint64_t start = r.now;
    r.gp0(words);
    return r.gpu.busyUntil() - start;
}
uint64_t cpu(uint64_t gpuClocks) {
    return (gpuClocks * 7 + 10) / 11; // 11/7 rounded up
}
void setup(Rig& r) {
    gputest::drawArea(r, 0, 0, 1024, 512);
}
} // namespace

TEST_CASE("gpu CLUT load time: an 8-bit CLUT costs 256 clocks, a 4-bit one 16, a cached one 0",
          "[gpu]") {
    Rig r;
    setup(r);
    r.gp0(kTexpage8);
    // GP0(6Dh): 1x1 raw textured rectangle, 1 pixel written + 1 texel read.
    CHECK(busyFor(r, {0x6D000000, xy(10, 10), clut(0, 300)}) == cpu(16 + 2 + 256));
    CHECK(busyFor(r, {0x6D000000, xy(11, 10), clut(0, 300)}) == cpu(16 + 2)); // cached
    CHECK(busyFor(r, {0x6D000000, xy(12, 10), clut(1, 300)}) == cpu(16 + 2 + 256));
    r.gp0(kTexpage4); // same attribute, other depth: a different CLUT
    CHECK(busyFor(r, {0x6D000000, xy(13, 10), clut(1, 300)}) == cpu(16 + 2 + 16));
    CHECK(busyFor(r, {0x6D000000, xy(14, 10), clut(1, 300)}) == cpu(16 + 2));
    r.gp0(kTexpage15); // 15-bit textures have no palette
    CHECK(busyFor(r, {0x6D000000, xy(15, 10), clut(2, 300)}) == cpu(16 + 2));
    // The 15-bit draw left the CLUT cache alone; GP0(01h) clears it: the next draw loads.
    r.gp0(kTexpage4);
    CHECK(busyFor(r, {0x6D000000, xy(16, 10), clut(1, 300)}) == cpu(16 + 2));
    r.gp0(0x01000000);
    CHECK(busyFor(r, {0x6D000000, xy(17, 10), clut(1, 300)}) == cpu(16 + 2 + 16));
}

TEST_CASE("gpu CLUT load time: a textured quad loads its CLUT once, for its first triangle",
          "[gpu]") {
    Rig r;
    setup(r);
    r.gp0(kTexpage8);
    // GP0(2Dh) raw textured quad: two triangles, the second finds the CLUT the first loaded.
    const std::initializer_list<uint32_t> quad = {
        0x2D000000, xy(0, 0), clut(3, 301), xy(2, 0), (1u << 23), xy(0, 2), 0, xy(2, 2), 0};
    uint64_t first = busyFor(r, quad);
    uint64_t again = busyFor(r, quad); // cached for both triangles
    // One load of 256 entries (two loads would be 512), within the CPU cycle rounding.
    CHECK(first - again >= cpu(256) - 1);
    CHECK(first - again <= cpu(256) + 1);
}

TEST_CASE("gpu dropped primitives: the setup is charged, and a textured one's CLUT load", "[gpu]") {
    Rig r;
    setup(r);
    r.gp0(kTexpage8);
    // Flat triangle with a horizontal vertex distance of 1024 (over 1023): not drawn.
    CHECK(busyFor(r, {0x20FFFFFF, xy(0, 0), xy(1024, 0), xy(0, 10)}) == cpu(16));
    // The same, textured: it still loads its CLUT (psx-spx "GPU Texture Caching").
    CHECK(busyFor(r, {0x25000000, xy(0, 0), clut(4, 302), xy(1024, 0), (1u << 23), xy(0, 10), 0}) ==
          cpu(16 + 256));
    // Now cached: a drawn 1x1 rectangle with that CLUT loads nothing.
    CHECK(busyFor(r, {0x6D000000, xy(20, 10), clut(4, 302)}) == cpu(16 + 2));
    // A textured rectangle of size 0 (GP0(65h), W=0): setup and CLUT load.
    CHECK(busyFor(r, {0x65000000, xy(20, 10), clut(5, 302), 0}) == cpu(16 + 256));
    // A line with a vertical distance of 512 (over 511): setup only.
    CHECK(busyFor(r, {0x40FFFFFF, xy(0, 0), xy(0, 512)}) == cpu(16));
    // A size-0 untextured rectangle: setup only.
    CHECK(busyFor(r, {0x60FFFFFF, xy(20, 10), 0}) == cpu(16));
}

TEST_CASE("gpu FIFO with CLUT load time: DMA nodes of 16 words lose no word", "[gpu]") {
    // DMA2 sends a node after GPUSTAT.28 (ready for DMA) and then every word at once. With the
    // FIFO empty at the node's start, 16 words always fit, however long the GPU is busy: each
    // node here loads three new 256-entry CLUTs.
    Rig r;
    setup(r);
    r.gp0(kTexpage8);
    size_t before = r.records();
    int drawn = 0;
    for (int node = 0; node < 20; ++node) {
        while (!((r.stat() >> 28) & 1))
            ++r.now;
        const int c = node * 3;
        const uint32_t words[16] = {
            // Textured quad (9 words): two triangles.
            0x2D000000, xy(0, 20), clut(c % 64, 400 + c / 64), xy(8, 20), (1u << 23), xy(0, 28),
            0x0800, xy(8, 28), 0x0808,
            // 8x8 and 1x1 textured rectangles (3 words each), one more word of E2h.
            0x75000000, xy(20, 20), clut((c + 1) % 64, 400 + (c + 1) / 64), 0x6D000000, xy(40, 20),
            clut((c + 2) % 64, 400 + (c + 2) / 64), 0xE2000000};
        for (uint32_t w : words)
            r.gpu.writeGP0(w, r.now); // no waiting inside the node
        drawn += 4;
    }
    r.idle();
    CHECK(r.records() == before + size_t(drawn));
}
