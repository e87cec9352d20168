#include "core/pads/dualshock.h"

// Transfer (controllersandmemorycards.md "Controller Communication Sequence"): after the
// address byte, byte 1 carries the command and returns the ID low byte, byte 2 returns 5Ah,
// bytes 3.. carry the command's parameters and return its data. Here `k` counts those data
// bytes from 0 (the command table's 4th byte). Normal mode knows 42h and 43h; config mode
// 40h..4Fh, always 9 bytes long. A command the pad does not know ends the transfer after the
// ID byte without /ACK, as the digital pad does.

namespace core {

namespace {
constexpr uint8_t kRead = 0x42;     // "B" read buttons (and analog inputs)
constexpr uint8_t kConfig = 0x43;   // "C" enter/exit configuration mode
constexpr uint8_t kSetLed = 0x44;   // "D" set LED state (analog mode on/off) and lock
constexpr uint8_t kGetLed = 0x45;   // "E" get LED state (and type/constants)
constexpr uint8_t kVarA = 0x46;     // "F" get variable response A
constexpr uint8_t kConstG = 0x47;   // "G" get whatever values
constexpr uint8_t kCmdH = 0x48;     // "H" unknown
constexpr uint8_t kVarB = 0x4c;     // "L" get variable response B
constexpr uint8_t kRumble = 0x4d;   // "M" get/set rumble protocol
constexpr uint8_t kMapSmall = 0x00; // 4Dh: right/small motor M2 on bit 0 of this byte
constexpr uint8_t kMapLarge = 0x01; // 4Dh: left/large motor M1 on bits 0-7 of this byte
} // namespace

void DualShock::setInput(const PadState& pad) {
    bool pressed = pad.analogButton && !state_.analogButtonHeld;
    state_.analogButtonHeld = pad.analogButton ? 1 : 0;
    if (!pressed || state_.locked) return;
    state_.analog ^= 1;
    state_.motorSmall = state_.motorLarge = 0;
    for (uint8_t& m : state_.rumbleMap)
        m = kUnmapped;
}

uint8_t DualShock::exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done) {
    State& s = state_;
    ack = false;
    done = false;
    if (s.index == 1) {
        uint8_t id = s.config ? kIdConfig : (s.analog ? kIdAnalog : kIdDigital);
        bool known = s.config ? (tx >= 0x40 && tx <= 0x4f) : (tx == kRead || tx == kConfig);
        if (!known) {
            done = true;
            s.index = 0;
            return id;
        }
        s.command = tx;
        s.length = s.config ? kConfigLength : (s.analog ? kAnalogLength : kDigitalLength);
        // Config 42h: "forced analog response" even in digital mode.
        s.forceAnalog = (s.config || s.analog) ? 1 : 0;
        s.transferConfig = s.config;
        s.index = 2;
        ack = true;
        return id;
    }
    if (s.index == 2) {
        s.index = 3;
        ack = true;
        return 0x5a;
    }
    if (s.index < 3 || s.index >= s.length) { // not selected
        done = true;
        return 0xff;
    }
    unsigned k = s.index - 3u;
    uint8_t reply = replyByte(k, pad);
    effect(k, tx);
    if (++s.index >= s.length) {
        done = true;
        s.index = 0;
    } else {
        ack = true;
    }
    return reply;
}

