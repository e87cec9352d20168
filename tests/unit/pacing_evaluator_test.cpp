#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

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
    s.judgeFixed = false;
    PacingEvaluator e(s);
    CHECK(simulate(e, 99, 1000, 1000, 0.1, 1.0) == 66);
}

// Judged against off, a schedule starts once the cost model can price off: its first
// warmupFrames frames are rendered as off renders them, then the schedule runs on its own
// numbering (frame i is presented when i % (N+1) == 0).
TEST_CASE("judged fixed:N renders its warm-up frames in full, then its schedule", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Fixed;
    s.fixedSkip = 2;
    PacingEvaluator e(s);
    for (int i = 0; i < 30; ++i) {
        FrameStats st;
        const bool warmup = i < int(s.warmupFrames);
        CHECK(e.defersThisFrame() == !warmup); // the warm-up frames run every record as off
        FrameDecision d =
            warmup ? e.decideUndeferred(heavyFrame(), 1000, st) : e.decide(heavyFrame(), 1000, st);
        CHECK(d == (warmup || i % 3 == 0 ? FrameDecision::Full : FrameDecision::Partial));
        CHECK(st.reason == (warmup ? DecisionReason::Warmup : DecisionReason::FixedSchedule));
        st.renderUs = d == FrameDecision::Full ? 1000 : 100;
        e.frameDone(heavyFrame(), st, 0, 0);
    }
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
    std::vector<int> at;
    for (int i = 0; i < 120; ++i) {
        FrameStats st;
        FrameDecision d = e.decide(heavyFrame(), 3000, st);
        if (st.reason == DecisionReason::Probe) ++probes, at.push_back(i);
        partial += d == FrameDecision::Partial;
        st.renderUs = 33000;
        e.frameDone(heavyFrame(), st, 0, 0);
    }
    // One after every 50 NoSaving frames: 2 or 3 in 120 frames, depending on the phase.
    CHECK(probes >= 2);
    CHECK(probes <= 3);
    for (size_t k = 1; k < at.size(); ++k)
        CHECK(at[k] - at[k - 1] == 51);
    CHECK(partial == probes);
}

namespace {
struct HostCost {
    double emulationUs, fullUs, partialUs;
};

// Runs auto on a synthetic host whose frame i costs `cost(i)`; deferred drawing always dies
// (a program that clears its buffers). Returns, per frame, whether it was presented, and adds
// the host time spent to `hostUs`.
template <class CostFn>
std::vector<bool> runAuto(PacingEvaluator& e, int frames, CostFn cost, double& hostUs) {
    std::vector<bool> presented;
    for (int i = 0; i < frames; ++i) {
        HostCost c = cost(i);
        FrameWork w = heavyFrame();
        FrameStats st;
        FrameDecision d = e.decide(w, c.emulationUs, st);
        FrameWork executed = w;
        bool full = d == FrameDecision::Full;
        if (!full) executed.records[0] = 0, executed.pixels[0] = 0;
        st.renderUs = full ? c.fullUs : c.partialUs;
        hostUs += c.emulationUs + st.renderUs;
        e.frameDone(executed, st, full ? 0 : w.deferrablePixels, full ? 0 : w.deferrablePixels);
        presented.push_back(full);
    }
    return presented;
}

// Intervals, in frames, between the presented frames of [from, to).
std::vector<double> intervals(const std::vector<bool>& presented, int from, int to) {
    std::vector<double> out;
    int last = -1;
    for (int i = from; i < to; ++i) {
        if (!presented[size_t(i)]) continue;
        if (last >= 0) out.push_back(double(i - last));
        last = i;
    }
    return out;
}

double mean(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v)
        sum += x;
    return v.empty() ? 0 : sum / double(v.size());
}

// Nearest-rank 99th percentile.
double p99(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t rank = size_t(std::ceil(0.99 * double(v.size())));
    return v[std::max<size_t>(rank, 1) - 1];
}
} // namespace

