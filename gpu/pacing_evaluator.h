#pragma once
// Decides, at each vblank, whether the cached frame is rendered in FULL or PARTIAL (DESIGN.md
// §3). It never reads a clock: the host times it is given come from the front end, so its
// decisions can be replayed in tests, and no decision ever changes emulated state.
#include <array>
#include <cstdint>
#include <string>

#include "gpu/frame_stats.h"

namespace gpu {

struct PacingSettings {
    enum class Mode : uint8_t { Off, Auto, Fixed };
    Mode mode = Mode::Off;
    uint32_t fixedSkip = 2; // fixed:N renders one frame in N+1
    uint32_t maxConsecutivePartial = 3;
    double frameRateHz = 0;          // the host refresh when synced; 0: the emulated one
                                     // (59.94 Hz NTSC, 50 Hz PAL, from the GPU's video mode)
    double debtLimitFrames = 2.0;    // the debt never grows past this many frame budgets
    double headroom = 0.95;          // plan to use this fraction of the budget
    uint32_t warmupFrames = 8;       // frames rendered in FULL before the model is trusted
    double learningRate = 0.2;       // weight of the newest measurement in the running averages
    double minSavingFraction = 0.05; // PARTIAL only if it saves this fraction of a render
    uint32_t reprobeFrames = 600;    // after this many NoSaving frames, one PARTIAL re-measures
                                     // the die ratio (programs change scenes); 0: never

    // Parses "off", "auto" or "fixed:N"; false with a message otherwise.
    bool parseMode(const std::string& text, std::string& error);
};

// Host cost of rendering: per record and per pixel of each command kind, learned from
// measured renders (running averages).
class CostModel {
  public:
    double predictUs(const FrameWork& work) const;
    double predictDeferrableUs(const FrameWork& work) const;
    // A measured render of `work` took `us`. The base costs keep their proportions; the host
    // is learned as time = overhead + factor * base cost, a least-squares line over decayed
    // sums, so a frame that ran little work (mostly fixed overhead) does not inflate the price
    // of a big one, and each frame weighs in proportion to the evidence it brings.
    void learn(const FrameWork& work, double us, double rate);
    uint32_t samples() const { return samples_; }
    double baseUs(const FrameWork& work) const;
    double baseDeferrableUs(const FrameWork& work) const;
    // Predicted host time of one frame's rendering whose base cost is `base`.
    double predictFromBase(double base) const;
    double hostFactor() const;
    double overheadUs() const;

  private:
    std::array<double, FrameWork::kKinds> perRecordUs_{0.3, 0.3, 0.3, 0.2, 0.2, 0.2};
    std::array<double, FrameWork::kKinds> perPixelUs_{0.004, 0.004, 0.003, 0.001, 0.002, 0.001};
    // Decayed regression sums; the prior is one point on the line time = base.
    double n_ = 1, sx_ = 1000, sy_ = 1000, sxx_ = 1e6, sxy_ = 1e6;
    uint32_t samples_ = 0;
};

class PacingEvaluator {
  public:
    explicit PacingEvaluator(PacingSettings settings = {}) : settings_(settings) {}
    void setSettings(const PacingSettings& s) { settings_ = s; }
    const PacingSettings& settings() const { return settings_; }

    // The emulated video rate (the GPU sets it from its display mode at each vblank).
    void setVideoRate(double hz) { videoHz_ = hz; }
    double budgetUs() const {
        return 1e6 / (settings_.frameRateHz > 0 ? settings_.frameRateHz : videoHz_);
    }

    // At vblank: choose for the frame whose work is `work`, emulated in `emulationUs`.
    // Fills decision, reason and the predictions in `stats`.
    FrameDecision decide(const FrameWork& work, double emulationUs, FrameStats& stats);
    // The same when display-buffer drawing is deferred on every frame (auto and fixed modes):
    // presenting costs the frame's other records plus the deferred drawing in the area to be
    // shown (`shownDeferred`), and skipping saves what of that drawing will die.
    FrameDecision decide(const FrameWork& work, const FrameWork& shownDeferred, double emulationUs,
                         FrameStats& stats);

    // After the frame's rendering (whatever was executed): the measured host time of it
    // (stats.renderUs), and what became of deferred work since the last call: pixels whose fate
    // was settled (`resolvedPixels`: died or executed late) and, of those, the pixels that
    // died. Updates the cost model, the debt and the die ratio.
    void frameDone(const FrameWork& executedWork, FrameStats& stats, uint64_t resolvedPixels,
                   uint64_t diedPixels);

    // Fraction of deferred pixels that die unexecuted, learned for the running program.
    double dieRatio() const { return dieRatio_; }
    double debtUs() const { return debtUs_; }
    const CostModel& model() const { return model_; }
    void reset();

  private:
    FrameDecision choose(const FrameWork& work, double emulationUs, FrameStats& stats);
    PacingSettings settings_;
    CostModel model_;
    double debtUs_ = 0;
    double dieRatio_ = 1.0; // optimistic until measured
    uint64_t deferredSeen_ = 0;
    uint32_t consecutivePartial_ = 0;
    uint32_t noSavingRun_ = 0;
    uint64_t frameIndex_ = 0;
    double videoHz_ = 59.94;
};

} // namespace gpu
