#pragma once
// Sound Processing Unit (soundprocessingunitspu.md): the 512 KiB sound RAM, the transfer FIFO
// and address, manual and DMA4 transfers with the transfer types of 1F801DACh, the SPU RAM IRQ
// (IRQ9), SPUCNT/SPUSTAT, the registers, and the sample clock: every 768 CPU cycles one tick
// runs the 24 voices (core/spu_voice.h, core/spu_adsr.h), the noise generator, the capture
// buffers, the CD input and the mixer (core/spu_mix.cpp), and hands a stereo sample to the
// host (Host::audioSamples). The reverb unit is a separate class called once per tick.
//
// Time: the tick runs on a scheduler event ("spu.tick"), a batch of ticks at a time while no
// SPU IRQ can happen, one tick per event while one can. Before any register access, DMA word,
// CD input or frame end the SPU catches up to the current cycle, so what a program observes
// never depends on how ticks were batched.
//
// Sound RAM accesses go through a page table like the bus's main RAM (core/bus.h), so
// savestates can track dirty pages and intercept pages for copy-on-write snapshots and batched
// restore (DESIGN.md §4).
#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>
#include <vector>

#include "core/device.h"
#include "core/page_table.h"
#include "core/scheduler.h"
#include "core/spu_reverb.h"
#include "core/spu_voice.h"
#include "savestate/state_io.h"

namespace core {

class Irq;
class Host;
class Spu;

// Sound RAM as the reverb unit sees it (core/spu_reverb.h): every access goes through the
// page table (copy-on-write savestates) and the IRQ address check, like any other access.
struct SpuRamAccess {
    Spu& spu;
    uint16_t read(uint32_t byteAddr);
    void write(uint32_t byteAddr, uint16_t v);
};

class Spu {
  public:
    static constexpr uint32_t kRamSize = 512 * 1024;
    static constexpr uint32_t kPageShift = 12; // 4 KiB pages, as the bus's RAM
    static constexpr uint32_t kPageSize = 1u << kPageShift;
    static constexpr uint32_t kRamPages = kRamSize / kPageSize;
    static constexpr unsigned kFifoSize = 32; // "1F801DA8h ... max 32 halfwords"
    // "SPU Internal State Machine from SPU RAM Timing": one spare RAM slot per voice, 24 per
    // 768-cycle sample period, i.e. one transferred halfword per 32 CPU cycles.
    static constexpr Cycles kCyclesPerHalfword = 768 / 24;

    // Register offsets from 1F801C00h ("SPU I/O Port Summary").
    enum Reg : uint32_t {
        kReverbBase = 0x1a2, // "1F801DA2h - mBASE"
        kKon = 0x188,
        kKoff = 0x18c,
        kEndx = 0x19c,
        kUnknownStatus = 0x1a0,
        kIrqAddress = 0x1a4,
        kTransferAddress = 0x1a6,
        kTransferFifo = 0x1a8,
        kSpucnt = 0x1aa,
        kTransferControl = 0x1ac,
        kSpustat = 0x1ae,
        kMainVolumeCurrent = 0x1b8,  // "1F801DB8h - Current Main Volume Left/Right"
        kReverbRegs = 0x1c0,         // "1F801DC0h..1F801DFFh - Reverb Configuration Area"
        kVoiceVolumeCurrent = 0x200, // "1F801E00h+voice*04h - Current Volume Left/Right"
    };
    static constexpr uint16_t kSpucntReverb = 1u << 7; // SPUCNT.7 "Reverb Master Enable"
    // SPUCNT bits 4-5: Sound RAM Transfer Mode.
    enum TransferMode : uint32_t { kStop = 0, kManualWrite = 1, kDmaWrite = 2, kDmaRead = 3 };

    using Pages = PageTable<kRamPages>; // per 4 KiB sound RAM page (core/page_table.h)

    struct State {
        Cycles busyUntil;         // SPUSTAT.10 reads 1 until this cycle (manual write)
        uint32_t transferAddr;    // the internal "current address" (bytes), 0..7FFFEh
        uint16_t fifo[kFifoSize]; // writes: fifo[0..fifoCount); DMA read: a ring from fifoHead
        uint8_t fifoCount;
        uint8_t irqFlag;     // SPUSTAT.6
        uint8_t repeatCount; // DMA reads of the current halfword so far (Rep2/4/8)
        uint8_t fifoHead;    // DMA read mode: the oldest prefetched halfword
    };
    static_assert(std::is_trivially_copyable_v<State>);
    static_assert(sizeof(State) == 80, "State must have no implicit padding");

    // CD input frames (44.1 kHz stereo) waiting for their tick: more than two sectors' worth.
    static constexpr uint32_t kCdRingFrames = 4096;
    // Ticks per "spu.tick" event while no SPU IRQ can happen.
    static constexpr uint32_t kTicksPerBatch = 32;
    // Audio frames the SPU collects before handing them to the host (and at every frame end).
    static constexpr uint32_t kAudioChunkFrames = 1024;

    // The sample side: voices, envelopes, noise, capture position, CD input, sample clock.
    struct Mixer {
        Cycles nextTick; // the cycle of the next tick (one per 768 cycles)
        spu::Voice voices[spu::kVoiceCount];
        spu::SweepState mainVolume[2]; // 1F801DB8h/BAh current main volume left/right
        int32_t noiseTimer;
        uint16_t noiseLevel;
        uint16_t captureIndex; // next halfword written in each capture buffer (0..1FFh)
        uint32_t cdRead;       // ring position of the oldest CD frame
        uint32_t cdCount;      // CD frames waiting
        int16_t cdRing[kCdRingFrames * 2];
    };
    static_assert(std::is_trivially_copyable_v<Mixer>);

