#include "core/spu.h"

#include <algorithm>
#include <cstring>

#include "core/host.h"
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
//   (clears SPUSTAT.6). Any sound RAM access at the IRQ address (1F801DA4h times 8) sets
//   SPUSTAT.6 and raises IRQ9: data transfers (manual and DMA, read and write), voice ADPCM
//   reads, capture writes (only with 1F801DACh bit 2 or 3 set) and the reverb's accesses.
// - SPUSTAT bits 0-5 = SPUCNT bits 0-5, bit 7 = SPUCNT.5, bit 8/9 = DMA write/read request
//   (transfer mode 2/3), bit 11 = capture buffers' second half (only with 1F801DACh bit 2 or 3
//   set). The reference says bits 0-5 follow "a bit delayed" without a figure; here they
//   follow at once.
// - "SPU Voice Flags": KON/KOFF read back the last written value; KON copies the start
//   address to the current address, starts the attack at ADSR volume zero and clears the
//   voices' ENDX bits; KOFF starts the release. ENDX is read-only for the CPU (a written value
//   only shows "for a short moment"), bits 24-31 read 0. SPUSTAT is read-only. 1F801DA0h
//   (unknown status, "another day: usually 0000h") reads 0.
// - Read-back of hardware-updated registers: 1F801C0Ch+N*10h the current ADSR volume (writes
//   set it), 1F801C0Eh+N*10h the repeat address (the loop start flag writes it),
//   1F801DB8h/BAh the current main volume, 1F801E00h+N*4 the voices' current volumes.
// - KON and KOFF act when written (after the SPU caught up): the reference documents no delay
//   beyond "the SPU seems to process written values at 44100Hz rate", which the next tick is.

