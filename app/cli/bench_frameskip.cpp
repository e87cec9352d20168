// `skipjack-cli bench frameskip`: what frame skipping buys on a slow host. For each host
// slowdown and frame-skip mode, a workload runs in real time (the loop sleeps when it is ahead
// of the emulated clock) and we measure the emulated speed, the presented frames per second
// and the intervals between presented frames. Prints JSON.
//
// Workloads: the built-in GPU benchmark and demo programs when they are in this build (or
// --program FILE), and two synthetic double-buffered scenes fed straight into a GPU, with the
// display switched to the new buffer at the start of the next frame ("swap-after", the usual
// PsyQ loop) or as soon as drawing ends ("swap-before").
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
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
    double speedPercent = 0, presentedFps = 0, p50Ms = 0, p99Ms = 0;
    uint64_t partial = 0, died = 0, late = 0, deferred = 0;
    double renderUsMean = 0;
};

// One frame of a workload: emulate up to (and including) the vblank.
using FrameFn = std::function<void()>;

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

Result runRealTime(gpu::Gpu& gpu, const FrameFn& frame, long frames, double frameUs) {
    Result r;
    std::vector<double> intervals;
    double start = hostMicros(), deadline = start, lastPresent = -1, renderSum = 0;
    for (long f = 0; f < frames; ++f) {
        gpu.markEmulationStart();
        frame();
        double now = hostMicros();
        const gpu::FrameStats& s = gpu.lastFrameStats();
        r.partial += s.decision == gpu::FrameDecision::Partial;
        r.died += s.recordsDied;
        r.late += s.recordsExecutedLate;
        r.deferred += s.recordsDeferred;
        renderSum += s.renderUs;
        if (gpu.framePresented()) {
            if (lastPresent >= 0) intervals.push_back((now - lastPresent) / 1000.0);
            lastPresent = now;
            ++r.presentedFps; // counted here, divided by the wall time below
        }
        deadline += frameUs;
        if (now < deadline)
            std::this_thread::sleep_for(std::chrono::duration<double, std::micro>(deadline - now));
        else if (now - deadline > 2 * frameUs)
            deadline = now; // far behind: like a real front end, stop trying to catch up
    }
    double wallUs = hostMicros() - start;
    r.frames = frames;
    r.speedPercent = 100.0 * double(frames) * frameUs / wallUs;
    r.presentedFps = r.presentedFps / (wallUs / 1e6);
    r.p50Ms = percentile(intervals, 0.5);
    r.p99Ms = percentile(intervals, 0.99);
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

// Busy host work standing for the CPU emulation of a frame (the GPU scene alone is cheap).
void spin(double us) {
    double until = hostMicros() + us;
    while (hostMicros() < until) {
    }
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

} // namespace

int benchFrameskip(const Options& o) {
    const long frames = o.frames < 0 ? 120 : o.frames;
    const double slowdowns[] = {1, 2, 4, 8};
    const char* modes[] = {"off", "fixed:1", "fixed:2", "fixed:3", "fixed:4", "auto"};
    const double ntscFrameUs = 1e6 / 59.94;
    constexpr double kSyntheticEmulationUs = 6000;

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
                PacingSession pacing;
                if (!pacing.start(system.gpu(), mode, slowdown, "", error)) {
                    std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
                    return kExitBadInput;
                }
                Result r = runRealTime(
                    system.gpu(), [&] { system.runFrame(); }, frames, ntscFrameUs);
                r.workload = program, r.mode = mode, r.slowdown = slowdown;
                results.push_back(r);
            }
            for (bool swapBefore : {false, true}) {
                SyntheticScene scene;
                scene.swapBefore = swapBefore;
                scene.setup();
                PacingSession pacing;
                if (!pacing.start(scene.gpu, mode, slowdown, "", error)) {
                    std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
                    return kExitBadInput;
                }
                Result r = runRealTime(
                    scene.gpu,
                    [&] {
                        spin(kSyntheticEmulationUs);
                        scene.frame();
                    },
                    frames, ntscFrameUs);
                r.workload = swapBefore ? "synthetic-swap-before" : "synthetic-swap-after";
                r.mode = mode, r.slowdown = slowdown;
                results.push_back(r);
            }
        }
    }

    std::printf("{\"benchmark\":\"frameskip\",\"frames\":%ld,\"missing_programs\":[", frames);
    for (size_t i = 0; i < missing.size(); ++i)
        std::printf("%s\"%s\"", i ? "," : "", missing[i].c_str());
    std::printf("],\"results\":[\n");
    for (size_t i = 0; i < results.size(); ++i) {
        const Result& r = results[i];
        std::printf("{\"workload\":\"%s\",\"host_slowdown\":%g,\"mode\":\"%s\","
                    "\"speed_percent\":%.1f,\"presented_fps\":%.2f,\"interval_p50_ms\":%.2f,"
                    "\"interval_p99_ms\":%.2f,\"partial_frames\":%llu,\"records_deferred\":%llu,"
                    "\"records_died\":%llu,\"records_executed_late\":%llu,"
                    "\"render_us_mean\":%.0f}%s\n",
                    r.workload.c_str(), r.slowdown, r.mode.c_str(), r.speedPercent, r.presentedFps,
                    r.p50Ms, r.p99Ms, static_cast<unsigned long long>(r.partial),
                    static_cast<unsigned long long>(r.deferred),
                    static_cast<unsigned long long>(r.died),
                    static_cast<unsigned long long>(r.late), r.renderUsMean,
                    i + 1 < results.size() ? "," : "");
    }
    std::printf("]}\n");
    return kExitOk;
}

} // namespace cli
