#pragma once
// Macroblock decoder (macroblockdecodermdec.md): MDEC0 command/parameter and data-out ports
// (1F801820h), MDEC1 status and control (1F801824h), the commands decode macroblocks, set
// quant tables and set scale table, DMA0 (data in) and DMA1 (data out, colour macroblocks
// reordered to 16x16), and decode timing per macroblock on the scheduler.
//
// Dataflow, with the capacities that make the request bits behave: words enter a 32-word
// data-in FIFO (port writes or DMA0); the decoder takes them a halfword at a time into
// RunLengthBlock, each finished block goes through the IDCT, and a finished macroblock is
// converted to output words in the "pending" stage, which becomes readable (moves into the
// data-out FIFO) when its decode time has passed. A decoder whose finished macroblock finds
// the pending stage occupied stops taking input until it frees up, so the data-in FIFO fills
// and DMA0's request drops, as on the hardware.
#include <cstdint>
#include <span>
#include <type_traits>

#include "core/device.h"
#include "core/mdec/mdec_color.h"
#include "core/mdec/mdec_decode.h"
#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace core {

class Mdec {
  public:
    // MDEC1 after reset (control bit 31): output FIFO empty, current block 4, nothing pending.
    static constexpr uint32_t kStatusReset = 0x80040000;
    static constexpr unsigned kInFifoWords = 32; // DMA0 moves blocks of 20h words
    // Room for two colour macroblocks in the data-out FIFO (a DMA1 reading a macroblock while
    // the next one is decoded), and the pending stage for one.
    static constexpr unsigned kOutWords = 384;
    static constexpr unsigned kPendingWords = 192;
    // Decode time of one 8x8 block (IDCT and output). The reference gives no figure; this is
    // the average the accurate emulators measured on hardware ("about 512 clocks per block"),
    // so a colour macroblock takes 3072 cycles (about 11 000 per second). Approximate.
    static constexpr Cycles kCyclesPerBlock = 512;

    // MDEC(n) command numbers (CMD.29-31).
    enum Command : uint32_t { kNoFunction = 0, kDecode = 1, kSetQuant = 2, kSetScale = 3 };

    struct State {
        uint32_t command;       // the current (or last) command word (STAT.23-26)
        uint32_t decodeCommand; // the last MDEC(1) word: depth, signed, bit15 of its output
        uint16_t remaining;     // STAT.0-15: parameter words remaining minus 1 (FFFFh: none)
        uint8_t busy;           // STAT.29: a command is receiving or processing parameters
        uint8_t enableIn;       // control bit 30: DMA0 / STAT.28
        uint8_t enableOut;      // control bit 29: DMA1 / STAT.27
        uint8_t halfPending;    // the high halfword of `halfWord` is still to be decoded
        uint16_t halfWord;
        uint16_t tableIndex;  // next byte (MDEC(2)) or halfword (MDEC(3)) of a table
        uint8_t blockIndex;   // block of the macroblock being assembled: Cr, Cb, Y1..Y4 (mono 0)
        uint8_t stalled;      // a finished macroblock waits for the pending stage
        uint8_t pendingReady; // the pending macroblock's decode time has passed
        uint8_t inHead, inCount;
        uint8_t pad[3];
        uint32_t inFifo[kInFifoWords];
        uint8_t iqY[64], iqUV[64]; // quant tables (MDEC(2))
        int16_t scale[64];         // scale table (MDEC(3))
        mdec::RunLengthBlock block;
        int8_t blocks[6][64];  // clipped IDCT results: Cr, Cb, Y1..Y4 (mono: [0])
        Cycles macroblockDone; // when the finished (stalled) macroblock's decode ends
        Cycles decodeEnd;      // when the decoder finishes its latest macroblock
        Cycles pendingReadyAt;
        uint32_t pending[kPendingWords];
        uint16_t pendingCount;
        uint16_t outHead;  // start of the macroblock being read
        uint16_t outCount; // words from outHead on (those of it already read included)
        uint16_t outPos;   // words of the macroblock at outHead already read
        uint32_t out[kOutWords];
    };
    static_assert(std::is_trivially_copyable_v<State>);

    explicit Mdec(Scheduler& scheduler);
    // 1F801820h..1F801827h, DMA0 and DMA1, the "mdec.ready" event, the "mdec" section.
    DeviceInfo describe();
    void reset();
    uint32_t read(uint32_t addr, unsigned size);
    void write(uint32_t addr, uint32_t value, unsigned size);
    uint32_t status() const;
    void serialize(savestate::StateIO& io);
    const State& state() const { return state_; }

    // The DMA ends (also for tests and `bench mdec`): DRQ0/DRQ1, and blocks of words.
    bool dataInRequest() const;
    bool dataOutRequest() const;
    void dmaIn(std::span<const uint32_t> words, const DmaClock& clock);
    void dmaOut(std::span<uint32_t> words);

  private:
    static bool dmaInRequestPort(void* self, Cycles now);
    static bool dmaOutRequestPort(void* self, Cycles now);
    static void dmaInPort(void* self, std::span<const uint32_t> words, const DmaClock& clock);
    static void dmaOutPort(void* self, std::span<uint32_t> words, const DmaClock& clock);
    void onReady(Cycles late, uint32_t payload);

    uint32_t depth() const { return (state_.decodeCommand >> 27) & 3; }
    bool colour() const { return depth() >= mdec::k24Bit; }
    unsigned readable() const { return state_.outCount - state_.outPos; }
    void controlWrite(uint32_t value);
    void pushWord(uint32_t word, Cycles at);
    void pump(Cycles at);
    void startCommand(uint32_t word);
    bool finishDecode();
    void decodeHalf(uint16_t half, Cycles at);
    bool emitMacroblock(Cycles at);
    bool movePending();
    uint32_t readWord(bool dmaOrder);
    void requestsChanged();

    Scheduler& scheduler_;
    Scheduler::Handle readyEvent_;
    DmaRequestLine drqIn_, drqOut_;
    State state_{};
};

} // namespace core
