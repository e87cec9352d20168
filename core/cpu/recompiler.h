#pragma once
// The R3000A recompiler: runs blocks of x86-64 code made from the instructions in the
// i-cache, beside the interpreter (core/cpu/cpu.cpp), with the same state and cycle counts.
//
// How it stays exact:
// - A block is compiled from the code words *in the i-cache* (what the interpreter fetches
//   from a cached segment), never from RAM: a store to RAM does not change what a cached
//   segment executes until the line is refilled (memorymap.md "i-Cache"), so compiled code
//   needs no RAM write tracking. Each block remembers, per i-cache line it covers, the line's
//   generation (Cpu::icacheLineGen_, bumped by every refill, isolated store, reset and
//   savestate load); when a generation moved it compares its words with the line's and
//   recompiles if they differ. A block runs only when every word it covers hits in the cache
//   (valid bit and tag), so each fetch would cost the interpreter nothing extra either.
// - A block runs only in the plain case: cached segment (BCC.IS1, no armed COP0 breakpoint,
//   no SR.IsC), not in a branch delay slot. Anything else, and every
//   instruction the block compiler leaves out (COP0, COP2 moves, SYSCALL/BREAK, reserved
//   opcodes and HLE traps, a branch in a delay slot), runs one instruction at a time through
//   the interpreter's own single step.
// - The emitted code follows the interpreter's loop body instruction by instruction: the
//   deadline check before each instruction (so events interrupt at the same cycle), the load
//   shadow stall, the load delay slot with its cancellation rules, MULT/DIV and GTE ready
//   cycles; loads and stores call the interpreter's own fast paths and slow paths
//   (core/cpu/cpu_fast_access.h) with the state written out first, so exceptions see exact
//   EPC/BD/BadVaddr.
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
    static constexpr unsigned kMaxLines = kMaxInstructions / 4 + 1;
    struct Block {
        uint32_t pc = 0;        // virtual address of the first instruction
        uint32_t entryPend = 0; // the register a load in flight at entry writes (0: none)
        Block* next = nullptr;  // other blocks in the same slot (other entryPend or segment)
        uint32_t count = 0;     // instructions compiled; 0: run the interpreter here
        bool compiled = false;  // false: only named as a link target so far
        // The word whose i-cache miss ended the block (0: none): once it hits, the block is
        // compiled again, longer.
        uint32_t missAt = 0;
        const void* code = nullptr;
        // The Cpu::icacheEpoch_ at which usable() last held: another block's code may jump
        // here directly while the epoch has not moved (0: never).
        uint64_t validEpoch = 0;
        uint32_t lines = 0;
        uint16_t line[kMaxLines] = {}; // i-cache line index
        uint32_t tag[kMaxLines] = {};  // physical address bits 31..12 the line must hold
        uint8_t need[kMaxLines] = {};  // valid bits the block's words need
        uint32_t gen[kMaxLines] = {};  // line generation when the words were last checked
        uint32_t words[kMaxInstructions] = {};
    };

    // The block for (pc, entryPend), created uncompiled if new; null outside RAM and BIOS.
    Block* linkTarget(uint32_t pc, uint32_t entryPend);

  private:
    Block* lookup(uint32_t pc, uint32_t entryPend);
    // True when `b` may run now (its i-cache words still hit and are unchanged).
    bool usable(Block& b);
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
