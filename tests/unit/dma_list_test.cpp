// DMA2 linked lists: how each end form ends the transfer (DICR flags, bit 31, IRQ3, MADR), the
// per-node flag of DICR bits 0-6, and the time a node takes (dmachannels.md "Linked List
// DMA", "1F8010F4h - DICR", "DMA Transfer Rates"; the node overhead is the peers' figure, which
// the reference does not give: 10 cycles to read a header, 5 more to set up a non-empty node).
#include <catch2/catch.hpp>

#include <cstring>
#include <span>
#include <vector>

#include "core/bus.h"
#include "core/dma.h"
#include "core/irq.h"
#include "device_test_util.h"

using core::Dma;

namespace {
constexpr uint32_t kMadr2 = 0x1f8010a0, kChcr2 = 0x1f8010a8;
constexpr uint32_t kDpcr = 0x1f8010f0, kDicr = 0x1f8010f4;
constexpr uint32_t kDicrCh2 = (1u << 23) | (1u << 18); // master enable + channel 2 enable

struct Sink {
    std::vector<uint32_t> words;
    std::vector<uint64_t> times;
    core::DmaPort port() {
        core::DmaPort p;
        p.device = this;
        p.request = [](void*, core::Cycles) { return true; };
        p.write = [](void* self, std::span<const uint32_t> w, const core::DmaClock& clock) {
            auto& s = *static_cast<Sink*>(self);
            for (uint32_t i = 0; i < w.size(); ++i) {
                s.words.push_back(w[i]);
                s.times.push_back(clock.at(i));
            }
        };
        return p;
    }
};

struct Rig {
    core::Scheduler sched;
    core::Bus bus;
    core::Irq irq;
    Dma dma{bus, sched, irq};
    Sink gpu;
    Rig() {
        dma.connect(2, gpu.port());
        dma.write(kDpcr, 0x07654321 | 0x800, 4);
    }
    void setRam32(uint32_t a, uint32_t v) { std::memcpy(bus.ram() + a, &v, 4); }
    // One node at 1000h with a data word, pointing at `next`; runs the list to its end.
    void runList(uint32_t next, uint32_t dicr = kDicrCh2) {
        setRam32(0x1000, (1u << 24) | next);
        setRam32(0x1004, 0x12345678);
        dma.write(kDicr, dicr, 4);
        dma.write(kMadr2, 0x1000, 4);
        dma.write(kChcr2, 0x01000401, 4);
        testutil::runFor(sched, 100000);
    }
    uint32_t dicr() { return dma.read(kDicr, 4); }
    bool busy() { return (dma.read(kChcr2, 4) >> 24) & 1; }
    bool irq3() { return (irq.state().stat >> 3) & 1; }
};
} // namespace

TEST_CASE("dmachannels.md Linked List DMA: FFFFFFh ends the list - completion flag - IRQ3",
          "[devices]") {
    Rig r;
    r.runList(0xffffff);
    CHECK_FALSE(r.busy());
    CHECK(r.gpu.words == std::vector<uint32_t>{0x12345678});
    CHECK(r.dma.read(kMadr2, 4) == 0xffffff); // "or the end marker in SyncMode=2"
    CHECK((r.dicr() & (1u << 26)) != 0);
    CHECK((r.dicr() & (1u << 15)) == 0);
    CHECK((r.dicr() & (1u << 31)) != 0);
    CHECK(r.irq3());
}

TEST_CASE("dmachannels.md Linked List DMA: 800000h (bit 23 alone) ends it with a bus error",
          "[devices]") {
    Rig r;
    r.runList(0x800000);
    CHECK_FALSE(r.busy());
    CHECK(r.gpu.words.size() == 1);
    // "will trigger a DMA error, reflected into the DICR register": bit 15, which forces bit 31
    // and so raises IRQ3; no completion flag for channel 2.
    CHECK((r.dicr() & (1u << 15)) != 0);
    CHECK((r.dicr() & (1u << 26)) == 0);
    CHECK((r.dicr() & (1u << 31)) != 0);
    CHECK(r.irq3());
}

TEST_CASE("dmachannels.md Linked List DMA: bit 23 with other low bits (FFFFFEh) is an error - "
          "only FFFFFFh is the end marker",
          "[devices]") {
    for (uint32_t next : {0xfffffeu, 0x80fff0u, 0xc00000u}) {
        Rig r;
        r.runList(next);
        INFO("next " << std::hex << next);
        CHECK_FALSE(r.busy());
        CHECK((r.dicr() & (1u << 15)) != 0);
        CHECK((r.dicr() & (1u << 26)) == 0);
    }
}

