#include <catch2/catch.hpp>

#include "gpu/pacing_evaluator.h"

using namespace gpu;

namespace {
FrameWork heavyFrame() {
    FrameWork w;
    w.records[0] = 2000;     // triangles
    w.pixels[0] = 3'000'000; // fill-rate heavy
    w.records[3] = 1;        // the clear
    w.pixels[3] = 320 * 240;
    w.deferrableRecords = 2001;
    w.deferrablePixels = 3'000'000 + 320 * 240;
    w.deferrableRecordsOf = w.records;
    w.deferrablePixelsOf = w.pixels;
    return w;
}

// Runs `frames` frames where rendering costs `renderUs` in full and `renderUs * partialShare`
// when partial; returns the number of partial frames.
int simulate(PacingEvaluator& e, int frames, double emulationUs, double renderUs,
             double partialShare, double dieShare) {
    int partial = 0;
    for (int i = 0; i < frames; ++i) {
        FrameWork w = heavyFrame();
        FrameStats s;
        FrameDecision d = e.decide(w, emulationUs, s);
        FrameWork executed = w;
        uint64_t deferred = 0, died = 0;
        if (d == FrameDecision::Partial) {
            ++partial;
            s.renderUs = renderUs * partialShare;
            executed.records[0] = 0;
            executed.pixels[0] = 0;
            deferred = w.deferrablePixels;
            died = uint64_t(double(deferred) * dieShare);
        } else {
            s.renderUs = renderUs;
        }
        e.frameDone(executed, s, deferred, died);
    }
    return partial;
}
} // namespace

TEST_CASE("pacing mode strings parse and bad ones are refused", "[pacing]") {
    PacingSettings s;
    std::string error;
    CHECK(s.parseMode("auto", error));
    CHECK(s.mode == PacingSettings::Mode::Auto);
    CHECK(s.parseMode("fixed:3", error));
    CHECK(s.mode == PacingSettings::Mode::Fixed);
    CHECK(s.fixedSkip == 3);
    CHECK_FALSE(s.parseMode("fixed:0", error));
    CHECK_FALSE(s.parseMode("fixed:x", error));
    CHECK_FALSE(s.parseMode("sometimes", error));
}

TEST_CASE("off always renders in full", "[pacing]") {
    PacingEvaluator e;
    CHECK(simulate(e, 100, 15000, 50000, 0.1, 1.0) == 0);
}

TEST_CASE("fixed:N renders exactly one frame in N+1", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Fixed;
    s.fixedSkip = 2;
    PacingEvaluator e(s);
    CHECK(simulate(e, 99, 1000, 1000, 0.1, 1.0) == 66);
}

TEST_CASE("auto never skips when the host keeps up", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Auto;
    PacingEvaluator e(s);
    CHECK(simulate(e, 300, 4000, 6000, 0.1, 1.0) == 0);
}

TEST_CASE("auto skips a slow host's frames - within the consecutive cap", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Auto;
    s.maxConsecutivePartial = 3;
    PacingEvaluator e(s);
    // Rendering alone takes 2 frame budgets: most frames must be partial, never more than 3
    // in a row.
    int partial = 0, run = 0, longest = 0;
    for (int i = 0; i < 300; ++i) {
        FrameWork w = heavyFrame();
        FrameStats st;
        FrameDecision d = e.decide(w, 3000, st);
        run = d == FrameDecision::Partial ? run + 1 : 0;
        longest = std::max(longest, run);
        partial += d == FrameDecision::Partial;
        st.renderUs = d == FrameDecision::Partial ? 2000 : 33000;
        FrameWork executed = w;
        if (d == FrameDecision::Partial) executed.records[0] = 0, executed.pixels[0] = 0;
        e.frameDone(executed, st, d == FrameDecision::Partial ? w.deferrablePixels : 0,
                    d == FrameDecision::Partial ? w.deferrablePixels : 0);
    }
    CHECK(partial > 150);
    CHECK(longest <= 3);
}

TEST_CASE("auto learns that deferring an incremental program saves nothing", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Auto;
    PacingEvaluator e(s);
    // Deferred work never dies (it is always executed late): after learning, auto stops
    // choosing PARTIAL for it.
    simulate(e, 60, 3000, 33000, 1.0, 0.0);
    CHECK(e.dieRatio() < 0.05);
    FrameStats st;
    e.decide(heavyFrame(), 3000, st);
    CHECK(st.decision == FrameDecision::Full);
    CHECK(st.reason == DecisionReason::NoSaving);
}

TEST_CASE("decisions depend only on the inputs given", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Auto;
    PacingEvaluator a(s), b(s);
    CHECK(simulate(a, 200, 5000, 20000, 0.2, 0.9) == simulate(b, 200, 5000, 20000, 0.2, 0.9));
}

TEST_CASE("the budget follows the emulated video standard unless a host refresh is set",
          "[pacing]") {
    PacingEvaluator e;
    CHECK(e.budgetUs() == Approx(1e6 / 59.94));
    e.setVideoRate(50.0); // PAL
    CHECK(e.budgetUs() == Approx(20000.0));
    PacingSettings s;
    s.frameRateHz = 144; // synced to a 144 Hz host display
    e.setSettings(s);
    CHECK(e.budgetUs() == Approx(1e6 / 144));
}

TEST_CASE("after a long run of NoSaving - auto probes one PARTIAL frame", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Auto;
    s.reprobeFrames = 50;
    PacingEvaluator e(s);
    simulate(e, 60, 3000, 33000, 1.0, 0.0); // learns: nothing dies
    REQUIRE(e.dieRatio() < 0.05);
    int probes = 0, partial = 0;
    for (int i = 0; i < 120; ++i) {
        FrameStats st;
        FrameDecision d = e.decide(heavyFrame(), 3000, st);
        probes += st.reason == DecisionReason::Probe;
        partial += d == FrameDecision::Partial;
        st.renderUs = 33000;
        e.frameDone(heavyFrame(), st, 0, 0);
    }
    CHECK(probes == 2); // one every 50 NoSaving frames
    CHECK(partial == probes);
}
