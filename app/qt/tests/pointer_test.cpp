// The host mouse as the emulated Mouse and GunCon: the presenter's picture rectangle inverted
// (window pixel -> picture pixel, letterboxing and scaling), the ports' states from the host
// input, the mouse's motion added up per emulated frame in EmuHost, and the device list.
// Expected values are worked out by hand from the window and frame sizes in each case.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "../emu_host.h"
#include "../host_pointer.h"
#include "../pad_devices.h"
#include "../viewport.h"
#include "core/pad_state.h"

using app::AspectMode;
using app::HostDrive;
using app::HostPointer;
using app::windowToPicture;
using core::PadState;

namespace {
const glm::ivec2 kOff{-1, -1};
}

TEST_CASE("GunCon aim: 4:3 letterbox bars left and right are off the picture", "[pointer]") {
    // 1000x600 window, 320x240 frame: the 4:3 rectangle is 800x600 at x 100; 2.5 window
    // pixels per picture pixel on both axes.
    const glm::ivec2 win{1000, 600}, frame{320, 240};
    const AspectMode m = AspectMode::Ratio4x3;
    CHECK(windowToPicture({99, 300}, win, frame, m) == kOff); // left bar
    CHECK(windowToPicture({100, 0}, win, frame, m) == glm::ivec2(0, 0));
    CHECK(windowToPicture({101, 1}, win, frame, m) == glm::ivec2(0, 0));       // 1.5 / 2.5 = 0.6
    CHECK(windowToPicture({103, 3}, win, frame, m) == glm::ivec2(1, 1));       // 3.5 / 2.5 = 1.4
    CHECK(windowToPicture({500, 300}, win, frame, m) == glm::ivec2(160, 120)); // 400.5 / 2.5
    CHECK(windowToPicture({899, 599}, win, frame, m) == glm::ivec2(319, 239));
    CHECK(windowToPicture({900, 10}, win, frame, m) == kOff); // right bar
    CHECK(windowToPicture({-1, 10}, win, frame, m) == kOff);
    CHECK(windowToPicture({500, 600}, win, frame, m) == kOff); // below the window
    // Fractional positions (a scaled screen) are the pixel they fall in.
    CHECK(windowToPicture({500.9, 300.2}, win, frame, m) == glm::ivec2(160, 120));
}

TEST_CASE("GunCon aim: 4:3 letterbox bars above and below; 480-line frame", "[pointer]") {
    // 640x960 window, 640x480 frame: 640x480 at y 240, one window pixel per picture pixel.
    const glm::ivec2 win{640, 960}, frame{640, 480};
    const AspectMode m = AspectMode::Ratio4x3;
    CHECK(windowToPicture({10, 239}, win, frame, m) == kOff);
    CHECK(windowToPicture({10, 240}, win, frame, m) == glm::ivec2(10, 0));
    CHECK(windowToPicture({639, 719}, win, frame, m) == glm::ivec2(639, 479));
    CHECK(windowToPicture({0, 720}, win, frame, m) == kOff);
}

TEST_CASE("GunCon aim: stretched picture scales each axis on its own", "[pointer]") {
    // 1000x600 window, 256x240 frame: 1000/256 = 3.90625 across, 600/240 = 2.5 down.
    const glm::ivec2 win{1000, 600}, frame{256, 240};
    const AspectMode m = AspectMode::Stretch;
    CHECK(windowToPicture({0, 0}, win, frame, m) == glm::ivec2(0, 0));
    // (3, 1): 3.5 / 3.90625 = 0.9, 1.5 / 2.5 = 0.6; (4, 3): 4.5 / 3.90625 = 1.15, 3.5 / 2.5 = 1.4
    CHECK(windowToPicture({3, 1}, win, frame, m) == glm::ivec2(0, 0));
    CHECK(windowToPicture({4, 3}, win, frame, m) == glm::ivec2(1, 1));
    CHECK(windowToPicture({500, 300}, win, frame, m) == glm::ivec2(128, 120)); // 500.5*0.256
    CHECK(windowToPicture({999, 599}, win, frame, m) == glm::ivec2(255, 239));
    CHECK(windowToPicture({1000, 599}, win, frame, m) == kOff);
}

