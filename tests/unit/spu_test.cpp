#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "core/bus.h"
#include "core/dma.h"
#include "core/irq.h"
#include "core/spu.h"
#include "core/system.h"
#include "device_test_util.h"

using core::Spu;

namespace {
constexpr uint32_t kIrqAddr = 0x1f801da4, kXferAddr = 0x1f801da6, kFifo = 0x1f801da8,
                   kSpucnt = 0x1f801daa, kXferCtrl = 0x1f801dac, kSpustat = 0x1f801dae;
constexpr uint32_t kDpcr = 0x1f8010f0;
constexpr uint32_t kMadr4 = 0x1f8010c0, kBcr4 = 0x1f8010c4, kChcr4 = 0x1f8010c8;
// SPUCNT: SPU enable + unmute, plus the transfer mode (bits 4-5) and IRQ enable (bit 6).
constexpr uint32_t kOn = 0xc000, kIrqOn = 0x40;

struct Rig {
    core::Scheduler sched;
    core::Irq irq;
    Spu spu{sched, irq};
    uint16_t ram16(uint32_t a) const {
        uint16_t v;
        std::memcpy(&v, spu.ram() + a, 2);
        return v;
    }
    // "SPU RAM Manual Write": control 0004h, Stop, address, FIFO, Manual Write.
    void manualWrite(uint32_t addr8, const std::vector<uint16_t>& data, uint32_t cnt = kOn,
                     uint32_t ctrl = 4) {
        spu.write(kXferCtrl, ctrl, 2);
        spu.write(kSpucnt, cnt, 2);
        spu.write(kXferAddr, addr8, 2);
        for (uint16_t h : data)
            spu.write(kFifo, h, 2);
        spu.write(kSpucnt, cnt | 0x10, 2);
    }
    uint16_t stat() { return uint16_t(spu.read(kSpustat, 2)); }
    bool irq9() const { return (irq.state().stat >> 9) & 1; }
};
} // namespace

TEST_CASE("soundprocessingunitspu.md SPU Memory Access: manual write goes to the transfer "
          "address and busy lasts 32 cycles per halfword",
          "[spu]") {
    Rig r;
    r.manualWrite(0x100, {0x1111, 0x2222, 0x3333, 0x4444});
    CHECK(r.ram16(0x800) == 0x1111);
    CHECK(r.ram16(0x806) == 0x4444);
    CHECK(r.ram16(0x808) == 0);
    // 1F801DA6h keeps its value; the internal current address advanced.
    CHECK(r.spu.read(kXferAddr, 2) == 0x100);
    CHECK(r.spu.state().transferAddr == 0x808);
    // SPUSTAT.10 busy: 4 halfwords x 32 cycles (one spare RAM slot per voice, 24 per 768).
    CHECK((r.stat() >> 10) & 1);
    r.sched.advance(4 * 32 - 1);
    CHECK((r.stat() >> 10) & 1);
    r.sched.advance(1);
    CHECK(((r.stat() >> 10) & 1) == 0);
}

TEST_CASE("soundprocessingunitspu.md SPU RAM Manual Write: FIFO writes in Stop mode wait for "
          "Manual Write - writes in Manual Write mode go at once",
          "[spu]") {
    Rig r;
    r.spu.write(kXferCtrl, 4, 2);
    r.spu.write(kSpucnt, kOn, 2);
    r.spu.write(kXferAddr, 2, 2);
    r.spu.write(kFifo, 0xabcd, 2);
    CHECK(r.ram16(0x10) == 0);
    r.spu.write(kSpucnt, kOn | 0x10, 2);
    CHECK(r.ram16(0x10) == 0xabcd);
    // Multi-block (BIOS intro): SPUCNT already in mode 1, new address, more FIFO data.
    r.spu.write(kXferAddr, 4, 2);
    r.spu.write(kFifo, 0x5678, 2);
    CHECK(r.ram16(0x20) == 0x5678);
}

TEST_CASE("soundprocessingunitspu.md 1F801DA8h: the FIFO holds at most 32 halfwords", "[spu]") {
    Rig r;
    std::vector<uint16_t> data;
    for (uint16_t i = 0; i < 33; ++i)
        data.push_back(uint16_t(i + 1));
    r.manualWrite(0, data); // the 33rd write finds the FIFO full
    CHECK(r.ram16(62) == 32);
    CHECK(r.ram16(64) == 0);
    r.sched.advance(32 * 32 - 1); // busy for the 32 halfwords written
    CHECK((r.stat() >> 10) & 1);
}

