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
constexpr uint32_t kBase = 0x1f801080;
constexpr uint32_t kDpcr = 0x1f8010f0, kDicr = 0x1f8010f4;
uint32_t madr(unsigned c) {
    return kBase + 0x10 * c;
}
uint32_t bcr(unsigned c) {
    return kBase + 0x10 * c + 4;
}
uint32_t chcr(unsigned c) {
    return kBase + 0x10 * c + 8;
}

// A device on a channel: records every word with the cycle the DMA clock gives it.
struct RecordingPort {
    std::vector<uint32_t> words;
    std::vector<uint64_t> times;
    std::vector<size_t> blocks; // words per write/read call
    bool drq = true;
    uint32_t next = 0xa0000000;
    std::vector<int>* order = nullptr;
    int id = 0;
    core::DmaPort port() {
        core::DmaPort p;
        p.device = this;
        p.request = [](void* self, core::Cycles) { return static_cast<RecordingPort*>(self)->drq; };
        p.write = [](void* self, std::span<const uint32_t> w, const core::DmaClock& clock) {
            auto& r = *static_cast<RecordingPort*>(self);
            r.blocks.push_back(w.size());
            for (uint32_t i = 0; i < w.size(); ++i) {
                r.words.push_back(w[i]);
                r.times.push_back(clock.at(i));
                if (r.order) r.order->push_back(r.id);
            }
        };
        p.read = [](void* self, std::span<uint32_t> w, const core::DmaClock&) {
            auto& r = *static_cast<RecordingPort*>(self);
            r.blocks.push_back(w.size());
            for (uint32_t& x : w) {
                if (r.order) r.order->push_back(r.id);
                x = r.next++;
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
    RecordingPort ports[7];
    Rig() {
        for (unsigned c = 0; c < 7; ++c) {
            ports[c].id = int(c);
            dma.connect(c, ports[c].port());
        }
        dma.write(kDpcr, 0x0fedcba9 | 0x08888888, 4); // enable all channels
    }
    uint32_t ram32(uint32_t a) {
        uint32_t v;
        std::memcpy(&v, bus.ram() + a, 4);
        return v;
    }
    void setRam32(uint32_t a, uint32_t v) { std::memcpy(bus.ram() + a, &v, 4); }
    void settle() { testutil::runFor(sched, 200000); }
};
} // namespace

TEST_CASE("dmachannels.md DPCR: initial value 07654321h", "[devices]") {
    core::Scheduler s;
    core::Bus bus;
    core::Irq irq;
    Dma dma(bus, s, irq);
    CHECK(dma.read(kDpcr, 4) == 0x07654321);
    CHECK(dma.read(0x1f8010f8, 4) == 0x7ffac68b);
    CHECK(dma.read(0x1f8010fc, 4) == 0x00fffff7);
}

TEST_CASE("dmachannels.md D6_CHCR: only bits 24 - 28 - 30 writable - bit 1 always 1", "[devices]") {
    Rig r;
    r.dma.write(chcr(6), 0xeeffffff, 4); // everything but 24 and 28
    CHECK(r.dma.read(chcr(6), 4) == 0x40000002);
    r.dma.write(chcr(2), 0xeeffffff, 4);
    CHECK(r.dma.read(chcr(2), 4) == 0x60770703);
    r.dma.write(madr(2), 0xffffffff, 4);
    CHECK(r.dma.read(madr(2), 4) == 0x00ffffff);
}

TEST_CASE("dmachannels.md OTC: reverse-cleared table ending in 00FFFFFFh - CPU stalled",
          "[devices]") {
    Rig r;
    r.dma.write(kDicr, (1u << 23) | (1u << 22), 4);
    const uint32_t n = 256, top = 0x1000 + 4 * (n - 1);
    r.dma.write(madr(6), top, 4);
    r.dma.write(bcr(6), n, 4);
    uint64_t t0 = r.sched.now();
    r.dma.write(chcr(6), 0x11000002, 4);
    CHECK((r.dma.read(chcr(6), 4) & (1u << 24)) != 0);
    r.sched.runDue(); // the transfer begins after the store
    // 256 words at 110h clocks per 100h words: the CPU was held for 272 cycles.
    CHECK(r.sched.now() - t0 == 0x110);
    r.sched.runDue();
    CHECK(r.dma.read(chcr(6), 4) == 0x00000002); // bits 24 and 28 cleared
    CHECK(r.dma.read(madr(6), 4) == top);        // sync mode 0 leaves MADR alone
    for (uint32_t i = 0; i < n - 1; ++i)
        REQUIRE(r.ram32(top - 4 * i) == top - 4 * (i + 1));
    CHECK(r.ram32(0x1000) == 0x00ffffff);
    CHECK((r.dma.read(kDicr, 4) >> 24) == 0xc0); // flag 6 and master flag 31
    CHECK((r.irq.state().stat & (1u << 3)) != 0);
}

TEST_CASE("dmachannels.md DICR: flags only with channel and master enable - W1C - bit 31",
          "[devices]") {
    Rig r;
    // Channel 6 completes with bit 23 off: no flag.
    r.dma.write(kDicr, 1u << 22, 4);
    r.dma.write(madr(6), 0x100, 4);
    r.dma.write(bcr(6), 4, 4);
    r.dma.write(chcr(6), 0x11000002, 4);
    r.settle();
    CHECK(r.dma.read(kDicr, 4) == (1u << 22));
    CHECK((r.irq.state().stat & (1u << 3)) == 0);
    // Bit 15 forces bit 31 and raises IRQ3 on the 0 -> 1 edge.
    r.dma.write(kDicr, 1u << 15, 4);
    CHECK(r.dma.read(kDicr, 4) == 0x80008000);
    CHECK((r.irq.state().stat & (1u << 3)) != 0);
    r.dma.write(kDicr, 0, 4);
    CHECK(r.dma.read(kDicr, 4) == 0);
    // A set flag survives the channel enable being cleared; writing 1 clears it.
    r.dma.write(kDicr, (1u << 23) | (1u << 22), 4);
    r.dma.write(chcr(6), 0x11000002, 4);
    r.settle();
    CHECK(r.dma.read(kDicr, 4) == 0xc0c00000);
    r.dma.write(kDicr, (1u << 23), 4);
    CHECK(r.dma.read(kDicr, 4) == 0xc0800000);
    r.dma.write(kDicr, (1u << 23) | (1u << 30), 4);
    CHECK(r.dma.read(kDicr, 4) == 0x00800000);
    // Unused bits 7-14 do not stick.
    r.dma.write(kDicr, 0x7f80, 4);
    CHECK(r.dma.read(kDicr, 4) == 0);
}

TEST_CASE("dmachannels.md sync mode 0: burst waits for DRQ or bit 28", "[devices]") {
    Rig r;
    r.ports[3].drq = false;
    r.dma.write(madr(3), 0x2000, 4);
    r.dma.write(bcr(3), 8, 4);
    r.dma.write(chcr(3), 0x01000000, 4); // device -> RAM, no force
    testutil::runFor(r.sched, 1000);
    CHECK((r.dma.read(chcr(3), 4) & (1u << 24)) != 0);
    CHECK(r.ram32(0x2000) == 0);
    r.ports[3].drq = true;
    r.settle();
    CHECK((r.dma.read(chcr(3), 4) & (1u << 24)) == 0);
    CHECK(r.ram32(0x2000) == 0xa0000000);
    CHECK(r.ram32(0x201c) == 0xa0000007);
}

TEST_CASE("dmachannels.md sync mode 0 with MADR step -4 (CHCR bit 1)", "[devices]") {
    Rig r;
    r.dma.write(madr(4), 0x3010, 4);
    r.dma.write(bcr(4), 3, 4);
    r.dma.write(chcr(4), 0x11000002, 4);
    r.settle();
    CHECK(r.ram32(0x3010) == 0xa0000000);
    CHECK(r.ram32(0x300c) == 0xa0000001);
    CHECK(r.ram32(0x3008) == 0xa0000002);
}

TEST_CASE("dmachannels.md sync mode 1: BS*BA words - MADR advanced - BA counted to 0",
          "[devices]") {
    Rig r;
    for (uint32_t i = 0; i < 12; ++i)
        r.setRam32(0x4000 + 4 * i, 100 + i);
    r.dma.write(madr(2), 0x4000, 4);
    r.dma.write(bcr(2), (3u << 16) | 4, 4);
    r.dma.write(chcr(2), 0x01000201, 4);
    r.settle();
    REQUIRE(r.ports[2].words.size() == 12);
    CHECK(r.ports[2].words[11] == 111);
    CHECK(r.dma.read(madr(2), 4) == 0x4030);
    CHECK(r.dma.read(bcr(2), 4) == 4);
    CHECK((r.dma.read(chcr(2), 4) & (1u << 24)) == 0);
    // The CPU got the bus between blocks: the blocks are not back to back.
    CHECK(r.ports[2].times[4] > r.ports[2].times[3] + 1);
}

TEST_CASE("dmachannels.md sync mode 1 with CHCR bit 8 hangs", "[devices]") {
    Rig r;
    r.dma.write(madr(2), 0x4000, 4);
    r.dma.write(bcr(2), (1u << 16) | 4, 4);
    r.dma.write(chcr(2), 0x01000301, 4);
    r.settle();
    CHECK(r.ports[2].words.empty());
    CHECK((r.dma.read(chcr(2), 4) & (1u << 24)) != 0);
}

TEST_CASE("dmachannels.md sync mode 2: linked list to the end marker FFFFFFh", "[devices]") {
    Rig r;
    r.setRam32(0x1000, (2u << 24) | 0x2000);
    r.setRam32(0x1004, 0x11111111);
    r.setRam32(0x1008, 0x22222222);
    r.setRam32(0x2000, (0u << 24) | 0x3000); // empty node
    r.setRam32(0x3000, (1u << 24) | 0xffffff);
    r.setRam32(0x3004, 0x33333333);
    r.dma.write(kDicr, (1u << 23) | (1u << 18), 4);
    r.dma.write(madr(2), 0x1000, 4);
    r.dma.write(chcr(2), 0x01000401, 4);
    r.settle();
    REQUIRE(r.ports[2].words.size() == 3);
    CHECK(r.ports[2].words[0] == 0x11111111);
    CHECK(r.ports[2].words[2] == 0x33333333);
    CHECK(r.dma.read(madr(2), 4) == 0x00ffffff);
    CHECK((r.dma.read(kDicr, 4) & (1u << 26)) != 0);
}

TEST_CASE("dmachannels.md linked list: an address past the 8 MB RAM window is a bus error",
          "[devices]") {
    Rig r;
    r.setRam32(0x1000, (1u << 24) | 0x802000); // bit 23 set, not the end marker
    r.setRam32(0x1004, 7);
    r.dma.write(kDicr, (1u << 23) | (1u << 18), 4);
    r.dma.write(madr(2), 0x1000, 4);
    r.dma.write(chcr(2), 0x01000401, 4);
    r.settle();
    CHECK(r.ports[2].words.size() == 1);
    uint32_t dicr = r.dma.read(kDicr, 4);
    CHECK((dicr & (1u << 15)) != 0);
    CHECK((dicr & (1u << 31)) != 0);
    CHECK((dicr & (1u << 26)) == 0); // no completion flag for the error
    CHECK((r.dma.read(chcr(2), 4) & (1u << 24)) == 0);
}

TEST_CASE("dmachannels.md DICR bits 0-6: a flag per slice block", "[devices]") {
    Rig r;
    r.dma.write(kDicr, (1u << 23) | (1u << 18) | (1u << 2), 4);
    r.dma.write(madr(2), 0x4000, 4);
    r.dma.write(bcr(2), (4u << 16) | 16, 4);
    r.dma.write(chcr(2), 0x01000201, 4);
    r.sched.runDue(); // first block
    CHECK(r.ports[2].words.size() == 16);
    CHECK((r.dma.read(kDicr, 4) & (1u << 26)) != 0);
}

TEST_CASE("dmachannels.md DPCR: higher priority first - equal priority favours the higher "
          "channel - a disabled channel waits",
          "[devices]") {
    Rig r;
    std::vector<int> order;
    for (auto& p : r.ports)
        p.order = &order;
    // ch1 priority 1, ch3 priority 0, ch4 and ch5 priority 3, all enabled.
    r.dma.write(kDpcr, 0x00bb8090, 4);
    for (unsigned c : {1u, 3u, 4u, 5u}) {
        r.dma.write(madr(c), 0x5000 + 0x100 * c, 4);
        r.dma.write(bcr(c), 2, 4);
    }
    r.dma.write(chcr(1), 0x11000000, 4);
    r.dma.write(chcr(3), 0x11000000, 4);
    r.dma.write(chcr(4), 0x11000000, 4);
    r.dma.write(chcr(5), 0x11000000, 4);
    r.settle();
    REQUIRE(order.size() == 8);
    CHECK(order[0] == 3);
    CHECK(order[2] == 1);
    CHECK(order[4] == 5);
    CHECK(order[6] == 4);

    Rig q;
    q.dma.write(kDpcr, 0, 4); // everything disabled
    q.dma.write(madr(6), 0x100, 4);
    q.dma.write(bcr(6), 2, 4);
    q.dma.write(chcr(6), 0x11000002, 4);
    q.settle();
    CHECK((q.dma.read(chcr(6), 4) & (1u << 24)) != 0);
    q.dma.write(kDpcr, 0x08000000, 4);
    q.settle();
    CHECK((q.dma.read(chcr(6), 4) & (1u << 24)) == 0);
}

TEST_CASE("dmachannels.md burst with chopping updates MADR and BCR and lets the CPU run",
          "[devices]") {
    Rig r;
    r.dma.write(madr(3), 0x6000, 4);
    r.dma.write(bcr(3), 8, 4);
    // Chopping: DMA window 1 << 1 = 2 words, CPU window 1 << 4 = 16 cycles.
    r.dma.write(chcr(3), 0x11000100 | (1u << 16) | (4u << 20), 4);
    r.sched.runDue();
    CHECK(r.ram32(0x6004) == 0xa0000001);
    CHECK(r.ram32(0x6008) == 0);
    CHECK(r.dma.read(madr(3), 4) == 0x6008);
    CHECK(r.dma.read(bcr(3), 4) == 6);
    r.settle();
    CHECK(r.ram32(0x601c) == 0xa0000007);
    CHECK(r.dma.read(bcr(3), 4) == 0);
}

TEST_CASE("dmachannels.md: DMA writes go through the RAM page table", "[devices]") {
    Rig r;
    r.bus.pages().trackDirty();
    r.dma.write(madr(6), 0x5004, 4);
    r.dma.write(bcr(6), 2, 4);
    r.dma.write(chcr(6), 0x11000002, 4);
    r.settle();
    CHECK(r.bus.pages().dirty(0x5004 >> core::Bus::kPageShift));
    CHECK_FALSE(r.bus.pages().dirty(0x6000 >> core::Bus::kPageShift));
}

TEST_CASE("DMA blocks: a burst longer than a block reaches the device block by block - each "
          "word at the cycle the per-word cost gives it",
          "[devices]") {
    Rig r;
    constexpr uint32_t kWords = 2 * Dma::kBlockWords + 88;
    for (uint32_t i = 0; i < kWords; ++i)
        r.setRam32(0x8000 + 4 * i, 0x5000 + i);
    r.dma.write(madr(2), 0x8000, 4);
    r.dma.write(bcr(2), kWords, 4);
    r.dma.write(chcr(2), 0x11000001, 4); // start + force, RAM -> device
    r.settle();
    const RecordingPort& p = r.ports[2];
    REQUIRE(p.words.size() == kWords);
    CHECK(p.blocks == std::vector<size_t>{Dma::kBlockWords, Dma::kBlockWords, 88});
    CHECK(p.words[300] == 0x5000 + 300);
    // Channel 2 costs 110h/100h cycles a word ("DMA Transfer Rates"), the fraction carried
    // across block boundaries as from word to word.
    bool exact = true;
    for (uint32_t i = 0; i < kWords; ++i)
        exact = exact && p.times[i] - p.times[0] == (uint64_t(i) * Dma::kWordCost[2]) >> 8;
    CHECK(exact);
    CHECK(p.times[kWords - 1] - p.times[0] == 636); // 599 * 110h / 100h
}

TEST_CASE("DMA clock: word i of a block moves at start plus frac and i times cost over 256",
          "[devices]") {
    core::DmaClock clock{100, 0xf0, 0x110};
    CHECK(clock.at(0) == 100);
    CHECK(clock.at(1) == 102); // F0h + 110h = 200h: the carried fraction completes a cycle
    CHECK(clock.at(2) == 103);
    CHECK(clock.at(16) == 100 + (0xf0 + 16 * 0x110) / 256);
}

TEST_CASE("DMA: a device reading into RAM fills it block by block", "[devices]") {
    Rig r;
    constexpr uint32_t kWords = Dma::kBlockWords + 10;
    r.dma.write(madr(4), 0x9000, 4);
    r.dma.write(bcr(4), kWords, 4);
    r.dma.write(chcr(4), 0x11000000, 4); // start + force, device -> RAM
    r.settle();
    CHECK(r.ports[4].blocks == std::vector<size_t>{Dma::kBlockWords, 10});
    CHECK(r.ram32(0x9000) == 0xa0000000);
    CHECK(r.ram32(0x9000 + 4 * (kWords - 1)) == 0xa0000000 + kWords - 1);
}
