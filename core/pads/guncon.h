#pragma once
// The Namco GunCon (NPC-103), a Cinch-type light gun behind SIO0 address 01h
// (controllersandmemorycards.md "Controllers - Lightguns - Namco (GunCon)"): ID 5A63h;
// halfword 1 = buttons (bit 3 A, bit 13 Trigger, bit 14 B, active low, the others always 1);
// halfword 2 = X in 8 MHz clocks since HSYNC; halfword 3 = Y in scanlines since VSYNC;
// X=0001h, Y=000Ah = "no light" (not aimed at the screen).
#include <cstdint>
#include <type_traits>

#include "core/pad_state.h"
#include "savestate/state_io.h"

namespace gpu {
struct DisplaySettings;
}

namespace core {

class GunCon {
  public:
    static constexpr uint8_t kIdLow = 0x63;
    static constexpr uint16_t kNoLightX = 0x0001, kNoLightY = 0x000a; // "Error/Busy Codes"

    struct Sight {
        uint16_t x = kNoLightX, y = kNoLightY;
    };
    struct State {
        uint16_t x = kNoLightX, y = kNoLightY; // coordinates the gun sensed in the last frame
        uint8_t index = 0; // byte of the current transfer (1 = command byte), 0 = none
        uint8_t pad0 = 0;
    };
    static_assert(std::is_trivially_copyable_v<State>);

    // Where the beam is when it draws picture pixel (px, py) of the display `display` scans
    // out (gpu::Display): X = video clocks since HSYNC (GP1(06h) X1 + px dots of the dot
    // clock) in 8 MHz clocks, Y = scanlines since VSYNC (GP1(07h) Y1 + py; a 480-line picture
    // shows two fields' lines). "No light" off the picture or with the display disabled.
    static Sight sight(const gpu::DisplaySettings& display, int px, int py);

    void reset() { state_ = State{}; }
    void select() { state_.index = 1; }
    // The coordinates the gun sensed while the beam drew the frame (updated every frame).
    void latch(Sight s) {
        state_.x = s.x;
        state_.y = s.y;
    }
    uint8_t exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done);
    const State& state() const { return state_; }
    void serializeFields(savestate::StateIO& io, uint32_t index);

  private:
    State state_{};
};

} // namespace core