TEST_CASE("GunCon aim: integer scaling, centred and cropped", "[pointer]") {
    // 1000x1000 window, 320x240 frame: 3x, 960x720 at (20, 140).
    glm::ivec2 win{1000, 1000}, frame{320, 240};
    const AspectMode m = AspectMode::Integer;
    CHECK(windowToPicture({19, 140}, win, frame, m) == kOff);
    CHECK(windowToPicture({20, 140}, win, frame, m) == glm::ivec2(0, 0));
    CHECK(windowToPicture({22, 142}, win, frame, m) == glm::ivec2(0, 0)); // 2.5/3
    CHECK(windowToPicture({23, 143}, win, frame, m) == glm::ivec2(1, 1)); // 3.5/3
    CHECK(windowToPicture({979, 859}, win, frame, m) == glm::ivec2(319, 239));
    CHECK(windowToPicture({980, 500}, win, frame, m) == kOff);
    CHECK(windowToPicture({500, 860}, win, frame, m) == kOff);
    // A 200x100 window shows the 1x frame cropped: origin (-60, -70).
    win = {200, 100};
    CHECK(windowToPicture({0, 0}, win, frame, m) == glm::ivec2(60, 70));
    CHECK(windowToPicture({199, 99}, win, frame, m) == glm::ivec2(259, 169));
    CHECK(windowToPicture({200, 50}, win, frame, m) == kOff); // outside the window
}

TEST_CASE("GunCon aim: no picture, no light", "[pointer]") {
    CHECK(windowToPicture({10, 10}, {640, 480}, {0, 0}, AspectMode::Ratio4x3) == kOff);
    CHECK(windowToPicture({10, 10}, {0, 0}, {320, 240}, AspectMode::Stretch) == kOff);
}

TEST_CASE("the device list offers the mouse and the GunCon", "[pointer]") {
    const auto& list = app::padDevices();
    REQUIRE(list.size() == 6); // and the multitap, last
    const char* ids[] = {"digital", "dualshock", "analog-joystick", "mouse", "guncon"};
    for (size_t i = 0; i < 5; ++i)
        CHECK(QString::fromLatin1(list[i].id) == QString::fromLatin1(ids[i]));
    const app::PadDeviceInfo& mouse = app::padDevice(QString("mouse"));
    CHECK(mouse.type == core::Sio0::PadType::Mouse);
    CHECK(mouse.drive == HostDrive::Mouse);
    CHECK(!mouse.analog);
    CHECK(!mouse.rumble);
    const app::PadDeviceInfo& gun = app::padDevice(QString("guncon"));
    CHECK(gun.type == core::Sio0::PadType::GunCon);
    CHECK(gun.drive == HostDrive::Gun);
    CHECK(app::padDevice(core::Sio0::PadType::GunCon).id == gun.id);
    CHECK(app::padDevice(core::Sio0::PadType::DualShock).drive == HostDrive::Pad);
    // An id from a newer build falls back to the digital pad.
    CHECK(app::padDevice(QString("steering-wheel")).type == core::Sio0::PadType::Digital);
}

TEST_CASE("mouse buttons: left bit 11, right bit 10, only while captured", "[pointer]") {
    // "Controllers - Mouse", halfword 1: bit 10 Right Button, bit 11 Left Button.
    HostPointer p;
    p.setDrives(HostDrive::Pad, HostDrive::Mouse);
    CHECK(p.padPort() == 0);
    PadState pad;
    pad.buttons = PadState::Cross | PadState::Up;
    p.setButtons(HostPointer::Right);
    CHECK(p.portState(1, pad).buttons == 0); // not captured: the buttons are the window's
    // The left click captures (PointerCapture: setCaptured, then the press): still the
    // window's, until released.
    p.setCaptured(true);
    p.setButtons(HostPointer::Left | HostPointer::Right);
    CHECK(p.portState(1, pad).buttons == 0);
    p.setButtons(0);
    p.setButtons(HostPointer::Left | HostPointer::Right);
    CHECK(p.portState(1, pad).buttons == ((1u << 11) | (1u << 10)));
    p.setButtons(HostPointer::Right);
    CHECK(p.portState(1, pad).buttons == (1u << 10));
    // The keyboard's pad goes to port 1 only.
    CHECK(p.portState(0, pad).buttons == (PadState::Cross | PadState::Up));
    CHECK(p.portState(1, pad).gunX == -1);
}

