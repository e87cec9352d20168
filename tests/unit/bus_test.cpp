#include <catch2/catch.hpp>

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
    CHECK(bus.read(0x1f801234, 4) == 0); // unused I/O port reads 0, no fault
    CHECK_FALSE(bus.takeBusError());
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
