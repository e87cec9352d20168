#pragma once
// Frame pacing at vblank (DESIGN.md §3): asks the PacingEvaluator for FULL or PARTIAL, drives
// the command cache accordingly, keeps the history of display buffers, times the host's
// rendering through a clock the front end injects (the GPU never reads a clock itself) and
// fills the frame's FrameStats. Nothing here changes emulated state: decisions only choose
// when records are executed, never what a read of VRAM returns.
#include <algorithm>
#include <functional>

#include "gpu/display.h"
#include "gpu/frame_commands.h"
#include "gpu/frame_stats.h"

namespace gpu {

class PacingEvaluator;
class Rasterizer;

// The VRAM area the display shows: GP1(05h) start, size from GP1(06h..08h) (a 24-bit pixel
// takes 1.5 halfwords), split where it wraps around VRAM's edges. Empty when nothing is shown.
VramArea displayAreaOf(const DisplaySettings& s);

class FramePacer {
  public:
    // Display areas of recent scan-outs that count as display buffers (double or triple
    // buffering, plus one spare for a program switching layouts).
    static constexpr int kDisplayBuffers = 4;

    // With no evaluator, every frame is rendered in FULL and no clock is read.
    void setEvaluator(PacingEvaluator* evaluator, std::function<double()> hostMicros);
    PacingEvaluator* evaluator() const { return evaluator_; }
    // Rendering costs `factor` times its real host time (the pacer waits the difference on the
    // injected clock). Changes no emulated state.
    void setHostSlowdown(double factor) { slowdown_ = std::max(1.0, factor); }
    double hostSlowdown() const { return slowdown_; }
    // The front end starts emulating again after waiting for real time: host time since the
    // last vblank's rendering is not counted as emulation time.
    void markEmulationStart();

    // Runs `render` (rasterization outside vblank: read-backs, scan-out, savestates) and charges
    // its host time to the current frame.
    template <class F> void timed(F&& render) {
        if (!clock_) {
            render();
            return;
        }
        double t0 = clock_();
        render();
        midFrameRenderUs_ += finishTimed(t0);
    }

    // At vblank: decide, execute or defer the frame's records, make the shown area current when
    // the frame is presented, and record the statistics. Leaves the frame's cache empty.
    void endFrame(FrameCommands& frame, Rasterizer& raster, const DisplaySettings& display);

    bool presented() const { return presented_; }
    const FrameStats& stats() const { return stats_; }
    const VramArea* displayBuffers() const { return buffers_; }
    int displayBufferCount() const { return bufferCount_; }

    // Forgets display buffers, frame numbering and counters (GPU reset, state load).
    void reset();

  private:
    void rememberDisplay(const VramArea& area);
    // Stretches the render that started at `t0` by the host slowdown; returns its charged time.
    double finishTimed(double t0);

    PacingEvaluator* evaluator_ = nullptr;
    std::function<double()> clock_;
    double slowdown_ = 1.0;
    double emulationStart_ = 0;
    double midFrameRenderUs_ = 0;
    double lastVblankUs_ = -1; // host time at the previous vblank; < 0: none yet
    VramArea lastShown_;       // the display area at the previous vblank
    VramArea buffers_[kDisplayBuffers];
    int bufferCount_ = 0;
    uint64_t frameNumber_ = 0;
    bool presented_ = true;
    FrameStats stats_;
    FrameCommands::Counters frameStart_; // counters at the start of the current frame
};

} // namespace gpu
