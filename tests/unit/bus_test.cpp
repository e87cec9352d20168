#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "core/bus.h"
#include "core/irq.h"
#include "core/system.h"

// memorymap.md, memorycontrol.md, interrupts.md through a whole System's bus.

TEST_CASE("memorymap.md: 2 MB of RAM mirror through the 8 MB window and KUSEG/KSEG0/KSEG1",
          "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    bus.write(0x00000100, 0x12345678, 4);
    CHECK(bus.read(0x80000100, 4) == 0x12345678);
    CHECK(bus.read(0xa0200100, 4) == 0x12345678);
    CHECK(bus.read(0x80600100, 4) == 0x12345678);
    CHECK(bus.read(0x00000102, 2) == 0x1234);
    CHECK(bus.read(0x00000101, 1) == 0x56);
    CHECK_FALSE(bus.takeBusError());
}

TEST_CASE("memorycontrol.md RAM_SIZE: beyond the decoded window accesses fault", "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    CHECK(bus.read(0x1f801060, 4) == 0x00000b88);
    bus.read(0x00800000, 4); // past 8 MB
    CHECK(bus.takeBusError());
    bus.write(0x1f801060, 0x00000888, 4); // bank size 2 MB (bits 9/11 = 0/1)
    bus.read(0x00200000, 4);
    CHECK(bus.takeBusError());
    bus.read(0x001ffffc, 4);
    CHECK_FALSE(bus.takeBusError());
}

TEST_CASE("memorymap.md: the scratchpad is not reachable through KSEG1", "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    bus.write(0x1f800010, 0xcafef00d, 4);
    CHECK(bus.read(0x9f800010, 4) == 0xcafef00d);
    CHECK_FALSE(bus.takeBusError());
    bus.read(0xbf800010, 4);
    CHECK(bus.takeBusError());
}

TEST_CASE("memorymap.md: an access to nothing sets the bus error flag", "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    bus.read(0x30000000, 4); // KUSEG beyond 512 MB
    CHECK(bus.takeBusError());
    bus.write(0x1f900000, 0, 4);
    CHECK(bus.takeBusError());
}

TEST_CASE("unpredictablethings.md Locked Locations: the I/O gaps fault on read and write",
          "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    // Each locked gap of the table, first and last address, every access size.
    const uint32_t gaps[][2] = {{0x1f801024, 0x1f801040}, {0x1f801064, 0x1f801070},
                                {0x1f801078, 0x1f801080}, {0x1f801140, 0x1f801800},
                                {0x1f801804, 0x1f801810}, {0x1f801818, 0x1f801820},
                                {0x1f801828, 0x1f801c00}};
    for (auto [begin, end] : gaps) {
        for (uint32_t a : {begin, end - 4}) {
            for (unsigned size : {1u, 2u, 4u}) {
                bus.read(0x80000000 | a, size);
                CHECK(bus.takeBusError());
                bus.write(a, 0, size);
                CHECK(bus.takeBusError());
            }
        }
    }
    // The neighbours of the gaps still answer.
    for (uint32_t a : {0x1f801020u, 0x1f801060u, 0x1f801074u, 0x1f8010fcu, 0x1f801800u, 0x1f801814u,
                       0x1f801824u, 0x1f801c00u}) {
        bus.read(a, 4);
        CHECK_FALSE(bus.takeBusError());
    }
}

TEST_CASE("unpredictablethings.md Garbage Locations: 1F801130h..3Fh do not fault, read zero",
          "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    for (uint32_t a = 0x1f801130; a < 0x1f801140; a += 4) {
        bus.write(a, 0xffffffff, 4);
        CHECK(bus.read(a, 4) == 0);
        CHECK(bus.read(a + 3, 1) == 0);
        CHECK_FALSE(bus.takeBusError());
    }
}

