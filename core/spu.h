#pragma once
// PLACEHOLDER until its own issue: a register file that reads back what was written (with
// SPUSTAT following SPUCNT), so programs that touch the SPU do not fault or hang.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "savestate/state_io.h"

namespace core {

class Spu {
  public:
    void reset() { regs_.fill(0); }
    // soundprocessingunitspu.md: SPUSTAT (1F801DAEh) is read-only; bits 0-5 follow SPUCNT
    // (1F801DAAh) bits 0-5 and bit 7 mirrors SPUCNT bit 5.
    static constexpr uint32_t kSpucnt = 0x1aa, kSpustat = 0x1ae;
    uint32_t read(uint32_t addr, unsigned size) {
        uint32_t v = 0;
        std::memcpy(&v, &regs_[addr & (regs_.size() - 1)], std::min<unsigned>(size, 4));
        if ((addr & 0x3fe) == kSpustat || ((addr & 0x3fc) == 0x1ac && size == 4)) {
            uint16_t cnt;
            std::memcpy(&cnt, &regs_[kSpucnt], 2);
            uint32_t stat = (cnt & 0x3fu) | ((cnt & 0x20u) << 2);
            if ((addr & 0x3fe) == kSpustat)
                v = (v & ~0xffffu) | stat;
            else
                v = (v & 0xffffu) | (stat << 16);
        }
        return v;
    }
    void write(uint32_t addr, uint32_t value, unsigned size) {
        uint32_t off = addr & (regs_.size() - 1);
        if ((off & 0x3fe) == kSpustat) return;
        std::memcpy(&regs_[off], &value, size);
    }
    void serialize(savestate::StateIO& io) {
        io.beginSection("spu", 1);
        io.bytes(regs_.data(), regs_.size());
        io.endSection();
    }

  private:
    std::array<uint8_t, 1024> regs_{};
};

} // namespace core
