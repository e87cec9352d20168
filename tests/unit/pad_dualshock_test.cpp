// The DualShock (SCPH-1200) on SIO0, driven byte by byte through JOY_DATA as a program does.
// Expected bytes are copied from controllersandmemorycards.md (the section each test names).
#include <catch2/catch.hpp>
#include <vector>

#include "core/irq.h"
#include "core/sio0.h"
#include "device_test_util.h"

using core::PadState;
using core::Sio0;
using Bytes = std::vector<uint8_t>;

namespace {
constexpr uint32_t kData = 0x1f801040, kMode = 0x1f801048, kCtrl = 0x1f80104a, kBaud = 0x1f80104e;

struct Rig {
    core::Scheduler sched;
    core::Irq irq;
    Sio0 sio{sched, irq};
    PadState input;
    Rig() {
        sio.write(kCtrl, Sio0::kCtrlReset, 2);
        sio.write(kMode, 0x000d, 2); // MUL1, 8 bits
        sio.write(kBaud, 0x0088, 2);
        sio.setPadType(0, Sio0::PadType::DualShock);
    }
    // One whole transfer on port 0: /CS low, every byte of `send`, /CS high. `acks` gets, per
    // byte, whether /ACK (IRQ7 through DSR) followed it.
    Bytes transfer(const Bytes& send, std::vector<bool>* acks = nullptr) {
        sio.write(kCtrl, Sio0::kCtrlTxEnable | Sio0::kCtrlDtr | Sio0::kCtrlDsrIrq, 2);
        Bytes reply;
        for (uint8_t b : send) {
            irq.write(0x1f801070, ~(1u << 7), 4);
            sio.write(kCtrl, sio.state().ctrl | Sio0::kCtrlAcknowledge, 2);
            sio.write(kData, b, 1);
            testutil::runFor(sched, sio.byteCycles());
            reply.push_back(static_cast<uint8_t>(sio.read(kData, 1)));
            testutil::runFor(sched, Sio0::kAckDelayCycles + 10);
            if (acks) acks->push_back(((irq.state().stat >> 7) & 1) != 0);
            testutil::runFor(sched, Sio0::kAckLowCycles);
        }
        sio.write(kCtrl, 0, 2);
        return reply;
    }
    // A config-mode command: 01h cmd 00h and six parameter bytes.
    Bytes command(uint8_t cmd, Bytes params = {}) {
        Bytes send{0x01, cmd, 0x00};
        params.resize(6, 0x00);
        send.insert(send.end(), params.begin(), params.end());
        return transfer(send);
    }
    void pressAnalog() {
        input.analogButton = true;
        sio.setPad(0, input);
        input.analogButton = false;
        sio.setPad(0, input);
    }
    void enterConfig() { transfer({0x01, 0x43, 0x00, 0x01, 0x00}); }
    void exitConfig() { command(0x43, {0x00}); }
};

const Bytes kRead9{0x01, 0x42, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
} // namespace

TEST_CASE("controllersandmemorycards.md Analog Mode Note: a DualShock powers up in digital "
          "mode: 5A41h, 5 bytes, L3/R3 released, /ACK after all but the last",
          "[devices][pad]") {
    Rig r;
    r.input.buttons = PadState::Start | PadState::L3 | PadState::Circle;
    r.sio.setPad(0, r.input);
    std::vector<bool> acks;
    Bytes reply = r.transfer(kRead9, &acks);
    // HiZ 41h 5Ah, Start (bit 3) low, Circle (bit 13) low, L3 "analog mode only"; then the
    // transfer stops here for "analog pad in digital mode": nobody drives the line (FFh).
    CHECK(reply == Bytes{0xff, 0x41, 0x5a, 0xf7, 0xdf, 0xff, 0xff, 0xff, 0xff});
    CHECK(acks == std::vector<bool>{true, true, true, true, false, false, false, false, false});
    CHECK_FALSE(r.sio.dualShock(0).analog());
    CHECK_FALSE(r.sio.dualShock(0).led());
}

TEST_CASE("controllersandmemorycards.md Standard Controllers: the Analog button switches to "
          "analog mode: 5A73h, 9 bytes, L3/R3, RightX RightY LeftX LeftY",
          "[devices][pad]") {
    Rig r;
    r.pressAnalog();
    REQUIRE(r.sio.dualShock(0).analog());
    CHECK(r.sio.dualShock(0).led()); // 5A73h: "LED=Red"
    r.input.buttons = PadState::L3 | PadState::R1;
    r.input.axes[PadState::RightX] = 0x00;
    r.input.axes[PadState::RightY] = 0xff;
    r.input.axes[PadState::LeftX] = 0x12;
    r.input.axes[PadState::LeftY] = 0x80;
    r.sio.setPad(0, r.input);
    std::vector<bool> acks;
    Bytes reply = r.transfer(kRead9, &acks);
    // L3 = bit 1 low -> FDh; R1 = bit 11 low -> F7h; adc0..adc3.
    CHECK(reply == Bytes{0xff, 0x73, 0x5a, 0xfd, 0xf7, 0x00, 0xff, 0x12, 0x80});
    CHECK(acks == std::vector<bool>{true, true, true, true, true, true, true, true, false});
    // A held button toggles once; the next press goes back to digital.
    r.input.analogButton = true;
    r.sio.setPad(0, r.input);
    r.sio.setPad(0, r.input);
    CHECK_FALSE(r.sio.dualShock(0).analog());
    r.input.analogButton = false;
    r.sio.setPad(0, r.input);
    CHECK(r.transfer(kRead9)[1] == 0x41);
}

TEST_CASE("controllersandmemorycards.md Command 43h: entering config mode replies with the "
          "buttons, then F3h 5Ah and 9 bytes, and 43h 00h goes back",
          "[devices][pad]") {
    Rig r;
    r.input.buttons = PadState::Select;
    r.sio.setPad(0, r.input);
    // Normal mode 43h: "the response is same as for command 42h" (digital: 5 bytes).
    CHECK(r.transfer({0x01, 0x43, 0x00, 0x01, 0x00}) == Bytes{0xff, 0x41, 0x5a, 0xfe, 0xff});
    CHECK(r.sio.dualShock(0).configMode());
    // Config 43h xx=01h stays: "Reply HiZ F3h 5Ah 00h 00h 00h 00h 00h 00h".
    std::vector<bool> acks;
    Bytes stay{0x01, 0x43, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00};
    CHECK(r.transfer(stay, &acks) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0, 0});
    CHECK(acks == std::vector<bool>{true, true, true, true, true, true, true, true, false});
    CHECK(r.sio.dualShock(0).configMode());
    // xx=00h: back to normal mode; the rest of that reply is still zeroes.
    CHECK(r.command(0x43, {0x00}) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0, 0});
    CHECK_FALSE(r.sio.dualShock(0).configMode());
    CHECK(r.transfer(kRead9) == Bytes{0xff, 0x41, 0x5a, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff});
}

