// The analog joystick (SCPH-1110), the mouse (SCPH-1090) and the GunCon (NPC-103) on SIO0,
// driven byte by byte through JOY_DATA. Expected bytes are written out from
// controllersandmemorycards.md (the section each test names), not computed by the code.
#include <catch2/catch.hpp>

#include "core/pads/guncon.h"
#include "gpu/display.h"
#include "sio0_rig.h"

using core::PadState;
using core::Sio0;
using testutil::Acks;
using testutil::acksFor;
using testutil::Bytes;

namespace {
const Bytes kRead9(9, 0x00);
Bytes read(size_t n) {
    Bytes b(n, 0x00);
    b[0] = 0x01;
    b[1] = 0x42;
    return b;
}
} // namespace

TEST_CASE("controllersandmemorycards.md Controller ID / Standard Controllers: the analog "
          "joystick SCPH-1110 answers 5A53h - buttons - adc0..adc3 - joy-buttons always 1",
          "[devices][pad]") {
    testutil::Sio0Rig r;
    r.sio.setPadType(0, Sio0::PadType::AnalogJoystick);
    PadState in;
    in.buttons = PadState::L3 | PadState::R3 | PadState::Cross | PadState::Up;
    in.axes[PadState::RightX] = 0x12;
    in.axes[PadState::RightY] = 0x34;
    in.axes[PadState::LeftX] = 0xab;
    in.axes[PadState::LeftY] = 0xff;
    r.sio.setPad(0, in);
    Acks acks;
    Bytes reply = r.transfer(read(10), &acks);
    // Up = bit 4 low -> EFh; Cross = bit 14 low -> BFh; L3/R3 "always 1" on a real stick.
    CHECK(reply == Bytes{0xff, 0x53, 0x5a, 0xef, 0xbf, 0x12, 0x34, 0xab, 0xff, 0xff});
    CHECK(acks == acksFor(8, 10)); // "transfer stops here for analog pad": 9 bytes
    // It knows no configuration command: 43h ends after the ID byte, without /ACK.
    acks.clear();
    reply = r.transfer({0x01, 0x43, 0x00, 0x01}, &acks);
    CHECK(reply == Bytes{0xff, 0x53, 0xff, 0xff});
    CHECK(acks == acksFor(1, 4));
}

TEST_CASE("controllersandmemorycards.md Sony Mouse Controller: 5A12h - buttons (bits 10/11 "
          "active low - 8-9 zero - others one) - signed X and Y motion",
          "[devices][pad]") {
    testutil::Sio0Rig r;
    r.sio.setPadType(0, Sio0::PadType::Mouse);
    PadState in;
    in.buttons = PadState::MouseLeft;
    in.mouseDx = 5;
    in.mouseDy = -3;
    r.sio.setPad(0, in);
    Acks acks;
    Bytes reply = r.transfer(read(8), &acks);
    // Halfword 1 = F7FFh with Left (bit 11) pressed: bits 12-15 one, 11 zero, 10 one, 8-9
    // zero -> high byte 1111 0100b = F4h. X = +5, Y = -3 = FDh. 7 bytes: "stops here for
    // analog mouse".
    CHECK(reply == Bytes{0xff, 0x12, 0x5a, 0xff, 0xf4, 0x05, 0xfd, 0xff});
    CHECK(acks == acksFor(6, 8));

    SECTION("no button, no motion: F0h, 00h 00h; the motion was taken by the last read") {
        in = PadState{};
        r.sio.setPad(0, in);
        reply = r.transfer(read(7));
        CHECK(reply == Bytes{0xff, 0x12, 0x5a, 0xff, 0xfc, 0x00, 0x00});
        in.buttons = PadState::MouseRight;
        r.sio.setPad(0, in);
        reply = r.transfer(read(7));
        CHECK(reply[4] == 0xf8); // Right = bit 10 low
    }
    SECTION("motion of several frames adds up between reads, sent as -80h..+7Fh per read, the "
            "rest carried to the next read") {
        in = PadState{};
        in.mouseDx = 100;
        in.mouseDy = -100;
        r.sio.setPad(0, in);
        r.sio.setPad(0, in); // two frames before the next read: +200, -200
        reply = r.transfer(read(7));
        CHECK(reply[5] == 0x7f);
        CHECK(reply[6] == 0x80);
        // No motion since: the rest, +200 - 127 = +73 (49h) and -200 + 128 = -72 (B8h).
        r.sio.setPad(0, PadState{});
        reply = r.transfer(read(7));
        CHECK(reply[5] == 0x49);
        CHECK(reply[6] == 0xb8);
        reply = r.transfer(read(7));
        CHECK(reply[5] == 0x00);
        CHECK(reply[6] == 0x00);
        in.mouseDx = 60;
        in.mouseDy = 0;
        r.sio.setPad(0, in);
        r.sio.setPad(0, in);
        reply = r.transfer(read(7));
        CHECK(reply[5] == 0x78); // 120
        CHECK(reply[6] == 0x00);
    }
}