TEST_CASE("unpredictablethings.md KSEG2: only FFFE0000h-1Fh and FFFE0100h-3Fh answer",
          "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    for (uint32_t a : {0xc0000000u, 0xfffe0020u, 0xfffe00fcu, 0xfffe0140u, 0xffffff00u}) {
        bus.read(a, 4);
        CHECK(bus.takeBusError());
        bus.write(a, 0, 4);
        CHECK(bus.takeBusError());
    }
    for (uint32_t a : {0xfffe0000u, 0xfffe001cu, 0xfffe0100u, 0xfffe013cu}) {
        bus.write(a, 0xffffffff, 4);
        CHECK(bus.read(a, 4) == 0); // "usually returns zeros"
        CHECK_FALSE(bus.takeBusError());
    }
}

TEST_CASE("unpredictablethings.md: BCC (FFFE0130h) stores are (i32)", "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    bus.write(0xfffe0130, 0x00000804, 4);
    // An aligned byte or halfword store writes the whole 32-bit source register.
    bus.write(0xfffe0130, 0x0001e988, 1);
    CHECK(bus.read(0xfffe0130, 4) == 0x0001e988);
    bus.write(0xfffe0130, 0x00000804, 2);
    CHECK(bus.read(0xfffe0130, 4) == 0x00000804);
    // Stores at FFFE0131h..33h are ignored, without a fault.
    bus.write(0xfffe0131, 0xff, 1);
    bus.write(0xfffe0132, 0xffff, 2);
    bus.write(0xfffe0133, 0xff, 1);
    CHECK(bus.read(0xfffe0130, 4) == 0x00000804);
    CHECK(bus.read(0xfffe0131, 1) == 0x08);
    CHECK_FALSE(bus.takeBusError());
}

namespace {
// A 16-bit SBUS device (SPU-timed range) that records the transactions it receives.
struct SbusProbe {
    struct Write {
        uint32_t addr, value;
        unsigned size;
    };
    std::vector<Write> writes;
    uint32_t read(uint32_t, unsigned) { return 0; }
    void write(uint32_t addr, uint32_t value, unsigned size) {
        writes.push_back({addr, value, size});
    }
};
} // namespace

TEST_CASE("partialwordwrites.md SBUS: SWL/SWR to a 16-bit device follow the BIU dispatch rules",
          "[devices]") {
    core::Bus bus;
    SbusProbe probe;
    core::DeviceInfo info("probe", &probe);
    info.ioRange<&SbusProbe::read, &SbusProbe::write>(0x1f801d80, 0x1f801d84, core::IoTiming::Spu);
    bus.map(info);
    // src = AABBCCDDh; the bus word of SWL +N is src >> ((3-N)*8), of SWR +N src << (N*8).
    const uint32_t src = 0xaabbccdd;
    struct Case {
        bool left;
        unsigned n;
        int half;       // -1: dropped, 2: both halfwords
        uint32_t value; // the bus halfword latched (low one for "both")
    };
    // The "SBUS writes to MAINVOL_L" table.
    const Case cases[] = {{true, 0, 0, 0x00aa},  {true, 1, 0, 0xaabb},  {true, 2, 0, 0xbbcc},
                          {true, 3, 2, 0xccdd},  {false, 0, 2, 0xccdd}, {false, 1, 0, 0xdd00},
                          {false, 2, 1, 0xccdd}, {false, 3, -1, 0}};
    for (const Case& c : cases) {
        probe.writes.clear();
        const uint32_t lanes = c.left ? (2u << c.n) - 1 : (0xfu << c.n) & 0xf;
        const uint32_t word = c.left ? src >> ((3 - c.n) * 8) : src << (c.n * 8);
        bus.writeLanes(0x1f801d80, word, lanes);
        INFO((c.left ? "swl +" : "swr +") << c.n);
        if (c.half < 0) {
            CHECK(probe.writes.empty());
        } else if (c.half == 2) {
            REQUIRE(probe.writes.size() == 1);
            CHECK(probe.writes[0].size == 4); // both halfwords: the device's 32-bit split
            CHECK((probe.writes[0].value & 0xffff) == c.value);
            CHECK((probe.writes[0].value >> 16) == 0xaabb);
        } else {
            REQUIRE(probe.writes.size() == 1);
            CHECK(probe.writes[0].addr == 0x1f801d80u + 2 * uint32_t(c.half));
            CHECK(probe.writes[0].size == 2);
            CHECK(probe.writes[0].value == c.value);
        }
    }
}

