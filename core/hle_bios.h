#pragma once
// PLACEHOLDER: the BIOS helper replaces this with the built-in HLE BIOS (kernelbios.md):
// A0h/B0h/C0h functions, exception and interrupt dispatch, events, pads, VSync.
#include <cstdint>
#include <functional>

#include "savestate/state_io.h"

namespace core {

class Cpu;
class Bus;
class Irq;
class Sio0;
class Scheduler;

class HleBios {
  public:
    HleBios(Cpu& cpu, Bus& bus, Irq& irq, Sio0& sio0, Scheduler& scheduler)
        : cpu_(cpu), bus_(bus), irq_(irq), sio0_(sio0), scheduler_(scheduler) {}
    // Writes the HLE kernel (vectors, trap stubs, tables) into RAM and the BIOS ROM area.
    void install();
    // Reserved-instruction hook from the CPU; true when the opcode was an HLE trap.
    bool trap(uint32_t pc, uint32_t instruction);
    std::function<void(char)> ttyOut;
    void serialize(savestate::StateIO& io);

  private:
    [[maybe_unused]] Cpu& cpu_;
    [[maybe_unused]] Bus& bus_;
    [[maybe_unused]] Irq& irq_;
    [[maybe_unused]] Sio0& sio0_;
    [[maybe_unused]] Scheduler& scheduler_;
};

} // namespace core
