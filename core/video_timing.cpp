// PLACEHOLDER: a fixed 60 Hz vblank so the machine can run frames until the devices helper
// lands the real generator.
#include "core/video_timing.h"

#include "core/irq.h"
#include "gpu/gpu.h"

namespace core {

VideoTiming::VideoTiming(Scheduler& scheduler, Irq& irq, Timers& timers, gpu::Gpu& gpu)
    : scheduler_(scheduler), irq_(irq), timers_(timers), gpu_(gpu) {
    vblankEvent_ = scheduler_.add("video.vblank", [this](Cycles late, uint32_t) {
        ++frames_;
        irq_.raise(IrqSource::VBlank);
        gpu_.endFrame();
        scheduler_.schedule(vblankEvent_, scheduler_.now() - late + 564480);
        if (onVblank) onVblank();
    });
}

void VideoTiming::reset() {
    frames_ = 0;
    scheduler_.scheduleIn(vblankEvent_, 564480);
}

void VideoTiming::serialize(savestate::StateIO& io) {
    io.beginSection("video", 1);
    io.value(frames_);
    io.endSection();
}

} // namespace core
