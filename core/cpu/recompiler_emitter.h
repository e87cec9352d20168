#pragma once
// x86-64 code for the recompiler's blocks (core/cpu/recompiler.h), emitted with xbyak. Only
// compiled where xbyak was found (SKIPJACK_HAVE_XBYAK).
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include <xbyak/xbyak.h>

#include "core/cpu/cpu.h"
#include "core/cpu/recompiler.h"

namespace core {

class RecEmitter : public Xbyak::CodeGenerator {
  public:
    // What the block compiler may do with an instruction word.
    enum class Kind {
        kNo,       // not compiled: the interpreter steps it
        kPlain,    // compiled; the block goes on after it
        kBranch,   // a jump or branch: compiled with its delay slot, then the block ends
        kTerminal, // compiled; always traps (SYSCALL, BREAK): the block ends after it
    };
    static Kind classify(uint32_t instr);

    static constexpr size_t kCodeSize = 32u << 20;

    RecEmitter(Cpu& cpu, Recompiler& recompiler);

    // What a block's exit asks of the dispatcher.
    enum Exit : int {
        kExitDone = 0, // the block ran to its end, trapped or left at a line miss
        kExitNear = 1, // the deadline falls inside the next run: the interpreter runs to it
    };
    // Runs the block at `code` on `cpu`'s state (the trampoline saves the host registers).
    Exit run(const void* code) { return Exit(entry_(&cpu_.st_, &cpu_, code)); }
    // Emits `n` words starting at virtual address `pc` (their last is a branch's delay slot
    // when `n` >= 2 and words[n-2] is a branch). Null when the buffer is full.
    // `entryPend`: the register a load in flight at entry writes after the first instruction.
    const void* emitBlock(uint32_t pc, const uint32_t* words, unsigned n, uint32_t entryPend);
    // Forgets every block (keeps the trampoline).
    void clear();

  private:
    using Entry = int (*)(Cpu::State*, Cpu*, const void*);
    Xbyak::Address reg(unsigned r) const;
    Xbyak::Address st32(size_t offset) const;
    void loadReg(const Xbyak::Reg32& dst, unsigned r);
    // write(): a result into r (none into r0); cancels the load in flight to r.
    void writeReg(unsigned r, const Xbyak::Reg32& src);
    // load(): the value arrives after the next instruction.
    void delayedLoad(unsigned r, const Xbyak::Reg32& src);
    void callFn(const void* fn);
    template <class F> void callFn(F* fn) { callFn(reinterpret_cast<const void*>(fn)); }
    // The state as the interpreter's SYNC_OUT leaves it inside the current instruction.
    void syncOut();
    // Ends the block after a trap in the current instruction (the state is in memory).
    void trappedExit();
    // Instructions from words[k] on that share one deadline check and one cycle add.
    static unsigned runLength(const uint32_t* words, unsigned k, unsigned n);
    // Leaves before the current instruction (nothing of it done) with `exit` in eax.
    Xbyak::Label& exitHere(Exit exit);
    void emitInstruction(uint32_t instr);
    void emitBranch(uint32_t instr);
    void emitLoad(uint32_t instr);
    void emitStore(uint32_t instr);
    void emitCop2(uint32_t instr);
    void inlineAccess(unsigned size, bool store, uint32_t target, Xbyak::Label& other);
    void checkCop2Usable();
    void jumpTo(const Xbyak::Reg32& target); // JR/JALR
    void jumpTo(uint32_t target);            // J/JAL
    void vectorWatch();
    void endBlock();
    // Jumps to the block at `pc` (entered with the load in flight nextPend_) when it was
    // checked at the current i-cache epoch; falls through otherwise.
    void linkTo(uint32_t pc);

    Cpu& cpu_;
    Recompiler& rec_;
    Entry entry_ = nullptr;
    const uint8_t* blocksStart_ = nullptr;
    // Offsets of Cpu members from the Cpu (rbp).
    int offDataSegMask_ = 0, offRamWindow_ = 0, offRamMask_ = 0, offPageFlags_ = 0, offRam_ = 0,
        offScratch_ = 0;
    int offEpoch_ = 0, offDeadline_ = 0, offInstructions_ = 0, offNowPtr_ = 0, offCurPc_ = 0,
        offCurDelay_ = 0, offVectorWatch_ = 0, offVectorHit_ = 0;

    // The instruction being emitted and what is known of the interpreter's locals there.
    uint32_t pc_ = 0;        // its address
    unsigned index_ = 0;     // its position in the block
    bool inDelay_ = false;   // it is the block's branch delay slot
    bool branched_ = false;  // the block's branch was emitted (its next PC is in r15d)
    uint32_t pend_ = 0;      // ldReg: the load committing after this instruction
    uint32_t nextPend_ = 0;  // nLdReg: the load this instruction issued
    bool copyNeeded_ = true; // s.ldValue may differ from s.nextLdValue
    unsigned runOff_ = 0;    // cycles of the current run before this instruction: now = r12 + it
    unsigned runLeft_ = 0;   // instructions of the run after this one
    uint32_t entryPend_ = 0; // nLdReg at this instruction's start (before the shift)
    const uint32_t* words_ = nullptr;
    std::vector<std::function<void()>> stubs_; // out-of-line paths, emitted after the block
    std::deque<Xbyak::Label> labels_;          // the block's labels (stable addresses)
    // Restores the emitter's view of the instruction a stub belongs to.
    struct Where {
        uint32_t pc, pend;
        unsigned index;
        bool inDelay;
        unsigned runOff;
    };
    Where where() const { return {pc_, pend_, index_, inDelay_, runOff_}; }
    void restore(const Where& w) {
        pc_ = w.pc;
        pend_ = w.pend;
        index_ = w.index;
        inDelay_ = w.inDelay;
        runOff_ = w.runOff;
    }
};

} // namespace core