TEST_CASE("controllersandmemorycards.md GunCon: 5A63h - A bit 3 - Trigger bit 13 - B bit 14 - "
          "X in 8 MHz clocks since HSYNC - Y in scanlines since VSYNC",
          "[devices][pad]") {
    testutil::Sio0Rig r;
    r.sio.setPadType(1, Sio0::PadType::GunCon);
    gpu::DisplaySettings display;
    display.disabled = false;
    display.mode = 0x01;            // 320 dots: 8 video clocks a dot, NTSC
    display.hStart = 0x260;         // GP1(06h) X1 = 260h
    display.hEnd = 0x260 + 320 * 8; // X2
    display.vStart = 0x88 - 120;    // GP1(07h) Y1 = 10h
    display.vEnd = 0x88 + 120;      // Y2
    PadState in;
    in.buttons = PadState::GunTrigger | PadState::GunA;
    in.gunX = 160;
    in.gunY = 100;
    r.sio.setPad(1, in);
    r.sio.latchGuns(display);
    Acks acks;
    Bytes reply = r.transfer(read(10), &acks, 1);
    // X: video clock 260h, the first visible pixel (gpu "GP1(06h)"), is the start of the gun's
    // range, 04Dh ("Halfword 2 (X)"); pixel 160 is 160 * 8 = 1280 video clocks later, at
    // 53.693175 MHz ("Nominal Video Clock") 23.839 us = 190.7 clocks of 8 MHz -> 4Dh + 190 =
    // 267 = 010Bh. Y: 10h + 100 = 116 = 0074h. Buttons: A (bit 3) and Trigger (bit 13) low.
    CHECK(reply == Bytes{0xff, 0x63, 0x5a, 0xf7, 0xdf, 0x0b, 0x01, 0x74, 0x00, 0xff});
    CHECK(acks == acksFor(8, 10));

    SECTION("off the picture, or a disabled display: no light, X=0001h Y=000Ah") {
        in.buttons = PadState::GunB;
        in.gunX = 320; // one past the right edge of a 320-pixel picture
        r.sio.setPad(1, in);
        r.sio.latchGuns(display);
        reply = r.transfer(read(9), nullptr, 1);
        CHECK(reply == Bytes{0xff, 0x63, 0x5a, 0xff, 0xbf, 0x01, 0x00, 0x0a, 0x00});
        in.gunX = 0;
        display.disabled = true;
        r.sio.setPad(1, in);
        r.sio.latchGuns(display);
        reply = r.transfer(read(9), nullptr, 1);
        CHECK(reply[5] == 0x01);
        CHECK(reply[7] == 0x0a);
    }
    SECTION("the left edge in 256-dot PAL: X1 + 0 dots at 53.203425 MHz") {
        display.mode = 0x08; // PAL, 256 dots: 10 video clocks a dot
        display.hEnd = 0x260 + 256 * 10;
        display.vStart = 0xa3 - 144;
        display.vEnd = 0xa3 + 144;
        in.gunX = 0;
        in.gunY = 287;
        r.sio.setPad(1, in);
        r.sio.latchGuns(display);
        reply = r.transfer(read(9), nullptr, 1);
        // X1 = 260h, the first visible pixel: the start of the range, 4Dh ("Halfword 2 (X)"),
        // whatever the video clock; Y = 13h + 287 = 306 = 132h.
        CHECK(reply[5] == 0x4d);
        CHECK(reply[6] == 0x00);
        CHECK(reply[7] == 0x32);
        CHECK(reply[8] == 0x01);
    }
}

