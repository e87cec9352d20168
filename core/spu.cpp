#include "core/spu.h"

#include <algorithm>
#include <cstring>

#include "core/irq.h"

// Hardware notes (soundprocessingunitspu.md) the code relies on:
// - "SPU Bus-Width": 8/16/32-bit reads work; 8-bit writes to odd addresses are ignored, 8-bit
//   writes to even addresses act as 16-bit writes of the register's low halfword; a 32-bit
//   write is two 16-bit writes.
// - "SPU Memory Access": writing 1F801DA6h also sets the internal current address to the value
//   times 8, which increments during transfers while 1F801DA6h keeps its value. The FIFO at
//   1F801DA8h holds up to 32 halfwords; they go to sound RAM in SPUCNT transfer mode 1
//   ("Set SPUCNT to Manual Write ... Wait until Transfer Busy in SPUSTAT goes off"; in the
//   multi-block case SPUCNT is already in mode 1, so FIFO writes in mode 1 go to RAM at once).
//   1F801DACh bits 1-3 choose how FIFO halfwords are written: 2 normal, 3 Rep2 (A,A,C,C),
//   4 Rep4 (A,A,A,A,E..), 5 Rep8 (H x8), 0/1/6/7 fill (the last FIFO halfword everywhere, as
//   many halfwords as were written). In read mode Rep2/4/8 read each halfword 2/4/8 times.
// - Addresses wrap at the end of the 512 KiB sound RAM.
// - Transfer busy (SPUSTAT.10): the RAM has one spare slot per voice ("SPU Internal State
//   Machine from SPU RAM Timing": 24 per 768 cycles), so a manual write of N halfwords keeps
//   the flag for N*32 cycles (consistent with the ">= 300h cycles" delay between BIOS blocks).
// - "SPU Interrupt": SPUCNT.6 enables IRQ9 (only with SPUCNT.15 set); clearing it acknowledges
//   (clears SPUSTAT.6). Data transfers (manual and DMA, read and write) touching the IRQ address
//   (1F801DA4h times 8) set SPUSTAT.6 and raise IRQ9. Voice, reverb and capture accesses do
//   not exist here yet and so never trigger it.
// - SPUSTAT bits 0-5 = SPUCNT bits 0-5, bit 7 = SPUCNT.5, bit 8/9 = DMA write/read request
//   (transfer mode 2/3), bit 11 (capture half) stays 0. The reference says bits 0-5 follow
//   "a bit delayed" without a figure; here they follow at once.
// - "SPU Voice Flags": KON/KOFF read back the last written value; KON clears the voices' ENDX
//   bits and sets their current ADSR volume (1F801C0Ch+N*10h) to zero; ENDX is read-only for
//   the CPU (a written value only shows "for a short moment"), bits 24-31 read 0. SPUSTAT is
//   read-only. 1F801DA0h (unknown status, "another day: usually 0000h") reads 0.

