#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/scheduler.h"

using core::Cycles;
using core::Scheduler;

namespace {

// "<who><payload>@<late>" (snprintf: GCC 12 warns falsely on chained std::string additions).
std::string entry(const std::string& who, uint32_t payload, Cycles late) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%u@%llu", who.c_str(), payload,
                  static_cast<unsigned long long>(late));
    return buf;
}

// One context for every test event: each fire appends "<name><payload>@<late>".
struct Log {
    Scheduler* s = nullptr;
    std::vector<std::string> fired;
    struct Slot {
        Log* log;
        char name;
    };
    std::vector<Slot> slots = std::vector<Slot>(64);

    static void fire(void* ctx, Cycles late, uint32_t payload) {
        auto* slot = static_cast<Slot*>(ctx);
        slot->log->fired.push_back(entry(std::string(1, slot->name), payload, late));
    }
    Scheduler::Handle add(Scheduler& sched, char name) {
        size_t i = static_cast<size_t>(name - 'a');
        slots[i] = Slot{this, name};
        return sched.add(std::string(1, name), &Log::fire, &slots[i]);
    }
};

void runUntil(Scheduler& s, Cycles t) {
    while (s.nextDue() <= t) {
        s.advance(s.nextDue() > s.now() ? s.nextDue() - s.now() : 0);
        s.runDue();
    }
    if (t > s.now()) s.advance(t - s.now());
}

} // namespace

TEST_CASE("scheduler fires events in time order - ties in scheduling order", "[scheduler]") {
    Scheduler s;
    Log log;
    auto a = log.add(s, 'a');
    auto b = log.add(s, 'b');
    auto c = log.add(s, 'c');
    s.schedule(c, 100, 1);
    s.schedule(a, 50, 2);
    s.schedule(b, 100, 3); // same time as c, scheduled later: fires after c
    CHECK(s.nextDue() == 50);
    s.advance(49);
    s.runDue();
    CHECK(log.fired.empty());
    s.advance(60);
    s.runDue();
    CHECK(log.fired == std::vector<std::string>{"a2@59", "c1@9", "b3@9"});
    CHECK(s.nextDue() == UINT64_MAX);
}

TEST_CASE("scheduler tells an event how late it runs", "[scheduler]") {
    Scheduler s;
    Log log;
    auto e = log.add(s, 'e');
    s.schedule(e, 10);
    s.advance(17);
    s.runDue();
    CHECK(log.fired == std::vector<std::string>{"e0@7"});
}

namespace {
struct Periodic {
    Scheduler* s;
    Scheduler::Handle self = 0;
    int fired = 0;
    void onFire(Cycles late, uint32_t n) {
        ++fired;
        if (n > 0) s->schedule(self, s->now() - late + 10, n - 1); // periodic without drift
    }
};
} // namespace

TEST_CASE("rescheduling replaces - cancelling removes - events may schedule events",
          "[scheduler]") {
    Scheduler s;
    Periodic p{&s};
    p.self = s.add<&Periodic::onFire>("again", &p);
    Log log;
    auto other = log.add(s, 'o');
    s.schedule(other, 5);
    s.cancel(other);
    s.schedule(p.self, 100, 0);
    s.schedule(p.self, 10, 3); // replaces the one at 100
    CHECK(s.pending(p.self));
    s.advance(45);
    s.runDue();
    CHECK(p.fired == 4); // 10, 20, 30, 40
    CHECK_FALSE(s.pending(p.self));
    CHECK_FALSE(s.pending(other));
    CHECK(log.fired.empty()); // the cancelled event never fired
}

TEST_CASE("a rescheduled event goes behind events already due at its new time", "[scheduler]") {
    // DESIGN.md §5: ties fire in scheduling order; moving an event counts as scheduling it anew.
    Scheduler s;
    Log log;
    auto a = log.add(s, 'a');
    auto b = log.add(s, 'b');
    s.schedule(a, 20);
    s.schedule(b, 20);
    s.schedule(a, 20, 7); // same time again: now after b
    runUntil(s, 20);
    CHECK(log.fired == std::vector<std::string>{"b0@0", "a7@0"});
}

TEST_CASE("scheduler state saves events by name and restores them", "[scheduler]") {
    Scheduler s1, s2;
    Log log1, log2;
    auto x1 = log1.add(s1, 'x');
    log1.add(s1, 'y');
    // The second scheduler registers in another order: names, not handles, must match.
    log2.add(s2, 'y');
    auto x2 = log2.add(s2, 'x');
    s1.advance(5);
    s1.schedule(x1, 30, 42);
    savestate::StateIO w = savestate::StateIO::writer();
    s1.serialize(w);
    savestate::StateIO r = savestate::StateIO::reader(w.buffer());
    s2.serialize(r);
    REQUIRE(r.ok());
    CHECK(s2.now() == 5);
    CHECK(s2.pending(x2));
    CHECK(s2.dueTime(x2) == 30);
    s2.advance(27);
    s2.runDue();
    CHECK(log2.fired == std::vector<std::string>{"x42@2"});
    CHECK(log1.fired.empty());
}