    Spu(Scheduler& scheduler, Irq& irq);
    ~Spu();
    // 1F801C00h..1F801FFFh (SBUS, SPU delay), DMA channel 4, the "spu" section.
    DeviceInfo describe();
    void reset();

    // CPU access to 1F801C00h..1F801FFFh (the bus passes the whole source register on writes).
    uint32_t read(uint32_t addr, unsigned size);
    void write(uint32_t addr, uint32_t value, unsigned size);

    // DMA channel 4 (dmachannels.md): the DRQ line and one word each way.
    bool dmaRequest() const;
    void dmaWrite(uint32_t word);
    uint32_t dmaRead();

    // Where mixed samples go (nullptr: nowhere).
    void setHost(Host* host) { host_ = host; }
    // Runs every tick due up to now and hands the collected samples to the host (frame end).
    void flushAudio();
    // Runs every tick due up to now.
    void catchUp() {
        if (scheduler_.now() >= mix_.nextTick) runTicks();
    }
    // The CD input (core/cdrom: the drive's CdAudioSink): 44.1 kHz stereo frames, L,R
    // interleaved, queued for the following ticks (one frame per tick). Frames beyond the
    // ring's room are dropped.
    void cdAudio(const int16_t* frames, size_t count);

    uint8_t* ram() { return ram_.data(); }
    const uint8_t* ram() const { return ram_.data(); }
    const State& state() const { return state_; }
    const Mixer& mixer() const { return mix_; }

    // Sound RAM's page table (savestates), as the bus's for main RAM.
    Pages& pages() { return pages_; }
    const Pages& pages() const { return pages_; }

    // The "spu" section, named fields: registers, transfer state and sound RAM (field "ram", a
    // memory region snapshots carry as pages). serializeRam() is version 2's nested "spuram"
    // section, read for older states.
    void serialize(savestate::StateIO& io);
    void serializeRam(savestate::StateIO& io);
    void serializeMixer(savestate::StateIO& io);

  private:
    friend struct SpuRamAccess;
    uint16_t reg(uint32_t off) const { return regs_[(off & 0x3ff) >> 1]; }
    uint32_t reg32(uint32_t off) const { return reg(off) | uint32_t(reg(off + 2)) << 16; }
    uint16_t readReg(uint32_t off) const;
    void writeReg(uint32_t off, uint16_t value);
    uint16_t spustat() const;
    uint32_t mode() const { return (reg(kSpucnt) >> 4) & 3; }
    void keyOn(uint32_t voices);
    void keyOff(uint32_t voices);
    // core/spu_mix.cpp: the sample clock.
    void onTick(Cycles late, uint32_t payload);
    void scheduleTick();
    bool irqArmed() const;
    void runTicks();
    void tick();
    void decodeBlock(spu::Voice& v, unsigned index);
    void endBlock(spu::Voice& v, unsigned index);
    void captureWrite(uint32_t addr, int16_t value, bool irq);
    std::array<int32_t, 2> reverbStep(int32_t inL, int32_t inR);
    void deliverAudio();
    void fifoPush(uint16_t value);
    void prefetch();
    void restartPrefetch();
    void flushFifo(bool manual);
    // Every sound RAM access of the emulated machine (transfers, reverb) goes through these:
    // the page table (dirty pages, copy-on-write, pending restores) and the IRQ address.
    void ramWrite(uint32_t addr, uint16_t value) {
        addr &= (kRamSize - 1) & ~1u;
        uint32_t page = addr >> kPageShift;
        if (pages_.flags(page)) pages_.touched(page, true);
        std::memcpy(&ram_[addr], &value, 2);
        if (addr == uint32_t(reg(kIrqAddress)) << 3) checkIrq(addr);
    }
    uint16_t ramRead(uint32_t addr) {
        addr &= (kRamSize - 1) & ~1u;
        uint32_t page = addr >> kPageShift;
        if (pages_.flags(page) & PageFlag::kAnyRead) pages_.touched(page, false);
        uint16_t v;
        std::memcpy(&v, &ram_[addr], 2);
        if (addr == uint32_t(reg(kIrqAddress)) << 3) checkIrq(addr);
        return v;
    }
    void checkIrq(uint32_t addr);
    // DMA port: sound RAM transfers do not depend on when each word arrives.
    static bool dmaRequestPort(void* self, Cycles now);
    static void dmaWritePort(void* self, std::span<const uint32_t> words, const DmaClock& clock);
    static void dmaReadPort(void* self, std::span<uint32_t> words, const DmaClock& clock);

    Scheduler& scheduler_;
    Irq& irq_;
    DmaRequestLine drq_; // "my DRQ may have gone high" to the DMA controller
    State state_{};
    Mixer mix_{};
    SpuReverb reverb_;
    Scheduler::Handle tickEvent_;
    Host* host_ = nullptr;
    // Not state (a host-speed cache): every voice took the at-rest path on the last tick and
    // nothing has written a register or loaded a state since, so a tick without an armed IRQ
    // would store only what the voices already hold. Cleared by every register write, reset and
    // load; set again by the next tick that finds all 24 voices at rest.
    bool voicesAtRest_ = false;
    std::vector<int16_t> audioOut_;    // mixed frames not yet handed to the host (not state)
    std::array<uint16_t, 512> regs_{}; // 1F801C00h..1F801FFFh as halfwords
    std::vector<uint8_t> ram_;
    Pages pages_;
};

inline uint16_t SpuRamAccess::read(uint32_t byteAddr) {
    return spu.ramRead(byteAddr);
}
inline void SpuRamAccess::write(uint32_t byteAddr, uint16_t v) {
    spu.ramWrite(byteAddr, v);
}

} // namespace core
