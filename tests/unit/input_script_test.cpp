// skipjack-cli run --input-script (app/cli/input_script.h): the text format, its refusals, and
// the machine's side: a savestate made with other controllers is refused (core/system.h
// acceptsStatePads), and System feeds every multitap slot from the host.
#include <catch2/catch.hpp>
#include <string>

#include "app/cli/input_script.h"
#include "app/cli/options.h"
#include "assets/embedded.h"
#include "core/sio0.h"
#include "core/system.h"

using cli::InputScript;
using core::PadState;

TEST_CASE("input script: lines set a controller's whole state from their frame on - mouse "
          "motion lasts one frame",
          "[cli][input]") {
    InputScript s;
    std::string error;
    REQUIRE(s.parse("# a comment\n"
                    "\n"
                    "120 1 buttons=cross,start lx=ff\n"
                    "  5 2 dx=-7 dy=3 buttons=mouse-left\r\n"
                    "200 1 none\n"
                    "130 2c x=160 y=-1 buttons=trigger,b analog=1\n"
                    "140 1d connected=0\n",
                    error));
    CHECK(error.empty());
    CHECK(s.size() == 5);
    s.startFrame(0);
    CHECK(s.pad(0, 0).buttons == 0);
    CHECK(s.pad(1, 0).mouseDx == 0);
    s.startFrame(5);
    CHECK(s.pad(1, 0).mouseDx == -7);
    CHECK(s.pad(1, 0).mouseDy == 3);
    CHECK(s.pad(1, 0).buttons == PadState::R1); // mouse Left = bit 11
    s.startFrame(6);
    CHECK(s.pad(1, 0).mouseDx == 0); // motion is for its frame only
    CHECK(s.pad(1, 0).buttons == PadState::R1);
    s.startFrame(119);
    CHECK(s.pad(0, 0).buttons == 0);
    s.startFrame(120);
    CHECK(s.pad(0, 0).buttons == (PadState::Cross | PadState::Start));
    CHECK(s.pad(0, 0).axes[PadState::LeftX] == 0xff);
    CHECK(s.pad(0, 0).axes[PadState::LeftY] == 0x80);
    s.startFrame(150);
    CHECK(s.pad(1, 2).gunX == 160);
    CHECK(s.pad(1, 2).gunY == -1);
    CHECK(s.pad(1, 2).buttons == (PadState::Circle | PadState::Cross));
    CHECK(s.pad(1, 2).analogButton);
    CHECK_FALSE(s.pad(0, 3).connected);
    s.startFrame(200);
    CHECK(s.pad(0, 0).buttons == 0);
    CHECK(s.pad(0, 0).axes[PadState::LeftX] == 0x80);
}

TEST_CASE("input script: a bad line is refused with its number and why", "[cli][input]") {
    struct Bad {
        const char* text;
        const char* message;
    };
    const Bad cases[] = {
        {"x 1 none", "line 1: expected a frame number (0 or more), not 'x'"},
        {"-1 1 none", "line 1: expected a frame number (0 or more), not '-1'"},
        {"# ok\n10 3 none", "line 2: expected a port (1, 2, or 1a..1d, 2a..2d for multitap "
                            "slots), not '3'"},
        {"10 1e none", "line 1: expected a port (1, 2, or 1a..1d, 2a..2d for multitap slots), "
                       "not '1e'"},
        {"10 1 buttons=cross,jump", "line 1: unknown button 'jump'"},
        {"10 1 lx=100", "line 1: lx needs two hex digits (00..ff), not '100'"},
        {"10 1 lx=zz", "line 1: lx needs two hex digits (00..ff), not 'zz'"},
        {"10 1 dx=40000", "line 1: dx needs a decimal number (-32768..32767), not '40000'"},
        {"10 1 analog=2", "line 1: analog needs 0 or 1, not '2'"},
        {"10 1 turbo=1", "line 1: unknown key 'turbo'"},
        {"10 1 cross", "line 1: expected key=value, not 'cross'"},
        {"10 1", "line 1: no controller state (use 'none' to release everything)"},
        {"10 1 none buttons=up", "line 1: 'none' stands alone"},
    };
    for (const Bad& b : cases) {
        InputScript s;
        std::string error;
        INFO(b.text);
        CHECK_FALSE(s.parse(b.text, error));
        CHECK(error == b.message);
        CHECK(s.empty()); // nothing half-parsed is kept
    }
    InputScript s;
    std::string error;
    CHECK_FALSE(s.load("/nonexistent/skipjack/input.txt", error));
    CHECK(error == "cannot read the input script /nonexistent/skipjack/input.txt");
}

