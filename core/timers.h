#pragma once
// The three root counters (timers.md). Each counter is caught up arithmetically from the
// scheduler's clock before any register access; IRQs come from scheduled events due at the
// exact cycle the counter reaches its target or FFFFh. The video timing generator pushes the
// hblank/vblank edges and provides the dot clock.
#include <cstdint>

#include "core/device.h"
#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace core {

class Irq;

// The GPU's dot clock as the timers see it: an absolute count of dot-clock edges.
class DotClock {
  public:
    virtual ~DotClock() = default;
    // Dot-clock edges counted from power-on up to CPU cycle t (t >= the last timer catch-up).
    virtual uint64_t dotsAt(Cycles t) const = 0;
    // Earliest CPU cycle at which dotsAt() reaches `dot` with the current display mode.
    virtual Cycles dotTime(uint64_t dot) const = 0;
};

class Timers {
  public:
    // Counter Mode bits (timers.md "1F801104h+N*10h - Timer 0..2 Counter Mode").
    enum ModeBit : uint32_t {
        kSyncEnable = 1u << 0,
        kSyncModeShift = 1,
        kResetOnTarget = 1u << 3,
        kIrqOnTarget = 1u << 4,
        kIrqOnFfff = 1u << 5,
        kIrqRepeat = 1u << 6,
        kIrqToggle = 1u << 7,
        kClockSourceShift = 8,
        kIrqRequest = 1u << 10, // 0 = IRQ requested (active low)
        kReachedTarget = 1u << 11,
        kReachedFfff = 1u << 12,
    };

    struct Counter {
        uint32_t count;   // 0..FFFFh
        uint32_t mode;    // bits 0-12
        uint32_t target;  // 0..FFFFh
        uint32_t hold;    // ticks the counter keeps its value before counting (timers.md
                          // "Reset and Wrap")
        uint8_t irqDone;  // one-shot: an IRQ happened since the last mode write
        uint8_t syncDone; // sync mode 3: the blank occurred once, now free running
        uint8_t pad[2];
    };
    struct State {
        Counter counter[3];
        Cycles lastCycle;  // every counter is caught up to this CPU cycle
        uint64_t lastDots; // dot clock edges at lastCycle
        uint8_t inHblank, inVblank;
        uint8_t pad[6];
    };
    static_assert(std::is_trivially_copyable_v<State>);

    Timers(Scheduler& scheduler, Irq& irq);
    // Counters at 1F801100h..1F80112Fh, the "timers" section.
    DeviceInfo describe();
    void setDotClock(const DotClock* clock) { dotClock_ = clock; }
    void reset();

    uint32_t read(uint32_t addr, unsigned size);
    void write(uint32_t addr, uint32_t value, unsigned size);

    // Video timing feed. `at` is the exact CPU cycle of the edge.
    void catchUp(Cycles at);
    void setHblank(bool active, Cycles at);
    void setVblank(bool active, Cycles at);
    // The dot clock rate changed (display mode): recompute the IRQ event times.
    void dotClockChanged(Cycles at);

    const State& state() const { return state_; }
    void serialize(savestate::StateIO& io);

  private:
    struct Point; // one step of a counter's tick sequence
    uint32_t clockSource(unsigned n) const { return (state_.counter[n].mode >> 8) & 3; }
    uint32_t syncMode(unsigned n) const { return (state_.counter[n].mode >> 1) & 3; }
    bool paused(unsigned n) const;
    bool countsHblanks(unsigned n) const { return n == 1 && (clockSource(1) & 1); }
    bool irqPossible(unsigned n) const;
    void tick(unsigned n, uint64_t ticks);
    void irqPoint(unsigned n);
    void reschedule(unsigned n);
    // Timer N's event: its counter reached a target or wrap point that raises an IRQ.
    template <unsigned N> static void onTimerEvent(void* self, Cycles late, uint32_t) {
        auto* t = static_cast<Timers*>(self);
        t->catchUp(t->scheduler_.now() - late);
        t->reschedule(N);
    }
    static constexpr Scheduler::Callback kTimerEvent[3] = {onTimerEvent<0>, onTimerEvent<1>,
                                                           onTimerEvent<2>};
    uint64_t ticksUntilIrq(unsigned n) const;

    Scheduler& scheduler_;
    Irq& irq_;
    const DotClock* dotClock_ = nullptr;
    Scheduler::Handle events_[3];
    State state_{};
};

} // namespace core
