// PLACEHOLDER: the CPU helper replaces this file with the interpreter.
#include "core/cpu/cpu.h"

#include "core/bus.h"
#include "core/irq.h"

namespace core {

Cpu::Cpu(Bus& bus, Scheduler& scheduler, Irq& irq, Gte& gte)
    : bus_(bus), scheduler_(scheduler), irq_(irq), gte_(gte) {}

void Cpu::reset() {
    pc_ = 0xbfc00000;
    for (auto& r : regs_)
        r = 0;
    for (auto& r : cop0_)
        r = 0;
}

void Cpu::run() {
    stopRequested_ = false;
    while (!stopRequested_ && scheduler_.now() < scheduler_.nextDue())
        step();
}

void Cpu::step() {
    scheduler_.advance(1);
}

void Cpu::setPc(uint32_t pc) {
    pc_ = pc;
}
uint32_t Cpu::cop0(unsigned r) const {
    return cop0_[r & 31];
}
void Cpu::setCop0(unsigned r, uint32_t v) {
    cop0_[r & 31] = v;
}

void Cpu::serialize(savestate::StateIO& io) {
    io.beginSection("cpu", 1);
    io.value(pc_);
    io.value(regs_);
    io.value(cop0_);
    io.endSection();
}

} // namespace core
