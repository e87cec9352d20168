// `skipjack-cli bench gpu`: rendering throughput on a GPU-heavy program, as JSON. Host time is
// split into rendering (the GPU executing its cached records, as the frame pacer measures it
// in every frame's stats, with frame skipping off) and emulation (the rest). With
// --render-thread on, rendering runs on the worker thread (the same measure, taken there) and
// overlaps emulation: emulation time is then the emulation thread's whole run (its waits for
// the worker included), and render_fraction can pass 1 - emulation_seconds / host_seconds.
#include <chrono>
#include <cstdio>

#include "app/cli/common.h"
#include "app/cli/pacing.h"
#include "core/system.h"
#include "gpu/gpu.h"
#include "gpu/pacing_evaluator.h"
#include "gpu/rasterizer_isa.h"

namespace cli {

int benchGpuCommand(const Options& o) {
    constexpr double kCpuHz = 33868800.0;
    core::System system;
    if (!prepareSystem(system, o, o.program, "bench-gpu")) return kExitBadInput;
    long frames = o.frames < 0 ? 600 : o.frames;
    gpu::Gpu& g = system.gpu();
    gpu::PacingEvaluator off; // mode off: every frame rendered in full, but timed
    g.setPacing(&off, hostMicros);
    g.frameCommands().resetCounters();
    double renderUs = 0;
    uint64_t start = system.scheduler().now();
    auto t0 = std::chrono::steady_clock::now();
    long ran = 0;
    const bool threaded = g.renderThread();
    for (; ran < frames && !system.exited(); ++ran) {
        system.runFrame();
        // Reading the stats would wait for the worker every frame: its total is read after.
        if (!threaded) renderUs += g.lastFrameStats().renderUs;
    }
    g.syncRender(); // the last frames' rendering belongs to the run
    auto t1 = std::chrono::steady_clock::now();
    if (threaded) renderUs = g.renderMicrosTotal();
    g.setPacing(nullptr, nullptr);
    const gpu::FrameCommands::Counters& c = g.frameCommands().counters();
    uint64_t cycles = system.scheduler().now() - start;
    double secs = std::chrono::duration<double>(t1 - t0).count();
    double render = renderUs / 1e6;
    double emulation = threaded ? secs : secs - render;
    auto per = [](double n, double s) { return s > 0 ? n / s : 0.0; };
    double pixels = static_cast<double>(c.pixelsDrawn);
    std::printf("{\"benchmark\":\"gpu\",\"cpu\":\"%s\",\"frames\":%ld,\"emulated_cycles\":%llu,"
                "\"host_seconds\":%.6f,\"frames_per_second\":%.2f,\"speed\":%.3f,"
                "\"pixels_drawn\":%llu,\"records_executed\":%llu,\"pixels_per_second\":%.0f,"
                "\"pixels_per_render_second\":%.0f,\"emulation_seconds\":%.6f,"
                "\"render_seconds\":%.6f,\"render_fraction\":%.3f,"
                "\"emulation_ms_per_frame\":%.3f,\"render_ms_per_frame\":%.3f,"
                "\"raster_isa\":\"%s\",\"render_thread\":%s}\n",
                o.recompiler ? "recompiler" : "interpreter", ran,
                static_cast<unsigned long long>(cycles), secs, per(double(ran), secs),
                per(static_cast<double>(cycles), secs) / kCpuHz,
                static_cast<unsigned long long>(c.pixelsDrawn),
                static_cast<unsigned long long>(c.recordsExecuted), per(pixels, secs),
                per(pixels, render), emulation, render, per(render, secs),
                per(emulation * 1000.0, double(ran)), per(render * 1000.0, double(ran)),
                gpu::rasterizerIsaName(gpu::rasterizerIsa()), threaded ? "true" : "false");
    return kExitOk;
}

} // namespace cli