TEST_CASE("a state naming an unknown event is refused", "[scheduler]") {
    Scheduler s1, s2;
    Log log1, log2;
    auto z = log1.add(s1, 'z');
    s1.schedule(z, 10);
    savestate::StateIO w = savestate::StateIO::writer();
    s1.serialize(w);
    log2.add(s2, 'q');
    savestate::StateIO r = savestate::StateIO::reader(w.buffer());
    s2.serialize(r);
    CHECK_FALSE(r.ok());
}

namespace {
// The rule the heap must follow, written the obvious way: the earliest (time, order) first.
struct ModelScheduler {
    struct E {
        Cycles when = 0;
        uint64_t order = 0;
        uint32_t payload = 0;
        bool pending = false;
    };
    std::vector<E> events;
    uint64_t counter = 0;
    Cycles now = 0;
    void schedule(size_t h, Cycles when, uint32_t payload) {
        events[h] = E{when, counter++, payload, true};
    }
    void cancel(size_t h) { events[h].pending = false; }
    Cycles nextDue() const {
        Cycles next = UINT64_MAX;
        for (const auto& e : events)
            if (e.pending) next = std::min(next, e.when);
        return next;
    }
    // Fires what is due at `now`, in order; returns "<handle>:<payload>@<late>" per fire.
    std::vector<std::string> runDue() {
        std::vector<std::string> out;
        for (;;) {
            E* first = nullptr;
            size_t index = 0;
            for (size_t i = 0; i < events.size(); ++i) {
                E& e = events[i];
                if (!e.pending || e.when > now) continue;
                if (!first || e.when < first->when ||
                    (e.when == first->when && e.order < first->order))
                    first = &e, index = i;
            }
            if (!first) return out;
            first->pending = false;
            out.push_back(entry(std::to_string(index) + ":", first->payload, now - first->when));
        }
    }
};

struct Recorder {
    std::vector<std::string>* out;
    size_t index;
    static void fire(void* ctx, Cycles late, uint32_t payload) {
        auto* r = static_cast<Recorder*>(ctx);
        r->out->push_back(entry(std::to_string(r->index) + ":", payload, late));
    }
};
} // namespace

TEST_CASE("the heap fires exactly what a linear scan would, through random schedules, "
          "cancels, saves and loads",
          "[scheduler]") {
    for (uint32_t seed = 1; seed <= 20; ++seed) {
        constexpr size_t kEvents = 40;
        Scheduler s;
        ModelScheduler model;
        model.events.resize(kEvents);
        std::vector<std::string> fired;
        std::vector<Recorder> recorders(kEvents);
        for (size_t i = 0; i < kEvents; ++i) {
            recorders[i] = Recorder{&fired, i};
            s.add(entry("e", uint32_t(i), 0), &Recorder::fire, &recorders[i]);
        }
        uint32_t rng = seed;
        auto next = [&] { return rng = rng * 1103515245u + 12345u, rng >> 8; };
        for (int step = 0; step < 4000; ++step) {
            uint32_t op = next() % 10;
            auto h = static_cast<Scheduler::Handle>(next() % kEvents);
            if (op < 6) {
                // Few distinct times, so ties are common.
                Cycles when = s.now() + next() % 8 * 16;
                uint32_t payload = next() % 1000;
                s.schedule(h, when, payload);
                model.schedule(h, when, payload);
            } else if (op < 7) {
                s.cancel(h);
                model.cancel(h);
            } else if (op < 9) {
                Cycles delta = next() % 64;
                s.advance(delta);
                model.now += delta;
                fired.clear();
                s.runDue();
                REQUIRE(fired == model.runDue());
            } else {
                // Save and load into a fresh scheduler: the same future.
                savestate::StateIO w = savestate::StateIO::writer();
                s.serialize(w);
                Scheduler copy;
                std::vector<std::string> copyFired;
                std::vector<Recorder> copyRecorders(kEvents);
                for (size_t i = 0; i < kEvents; ++i) {
                    copyRecorders[i] = Recorder{&copyFired, i};
                    copy.add(entry("e", uint32_t(i), 0), &Recorder::fire, &copyRecorders[i]);
                }
                savestate::StateIO r = savestate::StateIO::reader(w.buffer());
                copy.serialize(r);
                REQUIRE(r.ok());
                savestate::StateIO again = savestate::StateIO::writer();
                copy.serialize(again);
                REQUIRE(again.buffer() == w.buffer());
                Cycles far = 200;
                s.advance(far), copy.advance(far);
                fired.clear();
                s.runDue();
                copy.runDue();
                REQUIRE(copyFired == fired);
                model.now += far;
                REQUIRE(fired == model.runDue());
            }
            REQUIRE(s.nextDue() == model.nextDue());
            for (size_t i = 0; i < kEvents; ++i)
                REQUIRE(s.pending(static_cast<Scheduler::Handle>(i)) == model.events[i].pending);
        }
    }
}
