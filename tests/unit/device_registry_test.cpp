#include <catch2/catch.hpp>

#include <string>
#include <vector>

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
        dmaChannels += d.dmaChannel >= 0 ? 1 : 0;
    CHECK(dmaChannels == 2); // GPU (2) and SPU (4) so far
}

TEST_CASE("device registry: every scheduler event is declared by exactly one device",
          "[registry]") {
    core::System sys;
    const core::Scheduler& s = sys.scheduler();
    std::vector<int> owners(s.eventCount(), 0);
    for (const auto& d : sys.devices().devices())
        for (unsigned e = 0; e < d.eventCount; ++e)
            if (d.events[e] < owners.size()) ++owners[d.events[e]];
    REQUIRE(s.eventCount() == 15);
    std::string unowned;
    for (uint32_t h = 0; h < s.eventCount(); ++h)
        if (owners[h] != 1) unowned += s.eventName(h) + " ";
    CHECK(unowned.empty());
}