TEST_CASE("controllersandmemorycards.md Config Mode 42h: forced analog response even in "
          "digital mode",
          "[devices][pad]") {
    Rig r;
    r.input.buttons = PadState::R3;
    r.input.axes[PadState::LeftY] = 0x00;
    r.sio.setPad(0, r.input);
    r.enterConfig();
    // R3 = bit 2 low -> FBh.
    CHECK(r.transfer(kRead9) == Bytes{0xff, 0xf3, 0x5a, 0xfb, 0xff, 0x80, 0x80, 0x80, 0x00});
}

TEST_CASE("controllersandmemorycards.md Command 44h: Led 01h analog / 00h digital, 02h..FFh "
          "ignored, Key 03h locks the Analog button, 00h..02h unlock, 04h.. as Key AND 3",
          "[devices][pad]") {
    Rig r;
    r.enterConfig();
    // "Reply HiZ F3h 5Ah 00h 00h Err 00h 00h 00h", Err 00h on PSX pads.
    CHECK(r.command(0x44, {0x01, 0x03}) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0, 0});
    CHECK(r.sio.dualShock(0).analog());
    CHECK(r.sio.dualShock(0).locked());
    r.command(0x44, {0x05, 0x07}); // Led ignored; Key 07h AND 3 = 3: still locked
    CHECK(r.sio.dualShock(0).analog());
    CHECK(r.sio.dualShock(0).locked());
    r.exitConfig();
    CHECK(r.transfer(kRead9)[1] == 0x73);
    r.pressAnalog(); // locked: ignored
    CHECK(r.sio.dualShock(0).analog());
    CHECK(r.transfer(kRead9)[1] == 0x73);

    r.enterConfig();
    r.command(0x44, {0x00, 0x06}); // digital; Key 06h AND 3 = 2: unlocked
    CHECK_FALSE(r.sio.dualShock(0).analog());
    CHECK_FALSE(r.sio.dualShock(0).locked());
    r.exitConfig();
    r.pressAnalog();
    CHECK(r.sio.dualShock(0).analog());
}