namespace core {

namespace {
constexpr uint32_t kAddrMask = Spu::kRamSize - 1; // byte addresses, halfword aligned below
constexpr uint16_t kSpucntEnable = 1u << 15;
constexpr uint16_t kSpucntIrqEnable = 1u << 6;
constexpr unsigned kVoices = 24;
// DMA reads of each halfword by transfer type (1F801DACh): Rep2/4/8 read it 2/4/8 times.
constexpr uint8_t kReadsPerHalfword[8] = {1, 1, 1, 2, 4, 8, 1, 1};
} // namespace

Spu::Spu(Scheduler& scheduler, Irq& irq) : scheduler_(scheduler), irq_(irq), ram_(kRamSize) {
    tickEvent_ = scheduler_.add<&Spu::onTick>("spu.tick", this);
    audioOut_.reserve(kAudioChunkFrames * 2);
    reset();
}

Spu::~Spu() = default;

void Spu::reset() {
    state_ = State{};
    mix_ = Mixer{};
    reverb_.reset();
    mix_.nextTick = scheduler_.now() + Host::kCyclesPerAudioFrame;
    regs_.fill(0);
    std::fill(ram_.begin(), ram_.end(), 0);
    pages_.reset();
    audioOut_.clear();
    voicesAtRest_ = false;
    scheduleTick();
}

// The slow half of the IRQ check (core/spu.h: ramRead/ramWrite compare the address inline).
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

// DMA read mode keeps the FIFO full from sound RAM ahead of the DMA: SPUSTAT (1F801DAEh) says
// that in DMA-read mode "the SPU is first internally collecting the data in the Fifo, before
// transferring it". Each of these reads is a sound RAM access, so the IRQ address traps up to
// kFifoSize halfwords beyond the last word the DMA took ("SPU Interrupt", "Data Transfers ... do
// also trap SPU interrupts"). Rep2/4/8 read each halfword 2/4/8 times before the address moves.
// Approximation: the fill is immediate (the reference gives no rate).
void Spu::restartPrefetch() {
    state_.fifoCount = state_.fifoHead = 0;
    prefetch();
}

void Spu::prefetch() {
    unsigned reads = kReadsPerHalfword[(reg(kTransferControl) >> 1) & 7];
    while (state_.fifoCount < kFifoSize) {
        state_.fifo[(state_.fifoHead + state_.fifoCount) % kFifoSize] =
            ramRead(state_.transferAddr);
        ++state_.fifoCount;
        if (++state_.repeatCount >= reads) {
            state_.repeatCount = 0;
            state_.transferAddr = (state_.transferAddr + 2) & kAddrMask;
        }
    }
}

DeviceInfo Spu::describe() {
    DeviceInfo d("spu", this);
    d.ioRange<&Spu::read, &Spu::write>(0x1f801c00, 0x1f802000, IoTiming::Spu);
    d.event(tickEvent_);
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
    static_cast<Spu*>(self)->catchUp();
    for (uint32_t w : words)
        static_cast<Spu*>(self)->dmaWrite(w);
}

void Spu::dmaReadPort(void* self, std::span<uint32_t> words, const DmaClock& clock) {
    (void)clock;
    static_cast<Spu*>(self)->catchUp();
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
    catchUp();
    fifoPush(uint16_t(word));
    if (state_.fifoCount == kFifoSize) flushFifo(false);
    fifoPush(uint16_t(word >> 16));
    if (state_.fifoCount == kFifoSize) flushFifo(false);
}

uint32_t Spu::dmaRead() {
    catchUp();
    if (mode() == kDmaRead) { // two halfwords from the prefetched FIFO, low first
        uint32_t word = 0;
        for (unsigned h = 0; h < 2; ++h) {
            prefetch(); // refills what the previous halfword took
            word |= uint32_t(state_.fifo[state_.fifoHead]) << (16 * h);
            state_.fifoHead = uint8_t((state_.fifoHead + 1) % kFifoSize);
            --state_.fifoCount;
        }
        prefetch();
        return word;
    }
    // Not in DMA read mode (no prefetch): the words come straight from sound RAM.
    unsigned reads = kReadsPerHalfword[(reg(kTransferControl) >> 1) & 7];
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
    if ((mix_.captureIndex & 0x100) && (reg(kTransferControl) & 0xc)) s |= 1u << 11;
    return uint16_t(s);
}

uint16_t Spu::readReg(uint32_t off) const {
    switch (off) {
    case kSpustat: return spustat();
    case kUnknownStatus: return 0;
    case kEndx + 2: return reg(off) & 0x00ff; // bits 24-31 not used
    case kMainVolumeCurrent: return uint16_t(mix_.mainVolume[0].level);
    case kMainVolumeCurrent + 2: return uint16_t(mix_.mainVolume[1].level);
    default: break;
    }
    if (off < 0x180 && (off & 0xe) == 0xc) return uint16_t(mix_.voices[off >> 4].adsr.level);
    if (off >= kVoiceVolumeCurrent && off < kVoiceVolumeCurrent + 4 * spu::kVoiceCount)
        return uint16_t(mix_.voices[(off - kVoiceVolumeCurrent) >> 2].volume[(off >> 1) & 1].level);
    return reg(off);
}

uint32_t Spu::read(uint32_t addr, unsigned size) {
    catchUp();
    uint32_t off = addr & 0x3fe;
    uint32_t v = readReg(off);
    if (size == 4) return v | (uint32_t(readReg((off + 2) & 0x3fe)) << 16);
    if (size == 1) return (addr & 1) ? v >> 8 : v & 0xff;
    return v;
}

void Spu::write(uint32_t addr, uint32_t value, unsigned size) {
    catchUp();
    uint32_t off = addr & 0x3ff;
    if (size == 1 && (off & 1)) return; // 8-bit writes to odd addresses are ignored
    if (size == 4) {
        writeReg(off & 0x3fc, uint16_t(value));
        writeReg((off & 0x3fc) + 2, uint16_t(value >> 16));
        return;
    }
    writeReg(off & 0x3fe, uint16_t(value));
}

// "Key ON: Starts the ADSR Envelope, and automatically initializes ADSR Volume to zero"; "The
// start address is copied to the current address upon Key On"; ENDX bits "get CLEARED when
// setting the corresponding KEY ON bits". The pitch counter and the decoder's history start
// over with the sample.
void Spu::keyOn(uint32_t voices) {
    for (unsigned v = 0; v < kVoices; ++v) {
        if (!((voices >> v) & 1)) continue;
        spu::Voice& vc = mix_.voices[v];
        vc.addr = (uint32_t(regs_[(0x06 + 0x10 * v) >> 1]) << 3) & kAddrMask;
        vc.counter = 0;
        std::fill(std::begin(vc.samples), std::end(vc.samples), int16_t(0));
        vc.old = vc.older = 0;
        vc.decoded = 0;
        vc.adsr = spu::AdsrState{};
        vc.adsr.phase = spu::kAdsrAttack;
    }
    regs_[kEndx >> 1] &= uint16_t(~voices);
    regs_[(kEndx + 2) >> 1] &= uint16_t(~(voices >> 16));
}

// "Key OFF: Start Release" from wherever the envelope is (also during attack).
void Spu::keyOff(uint32_t voices) {
    for (unsigned v = 0; v < kVoices; ++v) {
        if (!((voices >> v) & 1)) continue;
        spu::AdsrState& a = mix_.voices[v].adsr;
        if (a.phase == spu::kAdsrOff) continue;
        a.phase = spu::kAdsrRelease;
        a.counter = 0;
    }
}

void Spu::writeReg(uint32_t off, uint16_t value) {
    voicesAtRest_ = false; // any register may wake a voice (pitch, volume, KON, ADSR level)
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
        keyOn(uint32_t(value & 0xff) << 16);
        return;
    case kKoff:
        regs_[off >> 1] = value;
        keyOff(value);
        return;
    case kKoff + 2:
        regs_[off >> 1] = value;
        keyOff(uint32_t(value & 0xff) << 16);
        return;
    case kMainVolumeCurrent:
    case kMainVolumeCurrent + 2: mix_.mainVolume[(off >> 1) & 1].level = int16_t(value); return;
    case kReverbBase:
        regs_[off >> 1] = value;
        reverb_.writeMBase(value); // soundprocessingunitspu.md: writing mBASE resets the address
        return;
    case kTransferAddress:
        regs_[off >> 1] = value;
        state_.transferAddr = uint32_t(value) << 3;
        if (mode() == kDmaRead) restartPrefetch();
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
        // Entering DMA read mode starts the prefetch; leaving it drops what was prefetched (the
        // FIFO then serves writes again).
        if (m == kDmaRead && oldMode != kDmaRead)
            restartPrefetch();
        else if (oldMode == kDmaRead && m != kDmaRead)
            state_.fifoCount = state_.fifoHead = 0;
        if ((m == kDmaWrite || m == kDmaRead) && m != oldMode) drq_.changed();
        scheduleTick(); // the IRQ may have become possible: one tick per event from now
        return;
    }
    default: break;
    }
    if (off < 0x180 && (off & 0xe) == 0xc) { // "jump" the envelope to a level
        mix_.voices[off >> 4].adsr.level = int16_t(value);
        return;
    }
    if (off >= kVoiceVolumeCurrent && off < kVoiceVolumeCurrent + 4 * spu::kVoiceCount) {
        mix_.voices[(off - kVoiceVolumeCurrent) >> 2].volume[(off >> 1) & 1].level = int16_t(value);
        return;
    }
    regs_[off >> 1] = value;
}

