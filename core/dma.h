#pragma once
// DMA controller (dmachannels.md): seven channels with MADR/BCR/CHCR, DPCR priorities and
// enables, DICR interrupt logic; burst (with chopping), slice and linked-list transfers with
// the documented per-word costs. The CPU is stalled while a unit (a burst, a chop window, a
// slice block, a list node) moves, by advancing the scheduler; between units the CPU runs.
// Words move to and from a device in blocks (core/device.h DmaPort), each block with the
// clock of its words.
#include <array>
#include <cstdint>
#include <span>

#include "core/device.h"
#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace core {

class Bus;
class Irq;

class Dma {
  public:
    static constexpr unsigned kChannels = 7;
    static constexpr unsigned kOtc = 6;
    // D#_CHCR bits (dmachannels.md "D#_CHCR").
    enum ChcrBit : uint32_t {
        kToDevice = 1u << 0,
        kBackward = 1u << 1,
        kChop = 1u << 8,
        kSyncShift = 9,
        kStart = 1u << 24,
        kForce = 1u << 28,
        kPause = 1u << 29,
    };
    static constexpr uint32_t kChcrWritable = 0x71770703;
    static constexpr uint32_t kOtcChcrWritable = 0x51000000; // bits 24, 28, 30
    static constexpr uint32_t kDpcrReset = 0x07654321;
    // Cost of a word per channel in 1/256 CPU cycles ("DMA Transfer Rates": clocks per 100h
    // words). The CD-ROM uses the BIOS default of 24 clocks per word.
    static constexpr uint32_t kWordCost[kChannels] = {0x110, 0x110,  0x110, 0x1800,
                                                      0x420, 0x1400, 0x110};
    // Between slice blocks / list nodes the CPU gets the bus back for at least this long;
    // a channel whose DRQ is low is polled again after kDrqPollCycles.
    static constexpr Cycles kSliceGapCycles = 1;
    static constexpr Cycles kDrqPollCycles = 64;

    struct Channel {
        uint32_t madr, bcr, chcr;
        uint32_t addr;       // current address
        uint32_t remaining;  // words left in the burst (sync 0)
        uint32_t blocksLeft; // blocks left (sync 1)
        Cycles readyAt;      // earliest cycle of the next unit
        uint8_t running;     // a transfer started and has not completed
        uint8_t finishing;   // completion event pending
        uint8_t triggered;   // sync 0: the burst began (DRQ or bit 28 seen)
        uint8_t pad[5];
    };
    struct State {
        Channel ch[kChannels];
        uint32_t dpcr, dicr;
        uint32_t costFrac; // fractional cycles carried between words (1/256)
        uint32_t pad;
    };
    static_assert(std::is_trivially_copyable_v<State>);

    // Words moved per call to a device; a unit longer than this goes in several blocks.
    static constexpr uint32_t kBlockWords = 256;

    Dma(Bus& bus, Scheduler& scheduler, Irq& irq);
    DeviceInfo describe();
    // Plugs a device's DMA port (if it declares one) into its channel and connects its DRQ
    // change line. A channel with no device: DRQ high, writes dropped, reads FFFFFFFFh.
    void connect(const DeviceInfo& device);
    void connect(unsigned channel, const DmaPort& port) { ports_[channel] = port; }
    void reset();
    uint32_t read(uint32_t addr, unsigned size);
    void write(uint32_t addr, uint32_t value, unsigned size);
    // A device's DRQ went high: check for waiting channels now rather than at the next poll.
    void requestChanged(unsigned channel);

    const State& state() const { return state_; }
    void serialize(savestate::StateIO& io);

  private:
    uint32_t syncMode(unsigned c) const { return (state_.ch[c].chcr >> kSyncShift) & 3; }
    bool enabled(unsigned c) const { return (state_.dpcr >> (4 * c + 3)) & 1; }
    unsigned priority(unsigned c) const { return (state_.dpcr >> (4 * c)) & 7; }
    bool wantsBus(unsigned c) const;
    bool drq(unsigned c) const;
    bool hung(unsigned c) const;
    bool eligible(unsigned c) const;
    void finish(unsigned c, bool error);
    void start(unsigned c);
    void kick(Cycles when);
    void run();
    void onRunEvent(Cycles, uint32_t) { run(); }
    // Completion of channel C; the payload is 1 when it ended with a bus error.
    template <unsigned C> static void onDoneEvent(void* self, Cycles, uint32_t error) {
        static_cast<Dma*>(self)->finish(C, error != 0);
    }
    void runUnit(unsigned c);
    uint32_t transfer(unsigned c, uint32_t addr, uint32_t step, uint32_t words, bool toDevice);
    uint32_t fillOrderingTable(uint32_t addr, uint32_t step, uint32_t words, uint32_t remaining);
    uint32_t ramRead(uint32_t addr);
    void ramWrite(uint32_t addr, uint32_t value);
    void spend(unsigned c, uint32_t words);
    void complete(unsigned c);
    void channelFlag(unsigned c);
    void updateMasterFlag();
    void busError();

    Bus& bus_;
    Scheduler& scheduler_;
    Irq& irq_;
    std::array<DmaPort, kChannels> ports_{};
    Scheduler::Handle runEvent_;
    Scheduler::Handle doneEvent_[kChannels];
    State state_{};
};

} // namespace core
