#pragma once
// PLACEHOLDER: the devices helper replaces this with the three root counters (timers.md).
#include <cstdint>

#include "savestate/state_io.h"

namespace core {

class Scheduler;
class Irq;

class Timers {
  public:
    Timers(Scheduler& scheduler, Irq& irq) : scheduler_(scheduler), irq_(irq) {}
    void reset() {}
    uint32_t read(uint32_t addr, unsigned size) {
        (void)addr, (void)size;
        return 0;
    }
    void write(uint32_t addr, uint32_t value, unsigned size) {
        (void)addr, (void)value, (void)size;
    }
    void serialize(savestate::StateIO& io) {
        io.beginSection("timers", 1);
        io.endSection();
    }

  private:
    [[maybe_unused]] Scheduler& scheduler_;
    [[maybe_unused]] Irq& irq_;
};

} // namespace core
