#pragma once
// Cycle-timed events (DESIGN.md §5): named, saved by name, integer payloads, fired in time
// order with ties in scheduling order, and told how late they run.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "savestate/state_io.h"

namespace core {

using Cycles = uint64_t;
constexpr Cycles kCpuClockHz = 33868800;

class Scheduler {
  public:
    using Handle = uint32_t;
    // `late` is how many cycles after its due time the event fired.
    using Callback = std::function<void(Cycles late, uint32_t payload)>;

    // Registered once, when a device is built; the name is what a savestate stores.
    Handle add(std::string_view name, Callback callback);

    void reset();
    void schedule(Handle h, Cycles when, uint32_t payload = 0);
    void scheduleIn(Handle h, Cycles delta, uint32_t payload = 0) {
        schedule(h, now_ + delta, payload);
    }
    void cancel(Handle h);
    bool pending(Handle h) const { return events_[h].pending; }
    Cycles dueTime(Handle h) const { return events_[h].when; }

    Cycles now() const { return now_; }
    void advance(Cycles delta) { now_ += delta; }
    Cycles* nowPtr() { return &now_; }
    // Earliest pending event time (UINT64_MAX when none). The CPU runs until now() reaches it.
    Cycles nextDue() const { return next_; }
    // Fires every event whose time has come, in order (an event may schedule more).
    void runDue();

    void serialize(savestate::StateIO& io);

  private:
    struct Event {
        std::string name;
        Callback callback;
        Cycles when = 0;
        uint64_t order = 0;
        uint32_t payload = 0;
        bool pending = false;
    };
    void recomputeNext();

    std::vector<Event> events_;
    Cycles now_ = 0;
    Cycles next_ = UINT64_MAX;
    uint64_t orderCounter_ = 0;
};

} // namespace core
