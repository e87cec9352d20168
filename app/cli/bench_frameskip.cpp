// `skipjack-cli bench frameskip`: what frame skipping buys on a slow host, measured as a player
// sees it. For each host slowdown and frame-skip mode, a workload runs paced against the
// emulated video rate (the loop waits when it is ahead of the emulated clock) and we measure
// the emulated speed, the presented frames per second, the intervals between presented frames
// (mean, p50, p99, the longest gap), the underruns of the app's audio ring (audio_ring_model.h)
// and, for a workload that reacts to the pad, the input latency: frames (and host ms) from a
// pad change to the first presented frame showing it. Every presented frame is scanned out, as
// a front end does (which runs the deferred records in the shown area). Prints JSON.
//
// The host is simulated by default so the figures repeat exactly: emulating a frame costs a
// fixed time, and rendering costs a fixed price per record and per pixel the rasterizer drew,
// times the host slowdown; the clock the pacer reads is that sum. --real-time uses the real
// clock instead (emulation at its real cost, rendering stretched by the slowdown).
//
// Workloads: the built-in GPU benchmark, demo and render-to-texture programs when they are in
// this build (or --program FILE), and two synthetic double-buffered scenes fed straight into a
// GPU, with the display switched to the new buffer at the start of the next frame
// ("swap-after", the usual PsyQ loop) or as soon as drawing ends ("swap-before").
//
// Every presented frame must equal the full render of the same frame (frame skipping is exact):
// a run of each workload with every frame rendered (no pacing) gives the image hash of every
// frame, and a presented frame that differs ends the bench with a message and exit code 4.
//
// Input latency, by branching (bench-rtt holds Cross, the demo d-pad Left, 11 frames every 47
// from frame 40; the first press takes the demo from its autopilot, later ones steer). In the
// full-render run, before each frame F_k at which the pad changes, the whole machine is
// snapshotted in memory, a branch in which the change does not happen (the pad keeps its state
// from before F_k) runs up to the next change (at most kBranchFrames frames) recording its
// images, and the snapshot is restored. A frame P >= F_k shows change k when its image differs
// from the branch's at P. In a paced run, change k's latency is P - F_k for the first presented
// frame P (before the next change takes effect) that shows it, and the host time from the
// start of frame F_k to P's presentation; a change no presented frame shows before the next
// one is not shown.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "app/cli/audio_ring_model.h"
#include "app/cli/common.h"
#include "app/cli/pacing.h"
#include "assets/embedded.h"
#include "core/snapshots/snapshot_manager.h"
#include "core/system.h"
#include "gpu/gpu.h"
#include "savestate/state_io.h"

