// GPUSTAT while DMA2 sends a linked list (graphicsprocessingunitgpu.md "GPU Status Register",
// "Ready Bits"; dmachannels.md "Linked List DMA"): DMA2 in mode 2 waits for GPUSTAT.28 (its
// request with GP1(04h)=2) before each node, so a node that finds the GPU drawing waits; the
// channel's busy bit clears when the last node has gone, which can be before the GPU has drawn
// it - GPUSTAT.26 ("ready to receive a command") tells when the GPU is done.
#include <catch2/catch.hpp>

#include <cstring>

#include "core/bus.h"
#include "core/system.h"
#include "device_test_util.h"
#include "gpu/gpu.h"

namespace {
constexpr uint32_t kGp1 = 0x1f801814, kGpustat = 0x1f801814;
constexpr uint32_t kMadr2 = 0x1f8010a0, kChcr2 = 0x1f8010a8, kDpcr = 0x1f8010f0;

struct Rig {
    core::System sys;
    core::Bus& bus = sys.bus();
    core::Scheduler& s = sys.scheduler();
    void ram32(uint32_t a, uint32_t v) { std::memcpy(bus.ram() + a, &v, 4); }
    uint32_t stat() { return bus.read(kGpustat, 4); }
    bool dmaBusy() { return (bus.read(kChcr2, 4) >> 24) & 1; }
};
} // namespace

TEST_CASE("gpu Ready Bits: DMA2 waits for GPUSTAT.28 before each node - busy ends before the "
          "drawing",
          "[devices]") {
    Rig r;
    r.bus.write(kGp1, 0x04000002, 4); // DMA direction CPU -> GP0
    r.bus.write(kDpcr, 0x07654321 | 0x800, 4);
    // Node A: a fill of 1024x511 pixels (long). Node B: a 16x16 fill. Then the end marker.
    r.ram32(0x1000, (3u << 24) | 0x2000);
    r.ram32(0x1004, 0x02000000);
    r.ram32(0x1008, 0x00000000);
    r.ram32(0x100c, 0x01ff03f0);
    r.ram32(0x2000, (3u << 24) | 0xffffff);
    r.ram32(0x2004, 0x02000000);
    r.ram32(0x2008, 0x01000000);
    r.ram32(0x200c, 0x00100010);
    r.bus.write(kMadr2, 0x1000, 4);
    r.bus.write(kChcr2, 0x01000401, 4);
    testutil::runFor(r.s, 100);
    // Node A went out; the GPU draws it, so node B waits: the channel stays busy, and neither
    // "ready for a command" nor "ready for a DMA block" (nor the request, bit 25) is set.
    CHECK(r.dmaBusy());
    CHECK((r.stat() >> 26 & 1) == 0);
    CHECK((r.stat() >> 28 & 1) == 0);
    CHECK((r.stat() >> 25 & 1) == 0);
    uint64_t aDone = r.sys.gpu().busyUntil();
    CHECK(aDone > r.s.now() + 10000);
    // Once the fill is done node B goes out (at the next request poll) and the list ends.
    testutil::runUntil(r.s, aDone + 200);
    CHECK_FALSE(r.dmaBusy());
    // The channel has finished, yet the GPU may still be drawing node B: only GPUSTAT.26 says
    // when it is done.
    testutil::runUntil(r.s, r.sys.gpu().busyUntil());
    CHECK((r.stat() >> 26 & 1) == 1);
    CHECK((r.stat() >> 28 & 1) == 1);
}
