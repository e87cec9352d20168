#include "core/scheduler.h"

namespace core {

Scheduler::Handle Scheduler::add(std::string_view name, Callback callback, void* context) {
    Event e;
    e.name = std::string(name);
    e.callback = callback;
    e.context = context;
    events_.push_back(std::move(e));
    return static_cast<Handle>(events_.size() - 1);
}

void Scheduler::reset() {
    for (auto& e : events_)
        e.heapIndex = kNotPending;
    heap_.clear();
    now_ = 0;
    orderCounter_ = 0;
    next_ = UINT64_MAX;
}

void Scheduler::siftUp(uint32_t index) {
    Entry entry = heap_[index];
    while (index > 0) {
        uint32_t parent = (index - 1) / 2;
        if (!earlier(entry, heap_[parent])) break;
        place(index, heap_[parent]);
        index = parent;
    }
    place(index, entry);
}

void Scheduler::siftDown(uint32_t index) {
    Entry entry = heap_[index];
    uint32_t size = static_cast<uint32_t>(heap_.size());
    for (;;) {
        uint32_t child = 2 * index + 1;
        if (child >= size) break;
        if (child + 1 < size && earlier(heap_[child + 1], heap_[child])) ++child;
        if (!earlier(heap_[child], entry)) break;
        place(index, heap_[child]);
        index = child;
    }
    place(index, entry);
}

void Scheduler::removeAt(uint32_t index) {
    events_[heap_[index].handle].heapIndex = kNotPending;
    Entry last = heap_.back();
    heap_.pop_back();
    if (index == heap_.size()) return;
    place(index, last);
    siftDown(index);
    siftUp(events_[last.handle].heapIndex);
}

// Puts event h (its when/order already set) into the heap, or moves it to its new place.
void Scheduler::insert(Handle h) {
    Event& e = events_[h];
    Entry entry{e.when, e.order, h};
    if (e.heapIndex == kNotPending) {
        heap_.push_back(entry);
        e.heapIndex = static_cast<uint32_t>(heap_.size() - 1);
    } else {
        heap_[e.heapIndex] = entry;
        siftDown(e.heapIndex); // a later time moves it down...
    }
    siftUp(e.heapIndex); // ...an earlier one up (at most one of the two moves it)
}

void Scheduler::schedule(Handle h, Cycles when, uint32_t payload) {
    Event& e = events_[h];
    e.when = when;
    e.payload = payload;
    e.order = orderCounter_++;
    insert(h);
    updateNext();
}

void Scheduler::cancel(Handle h) {
    if (events_[h].heapIndex == kNotPending) return;
    removeAt(events_[h].heapIndex);
    updateNext();
}

void Scheduler::runDue() {
    while (next_ <= now_) {
        Handle h = heap_[0].handle;
        removeAt(0);
        updateNext();
        const Event& e = events_[h];
        // The callback may add events (growing events_): take what it needs first.
        Callback callback = e.callback;
        void* context = e.context;
        uint32_t payload = e.payload;
        callback(context, now_ - e.when, payload);
    }
}

void Scheduler::serialize(savestate::StateIO& io) {
    io.beginSection("scheduler", 1);
    io.value(now_);
    io.value(orderCounter_);
    uint32_t count = static_cast<uint32_t>(heap_.size());
    io.value(count);
    if (io.reading()) {
        for (auto& e : events_)
            e.heapIndex = kNotPending;
        heap_.clear();
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
            for (Handle h = 0; h < events_.size(); ++h) {
                Event& e = events_[h];
                if (e.name != name) continue;
                e.when = when, e.order = order, e.payload = payload;
                insert(h);
                found = true;
            }
            if (!found && io.ok()) io.fail("state names an unknown event '" + name + "'");
        }
        updateNext();
    } else {
        // In registration order (not heap order), so equal machines write equal bytes.
        for (auto& e : events_) {
            if (e.heapIndex == kNotPending) continue;
            io.string(e.name);
            io.value(e.when);
            io.value(e.order);
            io.value(e.payload);
        }
    }
    io.endSection();
}

} // namespace core
