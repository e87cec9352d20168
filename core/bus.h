#pragma once
// The CPU's view of the machine (memorymap.md, iomap.md, memorycontrol.md): RAM with its
// mirrors, scratchpad, BIOS ROM, the expansion regions, memory control and every I/O range.
// RAM writes go through a page table that can track dirty pages and intercept pages for
// copy-on-write snapshots and batched restore (DESIGN.md §4).
#include <array>
#include <cstdint>
#include <vector>

#include "core/device.h"
#include "core/page_table.h"
#include "savestate/state_io.h"

namespace core {

class Host;

class Bus {
  public:
    static constexpr uint32_t kRamSize = 2 * 1024 * 1024;
    static constexpr uint32_t kBiosSize = 512 * 1024;
    static constexpr uint32_t kScratchSize = 1024;
    static constexpr uint32_t kPageShift = 12; // 4 KiB pages for dirty tracking
    static constexpr uint32_t kPageSize = 1u << kPageShift;
    static constexpr uint32_t kRamPages = kRamSize / kPageSize;

    using Pages = PageTable<kRamPages>; // per 4 KiB RAM page (core/page_table.h)

    struct State {
        uint32_t exp1Base, exp2Base;
        uint32_t delaySize[6]; // 1F801008h..1F80101Ch: EXP1, EXP3, BIOS, SPU, CDROM, EXP2
        uint32_t comDelay;     // 1F801020h
        uint32_t ramSize;      // 1F801060h
        uint32_t cacheControl; // FFFE0130h
        uint32_t exitCode;     // last value written to the debug exit register (1F802082h)
        uint8_t exitRequested;
        uint8_t post; // 1F802041h POST display
        uint8_t pad[2];
    };
    static_assert(std::is_trivially_copyable_v<State>);

    Bus();
    // Maps a device's I/O ranges (core/device.h) into 1F801000h..1F801FFFh. Unmapped I/O
    // addresses read as zero and ignore writes (iomap.md). The memory control registers are
    // the bus's own and always mapped.
    void map(const DeviceInfo& device);
    DeviceInfo describe();
    void reset();

    uint8_t* ram() { return ram_.data(); }
    const uint8_t* ram() const { return ram_.data(); }
    uint8_t* bios() { return bios_.data(); }
    const uint8_t* bios() const { return bios_.data(); }
    uint8_t* scratchpad() { return scratch_.data(); }
    const uint8_t* scratchpad() const { return scratch_.data(); }

    // Physical address of a CPU address: KUSEG's first 512 MB, KSEG0 and KSEG1 fold onto the
    // same 512 MB; KSEG2 stays as it is (only FFFE0130h lives there); the upper 1.5 GB of
    // KUSEG gives 0xFFFFFFFF (nothing answers).
    static uint32_t physical(uint32_t vaddr) {
        static constexpr uint32_t kMask[8] = {0x1fffffff, 0x1fffffff, 0x1fffffff, 0x1fffffff,
                                              0x1fffffff, 0x1fffffff, 0xffffffff, 0xffffffff};
        uint32_t seg = vaddr >> 29;
        if (seg >= 1 && seg <= 3) return 0xffffffff; // KUSEG beyond 512 MB: no memory
        return vaddr & kMask[seg];
    }

    // RAM window decoded from RAM_SIZE (bank 0): physical addresses below ramWindow() map to
    // RAM at (phys & ramMask()). The CPU's fast path uses these two numbers.
    uint32_t ramWindow() const { return ramWindow_; }
    uint32_t ramMask() const { return ramMask_; }
    // RAM's page table (savestates): the CPU's fast path reads pages().flagTable().
    Pages& pages() { return pages_; }
    const Pages& pages() const { return pages_; }

