#pragma once
// Video timing generator (graphicsprocessingunitgpu.md "GPU Timings"): NTSC/PAL scanlines and
// fields counted in exact video-clock units, hblank/vblank edges as named scheduler events,
// IRQ0 at vblank start, the dot clock for timer 0 and the hblank/vblank feed of the timers.
#include <cstdint>

#include "core/device.h"
#include "core/scheduler.h"
#include "core/timers.h"
#include "savestate/state_io.h"

namespace gpu {
class Gpu;
}

namespace core {

class Irq;

class VideoTiming : public DotClock {
  public:
    // Nominal video clocks (graphicsprocessingunitgpu.md "Nominal Video Clock") as exact
    // ratios to the CPU clock: NTSC 53.693175 MHz = CPU * 715909/451584, PAL 53.203425 MHz =
    // CPU * 709379/451584.
    static constexpr uint64_t kCpuPerVideoDen = 451584;
    static constexpr uint64_t kNtscVideoNum = 715909;
    static constexpr uint64_t kPalVideoNum = 709379;
    // "Horizontal Timings": video cycles per scanline.
    static constexpr uint32_t kNtscLineCycles = 3413;
    static constexpr uint32_t kPalLineCycles = 3406;
    // "Vertical Timings": scanlines per frame (interlaced fields alternate 262/263, 312/313).
    static constexpr uint32_t kNtscLines = 263;
    static constexpr uint32_t kPalLines = 314;
    // The timers' and IRQ0's blanking follows the display ranges (gpu "GP1(06h)/GP1(07h)"):
    // vblank starts at the line Y2 and ends at the line Y1, hblank is the part of a line
    // outside X1..X2 (video clocks from HSYNC). See video_timing.cpp's notes.
    // A field without any vblank start (Y2 beyond the field) still ends an emulated frame
    // after this many lines (more than the longest field), without IRQ0.
    static constexpr uint32_t kFrameFallbackLines = 320;

    struct State {
        Cycles lineStart;  // integer part of the exact start of the current line (CPU cycles)
        uint64_t lineFrac; // fractional part, in 1/videoNum CPU cycles
        uint64_t dotBase;  // dot clock edges before the current line
        uint64_t frames;   // vblanks so far
        uint32_t line;     // scanline within the field, 0 = first line after VSYNC
        uint32_t linesInField;
        uint32_t lineCycles; // video cycles per line
        uint32_t videoNum;   // video clock numerator (see kCpuPerVideoDen)
        uint32_t dotDivider; // video cycles per dot
        uint32_t dotsPerLine;
        uint8_t pal, interlace, oddField, inVblank, inHblank;
        uint8_t pad[3];
        uint32_t linesSinceFrame; // line starts since the last frame boundary
        uint16_t hblankEndAt;     // this line's X1 and X2, clamped to the line (video clocks)
        uint16_t hblankStartAt;
    };
    static_assert(std::is_trivially_copyable_v<State>);

    // The console's video clock crystal (graphicsprocessingunitgpu.md "Nominal Video Clock"):
    // a console always runs on its own region's clock, whatever GP1(08h) selects, so NTSC
    // content on a PAL console runs at 59.28 Hz. FollowMode takes the clock of the selected
    // video mode, the reference's advice when the console's region is unknown. Part of the
    // machine (kept across reset and in savestates); takes effect at the next field.
    enum class Clock : uint8_t { FollowMode, Ntsc, Pal };
    void setClock(Clock clock) { clock_ = clock; }
    Clock clock() const { return clock_; }

    VideoTiming(Scheduler& scheduler, Irq& irq, Timers& timers, gpu::Gpu& gpu);
    // No ports of its own (GPUSTAT shows its position): the "video" section.
    DeviceInfo describe();
    void reset();
    // Called at the start of each vblank, after the GPU has ended its frame.
    void setVblankHandler(void (*handler)(void* context), void* context) {
        vblankHandler_ = handler;
        vblankContext_ = context;
    }
    uint64_t frameCount() const { return state_.frames; }
    uint32_t line() const { return state_.line; }
    bool inVblank() const { return state_.inVblank != 0; }
    bool inHblank() const { return state_.inHblank != 0; }
    const State& state() const { return state_; }
    // CPU cycle of the exact start of the next scanline.
    Cycles nextLineTime() const { return cpuTimeAt(state_.lineCycles); }

    // DotClock (timer 0). Dots per line follow timers.md/gpu "Horizontal Timings": the
    // fraction is dropped, except 3406/8 = 425.75 which counts 426.
    uint64_t dotsAt(Cycles t) const override;
    Cycles dotTime(uint64_t dot) const override;
    static uint32_t dotsPerLine(bool pal, uint32_t divider);

    void serialize(savestate::StateIO& io);

  private:
    Cycles cpuTimeAt(uint64_t videoOffset) const;
    void lineStart(Cycles edge);
    void hblankEnd(Cycles edge);
    void onLineEvent(Cycles late, uint32_t) { lineStart(scheduler_.now() - late); }
    void onHblankEndEvent(Cycles late, uint32_t) { hblankEnd(scheduler_.now() - late); }
    void onHblankStartEvent(Cycles late, uint32_t) { hblankStart(scheduler_.now() - late); }
    void hblankStart(Cycles edge);
    void endFrame();
    bool hblankAt(uint32_t videoOffset) const;
    void sampleRanges();
    void startField();
    void scheduleLine();

    Scheduler& scheduler_;
    Irq& irq_;
    Timers& timers_;
    gpu::Gpu& gpu_;
    Scheduler::Handle lineEvent_, hblankEndEvent_, hblankStartEvent_;
    void (*vblankHandler_)(void*) = nullptr;
    void* vblankContext_ = nullptr;
    State state_{};
    Clock clock_ = Clock::FollowMode;
};

} // namespace core