TEST_CASE("soundprocessingunitspu.md 1F801DACh: transfer types fill - rep2 - rep4 - rep8",
          "[spu]") {
    std::vector<uint16_t> fifo;
    for (uint16_t i = 0; i < 10; ++i)
        fifo.push_back(uint16_t(0xa0 + i)); // A=A0h, B=A1h, ... J=A9h
    auto run = [&](uint32_t type) {
        Rig r;
        r.manualWrite(0, fifo, kOn, type << 1);
        std::vector<uint16_t> out;
        for (uint32_t i = 0; i < fifo.size(); ++i)
            out.push_back(r.ram16(2 * i));
        CHECK(r.ram16(2 * fifo.size()) == 0); // as many halfwords as were written
        return out;
    };
    using V = std::vector<uint16_t>;
    // "0,1,6,7 Fill: X,X,X..." (the last FIFO halfword)
    for (uint32_t t : {0u, 1u, 6u, 7u})
        CHECK(run(t) == V(10, 0xa9));
    CHECK(run(2) == V{0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9});
    CHECK(run(3) == V{0xa0, 0xa0, 0xa2, 0xa2, 0xa4, 0xa4, 0xa6, 0xa6, 0xa8, 0xa8}); // A,A,C,C
    CHECK(run(4) == V{0xa0, 0xa0, 0xa0, 0xa0, 0xa4, 0xa4, 0xa4, 0xa4, 0xa8, 0xa8}); // A,A,A,A,E
    // "Rep8 H,H,H,H,H,H,H,H": the 8th of each group (the last one of an incomplete group).
    CHECK(run(5) == V{0xa7, 0xa7, 0xa7, 0xa7, 0xa7, 0xa7, 0xa7, 0xa7, 0xa9, 0xa9});
}

TEST_CASE("soundprocessingunitspu.md SPU Memory layout: transfers wrap at the end of the "
          "512K sound RAM",
          "[spu]") {
    Rig r;
    r.manualWrite(0xffff, {1, 2, 3, 4, 5, 6}); // byte address 7FFF8h
    CHECK(r.ram16(0x7fff8) == 1);
    CHECK(r.ram16(0x7fffe) == 4);
    CHECK(r.ram16(0x00000) == 5);
    CHECK(r.ram16(0x00002) == 6);
    CHECK(r.spu.state().transferAddr == 4);
    // DMA read wraps too.
    r.spu.write(kSpucnt, kOn, 2);
    r.spu.write(kXferAddr, 0xffff, 2);
    r.spu.write(kSpucnt, kOn | 0x30, 2);
    r.spu.dmaRead();
    CHECK(r.spu.dmaRead() == 0x00040003);
    CHECK(r.spu.dmaRead() == 0x00060005);
}

TEST_CASE("soundprocessingunitspu.md SPUSTAT: bits 0-5 follow SPUCNT - bit 7 = SPUCNT.5 - "
          "bits 8/9 DMA write/read request",
          "[spu]") {
    Rig r;
    for (uint32_t low = 0; low < 0x40; ++low) {
        r.spu.write(kSpucnt, kOn | low, 2);
        uint32_t mode = (low >> 4) & 3;
        uint32_t expect =
            low | ((low & 0x20) << 2) | (mode == 2 ? 0x100 : 0) | (mode == 3 ? 0x200 : 0);
        CHECK(r.stat() == expect);
        CHECK(r.spu.dmaRequest() == (mode >= 2));
    }
    CHECK(r.spu.read(kSpucnt, 2) == (kOn | 0x3f)); // SPUCNT reads back
    r.spu.write(kSpustat, 0xffff, 2);              // SPUSTAT is read-only
    CHECK(r.stat() == 0x2bf);
    // A 32-bit read of 1F801DACh returns the transfer control and SPUSTAT.
    r.spu.write(kXferCtrl, 4, 2);
    CHECK(r.spu.read(kXferCtrl, 4) == (0x02bfu << 16 | 4));
}

