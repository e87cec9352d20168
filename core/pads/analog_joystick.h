#pragma once
// The original analog joystick (SCPH-1110, "Analog Stick") behind SIO0 address 01h
// (controllersandmemorycards.md "Controller ID": 5A53h = Analog Stick; "Standard Controllers":
// halfword 1 buttons, halfwords 2-3 adc0..adc3 = right X/Y, left X/Y). Its joy-buttons do not
// exist ("Dual Analog Pad in LED=Green Mode": "as for real analog stick, bits are always 1")
// and its buttons sit at the standard bits ("the real analog-stick does NOT have re-arranged
// buttons"). It has no rumble and knows no configuration commands: only 42h.
#include <cstdint>
#include <type_traits>

#include "core/pad_state.h"
#include "savestate/state_io.h"

namespace core {

class AnalogJoystick {
  public:
    static constexpr uint8_t kIdLow = 0x53;
    struct State {
        uint8_t index = 0; // byte of the current transfer (1 = command byte), 0 = none
    };
    static_assert(std::is_trivially_copyable_v<State>);

    void reset() { state_ = State{}; }
    void select() { state_.index = 1; }
    uint8_t exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done);
    const State& state() const { return state_; }
    void serializeFields(savestate::StateIO& io, uint32_t index);

  private:
    State state_{};
};

} // namespace core
