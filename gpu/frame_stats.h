#pragma once
// Per-frame pacing record (DESIGN.md §3): what the evaluator decided and why, and what the
// frame cost. `skipjack-cli --stats` and the desktop app's overlay read the same records.
#include <cstdint>

namespace gpu {

enum class FrameDecision : uint8_t { Full, Partial };

enum class DecisionReason : uint8_t {
    ModeOff,       // frame skipping is off
    KeepingUp,     // the host renders the whole frame within the budget
    FixedSchedule, // fixed:N renders one frame in N+1
    PartialCap,    // too many PARTIAL frames in a row: this one is drawn
    NoSaving,      // behind, but deferring would not save anything (e.g. incremental drawing)
    BehindBudget,  // emulation + predicted render + debt exceed the frame budget
    Warmup,        // the cost model has not seen enough frames yet
};

const char* decisionName(FrameDecision d);
const char* reasonName(DecisionReason r);

struct FrameStats {
    uint64_t frame = 0;
    double emulationUs = 0;       // host time spent emulating the frame
    double predictedRenderUs = 0; // evaluator's prediction for a FULL render
    double predictedSavingUs = 0; // what PARTIAL was expected to save
    double renderUs = 0;          // measured host time of the rendering actually done
    double debtUs = 0;            // running time debt after this frame
    FrameDecision decision = FrameDecision::Full;
    DecisionReason reason = DecisionReason::ModeOff;
    bool presented = true; // false: the presenter repeated the last full image
    uint32_t recordsExecuted = 0;
    uint32_t recordsDeferred = 0;
    uint32_t recordsExecutedLate = 0;
    uint32_t recordsDied = 0;
    uint64_t pixelsDrawn = 0;
    uint64_t pixelsSaved = 0;
};

} // namespace gpu
