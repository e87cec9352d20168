#pragma once
// Frame pacing for skipjack-cli: a host clock for the GPU's pacing evaluator and the per-frame
// statistics file (--frameskip, --stats, --host-slowdown; DESIGN.md §3).
#include <cstdio>
#include <string>

#include "app/cli/options.h"
#include "gpu/frame_stats.h"
#include "gpu/pacing_evaluator.h"

namespace gpu {
class Gpu;
}

namespace cli {

// Monotonic host time in microseconds.
double hostMicros();

// Owns the evaluator a GPU is paced by, and the --stats output.
class PacingSession {
  public:
    PacingSession() = default;
    PacingSession(const PacingSession&) = delete;
    PacingSession& operator=(const PacingSession&) = delete;
    ~PacingSession();

    // Attaches an evaluator in `mode` to `gpu`; false with a message on a bad mode or file.
    bool start(gpu::Gpu& gpu, const std::string& mode, double hostSlowdown,
               const std::string& statsFile, std::string& error);
    // After every frame: appends the frame's statistics to the stats file.
    void frameDone(const gpu::FrameStats& stats);
    bool finish(std::string& error);
    gpu::PacingEvaluator& evaluator() { return evaluator_; }

  private:
    gpu::PacingEvaluator evaluator_;
    gpu::Gpu* gpu_ = nullptr;
    std::FILE* stats_ = nullptr;
    std::string statsPath_, tempPath_;
    bool first_ = true;
};

// One JSON object with every FrameStats field.
void writeFrameStatsJson(std::FILE* f, const gpu::FrameStats& s);

int benchFrameskip(const Options& o);

} // namespace cli