TEST_CASE("GunCon buttons and aim; the pad moves to the other port", "[pointer]") {
    // "Lightguns - Namco (GunCon)", halfword 1: bit 3 A, bit 13 Trigger, bit 14 B.
    HostPointer p;
    p.setDrives(HostDrive::Gun, HostDrive::Pad);
    CHECK(p.padPort() == 1);
    PadState pad;
    pad.buttons = PadState::Start;
    p.setButtons(HostPointer::Left);
    CHECK(p.portState(0, pad).buttons == (1u << 13));
    p.setButtons(HostPointer::Right);
    CHECK(p.portState(0, pad).buttons == (1u << 3));
    p.setButtons(HostPointer::Middle);
    CHECK(p.portState(0, pad).buttons == (1u << 14));
    p.setButtons(HostPointer::Left | HostPointer::Right | HostPointer::Middle);
    CHECK(p.portState(0, pad).buttons == ((1u << 13) | (1u << 3) | (1u << 14)));
    CHECK(p.portState(1, pad).buttons == PadState::Start);

    p.aim({100, 50});
    CHECK(p.portState(0, pad).gunX == 100);
    CHECK(p.portState(0, pad).gunY == 50);
    p.aim({100, -1}); // half off is off
    CHECK(p.portState(0, pad).gunX == -1);
    CHECK(p.portState(0, pad).gunY == -1);
    // A new machine forgets buttons and aim.
    p.setDrives(HostDrive::Mouse, HostDrive::Mouse);
    CHECK(p.padPort() == -1);
    CHECK(p.buttons() == 0);
    CHECK(p.portState(0, pad).buttons == 0);
}

TEST_CASE("EmuHost adds mouse motion up until a frame takes it", "[pointer]") {
    app::EmuHost host(nullptr);
    host.addMouseMotion(0, 3, -2);
    host.addMouseMotion(0, 4, 1);
    host.addMouseMotion(1, 5, 6);
    PadState s = host.pad(0);
    CHECK(s.mouseDx == 7);
    CHECK(s.mouseDy == -1);
    s = host.pad(0); // the next frame: nothing moved since
    CHECK(s.mouseDx == 0);
    CHECK(s.mouseDy == 0);
    s = host.pad(1);
    CHECK(s.mouseDx == 5);
    CHECK(s.mouseDy == 6);
    // A frame carries at most what its int16 holds.
    host.addMouseMotion(0, 30000, -30000);
    host.addMouseMotion(0, 30000, -30000);
    s = host.pad(0);
    CHECK(s.mouseDx == 32767);
    CHECK(s.mouseDy == -32767);
    // Motion left when the capture ends is dropped.
    host.addMouseMotion(1, 9, 9);
    host.clearMouseMotion();
    CHECK(host.pad(1).mouseDx == 0);
}

TEST_CASE("EmuHost: each port's state; run-ahead's speculative frames see no motion", "[pointer]") {
    app::EmuHost host(nullptr);
    PadState gun;
    gun.buttons = PadState::GunTrigger;
    gun.gunX = 200;
    gun.gunY = 100;
    gun.mouseDx = 55; // motion only comes through addMouseMotion
    host.setPortState(1, gun);
    PadState s = host.pad(1);
    CHECK(s.buttons == PadState::GunTrigger);
    CHECK(s.gunX == 200);
    CHECK(s.gunY == 100);
    CHECK(s.mouseDx == 0);
    CHECK(host.pad(0).buttons == 0);
    CHECK(host.pad(0).gunX == -1);

    host.setRunAhead(true);
    host.addMouseMotion(0, 10, 0);
    CHECK(host.pad(0).mouseDx == 10); // the batch's real frame
    host.frameDone({});
    host.addMouseMotion(0, 4, 0);
    CHECK(host.pad(0).mouseDx == 0); // a speculative frame, taken back
    host.frameDone({});
    host.finishAudioFrame();         // the batch ends
    CHECK(host.pad(0).mouseDx == 4); // the next real frame gets it
}

TEST_CASE("EmuHost: motion added on one thread and taken on another is never lost", "[pointer]") {
    app::EmuHost host(nullptr);
    std::atomic<bool> done{false};
    long taken = 0;
    std::thread emulation([&] {
        while (!done.load())
            taken += host.pad(0).mouseDx;
    });
    for (int i = 0; i < 20000; ++i)
        host.addMouseMotion(0, 1, 0);
    done = true;
    emulation.join();
    taken += host.pad(0).mouseDx;
    CHECK(taken == 20000);
}
