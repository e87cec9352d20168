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
    // Video clock 260h (gpu "GP1(06h)": the first visible pixel) reads X = 04Dh, the start of
    // the gun's range ("Halfword 2 (X)": 04Dh..1CDh).
    static constexpr int64_t kFirstVisibleClock = 0x260, kFirstVisibleX = 0x4d;

    struct Sight {
        uint16_t x = kNoLightX, y = kNoLightY;
        uint16_t clock = 0; // the aimed pixel's video clock since HSYNC (x before rounding)
    };
    // Where the beam is now: scanline since VSYNC and video clocks since HSYNC.
    struct Beam {
        uint32_t line, clock;
    };
    // Asked at a read's command byte (System: from core/video_timing.h); none: never busy.
    struct BeamSource {
        Beam (*position)(void* context) = nullptr;
        void* context = nullptr;
    };
    struct State {
        uint16_t x = kNoLightX, y = kNoLightY; // the aimed point, as the gun senses it
        uint16_t clock = 0;                    // Sight::clock of that point
        uint8_t index = 0; // byte of the current transfer (1 = command byte), 0 = none
        uint8_t busy = 0;  // the current read found the beam before the point: BUSY
    };
    static_assert(std::is_trivially_copyable_v<State>);

    // Where the beam is when it draws picture pixel (px, py) of the display `display` scans
    // out (gpu::Display): X = 4Dh + the video clocks from 260h (GP1(06h) X1 + px dots of the
    // dot clock, less 260h) in 8 MHz clocks, Y = scanlines since VSYNC (GP1(07h) Y1 + py; a
    // 480-line picture shows two fields' lines). "No light" off the picture or with the display
    // disabled.
    static Sight sight(const gpu::DisplaySettings& display, int px, int py);

    void reset() { state_ = State{}; }
    void select() { state_.index = 1; }
    // The point the gun is aimed at for this frame (updated every frame). The gun senses it
    // when the beam passes it: a read after VSYNC but before that replies "no light yet"
    // (BUSY, X=0001h Y=000Ah, "Error/Busy Codes"); a read after it, or in vblank before
    // VSYNC, replies its coordinates.
    void latch(Sight s) {
        state_.x = s.x;
        state_.y = s.y;
        state_.clock = s.clock;
    }
    void setBeamSource(const BeamSource* source) { beam_ = source; }
    uint8_t exchange(uint8_t tx, const PadState& pad, bool& ack, bool& done);
    const State& state() const { return state_; }
    void serializeFields(savestate::StateIO& io, uint32_t index);

  private:
    State state_{};
    const BeamSource* beam_ = nullptr; // not state: wiring
};

} // namespace core
