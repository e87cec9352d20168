#pragma once
// PLACEHOLDER: the devices helper replaces this with the video timing generator: NTSC/PAL
// lines and frames, hblank/vblank events, dot clock per horizontal resolution, driven by
// gpu::Gpu::displayTiming(); raises IRQ0, feeds the timers and calls Gpu::endFrame().
#include <cstdint>
#include <functional>

#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace gpu {
class Gpu;
}

namespace core {

class Irq;
class Timers;

class VideoTiming {
  public:
    VideoTiming(Scheduler& scheduler, Irq& irq, Timers& timers, gpu::Gpu& gpu);
    void reset();
    // Called at the start of each vblank, after the GPU has ended its frame.
    std::function<void()> onVblank;
    uint64_t frameCount() const { return frames_; }
    void serialize(savestate::StateIO& io);

  private:
    Scheduler& scheduler_;
    Irq& irq_;
    [[maybe_unused]] Timers& timers_;
    gpu::Gpu& gpu_;
    Scheduler::Handle vblankEvent_;
    uint64_t frames_ = 0;
};

} // namespace core
