#include "core/pads/guncon.h"

#include "core/pads/standard_reply.h"
#include "core/video_timing.h"
#include "gpu/display.h"

// The gun counts 8 MHz clocks along a line; the GPU places a pixel in video clocks from its
// own line start (GP1(06h) X1/X2, "relative to HSYNC"). The two counts do not start together:
// X1 = 260h is "the first visible pixel on normal TV Sets" (gpu "GP1(06h)") and the gun's
// range starts at 04Dh ("Halfword 2 (X)": 04Dh..1CDh, 385 clocks of 8 MHz = the visible
// line), so video clock 260h reads 04Dh and X = 4Dh + (clocks - 260h) * 8 MHz / video clock,
// in whole 8 MHz clocks (counting from our line start instead read 13 units too high). The
// video clock is CPU * videoNum / 451584 (core/video_timing.h) and the CPU clock
// 33868800 Hz = 75 * 451584, so the factor is 8000000 / (75 * videoNum). Lines count from VSYNC as
// the video timing's do (line 0 = the first after VSYNC). The gun is modelled as sensing the aimed
// pixel whatever its brightness ("Minimum Brightness" is left to the picture the host shows).

namespace core {

GunCon::Sight GunCon::sight(const gpu::DisplaySettings& display, int px, int py) {
    Sight s;
    if (display.disabled || px < 0 || py < 0) return s;
    uint32_t width = 0, height = 0;
    gpu::Display::size(display, width, height);
    if (uint32_t(px) >= width || uint32_t(py) >= height) return s;
    const uint64_t clocks = uint64_t(display.hStart) + uint64_t(px) * display.dotDivider();
    const int64_t videoNum =
        int64_t(display.pal() ? VideoTiming::kPalVideoNum : VideoTiming::kNtscVideoNum);
    const int64_t fromFirstVisible = (int64_t(clocks) - kFirstVisibleClock) * 8000000;
    const int64_t per = 75 * videoNum;
    // Rounded down, also left of 260h (a negative offset).
    const int64_t x =
        kFirstVisibleX +
        (fromFirstVisible >= 0 ? fromFirstVisible / per : -((-fromFirstVisible + per - 1) / per));
    // A point before the gun's count starts (deep in the horizontal blanking, only with an
    // odd X1) would read as the error code or less: the gun sees nothing there.
    if (x <= kNoLightX) return s;
    s.x = static_cast<uint16_t>(x);
    s.clock = static_cast<uint16_t>(clocks);
    s.y = static_cast<uint16_t>(display.vStart + (display.lines480() ? py / 2 : py));
    return s;
}

uint8_t GunCon::exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done) {
    State& st = state_;
    if (st.index == 1 && tx == pads::kReadCommand) {
        st.busy = 0;
        if (beam_ && beam_->position && st.x != kNoLightX) {
            const Beam b = beam_->position(beam_->context);
            st.busy = (b.line < st.y || (b.line == st.y && b.clock < st.clock)) ? 1 : 0;
        }
    }
    const uint16_t x = st.busy ? kNoLightX : st.x, y = st.busy ? kNoLightY : st.y;
    // Halfword 1: A at bit 3, Trigger at bit 13, B at bit 14; every other bit reads 1.
    const uint16_t held = pad.buttons & (PadState::GunA | PadState::GunTrigger | PadState::GunB);
    uint8_t data[6];
    pads::buttonBytes(held, data);
    data[2] = static_cast<uint8_t>(x & 0xff);
    data[3] = static_cast<uint8_t>(x >> 8);
    data[4] = static_cast<uint8_t>(y & 0xff);
    data[5] = static_cast<uint8_t>(y >> 8);
    return pads::standardReply(state_.index, tx, kIdLow, data, 6, ack, done);
}

void GunCon::serializeFields(savestate::StateIO& io, uint32_t index) {
    State& s = state_;
    if (io.reading()) s = State{};
    io.field("gun.x", index, s.x);
    io.field("gun.y", index, s.y);
    io.field("gun.clock", index, s.clock);
    io.field("gun.index", index, s.index);
    io.field("gun.busy", index, s.busy);
    if (s.index > 8) s.index = 0; // a damaged state: no transfer
}

} // namespace core
