#include "core/timers.h"

#include <algorithm>

#include "core/irq.h"

// Hardware notes (timers.md, graphicsprocessingunitgpu.md "GPU Timings"):
// - Clock sources: counter 0 system clock or dot clock, counter 1 system clock or hblank,
//   counter 2 system clock or system clock / 8 (Mode bits 8-9). The /8 prescaler ticks on every
//   CPU cycle that is a multiple of 8.
// - Sync modes (bit 0 enables, bits 1-2 select): counters 0/1 pause during the blank (0),
//   reset at the blank (1), reset at the blank and pause outside it (2), or pause until the
//   first blank and then run freely (3); counter 2 stops in modes 0/3 and runs in 1/2.
// - The counter reaches target and/or FFFFh: the Reached flags (bits 11/12) are set and stay
//   until the mode register is read. With bit 3 the tick after reaching target resets it to 0;
//   otherwise it wraps after FFFFh. "Reset and Wrap": after a mode write, a counter write or a
//   target reset the value stays for 2 ticks (one extra hold tick); after FFFFh wraps, 0
//   lasts one tick. A written count above target runs to FFFFh and wraps first.
// - IRQ (bits 4-7, 10): pulse mode keeps bit 10 set (the low pulse lasts a few cycles) and
//   raises the IRQ on every event; toggle mode inverts bit 10 per event and the IRQ fires when
//   it goes 1 -> 0. One-shot mode allows one event until the next mode write. Writing the mode
//   resets the counter and sets bit 10.
// - Target 0 with reset-on-target: we count each reset to 0 as reaching the target (the
//   reference gives no example; the counter cannot otherwise ever reach it).

