#pragma once
// Cycle-timed events (DESIGN.md §5): named, saved by name, integer payloads, fired in time
// order with ties in scheduling order, and told how late they run.
//
// Pending events live in a binary min-heap keyed on (due time, scheduling order), so a
// schedule, a cancel and a fire cost O(log n) whatever the number of devices; the earliest due
// time is cached for the CPU's run loop. Callbacks are plain function pointers with a context
// pointer (no allocation, no std::function), registered once when a device is built.
#include <cstdint>
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
    using Callback = void (*)(void* context, Cycles late, uint32_t payload);

    // Registered once, when a device is built; the name is what a savestate stores.
    Handle add(std::string_view name, Callback callback, void* context);
    // A member function as the callback: add<&Dma::onRunEvent>("dma.run", this).
    template <auto Method, class T> Handle add(std::string_view name, T* self) {
        return add(
            name,
            [](void* ctx, Cycles late, uint32_t payload) {
                (static_cast<T*>(ctx)->*Method)(late, payload);
            },
            self);
    }

    void reset();
    // Schedules (or moves) the event; a pending one is replaced and gets a new place among
    // events due at the same time.
    void schedule(Handle h, Cycles when, uint32_t payload = 0);
    void scheduleIn(Handle h, Cycles delta, uint32_t payload = 0) {
        schedule(h, now_ + delta, payload);
    }
    void cancel(Handle h);
    bool pending(Handle h) const { return events_[h].heapIndex != kNotPending; }
    Cycles dueTime(Handle h) const { return events_[h].when; }

    Cycles now() const { return now_; }
    void advance(Cycles delta) { now_ += delta; }
    Cycles* nowPtr() { return &now_; }
    // Earliest pending event time (UINT64_MAX when none). The CPU runs until now() reaches it.
    Cycles nextDue() const { return next_; }
    // Fires every event whose time has come, in order (an event may schedule more).
    void runDue();

    void serialize(savestate::StateIO& io);

    // Registered events, by handle (0 .. eventCount()-1): for device registries and tools.
    uint32_t eventCount() const { return static_cast<uint32_t>(events_.size()); }
    const std::string& eventName(Handle h) const { return events_[h].name; }

  private:
    static constexpr uint32_t kNotPending = UINT32_MAX;
    struct Event {
        std::string name;
        Callback callback = nullptr;
        void* context = nullptr;
        Cycles when = 0;
        uint64_t order = 0;
        uint32_t payload = 0;
        uint32_t heapIndex = kNotPending;
    };
    // The heap holds the sort key beside the handle, so sifting never leaves the heap array.
    struct Entry {
        Cycles when;
        uint64_t order;
        Handle handle;
    };
    static bool earlier(const Entry& x, const Entry& y) {
        return x.when < y.when || (x.when == y.when && x.order < y.order);
    }
    void place(uint32_t index, const Entry& entry) {
        heap_[index] = entry;
        events_[entry.handle].heapIndex = index;
    }
    void insert(Handle h);
    void siftUp(uint32_t index);
    void siftDown(uint32_t index);
    void removeAt(uint32_t index);
    void updateNext() { next_ = heap_.empty() ? UINT64_MAX : heap_[0].when; }

    std::vector<Event> events_; // by handle
    std::vector<Entry> heap_;   // pending events, earliest first at [0]
    Cycles now_ = 0;
    Cycles next_ = UINT64_MAX;
    uint64_t orderCounter_ = 0;
};

} // namespace core