// Issue 21 item 1: when auto must skip, the presented frames are evenly spaced (p99 interval
// at most 1.5x the mean), the host keeps the frame budget, and no more is skipped than needed.
TEST_CASE("auto spaces presented frames evenly when it must skip", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Auto;
    PacingEvaluator e(s);
    // Emulation 6 ms, a full render 13 ms, a partial one 1 ms: presenting every frame needs
    // 19 ms of a 16.68 ms budget (95% headroom: 15.85 ms); 2 in 3 needs 6 + 9 = 15 ms on
    // average. Presenting until the debt runs out and then skipping one frame would keep the
    // budget too, but in bursts: runs of 1-frame intervals broken by a 2-frame one.
    auto cost = [](int) { return HostCost{6000, 13000, 1000}; };
    double hostUs = 0;
    std::vector<bool> shown = runAuto(e, 400, cost, hostUs);
    std::vector<double> gaps = intervals(shown, 100, 400);
    REQUIRE(gaps.size() > 20);
    double m = mean(gaps);
    CHECK(m > 1.2);              // it does skip
    CHECK(m <= 2.0);             // but presents at least 1 in 2
    CHECK(p99(gaps) <= 1.5 * m); // evenly
    double hostAfterWarmup = 0;
    runAuto(e, 300, cost, hostAfterWarmup);
    CHECK(hostAfterWarmup / 300 <= e.budgetUs()); // full speed: the host keeps the budget
}

TEST_CASE("the even rhythm follows the host when the cost changes", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Auto;
    PacingEvaluator e(s);
    // A light scene (full render 12 ms: 18 ms a frame with emulation, 2 in 3 fits), then a
    // heavy one from frame 300 (30 ms: only 1 in 4 fits).
    double hostUs = 0;
    std::vector<bool> shown = runAuto(
        e, 600,
        [](int i) {
            return i < 300 ? HostCost{6000, 12000, 1000} : HostCost{6000, 30000, 1000};
        },
        hostUs);
    std::vector<double> light = intervals(shown, 100, 300), heavy = intervals(shown, 400, 600);
    REQUIRE(light.size() > 20);
    REQUIRE(heavy.size() > 20);
    CHECK(mean(light) > 1.0);         // skipping...
    CHECK(mean(light) <= 1.5 + 1e-9); // ...little (2 in 3)
    CHECK(mean(heavy) >= 3.5);        // much more once the cost rose
    CHECK(p99(light) <= 1.5 * mean(light));
    CHECK(p99(heavy) <= 1.5 * mean(heavy));
    int run = 0, longest = 0;
    for (bool p : shown) {
        run = p ? 0 : run + 1;
        longest = std::max(longest, run);
    }
    CHECK(longest <= int(s.maxConsecutivePartial));
}

TEST_CASE("rhythm steps keep the longest interval within 1.5x the mean", "[pacing]") {
    PacingEvaluator e;
    CHECK(e.rhythmStep(1.0) == 1.0);
    CHECK(e.rhythmStep(0.95) == Approx(2.0 / 3.0)); // 1 skip in 20 would double one interval
    CHECK(e.rhythmStep(0.70) == Approx(2.0 / 3.0));
    CHECK(e.rhythmStep(0.55) == Approx(0.5));
    CHECK(e.rhythmStep(0.45) == Approx(0.4));
    CHECK(e.rhythmStep(0.30) == Approx(0.25));
    CHECK(e.rhythmStep(0.01) == Approx(0.125)); // never more than 7 partial frames in a row
    PacingSettings capped;
    capped.maxConsecutivePartial = 3;
    e.setSettings(capped);
    CHECK(e.rhythmStep(0.01) == Approx(0.25));
}

