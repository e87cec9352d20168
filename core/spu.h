#pragma once
// Sound Processing Unit, memory side (soundprocessingunitspu.md): the 512 KiB sound RAM, the
// transfer FIFO and address, manual and DMA4 transfers with the transfer types of 1F801DACh,
// the SPU RAM IRQ (IRQ9), SPUCNT/SPUSTAT, and every other register as a register file that
// reads back what was written (with the few read-only quirks the reference lists). No voice
// playback, ADPCM, reverb, capture buffers or audio output yet.
//
// Sound RAM accesses go through a page table like the bus's main RAM (core/bus.h), so
// savestates can track dirty pages and intercept pages for copy-on-write snapshots and batched
// restore (DESIGN.md §4).
#include <array>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "core/device.h"
#include "core/page_table.h"
#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace core {

class Irq;

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
    };
    // SPUCNT bits 4-5: Sound RAM Transfer Mode.
    enum TransferMode : uint32_t { kStop = 0, kManualWrite = 1, kDmaWrite = 2, kDmaRead = 3 };

    using Pages = PageTable<kRamPages>; // per 4 KiB sound RAM page (core/page_table.h)

    struct State {
        Cycles busyUntil;      // SPUSTAT.10 reads 1 until this cycle (manual write)
        uint32_t transferAddr; // the internal "current address" (bytes), 0..7FFFEh
        uint16_t fifo[kFifoSize];
        uint8_t fifoCount;
        uint8_t irqFlag;     // SPUSTAT.6
        uint8_t repeatCount; // DMA reads of the current halfword so far (Rep2/4/8)
        uint8_t pad;
    };
    static_assert(std::is_trivially_copyable_v<State>);
    static_assert(sizeof(State) == 80, "State must have no implicit padding");

    Spu(Scheduler& scheduler, Irq& irq);
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

    uint8_t* ram() { return ram_.data(); }
    const uint8_t* ram() const { return ram_.data(); }
    const State& state() const { return state_; }

    // Sound RAM's page table (savestates), as the bus's for main RAM.
    Pages& pages() { return pages_; }
    const Pages& pages() const { return pages_; }

    // The "spu" section, named fields: registers, transfer state and sound RAM (field "ram", a
    // memory region snapshots carry as pages). serializeRam() is version 2's nested "spuram"
    // section, read for older states.
    void serialize(savestate::StateIO& io);
    void serializeRam(savestate::StateIO& io);

  private:
    uint16_t reg(uint32_t off) const { return regs_[(off & 0x3ff) >> 1]; }
    uint16_t readReg(uint32_t off) const;
    void writeReg(uint32_t off, uint16_t value);
    uint16_t spustat() const;
    uint32_t mode() const { return (reg(kSpucnt) >> 4) & 3; }
    void keyOn(uint32_t voices);
    void fifoPush(uint16_t value);
    void flushFifo(bool manual);
    void ramWrite(uint32_t addr, uint16_t value);
    uint16_t ramRead(uint32_t addr);
    void checkIrq(uint32_t addr);
    // DMA port: sound RAM transfers do not depend on when each word arrives.
    static bool dmaRequestPort(void* self, Cycles now);
    static void dmaWritePort(void* self, std::span<const uint32_t> words, const DmaClock& clock);
    static void dmaReadPort(void* self, std::span<uint32_t> words, const DmaClock& clock);

    Scheduler& scheduler_;
    Irq& irq_;
    DmaRequestLine drq_; // "my DRQ may have gone high" to the DMA controller
    State state_{};
    std::array<uint16_t, 512> regs_{}; // 1F801C00h..1F801FFFh as halfwords
    std::vector<uint8_t> ram_;
    Pages pages_;
};

} // namespace core
