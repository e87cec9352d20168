#include "core/bus.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

#include "core/host.h"

// Hardware notes the code relies on:
// - memorymap.md: KUSEG (first 512 MB), KSEG0 and KSEG1 mirror one physical space; the
//   scratchpad is not reachable through KSEG1; KSEG2 holds only the cache control register.
// - memorycontrol.md: RAM_SIZE bits 9 and 11 pick the /RAS0 bank size (1, 4, 2 or 8 MB; the
//   2 MB of RAM mirror within it), bit 10 enables a second bank after it; the rest of the
//   16 MB RAM region is unmapped and faults. The delay/size registers give each SBUS region
//   its window (1 << bits 16-20 bytes; beyond it accesses fault) and its access time
//   (the 1ST/SEQ formula with the COM_DELAY periods).
// - unpredictablethings.md "Locked Locations": the gaps between the I/O devices (1F801024h,
//   1F801064h, 1F801078h, 1F801140h..1F8017FFh, 1F801804h, 1F801818h, 1F801828h..1F801BFFh)
//   raise a bus error on access; the "Garbage Locations" 1F801130h..1F80113Fh (after the
//   timers) do not and read as zero. In KSEG2 only FFFE0000h..FFFE001Fh and
//   FFFE0100h..FFFE013Fh answer: FFFE0130h is BCC, written as a full 32-bit word by any
//   aligned store ("(i32)": byte/halfword stores at FFFE0131h..33h are ignored); the other
//   unlocked addresses read as zero ("usually returns zeros") and ignore writes.
// - memorycontrol.md: with a region's Auto Increment bit (13) clear, a read wider than its data
//   bus repeats the first address for every transfer (modelled for the BIOS ROM, the one such
//   region with data behind it).
// - partialwordwrites.md: on-die registers latch the whole shifted word (the devices do it);
//   for SWL/SWR to the 16-bit SBUS (SPU) a 4-byte access is two halfword transactions, a
//   shorter one a single transaction at the halfword of its lowest byte, with /WR0 strobed
//   unless it is one byte in an odd lane; the SPU latches the whole bus halfword on /WR0.
// - Expansion 1/3 with nothing plugged in read as FFh bytes.
// - 1F802082h (in expansion 2) is the emulator's debug exit register: a write ends the run
//   with that exit code; it answers whatever the EXP2 window size (a Skipjack extension, like
//   the DUART TTY at 1F802023h).

