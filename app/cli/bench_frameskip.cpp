// `skipjack-cli bench frameskip`: what frame skipping buys on a slow host, measured as a player
// sees it. For each host slowdown and frame-skip mode, a workload runs paced against the
// emulated video rate (the loop waits when it is ahead of the emulated clock) and we measure
// the emulated speed, the presented frames per second, the intervals between presented frames
// (mean, p50, p99, the longest gap) and the underruns of an audio ring. Prints JSON.
//
// The host is simulated by default so the figures repeat exactly: emulating a frame costs a
// fixed time, and rendering costs a fixed price per record and per pixel the rasterizer drew,
// times the host slowdown; the clock the pacer reads is that sum. --real-time uses the real
// clock instead (emulation at its real cost, rendering stretched by the slowdown).
//
// Workloads: the built-in GPU benchmark and demo programs when they are in this build (or
// --program FILE), and two synthetic double-buffered scenes fed straight into a GPU, with the
// display switched to the new buffer at the start of the next frame ("swap-after", the usual
// PsyQ loop) or as soon as drawing ends ("swap-before").
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "app/cli/common.h"
#include "app/cli/pacing.h"
#include "assets/embedded.h"
#include "core/system.h"
#include "gpu/gpu.h"

namespace cli {

namespace {

struct Result {
    std::string workload, mode;
    double slowdown = 1;
    long frames = 0;
    double speedPercent = 0, presentedFps = 0, meanMs = 0, p50Ms = 0, p99Ms = 0, maxGapMs = 0;
    uint64_t partial = 0, died = 0, late = 0, deferred = 0, audioUnderruns = 0;
    double renderUsMean = 0;
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
// The audio ring holds this many frames of samples before playback starts (a typical SDL
// buffer); playback catching up with the newest sample is an underrun.
constexpr double kAudioRingFrames = 2;

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
                double emulationUs) {
    Result r;
    std::vector<double> intervals;
    double start = host.now(), deadline = start, lastPresent = -1, renderSum = 0;
    double audioStart = start + kAudioRingFrames * frameUs, audioGaps = 0;
    uint64_t presented = 0;
    for (long f = 0; f < frames; ++f) {
        gpu.markEmulationStart();
        if (emulationUs > 0) host.emulate(emulationUs);
        frame();
        double now = host.now();
        const gpu::FrameStats& s = gpu.lastFrameStats();
        r.partial += s.decision == gpu::FrameDecision::Partial;
        r.died += s.recordsDied;
        r.late += s.recordsExecutedLate;
        r.deferred += s.recordsDeferred;
        renderSum += s.renderUs;
        if (gpu.framePresented()) {
            if (lastPresent >= 0) intervals.push_back((now - lastPresent) / 1000.0);
            lastPresent = now;
            ++presented;
        }
        // The frame's samples arrive now; playback needed them from this point on.
        double needed = audioStart + double(f) * frameUs + audioGaps;
        if (now > needed) {
            ++r.audioUnderruns;
            audioGaps += now - needed;
        }
        deadline += frameUs;
        if (now < deadline)
            host.waitUntil(deadline);
        else if (now - deadline > 2 * frameUs)
            deadline = now; // far behind: like a real front end, stop trying to catch up
    }
    double wallUs = host.now() - start;
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
    gpu.setPacing(&pacing.evaluator(), [&host] { return host.now(); });
    return true;
}

} // namespace

int benchFrameskip(const Options& o) {
    const bool simulated = !o.realTime;
    const long frames = o.frames < 0 ? (simulated ? 300 : 120) : o.frames;
    const double slowdowns[] = {2, 4, 8, 16};
    const char* modes[] = {"off", "fixed:1", "fixed:2", "fixed:3", "fixed:4", "auto"};
    const double ntscFrameUs = 1e6 / 59.94;

    std::vector<std::string> programs, missing;
    if (!o.program.empty()) {
        programs.push_back(o.program);
    } else {
        for (const char* name : {"bench-gpu", "skipjack-demo"}) {
            if (assets::embeddedProgram(name).empty())
                missing.push_back(name);
            else
                programs.push_back(name);
        }
    }

    std::vector<Result> results;
    std::string error;
    for (double slowdown : slowdowns) {
        for (const char* mode : modes) {
            for (const std::string& program : programs) {
                core::System system;
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
                Result r = runPaced(
                    system.gpu(), host, [&] { system.runFrame(); }, frames, ntscFrameUs,
                    simulated ? kEmulationUs : 0);
                r.workload = program, r.mode = mode, r.slowdown = slowdown;
                results.push_back(r);
            }
            for (bool swapBefore : {false, true}) {
                SyntheticScene scene;
                scene.swapBefore = swapBefore;
                scene.setup();
                BenchHost host(scene.gpu, simulated, slowdown);
                PacingSession pacing;
                if (!startPacing(pacing, scene.gpu, host, mode, slowdown, error)) {
                    std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
                    return kExitBadInput;
                }
                Result r = runPaced(
                    scene.gpu, host, [&] { scene.frame(); }, frames, ntscFrameUs, kEmulationUs);
                r.workload = swapBefore ? "synthetic-swap-before" : "synthetic-swap-after";
                r.mode = mode, r.slowdown = slowdown;
                results.push_back(r);
            }
        }
    }

    std::printf("{\"benchmark\":\"frameskip\",\"host\":\"%s\",\"frames\":%ld,"
                "\"missing_programs\":[",
                simulated ? "simulated" : "real-time", frames);
    for (size_t i = 0; i < missing.size(); ++i)
        std::printf("%s\"%s\"", i ? "," : "", missing[i].c_str());
    std::printf("],\"results\":[\n");
    for (size_t i = 0; i < results.size(); ++i) {
        const Result& r = results[i];
        std::printf(
            "{\"workload\":\"%s\",\"host_slowdown\":%g,\"mode\":\"%s\","
            "\"speed_percent\":%.1f,\"presented_fps\":%.2f,\"interval_mean_ms\":%.2f,"
            "\"interval_p50_ms\":%.2f,\"interval_p99_ms\":%.2f,\"longest_gap_ms\":%.2f,"
            "\"audio_underruns\":%llu,\"partial_frames\":%llu,\"records_deferred\":%llu,"
            "\"records_died\":%llu,\"records_executed_late\":%llu,"
            "\"render_us_mean\":%.0f}%s\n",
            r.workload.c_str(), r.slowdown, r.mode.c_str(), r.speedPercent, r.presentedFps,
            r.meanMs, r.p50Ms, r.p99Ms, r.maxGapMs,
            static_cast<unsigned long long>(r.audioUnderruns),
            static_cast<unsigned long long>(r.partial), static_cast<unsigned long long>(r.deferred),
            static_cast<unsigned long long>(r.died), static_cast<unsigned long long>(r.late),
            r.renderUsMean, i + 1 < results.size() ? "," : "");
    }
    std::printf("]}\n");
    return kExitOk;
}

} // namespace cli