// Data byte k of the reply ("Configuration Commands" tables, "Standard Controllers").
uint8_t DualShock::replyByte(unsigned k, const PadState& pad) const {
    const State& s = state_;
    bool buttons = s.command == kRead || (s.command == kConfig && !s.transferConfig);
    if (buttons) {
        // Active low; L3/R3 read released unless the analog bytes are sent.
        uint16_t held =
            s.forceAnalog ? pad.buttons : uint16_t(pad.buttons & ~(PadState::L3 | PadState::R3));
        uint16_t wire = static_cast<uint16_t>(~held);
        if (k == 0) return static_cast<uint8_t>(wire & 0xff);
        if (k == 1) return static_cast<uint8_t>(wire >> 8);
        return pad.axes[k - 2]; // adc0..adc3: RightX, RightY, LeftX, LeftY
    }
    switch (s.command) {
    case kGetLed: {
        // Reply HiZ F3h 5Ah Typ 02h Led 02h 01h 00h; Typ 01h = PSX analog pad.
        const uint8_t bytes[6] = {0x01, 0x02, s.analog, 0x02, 0x01, 0x00};
        return bytes[k];
    }
    case kVarA: {
        // ii=00h -> 01h,02h,00h,0Ah; ii=01h -> 01h,01h,01h,14h; else zeroes (in cc..ff).
        static constexpr uint8_t kAct[2][4] = {{0x01, 0x02, 0x00, 0x0a}, {0x01, 0x01, 0x01, 0x14}};
        if (k < 2 || s.param > 1) return 0;
        return kAct[s.param][k - 2];
    }
    case kConstG: {
        static constexpr uint8_t kBytes[6] = {0x00, 0x00, 0x02, 0x00, 0x01, 0x00};
        return kBytes[k];
    }
    case kCmdH: return (k == 4 && s.param <= 1) ? 0x01 : 0x00; // ee=01h for ii=00h..01h
    case kVarB:
        if (k != 3) return 0;
        return s.param == 0 ? 0x04 : (s.param == 1 ? 0x07 : 0x00); // dd
    case kRumble: return s.rumbleMap[k];                           // the old aa..ff
    default: return 0x00; // 43h in config mode, 44h (Err=00h on PSX pads), unused 4xh
    }
}

// Right/small (M2) and left/large (M1) motors from command byte k of a read (42h).
void DualShock::drive(unsigned k, uint8_t tx) {
    State& s = state_;
    if (s.rumbleMap[k] == kMapSmall) s.motorSmall = tx & 1;
    if (s.rumbleMap[k] == kMapLarge) s.motorLarge = tx;
    // Old method (no config commands used yet): small motor on when xx is 40h..7Fh and yy
    // has bit 0 set.
    if (!s.configUsed && k == 0) s.param = tx;
    if (!s.configUsed && k == 1) s.motorSmall = ((s.param & 0xc0) == 0x40 && (tx & 1)) ? 1 : 0;
}

void DualShock::effect(unsigned k, uint8_t tx) {
    State& s = state_;
    switch (s.command) {
    case kRead: drive(k, tx); return;
    case kConfig:
        // xx: normal mode 01h enters config; config mode 00h leaves it.
        if (k != 0) return;
        if (!s.config && tx == 0x01)
            s.config = s.configUsed = 1;
        else if (s.config && tx == 0x00)
            s.config = 0;
        return;
    case kSetLed:
        if (k == 0 && tx <= 0x01) s.analog = tx;      // Led 02h..FFh ignored
        if (k == 1) s.locked = (tx & 3) == 3 ? 1 : 0; // Key AND 3: 3 locks, 0..2 unlock
        return;
    case kVarA:
    case kCmdH:
    case kVarB:
        if (k == 0) s.param = tx;
        return;
    case kRumble: s.rumbleMap[k] = tx; return;
    default: return;
    }
}

void DualShock::serializeFields(savestate::StateIO& io, uint32_t port) {
    State& s = state_;
    if (io.reading()) s = State{};
    io.field("ds.analog", port, s.analog);
    io.field("ds.config", port, s.config);
    io.field("ds.locked", port, s.locked);
    io.field("ds.configUsed", port, s.configUsed);
    io.field("ds.rumbleMap", port, s.rumbleMap);
    io.field("ds.motorSmall", port, s.motorSmall);
    io.field("ds.motorLarge", port, s.motorLarge);
    io.field("ds.index", port, s.index);
    io.field("ds.command", port, s.command);
    io.field("ds.length", port, s.length);
    io.field("ds.forceAnalog", port, s.forceAnalog);
    io.field("ds.transferConfig", port, s.transferConfig);
    io.field("ds.param", port, s.param);
    io.field("ds.analogButtonHeld", port, s.analogButtonHeld);
    // A damaged state must not leave a transfer position past the reply.
    if (s.length > kConfigLength || s.index > s.length) s.index = s.length = 0;
}

} // namespace core