TEST_CASE("dmachannels.md DICR bit 15: the bus error raises bit 31 even with the master enable "
          "off",
          "[devices]") {
    Rig r;
    r.runList(0x800000, 0); // no enables at all
    CHECK((r.dicr() & (1u << 15)) != 0);
    CHECK((r.dicr() & (1u << 31)) != 0); // "IF b15=1 OR ..."
    CHECK(r.irq3());
    // Writing 0 to bit 15 clears it and bit 31 with it.
    r.dma.write(kDicr, 0, 4);
    CHECK((r.dicr() & (1u << 31)) == 0);
}

TEST_CASE("dmachannels.md Linked List DMA: 7FFFF7h (bit 23 clear, low bits set) is a node in "
          "the RAM mirror - not an end",
          "[devices]") {
    Rig r;
    // 7FFFF4h (bits 0-1 ignored) lies in the 8 MB RAM window, which mirrors the 2 MB of RAM:
    // the node is read from 1FFFF4h.
    r.setRam32(0x1ffff4, (1u << 24) | 0xffffff);
    r.setRam32(0x1ffff8, 0xabcdef01);
    r.runList(0x7ffff7);
    CHECK_FALSE(r.busy());
    CHECK(r.gpu.words == std::vector<uint32_t>{0x12345678, 0xabcdef01});
    CHECK((r.dicr() & (1u << 26)) != 0);
    CHECK((r.dicr() & (1u << 15)) == 0);
}

TEST_CASE("dmachannels.md DICR bit 2: a linked list flags every node - not only the end",
          "[devices]") {
    Rig r;
    r.setRam32(0x2000, (0u << 24) | 0x3000);
    r.setRam32(0x3000, (0u << 24) | 0xffffff);
    r.dma.write(kDicr, kDicrCh2 | (1u << 2), 4);
    r.setRam32(0x1000, (0u << 24) | 0x2000);
    r.dma.write(kMadr2, 0x1000, 4);
    r.dma.write(kChcr2, 0x01000401, 4);
    r.sched.runDue(); // the first node only
    CHECK(r.busy());
    CHECK((r.dicr() & (1u << 26)) != 0);
    r.dma.write(kDicr, kDicrCh2 | (1u << 2) | (1u << 26), 4); // acknowledge
    CHECK((r.dicr() & (1u << 26)) == 0);
    testutil::runFor(r.sched, 10000);
    CHECK_FALSE(r.busy());
    CHECK((r.dicr() & (1u << 26)) != 0);
}

TEST_CASE("DMA linked list timing: a node costs 10 cycles for its header - 5 more when it has "
          "words - plus 110h/100h per word",
          "[devices]") {
    Rig r;
    // Node A (4 words) -> empty node B -> node C (1 word) -> end.
    r.setRam32(0x1000, (4u << 24) | 0x2000);
    for (uint32_t i = 0; i < 4; ++i)
        r.setRam32(0x1004 + 4 * i, 0xa0 + i);
    r.setRam32(0x2000, (0u << 24) | 0x3000);
    r.setRam32(0x3000, (1u << 24) | 0xffffff);
    r.setRam32(0x3004, 0xc0);
    r.dma.write(kMadr2, 0x1000, 4);
    uint64_t t0 = r.sched.now();
    r.dma.write(kChcr2, 0x01000401, 4);
    testutil::runFor(r.sched, 10000);
    REQUIRE(r.gpu.times.size() == 5);
    // Node A's first word moves after its header and setup: 15 cycles after the start.
    CHECK(r.gpu.times[0] - t0 == 15);
    // Words of a node follow each other at 110h/100h cycles.
    CHECK(r.gpu.times[3] - r.gpu.times[0] == (3u * 0x110) >> 8);
    // Node C's word: A (15 + 4 words), the gap the CPU gets between nodes, B (10), C (15).
    uint64_t aEnd = 15 + ((4u * 0x110) >> 8);
    uint64_t expect = aEnd + Dma::kSliceGapCycles + 10 + Dma::kSliceGapCycles + 15;
    CHECK(r.gpu.times[4] - t0 >= expect);
    CHECK(r.gpu.times[4] - t0 <= expect + 1); // the carried 1/256 fractions
}