namespace cli {

namespace {

struct Result {
    std::string workload, mode;
    double slowdown = 1;
    long frames = 0;
    double speedPercent = 0, presentedFps = 0, meanMs = 0, p50Ms = 0, p99Ms = 0, maxGapMs = 0;
    uint64_t partial = 0, died = 0, late = 0, deferred = 0, audioUnderruns = 0;
    double renderUsMean = 0;
    // Input latency; changes == 0: the workload has no input plan. pastWindow: changes whose
    // first presented frame came after the branch's last frame (not judged: not shown).
    int latencyChanges = 0, latencyShown = 0, latencyPastWindow = 0;
    double latencyMeanFrames = 0, latencyMaxFrames = 0, latencyMeanMs = 0, latencyMaxMs = 0;
    std::vector<long> latencyFrames; // per change, in order; -1: not shown
    // Presented frames whose image differed from the full render's (0: exact), the first one.
    long inexactFrames = 0, firstInexactFrame = -1;
};

// When the bench holds a button: `button` for `hold` frames every `period` frames from
// `first` on (none when button is 0).
struct InputPlan {
    uint16_t button = 0;
    // A prime period, so the presses fall on every phase of a fixed:N schedule.
    long first = 40, period = 47, hold = 11;
    uint16_t buttons(long frame) const {
        return button && frame >= first && (frame - first) % period < hold ? button : 0;
    }
    // The frames at which the pad changes (the state read at the start of frame F differs from
    // frame F - 1's), below `frames`.
    std::vector<long> changes(long frames) const {
        std::vector<long> out;
        for (long f = 1; f < frames; ++f)
            if (buttons(f) != buttons(f - 1)) out.push_back(f);
        return out;
    }
};

// Port 1's pad follows the input plan (nothing held without one).
class BenchPadHost : public core::Host {
  public:
    const InputPlan* plan = nullptr;
    long frame = 0; // the frame about to run
    // >= 0: a branch in which the change at this frame does not happen (the pad keeps the
    // state it had before it).
    long frozenAt = -1;
    core::PadState pad(unsigned port) override {
        core::PadState s;
        if (port == 0 && plan)
            s.buttons = plan->buttons(frozenAt >= 0 && frame >= frozenAt ? frozenAt - 1 : frame);
        return s;
    }
};

// Frames a branch runs at most: a presented frame must fall within them to be judged (the
// longest gap between presented frames in the bench's cells is under 10 frames; a change whose
// first presented frame comes later is counted in input_changes_past_window, not shown).
constexpr long kBranchFrames = 16;

// The exit code when a presented frame differs from the full render (as --lockstep's).
constexpr int kExitNotExact = 4;

// The full render of a workload: every frame's image hash with the input plan's input, and per
// input change the images of a branch in which it does not happen.
struct Reference {
    std::vector<uint64_t> images;
    struct Branch {
        long frame = 0, end = 0;      // the change's frame; the branch ran frames [frame, end)
        std::vector<uint64_t> images; // of frames frame .. end - 1
    };
    std::vector<Branch> branches; // in frame order
};

uint64_t imageHash(const std::vector<uint8_t>& rgba, uint32_t w, uint32_t h, bool on) {
    return on ? savestate::hash64(rgba.data(), rgba.size(), w * 1000003ull + h) : 0;
}

// What runPaced does with presented frames: `present` scans the frame out and returns its
// image hash; with `reference` every presented image is checked against the full render and,
// when it has branches, the input latency is measured.
struct PresentHooks {
    std::function<uint64_t()> present;
    std::function<void(long frame)> beforeFrame;
    const Reference* reference = nullptr;
};

// One frame of a workload: emulate up to (and including) the vblank.
using FrameFn = std::function<void()>;

// Simulated host prices (microseconds at host slowdown 1; roughly this build's software
// rasterizer on the 2-core machine).
constexpr double kSimRecordUs = 0.5;
constexpr double kSimPixelUs = 0.005;
// Host time to emulate one frame (CPU, SPU, ...): a third of the NTSC budget. The host
// slowdown does not apply to it.
constexpr double kEmulationUs = 6000;

// The host the workload runs on: the real clock, or the simulated one described above.
class BenchHost {
  public:
    BenchHost(gpu::Gpu& gpu, bool simulated, double slowdown)
        : gpu_(gpu), simulated_(simulated), slowdown_(slowdown) {}

    double now() { return simulated_ ? idleUs_ + slowdown_ * renderCostUs() : hostMicros(); }
    // Host time of emulating a frame, for workloads whose emulation is not real (the synthetic
    // scenes) or when simulated.
    void emulate(double us) {
        if (simulated_) {
            idleUs_ += us;
            return;
        }
        double until = hostMicros() + us;
        while (hostMicros() < until) {
        }
    }
    void waitUntil(double t) {
        double n = now();
        if (n >= t) return;
        if (simulated_)
            idleUs_ += t - n;
        else
            std::this_thread::sleep_for(std::chrono::duration<double, std::micro>(t - n));
    }
    bool simulated() const { return simulated_; }

