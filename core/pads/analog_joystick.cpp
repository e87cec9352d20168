#include "core/pads/analog_joystick.h"

#include "core/pads/standard_reply.h"

namespace core {

uint8_t AnalogJoystick::exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done) {
    uint8_t data[6];
    pads::buttonBytes(static_cast<uint16_t>(pad.buttons & ~(PadState::L3 | PadState::R3)), data);
    for (unsigned i = 0; i < 4; ++i)
        data[2 + i] = pad.axes[i]; // adc0..adc3: RightX, RightY, LeftX, LeftY
    return pads::standardReply(state_.index, tx, kIdLow, data, 6, ack, done);
}

void AnalogJoystick::serializeFields(savestate::StateIO& io, uint32_t index) {
    if (io.reading()) state_ = State{};
    io.field("stick.index", index, state_.index);
    if (state_.index > 8) state_.index = 0; // a damaged state: no transfer
}

} // namespace core
