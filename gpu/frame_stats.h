#pragma once
// Per-frame pacing record (DESIGN.md §3): what the evaluator decided and why, and what the
// frame cost. `skipjack-cli --stats` and the desktop app's overlay read the same records.
#include <array>
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
    Probe,         // behind and learned "no saving" long ago: one PARTIAL frame re-measures it
    Rhythm,        // behind: presented (or not) on the evenly spaced rhythm the host sustains
    LateWork,      // fixed:N whose skips only moved the work (it lost more time than off): shown
};

const char* decisionName(FrameDecision d);
const char* reasonName(DecisionReason r);
// Short machine-readable reason ("off", "keeping-up", ...) for JSON output.
const char* reasonKey(DecisionReason r);

// Rendering work, by command kind (CommandKind order: triangle, line, rectangle, fill, copy,
// upload). Pixels are estimated from the records (area of the primitive clipped to its
// footprint), never counted by the rasterizer, so the same number can be predicted before a
// render and charged after it.
struct FrameWork {
    static constexpr int kKinds = 6;
    std::array<uint32_t, kKinds> records{};
    std::array<uint64_t, kKinds> pixels{};
    // The part of it a PARTIAL render would defer (records writing only into display buffers),
    // in all and by kind (drawing records, and copies or uploads such as a movie's frames).
    uint32_t deferrableRecords = 0;
    uint64_t deferrablePixels = 0;
    std::array<uint32_t, kKinds> deferrableRecordsOf{};
    std::array<uint64_t, kKinds> deferrablePixelsOf{};

    uint64_t totalPixels() const {
        uint64_t n = 0;
        for (uint64_t p : pixels)
            n += p;
        return n;
    }
};

struct FrameStats {
    uint64_t frame = 0;
    double emulationUs = 0;       // host time spent emulating the frame
    double predictedRenderUs = 0; // evaluator's prediction for a FULL render
    double predictedSavingUs = 0; // what PARTIAL was expected to save
    double renderUs = 0;          // measured host time of the rendering actually done
    double debtUs = 0;            // running time debt after this frame
    // Host time from the previous vblank to this one, the front end's waiting included: what
    // the player gets (0: unknown, e.g. the first frame or no clock).
    double hostFrameUs = 0;
    FrameDecision decision = FrameDecision::Full;
    DecisionReason reason = DecisionReason::ModeOff;
    bool presented = true;            // false: the presenter repeated the last full image
    uint32_t recordsExecuted = 0;     // executed in their own frame
    uint32_t recordsDeferred = 0;     // set aside by this frame's PARTIAL render
    uint32_t recordsExecutedLate = 0; // deferred earlier, executed during this frame
    uint32_t recordsDied = 0;         // deferred earlier, wholly overwritten during this frame
    uint64_t pixelsDrawn = 0;         // pixels the rasterizer drew (on time and late)
    uint64_t pixelsSaved = 0;         // estimated pixels of the records that died
    double lateUs = 0; // estimated host time of the deferred records executed late in this frame
                       // (the frame that pays for earlier frames' skipped drawing)
    // Of those records, the CPU->VRAM uploads (GP0 A0h into a display buffer, e.g. a movie's).
    uint32_t uploadsDeferred = 0;
    uint32_t uploadsExecutedLate = 0;
    uint32_t uploadsDied = 0;
};

} // namespace gpu
