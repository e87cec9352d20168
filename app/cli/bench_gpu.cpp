// `skipjack-cli bench gpu`: rendering throughput on a GPU-heavy program, as JSON. Host time is
// split into rendering (the GPU executing its cached records: at vblank, before VRAM
// read-backs, on cache flushes; timed through gpu::RenderObserver) and emulation (the rest).
#include <chrono>
#include <cstdio>

#include "app/cli/common.h"
#include "core/system.h"
#include "gpu/gpu.h"

namespace cli {

namespace {
class RenderClock : public gpu::RenderObserver {
  public:
    void renderBegin() override {
        if (depth_++ == 0) start_ = std::chrono::steady_clock::now();
    }
    void renderEnd() override {
        if (--depth_ == 0) total_ += std::chrono::steady_clock::now() - start_;
    }
    double seconds() const { return std::chrono::duration<double>(total_).count(); }

  private:
    int depth_ = 0;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::duration total_{};
};
} // namespace

int benchGpuCommand(const Options& o) {
    constexpr double kCpuHz = 33868800.0;
    core::System system;
    if (!prepareSystem(system, o, o.program, "bench-gpu")) return kExitBadInput;
    long frames = o.frames < 0 ? 600 : o.frames;
    RenderClock clock;
    gpu::Gpu& g = system.gpu();
    g.setRenderObserver(&clock);
    g.frameCommands().resetCounters();
    uint64_t start = system.scheduler().now();
    auto t0 = std::chrono::steady_clock::now();
    long ran = 0;
    for (; ran < frames && !system.exited(); ++ran)
        system.runFrame();
    auto t1 = std::chrono::steady_clock::now();
    g.setRenderObserver(nullptr);
    const gpu::FrameCommands::Counters& c = g.frameCommands().counters();
    uint64_t cycles = system.scheduler().now() - start;
    double secs = std::chrono::duration<double>(t1 - t0).count();
    double render = clock.seconds();
    double emulation = secs - render;
    auto per = [](double n, double s) { return s > 0 ? n / s : 0.0; };
    double pixels = static_cast<double>(c.pixelsDrawn);
    std::printf("{\"benchmark\":\"gpu\",\"frames\":%ld,\"emulated_cycles\":%llu,"
                "\"host_seconds\":%.6f,\"frames_per_second\":%.2f,\"speed\":%.3f,"
                "\"pixels_drawn\":%llu,\"records_executed\":%llu,\"pixels_per_second\":%.0f,"
                "\"pixels_per_render_second\":%.0f,\"emulation_seconds\":%.6f,"
                "\"render_seconds\":%.6f,\"render_fraction\":%.3f,"
                "\"emulation_ms_per_frame\":%.3f,\"render_ms_per_frame\":%.3f}\n",
                ran, static_cast<unsigned long long>(cycles), secs, per(double(ran), secs),
                per(static_cast<double>(cycles), secs) / kCpuHz,
                static_cast<unsigned long long>(c.pixelsDrawn),
                static_cast<unsigned long long>(c.recordsExecuted), per(pixels, secs),
                per(pixels, render), emulation, render, per(render, secs),
                per(emulation * 1000.0, double(ran)), per(render * 1000.0, double(ran)));
    return kExitOk;
}

} // namespace cli
