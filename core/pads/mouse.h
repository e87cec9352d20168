#pragma once
// The Sony mouse (SCPH-1090) behind SIO0 address 01h (controllersandmemorycards.md
// "Controllers - Mouse"): ID 5A12h; halfword 1 = buttons (bits 0-7 and 12-15 always 1, bits
// 8-9 always 0, bit 10 Right, bit 11 Left, active low); halfword 2 = horizontal and vertical
// motion, signed 8-bit (-80h..+7Fh, 00h = no motion).
#include <cstdint>
#include <type_traits>

#include "core/pad_state.h"
#include "savestate/state_io.h"

namespace core {

class Mouse {
  public:
    static constexpr uint8_t kIdLow = 0x12;
    struct State {
        int32_t sumX = 0, sumY = 0;  // motion counted since the last read
        int8_t sentX = 0, sentY = 0; // motion latched for the current read
        uint8_t index = 0;           // byte of the current transfer (1 = command byte), 0 = none
        uint8_t pad0 = 0;
    };
    static_assert(std::is_trivially_copyable_v<State>);

    void reset() { state_ = State{}; }
    // The host's motion for the frame adds up until a read takes it.
    void setInput(const PadState& pad);
    void select() { state_.index = 1; }
    // The read command latches the motion counted so far, clamped to -80h..+7Fh (the range the
    // reply can carry), and keeps the rest for the next read: a move faster than the reads
    // arrives over several reads instead of being cut short (psx-spx gives only the range; the
    // issue asks for the carry, so a fast flick is not lost).
    uint8_t exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done);
    const State& state() const { return state_; }
    void serializeFields(savestate::StateIO& io, uint32_t index);

  private:
    State state_{};
};

} // namespace core
