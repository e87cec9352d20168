#pragma once
// PLACEHOLDER: the devices helper replaces this with SIO0 and the digital pad
// (controllersandmemorycards.md).
#include <cstdint>

#include "core/pad_state.h"
#include "savestate/state_io.h"

namespace core {

class Scheduler;
class Irq;

class Sio0 {
  public:
    Sio0(Scheduler& scheduler, Irq& irq) : scheduler_(scheduler), irq_(irq) {}
    void reset() {}
    void setPad(unsigned port, const PadState& pad) { pads_[port & 1] = pad; }
    const PadState& pad(unsigned port) const { return pads_[port & 1]; }
    uint32_t read(uint32_t addr, unsigned size) {
        (void)addr, (void)size;
        return 0;
    }
    void write(uint32_t addr, uint32_t value, unsigned size) {
        (void)addr, (void)value, (void)size;
    }
    void serialize(savestate::StateIO& io) {
        io.beginSection("sio0", 1);
        io.endSection();
    }

  private:
    [[maybe_unused]] Scheduler& scheduler_;
    [[maybe_unused]] Irq& irq_;
    PadState pads_[2];
};

} // namespace core
