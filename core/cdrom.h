#pragma once
// PLACEHOLDER until its own issue: the index/status port and banked registers that read back
// what was written, so programs that touch the CD-ROM do not fault.
#include <array>
#include <cstdint>
#include <cstring>

#include "savestate/state_io.h"

namespace core {

class Cdrom {
  public:
    // cdromdrive.md HSTS (1F801800h): bits 0-1 bank (R/W), 3 PRMEMPT and 4 PRMWRDY set with
    // an empty parameter FIFO, no result, no data request, not busy. The other ports read back
    // what was written per bank until the CD-ROM issue.
    static constexpr uint8_t kHstsIdle = 0x18;
    void reset() {
        regs_.fill(0);
        bank_ = 0;
    }
    uint32_t read(uint32_t addr, unsigned size) {
        uint32_t v = 0;
        for (unsigned i = 0; i < size && i < 4; ++i)
            v |= uint32_t(readByte((addr + i) & 3)) << (8 * i);
        return v;
    }
    void write(uint32_t addr, uint32_t value, unsigned size) {
        (void)size; // 8-bit ports: only the addressed byte counts
        uint32_t port = addr & 3;
        if (port == 0)
            bank_ = value & 3;
        else
            regs_[bank_ * 4 + port] = static_cast<uint8_t>(value);
    }
    void serialize(savestate::StateIO& io) {
        // Version 2: named fields (a state lacking one gives the reset value).
        uint32_t version = io.beginSection("cdrom", 2);
        if (version >= 2) {
            if (!io.field("regs", regs_) && io.reading()) regs_.fill(0);
            if (!io.field("bank", bank_) && io.reading()) bank_ = 0;
        } else {
            io.bytes(regs_.data(), regs_.size());
            io.value(bank_);
        }
        io.endSection();
    }

  private:
    uint8_t readByte(uint32_t port) const {
        return port == 0 ? uint8_t(kHstsIdle | bank_) : regs_[bank_ * 4 + port];
    }
    std::array<uint8_t, 16> regs_{};
    uint32_t bank_ = 0;
};

} // namespace core
