#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/bus.h"
#include "core/system.h"

// core/device_registry.h: each device declares its I/O ranges, DMA port, events and state
// section once; System registers them in state-section order.

TEST_CASE("device registry: each device and its I/O ranges are registered once - in state order",
          "[registry]") {
    core::System sys;
    const auto& devices = sys.devices().devices();
    REQUIRE(devices.size() == 15);
    // The state sections follow in this order (saved states depend on it).
    const char* kOrder[] = {"bus",     "irq", "cpu",   "gte",  "dma", "timers", "sio0",   "memcard",
                            "memcard", "spu", "cdrom", "mdec", "gpu", "video",  "hlebios"};
    bool ordered = true;
    for (size_t i = 0; i < devices.size(); ++i)
        ordered = ordered && std::string(devices[i].name) == kOrder[i];
    CHECK(ordered);
    // No two devices claim the same I/O address.
    int overlaps = 0;
    for (size_t i = 0; i < devices.size(); ++i)
        for (size_t j = i + 1; j < devices.size(); ++j)
            for (unsigned a = 0; a < devices[i].ioCount; ++a)
                for (unsigned b = 0; b < devices[j].ioCount; ++b)
                    if (devices[i].io[a].begin < devices[j].io[b].end &&
                        devices[j].io[b].begin < devices[i].io[a].end)
                        ++overlaps;
    CHECK(overlaps == 0);
    int dmaChannels = 0;
    for (const auto& d : devices)
        dmaChannels += (d.dmaChannel >= 0 ? 1 : 0) + (d.dmaChannel2 >= 0 ? 1 : 0);
    CHECK(dmaChannels == 5); // MDEC (0, 1), GPU (2), CD-ROM (3) and SPU (4) so far
}

TEST_CASE("device registry: every scheduler event is declared by exactly one device",
          "[registry]") {
    core::System sys;
    const core::Scheduler& s = sys.scheduler();
    std::vector<int> owners(s.eventCount(), 0);
    for (const auto& d : sys.devices().devices())
        for (unsigned e = 0; e < d.eventCount; ++e)
            if (d.events[e] < owners.size()) ++owners[d.events[e]];
    REQUIRE(s.eventCount() == 22); // the CD-ROM drive has 4, the video 3, the SPU 1, the MDEC 1
    std::string unowned;
    for (uint32_t h = 0; h < s.eventCount(); ++h)
        if (owners[h] != 1) unowned += s.eventName(h) + " ";
    CHECK(unowned.empty());
}

namespace {
// A device that records what reaches it through the bus.
struct ProbeDevice {
    uint32_t lastAddr = 0, lastValue = 0;
    unsigned lastSize = 0;
    uint32_t read(uint32_t addr, unsigned size) {
        lastAddr = addr;
        lastSize = size;
        return 0x1234;
    }
    void write(uint32_t addr, uint32_t value, unsigned size) {
        lastAddr = addr;
        lastValue = value;
        lastSize = size;
    }
};
} // namespace

TEST_CASE("bus: a registered range reaches its device with the CPU address - unmapped I/O "
          "faults but the garbage locations - SBUS ranges take their delay",
          "[registry]") {
    core::Bus bus;
    ProbeDevice onDie, sbus;
    core::DeviceInfo a("probe", &onDie);
    a.ioRange<&ProbeDevice::read, &ProbeDevice::write>(0x1f801100, 0x1f801110);
    core::DeviceInfo b("sbus-probe", &sbus);
    b.ioRange<&ProbeDevice::read, &ProbeDevice::write>(0x1f801c00, 0x1f802000, core::IoTiming::Spu);
    bus.map(a);
    bus.map(b);

    CHECK(bus.read(0xbf801104, 2) == 0x1234);
    CHECK(onDie.lastAddr == 0xbf801104); // devices see the CPU's address (open-bus quirks)
    CHECK(onDie.lastSize == 2);
    CHECK(bus.lastAccessCycles() == 5);
    bus.write(0x1f80110c, 0xabcd, 4);
    CHECK(onDie.lastValue == 0xabcd);

    CHECK(bus.read(0x1f801d80, 2) == 0x1234);
    CHECK(sbus.lastAddr == 0x1f801d80);
    // Boot SPU_DELAY 200931E1h with COM_DELAY 00031125h: a 16-bit access takes 22 cycles.
    CHECK(bus.lastAccessCycles() == 22);

    // Just past the range nothing answers: a locked location faults (unpredictablethings.md);
    // the garbage locations after the timers read zero.
    bus.read(0x1f801110, 4);
    CHECK(bus.takeBusError());
    CHECK(bus.read(0x1f801130, 4) == 0);
    CHECK_FALSE(bus.takeBusError());
    CHECK(bus.read(0x1f801060, 4) == 0x00000b88); // memory control is always the bus's own
}