namespace {
FrameWork scaled(const FrameWork& w, double f) {
    FrameWork out = w;
    for (int k = 0; k < FrameWork::kKinds; ++k) {
        out.records[k] = uint32_t(double(w.records[k]) * f + 0.5);
        out.pixels[k] = uint64_t(double(w.pixels[k]) * f + 0.5);
    }
    return out;
}

// A synthetic host and program for the pacer: emulating a frame costs `emulationUs`, drawing
// it `drawUs`. A frame that defers and is not presented leaves its drawing pending; a present
// pays, late, what of the pending drawing does not die (`dies(pendingFrames)` frames' worth of
// it dies: the program's clears covered it) plus its own drawing. A frame that does not defer
// draws at once. Records per frame's drawing: heavyFrame().
struct SimProgram {
    double emulationUs = 6000, drawUs = 10000;
    std::function<double(int)> dies = [](int) { return 0.0; };
    int flipEvery = 0; // the display changes every this many frames (0: not reported)
};

struct SimResult {
    std::vector<bool> presented;
    std::vector<double> hostUs; // emulation + rendering, per frame
    std::vector<DecisionReason> reasons;
};

SimResult runSim(PacingEvaluator& e, int frames, const SimProgram& p) {
    SimResult r;
    FrameWork w = heavyFrame();
    int pending = 0;
    for (int i = 0; i < frames; ++i) {
        FrameStats st;
        if (p.flipEvery) e.noteDisplay(i % p.flipEvery == 0);
        bool defer = e.defersThisFrame();
        FrameDecision d =
            defer ? e.decide(w, p.emulationUs, st) : e.decideUndeferred(w, p.emulationUs, st);
        bool full = d == FrameDecision::Full;
        double late = 0, died = 0;
        if (full && pending > 0) {
            died = std::min(double(pending), p.dies(pending));
            late = double(pending) - died;
        }
        double draw = defer && !full ? 0.0 : 1.0; // this frame's own drawing, now or never
        st.renderUs = (draw + late) * p.drawUs;
        st.recordsExecutedLate = uint32_t(late * w.deferrableRecords);
        st.recordsDied = uint32_t(died * w.deferrableRecords);
        uint64_t resolved = uint64_t((late + died) * double(w.deferrablePixels));
        uint64_t diedPx = uint64_t(died * double(w.deferrablePixels));
        if (full) pending = 0;
        if (defer && !full) ++pending;
        e.frameDone(scaled(w, draw + late), st, resolved, diedPx);
        r.presented.push_back(full);
        r.hostUs.push_back(p.emulationUs + st.renderUs);
        r.reasons.push_back(st.reason);
    }
    return r;
}

double meanFrom(const std::vector<double>& v, size_t from) {
    double sum = 0;
    for (size_t i = from; i < v.size(); ++i)
        sum += v[i];
    return v.size() > from ? sum / double(v.size() - from) : 0;
}
} // namespace

// Issue 21 item 2: a fixed schedule whose skips only move the drawing (nothing dies) lands it
// in lumps: 8 frames of drawing (80 ms) on one present, far past the 2-frame debt limit, while
// every frame rendered as it comes (16 ms of 16.68) keeps up. The schedule degrades to
// presenting, so fixed:7 is never slower than off.
TEST_CASE("fixed:N whose skips only move the work degrades to presenting every frame", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Fixed;
    s.fixedSkip = 7;
    PacingEvaluator e(s);
    SimProgram p; // nothing dies
    SimResult r = runSim(e, 200, p);
    CHECK(e.fixedDegraded());
    // After the judging window: every frame presented, drawn as it comes, within the budget.
    for (size_t i = 100; i < r.presented.size(); ++i) {
        CHECK(r.presented[i]);
        CHECK(r.reasons[i] == DecisionReason::LateWork);
    }
    CHECK(meanFrom(r.hostUs, 100) <= e.budgetUs());
    // The late work was accounted: presents on the schedule paid the skipped frames' drawing.
    CHECK(e.lateShare() > 0.9);
}

TEST_CASE("fixed:N whose skips save keeps its schedule", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Fixed;
    s.fixedSkip = 2;
    PacingEvaluator e(s);
    SimProgram p;
    p.drawUs = 30000;                                     // off could never keep up
    p.dies = [](int pending) { return double(pending); }; // skipped drawing always dies
    SimResult r = runSim(e, 200, p);
    CHECK_FALSE(e.fixedDegraded());
    int presented = 0;
    for (size_t i = 0; i < r.presented.size(); ++i) {
        // The warm-up frames (rendered as off, while the model learns off's price), then 1 in 3.
        CHECK(r.presented[i] == (i < s.warmupFrames || i % 3 == 0));
        presented += r.presented[i];
    }
    CHECK(presented == 67 + 2); // frames 1 and 2 of the warm-up too
    CHECK(e.lateShare() < 0.1);
}