TEST_CASE("soundprocessingunitspu.md SPU Interrupt: a transfer touching the IRQ address sets "
          "SPUSTAT.6 and IRQ9 only when SPUCNT.6 and .15 are set",
          "[spu]") {
    Rig r;
    r.spu.write(kIrqAddr, 0x201, 2); // byte address 1008h
    SECTION("disabled: no flag") {
        r.manualWrite(0x200, {1, 2, 3, 4, 5, 6});
        CHECK(((r.stat() >> 6) & 1) == 0);
        CHECK(!r.irq9());
    }
    SECTION("SPU off (SPUCNT.15 = 0): no flag") {
        r.manualWrite(0x200, {1, 2, 3, 4, 5, 6}, kIrqOn);
        CHECK(!r.irq9());
    }
    SECTION("transfer not reaching the address: no flag") {
        r.manualWrite(0x200, {1, 2, 3, 4}, kOn | kIrqOn); // 1000h..1007h
        CHECK(!r.irq9());
    }
    SECTION("enabled: manual write raises IRQ9, clearing SPUCNT.6 acknowledges") {
        r.manualWrite(0x200, {1, 2, 3, 4, 5, 6}, kOn | kIrqOn);
        CHECK(((r.stat() >> 6) & 1) == 1);
        CHECK(r.irq9());
        r.spu.write(kSpucnt, kOn | 0x10, 2);
        CHECK(((r.stat() >> 6) & 1) == 0);
    }
    SECTION("enabled: DMA write and DMA read raise it too") {
        r.spu.write(kXferCtrl, 4, 2);
        r.spu.write(kSpucnt, kOn | kIrqOn, 2);
        r.spu.write(kXferAddr, 0x200, 2);
        r.spu.write(kSpucnt, kOn | kIrqOn | 0x20, 2);
        for (int i = 0; i < 16; ++i)
            r.spu.dmaWrite(0x12345678);
        CHECK(r.irq9());
        r.irq.write(0x1f801070, 0, 4);
        r.spu.write(kSpucnt, kOn, 2); // acknowledge
        r.spu.write(kXferAddr, 0x201, 2);
        CHECK(!r.irq9());
        // DMA read mode: the FIFO fill that starts with the mode reads the IRQ address.
        r.spu.write(kSpucnt, kOn | kIrqOn | 0x30, 2);
        CHECK(r.irq9());
        CHECK(((r.stat() >> 6) & 1) == 1);
        CHECK(r.spu.dmaRead() == 0x12345678);
    }
}

TEST_CASE("soundprocessingunitspu.md SPUSTAT: in DMA read mode the SPU collects data in its "
          "32-halfword Fifo ahead of the DMA - those reads trap the IRQ address",
          "[spu]") {
    Rig r;
    std::vector<uint16_t> data(48);
    for (unsigned i = 0; i < data.size(); ++i)
        data[i] = uint16_t(0x100 + i);
    r.manualWrite(0x1000 / 8, std::vector<uint16_t>(data.begin(), data.begin() + 32));
    r.manualWrite(0x1040 / 8, std::vector<uint16_t>(data.begin() + 32, data.end()));
    // IRQ at the 33rd halfword (1040h): the first fill reads 32 halfwords, 1000h..103Fh.
    r.spu.write(kIrqAddr, 0x1040 / 8, 2);
    r.spu.write(kSpucnt, kOn | kIrqOn, 2);
    r.spu.write(kXferAddr, 0x1000 / 8, 2);
    r.spu.write(kSpucnt, kOn | kIrqOn | 0x30, 2);
    CHECK(!r.irq9());
    // The first word takes two halfwords; the FIFO refills them from 1040h and 1042h.
    CHECK(r.spu.dmaRead() == 0x01010100);
    CHECK(r.irq9());
    for (unsigned w = 1; w < 24; ++w)
        CHECK(r.spu.dmaRead() == (uint32_t(data[2 * w]) | uint32_t(data[2 * w + 1]) << 16));
    // Leaving DMA read mode drops the prefetched halfwords; a new address starts a new fill.
    r.spu.write(kSpucnt, kOn, 2);
    CHECK(r.spu.state().fifoCount == 0);
    r.spu.write(kSpucnt, kOn | 0x30, 2);
    r.spu.write(kXferAddr, 0x1008 / 8, 2);
    CHECK(r.spu.dmaRead() == 0x01050104);
}

