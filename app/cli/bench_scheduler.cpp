// `skipjack-cli bench scheduler`: the cost of one schedule + fire with few and with many pending
// events, as JSON. Each event reschedules itself a pseudo-random distance ahead when it fires,
// so the number of pending events stays constant while the loop runs.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "app/cli/common.h"
#include "core/scheduler.h"

namespace cli {

namespace {

struct Workload {
    core::Scheduler scheduler;
    std::vector<core::Scheduler::Handle> handles;
    uint32_t rng = 0x12345678;
    uint64_t fired = 0;

    uint32_t nextDelay() {
        rng = rng * 1664525u + 1013904223u; // LCG: the same sequence every run
        return 1 + (rng >> 22);             // 1..1024 cycles ahead
    }
    static void onFire(void* ctx, core::Cycles, uint32_t index) {
        auto* w = static_cast<Workload*>(ctx);
        ++w->fired;
        w->scheduler.scheduleIn(w->handles[index], w->nextDelay(), index);
    }
};

// Nanoseconds per schedule+fire with `pending` events live.
double measure(unsigned pending, uint64_t fires) {
    Workload w;
    for (unsigned i = 0; i < pending; ++i)
        w.handles.push_back(w.scheduler.add("bench." + std::to_string(i), &Workload::onFire, &w));
    for (unsigned i = 0; i < pending; ++i)
        w.scheduler.scheduleIn(w.handles[i], w.nextDelay(), i);
    auto t0 = std::chrono::steady_clock::now();
    while (w.fired < fires) {
        w.scheduler.advance(w.scheduler.nextDue() - w.scheduler.now());
        w.scheduler.runDue();
    }
    auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::nano>(t1 - t0).count() / double(w.fired);
}

} // namespace

int benchSchedulerCommand(const Options& o) {
    uint64_t fires = o.frames > 0 ? uint64_t(o.frames) * 10000 : 4'000'000;
    std::printf("{\"benchmark\":\"scheduler\",\"fires\":%llu",
                static_cast<unsigned long long>(fires));
    for (unsigned pending : {4u, 40u})
        std::printf(",\"ns_per_schedule_fire_%u_pending\":%.2f", pending, measure(pending, fires));
    std::printf("}\n");
    return kExitOk;
}

} // namespace cli
