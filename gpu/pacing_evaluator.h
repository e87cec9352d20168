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
    uint32_t fixedSkip = 2;             // fixed:N renders one frame in N+1
    uint32_t maxConsecutivePartial = 7; // also the slowest even rhythm: 1 frame in 8
    double frameRateHz = 0;             // the host refresh when synced; 0: the emulated one
                                        // (59.94 Hz NTSC, 50 Hz PAL, from the GPU's video mode)
    double debtLimitFrames = 2.0;       // the debt never grows past this many frame budgets
    double headroom = 0.95;             // plan to use this fraction of the budget
    uint32_t warmupFrames = 4;          // frames rendered in FULL before the model is trusted
    double learningRate = 0.2;          // weight of the newest measurement in the running averages
    double minSavingFraction = 0.05;    // PARTIAL only if it saves this fraction of a render
    uint32_t reprobeFrames = 600;       // after this many NoSaving frames, one PARTIAL re-measures
                                        // the die ratio (programs change scenes); 0: never
    // Even spacing (auto, when the host cannot present every frame; issue 21): the share of
    // frames to present is planned from costs averaged over this many frames (a debt past one
    // frame of slack is repaid within as many), and rounded down to a steady rhythm (2 in 3,
    // 1 in 2, 2 in 5, 1 in 3, 1 in 4, ...).
    uint32_t rhythmWindowFrames = 8;
    double rhythmHysteresis = 0.05; // a faster rhythm needs this much more capacity than it uses
    // fixed:N compares the host time its schedule really takes (FrameStats::hostFrameUs, the
    // front end's waiting included) with the cost model's price of presenting every frame
    // without deferring (off), over the last whole cycles of the schedule covering at least
    // fixedJudgeFrames frames (2 cycles at least), checked at every cycle's end; once the
    // schedule is slower there by more than fixedJudgeMarginFrames budgets, its skips degrade
    // to presents until the next re-probe, so fixed:N never ends slower than off.
    uint32_t fixedJudgeFrames = 8;
    double fixedJudgeMarginFrames = 0.25;
    // Off: fixed:N keeps its schedule whatever the host time. For a front end that is not
    // paced to real time (skipjack-cli run goes as fast as it can), where "slower than off"
    // means nothing and judging would make which frames are shown depend on the host's speed.
    bool judgeFixed = true;

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
    // Base cost of deferred drawing given as counts (records, pixels), at triangle prices.
    double drawingBaseUs(uint64_t records, uint64_t pixels) const;

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
    // Whether the coming frame defers its display-buffer drawing (auto and fixed). Not when
    // every frame is presented anyway (auto keeping up or learned that skipping saves
    // nothing, or a fixed schedule degraded because its skips only moved the work).
    bool defersThisFrame() const;
    // At vblank of a deferring frame, after its decision: host time (µs) the front end would
    // spend waiting for the next frame, which the pacer may spend on deferred drawing, oldest
    // first (`renderedUs`: the frame's rendering so far). Only a judged fixed:N schedule in its
    // opening (see the .cpp); 0 otherwise.
    double idleUs(double emulationUs, double renderedUs) const;
    bool idleAllowed() const; // whether idleUs can be non-zero now
    // At vblank of a frame that did not defer (defersThisFrame() was false): everything is
    // executed; the decision is only whether to present (the shown area made current) — a
    // frame off the rhythm is not, so the presents stay evenly spaced.
    // `shownPending`: the shown area still holds deferred drawing of earlier frames, which
    // presenting would execute in one lump.
    FrameDecision decideUndeferred(const FrameWork& work, double emulationUs, FrameStats& stats,
                                   bool shownPending = false);

    // After the frame's rendering (whatever was executed): the measured host time of it
    // (stats.renderUs), and what became of deferred work since the last call: pixels whose fate
    // was settled (`resolvedPixels`: died or executed late) and, of those, the pixels that
    // died. Updates the cost model, the debt and the die ratio.
    void frameDone(const FrameWork& executedWork, FrameStats& stats, uint64_t resolvedPixels,
                   uint64_t diedPixels);

    // At each vblank, before deciding: whether the displayed area changed since the last one.
    void noteDisplay(bool changed);

    // Fraction of deferred pixels that die unexecuted, learned for the running program.
    double dieRatio() const { return dieRatio_; }
    double debtUs() const { return debtUs_; }
    const CostModel& model() const { return model_; }
    // Share of resolved deferred work (host time) that ran late rather than died.
    double lateShare() const { return lateShare_; }
    void reset();

    // `share` rounded down to a step of the rhythm (1, 2/3, 1/2, 2/5, 1/3, 1/4, ...).
    double rhythmStep(double share) const;
    // The current rhythm: share of frames presented (1 when every frame is).
    double presentShare() const { return presentShare_; }
    // fixed:N only: its skips currently degrade to presents.
    bool fixedDegraded() const { return fixedDegraded_; }
    // Estimated host time of deferred work of the records given (late or died), at the cost
    // model's drawing prices.
    double deferredWorkUs(uint64_t records, uint64_t pixels) const;
    // Estimated host time of one deferred record of command kind `kind` (FrameWork's order)
    // drawing `pixels`, at that kind's price.
    double deferredRecordUs(int kind, uint64_t pixels) const;

  private:
    FrameDecision choose(const FrameWork& work, double emulationUs, FrameStats& stats);
    // Updates the planning averages with this frame; returns the average cost per frame of
    // presenting every frame (emulation + rendering).
    double planAverages(double emulationUs, const FrameStats& stats);
    // Per frame, what repays the debt past its slack within the planning window, and what a
    // rhythm may cost: fitUs() less that.
    double debtRepaymentUs() const;
    double planLimitUs() const;
    // The step model: frames of drawing per shown image (learned from what died, else the
    // display's flip period, else 1), the share of the drawing a rhythm presenting `share` of
    // the frames executes, and the host time per frame of step `idx`.
    double imageFrames() const;
    double shownFraction(double share) const;
    double estimateStepUs(int idx) const;
    // The fastest step in [from, to] estimated to fit within limitUs (-1: none).
    int firstFittingStep(double limitUs, int from, int to) const;
    // The same, or when none fits the fastest that costs about what step `to` does.
    int fastestFittingStep(double limitUs, int from, int to) const;
    double fitUs() const;
    // After a frame in auto: adds it to the current step's cycle; at a cycle's end, records the
    // step's measured cost and moves to a slower or faster step.
    void measureStep(const FrameStats& stats, bool lost);
    int stepFor(double share) const;
    int slowestStep() const;
    void setStep(int idx);
    bool stepKnownTooSlow(int idx, double capacity) const;
    // A frame of the schedule as judged: its work, emulation time, the debt before it, its
    // number and why it was decided so; wallUs: its host time (measured, or by the debt model
    // when the front end gives no host time).
    struct JudgedFrame {
        FrameWork work;
        double emulationUs = 0, debtBeforeUs = 0;
        uint64_t index = 0; // the schedule's frame number
        DecisionReason reason = DecisionReason::ModeOff;
    };
    void judgeFixed(const JudgedFrame& frame, double wallUs);
    // fixed:N with judgeFixed: the first frames, before the cost model has learned off's price.
    bool fixedWarmup() const;
    // Whole cycles of the schedule in fixed:N's judging window.
    size_t judgeWindowCycles() const;
    PacingSettings settings_;
    CostModel model_;
    double debtUs_ = 0;
    double dieRatio_ = 1.0; // optimistic until measured
    uint64_t deferredSeen_ = 0;
    uint32_t consecutivePartial_ = 0;
    uint32_t noSavingRun_ = 0;
    uint64_t frameIndex_ = 0;
    double videoHz_ = 59.94;
    // Averages over the planning window (auto): host emulation time, predicted cost of
    // presenting every frame, and the deferrable part of it.
    double avgEmulationUs_ = 0, avgPresentUs_ = 0, avgDeferrableUs_ = 0;
    // Frames of drawing per shown image: learned from the share that died (0: not yet), and
    // the display's flip period (0: no flip seen).
    double imageFrames_ = 0, flipPeriod_ = 0;
    uint32_t framesSinceFlip_ = 0;
    bool flipSeen_ = false;
    // Deferred pixels settled (died or late) in the current cycle of the rhythm, and died.
    uint64_t cycleResolvedPx_ = 0, cycleDiedPx_ = 0;
    bool averagesValid_ = false;
    int stepIdx_ = 0;           // auto: index of the rhythm step; 0 = every frame, undeferred
    double presentShare_ = 1.0; // its share of frames presented
    double rhythmPhase_ = 0;    // error diffusion: a frame is presented when it reaches 1
    bool lastDeferred_ = false;
    bool shownPending_ = false; // decideUndeferred's shownPending for the frame being decided
    // Late work paid by presents, and the saving of skips (died work), averaged: how much of
    // the deferred work merely moved.
    double lateShare_ = 0;
    bool lateSeen_ = false;
    // Measured average host time per frame (emulation + rendering) of each rhythm step, over
    // whole cycles, and the frame it was measured at: a step found too slow for the host is
    // not planned again until the measurement is old (the program may have changed scenes).
    static constexpr int kSteps = 10;
    std::array<double, kSteps> stepCostUs_{};
    std::array<uint64_t, kSteps> stepMeasuredAt_{};
    std::array<bool, kSteps> stepValid_{};
    double cycleCostUs_ = 0;
    uint32_t cycleFrames_ = 0;
    uint32_t stepCycles_ = 0; // cycles measured at the current step
    bool cycleLost_ = false;
    // fixed:N: host time the schedule took over the judging window, and the same frames' time
    // in a shadow of off (every frame rendered as it comes, priced by the cost model, paced
    // with the evaluator's own debt).
    double shadowDebtUs_ = 0, scheduleWallUs_ = 0, shadowWallUs_ = 0;
    uint32_t judgeFrames_ = 0;
    bool shadowStarted_ = false;
    JudgedFrame judged_; // the frame judged at the next vblank (judgePending_)
    bool judgePending_ = false;
    // The schedule's host time less the shadow's, per cycle, over the last judged cycles.
    std::array<double, 16> cycleLoss_{};
    uint64_t judgedCycles_ = 0;
    // Frames that resolved deferred work (died or executed late): the die ratio is trusted to
    // say "nothing dies" only after several, not from the first skip after presenting every
    // frame (in a double-buffered program that one's drawing is always the next image shown).
    uint32_t dieSamples_ = 0;
    bool fixedDegraded_ = false;
    uint32_t degradedRun_ = 0;
    FrameWork lastWork_; // the frame's whole work, for the shadow
};

} // namespace gpu