namespace core {

namespace {
constexpr uint32_t kAddrMask = Spu::kRamSize - 1; // byte addresses, halfword aligned below
constexpr uint16_t kSpucntEnable = 1u << 15;
constexpr uint16_t kSpucntIrqEnable = 1u << 6;
constexpr unsigned kVoices = 24;
} // namespace

Spu::Spu(Scheduler& scheduler, Irq& irq) : scheduler_(scheduler), irq_(irq), ram_(kRamSize) {
    reset();
}

void Spu::reset() {
    state_ = State{};
    regs_.fill(0);
    std::fill(ram_.begin(), ram_.end(), 0);
    pages_.reset();
}

// Every sound RAM access of the emulated machine goes through these two.
void Spu::ramWrite(uint32_t addr, uint16_t value) {
    addr &= kAddrMask & ~1u;
    uint32_t page = addr >> kPageShift;
    if (pages_.flags(page)) pages_.touched(page, true);
    std::memcpy(&ram_[addr], &value, 2);
    checkIrq(addr);
}

uint16_t Spu::ramRead(uint32_t addr) {
    addr &= kAddrMask & ~1u;
    uint32_t page = addr >> kPageShift;
    if (pages_.flags(page) & PageFlag::kAnyRead) pages_.touched(page, false);
    uint16_t v;
    std::memcpy(&v, &ram_[addr], 2);
    checkIrq(addr);
    return v;
}

void Spu::checkIrq(uint32_t addr) {
    if (addr != uint32_t(reg(kIrqAddress)) << 3) return;
    if ((reg(kSpucnt) & (kSpucntEnable | kSpucntIrqEnable)) != (kSpucntEnable | kSpucntIrqEnable))
        return;
    if (state_.irqFlag) return; // already requested, not yet acknowledged: no new edge
    state_.irqFlag = 1;
    irq_.raise(IrqSource::Spu);
}

// --- Transfers -----------------------------------------------------------------------------------

void Spu::fifoPush(uint16_t value) {
    if (state_.fifoCount < kFifoSize) state_.fifo[state_.fifoCount++] = value;
}

void Spu::flushFifo(bool manual) {
    unsigned n = state_.fifoCount;
    if (n == 0) return;
    const uint16_t* f = state_.fifo;
    unsigned type = (reg(kTransferControl) >> 1) & 7;
    for (unsigned i = 0; i < n; ++i) {
        uint16_t v;
        switch (type) {
        case 2: v = f[i]; break;                       // normal
        case 3: v = f[i & ~1u]; break;                 // Rep2: A,A,C,C
        case 4: v = f[i & ~3u]; break;                 // Rep4: A,A,A,A,E
        case 5: v = f[std::min(i | 7u, n - 1)]; break; // Rep8: H,H,...
        default: v = f[n - 1]; break;                  // fill: X,X,X,...
        }
        ramWrite(state_.transferAddr, v);
        state_.transferAddr = (state_.transferAddr + 2) & kAddrMask;
    }
    state_.fifoCount = 0;
    if (manual)
        state_.busyUntil = std::max(state_.busyUntil, scheduler_.now()) + n * kCyclesPerHalfword;
}

DeviceInfo Spu::describe() {
    DeviceInfo d("spu", this);
    d.ioRange<&Spu::read, &Spu::write>(0x1f801c00, 0x1f802000, IoTiming::Spu);
    d.dmaChannelPort(4, DmaPort{nullptr, &dmaRequestPort, &dmaWritePort, &dmaReadPort}, &drq_);
    d.state<&Spu::reset, &Spu::serialize>();
    return d;
}

bool Spu::dmaRequestPort(void* self, Cycles now) {
    (void)now;
    return static_cast<Spu*>(self)->dmaRequest();
}

void Spu::dmaWritePort(void* self, std::span<const uint32_t> words, const DmaClock& clock) {
    (void)clock;
    for (uint32_t w : words)
        static_cast<Spu*>(self)->dmaWrite(w);
}

void Spu::dmaReadPort(void* self, std::span<uint32_t> words, const DmaClock& clock) {
    (void)clock;
    for (uint32_t& w : words)
        w = static_cast<Spu*>(self)->dmaRead();
}

bool Spu::dmaRequest() const {
    uint32_t m = mode();
    return m == kDmaWrite || m == kDmaRead;
}

// A DMA word is two halfwords through the FIFO (low first); a full FIFO (a 10h-word block)
// goes to RAM with the transfer type of 1F801DACh.
void Spu::dmaWrite(uint32_t word) {
    fifoPush(uint16_t(word));
    if (state_.fifoCount == kFifoSize) flushFifo(false);
    fifoPush(uint16_t(word >> 16));
    if (state_.fifoCount == kFifoSize) flushFifo(false);
}

uint32_t Spu::dmaRead() {
    static constexpr uint8_t kReads[8] = {1, 1, 1, 2, 4, 8, 1, 1}; // by transfer type
    unsigned reads = kReads[(reg(kTransferControl) >> 1) & 7];
    uint32_t word = 0;
    for (unsigned h = 0; h < 2; ++h) {
        word |= uint32_t(ramRead(state_.transferAddr)) << (16 * h);
        if (++state_.repeatCount >= reads) {
            state_.repeatCount = 0;
            state_.transferAddr = (state_.transferAddr + 2) & kAddrMask;
        }
    }
    return word;
}

// --- Registers -----------------------------------------------------------------------------------

uint16_t Spu::spustat() const {
    uint16_t cnt = reg(kSpucnt);
    uint32_t m = mode();
    uint32_t s = (cnt & 0x3fu) | (uint32_t(state_.irqFlag) << 6) | ((cnt & 0x20u) << 2);
    if (m == kDmaWrite) s |= 1u << 8;
    if (m == kDmaRead) s |= 1u << 9;
    if (scheduler_.now() < state_.busyUntil) s |= 1u << 10;
    return uint16_t(s);
}

uint16_t Spu::readReg(uint32_t off) const {
    switch (off) {
    case kSpustat: return spustat();
    case kUnknownStatus: return 0;
    case kEndx + 2: return reg(off) & 0x00ff; // bits 24-31 not used
    default: return reg(off);
    }
}

uint32_t Spu::read(uint32_t addr, unsigned size) {
    uint32_t off = addr & 0x3fe;
    uint32_t v = readReg(off);
    if (size == 4) return v | (uint32_t(readReg((off + 2) & 0x3fe)) << 16);
    if (size == 1) return (addr & 1) ? v >> 8 : v & 0xff;
    return v;
}

void Spu::write(uint32_t addr, uint32_t value, unsigned size) {
    uint32_t off = addr & 0x3ff;
    if (size == 1 && (off & 1)) return; // 8-bit writes to odd addresses are ignored
    if (size == 4) {
        writeReg(off & 0x3fc, uint16_t(value));
        writeReg((off & 0x3fc) + 2, uint16_t(value >> 16));
        return;
    }
    writeReg(off & 0x3fe, uint16_t(value));
}

void Spu::keyOn(uint32_t voices) {
    for (unsigned v = 0; v < kVoices; ++v) {
        if (!((voices >> v) & 1)) continue;
        regs_[(0x0c + 0x10 * v) >> 1] = 0; // current ADSR volume starts at zero
    }
    regs_[kEndx >> 1] &= uint16_t(~voices);
    regs_[(kEndx + 2) >> 1] &= uint16_t(~(voices >> 16));
}

void Spu::writeReg(uint32_t off, uint16_t value) {
    switch (off) {
    case kSpustat:
    case kEndx:
    case kEndx + 2:
    case kUnknownStatus: return; // read-only
    case kKon:
        regs_[off >> 1] = value;
        keyOn(value);
        return;
    case kKon + 2:
        regs_[off >> 1] = value;
        keyOn(uint32_t(value) << 16);
        return;
    case kTransferAddress:
        regs_[off >> 1] = value;
        state_.transferAddr = uint32_t(value) << 3;
        return;
    case kTransferFifo:
        regs_[off >> 1] = value;
        fifoPush(value);
        if (mode() == kManualWrite) flushFifo(true);
        return;
    case kSpucnt: {
        uint32_t oldMode = mode();
        regs_[off >> 1] = value;
        if (!(value & kSpucntIrqEnable)) state_.irqFlag = 0; // acknowledge
        uint32_t m = mode();
        // Setting "Manual Write" starts the FIFO's transfer (also when it already was mode
        // 1: the BIOS's multi-block uploads rewrite it); leaving DMA write mode flushes what a
        // partial last block left in the FIFO.
        if (m == kManualWrite)
            flushFifo(true);
        else if (oldMode == kDmaWrite)
            flushFifo(false);
        if (m != oldMode) state_.repeatCount = 0;
        if ((m == kDmaWrite || m == kDmaRead) && m != oldMode) drq_.changed();
        return;
    }
    default: regs_[off >> 1] = value; return;
    }
}

// --- Savestate -----------------------------------------------------------------------------------

void Spu::serialize(savestate::StateIO& io) {
    // Version 3: named fields. Version 2: the registers, the packed State (80 bytes) and
    // sound RAM in a nested "spuram" section. Version 1 (the placeholder register file) had the
    // registers only.
    uint32_t version = io.beginSection("spu", 3);
    auto fields = [&] {
        io.field("busyUntil", state_.busyUntil);
        io.field("transferAddr", state_.transferAddr);
        io.field("fifo", state_.fifo);
        io.field("fifoCount", state_.fifoCount);
        io.field("irqFlag", state_.irqFlag);
        io.field("repeatCount", state_.repeatCount);
    };
    if (version >= 3) {
        if (!io.field("regs", regs_) && io.reading()) regs_.fill(0);
        io.fields(state_, fields);
        if (!io.field("ram", ram_.data(), ram_.size()) && io.reading())
            std::fill(ram_.begin(), ram_.end(), 0);
    } else if (version == 2) {
        io.bytes(regs_.data(), sizeof regs_);
        io.packed(state_, 80, fields);
        serializeRam(io);
    } else if (io.reading()) {
        io.bytes(regs_.data(), sizeof regs_);
        state_ = State{};
        state_.transferAddr = uint32_t(reg(kTransferAddress)) << 3;
        std::fill(ram_.begin(), ram_.end(), 0);
    }
    // A load that replaced sound RAM here (not left out for a snapshot's page restore) wrote
    // every page: dirty tracking must not let the next snapshot share the old pages.
    if (io.reading() && !io.omits(ram_.data())) pages_.markAllDirty();
    io.endSection();
}

void Spu::serializeRam(savestate::StateIO& io) {
    io.beginSection("spuram", 1);
    io.bytes(ram_.data(), ram_.size());
    io.endSection();
}

} // namespace core
