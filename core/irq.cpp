#include "core/irq.h"

// Hardware notes (interrupts.md, partialwordwrites.md):
// - I_STAT write: 0 clears a bit, 1 leaves it (acknowledge); I_MASK is plain R/W.
// - Bits 11-15 are always zero. The on-die bus latches the whole (shifted) 32-bit store value
//   whatever the store width: `sb +N` writes value << 8N.
// - The upper 16 bits of a read echo the upper half of the address used for the access on the
//   open bus (IMASK read through KSEG1 gives 0xBF800xxx on hardware); bits 11-15 read zero.
//   The bus hands devices the CPU's (virtual) address for this reason.

namespace core {

DeviceInfo Irq::describe() {
    DeviceInfo d("irq", this);
    d.ioRange<&Irq::read, &Irq::write>(0x1f801070, 0x1f801078);
    d.state<&Irq::reset, &Irq::serialize>();
    return d;
}

namespace {
constexpr uint32_t kValidBits = 0x7ff;
} // namespace

uint32_t Irq::read(uint32_t addr, unsigned size) const {
    uint32_t word = ((addr & 4) ? state_.mask : state_.stat) | (addr & 0xffff0000u);
    (void)size;
    return word >> ((addr & 3) * 8);
}

void Irq::write(uint32_t addr, uint32_t value, unsigned size) {
    (void)size;
    uint32_t latched = value << ((addr & 3) * 8);
    if (addr & 4)
        state_.mask = latched & kValidBits;
    else
        state_.stat &= latched & kValidBits;
}

void Irq::serialize(savestate::StateIO& io) {
    // Version 2: named fields; version 1 stored the packed State (8 bytes).
    uint32_t version = io.beginSection("irq", 2);
    io.record(state_, version, 2, 8, [&] {
        io.field("stat", state_.stat);
        io.field("mask", state_.mask);
    });
    io.endSection();
}

} // namespace core