TEST_CASE("controllersandmemorycards.md Command 45h: HiZ F3h 5Ah Typ(01h) 02h Led 02h 01h 00h",
          "[devices][pad]") {
    Rig r;
    r.enterConfig();
    CHECK(r.command(0x45) == Bytes{0xff, 0xf3, 0x5a, 0x01, 0x02, 0x00, 0x02, 0x01, 0x00});
    r.command(0x44, {0x01, 0x00});
    CHECK(r.command(0x45) == Bytes{0xff, 0xf3, 0x5a, 0x01, 0x02, 0x01, 0x02, 0x01, 0x00});
}

TEST_CASE("controllersandmemorycards.md Commands 46h, 47h, 48h, 4Ch and the unused 4xh: "
          "their constant replies",
          "[devices][pad]") {
    Rig r;
    r.enterConfig();
    // 46h: ii=00h -> 01h,02h,00h,0Ah; ii=01h -> 01h,01h,01h,14h; otherwise zeroes.
    CHECK(r.command(0x46, {0x00}) == Bytes{0xff, 0xf3, 0x5a, 0x00, 0x00, 0x01, 0x02, 0x00, 0x0a});
    CHECK(r.command(0x46, {0x01}) == Bytes{0xff, 0xf3, 0x5a, 0x00, 0x00, 0x01, 0x01, 0x01, 0x14});
    CHECK(r.command(0x46, {0x02}) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0, 0});
    // 47h: "response HiZ F3h 5Ah 00h 00h 02h 00h 01h 00h".
    CHECK(r.command(0x47) == Bytes{0xff, 0xf3, 0x5a, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00});
    // 48h: ee=01h for ii=00h..01h, otherwise 00h.
    CHECK(r.command(0x48, {0x00}) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0x01, 0});
    CHECK(r.command(0x48, {0x01}) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0x01, 0});
    CHECK(r.command(0x48, {0x02}) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0, 0});
    // 4Ch: dd=04h for ii=00h, 07h for ii=01h, otherwise 00h.
    CHECK(r.command(0x4c, {0x00}) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0x04, 0, 0});
    CHECK(r.command(0x4c, {0x01}) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0x07, 0, 0});
    CHECK(r.command(0x4c, {0x03}) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0, 0});
    // 40h, 41h, 49h..4Bh, 4Eh, 4Fh: "HiZ F3h 5Ah 00h 00h 00h 00h 00h 00h".
    for (uint8_t cmd : {0x40, 0x41, 0x49, 0x4a, 0x4b, 0x4e, 0x4f}) {
        INFO("command " << int(cmd));
        std::vector<bool> acks;
        Bytes send{0x01, cmd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
        CHECK(r.transfer(send, &acks) == Bytes{0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0, 0});
        CHECK(acks == std::vector<bool>{true, true, true, true, true, true, true, true, false});
    }
    CHECK(r.sio.dualShock(0).configMode());
}