namespace core {

DeviceInfo Timers::describe() {
    DeviceInfo d("timers", this);
    d.ioRange<&Timers::read, &Timers::write>(0x1f801100, 0x1f801130);
    for (Scheduler::Handle e : events_)
        d.event(e);
    d.state<&Timers::reset, &Timers::serialize>();
    return d;
}

namespace {
constexpr uint32_t kModeWritable = 0x3ff;

struct StepResult {
    uint64_t ticks;
    bool hitTarget, hitFfff;
};

// Advances a counter to its next point of interest, using at most `limit` (>= 1) ticks.
StepResult step(Timers::Counter& c, uint64_t limit) {
    if (c.hold) {
        uint32_t h = static_cast<uint32_t>(std::min<uint64_t>(c.hold, limit));
        c.hold -= h;
        return {h, false, false};
    }
    if ((c.mode & Timers::kResetOnTarget) && c.count == c.target) {
        c.count = 0;
        c.hold = 1;
        return {1, c.target == 0, false};
    }
    if (c.count == 0xffff) {
        c.count = 0;
        return {1, false, false};
    }
    uint32_t next = c.count < c.target ? c.target : 0xffff;
    uint64_t d = next - c.count;
    if (d > limit) {
        c.count += static_cast<uint32_t>(limit);
        return {limit, false, false};
    }
    c.count = next;
    return {d, next == c.target, next == 0xffff};
}

bool irqAt(const Timers::Counter& c, const StepResult& r) {
    return (r.hitTarget && (c.mode & Timers::kIrqOnTarget)) ||
           (r.hitFfff && (c.mode & Timers::kIrqOnFfff));
}
} // namespace

Timers::Timers(Scheduler& scheduler, Irq& irq) : scheduler_(scheduler), irq_(irq) {
    static const char* kNames[3] = {"timer.0", "timer.1", "timer.2"};
    for (unsigned n = 0; n < 3; ++n) {
        events_[n] = scheduler_.add(kNames[n], kTimerEvent[n], this);
    }
    reset();
}

void Timers::reset() {
    state_ = {};
    for (auto& c : state_.counter)
        c.mode = kIrqRequest;
    state_.lastCycle = scheduler_.now();
    state_.lastDots = 0; // the video timing generator restarts its dot count with us
    for (auto e : events_)
        scheduler_.cancel(e);
}

bool Timers::paused(unsigned n) const {
    const Counter& c = state_.counter[n];
    if (!(c.mode & kSyncEnable)) return false;
    uint32_t sm = syncMode(n);
    if (n == 2) return sm == 0 || sm == 3;
    bool blank = n == 0 ? state_.inHblank : state_.inVblank;
    switch (sm) {
    case 0: return blank;
    case 1: return false;
    case 2: return !blank;
    default: return !c.syncDone;
    }
}

bool Timers::irqPossible(unsigned n) const {
    const Counter& c = state_.counter[n];
    if (!(c.mode & (kIrqOnTarget | kIrqOnFfff))) return false;
    return (c.mode & kIrqRepeat) || !c.irqDone;
}

void Timers::irqPoint(unsigned n) {
    Counter& c = state_.counter[n];
    if (!(c.mode & kIrqRepeat) && c.irqDone) return;
    c.irqDone = 1;
    auto source = static_cast<IrqSource>(static_cast<uint32_t>(IrqSource::Timer0) + n);
    if (c.mode & kIrqToggle) {
        c.mode ^= kIrqRequest;
        if (!(c.mode & kIrqRequest)) irq_.raise(source);
    } else {
        irq_.raise(source);
    }
}

void Timers::tick(unsigned n, uint64_t ticks) {
    Counter& c = state_.counter[n];
    while (ticks) {
        // Without a possible IRQ only the sticky flags matter: after one full period from a
        // reset or wrap, further whole periods change nothing.
        if (!irqPossible(n) && c.hold <= 1 && c.count == 0) {
            uint64_t period = 0;
            if ((c.mode & kResetOnTarget) && c.hold == 1 && c.target != 0)
                period = uint64_t(c.target) + 2;
            else if (!(c.mode & kResetOnTarget) && c.hold == 0)
                period = 0x10000;
            if (period && ticks >= 2 * period) ticks -= (ticks / period - 1) * period;
        }
        StepResult r = step(c, ticks);
        ticks -= r.ticks;
        if (r.hitTarget) c.mode |= kReachedTarget;
        if (r.hitFfff) c.mode |= kReachedFfff;
        if (irqAt(c, r)) irqPoint(n);
    }
}

void Timers::catchUp(Cycles at) {
    if (at <= state_.lastCycle) return;
    Cycles last = state_.lastCycle;
    uint64_t dots = dotClock_ ? dotClock_->dotsAt(at) : state_.lastDots;
    for (unsigned n = 0; n < 3; ++n) {
        if (paused(n)) continue;
        uint64_t ticks = at - last;
        uint32_t src = clockSource(n);
        if (n == 0 && (src & 1)) ticks = dots - state_.lastDots;
        if (n == 1 && (src & 1)) ticks = 0; // hblanks are counted at their edge
        if (n == 2 && (src & 2)) ticks = at / 8 - last / 8;
        if (ticks) tick(n, ticks);
    }
    state_.lastCycle = at;
    state_.lastDots = dots;
}

void Timers::setHblank(bool active, Cycles at) {
    catchUp(at);
    bool rising = active && !state_.inHblank;
    state_.inHblank = active ? 1 : 0;
    if (rising) {
        Counter& c0 = state_.counter[0];
        if (c0.mode & kSyncEnable) {
            uint32_t sm = syncMode(0);
            if (sm == 1 || sm == 2) c0.count = 0;
            if (sm == 3) c0.syncDone = 1;
        }
        if (countsHblanks(1) && !paused(1)) tick(1, 1);
    }
    reschedule(0);
    reschedule(1);
}

void Timers::setVblank(bool active, Cycles at) {
    catchUp(at);
    bool rising = active && !state_.inVblank;
    state_.inVblank = active ? 1 : 0;
    if (rising) {
        Counter& c1 = state_.counter[1];
        if (c1.mode & kSyncEnable) {
            uint32_t sm = syncMode(1);
            if (sm == 1 || sm == 2) c1.count = 0;
            if (sm == 3) c1.syncDone = 1;
        }
    }
    reschedule(1);
}

void Timers::dotClockChanged(Cycles at) {
    catchUp(at);
    reschedule(0);
}

uint64_t Timers::ticksUntilIrq(unsigned n) const {
    Counter c = state_.counter[n];
    uint64_t total = 0;
    // A full period holds at most: hold, target, reset/FFFFh, wrap, hold, target.
    for (int i = 0; i < 8; ++i) {
        StepResult r = step(c, UINT64_MAX);
        total += r.ticks;
        if (irqAt(c, r)) return total;
    }
    return UINT64_MAX;
}

void Timers::reschedule(unsigned n) {
    scheduler_.cancel(events_[n]);
    if (!irqPossible(n) || paused(n) || countsHblanks(n)) return;
    uint64_t k = ticksUntilIrq(n);
    if (k == UINT64_MAX) return;
    uint32_t src = clockSource(n);
    Cycles when;
    if (n == 0 && (src & 1)) {
        if (!dotClock_) return;
        when = dotClock_->dotTime(state_.lastDots + k);
    } else if (n == 2 && (src & 2)) {
        when = (state_.lastCycle / 8 + k) * 8;
    } else {
        when = state_.lastCycle + k;
    }
    scheduler_.schedule(events_[n], when);
}

uint32_t Timers::read(uint32_t addr, unsigned size) {
    catchUp(scheduler_.now());
    unsigned n = (addr >> 4) & 3;
    uint32_t word = 0;
    if (n < 3) {
        Counter& c = state_.counter[n];
        switch ((addr >> 2) & 3) {
        case 0: word = c.count; break;
        case 1:
            word = c.mode;
            c.mode &= ~(kReachedTarget | kReachedFfff); // reset after reading
            break;
        case 2: word = c.target; break;
        default: break;
        }
    }
    word >>= (addr & 3) * 8;
    return size == 4 ? word : word & ((1u << (size * 8)) - 1);
}

void Timers::write(uint32_t addr, uint32_t value, unsigned size) {
    (void)size; // on-die register: the whole shifted source word is latched
    unsigned n = (addr >> 4) & 3;
    if (n == 3) return;
    catchUp(scheduler_.now());
    uint32_t latched = value << ((addr & 3) * 8);
    Counter& c = state_.counter[n];
    switch ((addr >> 2) & 3) {
    case 0:
        c.count = latched & 0xffff;
        c.hold = 1;
        break;
    case 1:
        c.mode =
            (latched & kModeWritable) | kIrqRequest | (c.mode & (kReachedTarget | kReachedFfff));
        c.count = 0;
        c.hold = 1;
        c.irqDone = 0;
        c.syncDone = 0;
        break;
    case 2: c.target = latched & 0xffff; break;
    default: return;
    }
    reschedule(n);
}

void Timers::serialize(savestate::StateIO& io) {
    // Version 2: named fields; version 1 stored the packed State (88 bytes).
    uint32_t version = io.beginSection("timers", 2);
    io.record(state_, version, 2, 88, [&] {
        for (uint32_t i = 0; i < 3; ++i) {
            Counter& c = state_.counter[i];
            io.field("counter.count", i, c.count);
            io.field("counter.mode", i, c.mode);
            io.field("counter.target", i, c.target);
            io.field("counter.hold", i, c.hold);
            io.field("counter.irqDone", i, c.irqDone);
            io.field("counter.syncDone", i, c.syncDone);
        }
        io.field("lastCycle", state_.lastCycle);
        io.field("lastDots", state_.lastDots);
        io.field("inHblank", state_.inHblank);
        io.field("inVblank", state_.inVblank);
    });
    io.endSection();
}

} // namespace core
