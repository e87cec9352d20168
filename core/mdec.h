#pragma once
// PLACEHOLDER until its own issue: the MDEC status/control port with its reset value.
#include <array>
#include <cstdint>
#include <cstring>

#include "core/device.h"
#include "savestate/state_io.h"

namespace core {

class Mdec {
  public:
    // macroblockdecodermdec.md: MDEC1 status (1F801824h) after reset is 80040000h (output
    // FIFO empty, current block 4, no parameters pending); a control write with bit 31 resets
    // it. MDEC0/data reads give 0 until the MDEC issue.
    static constexpr uint32_t kStatusReset = 0x80040000;
    // MDEC0/MDEC1 at 1F801820h..1F801827h, the "mdec" section.
    DeviceInfo describe() {
        DeviceInfo d("mdec", this);
        d.ioRange<&Mdec::read, &Mdec::write>(0x1f801820, 0x1f801828);
        d.state<&Mdec::reset, &Mdec::serialize>();
        return d;
    }
    void reset() { status_ = kStatusReset; }
    uint32_t read(uint32_t addr, unsigned size) {
        uint32_t word = (addr & 4) ? status_ : 0;
        word >>= (addr & 3) * 8;
        return size == 4 ? word : word & ((1u << (size * 8)) - 1);
    }
    void write(uint32_t addr, uint32_t value, unsigned size) {
        (void)size;
        uint32_t v = value << ((addr & 3) * 8);
        if ((addr & 4) && (v & 0x80000000u)) status_ = kStatusReset;
    }
    void serialize(savestate::StateIO& io) {
        // Version 2: named fields (a state lacking one gives the reset value).
        uint32_t version = io.beginSection("mdec", 2);
        if (version >= 2) {
            if (!io.field("status", status_) && io.reading()) status_ = kStatusReset;
        } else {
            io.value(status_);
        }
        io.endSection();
    }

  private:
    uint32_t status_ = kStatusReset;
};

} // namespace core
