#pragma once
// The interpreter's RAM/scratchpad fast paths and its timing constants, shared with the
// recompiler's helpers (core/cpu/recompiler_helpers.cpp) so both engines run the same code
// for an access and charge the same cycles. Hardware notes: core/cpu/cpu.cpp.
#include <cstring>

#include "core/bus.h"
#include "core/cpu/cpu.h"

namespace core {

// "Multiply/divide": MULT/MULTU take 6/9/13 cycles by the size of rs, DIV/DIVU 36.
inline uint32_t multCycles(uint32_t rs, bool isSigned) {
    uint32_t m = (isSigned && int32_t(rs) < 0) ? ~rs : rs;
    return m < 0x800 ? 6 : m < 0x100000 ? 9 : 13;
}
inline constexpr uint32_t kDivCycles = 36;
inline constexpr uint32_t kRamLoadCycles = 7; // "Load Timing": main RAM, issue included

// RAM and scratchpad accesses the fast path can do itself; false sends the access to
// loadSlow/storeSlow (other regions, misalignment, user mode, cache isolation, breakpoints).
// "Load Shadow": a load of `cycles` in all stalls the CPU for the first half of the access
// only; the bus stays busy, and the data is missing, until the whole access has elapsed.
inline void Cpu::chargeLoad(Cycles& now, uint32_t cycles, uint32_t target) {
    st_.busReadyAt = now + cycles;
    now += (cycles - 1) - (cycles - 1) / 2;
    st_.shadowReg = target ? target : 32;
}

template <unsigned N>
inline bool Cpu::loadFast(uint32_t a, uint32_t& v, Cycles& now, uint32_t target) {
    uint32_t seg = a >> 29, ph = a & 0x1fffffff;
    if (!((dataSegMask_ >> seg) & 1) || (a & (N - 1))) return false;
    if (ph < ramWindow_) {
        uint32_t off = ph & ramMask_;
        if (pageFlags_[off >> Bus::kPageShift] & PageFlag::kAnyRead)
            bus_.pages().touched(off >> Bus::kPageShift, false);
        if (now < st_.busReadyAt) now = st_.busReadyAt;
        v = 0;
        std::memcpy(&v, ram_ + off, N);
        chargeLoad(now, kRamLoadCycles, target);
        return true;
    }
    if (ph - 0x1f800000 < Bus::kScratchSize && seg != 5) {
        v = 0; // on-chip: one cycle, no bus access
        std::memcpy(&v, scratch_ + (ph & (Bus::kScratchSize - 1)), N);
        return true;
    }
    return false;
}

template <unsigned N> inline bool Cpu::storeFast(uint32_t a, uint32_t v, Cycles& now) {
    uint32_t seg = a >> 29, ph = a & 0x1fffffff;
    if (!((dataSegMask_ >> seg) & 1) || (a & (N - 1))) return false;
    if (ph < ramWindow_) {
        if (now < st_.busReadyAt) now = st_.busReadyAt;
        uint32_t off = ph & ramMask_;
        if (pageFlags_[off >> Bus::kPageShift]) bus_.pages().touched(off >> Bus::kPageShift, true);
        std::memcpy(ram_ + off, &v, N);
        return true;
    }
    if (ph - 0x1f800000 < Bus::kScratchSize && seg != 5) {
        std::memcpy(scratch_ + (ph & (Bus::kScratchSize - 1)), &v, N);
        return true;
    }
    return false;
}

// SWL/SWR on RAM or scratchpad ("Unaligned Load/Store (Details)").
inline bool Cpu::storePartialFast(uint32_t a, uint32_t rtv, bool left, Cycles& now) {
    uint32_t seg = a >> 29, ph = a & 0x1ffffffc;
    uint32_t sh = (a & 3) * 8;
    if (!((dataSegMask_ >> seg) & 1)) return false;
    uint8_t* word;
    if (ph < ramWindow_) {
        uint32_t off = ph & ramMask_;
        if (pageFlags_[off >> Bus::kPageShift]) bus_.pages().touched(off >> Bus::kPageShift, true);
        if (now < st_.busReadyAt) now = st_.busReadyAt;
        word = ram_ + off;
    } else if (ph - 0x1f800000 < Bus::kScratchSize && seg != 5) {
        word = scratch_ + (ph & (Bus::kScratchSize - 1));
    } else {
        return false;
    }
    uint32_t m;
    std::memcpy(&m, word, 4);
    m = left ? (m & (0xffffff00u << sh)) | (rtv >> (24 - sh))
             : (m & (0x00ffffffu >> (24 - sh))) | (rtv << sh);
    std::memcpy(word, &m, 4);
    return true;
}

} // namespace core
