#pragma once
// PLACEHOLDER until its own issue: a register file that reads back what was written, so
// programs that touch the Mdec do not fault. The devices helper or a later issue replaces it.
#include <array>
#include <cstdint>
#include <cstring>

#include "savestate/state_io.h"

namespace core {

class Mdec {
  public:
    void reset() { regs_.fill(0); }
    uint32_t read(uint32_t addr, unsigned size) {
        uint32_t v = 0;
        std::memcpy(&v, &regs_[addr & (regs_.size() - 1)], size);
        return v;
    }
    void write(uint32_t addr, uint32_t value, unsigned size) {
        std::memcpy(&regs_[addr & (regs_.size() - 1)], &value, size);
    }
    void serialize(savestate::StateIO& io) {
        io.beginSection("mdec", 1);
        io.bytes(regs_.data(), regs_.size());
        io.endSection();
    }

  private:
    std::array<uint8_t, 1024> regs_{};
};

} // namespace core
