// The recompiler's calls back into the CPU (core/cpu/recompiler_helpers.h). Each body is the
// interpreter's own handling of the instruction (core/cpu/cpu.cpp execute()), so both engines
// share one definition of every access, exception and ready cycle.
#include "core/cpu/recompiler_helpers.h"

#include "core/cpu/cpu_fast_access.h"

namespace core {

using namespace mips;

template <unsigned N> uint64_t RecHelpers::loadFast(Cpu* c, uint32_t addr, uint32_t target) {
    uint32_t v;
    if (c->loadFast<N>(addr, v, *c->now_, target)) return v;
    return kNotFast;
}

template <unsigned N>
uint64_t RecHelpers::loadSlow(Cpu* c, uint32_t addr, uint32_t target, uint32_t breakAddr) {
    Cycles& now = *c->now_;
    if (now < c->st_.busReadyAt) now = c->st_.busReadyAt;
    uint32_t v = 0, cycles = 1;
    if (!c->loadSlow(addr, N, v, cycles, breakAddr)) return kTrapped;
    if (cycles > 1) c->chargeLoad(now, cycles, target);
    return v;
}

template <unsigned N> uint32_t RecHelpers::storeFast(Cpu* c, uint32_t addr, uint32_t value) {
    return c->storeFast<N>(addr, value, *c->now_) ? 0 : 1;
}

template <unsigned N> uint32_t RecHelpers::storeSlow(Cpu* c, uint32_t addr, uint32_t value) {
    Cycles& now = *c->now_;
    if (now < c->st_.busReadyAt) now = c->st_.busReadyAt;
    const uint32_t before = c->exceptions_;
    c->storeSlow(addr, value, N);
    return c->exceptions_ != before;
}

uint32_t RecHelpers::storePartialFast(Cpu* c, uint32_t addr, uint32_t rtv, uint32_t left) {
    return c->storePartialFast(addr, rtv, left != 0, *c->now_) ? 0 : 1;
}

uint32_t RecHelpers::storePartialSlow(Cpu* c, uint32_t addr, uint32_t rtv, uint32_t left) {
    Cycles& now = *c->now_;
    if (now < c->st_.busReadyAt) now = c->st_.busReadyAt;
    const uint32_t before = c->exceptions_;
    c->storePartialSlow(addr, rtv, left != 0);
    return c->exceptions_ != before;
}

void RecHelpers::raise(Cpu* c, uint32_t code, uint32_t coprocessor) {
    c->exception(code, coprocessor);
}

void RecHelpers::mult(Cpu::State* s, uint32_t rs, uint32_t rt, uint64_t now) {
    int64_t p = int64_t(int32_t(rs)) * int64_t(int32_t(rt));
    s->lo = uint32_t(p);
    s->hi = uint32_t(uint64_t(p) >> 32);
    s->hiloReadyAt = now + 1 + multCycles(rs, true);
}

void RecHelpers::multu(Cpu::State* s, uint32_t rs, uint32_t rt, uint64_t now) {
    uint64_t p = uint64_t(rs) * uint64_t(rt);
    s->lo = uint32_t(p);
    s->hi = uint32_t(p >> 32);
    s->hiloReadyAt = now + 1 + multCycles(rs, false);
}

void RecHelpers::div(Cpu::State* s, uint32_t rs, uint32_t rt, uint64_t now) {
    int32_t n = int32_t(rs), d = int32_t(rt);
    if (d == 0) {
        s->hi = uint32_t(n);
        s->lo = n >= 0 ? 0xffffffffu : 1u;
    } else if (uint32_t(n) == 0x80000000u && d == -1) {
        s->hi = 0;
        s->lo = 0x80000000u;
    } else {
        s->lo = uint32_t(n / d);
        s->hi = uint32_t(n % d);
    }
    s->hiloReadyAt = now + 1 + kDivCycles;
}

void RecHelpers::divu(Cpu::State* s, uint32_t rs, uint32_t rt, uint64_t now) {
    if (rt == 0) {
        s->hi = rs;
        s->lo = 0xffffffffu;
    } else {
        s->lo = rs / rt;
        s->hi = rs % rt;
    }
    s->hiloReadyAt = now + 1 + kDivCycles;
}

void RecHelpers::gteCommand(Cpu* c, uint32_t instr) {
    Cycles& now = *c->now_;
    if (now < c->st_.gteReadyAt) now = c->st_.gteReadyAt;
    c->st_.gteReadyAt = now + c->gte_.execute(instr & 0x01ffffff);
}

void RecHelpers::gteWriteData(Cpu* c, uint32_t reg, uint32_t value) {
    c->gte_.writeData(reg, value);
}

void RecHelpers::gteWriteControl(Cpu* c, uint32_t reg, uint32_t value) {
    c->gte_.writeControl(reg, value);
}

uint32_t RecHelpers::gteReadDataWaiting(Cpu* c, uint32_t reg) {
    Cycles& now = *c->now_;
    if (now < c->st_.gteReadyAt) now = c->st_.gteReadyAt;
    return c->gte_.readData(reg);
}

uint32_t RecHelpers::gteReadControlWaiting(Cpu* c, uint32_t reg) {
    Cycles& now = *c->now_;
    if (now < c->st_.gteReadyAt) now = c->st_.gteReadyAt;
    return c->gte_.readControl(reg);
}

template uint64_t RecHelpers::loadFast<1>(Cpu*, uint32_t, uint32_t);
template uint64_t RecHelpers::loadFast<2>(Cpu*, uint32_t, uint32_t);
template uint64_t RecHelpers::loadFast<4>(Cpu*, uint32_t, uint32_t);
template uint64_t RecHelpers::loadSlow<1>(Cpu*, uint32_t, uint32_t, uint32_t);
template uint64_t RecHelpers::loadSlow<2>(Cpu*, uint32_t, uint32_t, uint32_t);
template uint64_t RecHelpers::loadSlow<4>(Cpu*, uint32_t, uint32_t, uint32_t);
template uint32_t RecHelpers::storeFast<1>(Cpu*, uint32_t, uint32_t);
template uint32_t RecHelpers::storeFast<2>(Cpu*, uint32_t, uint32_t);
template uint32_t RecHelpers::storeFast<4>(Cpu*, uint32_t, uint32_t);
template uint32_t RecHelpers::storeSlow<1>(Cpu*, uint32_t, uint32_t);
template uint32_t RecHelpers::storeSlow<2>(Cpu*, uint32_t, uint32_t);
template uint32_t RecHelpers::storeSlow<4>(Cpu*, uint32_t, uint32_t);

} // namespace core