    // Full accesses. `size` is 1, 2 or 4. Reads return the value right-aligned. Writes take
    // the whole source register (cpuspecifications.md: an 8/16-bit store drives all 32 bits
    // on the bus, which 32-bit I/O registers latch). SWL/SWR to I/O pass the shifted bus word
    // with size 4 at the aligned address. These never throw and
    // never touch host memory outside the emulated arrays. On an access to nothing they set
    // busError() (the CPU raises DBE/IBE) and reads return 0xFFFFFFFF-style open bus.
    uint32_t read(uint32_t vaddr, unsigned size);
    void write(uint32_t vaddr, uint32_t value, unsigned size);
    // SWL/SWR outside RAM and scratchpad: `busWord` is the shifted word the CPU drives at the
    // aligned `vaddr`, `lanes` its byte enables (bit n = byte n). On-die registers latch the
    // whole word; the 16-bit SBUS (SPU) splits it by the BIU dispatch rules
    // (partialwordwrites.md "SBUS behavior").
    void writeLanes(uint32_t vaddr, uint32_t busWord, uint32_t lanes);
    bool takeBusError() {
        bool e = busError_;
        busError_ = false;
        return e;
    }
    // Cycles the last slow-path access took on the bus (memorycontrol.md delay formula).
    uint32_t lastAccessCycles() const { return lastCycles_; }

    // Debug exit register (1F802082h) and TTY (DUART channel A Tx, 1F802023h), whose
    // characters go to the host's console (null: nowhere).
    bool exitRequested() const { return state_.exitRequested != 0; }
    uint32_t exitCode() const { return state_.exitCode; }
    void clearExit() { state_.exitRequested = 0; }
    void setHost(Host* host) { host_ = host; }

    const State& state() const { return state_; }
    // Registers and scratchpad; main RAM is serialised apart by serializeRam() so savestates
    // can capture and restore it page by page (savestate/page_snapshot.h).
    void serialize(savestate::StateIO& io);
    void serializeRam(savestate::StateIO& io);

  private:
    // 1F801000h..1F801FFFh in 4-byte slots, each naming its range in ioRanges_ (0: nothing).
    static constexpr uint32_t kIoBase = 0x1f801000;
    static constexpr uint32_t kIoSlots = 0x1000 / 4;

    uint32_t readIo(uint32_t vaddr, uint32_t phys, unsigned size);
    // An I/O address no device answers: the "locked" gaps fault, 1F801130h..1F80113Fh does
    // not (unpredictablethings.md). Returns true (and flags the bus error) for a locked one.
    bool lockedIo(uint32_t phys);
    uint32_t readKseg2(uint32_t phys, unsigned size);
    uint32_t readBios(uint32_t phys, unsigned size) const;
    void writeKseg2(uint32_t phys, uint32_t value, unsigned size);
    void writeIo(uint32_t vaddr, uint32_t phys, uint32_t value, unsigned size);
    void mapRange(const IoRange& range, void* device);
    uint32_t readMemControlPort(uint32_t addr, unsigned size);
    void writeMemControlPort(uint32_t addr, uint32_t value, unsigned size);
    uint32_t readMemControl(uint32_t phys) const;
    void writeMemControl(uint32_t phys, uint32_t value);
    uint32_t readExpansion2(uint32_t phys, unsigned size);
    void writeExpansion2(uint32_t phys, uint32_t value, unsigned size);
    uint32_t sbusCycles(unsigned region, unsigned size, bool write) const;
    void decodeRamSize();

    struct IoSlot {
        IoRange range;
        void* device = nullptr;
    };
    std::vector<IoSlot> ioRanges_;
    std::array<uint8_t, kIoSlots> ioSlot_{};
    Host* host_ = nullptr;
    State state_{};
    std::vector<uint8_t> ram_, bios_, scratch_;
    Pages pages_;
    uint32_t ramWindow_ = 0x00800000;
    uint32_t ramMask_ = kRamSize - 1;
    uint32_t lastCycles_ = 1;
    bool busError_ = false;
    bool ramInBusSection_ = false; // the state last read was a version-1 "bus" section
};

} // namespace core