namespace core {

namespace {
constexpr uint32_t kRegionExp1 = 0, kRegionExp3 = 1, kRegionBios = 2, kRegionSpu = 3,
                   kRegionCdrom = 4, kRegionExp2 = 5;
constexpr uint32_t kDelaySizeWritable = 0xaf1fffff; // bits 21-23 always zero, bit 28 is W1C

uint32_t readNothing(void*, uint32_t, unsigned) {
    return 0;
}
void writeNothing(void*, uint32_t, uint32_t, unsigned) {}
} // namespace

Bus::Bus() : ram_(kRamSize), bios_(kBiosSize), scratch_(kScratchSize) {
    ioRanges_.push_back(IoSlot{IoRange{0, 0, &readNothing, &writeNothing}, nullptr});
    // Memory control 1 (1F801000h..1F801023h) and 2 (RAM_SIZE, 1F801060h).
    for (auto [begin, end] : {std::pair{0x1f801000u, 0x1f801024u}, {0x1f801060u, 0x1f801064u}})
        mapRange(IoRange{begin, end, &ioRead<&Bus::readMemControlPort>,
                         &ioWrite<&Bus::writeMemControlPort>},
                 this);
    reset();
}

DeviceInfo Bus::describe() {
    return DeviceInfo("bus", this).state<&Bus::reset, &Bus::serialize>();
}

void Bus::map(const DeviceInfo& device) {
    for (unsigned i = 0; i < device.ioCount; ++i)
        mapRange(device.io[i], device.self);
}

void Bus::mapRange(const IoRange& range, void* device) {
    ioRanges_.push_back(IoSlot{range, device});
    auto index = static_cast<uint8_t>(ioRanges_.size() - 1);
    for (uint32_t a = range.begin; a < range.end; a += 4)
        ioSlot_[(a - kIoBase) >> 2] = index;
}

void Bus::reset() {
    state_ = {};
    state_.exp1Base = 0x1f000000;
    state_.exp2Base = 0x1f802000;
    // Boot values: every region at its slowest until the BIOS programs faster timings.
    for (auto& d : state_.delaySize)
        d = 0x0013243f;
    state_.delaySize[kRegionExp3] = 0x00003022;
    state_.delaySize[kRegionSpu] = 0x200931e1;
    state_.delaySize[kRegionCdrom] = 0x00020843;
    state_.delaySize[kRegionExp2] = 0x00070777;
    state_.comDelay = 0x00031125;
    state_.ramSize = 0x00000b88;
    decodeRamSize();
    std::fill(ram_.begin(), ram_.end(), 0);
    std::fill(scratch_.begin(), scratch_.end(), 0);
    pages_.reset();
    busError_ = false;
}

void Bus::decodeRamSize() {
    static constexpr uint32_t kBankMb[4] = {1, 4, 2, 8};
    uint32_t r = state_.ramSize;
    uint32_t bank = kBankMb[((r >> 9) & 1) | (((r >> 11) & 1) << 1)] * 1024 * 1024;
    ramWindow_ = bank * (((r >> 10) & 1) ? 2 : 1);
    ramMask_ = std::min(bank, kRamSize) - 1;
}

uint32_t Bus::sbusCycles(unsigned region, unsigned size, bool write) const {
    // memorycontrol.md "COM_DELAY": 1ST and SEQ access times, 8- or 16-bit data bus.
    uint32_t ds = state_.delaySize[region];
    uint32_t com = state_.comDelay;
    uint32_t access = write ? (ds & 0xf) + 1 : ((ds >> 4) & 0xf) + 1;
    int first = 0, seq = 0, min = 0;
    if (ds & (1u << 8)) first += int(com & 0xf) - 1, seq += int(com & 0xf) - 1;
    if (ds & (1u << 10)) first += int((com >> 8) & 0xf), seq += int((com >> 8) & 0xf);
    if (ds & (1u << 11)) min = int((com >> 12) & 0xf);
    if (first < 6) first += 1;
    first += int(access) + 2;
    seq += int(access) + 2;
    if (first < min + 6) first = min + 6;
    if (seq < min + 2) seq = min + 2;
    unsigned width = (ds & (1u << 12)) ? 2 : 1;
    unsigned transfers = std::max(1u, size / width);
    return uint32_t(first + seq * int(transfers - 1));
}

uint32_t Bus::read(uint32_t vaddr, unsigned size) {
    uint32_t phys = physical(vaddr);
    if (phys < ramWindow_) {
        uint32_t off = phys & ramMask_;
        uint32_t page = off >> kPageShift;
        if (pages_.flags(page) & PageFlag::kAnyRead) pages_.touched(page, false);
        lastCycles_ = 7;
        uint32_t v = 0;
        std::memcpy(&v, &ram_[off], size);
        return v;
    }
    if (phys >= 0x1fc00000 && phys < 0x20000000) {
        uint32_t window = 1u << ((state_.delaySize[kRegionBios] >> 16) & 0x1f);
        if (phys - 0x1fc00000 >= window) return busError_ = true, 0xffffffff;
        lastCycles_ = sbusCycles(kRegionBios, size, false);
        return readBios(phys, size);
    }
    if (phys >= 0x1f800000 && phys < 0x1f800400) {
        if ((vaddr >> 29) == 5) return busError_ = true, 0xffffffff; // not in KSEG1
        lastCycles_ = 1;
        uint32_t v = 0;
        std::memcpy(&v, &scratch_[phys & (kScratchSize - 1)], size);
        return v;
    }
    if (phys >= 0x1f801000 && phys < 0x1f802000) return readIo(vaddr, phys, size);
    if (phys >= 0x1f802000 && phys < 0x1f804000) return readExpansion2(phys, size);
    if (phys >= 0x1f000000 && phys < 0x1f800000) {
        uint32_t window = 1u << ((state_.delaySize[kRegionExp1] >> 16) & 0x1f);
        if (phys - 0x1f000000 >= window) return busError_ = true, 0xffffffff;
        lastCycles_ = sbusCycles(kRegionExp1, size, false);
        return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
    }
    if (phys >= 0x1fa00000 && phys < 0x1fc00000) {
        uint32_t window = 1u << ((state_.delaySize[kRegionExp3] >> 16) & 0x1f);
        if (phys - 0x1fa00000 >= window) return busError_ = true, 0xffffffff;
        lastCycles_ = sbusCycles(kRegionExp3, size, false);
        return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
    }
    if (phys >= 0xfffe0000) return readKseg2(phys, size);
    busError_ = true;
    return 0xffffffff;
}

// memorycontrol.md "Auto Increment" (delay/size bit 13): when it is clear, the transfers of an
// access wider than the data bus all read the same address ("read 4 bytes off the same
// address, and place them all into each byte of the loaded register").
uint32_t Bus::readBios(uint32_t phys, unsigned size) const {
    const uint32_t ds = state_.delaySize[kRegionBios];
    const uint32_t off = (phys - 0x1fc00000) & (kBiosSize - 1);
    const unsigned width = (ds & (1u << 12)) ? 2 : 1;
    uint32_t v = 0;
    if ((ds & (1u << 13)) || size <= width) {
        std::memcpy(&v, &bios_[off], size);
        return v;
    }
    uint32_t unit = 0;
    std::memcpy(&unit, &bios_[off & ~(width - 1)], width);
    for (unsigned i = 0; i < size; i += width)
        v |= unit << (8 * i);
    return v;
}

uint32_t Bus::readKseg2(uint32_t phys, unsigned size) {
    const uint32_t off = phys - 0xfffe0000;
    if (off >= 0x140 || (off >= 0x20 && off < 0x100)) return busError_ = true, 0xffffffff;
    lastCycles_ = 1;
    if ((phys & ~3u) != 0xfffe0130) return 0; // unlocked garbage: "usually returns zeros"
    // The upper halfword of BCC is write-only: halfword/byte reads there are garbage (zero).
    if (size < 4 && (phys & 2)) return 0;
    const uint32_t v = state_.cacheControl >> ((phys & 3) * 8);
    return size == 4 ? v : v & ((1u << (size * 8)) - 1);
}

void Bus::writeKseg2(uint32_t phys, uint32_t value, unsigned size) {
    (void)size;
    const uint32_t off = phys - 0xfffe0000;
    if (off >= 0x140 || (off >= 0x20 && off < 0x100)) {
        busError_ = true;
        return;
    }
    // "(i32)": any store at FFFE0130h writes the full source word; unaligned ones are ignored.
    if (phys == 0xfffe0130) state_.cacheControl = value;
}

void Bus::write(uint32_t vaddr, uint32_t value, unsigned size) {
    uint32_t phys = physical(vaddr);
    if (phys < ramWindow_) {
        uint32_t off = phys & ramMask_;
        uint32_t page = off >> kPageShift;
        if (pages_.flags(page)) pages_.touched(page, true);
        std::memcpy(&ram_[off], &value, size);
        return;
    }
    if (phys >= 0x1f800000 && phys < 0x1f800400) {
        if ((vaddr >> 29) == 5) {
            busError_ = true;
            return;
        }
        std::memcpy(&scratch_[phys & (kScratchSize - 1)], &value, size);
        return;
    }
    if (phys >= 0x1f801000 && phys < 0x1f802000) return writeIo(vaddr, phys, value, size);
    if (phys >= 0x1f802000 && phys < 0x1f804000) return writeExpansion2(phys, value, size);
    if (phys >= 0x1fc00000 && phys < 0x20000000) {
        uint32_t window = 1u << ((state_.delaySize[kRegionBios] >> 16) & 0x1f);
        if (phys - 0x1fc00000 >= window) busError_ = true;
        return; // ROM: writes are ignored
    }
    if (phys >= 0x1f000000 && phys < 0x1f800000) {
        uint32_t window = 1u << ((state_.delaySize[kRegionExp1] >> 16) & 0x1f);
        if (phys - 0x1f000000 >= window) busError_ = true;
        return;
    }
    if (phys >= 0x1fa00000 && phys < 0x1fc00000) {
        uint32_t window = 1u << ((state_.delaySize[kRegionExp3] >> 16) & 0x1f);
        if (phys - 0x1fa00000 >= window) busError_ = true;
        return;
    }
    if (phys >= 0xfffe0000) return writeKseg2(phys, value, size);
    busError_ = true;
}

void Bus::writeLanes(uint32_t vaddr, uint32_t busWord, uint32_t lanes) {
    const uint32_t phys = physical(vaddr);
    if (lanes == 0xf || phys < kIoBase || phys >= kIoBase + 0x1000) return write(vaddr, busWord, 4);
    const IoSlot& slot = ioRanges_[ioSlot_[(phys - kIoBase) >> 2]];
    if (slot.range.timing != IoTiming::Spu) return write(vaddr, busWord, 4);
    const unsigned lowest = static_cast<unsigned>(std::countr_zero(lanes));
    if (std::popcount(lanes) == 1 && (lowest & 1)) return; // /WR1 alone: the SPU ignores it
    const unsigned half = lowest >> 1;
    slot.range.write(slot.device, vaddr + 2 * half, (busWord >> (16 * half)) & 0xffff, 2);
}

uint32_t Bus::readMemControl(uint32_t phys) const {
    switch (phys & ~3u) {
    case 0x1f801000: return state_.exp1Base;
    case 0x1f801004: return state_.exp2Base;
    case 0x1f801020: return state_.comDelay;
    case 0x1f801060: return state_.ramSize;
    default:
        if (phys >= 0x1f801008 && phys < 0x1f801020)
            return state_.delaySize[(phys - 0x1f801008) >> 2];
        return 0;
    }
}

void Bus::writeMemControl(uint32_t phys, uint32_t value) {
    switch (phys & ~3u) {
    case 0x1f801000: state_.exp1Base = 0x1f000000 | (value & 0x00ffffff); return;
    case 0x1f801004: state_.exp2Base = 0x1f000000 | (value & 0x00ffffff); return;
    case 0x1f801020: state_.comDelay = value & 0xffff; return;
    case 0x1f801060:
        state_.ramSize = value;
        decodeRamSize();
        return;
    default:
        if (phys >= 0x1f801008 && phys < 0x1f801020) {
            uint32_t& r = state_.delaySize[(phys - 0x1f801008) >> 2];
            uint32_t errorFlag = (r & (1u << 28)) & ~(value & (1u << 28)); // write 1 clears
            r = (value & kDelaySizeWritable & ~(1u << 28)) | errorFlag;
        }
        return;
    }
}

bool Bus::lockedIo(uint32_t phys) {
    if (phys >= 0x1f801130 && phys < 0x1f801140) return false; // garbage, but unlocked
    busError_ = true;
    return true;
}

uint32_t Bus::readIo(uint32_t vaddr, uint32_t phys, unsigned size) {
    const uint8_t index = ioSlot_[(phys - kIoBase) >> 2];
    if (index == 0 && lockedIo(phys)) return 0xffffffff;
    const IoSlot& slot = ioRanges_[index];
    switch (slot.range.timing) {
    case IoTiming::OnDie: lastCycles_ = 5; break;
    case IoTiming::Spu: lastCycles_ = sbusCycles(kRegionSpu, size, false); break;
    case IoTiming::Cdrom: lastCycles_ = sbusCycles(kRegionCdrom, size, false); break;
    }
    return slot.range.read(slot.device, vaddr, size);
}

void Bus::writeIo(uint32_t vaddr, uint32_t phys, uint32_t value, unsigned size) {
    const uint8_t index = ioSlot_[(phys - kIoBase) >> 2];
    if (index == 0 && lockedIo(phys)) return;
    const IoSlot& slot = ioRanges_[index];
    slot.range.write(slot.device, vaddr, value, size);
}

uint32_t Bus::readMemControlPort(uint32_t addr, unsigned size) {
    uint32_t phys = physical(addr);
    uint32_t word = readMemControl(phys);
    return (word >> ((phys & 3) * 8)) & (size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1);
}

void Bus::writeMemControlPort(uint32_t addr, uint32_t value, unsigned size) {
    (void)size;
    uint32_t phys = physical(addr);
    // On-die: the whole shifted source word is latched (partialwordwrites.md).
    writeMemControl(phys, value << ((phys & 3) * 8));
}

uint32_t Bus::readExpansion2(uint32_t phys, unsigned size) {
    uint32_t off = phys - 0x1f802000;
    lastCycles_ = sbusCycles(kRegionExp2, size, false);
    if (off >= 0x80 && off < 0x88) return 0; // debug registers (Skipjack)
    uint32_t window = 1u << ((state_.delaySize[kRegionExp2] >> 16) & 0x1f);
    if (off >= window) return busError_ = true, 0xffffffff;
    if (off == 0x21) return 0x04 | 0x08; // DUART status A: Tx ready and Tx empty
    if (off == 0x41) return state_.post;
    return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

void Bus::writeExpansion2(uint32_t phys, uint32_t value, unsigned size) {
    uint32_t off = phys - 0x1f802000;
    if (off >= 0x80 && off < 0x88) {
        if (off == 0x82) {
            state_.exitCode = value & 0xff;
            state_.exitRequested = 1;
        }
        return;
    }
    uint32_t window = 1u << ((state_.delaySize[kRegionExp2] >> 16) & 0x1f);
    if (off >= window) {
        busError_ = true;
        return;
    }
    (void)size;
    if (off == 0x23 && host_) host_->consoleText(static_cast<char>(value & 0xff));
    if (off == 0x41) state_.post = static_cast<uint8_t>(value);
}

// Main RAM is not part of the bus section (version 2): it is its own section so a copy-on-write
// snapshot can carry it as pages and a restore can bring it back page by page (DESIGN.md §4).
void Bus::serialize(savestate::StateIO& io) {
    // Version 3: named fields; versions 1-2 stored the packed State (52 bytes), RAM (version 1
    // only), then the scratchpad.
    uint32_t version = io.beginSection("bus", 3);
    io.record(state_, version, 3, 52, [&] {
        io.field("exp1Base", state_.exp1Base);
        io.field("exp2Base", state_.exp2Base);
        io.field("delaySize", state_.delaySize);
        io.field("comDelay", state_.comDelay);
        io.field("ramSize", state_.ramSize);
        io.field("cacheControl", state_.cacheControl);
        io.field("exitCode", state_.exitCode);
        io.field("exitRequested", state_.exitRequested);
        io.field("post", state_.post);
    });
    if (version >= 3) {
        if (!io.field("scratchpad", scratch_.data(), scratch_.size()) && io.reading())
            std::fill(scratch_.begin(), scratch_.end(), 0);
    } else {
        if (version < 2) io.bytes(ram_.data(), ram_.size());
        io.bytes(scratch_.data(), scratch_.size());
    }
    io.endSection();
    ramInBusSection_ = version < 2;
    if (io.reading()) decodeRamSize();
}

void Bus::serializeRam(savestate::StateIO& io) {
    if (io.reading() && ramInBusSection_) return; // an older state carried it in "bus"
    io.beginSection("ram", 1);
    io.bytes(ram_.data(), ram_.size());
    io.endSection();
}

} // namespace core
