#pragma once
// What the recompiler's native code calls: the interpreter's memory paths, exceptions and the
// multiply/divide unit, as plain functions of the CPU (System V calling convention, called
// from code emitted by core/cpu/recompiler_emitter.cpp). Each does exactly what the
// interpreter's loop does for the same instruction (core/cpu/cpu.cpp), through the same code.
#include <cstdint>

#include "core/cpu/cpu.h"

namespace core {

struct RecHelpers {
    // Bit 32 of a load's result: an exception was taken (the block must end); bit 33: the fast
    // path could not do it (write the state out and call the slow one).
    static constexpr uint64_t kTrapped = 1ull << 32;
    static constexpr uint64_t kNotFast = 1ull << 33;

    // RAM/scratchpad fast paths: read and update *Cpu::now_ only.
    template <unsigned N> static uint64_t loadFast(Cpu* c, uint32_t addr, uint32_t target);
    template <unsigned N> static uint32_t storeFast(Cpu* c, uint32_t addr, uint32_t value);
    static uint32_t storePartialFast(Cpu* c, uint32_t addr, uint32_t rtv, uint32_t left);
    // Slow paths; the state must be written out first (curPc_/curDelay_ for EPC/BD).
    template <unsigned N>
    static uint64_t loadSlow(Cpu* c, uint32_t addr, uint32_t target, uint32_t breakAddr);
    template <unsigned N> static uint32_t storeSlow(Cpu* c, uint32_t addr, uint32_t value);
    static uint32_t storePartialSlow(Cpu* c, uint32_t addr, uint32_t rtv, uint32_t left);
    // Raises exception `code` for the instruction at curPc_.
    static void raise(Cpu* c, uint32_t code, uint32_t coprocessor);

    // The multiply/divide unit: results and the cycle they are ready (no other state).
    static void mult(Cpu::State* s, uint32_t rs, uint32_t rt, uint64_t now);
    static void multu(Cpu::State* s, uint32_t rs, uint32_t rt, uint64_t now);
    static void div(Cpu::State* s, uint32_t rs, uint32_t rt, uint64_t now);
    static void divu(Cpu::State* s, uint32_t rs, uint32_t rt, uint64_t now);

    // COP2 (GTE) with SR.CU2 set (the block checks it): a command, MTC2/CTC2, and the GTE
    // data side of LWC2/SWC2. *now_ is read and updated.
    static void gteCommand(Cpu* c, uint32_t instr);
    static void gteWriteData(Cpu* c, uint32_t reg, uint32_t value);
    static void gteWriteControl(Cpu* c, uint32_t reg, uint32_t value);
    static uint32_t gteReadDataWaiting(Cpu* c, uint32_t reg);    // MFC2/SWC2: waits for it
    static uint32_t gteReadControlWaiting(Cpu* c, uint32_t reg); // CFC2
};

} // namespace core
