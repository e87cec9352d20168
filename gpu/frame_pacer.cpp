// Frame pacing at vblank. Hardware notes relied on (graphicsprocessingunitgpu.md):
// - The display area starts at GP1(05h) X/Y in VRAM and wraps at VRAM's edges; its size is
//   the visible picture (GP1(06h)/(07h) ranges, GP1(08h) dot clock and 480-line mode).
// - In 24-bit mode a displayed pixel takes 3 bytes of the VRAM row ("Framebuffer").
#include "gpu/frame_pacer.h"

#include "gpu/pacing_evaluator.h"

namespace gpu {

VramArea displayAreaOf(const DisplaySettings& s) {
    VramArea a;
    if (s.disabled) return a;
    uint32_t width = 0, height = 0;
    Display::size(s, width, height);
    uint32_t halfwords = s.color24() ? (width * 3 + 1) / 2 : width;
    halfwords = std::min<uint32_t>(halfwords, kVramWidth);
    height = std::min<uint32_t>(height, kVramHeight);
    if (!halfwords || !height) return a;
    a.count = uint8_t(wrapRect(s.startX, s.startY, int(halfwords), int(height), a.parts));
    return a;
}

void FramePacer::setEvaluator(PacingEvaluator* evaluator, std::function<double()> hostMicros) {
    evaluator_ = evaluator;
    clock_ = evaluator ? std::move(hostMicros) : nullptr;
    midFrameRenderUs_ = 0;
    emulationStart_ = clock_ ? clock_() : 0;
    lastVblankUs_ = -1;
}

void FramePacer::markEmulationStart() {
    if (!clock_) return;
    emulationStart_ = clock_();
    midFrameRenderUs_ = 0;
}

void FramePacer::reset() {
    bufferCount_ = 0;
    frameNumber_ = 0;
    presented_ = true;
    stats_ = FrameStats();
    frameStart_ = FrameCommands::Counters();
    midFrameRenderUs_ = 0;
    lastVblankUs_ = -1;
}

void FramePacer::rememberDisplay(const VramArea& area) {
    for (int i = 0; i < bufferCount_; ++i) {
        if (buffers_[i] == area) {
            // Most recent first, so the oldest falls out when a new layout appears.
            std::rotate(buffers_, buffers_ + i, buffers_ + i + 1);
            return;
        }
    }
    if (bufferCount_ < kDisplayBuffers) ++bufferCount_;
    std::move_backward(buffers_, buffers_ + bufferCount_ - 1, buffers_ + bufferCount_);
    buffers_[0] = area;
}

double FramePacer::finishTimed(double t0) {
    double t1 = clock_();
    if (slowdown_ > 1.0) {
        double until = t0 + (t1 - t0) * slowdown_;
        while (t1 < until)
            t1 = clock_();
    }
    return t1 - t0;
}

namespace {
FrameWork workDelta(const FrameWork& now, const FrameWork& before) {
    FrameWork d;
    for (int k = 0; k < FrameWork::kKinds; ++k) {
        d.records[k] = now.records[k] - before.records[k];
        d.pixels[k] = now.pixels[k] - before.pixels[k];
    }
    return d;
}
} // namespace

void FramePacer::endFrame(FrameCommands& frame, Rasterizer& raster,
                          const DisplaySettings& display) {
    FrameStats s;
    s.frame = frameNumber_++;
    VramArea shown = displayAreaOf(display);
    if (shown.count) rememberDisplay(shown);
    double t0 = 0;
    if (!evaluator_) {
        frame.executeAll(raster);
        frame.executeDeferred(raster); // none unless an evaluator was just removed
        presented_ = true;
    } else {
        t0 = clock_();
        s.emulationUs = std::max(0.0, t0 - emulationStart_ - midFrameRenderUs_);
        s.hostFrameUs = lastVblankUs_ >= 0 ? std::max(0.0, t0 - lastVblankUs_) : 0;
        lastVblankUs_ = t0;
        evaluator_->noteDisplay(!(shown == lastShown_));
        lastShown_ = shown;
        FrameWork work = frame.classify(buffers_, bufferCount_);
        evaluator_->setVideoRate(display.pal() ? 50.0 : 59.94);
        if (!evaluator_->defersThisFrame()) {
            // Off (the reference), and the other modes when deferring would only move the
            // drawing: every record, in order, now (plus any deferred work left over from a
            // mode change or an earlier frame, when the shown area is presented).
            FrameWork late = frame.deferredWorkIn(shown);
            for (int k = 0; k < FrameWork::kKinds; ++k) {
                work.records[k] += late.records[k];
                work.pixels[k] += late.pixels[k];
            }
            bool off = evaluator_->settings().mode == PacingSettings::Mode::Off;
            FrameDecision d =
                off ? evaluator_->decide(work, s.emulationUs, s)
                    : evaluator_->decideUndeferred(work, s.emulationUs, s,
                                                   late.records != FrameWork().records);
            frame.executeAll(raster);
            presented_ = d == FrameDecision::Full;
            if (presented_)
                for (int p = 0; p < shown.count; ++p)
                    frame.executeDeferredIn(shown.parts[p], raster);
        } else {
            // Every frame runs what writes outside the display buffers and defers the rest; the
            // decision is only whether to make the shown area current and present it. With a
            // swap after vblank (the usual double-buffer loop) what was drawn this frame is
            // shown next frame, and if that one is skipped it can still die.
            if (frame.deferredOverLimit()) frame.executeDeferred(raster);
            frame.executePartial(raster);
            FrameWork shownDeferred = frame.deferredWorkIn(shown);
            if (evaluator_->decide(work, shownDeferred, s.emulationUs, s) == FrameDecision::Full) {
                for (int p = 0; p < shown.count; ++p)
                    frame.executeDeferredIn(shown.parts[p], raster);
                presented_ = true;
            } else {
                presented_ = false;
            }
            // Host time the front end would wait through goes to the drawing still deferred,
            // oldest first, when the evaluator allows it (fixed:N's opening).
            double idle = evaluator_->idleAllowed()
                              ? evaluator_->idleUs(s.emulationUs,
                                                   (clock_() - t0) * slowdown_ + midFrameRenderUs_)
                              : 0;
            CommandKind kind;
            uint64_t pixels = 0;
            while (idle > 0 && frame.peekOldestDeferred(kind, pixels)) {
                idle -= evaluator_->deferredRecordUs(int(kind), pixels);
                if (idle < 0) break;
                frame.executeOldestDeferred(raster);
            }
        }
    }
    const FrameCommands::Counters& c = frame.counters();
    s.presented = presented_;
    s.recordsExecuted = uint32_t(c.recordsExecuted - frameStart_.recordsExecuted);
    s.recordsDeferred = uint32_t(c.recordsDeferred - frameStart_.recordsDeferred);
    s.recordsExecutedLate = uint32_t(c.recordsExecutedLate - frameStart_.recordsExecutedLate);
    s.recordsDied = uint32_t(c.recordsDied - frameStart_.recordsDied);
    s.uploadsDeferred = uint32_t(c.uploadsDeferred - frameStart_.uploadsDeferred);
    s.uploadsExecutedLate = uint32_t(c.uploadsExecutedLate - frameStart_.uploadsExecutedLate);
    s.uploadsDied = uint32_t(c.uploadsDied - frameStart_.uploadsDied);
    s.pixelsDrawn = c.pixelsDrawn - frameStart_.pixelsDrawn;
    s.pixelsSaved = c.pixelsDied - frameStart_.pixelsDied;
    if (evaluator_) {
        s.renderUs = finishTimed(t0) + midFrameRenderUs_;
        uint64_t died = c.pixelsDied - frameStart_.pixelsDied;
        uint64_t late = c.pixelsExecutedLate - frameStart_.pixelsExecutedLate;
        evaluator_->frameDone(workDelta(c.executedWork, frameStart_.executedWork), s, died + late,
                              died);
    }
    frame.clear();
    stats_ = s;
    frameStart_ = frame.counters();
    midFrameRenderUs_ = 0;
    if (clock_) emulationStart_ = clock_();
}

} // namespace gpu