  private:
    // Rendering done so far at its simulated price; the counters only grow, except when the
    // GPU is reset, which folds what was counted into a base.
    double renderCostUs() {
        const gpu::FrameCommands::Counters& c = gpu_.frameCommands().counters();
        double raw = kSimRecordUs * double(c.recordsExecuted + c.recordsExecutedLate) +
                     kSimPixelUs * double(c.pixelsDrawn);
        if (raw < lastRaw_) base_ += lastRaw_;
        lastRaw_ = raw;
        return base_ + raw;
    }
    gpu::Gpu& gpu_;
    bool simulated_;
    double slowdown_;
    double idleUs_ = 0, base_ = 0, lastRaw_ = 0;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

// `emulationUs` > 0: charge that much host time for emulating each frame (the frame function
// itself is then not timed on a simulated host).
Result runPaced(gpu::Gpu& gpu, BenchHost& host, const FrameFn& frame, long frames, double frameUs,
                double emulationUs, const PresentHooks& hooks) {
    Result r;
    std::vector<double> intervals;
    double start = host.now(), deadline = start, lastPresent = -1, renderSum = 0;
    AudioRingModel audio;
    audio.start(start);
    // The SPU's 44.1 kHz in emulated time: 737.24 stereo frames per NTSC frame of 566 203
    // CPU cycles at 33.8688 MHz, played in 1/59.94 s of host time at 100% speed (0.2% more
    // than the device takes; the ring's rate control absorbs that).
    const double samplesPerFrame = 44100.0 * 566203.0 / 33868800.0;
    uint64_t presented = 0;
    // The latest input change that has taken effect (an index into the reference's branches,
    // -1: none yet), whether it was judged yet (shown, or given up), and the host time at the
    // start of its frame.
    const std::vector<Reference::Branch>* branches =
        hooks.reference ? &hooks.reference->branches : nullptr;
    size_t nextChange = 0;
    long change = -1;
    bool judged = true;
    double changeStartUs = 0;
    double latencyFramesSum = 0, latencyMsSum = 0;
    for (long f = 0; f < frames; ++f) {
        // A change followed by another before any presented frame showed it was never shown.
        while (branches && nextChange < branches->size() && (*branches)[nextChange].frame <= f) {
            change = long(nextChange++);
            judged = false;
            changeStartUs = host.now();
            ++r.latencyChanges;
            r.latencyFrames.push_back(-1);
        }
        if (hooks.beforeFrame) hooks.beforeFrame(f);
        gpu.markEmulationStart();
        if (emulationUs > 0) host.emulate(emulationUs);
        frame();
        const gpu::FrameStats& s = gpu.lastFrameStats();
        r.partial += s.decision == gpu::FrameDecision::Partial;
        r.died += s.recordsDied;
        r.late += s.recordsExecutedLate;
        r.deferred += s.recordsDeferred;
        renderSum += s.renderUs;
        const bool shown = gpu.framePresented();
        const uint64_t image = shown && hooks.present ? hooks.present() : 0;
        double now = host.now(); // after the scan-out a presented frame needs
        if (shown) {
            if (lastPresent >= 0) intervals.push_back((now - lastPresent) / 1000.0);
            lastPresent = now;
            ++presented;
            if (hooks.reference && size_t(f) < hooks.reference->images.size() &&
                image != hooks.reference->images[size_t(f)]) {
                if (!r.inexactFrames++) r.firstInexactFrame = f;
            }
            if (branches && !judged) {
                const Reference::Branch& b = (*branches)[size_t(change)];
                if (f >= b.end) {
                    ++r.latencyPastWindow;
                    judged = true;
                } else if (image != b.images[size_t(f - b.frame)]) {
                    const double frames = double(f - b.frame);
                    const double ms = (now - changeStartUs) / 1000.0;
                    latencyFramesSum += frames;
                    latencyMsSum += ms;
                    r.latencyMaxFrames = std::max(r.latencyMaxFrames, frames);
                    r.latencyMaxMs = std::max(r.latencyMaxMs, ms);
                    ++r.latencyShown;
                    r.latencyFrames.back() = f - b.frame;
                    judged = true;
                }
            }
        }
        // The frame's samples reach the ring now; SDL's callbacks drain it meanwhile.
        audio.advanceTo(now);
        audio.push(samplesPerFrame);
        deadline += frameUs;
        if (now < deadline)
            host.waitUntil(deadline);
        else if (now - deadline > 4 * frameUs)
            deadline = now; // far behind: like a real front end, stop trying to catch up
    }
    double wallUs = host.now() - start;
    audio.advanceTo(host.now());
    r.audioUnderruns = audio.underruns();
    r.frames = frames;
    r.speedPercent = 100.0 * double(frames) * frameUs / wallUs;
    r.presentedFps = double(presented) / (wallUs / 1e6);
    r.meanMs = intervals.empty() ? 0
                                 : std::accumulate(intervals.begin(), intervals.end(), 0.0) /
                                       double(intervals.size());
    r.p50Ms = percentile(intervals, 0.5);
    r.p99Ms = percentile(intervals, 0.99);
    r.maxGapMs = intervals.empty() ? 0 : *std::max_element(intervals.begin(), intervals.end());
    r.renderUsMean = frames ? renderSum / double(frames) : 0;
    if (r.latencyShown) {
        r.latencyMeanFrames = latencyFramesSum / r.latencyShown;
        r.latencyMeanMs = latencyMsSum / r.latencyShown;
    }
    return r;
}

// --- Synthetic scene ---------------------------------------------------------------------

struct NullHost : gpu::GpuHost {
    void gpuInterrupt() override {}
};

uint32_t xy(int x, int y) {
    return (uint32_t(y & 0x7FF) << 16) | uint32_t(x & 0x7FF);
}

struct SyntheticScene {
    NullHost host;
    gpu::Gpu gpu{host};
    uint64_t now = 0;
    int k = 0;
    bool swapBefore = false;

