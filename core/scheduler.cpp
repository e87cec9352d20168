#include "core/scheduler.h"

namespace core {

Scheduler::Handle Scheduler::add(std::string_view name, Callback callback) {
    events_.push_back(Event{std::string(name), std::move(callback)});
    return static_cast<Handle>(events_.size() - 1);
}

void Scheduler::reset() {
    for (auto& e : events_)
        e.pending = false;
    now_ = 0;
    orderCounter_ = 0;
    next_ = UINT64_MAX;
}

void Scheduler::recomputeNext() {
    Cycles next = UINT64_MAX;
    for (const auto& e : events_)
        if (e.pending && e.when < next) next = e.when;
    next_ = next;
}

void Scheduler::schedule(Handle h, Cycles when, uint32_t payload) {
    Event& e = events_[h];
    e.when = when;
    e.payload = payload;
    e.order = orderCounter_++;
    e.pending = true;
    if (when < next_)
        next_ = when;
    else
        recomputeNext();
}

void Scheduler::cancel(Handle h) {
    if (!events_[h].pending) return;
    events_[h].pending = false;
    recomputeNext();
}

void Scheduler::runDue() {
    while (next_ <= now_) {
        Event* first = nullptr;
        for (auto& e : events_) {
            if (!e.pending || e.when > now_) continue;
            if (!first || e.when < first->when || (e.when == first->when && e.order < first->order))
                first = &e;
        }
        if (!first) {
            recomputeNext();
            break;
        }
        first->pending = false;
        Cycles late = now_ - first->when;
        uint32_t payload = first->payload;
        recomputeNext();
        first->callback(late, payload);
    }
}

void Scheduler::serialize(savestate::StateIO& io) {
    io.beginSection("scheduler", 1);
    io.value(now_);
    io.value(orderCounter_);
    uint32_t count = 0;
    for (const auto& e : events_)
        count += e.pending ? 1 : 0;
    io.value(count);
    if (io.reading()) {
        for (auto& e : events_)
            e.pending = false;
        for (uint32_t i = 0; i < count && io.ok(); ++i) {
            std::string name;
            Cycles when = 0;
            uint64_t order = 0;
            uint32_t payload = 0;
            io.string(name);
            io.value(when);
            io.value(order);
            io.value(payload);
            bool found = false;
            for (auto& e : events_) {
                if (e.name != name) continue;
                e.when = when, e.order = order, e.payload = payload, e.pending = true;
                found = true;
            }
            if (!found && io.ok()) io.fail("state names an unknown event '" + name + "'");
        }
        recomputeNext();
    } else {
        for (auto& e : events_) {
            if (!e.pending) continue;
            io.string(e.name);
            io.value(e.when);
            io.value(e.order);
            io.value(e.payload);
        }
    }
    io.endSection();
}

} // namespace core
