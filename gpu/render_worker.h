#pragma once
// The render worker (DESIGN.md §2, issue 16 item 1): one thread that executes the GPU's cached
// command records while the emulation thread decodes the next ones. The GPU front hands over
// jobs (a batch of records plus what to do with it: flush, or end the frame) in stream order;
// the worker runs them one after the other through the runner the GPU gives. Nothing
// emulated-visible is computed here: GPUSTAT, busy timing and every decode-side decision stay
// on the emulation thread. Anything that reads what execution produces (VRAM, the CLUT
// palette, the deferred set, the pacer's decision and stats) first calls sync(), which waits
// until every job handed over so far has run; afterwards the caller may use that state itself
// until it hands over the next job (the mutex hand-off orders the memory accesses).
//
// Without a thread (the default) a job runs at once on the caller's thread: both modes run the
// same jobs in the same order, so VRAM, presented frames and state hashes are identical.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "gpu/display.h"
#include "gpu/frame_commands.h"

namespace gpu {

struct RenderJob {
    enum class Kind : uint8_t {
        Flush,    // execute every record so far and clear the frame (command cache full)
        EndFrame, // the pacer's vblank step (FramePacer::endFrame)
    };
    Kind kind = Kind::EndFrame;
    FrameBatch batch;        // records appended since the previous hand-over
    DisplaySettings display; // EndFrame: the display registers at vblank
};

class RenderWorker {
  public:
    // Jobs in flight at most; the emulation thread waits for a free slot beyond that, so it
    // runs at most about this many frames ahead of the rendering.
    static constexpr int kSlots = 3;

    RenderWorker() = default;
    RenderWorker(const RenderWorker&) = delete;
    RenderWorker& operator=(const RenderWorker&) = delete;
    ~RenderWorker() { stop(); }

    // `runner` executes one job (the worker's thread, or the caller's without a thread).
    void setRunner(std::function<void(RenderJob&)> runner) { runner_ = std::move(runner); }
    // Starts / stops the thread (stop() runs every queued job first). Emulation thread only.
    void start();
    void stop();
    bool threaded() const { return thread_.joinable(); }

    // The job to fill in and hand over with submit(): the next free ring slot (waits for one),
    // or, with `inlineRun` or without a thread, a job that submit() runs at once on this thread
    // (after every job before it).
    RenderJob& prepare(bool inlineRun);
    void submit();
    // Waits until every submitted job has run.
    void sync();

  private:
    void loop();

    std::function<void(RenderJob&)> runner_;
    RenderJob slots_[kSlots];
    RenderJob inline_;            // the job of a run without a thread
    bool preparedInline_ = false; // prepare() returned inline_
    // Ring of submitted jobs: [head_, head_ + count_) modulo kSlots; the one at head_ runs.
    int head_ = 0, count_ = 0;
    bool stopping_ = false;
    std::mutex mutex_;
    std::condition_variable work_, done_;
    std::thread thread_;
};

} // namespace gpu