TEST_CASE("partialwordwrites.md on-die: SWL/SWR lanes do not gate the latch", "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    // DPCR (1F8010F0h): SWL +1 of AABBCCDDh latches 0000AABBh in full.
    bus.writeLanes(0x1f8010f0, 0xaabbccddu >> 16, 0x3);
    CHECK(bus.read(0x1f8010f0, 4) == 0x0000aabb);
    bus.writeLanes(0x1f8010f0, 0xaabbccddu << 8, 0xe); // SWR +1
    CHECK(bus.read(0x1f8010f0, 4) == 0xbbccdd00);
}

TEST_CASE("interrupts.md: I_STAT write 0 acknowledges - I_MASK is R/W - bits 11-15 zero",
          "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    sys.irq().raise(core::IrqSource::Timer0);
    sys.irq().raise(core::IrqSource::Dma);
    CHECK((bus.read(0x1f801070, 4) & 0xffff) == 0x18);
    bus.write(0x1f801070, ~0x10u, 4);
    CHECK((bus.read(0x1f801070, 4) & 0xffff) == 0x08);
    bus.write(0x1f801074, 0xffffffff, 4);
    CHECK((bus.read(0x1f801074, 4) & 0xffff) == 0x07ff);
    CHECK(sys.irq().line());
    // An 8-bit store to I_MASK+1 latches value << 8 (partialwordwrites.md).
    bus.write(0x1f801075, 0x04, 1);
    CHECK((bus.read(0x1f801074, 4) & 0xffff) == 0x0400);
}

TEST_CASE("iomap.md: device registers answer through the bus with their widths", "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    CHECK(bus.read(0x1f8010f0, 4) == 0x07654321); // DPCR
    bus.write(0x1f801108, 0x1234, 2);             // T0 target
    CHECK(bus.read(0x1f801108, 2) == 0x1234);
    CHECK((bus.read(0x1f801044, 4) & 0x5) == 0x5); // JOY_STAT TX ready + idle
}

TEST_CASE("soundprocessingunitspu.md / cdromdrive.md / macroblockdecodermdec.md: status "
          "ports of the devices",
          "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    bus.write(0x1f801daa, 0xc03f, 2); // SPUCNT: transfer mode 3 (DMA read)
    // SPUSTAT bits 0-5 = SPUCNT, bit 7 = SPUCNT.5, bit 9 = DMA read request.
    CHECK(bus.read(0x1f801dae, 2) == 0x02bf);
    bus.write(0x1f801dae, 0, 2); // read-only
    CHECK(bus.read(0x1f801dae, 2) == 0x02bf);
    CHECK(bus.read(0x1f801800, 1) == 0x18); // HSTS: parameter FIFO empty and not full
    bus.write(0x1f801800, 2, 1);
    CHECK(bus.read(0x1f801800, 1) == 0x1a); // bank 2
    CHECK(bus.read(0x1f801824, 4) == 0x80040000);
}

TEST_CASE("memorycontrol.md Auto Increment off: a wide BIOS read repeats the first address",
          "[devices]") {
    core::System sys;
    core::Bus& bus = sys.bus();
    const uint8_t rom[4] = {0x11, 0x22, 0x33, 0x44};
    std::memcpy(bus.bios() + 0x100, rom, 4);
    bus.write(0x1f801010, 0x0013243f, 4); // 8-bit bus, auto increment on (bit 13)
    CHECK(bus.read(0xbfc00100, 4) == 0x44332211);
    bus.write(0x1f801010, 0x0013043f, 4); // bit 13 clear: 4 reads of 1FC00100h
    CHECK(bus.read(0xbfc00100, 4) == 0x11111111);
    CHECK(bus.read(0xbfc00102, 2) == 0x3333);
    CHECK(bus.read(0xbfc00103, 1) == 0x44);
    bus.write(0x1f801010, 0x0013143f, 4); // 16-bit bus, bit 13 clear: the halfword twice
    CHECK(bus.read(0xbfc00100, 4) == 0x22112211);
    CHECK(bus.read(0xbfc00102, 2) == 0x4433);
    CHECK_FALSE(bus.takeBusError());
}