TEST_CASE("soundprocessingunitspu.md 1F801DACh read mode: rep2 reads each halfword twice",
          "[spu]") {
    Rig r;
    r.manualWrite(0, {0x11, 0x22, 0x33});
    r.spu.write(kSpucnt, kOn, 2);
    r.spu.write(kXferCtrl, 3 << 1, 2);
    r.spu.write(kXferAddr, 0, 2);
    r.spu.write(kSpucnt, kOn | 0x30, 2);
    CHECK(r.spu.dmaRead() == 0x00110011);
    CHECK(r.spu.dmaRead() == 0x00220022);
}

TEST_CASE("soundprocessingunitspu.md SPU Bus-Width and Voice Flags: 8-bit writes - ENDX - KON "
          "and the current ADSR volume",
          "[spu]") {
    Rig r;
    r.spu.write(0x1f801c00, 0x12345678, 1); // even: a 16-bit write of the low halfword
    CHECK(r.spu.read(0x1f801c00, 2) == 0x5678);
    r.spu.write(0x1f801c01, 0xff, 1); // odd: ignored
    CHECK(r.spu.read(0x1f801c00, 2) == 0x5678);
    CHECK(r.spu.read(0x1f801c01, 1) == 0x56);
    r.spu.write(0x1f801d80, 0x3fff1234, 4); // a 32-bit write is two halfwords
    CHECK(r.spu.read(0x1f801d80, 4) == 0x3fff1234);
    r.spu.write(0x1f801c1c, 0x4000, 2); // voice 1 current ADSR volume (R/W)
    CHECK(r.spu.read(0x1f801c1c, 2) == 0x4000);
    r.spu.write(0x1f801d9c, 0xffff, 2); // ENDX is read-only
    CHECK(r.spu.read(0x1f801d9c, 4) == 0);
    r.spu.write(0x1f801d88, 0x0002, 2); // KON voice 1: ADSR volume initialised to zero
    CHECK(r.spu.read(0x1f801c1c, 2) == 0);
    CHECK(r.spu.read(0x1f801d88, 2) == 2); // KON reads back the last written value
}

TEST_CASE("DESIGN.md 4: sound RAM writes mark dirty pages and intercepted pages call the hook",
          "[spu]") {
    Rig r;
    r.spu.pages().trackDirty();
    std::vector<std::pair<uint32_t, bool>> hooks;
    r.spu.pages().setHook([&](uint32_t page, bool write) {
        hooks.push_back({page, write});
        r.spu.pages().setFlags(page,
                               r.spu.pages().flags(page) & ~(core::PageFlag::kInterceptRead |
                                                             core::PageFlag::kInterceptWrite));
    });
    r.spu.pages().setFlags(5, core::PageFlag::kInterceptRead | core::PageFlag::kTrackDirty);
    r.manualWrite(0x2000 / 8, {1});
    CHECK(r.spu.pages().dirty(2));
    CHECK(!r.spu.pages().dirty(3));
    CHECK((r.spu.pages().flags(2) & core::PageFlag::kTrackDirty) == 0);
    r.spu.write(kSpucnt, kOn, 2);
    r.spu.write(kXferAddr, 0x5000 / 8, 2);
    r.spu.write(kSpucnt, kOn | 0x30, 2);
    r.spu.dmaRead();
    REQUIRE(hooks.size() == 1);
    CHECK(hooks[0] == std::pair<uint32_t, bool>{5, false});
    CHECK(!r.spu.pages().dirty(5));
}

