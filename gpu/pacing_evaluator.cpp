#include "gpu/pacing_evaluator.h"

#include <algorithm>
#include <cmath>

namespace gpu {

const char* decisionName(FrameDecision d) {
    return d == FrameDecision::Full ? "full" : "partial";
}

const char* reasonName(DecisionReason r) {
    switch (r) {
    case DecisionReason::ModeOff: return "frame skipping off";
    case DecisionReason::KeepingUp: return "host keeps up";
    case DecisionReason::FixedSchedule: return "fixed schedule";
    case DecisionReason::PartialCap: return "too many partial frames in a row";
    case DecisionReason::NoSaving: return "deferring would save nothing";
    case DecisionReason::BehindBudget: return "behind the frame budget";
    case DecisionReason::Warmup: return "learning render costs";
    case DecisionReason::Probe: return "re-measuring what deferring saves";
    case DecisionReason::Rhythm: return "on the even rhythm";
    case DecisionReason::LateWork: return "skipping only moved the work";
    }
    return "?";
}

const char* reasonKey(DecisionReason r) {
    switch (r) {
    case DecisionReason::ModeOff: return "off";
    case DecisionReason::KeepingUp: return "keeping-up";
    case DecisionReason::FixedSchedule: return "fixed";
    case DecisionReason::PartialCap: return "partial-cap";
    case DecisionReason::NoSaving: return "no-saving";
    case DecisionReason::BehindBudget: return "behind";
    case DecisionReason::Warmup: return "warmup";
    case DecisionReason::Probe: return "probe";
    case DecisionReason::Rhythm: return "rhythm";
    case DecisionReason::LateWork: return "late-work";
    }
    return "?";
}

bool PacingSettings::parseMode(const std::string& text, std::string& error) {
    if (text == "off") {
        mode = Mode::Off;
        return true;
    }
    if (text == "auto") {
        mode = Mode::Auto;
        return true;
    }
    if (text.rfind("fixed:", 0) == 0) {
        char* end = nullptr;
        long n = std::strtol(text.c_str() + 6, &end, 10);
        if (end && *end == 0 && n >= 1 && n <= 9) {
            mode = Mode::Fixed;
            fixedSkip = uint32_t(n);
            return true;
        }
    }
    error = "frame-skip mode must be off, auto or fixed:N (N = 1..9), not '" + text + "'";
    return false;
}

double CostModel::baseUs(const FrameWork& w) const {
    double us = 0;
    for (int k = 0; k < FrameWork::kKinds; ++k)
        us += w.records[k] * perRecordUs_[k] + double(w.pixels[k]) * perPixelUs_[k];
    return us;
}

double CostModel::baseDeferrableUs(const FrameWork& w) const {
    // Each deferrable kind at its own cost: a movie frame's uploads are not priced as
    // triangles.
    double us = 0;
    for (int k = 0; k < FrameWork::kKinds; ++k)
        us += w.deferrableRecordsOf[k] * perRecordUs_[k] +
              double(w.deferrablePixelsOf[k]) * perPixelUs_[k];
    return us;
}

double CostModel::hostFactor() const {
    double den = n_ * sxx_ - sx_ * sx_;
    double k = den > 1e-9 * n_ * sxx_ ? (n_ * sxy_ - sx_ * sy_) / den : sy_ / sx_;
    if (k <= 0 || (sy_ - k * sx_) < 0) k = sy_ / sx_; // no negative overhead: fall back to a ratio
    return k;
}

double CostModel::overheadUs() const {
    return std::max(0.0, (sy_ - hostFactor() * sx_) / n_);
}

double CostModel::predictFromBase(double base) const {
    return overheadUs() + hostFactor() * base;
}

double CostModel::predictUs(const FrameWork& w) const {
    return predictFromBase(baseUs(w));
}

double CostModel::predictDeferrableUs(const FrameWork& w) const {
    return hostFactor() * baseDeferrableUs(w);
}

void CostModel::learn(const FrameWork& w, double us, double rate) {
    ++samples_;
    double keep = 1.0 - std::clamp(rate, 0.0, 1.0);
    double x = baseUs(w), y = std::max(us, 0.0);
    n_ = n_ * keep + 1;
    sx_ = sx_ * keep + x;
    sy_ = sy_ * keep + y;
    sxx_ = sxx_ * keep + x * x;
    sxy_ = sxy_ * keep + x * y;
    if (sx_ < 1e-3) sx_ = 1e-3, sxx_ = std::max(sxx_, 1e-6); // keep the ratio defined
}

double CostModel::drawingBaseUs(uint64_t records, uint64_t pixels) const {
    return double(records) * perRecordUs_[0] + double(pixels) * perPixelUs_[0];
}

namespace {
// The rhythm's steps: shares of frames presented, fastest first. Error diffusion at share p
// gives intervals of floor(1/p) and ceil(1/p) frames around a mean of 1/p, so the longest is
// within 1.5x the mean at every step listed (3/4 would sit exactly on 1.5x, and between 3/4
// and 1 a lone skip doubles one interval of many).
constexpr double kStepShare[] = {1.0,       2.0 / 3.0, 1.0 / 2.0, 2.0 / 5.0, 1.0 / 3.0,
                                 1.0 / 4.0, 1.0 / 5.0, 1.0 / 6.0, 1.0 / 7.0, 1.0 / 8.0};
// The longest run of skipped frames at each step.
constexpr uint32_t kStepSkipRun[] = {0, 1, 1, 2, 2, 3, 4, 5, 6, 7};
static_assert(sizeof(kStepShare) / sizeof(kStepShare[0]) == 10);
// A measured step cost older than this many frames is forgotten (the scene may have changed).
constexpr uint64_t kStepMemoryFrames = 300;
// Frames with resolved deferred work needed before "nothing dies" is believed: the first skips
// after presenting every frame are single ones, whose drawing the next present always shows.
constexpr uint32_t kMinDieSamples = 4;
} // namespace

void PacingEvaluator::reset() {
    model_ = CostModel();
    debtUs_ = 0;
    dieRatio_ = 1.0;
    deferredSeen_ = 0;
    consecutivePartial_ = 0;
    noSavingRun_ = 0;
    frameIndex_ = 0;
    averagesValid_ = false;
    avgEmulationUs_ = avgPresentUs_ = avgDeferrableUs_ = 0;
    imageFrames_ = 0;
    flipPeriod_ = 0;
    framesSinceFlip_ = 0;
    flipSeen_ = false;
    cycleResolvedPx_ = cycleDiedPx_ = 0;
    stepIdx_ = 0;
    presentShare_ = 1.0;
    rhythmPhase_ = 0;
    lastDeferred_ = false;
    lateShare_ = 0;
    lateSeen_ = false;
    shadowDebtUs_ = scheduleWallUs_ = shadowWallUs_ = 0;
    shadowStarted_ = false;
    judgedCycles_ = 0;
    judgeFrames_ = 0;
    dieSamples_ = 0;
    fixedDegraded_ = false;
    degradedRun_ = 0;
    lastWork_ = FrameWork();
    judgePending_ = false;
    stepCostUs_.fill(0);
    stepMeasuredAt_.fill(0);
    stepValid_.fill(false);
    cycleCostUs_ = 0;
    cycleFrames_ = 0;
    cycleLost_ = false;
    stepCycles_ = 0;
}

double PacingEvaluator::deferredRecordUs(int kind, uint64_t pixels) const {
    FrameWork one;
    one.records[size_t(kind)] = 1;
    one.pixels[size_t(kind)] = pixels;
    return model_.hostFactor() * model_.baseUs(one);
}

double PacingEvaluator::deferredWorkUs(uint64_t records, uint64_t pixels) const {
    return model_.hostFactor() * model_.drawingBaseUs(records, pixels);
}

double PacingEvaluator::rhythmStep(double share) const {
    return kStepShare[stepFor(share)];
}

int PacingEvaluator::slowestStep() const {
    int last = 1;
    for (int i = 1; i < kSteps; ++i)
        if (kStepSkipRun[i] <= std::max<uint32_t>(1, settings_.maxConsecutivePartial)) last = i;
    return last;
}

int PacingEvaluator::stepFor(double share) const {
    if (share >= 1.0) return 0;
    int slowest = slowestStep();
    for (int i = 1; i <= slowest; ++i)
        if (share >= kStepShare[i] - 1e-9) return i;
    return slowest;
}

void PacingEvaluator::setStep(int idx) {
    if (idx == stepIdx_) return;
    stepIdx_ = idx;
    stepCycles_ = 0;
    presentShare_ = kStepShare[idx];
    rhythmPhase_ = 0;
    cycleCostUs_ = 0;
    cycleFrames_ = 0;
    cycleLost_ = false;
    cycleResolvedPx_ = cycleDiedPx_ = 0;
}

bool PacingEvaluator::stepKnownTooSlow(int idx, double capacity) const {
    return stepValid_[size_t(idx)] &&
           frameIndex_ - stepMeasuredAt_[size_t(idx)] < kStepMemoryFrames &&
           stepCostUs_[size_t(idx)] > capacity;
}

bool PacingEvaluator::fixedWarmup() const {
    // A judged schedule starts once the cost model can price off: until then every frame is
    // rendered as off renders it, so the frames before the first verdict cannot cost the
    // schedule more than off (the schedule's frame numbering is unchanged).
    return settings_.judgeFixed && model_.samples() < settings_.warmupFrames;
}

bool PacingEvaluator::defersThisFrame() const {
    switch (settings_.mode) {
    case PacingSettings::Mode::Off: return false;
    case PacingSettings::Mode::Fixed: return !fixedDegraded_ && !fixedWarmup();
    case PacingSettings::Mode::Auto: break;
    }
    if (model_.samples() < settings_.warmupFrames) return false;
    // Presenting every frame: deferring would only move the drawing into a lump, except for
    // the frame that re-measures what skipping saves.
    if (stepIdx_ == 0) return settings_.reprobeFrames && noSavingRun_ >= settings_.reprobeFrames;
    return true;
}

FrameDecision PacingEvaluator::decide(const FrameWork& work, double emulationUs, FrameStats& s) {
    shownPending_ = false;
    s.predictedRenderUs = model_.predictUs(work);
    s.predictedSavingUs = model_.predictDeferrableUs(work) * dieRatio_;
    lastWork_ = work;
    lastDeferred_ = true;
    return choose(work, emulationUs, s);
}

FrameDecision PacingEvaluator::decide(const FrameWork& work, const FrameWork& shownDeferred,
                                      double emulationUs, FrameStats& s) {
    shownPending_ = false;
    double shownBase = model_.baseUs(shownDeferred);
    double presentBase =
        std::max(0.0, model_.baseUs(work) - model_.baseDeferrableUs(work)) + shownBase;
    s.predictedRenderUs = model_.predictFromBase(presentBase);
    s.predictedSavingUs = model_.hostFactor() * shownBase * dieRatio_;
    lastWork_ = work;
    lastDeferred_ = true;
    return choose(work, emulationUs, s);
}

double PacingEvaluator::idleUs(double emulationUs, double renderedUs) const {
    // A judged schedule's opening (until its judging window first fills): there is no evidence
    // yet that its skips save anything, and a skip that leaves the host idle while drawing waits
    // for a later present can only make it slower than off, which draws in that time. (In
    // double-buffered programs even a presented frame defers its own drawing: the next one
    // shows it.)
    if (!idleAllowed()) return 0;
    return std::max(0.0, budgetUs() * settings_.headroom - debtUs_ - emulationUs - renderedUs);
}

bool PacingEvaluator::idleAllowed() const {
    return settings_.mode == PacingSettings::Mode::Fixed && settings_.judgeFixed &&
           !fixedDegraded_ && !fixedWarmup() && judgedCycles_ < judgeWindowCycles();
}

size_t PacingEvaluator::judgeWindowCycles() const {
    const uint32_t cycle = settings_.fixedSkip + 1;
    return std::clamp<size_t>((settings_.fixedJudgeFrames + cycle - 1) / cycle, 2,
                              cycleLoss_.size());
}

FrameDecision PacingEvaluator::decideUndeferred(const FrameWork& work, double emulationUs,
                                                FrameStats& s, bool shownPending) {
    shownPending_ = shownPending;
    s.predictedRenderUs = model_.predictUs(work);
    s.predictedSavingUs = model_.predictDeferrableUs(work) * dieRatio_;
    lastWork_ = work;
    lastDeferred_ = false;
    return choose(work, emulationUs, s);
}

FrameDecision PacingEvaluator::choose(const FrameWork& work, double emulationUs, FrameStats& s) {
    uint64_t index = frameIndex_++;
    s.emulationUs = emulationUs;
    auto pick = [&](FrameDecision d, DecisionReason r) {
        s.decision = d;
        s.reason = r;
        consecutivePartial_ = d == FrameDecision::Partial ? consecutivePartial_ + 1 : 0;
        return d;
    };
    switch (settings_.mode) {
    case PacingSettings::Mode::Off: return pick(FrameDecision::Full, DecisionReason::ModeOff);
    case PacingSettings::Mode::Fixed:
        if (fixedWarmup()) return pick(FrameDecision::Full, DecisionReason::Warmup);
        if (fixedDegraded_) {
            // Degraded: every frame is executed as it comes and presented, except while the
            // shown area still holds drawing deferred before the verdict: that is left to die
            // under newer drawing (the program's next image) rather than run in one lump, for
            // at most the partial-frame cap.
            bool wait = shownPending_ && consecutivePartial_ < settings_.maxConsecutivePartial;
            return pick(wait ? FrameDecision::Partial : FrameDecision::Full,
                        DecisionReason::LateWork);
        }
        return pick(index % (settings_.fixedSkip + 1) == 0 ? FrameDecision::Full
                                                           : FrameDecision::Partial,
                    DecisionReason::FixedSchedule);
    case PacingSettings::Mode::Auto: break;
    }
    if (model_.samples() < settings_.warmupFrames)
        return pick(FrameDecision::Full, DecisionReason::Warmup);
    double full = planAverages(emulationUs, s);
    double capacity = budgetUs() * settings_.headroom - debtRepaymentUs();
    // Keeping up means on average over the planning window: a program whose drawing lands on
    // every third vblank has one heavy frame and two light ones, and skipping the heavy one
    // would only move its work. Back from skipping only with capacity to spare, and not while
    // presenting every frame was measured too slow lately (no flicker between the two).
    double projectedDebt = debtUs_ + emulationUs + s.predictedRenderUs - budgetUs();
    double slack = budgetUs() * std::max(0.0, settings_.debtLimitFrames - 1.0);
    bool measuredFits = stepValid_[0] && frameIndex_ - stepMeasuredAt_[0] < kStepMemoryFrames &&
                        stepCostUs_[0] <= fitUs();
    bool keepUp = stepIdx_ == 0 ? full <= budgetUs() || projectedDebt <= slack || measuredFits
                                : full * (1.0 + settings_.rhythmHysteresis) <= capacity &&
                                      !stepKnownTooSlow(0, fitUs());
    if (keepUp) {
        setStep(0);
        noSavingRun_ = 0;
        return pick(FrameDecision::Full, DecisionReason::KeepingUp);
    }
    if (dieSamples_ >= kMinDieSamples && dieRatio_ < settings_.minSavingFraction * 0.5) {
        // What is deferred never dies (incremental drawing): skipping would only move the
        // work. Present every frame without deferring until a probe re-measures.
        setStep(0);
        if (settings_.reprobeFrames && ++noSavingRun_ > settings_.reprobeFrames &&
            work.deferrableRecords && lastDeferred_) {
            noSavingRun_ = 0;
            return pick(FrameDecision::Partial, DecisionReason::Probe);
        }
        return pick(FrameDecision::Full, DecisionReason::NoSaving);
    }
    noSavingRun_ = 0;
    if (stepIdx_ == 0) {
        // Start skipping at the fastest step the step model says fits (its first measured
        // cycle corrects it), with what repays the debt past its slack set aside.
        setStep(fastestFittingStep(planLimitUs(), 1, slowestStep()));
    }
    // An error-diffusion schedule: presents are spread evenly at the planned share.
    rhythmPhase_ += presentShare_;
    if (rhythmPhase_ >= 1.0 - 1e-9) {
        rhythmPhase_ = std::max(0.0, rhythmPhase_ - 1.0);
        return pick(FrameDecision::Full, DecisionReason::Rhythm);
    }
    if (consecutivePartial_ >= settings_.maxConsecutivePartial) {
        rhythmPhase_ = 0;
        return pick(FrameDecision::Full, DecisionReason::PartialCap);
    }
    return pick(FrameDecision::Partial, DecisionReason::BehindBudget);
}

double PacingEvaluator::planAverages(double emulationUs, const FrameStats& s) {
    double rate = 1.0 / double(std::max<uint32_t>(1, settings_.rhythmWindowFrames));
    // What presenting this frame costs if every frame were presented: on a deferring frame,
    // its own drawing (the next frame shows it) rather than the shown area's.
    double present = s.predictedRenderUs;
    if (lastDeferred_) present = model_.predictUs(lastWork_);
    double deferrable = std::min(present, model_.predictDeferrableUs(lastWork_));
    if (!averagesValid_) {
        avgEmulationUs_ = emulationUs;
        avgPresentUs_ = present;
        avgDeferrableUs_ = deferrable;
        averagesValid_ = true;
    } else {
        avgEmulationUs_ += rate * (emulationUs - avgEmulationUs_);
        avgPresentUs_ += rate * (present - avgPresentUs_);
        avgDeferrableUs_ += rate * (deferrable - avgDeferrableUs_);
    }
    return avgEmulationUs_ + avgPresentUs_;
}

double PacingEvaluator::debtRepaymentUs() const {
    // What repays the debt past its slack within the planning window, per frame.
    double rate = 1.0 / double(std::max<uint32_t>(1, settings_.rhythmWindowFrames));
    double slack = budgetUs() * std::max(0.0, settings_.debtLimitFrames - 1.0);
    return std::max(0.0, debtUs_ - slack) * rate;
}

double PacingEvaluator::planLimitUs() const {
    return fitUs() - debtRepaymentUs();
}

double PacingEvaluator::imageFrames() const {
    double k = imageFrames_ > 0 ? imageFrames_ : flipPeriod_ > 0 ? flipPeriod_ : 1.0;
    return std::clamp(k, 1.0, 1.0 / kStepShare[kSteps - 1]);
}

double PacingEvaluator::shownFraction(double share) const {
    return std::min(1.0, share * imageFrames());
}

double PacingEvaluator::estimateStepUs(int idx) const {
    double share = kStepShare[idx];
    size_t cur = size_t(stepIdx_);
    // From the current step's measured cost when fresh: the model only says what changes.
    if (stepIdx_ > 0 && stepValid_[cur] && frameIndex_ - stepMeasuredAt_[cur] < kStepMemoryFrames)
        return stepCostUs_[cur] +
               avgDeferrableUs_ * (shownFraction(share) - shownFraction(presentShare_));
    return avgEmulationUs_ + (avgPresentUs_ - avgDeferrableUs_) +
           avgDeferrableUs_ * shownFraction(share);
}

int PacingEvaluator::firstFittingStep(double limitUs, int from, int to) const {
    double margin = 1.0 + settings_.rhythmHysteresis;
    for (int i = from; i <= to; ++i)
        if (estimateStepUs(i) * margin <= limitUs && !stepKnownTooSlow(i, fitUs())) return i;
    return -1;
}

int PacingEvaluator::fastestFittingStep(double limitUs, int from, int to) const {
    int fits = firstFittingStep(limitUs, from, to);
    if (fits >= 0) return fits;
    // None fits: the fastest step that costs about what the slowest does (where skipping more
    // would save nothing, presenting less would only lose frames).
    double floor = estimateStepUs(to) + 0.02 * budgetUs();
    for (int i = from; i < to; ++i)
        if (estimateStepUs(i) <= floor && !stepKnownTooSlow(i, fitUs())) return i;
    return to;
}

void PacingEvaluator::noteDisplay(bool changed) {
    // The frames between display changes: how many frames of drawing one shown image takes
    // (1 for a program that flips every frame, 3 for one that finishes an image every third).
    // The first change (the display's first area) starts the count.
    if (framesSinceFlip_ > 0 || flipSeen_) ++framesSinceFlip_;
    if (!changed) return;
    // The latest period: a program's first frames (its boot) flip irregularly.
    if (flipSeen_) flipPeriod_ = double(framesSinceFlip_);
    flipSeen_ = true;
    framesSinceFlip_ = 0;
}

void PacingEvaluator::measureStep(const FrameStats& s, bool lost) {
    // Whole cycles of the rhythm, each frame's host time with the late work it paid: what the
    // step really costs, whatever of the deferred work died or moved.
    cycleCostUs_ += s.emulationUs + s.renderUs;
    cycleLost_ = cycleLost_ || lost;
    ++cycleFrames_;
    if (cycleFrames_ < settings_.rhythmWindowFrames || !s.presented) return;
    double capacity = fitUs();
    double cost = cycleCostUs_ / double(cycleFrames_);
    // Falling behind past the debt's limit (lumps of late work) makes a step too slow even when
    // its average fits; not in the step's first cycle, which may still repay an older debt.
    if (cycleLost_ && stepCycles_ > 0) cost = std::max(cost, capacity * 1.02);
    ++stepCycles_;
    size_t i = size_t(stepIdx_);
    stepCostUs_[i] = stepValid_[i] && frameIndex_ - stepMeasuredAt_[i] < kStepMemoryFrames
                         ? 0.5 * (stepCostUs_[i] + cost)
                         : cost;
    stepValid_[i] = true;
    stepMeasuredAt_[i] = frameIndex_;
    cycleCostUs_ = 0;
    cycleFrames_ = 0;
    cycleLost_ = false;
    if (stepIdx_ == 0) return; // leaving and re-entering step 0 is chosen per frame
    // What the cycle says about the program: the share of its deferred drawing that died gives
    // how many frames of drawing each shown image holds (all of a skipped frame's drawing dies
    // when every frame is an image; with an image every k frames, 1 - share * k of it).
    if (cycleResolvedPx_ > 0) {
        double died = double(cycleDiedPx_) / double(cycleResolvedPx_);
        double k = std::clamp((1.0 - died) / presentShare_, 1.0, 1.0 / kStepShare[kSteps - 1]);
        imageFrames_ = imageFrames_ > 0 ? imageFrames_ + 0.25 * (k - imageFrames_) : k;
    }
    cycleResolvedPx_ = cycleDiedPx_ = 0;
    if (stepCostUs_[i] > capacity) {
        setStep(fastestFittingStep(capacity, std::min(stepIdx_ + 1, slowestStep()), slowestStep()));
    } else if (stepIdx_ > 1) {
        // Faster only where the model, from this step's measured cost, says it fits with room
        // to spare (and it was not measured too slow lately).
        int faster = firstFittingStep(capacity, 1, stepIdx_ - 1);
        if (faster > 0) setStep(faster);
    }
}

double PacingEvaluator::fitUs() const {
    // A rhythm fits when it keeps at least 99.5% of full speed: the average frame within the
    // budget plus half a percent (the debt's slack absorbs the frame-to-frame spread).
    return budgetUs() * 1.005;
}

void PacingEvaluator::judgeFixed(const JudgedFrame& f, double wallUs) {
    // Only the schedule's own frames (not the warm-up's, priced before the model knew off).
    if (f.reason != DecisionReason::FixedSchedule) return;
    // The shadow starts from the debt the schedule really had (the warm-up's, or what the
    // degraded frames left): off would have inherited it too.
    if (!shadowStarted_) shadowDebtUs_ = f.debtBeforeUs, shadowStarted_ = true;
    double limit = budgetUs() * settings_.debtLimitFrames;
    double raw = shadowDebtUs_ + f.emulationUs + model_.predictUs(f.work) - budgetUs();
    double debt = std::clamp(raw, 0.0, limit);
    shadowWallUs_ += budgetUs() + std::max(0.0, raw - limit) + debt - shadowDebtUs_;
    shadowDebtUs_ = debt;
    scheduleWallUs_ += wallUs;
    ++judgeFrames_;
    // Judged over the last few whole cycles of the schedule (each ending after the skips that
    // follow a present repaid what they could of its lump), not since the schedule started: a
    // lead the schedule won in an easy stretch must not pay for a later stretch where it is
    // slower than off, or it ends slower than off by what it gave back.
    bool cycleEnd = f.index % (settings_.fixedSkip + 1) == settings_.fixedSkip;
    if (!cycleEnd) return;
    const size_t cycles = judgeWindowCycles();
    cycleLoss_[judgedCycles_ % cycles] = scheduleWallUs_ - shadowWallUs_;
    ++judgedCycles_;
    scheduleWallUs_ = shadowWallUs_ = 0;
    judgeFrames_ = 0;
    // From the first cycle on (the schedule's opening cycles count as much as any): the
    // window's sum, or the latest cycle alone when it already lost more than the margin (an
    // easier cycle earlier in the window must not delay the verdict by a cycle).
    double loss = 0;
    for (size_t i = 0; i < std::min<size_t>(cycles, judgedCycles_); ++i)
        loss += cycleLoss_[i];
    const double latest = cycleLoss_[(judgedCycles_ - 1) % cycles];
    const double margin = settings_.fixedJudgeMarginFrames * budgetUs();
    if (loss > margin || latest > margin) {
        fixedDegraded_ = true;
        degradedRun_ = 0;
        judgedCycles_ = 0;
        judgePending_ = false;
    }
}

void PacingEvaluator::frameDone(const FrameWork& executed, FrameStats& s, uint64_t resolvedPixels,
                                uint64_t diedPixels) {
    if (s.renderUs > 0 || model_.samples() == 0)
        model_.learn(executed, s.renderUs, settings_.learningRate);
    // Late-work accounting: deferred drawing executed late is charged to this frame (its
    // measured render includes it), and how much of the deferred work merely moved is learned.
    uint64_t latePixels = resolvedPixels - std::min(resolvedPixels, diedPixels);
    s.lateUs = deferredWorkUs(s.recordsExecutedLate, latePixels);
    double diedUs = deferredWorkUs(s.recordsDied, diedPixels);
    if (s.lateUs + diedUs > 0) {
        double observed = s.lateUs / (s.lateUs + diedUs);
        lateShare_ += (lateSeen_ ? settings_.learningRate : 1.0) * (observed - lateShare_);
        lateSeen_ = true;
    }
    cycleResolvedPx_ += resolvedPixels;
    cycleDiedPx_ += std::min(resolvedPixels, diedPixels);
    if (resolvedPixels > 0) {
        double observed = std::min(1.0, double(diedPixels) / double(resolvedPixels));
        double rate = deferredSeen_ == 0 ? 1.0 : settings_.learningRate;
        dieRatio_ = std::clamp(dieRatio_ + rate * (observed - dieRatio_), 0.0, 1.0);
        deferredSeen_ += resolvedPixels;
        ++dieSamples_;
    }
    double limit = budgetUs() * settings_.debtLimitFrames;
    double raw = debtUs_ + s.emulationUs + s.renderUs - budgetUs();
    double lost = std::max(0.0, raw - limit);
    double debtBefore = debtUs_;
    debtUs_ = std::clamp(raw, 0.0, limit);
    s.debtUs = debtUs_;
    if (settings_.mode == PacingSettings::Mode::Auto && model_.samples() > settings_.warmupFrames)
        measureStep(s, lost > 0);
    if (settings_.mode == PacingSettings::Mode::Fixed && settings_.judgeFixed) {
        if (fixedDegraded_) {
            if (settings_.reprobeFrames && ++degradedRun_ > settings_.reprobeFrames) {
                fixedDegraded_ = false; // scenes change: judge the schedule again
                judgeFrames_ = 0;
                scheduleWallUs_ = shadowWallUs_ = shadowDebtUs_ = 0;
                shadowStarted_ = false;
                judgedCycles_ = 0;
                judgePending_ = false;
            }
        } else {
            // What the player gets is emulated time over host time. The schedule's host time is
            // measured (the front end's waiting included: a lump of late work past what the
            // front end lets it catch up on is lost for good, and the light frames after it
            // wait); off's is the same frames' whole work at the cost model's price, paced with
            // the evaluator's debt. The host time from the previous vblank to this one holds
            // the previous frame's rendering and wait and this frame's emulation, so a frame is
            // judged at the next one: its host time is that less this frame's emulation plus
            // its own. A long stall of the front end (a pause, a dragged window) is not the
            // schedule's doing.
            JudgedFrame now{lastWork_, s.emulationUs, debtBefore, frameIndex_ - 1, s.reason};
            if (s.hostFrameUs > 0) {
                if (judgePending_)
                    judgeFixed(judged_, std::min(s.hostFrameUs, 16.0 * budgetUs()) - s.emulationUs +
                                            judged_.emulationUs);
                judged_ = now;
                judgePending_ = true;
            } else {
                // No clock: the debt model's host time (a budget, plus what was lost past the
                // debt's limit, plus the change of the debt).
                judgeFixed(now, budgetUs() + lost + debtUs_ - debtBefore);
            }
        }
    }
}

} // namespace gpu
