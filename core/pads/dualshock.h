#pragma once
// The DualShock analog pad (SCPH-1200) behind SIO0 address 01h (controllersandmemorycards.md
// "Standard Digital/Analog Controllers", "Configuration Commands", "Vibration/Rumble Control").
// Sio0 answers the address byte and hands every following byte of the transfer here.
#include <cstdint>
#include <type_traits>

#include "core/pad_state.h"
#include "savestate/state_io.h"

namespace core {

class DualShock {
  public:
    // Reply lengths in bytes, address byte included ("Normal Mode", "Configuration Mode").
    static constexpr uint8_t kDigitalLength = 5;
    static constexpr uint8_t kAnalogLength = 9;
    static constexpr uint8_t kConfigLength = 9;
    // ID low bytes ("Controller ID"): 5A41h digital, 5A73h analog (LED red), 5AF3h config.
    static constexpr uint8_t kIdDigital = 0x41;
    static constexpr uint8_t kIdAnalog = 0x73;
    static constexpr uint8_t kIdConfig = 0xf3;
    static constexpr uint8_t kUnmapped = 0xff; // 4Dh: "Map nothing to this byte"

    struct State {
        uint8_t analog = 0;     // analog mode, LED on/red (44h Led, or the Analog button)
        uint8_t config = 0;     // configuration mode (43h)
        uint8_t locked = 0;     // 44h Key=3: the Analog button is ignored
        uint8_t configUsed = 0; // config mode was entered: the old one-motor method is off
        uint8_t rumbleMap[6] = {kUnmapped, kUnmapped, kUnmapped,
                                kUnmapped, kUnmapped, kUnmapped}; // 4Dh aa..ff
        uint8_t motorSmall = 0;     // right/small motor M2: 0 off, 1 on
        uint8_t motorLarge = 0;     // left/large motor M1: 00h stop .. FFh fastest
        uint8_t index = 0;          // byte of the current transfer (1 = command byte)
        uint8_t command = 0;        // command byte of the current transfer
        uint8_t length = 0;         // bytes of the current transfer, fixed at its command byte
        uint8_t forceAnalog = 0;    // the current transfer replies with the analog bytes
        uint8_t transferConfig = 0; // the current transfer began in config mode (ID F3h)
        uint8_t param = 0; // the transfer's 4th byte (43h xx, 46h/48h/4Ch ii, old-rumble xx)
        uint8_t analogButtonHeld = 0; // last Analog button level seen (toggles on the press)
    };
    static_assert(std::is_trivially_copyable_v<State>);

    struct Motors {
        bool small;    // right/small motor on
        uint8_t large; // left/large motor speed
    };

    // Power-on: digital mode, LED off, unlocked, rumble unmapped and stopped.
    void reset() { state_ = State{}; }
    // The host's input for the frame: a press of the Analog button toggles the mode unless
    // locked, and like the watchdog reset it stops the motors and unmaps them (43h "Caution 2").
    void setInput(const PadState& pad);
    // Sio0 received the address byte 01h: a transfer begins with the command byte.
    void select() { state_.index = 1; }
    // One byte of the transfer after the address. `ack`: /ACK follows (every byte but the
    // last); `done`: the transfer is over (last byte, or a command the pad ignores).
    uint8_t exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done);

    bool analog() const { return state_.analog != 0; }
    bool led() const { return state_.analog != 0; } // LED red = analog mode (45h "Led")
    bool locked() const { return state_.locked != 0; }
    bool configMode() const { return state_.config != 0; }
    Motors motors() const { return {state_.motorSmall != 0, state_.motorLarge}; }
    const State& state() const { return state_; }
    // Named fields of port `port` inside Sio0's section.
    void serializeFields(savestate::StateIO& io, uint32_t port);

  private:
    uint8_t replyByte(unsigned k, const PadState& pad) const;
    void effect(unsigned k, uint8_t tx);
    void drive(unsigned k, uint8_t tx);

    State state_{};
};

} // namespace core
