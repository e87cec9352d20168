#pragma once
// R3000A interpreter with COP0 and the instruction cache (cpuspecifications.md, memorymap.md
// "i-Cache", memorycontrol.md "FFFE0130h - BCC"). COP2 is the Gte class. Register numbers,
// COP0 bits and exception codes are the instruction layer's (core/cpu/instruction.h).
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <type_traits>

#include "core/cpu/gte.h"
#include "core/cpu/instruction.h"
#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace core {

class Bus;
class Irq;
class Recompiler;

class Cpu {
  public:
    // Called for a reserved-instruction opcode before the exception is raised; returns true
    // when the HLE BIOS handled it (it has then set the PC / registers itself).
    using HleTrap = std::function<bool(uint32_t pc, uint32_t instruction)>;

    struct State {
        uint32_t regs[32];
        uint32_t hi, lo;
        uint32_t pc;     // next instruction to execute
        uint32_t nextPc; // the one after it (a branch target while a delay slot is pending)
        // Load delay: `ld` completes after the instruction now executing, `nextLd` after the
        // one following it. Register 0 means none.
        uint32_t ldReg, ldValue, nextLdReg, nextLdValue;
        uint8_t nextIsDelaySlot; // the instruction at pc is in a branch delay slot
        uint8_t nextBranchTaken; // ... and that branch was taken (Cause.BT)
        // DCIC trace: the next fetch is a taken branch's target. BCC D-cache mode touched the
        // scratchpad range: the CPU hangs on the bus until reset.
        uint8_t tracePending, busLocked;
        uint32_t branchTarget; // target of that branch (TAR)
        uint32_t cop0[16];     // by register number; r0-r2, r4, r10 unused (N/A)
        uint32_t cop0Garbage;  // what r16..r31 read back (last valid COP0 read)
        uint32_t pad2;         // explicit, so the state has no undefined padding bytes
        uint64_t hiloReadyAt;  // cycle the multiply/divide unit finishes
        uint64_t gteReadyAt;   // cycle the running GTE command finishes
        // Load shadow: the bus is busy until busReadyAt with the last slow load, whose
        // register (shadowReg, 32 = none) is not there before then either.
        uint64_t busReadyAt;
        uint32_t shadowReg;
        uint32_t pad3;
        uint32_t icacheTag[256];   // physical address [31:12] | valid bits [3:0]
        uint32_t icacheData[1024]; // code words
    };
    static_assert(std::is_trivially_copyable_v<State>);
    static_assert(std::has_unique_object_representations_v<State>, "no implicit padding");

    Cpu(Bus& bus, Scheduler& scheduler, Irq& irq, Gte& gte);
    ~Cpu();
    void reset(); // PC = BFC00000h, as after power-on

    // Which engine run() uses. Both give the same state and cycle counts (the lockstep tests
    // prove it); the recompiler (core/cpu/recompiler.h) exists only on x86-64 builds with
    // xbyak: setEngine(kRecompiler) returns false where it does not.
    enum class Engine { kInterpreter, kRecompiler };
    bool setEngine(Engine engine);
    Engine engine() const { return recompiler_ ? Engine::kRecompiler : Engine::kInterpreter; }
    static bool recompilerAvailable();
    // The recompiler while it is the engine (its statistics), else null.
    const Recompiler* recompiler() const { return recompiler_.get(); }

    // Runs until the scheduler's next event is due or stop() is called.
    void run();
    // Executes exactly one instruction (taking a pending interrupt first, if any).
    void step();
    void stop() {
        stopRequested_ = true;
        deadline_ = 0;
    }

    void setHleTrap(HleTrap trap) { hleTrap_ = std::move(trap); }
    // Called once the CPU has entered the BIOS function vector A0h or B0h (any segment) by a
    // jump, after the jump's delay slot (which usually sets t1, the function number), with
    // `vector` = A0h or B0h. For watching BIOS calls (the TTY capture); it must not change
    // emulated state. Null: not watched (then a jump costs one compare more, nothing else).
    using VectorWatch = void (*)(void* ctx, uint32_t vector);
    void setVectorWatch(VectorWatch watch, void* ctx) {
        vectorWatch_ = watch;
        vectorWatchCtx_ = ctx;
    }
    void setTrace(std::FILE* out) { trace_ = out; }

    uint32_t pc() const { return st_.pc; }
    // Jumps to `pc` with no delay slot pending (used by loaders and the HLE BIOS); pending
    // loads complete first.
    void setPc(uint32_t pc);
    uint32_t reg(unsigned r) const { return st_.regs[r & 31]; }
    // Writes a register; a pending load to it is cancelled.
    void setReg(unsigned r, uint32_t v);
    uint32_t cop0(unsigned r) const;
    // Debugger/HLE write: read-only registers (Cause except bits 8-9, EPC, BadVaddr, PRId, TAR)
    // are written as given.
    void setCop0(unsigned r, uint32_t v);
    uint32_t hi() const { return st_.hi; }
    uint32_t lo() const { return st_.lo; }

    // Invalidates every i-cache line (the effect of the BIOS FlushCache sequence), for HLE
    // BIOS FlushCache and loaders that write code behind the CPU's back.
    void invalidateICache();
    // Instructions executed since construction (not saved; for benchmarks).
    uint64_t instructionCount() const { return instructions_; }
    const State& state() const { return st_; }

    void serialize(savestate::StateIO& io);

