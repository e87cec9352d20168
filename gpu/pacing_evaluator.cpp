#include "gpu/pacing_evaluator.h"

#include <algorithm>
#include <cstdlib>

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

void PacingEvaluator::reset() {
    model_ = CostModel();
    debtUs_ = 0;
    dieRatio_ = 1.0;
    deferredSeen_ = 0;
    consecutivePartial_ = 0;
    noSavingRun_ = 0;
    frameIndex_ = 0;
}

FrameDecision PacingEvaluator::decide(const FrameWork& work, double emulationUs, FrameStats& s) {
    s.predictedRenderUs = model_.predictUs(work);
    s.predictedSavingUs = model_.predictDeferrableUs(work) * dieRatio_;
    return choose(work, emulationUs, s);
}

FrameDecision PacingEvaluator::decide(const FrameWork& work, const FrameWork& shownDeferred,
                                      double emulationUs, FrameStats& s) {
    double shownBase = model_.baseUs(shownDeferred);
    double presentBase =
        std::max(0.0, model_.baseUs(work) - model_.baseDeferrableUs(work)) + shownBase;
    s.predictedRenderUs = model_.predictFromBase(presentBase);
    s.predictedSavingUs = model_.hostFactor() * shownBase * dieRatio_;
    return choose(work, emulationUs, s);
}

FrameDecision PacingEvaluator::choose(const FrameWork& work, double emulationUs, FrameStats& s) {
    uint64_t index = frameIndex_++;
    s.emulationUs = emulationUs;
    auto choose = [&](FrameDecision d, DecisionReason r) {
        s.decision = d;
        s.reason = r;
        consecutivePartial_ = d == FrameDecision::Partial ? consecutivePartial_ + 1 : 0;
        return d;
    };
    switch (settings_.mode) {
    case PacingSettings::Mode::Off: return choose(FrameDecision::Full, DecisionReason::ModeOff);
    case PacingSettings::Mode::Fixed:
        return choose(index % (settings_.fixedSkip + 1) == 0 ? FrameDecision::Full
                                                             : FrameDecision::Partial,
                      DecisionReason::FixedSchedule);
    case PacingSettings::Mode::Auto: break;
    }
    if (model_.samples() < settings_.warmupFrames)
        return choose(FrameDecision::Full, DecisionReason::Warmup);
    // Keeping up means on average: a frame over budget is fine while the debt it leaves stays
    // within one frame of slack (a program whose drawing lands on every third vblank has one
    // heavy frame and two light ones, and skipping the heavy one would only move its work).
    double projectedDebt =
        debtUs_ + emulationUs + s.predictedRenderUs - budgetUs() * settings_.headroom;
    double slack = budgetUs() * std::max(0.0, settings_.debtLimitFrames - 1.0);
    if (projectedDebt <= slack) return choose(FrameDecision::Full, DecisionReason::KeepingUp);
    if (consecutivePartial_ >= settings_.maxConsecutivePartial)
        return choose(FrameDecision::Full, DecisionReason::PartialCap);
    if (s.predictedSavingUs < s.predictedRenderUs * settings_.minSavingFraction) {
        if (settings_.reprobeFrames && ++noSavingRun_ > settings_.reprobeFrames &&
            work.deferrableRecords) {
            noSavingRun_ = 0;
            return choose(FrameDecision::Partial, DecisionReason::Probe);
        }
        return choose(FrameDecision::Full, DecisionReason::NoSaving);
    }
    noSavingRun_ = 0;
    return choose(FrameDecision::Partial, DecisionReason::BehindBudget);
}

void PacingEvaluator::frameDone(const FrameWork& executed, FrameStats& s, uint64_t resolvedPixels,
                                uint64_t diedPixels) {
    if (s.renderUs > 0 || model_.samples() == 0)
        model_.learn(executed, s.renderUs, settings_.learningRate);
    if (resolvedPixels > 0) {
        double observed = std::min(1.0, double(diedPixels) / double(resolvedPixels));
        double rate = deferredSeen_ == 0 ? 1.0 : settings_.learningRate;
        dieRatio_ = std::clamp(dieRatio_ + rate * (observed - dieRatio_), 0.0, 1.0);
        deferredSeen_ += resolvedPixels;
    }
    debtUs_ = std::clamp(debtUs_ + s.emulationUs + s.renderUs - budgetUs(), 0.0,
                         budgetUs() * settings_.debtLimitFrames);
    s.debtUs = debtUs_;
}

} // namespace gpu
