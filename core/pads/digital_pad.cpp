#include "core/pads/digital_pad.h"

#include "core/pads/standard_reply.h"

namespace core {

uint8_t DigitalPad::exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done) {
    uint8_t data[2];
    pads::buttonBytes(static_cast<uint16_t>(pad.buttons & ~(PadState::L3 | PadState::R3)), data);
    return pads::standardReply(state_.index, tx, kIdLow, data, 2, ack, done);
}

void DigitalPad::serializeFields(savestate::StateIO& io, uint32_t index) {
    if (io.reading()) state_ = State{};
    io.field("digital.index", index, state_.index);
    if (state_.index > 4) state_.index = 0; // a damaged state: no transfer
}

} // namespace core