TEST_CASE("DESIGN.md 5: the spu section round-trips registers - transfer state and sound RAM",
          "[spu]") {
    Rig a;
    a.manualWrite(0x40, {0xbeef, 0xcafe}, kOn | kIrqOn);
    a.spu.write(kIrqAddr, 0x40, 2);
    a.spu.write(kXferAddr, 0x40, 2);
    a.spu.write(kSpucnt, kOn | kIrqOn | 0x30, 2);
    a.spu.dmaRead(); // sets the IRQ flag
    a.spu.write(kSpucnt, kOn | kIrqOn, 2);
    a.spu.write(kFifo, 0x7777, 2); // left in the FIFO
    a.spu.write(0x1f801c00, 0x1234, 2);
    auto io = savestate::StateIO::writer();
    a.spu.serialize(io);
    std::vector<uint8_t> bytes = io.take();

    Rig b;
    auto in = savestate::StateIO::reader(bytes);
    b.spu.serialize(in);
    REQUIRE(in.ok());
    CHECK(std::memcmp(a.spu.ram(), b.spu.ram(), Spu::kRamSize) == 0);
    CHECK(b.ram16(0x202) == 0xcafe);
    CHECK(std::memcmp(&a.spu.state(), &b.spu.state(), sizeof(Spu::State)) == 0);
    CHECK(((b.stat() >> 6) & 1) == 1);
    CHECK(b.spu.read(0x1f801c00, 2) == 0x1234);
    // The saved FIFO entry goes to the saved address: after the DMA word at 200h the DMA read
    // prefetch had read 32 halfwords more (204h..243h), so the address is 244h.
    b.spu.write(kSpucnt, kOn | 0x10, 2);
    CHECK(b.ram16(0x204 + 2 * Spu::kFifoSize) == 0x7777);

    // A version-1 section (the placeholder: registers only) loads with empty sound RAM.
    auto w1 = savestate::StateIO::writer();
    std::vector<uint8_t> regs(1024, 0);
    regs[0x1a6] = 0x10;
    w1.beginSection("spu", 1);
    w1.bytes(regs.data(), regs.size());
    w1.endSection();
    std::vector<uint8_t> v1 = w1.take();
    auto r1 = savestate::StateIO::reader(v1);
    b.spu.serialize(r1);
    REQUIRE(r1.ok());
    CHECK(b.ram16(0x202) == 0);
    CHECK(b.spu.state().transferAddr == 0x80);
    CHECK(b.spu.state().fifoCount == 0);
}

TEST_CASE("soundprocessingunitspu.md SPU RAM DMA-Write / DMA-Read: DMA4 through the system "
          "in both directions",
          "[spu]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    bus.write(kDpcr, bus.read(kDpcr, 4) | (8u << 16), 4); // DMA4 master enable
    // Upload 32 words from main RAM 10000h with DMA write (blocksize 10h, control 01000201h).
    for (uint32_t i = 0; i < 32; ++i)
        bus.write(0x80010000 + 4 * i, 0x01000100u * i + 0x00020001u, 4);
    bus.write(kXferCtrl, 4, 2);
    bus.write(kSpucnt, kOn, 2);
    bus.write(kXferAddr, 0x1000 / 8, 2);
    bus.write(kSpucnt, kOn | 0x20, 2);
    bus.write(kMadr4, 0x10000, 4);
    bus.write(kBcr4, 0x00020010, 4);
    bus.write(kChcr4, 0x01000201, 4);
    testutil::runFor(sys.scheduler(), 20000);
    CHECK((bus.read(kChcr4, 4) & 0x01000000) == 0);
    const uint8_t* sram = sys.spu().ram();
    CHECK(std::memcmp(sram + 0x1000, sys.bus().ram() + 0x10000, 128) == 0);
    // Read it back to 20000h with DMA read (control 01000200h).
    bus.write(kSpucnt, kOn, 2);
    bus.write(kXferAddr, 0x1000 / 8, 2);
    bus.write(kSpucnt, kOn | 0x30, 2);
    bus.write(kMadr4, 0x20000, 4);
    bus.write(kBcr4, 0x00020010, 4);
    bus.write(kChcr4, 0x01000200, 4);
    testutil::runFor(sys.scheduler(), 20000);
    CHECK((bus.read(kChcr4, 4) & 0x01000000) == 0);
    CHECK(std::memcmp(sys.bus().ram() + 0x20000, sys.bus().ram() + 0x10000, 128) == 0);
    CHECK(bus.read(0x80020004, 4) == 0x01020101);

    // The whole machine state carries the sound RAM: save, clobber, load.
    std::vector<uint8_t> state = sys.saveState();
    sys.spu().ram()[0x1000] ^= 0xff;
    std::string error;
    REQUIRE(sys.loadState(state, error));
    CHECK(std::memcmp(sys.spu().ram() + 0x1000, sys.bus().ram() + 0x10000, 128) == 0);
    CHECK(sys.saveState() == state);
}
