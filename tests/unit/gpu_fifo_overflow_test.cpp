// The GP0 command FIFO's capacity (graphicsprocessingunitgpu.md: "64-byte (16-word) command
// FIFO"; "GPU Versions": DMA blocks over 10h words exceed it "and cause lost data"; GPUSTAT
// bit 28: the DMA "probably starts ONLY on command words", so nothing holds back the rest of a
// block). A word that finds the FIFO full is lost; NOPs and E3h..E5h take no FIFO space.
#include <catch2/catch.hpp>

#include "gpu_test_rig.h"

using namespace gpu;
using gputest::Rig;

namespace {
// Starts a fill long enough to keep the GPU busy, then queues `n` one-word commands behind it.
void fillFifo(Rig& r, int n) {
    r.gp0({0x02000000, 0, 0x01FF03F1});
    r.now = 10;
    for (int i = 0; i < n; ++i)
        r.gp0(0xE1000000);
}
uint32_t gp1Info(Rig& r, uint32_t index) {
    r.gp1(0x10000000 | index);
    return r.read();
}
} // namespace

TEST_CASE("gpu FIFO: a word that arrives while the 16-word FIFO is full is lost", "[gpu]") {
    Rig r;
    fillFifo(r, 16);
    CHECK(r.gpu.fifoRoomAt(r.now) > r.now); // a polling sender would wait
    r.gpu.writeGP0(0xE6000003, r.now);      // 17th word, sent without waiting: no room
    r.idle();
    CHECK((r.stat() >> 11 & 3) == 0); // the mask setting never arrived
    r.gp0(0xE6000003);                // with room it does
    r.idle();
    CHECK((r.stat() >> 11 & 3) == 3);
}

TEST_CASE("gpu FIFO: the 16th word still fits", "[gpu]") {
    Rig r;
    fillFifo(r, 15);
    r.gp0(0xE6000003);
    r.idle();
    CHECK((r.stat() >> 11 & 3) == 3);
}

TEST_CASE("gpu FIFO: E3h-E5h and NOPs pass a full FIFO (they take no space)", "[gpu]") {
    Rig r;
    fillFifo(r, 16);
    r.gpu.writeGP0(0x00000000, r.now);
    r.gpu.writeGP0(0xE5000000 | (7u << 11) | 5u, r.now); // drawing offset x 5, y 7
    r.idle();
    CHECK((gp1Info(r, 5) & 0x3FFFFF) == ((7u << 11) | 5u));
}

TEST_CASE("gpu FIFO: a polygon whose last vertex is lost takes the next word as that vertex",
          "[gpu]") {
    Rig r;
    fillFifo(r, 13);
    // Flat triangle (4 words): command + 2 vertices fit, the third vertex is lost.
    size_t before = r.records();
    for (uint32_t w : {0x20FFFFFFu, gputest::xy(0, 0), gputest::xy(10, 0), gputest::xy(0, 10)})
        r.gpu.writeGP0(w, r.now); // sent without waiting
    r.idle();
    CHECK(r.records() == before); // still waiting for a vertex
    r.gp0(gputest::xy(20, 20));   // the sender's next word completes it
    r.idle();
    CHECK(r.records() == before + 1);
}