// Issue 21 items 1 and 2 together: a program whose drawing mostly dies only when a whole
// image goes unshown (like bench-gpu: each image is shown for 3 frames, so presenting 1 frame
// in 2 shows every image and its skips save only overdraw). Presenting every frame costs 20 ms
// of a 16.68 ms budget; 1 in 2 still 19.3 ms and 1 in 4 18.95 ms (the skips' drawing lands on
// the presents); 1 in 5 lets whole images die: 16.36 ms. Auto must find a rhythm that keeps
// the budget from measured costs of whole cycles (the late work charged to the presents that
// pay it), not from the die ratio it learned at a faster rhythm, and keep it evenly spaced.
TEST_CASE("auto finds an even rhythm whose skips really save", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Auto;
    PacingEvaluator e(s);
    SimProgram p;
    p.drawUs = 14000;
    // Of n frames of pending drawing a tenth dies (overdraw), and of what is older than the
    // last 3 frames (the image on screen) nine tenths more.
    p.dies = [](int pending) { return 0.1 * pending + 0.9 * std::max(0, pending - 3); };
    SimResult r = runSim(e, 600, p);
    std::vector<double> gaps = intervals(r.presented, 300, 600);
    REQUIRE(gaps.size() > 20);
    double m = mean(gaps);
    CHECK(m >= 4.0); // a rhythm slow enough for whole images to die
    CHECK(p99(gaps) <= 1.5 * m);
    CHECK(meanFrom(r.hostUs, 300) <= e.budgetUs() * 1.001); // and it keeps the budget
}

namespace {
// A front end paced like `skipjack-cli bench frameskip` and a desktop loop: it waits for each
// frame's deadline when ahead, and when more than two frames behind it gives up catching up
// (the deadline restarts from now), so a lump of late work past two frames is lost and the
// light frames after it wait. The evaluator is told the host time between vblanks.
// Program: emulation 6 ms, drawing 20 ms a frame; a present pays the skipped frames' drawing
// late except a quarter of it, which dies. Returns the host time of frames [from, frames).
double runFrontEnd(PacingEvaluator& e, int frames, int from) {
    const double emuUs = 6000, drawUs = 20000, dieShare = 0.25, b = e.budgetUs();
    FrameWork w = heavyFrame();
    double now = 0, deadline = 0, lastVblank = -1, startFrom = 0;
    int pending = 0;
    for (int i = 0; i < frames; ++i) {
        if (i == from) startFrom = now;
        now += emuUs;
        FrameStats st;
        st.hostFrameUs = lastVblank >= 0 ? now - lastVblank : 0;
        lastVblank = now;
        bool defer = e.defersThisFrame();
        FrameDecision d = defer ? e.decide(w, emuUs, st) : e.decideUndeferred(w, emuUs, st);
        bool full = d == FrameDecision::Full;
        double late = full ? double(pending) * (1.0 - dieShare) : 0;
        double died = full ? double(pending) * dieShare : 0;
        double draw = defer && !full ? 0.0 : 1.0;
        st.renderUs = (draw + late) * drawUs;
        st.recordsExecutedLate = uint32_t(late * w.deferrableRecords);
        st.recordsDied = uint32_t(died * w.deferrableRecords);
        e.frameDone(scaled(w, draw + late), st,
                    uint64_t((late + died) * double(w.deferrablePixels)),
                    uint64_t(died * double(w.deferrablePixels)));
        if (full) pending = 0;
        if (defer && !full) ++pending;
        now += st.renderUs;
        deadline += b;
        if (now < deadline)
            now = deadline;
        else if (now - deadline > 2 * b)
            deadline = now;
    }
    return now - startFrom;
}
} // namespace

// Issue 21 item 5: fixed:N speed >= off speed. fixed:2 on this program saves work on average
// (a quarter of the skipped drawing dies), but each present lands 56 ms at once: past what the
// front end catches up on, so the time is lost and the skips after it wait (about 29.8 ms a
// frame against off's 26). The evaluator's own debt model does not see that loss; the host
// time between vblanks does. The schedule must degrade and then run as fast as off.
TEST_CASE("fixed:N judged on the host time the player gets is never slower than off", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Off;
    PacingEvaluator off(s);
    double offUs = runFrontEnd(off, 300, 100);
    s.mode = PacingSettings::Mode::Fixed;
    s.fixedSkip = 2;
    PacingEvaluator fixed(s);
    double fixedUs = runFrontEnd(fixed, 300, 100);
    CHECK(fixed.fixedDegraded());
    CHECK(fixedUs <= offUs * 1.001);
    // Over the whole run, the frames before the cost model can price off and the cycles before
    // the verdict included: at most 5 frames more.
    PacingEvaluator off2(PacingSettings{});
    PacingEvaluator fixed2(s);
    CHECK(runFrontEnd(fixed2, 300, 0) <= runFrontEnd(off2, 300, 0) + 5 * fixed2.budgetUs());
}