TEST_CASE("GunCon sight in 480-line interlaced mode counts scanlines of one field",
          "[devices][pad]") {
    gpu::DisplaySettings display;
    display.disabled = false;
    display.mode = 0x01 | 0x04 | 0x20; // 320 dots, 480 lines, interlaced
    display.hStart = 0x260;
    display.hEnd = 0x260 + 320 * 8;
    display.vStart = 0x10;
    display.vEnd = 0x10 + 240;
    // Picture line 479 is on scanline Y1 + 239 ("Vertical Timings": one field has 240 lines).
    core::GunCon::Sight s = core::GunCon::sight(display, 0, 479);
    CHECK(s.y == 0x10 + 239);
    CHECK(core::GunCon::sight(display, 0, 480).y == core::GunCon::kNoLightY);
    CHECK(core::GunCon::sight(display, -1, 0).x == core::GunCon::kNoLightX);
}

TEST_CASE("GunCon X spans 04Dh at the first visible pixel to about 1CDh at the last",
          "[devices][pad]") {
    // controllersandmemorycards.md "Halfword 2 (X)": 04Dh..1CDh; gpu "GP1(06h)": X1 = 260h is
    // the first visible pixel, X2 = 260h + 320 * 8 the end of a normal picture.
    gpu::DisplaySettings display;
    display.disabled = false;
    display.mode = 0x01; // 320 dots, NTSC
    display.hStart = 0x260;
    display.hEnd = 0x260 + 320 * 8;
    display.vStart = 0x10;
    display.vEnd = 0x10 + 240;
    CHECK(core::GunCon::sight(display, 0, 0).x == 0x4d);
    // Pixel 319: 2552 clocks at 53.693175 MHz = 47.528 us = 380.2 clocks of 8 MHz -> 1C9h,
    // within the documented end 1CDh (the last 4 units are the part of a line some TV sets
    // show beyond 320 dots).
    CHECK(core::GunCon::sight(display, 319, 0).x == 0x4d + 380);
    // One dot (8 video clocks = 1.19 clocks of 8 MHz) right of the first pixel: 4Dh + 1.
    CHECK(core::GunCon::sight(display, 1, 0).x == 0x4e);
    // A picture starting left of 260h (X1 = 200h, 96 clocks = 14.3 units earlier) reads below
    // 4Dh, rounded down: 4Dh - 15 = 3Eh.
    display.hStart = 0x200;
    display.hEnd = 0x200 + 320 * 8;
    CHECK(core::GunCon::sight(display, 0, 0).x == 0x4d - 15);
}

TEST_CASE("Sio0 version 4 savestate: every controller's state round-trips - a state of other "
          "controllers is told apart",
          "[devices][pad][savestate]") {
    testutil::Sio0Rig a;
    a.sio.setPadType(0, Sio0::PadType::Mouse);
    a.sio.setPadType(1, Sio0::PadType::Multitap);
    a.sio.setTapPadType(1, 2, core::Controller::Type::GunCon);
    PadState in;
    in.mouseDx = 40;
    a.sio.setPad(0, in); // motion counted, not read yet
    in.gunX = 10;
    in.gunY = 10;
    a.sio.setPad(1, 2, in);
    gpu::DisplaySettings display;
    display.disabled = false;
    display.mode = 0x01;
    display.hStart = 0x260;
    display.hEnd = 0x260 + 320 * 8;
    a.sio.latchGuns(display);
    // Multitap request pending (REQ=1 after a slot A reply).
    a.transfer({0x01, 0x42, 0x01, 0x00, 0x00}, nullptr, 1);

    savestate::StateIO w = savestate::StateIO::writer();
    a.sio.serialize(w);
    std::vector<uint8_t> bytes = w.take();

    testutil::Sio0Rig b;
    savestate::StateIO rd = savestate::StateIO::reader(bytes);
    b.sio.serialize(rd);
    REQUIRE(rd.ok());
    CHECK(b.sio.padType(0) == Sio0::PadType::Mouse);
    CHECK(b.sio.padType(1) == Sio0::PadType::Multitap);
    CHECK(b.sio.multitap(1).slot(2).type() == core::Controller::Type::GunCon);
    CHECK(b.sio.controller(0).mouse().state().sumX == 40);
    CHECK(b.sio.multitap(1).slot(2).gunCon().state().x ==
          a.sio.multitap(1).slot(2).gunCon().state().x);
    CHECK(b.sio.multitap(1).state().lastRequest == 1);
    CHECK(b.sio.describePads() == a.sio.describePads());
    CHECK(a.sio.describePads() ==
          "port 1: mouse, port 2: multitap (digital, digital, guncon, digital)");
    // The loaded machine reads the same bytes as the saved one.
    CHECK(b.transfer(read(7)) == a.transfer(read(7)));
    CHECK(b.transfer(read(35), nullptr, 1) == a.transfer(read(35), nullptr, 1));
}

