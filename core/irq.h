#pragma once
// Interrupt controller: I_STAT / I_MASK (interrupts.md). Sources raise edges; the CPU sees one
// level line, cop0r13.bit10, which is (I_STAT AND I_MASK) != 0.
#include <cstdint>

#include "core/device.h"
#include "savestate/state_io.h"

namespace core {

enum class IrqSource : uint32_t {
    VBlank = 0,
    Gpu = 1,
    Cdrom = 2,
    Dma = 3,
    Timer0 = 4,
    Timer1 = 5,
    Timer2 = 6,
    Controller = 7,
    Sio = 8,
    Spu = 9,
    Lightpen = 10,
};

class Irq {
  public:
    struct State {
        uint32_t stat = 0; // I_STAT, bits 0-10
        uint32_t mask = 0; // I_MASK, bits 0-10
    };
    static_assert(std::is_trivially_copyable_v<State>);

    // I_STAT/I_MASK at 1F801070h..1F801077h, the "irq" section.
    DeviceInfo describe();
    void reset() { state_ = {}; }
    // I_STAT bits are edge-triggered: a source calls this on its false-to-true transition.
    void raise(IrqSource source) { state_.stat |= 1u << static_cast<uint32_t>(source); }
    bool line() const { return (state_.stat & state_.mask) != 0; }

    uint32_t read(uint32_t addr, unsigned size) const;
    void write(uint32_t addr, uint32_t value, unsigned size);

    const State& state() const { return state_; }
    void serialize(savestate::StateIO& io);

  private:
    State state_;
};

} // namespace core