// Issue 21 item 1: the first rhythm comes from a step model, not from the optimistic "all the
// skipped drawing dies". A program that finishes an image every third frame (its display
// flips every 3 frames, like bench-gpu) lets a skipped frame's drawing die only when a whole
// image goes unshown, so presenting 1 frame in p costs emulation + drawing * min(1, 3p); with
// 6 ms of emulation and 13.3 ms of drawing a frame, only p <= 1/4 fits 16.68 ms (fixed:3 keeps
// the budget there, fixed:2 does not). A program that flips every frame loses all of a
// skipped frame's drawing: p = 1/2 fits. Nothing is measured yet when skipping starts.
TEST_CASE("auto's first rhythm follows the frames each shown image takes", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Auto;
    SimProgram p;
    p.drawUs = 13333;
    // Frames presented in full (every frame, undeferred) until the debt forces skipping.
    auto firstShare = [&](int flipEvery) {
        PacingEvaluator e(s);
        for (int i = 0; i < 60 && e.presentShare() == 1.0; ++i) {
            e.noteDisplay(i % flipEvery == 0);
            FrameStats st;
            REQUIRE_FALSE(e.defersThisFrame());
            e.decideUndeferred(heavyFrame(), p.emulationUs, st);
            st.renderUs = p.drawUs;
            e.frameDone(heavyFrame(), st, 0, 0);
        }
        return e.presentShare();
    };
    CHECK(firstShare(3) <= 0.25 + 1e-9);
    CHECK(firstShare(3) >= 0.2 - 1e-9); // but no slower than the model says is needed
    CHECK(firstShare(1) >= 0.5 - 1e-9);
}

// After a verdict, the frames already deferred into the shown buffer are not run as one lump
// at the first degraded frame: it is not presented while the shown area holds them (they die
// under the program's next image), for at most the partial-frame cap.
TEST_CASE("degraded fixed:N leaves drawing deferred before the verdict to die", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Fixed;
    s.fixedSkip = 7;
    PacingEvaluator e(s);
    SimProgram p; // nothing dies: the schedule degrades
    runSim(e, 200, p);
    REQUIRE(e.fixedDegraded());
    REQUIRE_FALSE(e.defersThisFrame());
    int skipped = 0;
    for (int i = 0; i < 20; ++i) {
        FrameStats st;
        FrameDecision d = e.decideUndeferred(heavyFrame(), 6000, st, /*shownPending=*/true);
        CHECK(st.reason == DecisionReason::LateWork);
        skipped += d == FrameDecision::Partial;
        if (i < int(s.maxConsecutivePartial)) CHECK(d == FrameDecision::Partial);
        if (i == int(s.maxConsecutivePartial)) CHECK(d == FrameDecision::Full); // the cap
        st.renderUs = 10000;
        e.frameDone(heavyFrame(), st, 0, 0);
    }
    CHECK(skipped < 20);
    FrameStats st;
    CHECK(e.decideUndeferred(heavyFrame(), 6000, st, false) == FrameDecision::Full);
}

