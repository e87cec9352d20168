#pragma once
// Helpers for device tests: drive the scheduler without a CPU.
#include <algorithm>

#include "core/scheduler.h"

namespace testutil {

// Advances emulated time to `t`, firing every event on the way at its due time.
inline void runUntil(core::Scheduler& s, core::Cycles t) {
    s.runDue();
    while (s.now() < t) {
        core::Cycles next = std::min(t, s.nextDue());
        if (next > s.now()) s.advance(next - s.now());
        s.runDue();
    }
}
inline void runFor(core::Scheduler& s, core::Cycles d) {
    runUntil(s, s.now() + d);
}

} // namespace testutil