// --- Savestate -----------------------------------------------------------------------------------

void Spu::serialize(savestate::StateIO& io) {
    if (io.reading()) voicesAtRest_ = false; // the next tick looks at the loaded voices again
    // Version 5: in DMA read mode the FIFO holds prefetched halfwords (a ring from fifoHead);
    // older states have none there and prefetch on the next DMA word. Version 4: the mixer (voices,
    // envelopes, noise, capture position, CD input, sample clock) as named fields. Version 3: named
    // fields of registers, transfer state and RAM. Version 2: the registers, the packed State (80
    // bytes) and sound RAM in a nested "spuram" section. Version 1 (the placeholder register file)
    // had the registers only. Older versions load with the voices reset and the sample clock
    // restarted.
    uint32_t version = io.beginSection("spu", 5);
    auto fields = [&] {
        io.field("busyUntil", state_.busyUntil);
        io.field("transferAddr", state_.transferAddr);
        io.field("fifo", state_.fifo);
        io.field("fifoCount", state_.fifoCount);
        io.field("irqFlag", state_.irqFlag);
        io.field("repeatCount", state_.repeatCount);
        io.field("fifoHead", state_.fifoHead);
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
    if (io.reading()) {
        // Before version 4 the registers held the ADSR volumes; the voices start silent.
        mix_ = Mixer{};
        mix_.nextTick = scheduler_.now() + Host::kCyclesPerAudioFrame;
    }
    if (version >= 4) {
        serializeMixer(io);
        reverb_.serialize(io); // absent before this field set: loads as reset
    } else if (io.reading()) {
        reverb_.reset();
    }
    if (io.reading()) {
        // Bad input stays in range; before version 5 the FIFO never held prefetched data.
        if (state_.fifoCount > kFifoSize) state_.fifoCount = kFifoSize;
        state_.fifoHead %= kFifoSize;
        if (version < 5 && mode() == kDmaRead) state_.fifoCount = state_.fifoHead = 0;
        mix_.captureIndex &= 0x1ff;
        mix_.cdRead %= kCdRingFrames;
        if (mix_.cdCount > kCdRingFrames) mix_.cdCount = kCdRingFrames;
        for (spu::Voice& v : mix_.voices) {
            v.addr &= kAddrMask & ~7u;
            v.counter &= 0x1ffff; // below 28 samples after every tick; bad input stays in range
            if (v.counter >= spu::kBlockSamples << 12) v.counter = 0;
            if (v.adsr.phase > spu::kAdsrRelease) v.adsr.phase = spu::kAdsrOff;
        }
        // A state without the event pending (older versions, or a damaged one) restarts the
        // clock; otherwise the scheduler's saved event stands.
        if (!scheduler_.pending(tickEvent_)) scheduleTick();
        audioOut_.clear();
    }
    // A load that replaced sound RAM here (not left out for a snapshot's page restore) wrote
    // every page: dirty tracking must not let the next snapshot share the old pages.
    if (io.reading() && !io.omits(ram_.data())) pages_.markAllDirty();
    io.endSection();
}

void Spu::serializeMixer(savestate::StateIO& io) {
    io.fields(mix_, [&] {
        io.field("nextTick", mix_.nextTick);
        for (uint32_t i = 0; i < spu::kVoiceCount; ++i) {
            spu::Voice& v = mix_.voices[i];
            io.field("v.addr", i, v.addr);
            io.field("v.counter", i, v.counter);
            io.field("v.samples", i, v.samples);
            io.field("v.old", i, v.old);
            io.field("v.older", i, v.older);
            io.field("v.out", i, v.out);
            io.field("v.flags", i, v.flags);
            io.field("v.decoded", i, v.decoded);
            io.field("v.adsrLevel", i, v.adsr.level);
            io.field("v.adsrCounter", i, v.adsr.counter);
            io.field("v.adsrPhase", i, v.adsr.phase);
            io.field("v.volLeft", i, v.volume[0].level);
            io.field("v.volLeftCounter", i, v.volume[0].counter);
            io.field("v.volRight", i, v.volume[1].level);
            io.field("v.volRightCounter", i, v.volume[1].counter);
        }
        io.field("mainVolLeft", mix_.mainVolume[0].level);
        io.field("mainVolLeftCounter", mix_.mainVolume[0].counter);
        io.field("mainVolRight", mix_.mainVolume[1].level);
        io.field("mainVolRightCounter", mix_.mainVolume[1].counter);
        io.field("noiseTimer", mix_.noiseTimer);
        io.field("noiseLevel", mix_.noiseLevel);
        io.field("captureIndex", mix_.captureIndex);
        io.field("cdRead", mix_.cdRead);
        io.field("cdCount", mix_.cdCount);
        io.field("cdRing", mix_.cdRing);
    });
}

void Spu::serializeRam(savestate::StateIO& io) {
    io.beginSection("spuram", 1);
    io.bytes(ram_.data(), ram_.size());
    io.endSection();
}

} // namespace core
