#pragma once
// PLACEHOLDER interface: the CPU helper replaces this with the R3000A interpreter. Keep the
// public signatures (System, the HLE BIOS and the CLI use them).
#include <cstdint>
#include <cstdio>
#include <functional>

#include "core/cpu/gte.h"
#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace core {

class Bus;
class Irq;

class Cpu {
  public:
    // Called for a reserved-instruction opcode before the exception is raised; returns true
    // when the HLE BIOS handled it (it has then set the PC / registers itself).
    using HleTrap = std::function<bool(uint32_t pc, uint32_t instruction)>;

    Cpu(Bus& bus, Scheduler& scheduler, Irq& irq, Gte& gte);
    void reset(); // PC = BFC00000h, as after power-on

    // Runs until the scheduler's next event is due or stop() is called.
    void run();
    // Executes exactly one instruction (and nothing else).
    void step();
    void stop() { stopRequested_ = true; }

    void setHleTrap(HleTrap trap) { hleTrap_ = std::move(trap); }
    void setTrace(std::FILE* out) { trace_ = out; }

    uint32_t pc() const { return pc_; }
    // Jumps to `pc` with no delay slot pending (used by loaders and the HLE BIOS).
    void setPc(uint32_t pc);
    uint32_t reg(unsigned r) const { return regs_[r & 31]; }
    void setReg(unsigned r, uint32_t v) {
        if (r & 31) regs_[r & 31] = v;
    }
    uint32_t cop0(unsigned r) const;
    void setCop0(unsigned r, uint32_t v);

    void serialize(savestate::StateIO& io);

  private:
    Bus& bus_;
    Scheduler& scheduler_;
    Irq& irq_;
    Gte& gte_;
    HleTrap hleTrap_;
    std::FILE* trace_ = nullptr;
    bool stopRequested_ = false;
    uint32_t pc_ = 0xbfc00000;
    uint32_t regs_[32] = {};
    uint32_t cop0_[32] = {};
};

} // namespace core