TEST_CASE("Sio0 savestates: a version 3 state mid digital-pad transfer goes on where it was - a "
          "damaged pad type loads as a digital pad",
          "[devices][pad][savestate]") {
    // Version 3 kept the digital pad's reply position in padStep (1..4): 3 = the next byte
    // replies with buttons 0-7.
    auto v3 = savestate::StateIO::writer();
    v3.beginSection("sio0", 3);
    uint16_t baud = 0x88, mode = 0x000d;
    uint16_t ctrl = Sio0::kCtrlTxEnable | Sio0::kCtrlDtr | Sio0::kCtrlDsrIrq;
    uint8_t step[2] = {3, 0};
    v3.field("baud", baud);
    v3.field("mode", mode);
    v3.field("ctrl", ctrl);
    v3.field("padStep", step);
    uint8_t digital = 0, garbage = 9;
    v3.field("padType", 0, digital);
    v3.field("padType", 1, garbage);
    v3.endSection();
    REQUIRE(v3.ok());
    std::vector<uint8_t> data = v3.take();

    testutil::Sio0Rig r;
    r.sio.setPadType(1, Sio0::PadType::Mouse);
    PadState in;
    in.buttons = PadState::Left; // bit 7
    r.sio.setPad(0, in);
    auto rd = savestate::StateIO::reader(data);
    r.sio.serialize(rd);
    REQUIRE(rd.ok());
    CHECK(r.sio.padType(1) == Sio0::PadType::Digital);
    // Continue the transfer without a new address byte: swlo (Left low = 7Fh), then swhi.
    Acks acks;
    for (uint8_t b : {0x00, 0x00}) {
        r.irq.write(0x1f801070, ~(1u << 7), 4);
        r.sio.write(testutil::Sio0Rig::kCtrl, r.sio.state().ctrl | Sio0::kCtrlAcknowledge, 2);
        r.sio.write(testutil::Sio0Rig::kData, b, 1);
        testutil::runFor(r.sched, r.sio.byteCycles() + Sio0::kAckDelayCycles + 10);
        acks.push_back(((r.irq.state().stat >> 7) & 1) != 0);
        testutil::runFor(r.sched, Sio0::kAckLowCycles);
    }
    CHECK(r.sio.read(testutil::Sio0Rig::kData, 1) == 0x7f);
    CHECK(r.sio.read(testutil::Sio0Rig::kData, 1) == 0xff);
    CHECK(acks == Acks{true, false});
}

namespace {
core::GunCon::Beam fakeBeam(void* context) {
    return *static_cast<core::GunCon::Beam*>(context);
}
} // namespace

TEST_CASE("controllersandmemorycards.md GunCon Error/Busy Codes: a read after VSYNC before the "
          "beam reached the aimed point replies no light (BUSY) - after it - or in vblank - the "
          "coordinates",
          "[devices][pad]") {
    testutil::Sio0Rig r;
    core::GunCon::Beam beam{0, 0};
    r.sio.setBeamSource(&fakeBeam, &beam);
    r.sio.setPadType(0, Sio0::PadType::GunCon);
    gpu::DisplaySettings display;
    display.disabled = false;
    display.mode = 0x01; // 320 dots, NTSC
    display.hStart = 0x260;
    display.hEnd = 0x260 + 320 * 8;
    display.vStart = 0x10;
    display.vEnd = 0x10 + 240;
    PadState in;
    in.gunX = 160; // video clock 260h + 160 * 8 -> X = 4Dh + 190 = 010Bh
    in.gunY = 100; // scanline 10h + 100 = 116 = 74h
    r.sio.setPad(0, in);
    r.sio.latchGuns(display);
    struct Case {
        uint32_t line, clock;
        bool busy;
    };
    const Case cases[] = {
        {20, 3000, true},   // after VSYNC, lines above the point
        {116, 1887, true},  // on its line, one clock before it
        {116, 1888, false}, // the beam is at the point
        {117, 0, false},    // below it
        {250, 100, false},  // vblank, before the next VSYNC
    };
    for (const Case& c : cases) {
        beam = {c.line, c.clock};
        INFO("line " << c.line << " clock " << c.clock);
        Bytes reply = r.transfer(read(9));
        const Bytes xy = c.busy ? Bytes{0x01, 0x00, 0x0a, 0x00} : Bytes{0x0b, 0x01, 0x74, 0x00};
        CHECK(Bytes(reply.begin() + 5, reply.end()) == xy);
    }
}