TEST_CASE("controllersandmemorycards.md Controller Communication Sequence: a command the pad "
          "does not know ends the transfer after the ID byte without /ACK",
          "[devices][pad]") {
    Rig r;
    std::vector<bool> acks;
    // Normal mode knows only 42h and 43h.
    CHECK(r.transfer({0x01, 0x45, 0x00, 0x00}, &acks) == Bytes{0xff, 0x41, 0xff, 0xff});
    CHECK(acks == std::vector<bool>{true, false, false, false});
    r.enterConfig();
    acks.clear();
    CHECK(r.transfer({0x01, 0x50, 0x00}, &acks) == Bytes{0xff, 0xf3, 0xff});
    CHECK(acks == std::vector<bool>{true, false, false});
}

TEST_CASE("controllersandmemorycards.md Command 4Dh: returns the old aa..ff (all FFh at first) "
          "and maps 00h to the small motor bit 0, 01h to the large motor",
          "[devices][pad]") {
    Rig r;
    r.enterConfig();
    Bytes enable{0x00, 0x01, 0xff, 0xff, 0xff, 0xff}; // "enable new method (two motors)"
    CHECK(r.command(0x4d, enable) == Bytes{0xff, 0xf3, 0x5a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
    CHECK(r.command(0x4d, enable) == Bytes{0xff, 0xf3, 0x5a, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff});
    r.exitConfig();
    // 42h: xx.bit0 -> small motor M2, yy -> large motor M1 (digital mode: 5 bytes).
    r.transfer({0x01, 0x42, 0x00, 0x01, 0xc0});
    CHECK(r.sio.dualShock(0).motors().small);
    CHECK(r.sio.dualShock(0).motors().large == 0xc0);
    r.transfer({0x01, 0x42, 0x00, 0xfe, 0x00}); // bit 0 clear: off; 00h: stop
    CHECK_FALSE(r.sio.dualShock(0).motors().small);
    CHECK(r.sio.dualShock(0).motors().large == 0x00);
    // 43h in normal mode carries no motor parameters.
    r.transfer({0x01, 0x43, 0x00, 0x00, 0x77});
    CHECK(r.sio.dualShock(0).motors().large == 0x00);

    // Swapped: aa=01h, bb=00h.
    r.enterConfig();
    r.command(0x4d, {0x01, 0x00, 0xff, 0xff, 0xff, 0xff});
    r.exitConfig();
    r.transfer({0x01, 0x42, 0x00, 0x55, 0x01});
    CHECK(r.sio.dualShock(0).motors().small);
    CHECK(r.sio.dualShock(0).motors().large == 0x55);
}

TEST_CASE("controllersandmemorycards.md Vibration Old Method: xx 40h..7Fh and yy bit 0 switch "
          "the small motor until config commands are used",
          "[devices][pad]") {
    Rig r;
    r.transfer({0x01, 0x42, 0x00, 0x40, 0x01});
    CHECK(r.sio.dualShock(0).motors().small);
    CHECK(r.sio.dualShock(0).motors().large == 0);
    r.transfer({0x01, 0x42, 0x00, 0x80, 0x01}); // bit 7 set: off
    CHECK_FALSE(r.sio.dualShock(0).motors().small);
    r.transfer({0x01, 0x42, 0x00, 0x7f, 0xfd});
    CHECK(r.sio.dualShock(0).motors().small);
    r.transfer({0x01, 0x42, 0x00, 0x40, 0x02}); // yy bit 0 clear: off
    CHECK_FALSE(r.sio.dualShock(0).motors().small);
    // "that old method gets disabled once when having messed with config commands".
    r.enterConfig();
    r.exitConfig();
    r.transfer({0x01, 0x42, 0x00, 0x40, 0x01});
    CHECK_FALSE(r.sio.dualShock(0).motors().small);
}

TEST_CASE("controllersandmemorycards.md 43h Caution 2: the Analog button stops and unmaps "
          "the motors",
          "[devices][pad]") {
    Rig r;
    r.enterConfig();
    r.command(0x4d, {0x00, 0x01, 0xff, 0xff, 0xff, 0xff});
    r.exitConfig();
    r.transfer({0x01, 0x42, 0x00, 0x01, 0xff});
    REQUIRE(r.sio.dualShock(0).motors().large == 0xff);
    r.pressAnalog();
    CHECK_FALSE(r.sio.dualShock(0).motors().small);
    CHECK(r.sio.dualShock(0).motors().large == 0);
    r.enterConfig();
    CHECK(r.command(0x4d, {0x00, 0x01}) ==
          Bytes{0xff, 0xf3, 0x5a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
}

TEST_CASE("controllersandmemorycards.md: the digital pad stays the default and answers no "
          "config command",
          "[devices][pad]") {
    Rig r;
    r.sio.setPadType(0, Sio0::PadType::Digital);
    std::vector<bool> acks;
    CHECK(r.transfer({0x01, 0x43, 0x00, 0x01}, &acks) == Bytes{0xff, 0x41, 0xff, 0xff});
    CHECK(acks == std::vector<bool>{true, false, false, false});
    CHECK(r.transfer({0x01, 0x42, 0x00, 0x00, 0x00})[1] == 0x41);
}

TEST_CASE("Savestate (DESIGN.md section 4): the DualShock's mode, lock, rumble map and motors "
          "survive a save and load, and an sio0 state of version 2 loads with a digital pad",
          "[devices][pad][savestate]") {
    Rig a;
    a.enterConfig();
    a.command(0x44, {0x01, 0x03});
    a.command(0x4d, {0x01, 0x00, 0xff, 0xff, 0xff, 0xff});
    a.exitConfig();
    a.transfer({0x01, 0x42, 0x00, 0x99, 0x01, 0x00, 0x00, 0x00, 0x00});
    auto w = savestate::StateIO::writer();
    a.sio.serialize(w);
    REQUIRE(w.ok());
    std::vector<uint8_t> data = w.take();

    Rig b;
    b.sio.setPadType(0, Sio0::PadType::Digital);
    auto rd = savestate::StateIO::reader(data);
    b.sio.serialize(rd);
    REQUIRE(rd.ok());
    CHECK(b.sio.padType(0) == Sio0::PadType::DualShock);
    CHECK(b.sio.padType(1) == Sio0::PadType::Digital);
    CHECK(b.sio.dualShock(0).analog());
    CHECK(b.sio.dualShock(0).locked());
    CHECK(b.sio.dualShock(0).motors().small);
    CHECK(b.sio.dualShock(0).motors().large == 0x99);
    CHECK(b.transfer(kRead9) == a.transfer(kRead9));
    b.enterConfig();
    CHECK(b.command(0x4d) == Bytes{0xff, 0xf3, 0x5a, 0x01, 0x00, 0xff, 0xff, 0xff, 0xff});

    // Version 2 (before pad types): named fields without any pad type.
    auto old = savestate::StateIO::writer();
    old.beginSection("sio0", 2);
    uint16_t baud = 0x88;
    old.field("baud", baud);
    old.endSection();
    REQUIRE(old.ok());
    std::vector<uint8_t> oldData = old.take();
    Rig c;
    REQUIRE(c.sio.padType(0) == Sio0::PadType::DualShock);
    auto rc = savestate::StateIO::reader(oldData);
    c.sio.serialize(rc);
    REQUIRE(rc.ok());
    CHECK(c.sio.padType(0) == Sio0::PadType::Digital);
    CHECK(c.transfer({0x01, 0x43, 0x00, 0x01}) == Bytes{0xff, 0x41, 0xff, 0xff});
}