    void gp0(std::initializer_list<uint32_t> words) {
        for (uint32_t w : words)
            gpu.writeGP0(w, now);
    }
    void setup() {
        gpu.writeGP1(0x03000000, now);
        gpu.writeGP1(0x08000001, now); // 320x240
        gpu.writeGP1(0x06000000u | 608u | (608u + 2560u) << 12, now);
        // A 64x64 15-bit texture at (640, 0).
        gp0({0xA0000000u, xy(640, 0), xy(64, 64)});
        for (int i = 0; i < 64 * 64 / 2; ++i)
            gp0({0x7C1F03E0u ^ (uint32_t(i) * 0x00210021u)});
    }
    void frame() {
        int back = (k & 1) ? 240 : 0, front = (k & 1) ? 0 : 240;
        if (!swapBefore) gpu.writeGP1(0x05000000u | uint32_t(front) << 10, now);
        gp0({0xE3000000u | uint32_t(back) << 10, 0xE4000000u | uint32_t(back + 239) << 10 | 319,
             0xE5000000u | uint32_t(back) << 11});
        gp0({0x02203040u, xy(0, back), xy(320, 240)});
        for (int i = 0; i < 400; ++i) {
            int x = (k * 3 + i * 37) % 280, y = (k * 2 + i * 23) % 200;
            gp0({0x30000000u | ((uint32_t(i) * 0x10305u) & 0xFFFFFFu), xy(x, y), 0x00FF8000u,
                 xy(x + 40, y + 8), 0x0000FF80u, xy(x + 12, y + 40)});
        }
        gp0({0xE100010Au}); // texture page (640, 0), 15-bit
        for (int i = 0; i < 100; ++i) {
            int x = (k * 5 + i * 41) % 288, y = (k + i * 29) % 208;
            gp0({0x64808080u, xy(x, y), 0, xy(32, 32)});
        }
        if (swapBefore) gpu.writeGP1(0x05000000u | uint32_t(back) << 10, now);
        now += 564480;
        gpu.endFrame();
        ++k;
    }
};

// Attaches a pacing session to `gpu` on `host`'s clock.
bool startPacing(PacingSession& pacing, gpu::Gpu& gpu, BenchHost& host, const char* mode,
                 double slowdown, std::string& error) {
    // On a simulated host the slowdown is in its prices, not in a wait on the clock.
    if (!pacing.start(gpu, mode, host.simulated() ? 1.0 : slowdown, "", error)) return false;
    // The bench's host keeps a frame budget (simulated or real): fixed:N is judged against off.
    gpu::PacingSettings settings = pacing.evaluator().settings();
    settings.judgeFixed = true;
    pacing.evaluator().setSettings(settings);
    gpu.setPacing(&pacing.evaluator(), [&host] { return host.now(); });
    return true;
}

// The full render of `program` with `plan`'s input (Reference): every frame rendered, no
// frame skipping (the emulated machine does not depend on the mode). A branch is taken back
// through an in-memory snapshot of the whole machine (core/snapshots/, as run-ahead does), so
// the main run continues as if it had never happened; every paced run is checked against the
// main run's images, which checks the restore too.
bool referenceRun(const Options& o, const std::string& program, const InputPlan& plan, long frames,
                  Reference& ref) {
    core::System system;
    BenchPadHost pads;
    pads.plan = &plan;
    system.setHost(&pads);
    Options po = o;
    bool embedded = o.program.empty();
    if (!prepareSystem(system, po, embedded ? "" : program,
                       embedded ? program.c_str() : "skipjack-demo"))
        return false;
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    auto image = [&] {
        bool on = system.gpu().scanout(rgba, w, h);
        return imageHash(rgba, w, h, on);
    };
    const std::vector<long> changes = plan.changes(frames);
    ref = Reference();
    for (long f = 0; f < frames; ++f) {
        const size_t k = ref.branches.size();
        if (k < changes.size() && changes[k] == f) {
            Reference::Branch b;
            b.frame = f;
            b.end = std::min(
                {k + 1 < changes.size() ? changes[k + 1] : frames, f + kBranchFrames, frames});
            core::SnapshotManager& snapshots = system.snapshots();
            core::SnapshotRef before = snapshots.capture();
            system.beginSpeculation(); // nothing of the branch reaches a card or the speakers
            pads.frozenAt = f;
            for (long g = f; g < b.end; ++g) {
                pads.frame = g;
                system.runFrame();
                b.images.push_back(image());
            }
            pads.frozenAt = -1;
            system.endSpeculation();
            snapshots.restore(before);
            ref.branches.push_back(std::move(b));
        }
        pads.frame = f;
        system.runFrame();
        ref.images.push_back(image());
    }
    return true;
}

// The full render of a synthetic scene (it has no input).
Reference syntheticReference(bool swapBefore, long frames) {
    SyntheticScene scene;
    scene.swapBefore = swapBefore;
    scene.setup();
    Reference ref;
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    for (long f = 0; f < frames; ++f) {
        scene.frame();
        bool on = scene.gpu.scanout(rgba, w, h);
        ref.images.push_back(imageHash(rgba, w, h, on));
    }
    return ref;
}

} // namespace

int benchFrameskip(const Options& o) {
    const bool simulated = !o.realTime;
    const long frames = o.frames < 0 ? (simulated ? 300 : 120) : o.frames;
    std::vector<double> slowdowns = o.benchSlowdowns;
    if (slowdowns.empty()) slowdowns = {2, 4, 8, 16};
    std::vector<std::string> modes = o.benchModes;
    if (modes.empty()) modes = {"off", "fixed:1", "fixed:2", "fixed:3", "fixed:4", "auto"};
    auto wanted = [&o](const std::string& workload) {
        return o.benchWorkloads.empty() ||
               std::find(o.benchWorkloads.begin(), o.benchWorkloads.end(), workload) !=
                   o.benchWorkloads.end();
    };
    const double ntscFrameUs = 1e6 / 59.94;

    std::vector<std::string> programs, missing;
    if (!o.program.empty()) {
        programs.push_back(o.program);
    } else {
        for (const char* name : {"bench-gpu", "skipjack-demo", "bench-rtt"}) {
            if (!wanted(name)) continue;
            if (assets::embeddedProgram(name).empty())
                missing.push_back(name);
            else
                programs.push_back(name);
        }
    }
    // Input plans: bench-rtt holds Cross, the demo d-pad Left (its first press takes control from
    // the autopilot, later ones steer). bench-gpu has none: its only input (R1/L1) changes the
    // benchmark level, i.e. the workload being measured. A --program FILE gets none either.
    InputPlan noInput, crossPlan, leftPlan;
    crossPlan.button = core::PadState::Cross;
    leftPlan.button = core::PadState::Left;
    std::vector<const InputPlan*> plans;
    std::vector<Reference> references(programs.size());
    for (size_t i = 0; i < programs.size(); ++i) {
        const bool builtin = o.program.empty();
        plans.push_back(builtin && programs[i] == "bench-rtt"       ? &crossPlan
                        : builtin && programs[i] == "skipjack-demo" ? &leftPlan
                                                                    : &noInput);
        if (!referenceRun(o, programs[i], *plans[i], frames, references[i])) return kExitBadInput;
    }
    Reference syntheticReferences[2];
    for (bool swapBefore : {false, true})
        if (wanted(swapBefore ? "synthetic-swap-before" : "synthetic-swap-after"))
            syntheticReferences[swapBefore] = syntheticReference(swapBefore, frames);

    std::vector<Result> results;
    std::string error;
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    for (double slowdown : slowdowns) {
        for (const std::string& modeName : modes) {
            const char* mode = modeName.c_str();
            for (size_t i = 0; i < programs.size(); ++i) {
                const std::string& program = programs[i];
                core::System system;
                BenchPadHost pads;
                pads.plan = plans[i];
                system.setHost(&pads);
                Options po = o;
                bool embedded = o.program.empty();
                if (!prepareSystem(system, po, embedded ? "" : program,
                                   embedded ? program.c_str() : "skipjack-demo"))
                    return kExitBadInput;
                BenchHost host(system.gpu(), simulated, slowdown);
                PacingSession pacing;
                if (!startPacing(pacing, system.gpu(), host, mode, slowdown, error)) {
                    std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
                    return kExitBadInput;
                }
                PresentHooks hooks;
                hooks.present = [&] {
                    bool on = system.gpu().scanout(rgba, w, h);
                    return imageHash(rgba, w, h, on);
                };
                hooks.beforeFrame = [&pads](long f) { pads.frame = f; };
                hooks.reference = &references[i];
                Result r = runPaced(
                    system.gpu(), host, [&] { system.runFrame(); }, frames, ntscFrameUs,
                    simulated ? kEmulationUs : 0, hooks);
                r.workload = program, r.mode = mode, r.slowdown = slowdown;
                results.push_back(r);
            }
            for (bool swapBefore : {false, true}) {
                const char* name = swapBefore ? "synthetic-swap-before" : "synthetic-swap-after";
                if (!wanted(name)) continue;
                SyntheticScene scene;
                scene.swapBefore = swapBefore;
                scene.setup();
                BenchHost host(scene.gpu, simulated, slowdown);
                PacingSession pacing;
                if (!startPacing(pacing, scene.gpu, host, mode, slowdown, error)) {
                    std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
                    return kExitBadInput;
                }
                PresentHooks hooks;
                hooks.present = [&] {
                    bool on = scene.gpu.scanout(rgba, w, h);
                    return imageHash(rgba, w, h, on);
                };
                hooks.reference = &syntheticReferences[swapBefore];
                Result r = runPaced(
                    scene.gpu, host, [&] { scene.frame(); }, frames, ntscFrameUs, kEmulationUs,
                    hooks);
                r.workload = name;
                r.mode = mode, r.slowdown = slowdown;
                results.push_back(r);
            }
        }
    }

    if (results.empty()) {
        std::fprintf(stderr, "skipjack-cli: --workload names none of bench-gpu, skipjack-demo, "
                             "bench-rtt, synthetic-swap-after, synthetic-swap-before\n");
        return kExitBadInput;
    }
    std::printf("{\"benchmark\":\"frameskip\",\"host\":\"%s\",\"frames\":%ld,"
                "\"missing_programs\":[",
                simulated ? "simulated" : "real-time", frames);
    for (size_t i = 0; i < missing.size(); ++i)
        std::printf("%s\"%s\"", i ? "," : "", missing[i].c_str());
    std::printf("],\"results\":[\n");
    for (size_t i = 0; i < results.size(); ++i) {
        const Result& r = results[i];
        std::printf("{\"workload\":\"%s\",\"host_slowdown\":%g,\"mode\":\"%s\","
                    "\"speed_percent\":%.1f,\"presented_fps\":%.2f,\"interval_mean_ms\":%.2f,"
                    "\"interval_p50_ms\":%.2f,\"interval_p99_ms\":%.2f,\"longest_gap_ms\":%.2f,"
                    "\"audio_underruns\":%llu,\"partial_frames\":%llu,\"records_deferred\":%llu,"
                    "\"records_died\":%llu,\"records_executed_late\":%llu,"
                    "\"render_us_mean\":%.0f",
                    r.workload.c_str(), r.slowdown, r.mode.c_str(), r.speedPercent, r.presentedFps,
                    r.meanMs, r.p50Ms, r.p99Ms, r.maxGapMs,
                    static_cast<unsigned long long>(r.audioUnderruns),
                    static_cast<unsigned long long>(r.partial),
                    static_cast<unsigned long long>(r.deferred),
                    static_cast<unsigned long long>(r.died),
                    static_cast<unsigned long long>(r.late), r.renderUsMean);
        if (r.latencyChanges) {
            std::printf(",\"input_changes\":%d,\"input_changes_shown\":%d,"
                        "\"input_latency_mean_frames\":%.2f,\"input_latency_max_frames\":%.0f,"
                        "\"input_latency_mean_ms\":%.2f,\"input_latency_max_ms\":%.2f,"
                        "\"input_changes_past_window\":%d",
                        r.latencyChanges, r.latencyShown, r.latencyMeanFrames, r.latencyMaxFrames,
                        r.latencyMeanMs, r.latencyMaxMs, r.latencyPastWindow);
            std::printf(",\"input_latency_frames\":[");
            for (size_t k = 0; k < r.latencyFrames.size(); ++k)
                std::printf("%s%ld", k ? "," : "", r.latencyFrames[k]);
            std::printf("]");
        }
        std::printf("}%s\n", i + 1 < results.size() ? "," : "");
    }
    std::printf("]}\n");
    // Frame skipping is exact (docs/frameskip.md, "Guarantees"): a presented image that is not
    // the full render's is a bug, reported as loudly as --lockstep reports a divergence.
    int inexactCells = 0;
    for (const Result& r : results) {
        if (!r.inexactFrames) continue;
        ++inexactCells;
        std::fprintf(stderr,
                     "skipjack-cli: bench frameskip: %s %gx %s: %ld presented frames differ from "
                     "the full render (the first: frame %ld)\n",
                     r.workload.c_str(), r.slowdown, r.mode.c_str(), r.inexactFrames,
                     r.firstInexactFrame);
    }
    return inexactCells ? kExitNotExact : kExitOk;
}

} // namespace cli