// Issue 21 item 5 (bench-rtt): in a double-buffered program the drawing of a frame is the
// image the next frame shows, so the first skip after presenting every frame is always paid
// late by the present after it: one such observation says "nothing dies". Over a cycle of the
// even rhythm (present, skip, present) a present's own deferred drawing dies when the frame
// after it is skipped. Auto must not conclude from the first skips that deferring saves
// nothing; it must settle on a rhythm that keeps the budget (off needs 22 ms a frame).
TEST_CASE("auto does not learn 'nothing dies' from the first skip of a double buffer", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Auto;
    s.warmupFrames = 2; // little debt when skipping starts: the first rhythm is 1 in 3
    PacingEvaluator e(s);
    // Each frame renders a texture first (6 ms, never deferred), then its image (10 ms).
    const double emuUs = 6000, drawUs = 10000, textureShare = 0.6;
    FrameWork w = scaled(heavyFrame(), 1.0 + textureShare); // deferrable: the image only
    // Images pending (deferred, not executed): bit k = the image drawn k frames ago.
    bool pendingPrev = false, pendingOlder = false;
    std::vector<double> host;
    int noSaving = 0;
    for (int i = 0; i < 400; ++i) {
        FrameStats st;
        bool defer = e.defersThisFrame();
        FrameDecision d = defer ? e.decide(w, emuUs, st) : e.decideUndeferred(w, emuUs, st);
        bool full = d == FrameDecision::Full;
        // This frame's clear covers the image drawn two frames ago: it dies if still pending.
        double died = pendingOlder ? 1.0 : 0.0;
        // A present shows the image drawn last frame: it runs late if pending.
        double late = full && pendingPrev ? 1.0 : 0.0;
        double own = defer ? 0.0 : 1.0; // deferred drawing waits for a present or its clear
        st.renderUs = (textureShare + own + late) * drawUs;
        st.recordsExecutedLate = uint32_t(late * w.deferrableRecords);
        st.recordsDied = uint32_t(died * w.deferrableRecords);
        e.frameDone(scaled(heavyFrame(), textureShare + own + late), st,
                    uint64_t((late + died) * double(w.deferrablePixels)),
                    uint64_t(died * double(w.deferrablePixels)));
        pendingOlder = pendingPrev && !late;
        pendingPrev = defer;
        host.push_back(emuUs + st.renderUs);
        if (i >= 100) noSaving += st.reason == DecisionReason::NoSaving;
    }
    CHECK(noSaving == 0);
    CHECK(meanFrom(host, 100) <= e.budgetUs() * 1.005);
}

// An unthrottled front end (skipjack-cli run) turns judging off: fixed:N then shows exactly
// its schedule even where its skips only move the work, so which frames are shown never
// depends on the host's speed there.
TEST_CASE("fixed:N with judging off keeps its schedule", "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Fixed;
    s.fixedSkip = 7;
    s.judgeFixed = false;
    PacingEvaluator e(s);
    SimProgram p; // nothing dies: with judging on this degrades (the test above)
    SimResult r = runSim(e, 200, p);
    CHECK_FALSE(e.fixedDegraded());
    for (size_t i = 0; i < r.presented.size(); ++i)
        CHECK(r.presented[i] == (i % 8 == 0));
}

// A judged schedule's opening (until its judging window first fills) hands the host time the
// front end would wait through to the drawing it deferred; off would have drawn in that time,
// and without evidence that the skips save anything the schedule must not fall behind it. The
// idle time is the budget (with the headroom) less the debt, the emulation and the rendering
// so far; after the opening, and in the other modes, none.
TEST_CASE("judged fixed:N spends idle host time on deferred drawing only in its opening",
          "[pacing]") {
    PacingSettings s;
    s.mode = PacingSettings::Mode::Fixed;
    s.fixedSkip = 1;
    PacingEvaluator e(s);
    const double emu = 6000, render = 2000;
    double clock = 0;
    std::vector<double> idle;
    for (int i = 0; i < 40; ++i) {
        FrameStats st;
        clock += emu;
        st.hostFrameUs = i ? e.budgetUs() : 0; // the front end waits for every deadline
        bool defer = e.defersThisFrame();
        FrameDecision d =
            defer ? e.decide(heavyFrame(), emu, st) : e.decideUndeferred(heavyFrame(), emu, st);
        idle.push_back(defer ? e.idleUs(emu, render) : -1);
        st.renderUs = d == FrameDecision::Full ? render : render / 2;
        e.frameDone(heavyFrame(), st, 0, 0);
    }
    for (int i = 0; i < int(s.warmupFrames); ++i)
        CHECK(idle[size_t(i)] == -1); // the warm-up does not defer
    // fixed:1's window: 8 frames, 4 cycles of 2; a frame is judged at the next vblank (its
    // host time ends there), so the opening spans one frame more.
    for (int i = int(s.warmupFrames); i < int(s.warmupFrames) + 9; ++i)
        CHECK(idle[size_t(i)] == Approx(e.budgetUs() * s.headroom - emu - render));
    for (size_t i = s.warmupFrames + 9; i < idle.size(); ++i)
        CHECK(idle[i] == 0);
    CHECK_FALSE(e.fixedDegraded());
    PacingSettings a;
    a.mode = PacingSettings::Mode::Auto;
    CHECK(PacingEvaluator(a).idleUs(emu, render) == 0);
}
