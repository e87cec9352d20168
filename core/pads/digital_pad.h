#pragma once
// The standard digital pad (SCPH-1080) behind SIO0 address 01h (controllersandmemorycards.md
// "Standard Digital/Analog Controllers"): ID 5A41h, one halfword of buttons, active low;
// L3/R3 (analog mode only) always read released.
#include <cstdint>
#include <type_traits>

#include "core/pad_state.h"
#include "savestate/state_io.h"

namespace core {

class DigitalPad {
  public:
    static constexpr uint8_t kIdLow = 0x41;
    struct State {
        uint8_t index = 0; // byte of the current transfer (1 = command byte), 0 = none
    };
    static_assert(std::is_trivially_copyable_v<State>);

    void reset() { state_ = State{}; }
    void select() { state_.index = 1; }
    uint8_t exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done);
    // Sio0 states before version 4 kept this position in their own padStep.
    void setIndex(uint8_t index) { state_.index = index; }
    const State& state() const { return state_; }
    void serializeFields(savestate::StateIO& io, uint32_t index);

  private:
    State state_{};
};

} // namespace core
