#include <catch2/catch.hpp>

#include <string>

#include "assets/embedded.h"
#include "core/system.h"
#include "recording_host.h"

// core/host.h: what leaves the machine and what enters it crosses one interface.

TEST_CASE("host: each frame is reported once with its number - console text and pads cross "
          "the host",
          "[host]") {
    auto demo = assets::embeddedProgram("skipjack-demo");
    REQUIRE(!demo.empty());
    testutil::RecordingHost host;
    core::System sys;
    sys.setHost(&host);
    std::string error;
    REQUIRE(sys.loadExe(demo, error));
    for (int i = 0; i < 40; ++i)
        sys.runFrame();
    REQUIRE(host.frames.size() == 40);
    bool numbered = true;
    for (size_t i = 0; i < host.frames.size(); ++i)
        numbered = numbered && host.frames[i].number == i + 1 && host.frames[i].presented;
    CHECK(numbered);
    CHECK(host.padReads == 2 * 40); // both ports, once per frame
    CHECK(host.console.find("skipjack-demo gte self-check") != std::string::npos);
    CHECK(host.console.find("player takes control") == std::string::npos);

    // A button held on pad 0 reaches the program: the demo leaves attract mode.
    host.pads[0].buttons = core::PadState::Cross;
    for (int i = 0; i < 5; ++i)
        sys.runFrame();
    CHECK(host.console.find("player takes control") != std::string::npos);
    CHECK(host.frames.back().number == 45);
}

TEST_CASE("host: a machine without a host runs as one with a silent host - state for state",
          "[host]") {
    auto demo = assets::embeddedProgram("skipjack-demo");
    REQUIRE(!demo.empty());
    testutil::RecordingHost host;
    core::System quiet, recorded;
    recorded.setHost(&host);
    std::string error;
    REQUIRE(quiet.loadExe(demo, error));
    REQUIRE(recorded.loadExe(demo, error));
    for (int i = 0; i < 30; ++i) {
        quiet.runFrame();
        recorded.runFrame();
    }
    CHECK(quiet.stateHash() == recorded.stateHash());
    CHECK_FALSE(host.console.empty());
}

TEST_CASE("device registry: every device's I/O range and state section is registered once",
          "[host]") {
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
