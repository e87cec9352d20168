#pragma once
// The R3000A recompiler: runs blocks of x86-64 code made from the instructions in the
// i-cache, beside the interpreter (core/cpu/cpu.cpp), with the same state and cycle counts.
//
// How it stays exact:
// - A block executes the code words *in the i-cache* (what the interpreter fetches from a
//   cached segment), never RAM: a store to RAM does not change what a cached segment runs
//   until the line is refilled (memorymap.md "i-Cache"), so compiled code needs no RAM write
//   tracking (DMA, loaders, HLE writes and savestates included). Entering each cache line, the
//   code checks the line's tag and valid bits and compares the words with the ones it was
//   compiled from; on a miss or other words it leaves at that instruction, and the
//   interpreter fetches it (refill and its timing, or the new code; the dispatcher compiles
//   the block again when its first line holds other words). Words of a line that missed at
//   compile time are taken from memory, which is what the refill will load.
// - A block is entered only in the plain case: cached segment (BCC.IS1, no armed COP0
//   breakpoint, no SR.IsC), not in a branch delay slot; a load in flight at entry is part of
//   the block's key. Anything else, and every instruction the block compiler leaves out (COP0,
//   BC2x, reserved opcodes and HLE traps, a branch in a delay slot), runs one instruction at a
//   time through the interpreter's own single step. A block jumps straight into the next one
//   (known target) while Cpu::icacheEpoch_ (the fetch and data modes) has not moved since
//   the dispatcher entered that one.
// - The emitted code follows the interpreter's loop body instruction by instruction: the
//   deadline check before each instruction (so events interrupt at the same cycle; done once
//   per run of fixed-timing instructions, which leaves for the interpreter when the deadline
//   falls inside the run), the load
//   shadow stall, the load delay slot with its cancellation rules, MULT/DIV and GTE ready
//   cycles, the A0h/B0h vector watch; loads and stores call the interpreter's own fast and
//   slow paths (core/cpu/cpu_fast_access.h), the slow ones with the state written out as its
//   SYNC_OUT leaves it, so exceptions see exact EPC/BD/BadVaddr.
#include <cstdint>
#include <memory>
#include <vector>

namespace core {

class Cpu;
class RecEmitter;

class Recompiler {
  public:
    // False on builds without xbyak or off x86-64: then Cpu keeps the interpreter.
    static bool available();

    explicit Recompiler(Cpu& cpu);
    ~Recompiler();

    // Runs until the scheduler's deadline (Cpu::deadline_), as Cpu::execute<false, false>.
    void execute();
    // Drops every compiled block (done between blocks, never inside one).
    void flush();

    // For tests and benchmarks: blocks compiled, block runs, interpreter single steps.
    struct Stats {
        uint64_t compiled = 0, blockRuns = 0, steps = 0, flushes = 0;
    };
    const Stats& stats() const { return stats_; }

    // A compiled block; public for the emitter (core/cpu/recompiler_emitter.cpp).
    static constexpr unsigned kMaxInstructions = 32;
    struct Block {
        uint32_t pc = 0;        // virtual address of the first instruction
        uint32_t entryPend = 0; // the register a load in flight at entry writes (0: none)
        Block* next = nullptr;  // other blocks in the same slot (other entryPend or segment)
        uint32_t count = 0;     // instructions compiled; 0: run the interpreter here
        bool compiled = false;  // false: only named as a link target so far
        const void* code = nullptr;
        // The Cpu::icacheEpoch_ (fetch and data modes) at which the dispatcher last entered
        // it: another block's code may jump here directly while it has not moved (0: never).
        uint64_t validEpoch = 0;
        uint32_t words[kMaxInstructions] = {};
    };

    // The block for (pc, entryPend), created uncompiled if new; null outside RAM and BIOS.
    Block* linkTarget(uint32_t pc, uint32_t entryPend);

  private:
    Block* lookup(uint32_t pc, uint32_t entryPend);
    bool stale(Block& b);
    bool icacheHit(uint32_t addr) const; // as the interpreter's fetch checks it
    // False when the code buffer was full: every block (`b` too) was dropped.
    bool compile(Block& b);
    void stepInterpreter();

    Cpu& cpu_;
    std::unique_ptr<RecEmitter> emitter_;
    // Blocks by (physical address >> 2) of their first word: RAM (first 2 MB) and BIOS.
    std::vector<Block*> ramBlocks_, biosBlocks_;
    std::vector<std::unique_ptr<Block>> storage_;
    Stats stats_;
    unsigned maxInstructions_ = kMaxInstructions;
    bool log_ = false, stepOnly_ = false;
};

} // namespace core