TEST_CASE(
    "skipjack-cli options --pad1/--pad2: every controller type, multitap with one type or four",
    "[cli][input]") {
    cli::Options o;
    std::string error;
    using T = core::Controller::Type;
    CHECK(cli::parsePadType("guncon", o, 0, error));
    CHECK(o.padType[0] == core::Sio0::PadType::GunCon);
    CHECK(cli::parsePadType("analog-joystick", o, 1, error));
    CHECK(o.padType[1] == core::Sio0::PadType::AnalogJoystick);
    CHECK(cli::parsePadType("multitap", o, 0, error));
    CHECK(o.padType[0] == core::Sio0::PadType::Multitap);
    CHECK(o.tapTypes[0][3] == T::Digital);
    CHECK(cli::parsePadType("multitap:dualshock", o, 0, error));
    CHECK(o.tapTypes[0][0] == T::DualShock);
    CHECK(o.tapTypes[0][3] == T::DualShock);
    CHECK(cli::parsePadType("multitap:mouse,digital,guncon,dualshock", o, 1, error));
    CHECK(o.tapTypes[1][0] == T::Mouse);
    CHECK(o.tapTypes[1][2] == T::GunCon);
    CHECK_FALSE(cli::parsePadType("joystick", o, 0, error));
    CHECK(error == "needs digital, dualshock, analog-joystick, mouse, guncon, "
                   "multitap[:T[,T,T,T]], not 'joystick'");
    CHECK_FALSE(cli::parsePadType("multitap:digital,digital", o, 0, error));
    CHECK_FALSE(cli::parsePadType("multitap:multitap", o, 0, error));
    CHECK_FALSE(cli::parsePadType("multitapx", o, 0, error));
    CHECK_FALSE(cli::parsePadType("multitap:", o, 0, error));
}

TEST_CASE("controllers: a savestate made with other controllers is refused with both named - "
          "the same ones load",
          "[savestate][pad]") {
    auto demo = assets::embeddedProgram("skipjack-demo");
    REQUIRE(!demo.empty());
    std::string error;
    core::System a;
    REQUIRE(a.loadExe(demo, error));
    a.sio0().setPadType(0, core::Sio0::PadType::DualShock);
    a.sio0().setPadType(1, core::Sio0::PadType::Multitap);
    a.sio0().setTapPadType(1, 3, core::Controller::Type::Mouse);
    a.runFrame();
    std::vector<uint8_t> state = a.saveState();

    core::System b;
    REQUIRE(b.loadExe(demo, error));
    b.runFrame();
    const uint64_t before = b.stateHash();
    CHECK_FALSE(b.loadState(state, error));
    CHECK(error == "the savestate was made with other controllers (port 1: dualshock, port 2: "
                   "multitap (digital, digital, digital, mouse)); this machine has port 1: "
                   "digital, port 2: digital: plug in the same ones (skipjack-cli "
                   "--pad1/--pad2) to load it");
    CHECK(b.stateHash() == before); // nothing changed

    b.sio0().setPadType(0, core::Sio0::PadType::DualShock);
    b.sio0().setPadType(1, core::Sio0::PadType::Multitap);
    b.sio0().setTapPadType(1, 3, core::Controller::Type::Mouse);
    REQUIRE(b.loadState(state, error));
    CHECK(b.stateHash() == a.stateHash());
}
