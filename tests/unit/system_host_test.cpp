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