  private:
    // The recompiler runs blocks of native code on this state and falls back to execute<>();
    // its emitter and helpers reach the same fields and paths the interpreter uses.
    friend class Recompiler;
    friend class RecEmitter;
    friend struct RecHelpers;

    // Cache control bits the CPU reads (memorycontrol.md "FFFE0130h - BCC").
    static constexpr uint32_t kBccTag = 1u << 2;  // isolated stores write tags
    static constexpr uint32_t kBccRam = 1u << 3;  // scratchpad mode
    static constexpr uint32_t kBccDs = 1u << 7;   // data cache enabled
    static constexpr uint32_t kBccIs1 = 1u << 11; // i-cache enabled

    template <bool kTrace, bool kSingle> void execute();
    bool interruptPending() const;
    void takeInterrupt();
    void exception(uint32_t code, uint32_t coprocessor = 0, bool debugVector = false);
    void addressError(uint32_t code, uint32_t addr);
    void reserved(uint32_t instr);
    void refreshModes();
    void commitPendingLoads();

    // Instruction fetch outside the cached fast path; returns false after raising an
    // exception.
    bool fetchSlow(uint32_t pc, uint32_t& instr);
    bool icacheFill(uint32_t pc, uint32_t phys, uint32_t& instr);
    uint32_t peekInstruction(uint32_t pc);
    // Data accesses outside the RAM/scratchpad fast path. Return false after raising an
    // exception.
    template <unsigned N> bool loadFast(uint32_t addr, uint32_t& v, Cycles& now, uint32_t target);
    template <unsigned N> bool storeFast(uint32_t addr, uint32_t v, Cycles& now);
    bool storePartialFast(uint32_t addr, uint32_t rtv, bool left, Cycles& now);
    void chargeLoad(Cycles& now, uint32_t cycles, uint32_t target);
    void storePartialSlow(uint32_t addr, uint32_t rtv, bool left);
    // `cycles` is the access time of a load that completed (1 when no bus access happened).
    // `breakAddr` is the address the data breakpoint sees (LWL/LWR: the unaligned one).
    bool loadSlow(uint32_t addr, unsigned size, uint32_t& value, uint32_t& cycles,
                  uint32_t breakAddr);
    // `lanes`: the byte enables of an SWL/SWR word outside memory (0xF: a plain store).
    bool storeSlow(uint32_t addr, uint32_t value, unsigned size, uint32_t lanes = 0xf);
    uint32_t isolatedLoad(uint32_t addr);
    void isolatedStore(uint32_t addr, uint32_t value, unsigned size);
    bool dataBreakpoint(uint32_t addr, bool write);
    void dcacheFill(uint32_t addr, unsigned size, uint32_t value);
    bool pcBreakpoint(uint32_t pc);
    bool traceBreakpoint(uint32_t pc);
    bool scratchpadDeadlock(uint32_t addr);

    // COP0 and the coprocessor instructions.
    void cop0Op(uint32_t instr);
    bool cop0Read(unsigned r, uint32_t& v);
    void cop0Write(unsigned r, uint32_t v);
    void cop2Op(uint32_t instr);
    void copOther(unsigned n, uint32_t instr);
    // BCnF/BCnT with the coprocessor's condition flag.
    void copBranch(mips::Instruction in, bool flag);
    void traceLine(uint32_t pc, uint32_t instr);
    // A jump to A0h/B0h was seen: run its delay slot, then tell the vector watch.
    void finishVectorJump();

    Bus& bus_;
    Scheduler& scheduler_;
    Irq& irq_;
    Gte& gte_;
    HleTrap hleTrap_;
    VectorWatch vectorWatch_ = nullptr;
    void* vectorWatchCtx_ = nullptr;
    bool vectorHit_ = false; // a watched jump's delay slot or watch call is still to come
    std::FILE* trace_ = nullptr;
    bool stopRequested_ = false;
    State st_{};

    // Derived from SR / BCC / RAM_SIZE / DCIC, rebuilt by refreshModes().
    uint32_t dataSegMask_ = 0;   // bit per address segment (addr>>29) the fast path may use
    uint32_t cachedSegMask_ = 0; // segments whose fetches go through the i-cache fast path
    uint32_t ramWindow_ = 0, ramMask_ = 0;
    uint8_t* ram_ = nullptr;
    uint8_t* scratch_ = nullptr;
    const uint8_t* pageFlags_ = nullptr;
    bool debugArmed_ = false;
    // BCC "D-cache" mode (RAM=0, DS=1): cached loads spill their word into the scratchpad.
    bool dcacheFill_ = false;
    // The inner loop runs while now < deadline_; anything that may change what happens next
    // (interrupt line, SR, stop) sets it to 0.
    Cycles deadline_ = 0;
    Cycles* now_ = nullptr;
    uint64_t instructions_ = 0;
    // The instruction executing now (for EPC/BD).
    uint32_t curPc_ = 0;
    uint8_t curDelay_ = 0;
    // Recompiler support (not emulated state): exceptions taken so far (a helper called from
    // native code sees whether the instruction trapped), an epoch bumped whenever the fetch or
    // data modes (cached segments, cache isolation, RAM window) or the whole i-cache may have
    // changed (a block entered at this epoch may be entered straight from another block's
    // code), and the recompiler itself when it is the engine.
    uint32_t exceptions_ = 0;
    uint64_t icacheEpoch_ = 1;
    std::unique_ptr<Recompiler> recompiler_;
};

} // namespace core
