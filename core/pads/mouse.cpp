#include "core/pads/mouse.h"

#include <algorithm>

#include "core/pads/standard_reply.h"

namespace core {

namespace {
// Host motion can come in faster than any game reads it; the sum stays far from overflow.
constexpr int32_t kSumLimit = 1 << 20;
int8_t clampDelta(int32_t v) {
    return static_cast<int8_t>(std::clamp<int32_t>(v, -0x80, 0x7f));
}
} // namespace

void Mouse::setInput(const PadState& pad) {
    state_.sumX = std::clamp(state_.sumX + pad.mouseDx, -kSumLimit, kSumLimit);
    state_.sumY = std::clamp(state_.sumY + pad.mouseDy, -kSumLimit, kSumLimit);
}

uint8_t Mouse::exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done) {
    State& s = state_;
    if (s.index == 1 && tx == pads::kReadCommand) {
        s.sentX = clampDelta(s.sumX);
        s.sentY = clampDelta(s.sumY);
        s.sumX -= s.sentX; // what the reply could not carry waits for the next read
        s.sumY -= s.sentY;
    }
    // Halfword 1: bits 0-7 one, 8-9 zero, 10 Right, 11 Left (active low), 12-15 one.
    uint8_t high = 0xf0;
    if (!(pad.buttons & PadState::MouseRight)) high |= 0x04;
    if (!(pad.buttons & PadState::MouseLeft)) high |= 0x08;
    const uint8_t data[4] = {0xff, high, static_cast<uint8_t>(s.sentX),
                             static_cast<uint8_t>(s.sentY)};
    return pads::standardReply(s.index, tx, kIdLow, data, 4, ack, done);
}

void Mouse::serializeFields(savestate::StateIO& io, uint32_t index) {
    State& s = state_;
    if (io.reading()) s = State{};
    io.field("mouse.sumX", index, s.sumX);
    io.field("mouse.sumY", index, s.sumY);
    io.field("mouse.sentX", index, s.sentX);
    io.field("mouse.sentY", index, s.sentY);
    io.field("mouse.index", index, s.index);
    if (s.index > 6) s.index = 0; // a damaged state: no transfer
    s.sumX = std::clamp(s.sumX, -kSumLimit, kSumLimit);
    s.sumY = std::clamp(s.sumY, -kSumLimit, kSumLimit);
}

} // namespace core
