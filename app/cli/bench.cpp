// `skipjack-cli bench cpu`: emulation speed on a CPU-bound program, as JSON (bench gpu:
// bench_gpu.cpp).
#include <chrono>
#include <cstdio>

#include "app/cli/common.h"
#include "app/cli/pacing.h"
#include "app/cli/savestate_cli.h"
#include "core/cpu/cpu.h"
#include "core/cpu/recompiler.h"
#include "core/system.h"
#include "gpu/gpu.h"

namespace cli {

namespace {

int benchCpuCommand(const Options& o);

// --matrix: the same benchmark under every CPU engine and render-thread setting, one JSON
// object each in an array, so the figures come from one process on one machine state
// (issue 16 item 4). Engines this build lacks are left out.
int benchMatrix(const Options& o) {
    std::printf("[");
    bool first = true;
    for (bool recompiler : {false, true}) {
        if (recompiler && !core::Cpu::recompilerAvailable()) continue;
        for (bool thread : {false, true}) {
            Options one = o;
            one.matrix = false;
            one.recompiler = recompiler;
            one.renderThread = thread;
            if (!first) std::printf(",");
            first = false;
            std::fflush(stdout);
            const int rc = o.benchKind == "gpu" ? benchGpuCommand(one) : benchCpuCommand(one);
            if (rc != kExitOk) return rc;
        }
    }
    std::printf("]\n");
    return kExitOk;
}

} // namespace

int benchCommand(const Options& o) {
    if (o.matrix) return benchMatrix(o);
    if (o.benchKind == "savestate") return benchSavestateCommand(o);
    if (o.benchKind == "frameskip") return benchFrameskip(o);
    if (o.benchKind == "gpu") return benchGpuCommand(o);
    if (o.benchKind == "scheduler") return benchSchedulerCommand(o);
    if (o.benchKind == "spu") return benchSpuCommand(o);
    if (o.benchKind == "mdec") return benchMdecCommand(o);
    return benchCpuCommand(o);
}

namespace {

int benchCpuCommand(const Options& o) {
    constexpr double kCpuHz = 33868800.0;
    core::System system;
    if (!prepareSystem(system, o, o.program, "bench-cpu")) return kExitBadInput;
    long frames = o.frames < 0 ? 600 : o.frames;
    uint64_t start = system.scheduler().now();
    auto t0 = std::chrono::steady_clock::now();
    long ran = 0;
    for (; ran < frames && !system.exited(); ++ran)
        system.runFrame();
    auto t1 = std::chrono::steady_clock::now();
    uint64_t cycles = system.scheduler().now() - start;
    double secs = std::chrono::duration<double>(t1 - t0).count();
    double cps = secs > 0 ? static_cast<double>(cycles) / secs : 0.0;
    std::printf("{\"benchmark\":\"cpu\",\"cpu\":\"%s\",\"render_thread\":%s,\"frames\":%ld,"
                "\"emulated_cycles\":%llu,"
                "\"host_seconds\":%.6f,\"cycles_per_second\":%.0f,\"speed\":%.3f",
                o.recompiler ? "recompiler" : "interpreter",
                system.gpu().renderThread() ? "true" : "false", ran,
                static_cast<unsigned long long>(cycles), secs, cps, cps / kCpuHz);
    if (const core::Recompiler* rec = system.cpu().recompiler()) {
        const auto& st = rec->stats();
        std::printf(",\"instructions\":%llu,\"blocks_compiled\":%llu,\"block_runs\":%llu,"
                    "\"interpreter_steps\":%llu,\"flushes\":%llu",
                    static_cast<unsigned long long>(system.cpu().instructionCount()),
                    static_cast<unsigned long long>(st.compiled),
                    static_cast<unsigned long long>(st.blockRuns),
                    static_cast<unsigned long long>(st.steps),
                    static_cast<unsigned long long>(st.flushes));
    }
    std::printf("}\n");
    return kExitOk;
}

} // namespace

} // namespace cli
