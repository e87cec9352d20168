#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/scheduler.h"

using core::Cycles;

namespace {
std::string tag(char name, uint32_t payload) {
    std::string t(1, name);
    t += std::to_string(payload);
    return t;
}
} // namespace

using core::Scheduler;

TEST_CASE("scheduler fires events in time order - ties in scheduling order", "[scheduler]") {
    Scheduler s;
    std::vector<std::string> log;
    auto a = s.add("a", [&](Cycles, uint32_t p) { log.push_back(tag('a', p)); });
    auto b = s.add("b", [&](Cycles, uint32_t p) { log.push_back(tag('b', p)); });
    auto c = s.add("c", [&](Cycles, uint32_t p) { log.push_back(tag('c', p)); });
    s.schedule(c, 100, 1);
    s.schedule(a, 50, 2);
    s.schedule(b, 100, 3); // same time as c, scheduled later: fires after c
    CHECK(s.nextDue() == 50);
    s.advance(49);
    s.runDue();
    CHECK(log.empty());
    s.advance(60);
    s.runDue();
    CHECK(log == std::vector<std::string>{"a2", "c1", "b3"});
    CHECK(s.nextDue() == UINT64_MAX);
}

TEST_CASE("scheduler tells an event how late it runs", "[scheduler]") {
    Scheduler s;
    Cycles lateSeen = 999;
    auto e = s.add("e", [&](Cycles late, uint32_t) { lateSeen = late; });
    s.schedule(e, 10);
    s.advance(17);
    s.runDue();
    CHECK(lateSeen == 7);
}

TEST_CASE("rescheduling replaces - cancelling removes - events may schedule events",
          "[scheduler]") {
    Scheduler s;
    int fired = 0;
    Scheduler::Handle again = 0;
    again = s.add("again", [&](Cycles late, uint32_t n) {
        ++fired;
        if (n > 0) s.schedule(again, s.now() - late + 10, n - 1); // periodic without drift
    });
    auto other = s.add("other", [&](Cycles, uint32_t) { FAIL("cancelled event fired"); });
    s.schedule(other, 5);
    s.cancel(other);
    s.schedule(again, 100, 0);
    s.schedule(again, 10, 3); // replaces the one at 100
    CHECK(s.pending(again));
    s.advance(45);
    s.runDue();
    CHECK(fired == 4); // 10, 20, 30, 40
    CHECK_FALSE(s.pending(again));
    CHECK(s.pending(other) == false);
}

TEST_CASE("scheduler state saves events by name and restores them", "[scheduler]") {
    Scheduler s1, s2;
    std::vector<uint32_t> log;
    auto x1 = s1.add("x", [&](Cycles, uint32_t p) { log.push_back(p); });
    s1.add("y", [&](Cycles, uint32_t) {});
    // The second scheduler registers in another order: names, not handles, must match.
    auto y2 = s2.add("y", [&](Cycles, uint32_t) {});
    auto x2 = s2.add("x", [&](Cycles, uint32_t p) { log.push_back(p + 1000); });
    (void)y2;
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
    s2.advance(25);
    s2.runDue();
    CHECK(log == std::vector<uint32_t>{1042});
}

TEST_CASE("a state naming an unknown event is refused", "[scheduler]") {
    Scheduler s1, s2;
    auto z = s1.add("zzz", [](Cycles, uint32_t) {});
    s1.schedule(z, 10);
    savestate::StateIO w = savestate::StateIO::writer();
    s1.serialize(w);
    s2.add("other", [](Cycles, uint32_t) {});
    savestate::StateIO r = savestate::StateIO::reader(w.buffer());
    s2.serialize(r);
    CHECK_FALSE(r.ok());
}
