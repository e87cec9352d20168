// R3000A interpreter: the instruction loop (cpuspecifications.md).
//
// Hardware notes the code relies on:
// - Branch delay: the instruction after a jump/branch always executes; a jump in a delay slot
//   runs one instruction at the first target, then goes to the second ("CPU Jump Opcodes").
// - Load delay: a loaded value (LB..LWR, MFC0, MFC2, CFC2) reaches its register after the
//   next instruction ("Caution - Load Delay"); an exception completes pending loads. LWL/LWR
//   merge with the value still in flight, so an LWL/LWR pair needs no delay between them
//   ("Unaligned Load/Store"). Not covered by the reference, so chosen here: if
//   the delay-slot instruction writes the same register its write wins, and of two loads
//   to one register back to back the first is dropped.
// - Timing ("Load Timing", "Load Shadow", "Multiply/divide"): one cycle per cached
//   instruction; loads take 1 (scratchpad), 5 (on-die I/O), 7 (RAM) cycles in all, other
//   regions what the bus reports. The CPU only stalls for the first half of a bus access:
//   the rest overlaps following instructions until one of them touches the bus (load, store,
//   uncached fetch, refill) or reads the loaded register after its delay slot (approximated
//   by "rs or rt is that register"), which waits for the end. That gives the documented 5
//   cycles back to back and ~3 after independent work for on-die I/O. Stores go to the
//   write queue (1 cycle). MULT/MULTU take 6/9/13 cycles by the
//   size of rs, DIV/DIVU 36; MFHI/MFLO wait for them. A GTE command keeps COP2 busy for the
//   cycles Gte::execute returns; MFC2/CFC2/SWC2 and the next command wait for it, MTC2/CTC2/
//   LWC2 do not (gtepipelinetimings.md "Methodology").
// - Overflow traps (ADD/ADDI/SUB) leave the destination unchanged; division by zero and
//   80000000h/-1 give the documented results without exceptions.
// - BLTZAL/BGEZAL link r31 whether or not they branch, comparing rs before the link; the
//   BcondZ rt field is decoded as documented (00000 bltz, 00001 bgez, 10000 bltzal,
//   10001 bgezal); the other rt values are not in the table and are treated like the one
//   with the same bit 0 (bit 0 = bgez) and the link only when bits 4..1 are 1000.
#include "core/cpu/cpu.h"

#include <cstring>

#include "core/bus.h"
#include "core/cpu/cpu_fast_access.h"
#include "core/cpu/disassembler.h"
#include "core/cpu/recompiler.h"
#include "core/irq.h"

namespace core {

// The instruction layer's names: cop0::kSr, exc::kOvf, sr::kBEV, cause::kBD, ...
using namespace mips;

Cpu::Cpu(Bus& bus, Scheduler& scheduler, Irq& irq, Gte& gte)
    : bus_(bus), scheduler_(scheduler), irq_(irq), gte_(gte) {
    now_ = scheduler_.nowPtr();
    reset();
}

Cpu::~Cpu() = default;

bool Cpu::recompilerAvailable() {
    return Recompiler::available();
}

bool Cpu::setEngine(Engine engine) {
    if (engine == Engine::kInterpreter) {
        recompiler_.reset();
        return true;
    }
    if (!Recompiler::available()) return false;
    if (!recompiler_) recompiler_ = std::make_unique<Recompiler>(*this);
    return true;
}

void Cpu::reset() {
    st_ = {};
    st_.pc = vector::kReset;
    st_.nextPc = st_.pc + 4;
    st_.cop0[cop0::kSr] = sr::kBEV; // boot vectors in ROM
    st_.cop0[cop0::kPrid] = cop0::kPridValue;
    st_.shadowReg = 32;
    stopRequested_ = false;
    ++icacheEpoch_;
    ram_ = bus_.ram();
    scratch_ = bus_.scratchpad();
    pageFlags_ = bus_.pages().flagTable();
    refreshModes();
}

void Cpu::refreshModes() {
    const uint32_t oldData = dataSegMask_, oldCached = cachedSegMask_, oldWindow = ramWindow_;
    uint32_t status = st_.cop0[cop0::kSr];
    uint32_t debug = st_.cop0[cop0::kDcic];
    uint32_t bcc = bus_.state().cacheControl;
    bool user = (status & sr::kKUc) != 0;
    // A breakpoint that can match (enabled for some access kind and some mode) sends every
    // fetch and data access through the slow paths, which check it.
    debugArmed_ = (debug & dcic::kDE) && (debug & (dcic::kPCE | dcic::kDAE | dcic::kTE)) &&
                  (debug & (dcic::kKD | dcic::kUD));
    // Segments 0 (KUSEG low 512 MB), 4 (KSEG0), 5 (KSEG1); user mode only reaches KUSEG.
    dataSegMask_ = ((status & sr::kIsC) || debugArmed_) ? 0 : user ? 0x01 : 0x31;
    // D-cache mode: KUSEG/KSEG0 (cached) accesses take the slow path, which fills.
    dcacheFill_ = (bcc & (kBccRam | kBccDs)) == kBccDs;
    if (dcacheFill_) dataSegMask_ &= 0x20;
    cachedSegMask_ = (!(bcc & kBccIs1) || debugArmed_) ? 0 : user ? 0x01 : 0x11;
    ramWindow_ = bus_.ramWindow();
    ramMask_ = bus_.ramMask();
    if (dataSegMask_ != oldData || cachedSegMask_ != oldCached || ramWindow_ != oldWindow)
        ++icacheEpoch_;
}

void Cpu::commitPendingLoads() {
    st_.regs[st_.ldReg] = st_.ldValue;
    st_.regs[st_.nextLdReg] = st_.nextLdValue;
    st_.regs[0] = 0;
    st_.ldReg = st_.nextLdReg = 0;
}

void Cpu::setPc(uint32_t pc) {
    commitPendingLoads();
    st_.tracePending = 0;
    st_.pc = pc;
    st_.nextPc = pc + 4;
    st_.nextIsDelaySlot = 0;
}

void Cpu::setReg(unsigned r, uint32_t v) {
    r &= 31;
    if (!r) return;
    st_.regs[r] = v;
    if (st_.ldReg == r) st_.ldReg = 0;
    if (st_.nextLdReg == r) st_.nextLdReg = 0;
}

void Cpu::invalidateICache() {
    for (auto& t : st_.icacheTag)
        t = 0;
    ++icacheEpoch_;
}

void Cpu::run() {
    stopRequested_ = false;
    for (;;) {
        if (stopRequested_ || scheduler_.now() >= scheduler_.nextDue()) return;
        if (st_.busLocked) [[unlikely]] { // hung on the bus until power-off: time only passes
            *now_ = scheduler_.nextDue();
            return;
        }
        if (interruptPending()) takeInterrupt();
        deadline_ = scheduler_.nextDue();
        if (vectorHit_) [[unlikely]] {
            finishVectorJump();
            continue;
        }
        if (trace_)
            execute<true, false>();
        else if (recompiler_)
            recompiler_->execute();
        else
            execute<false, false>();
    }
}

void Cpu::step() {
    if (st_.busLocked) [[unlikely]] {
        *now_ += 1;
        return;
    }
    if (interruptPending()) takeInterrupt();
    // About to run a watched jump's delay slot: an RFE there makes it a return, not a call.
    const bool rfeSlot = vectorHit_ && st_.nextIsDelaySlot &&
                         mips::decode(peekInstruction(st_.pc)) == mips::Mnemonic::kRfe;
    if (trace_)
        execute<true, true>();
    else
        execute<false, true>();
    if (vectorHit_ && !st_.nextIsDelaySlot) {
        if (rfeSlot)
            vectorHit_ = false;
        else
            finishVectorJump();
    }
}

// The execute loop stopped right after a jump to A0h/B0h (the watch is on). Running the delay
// slot alone here is what the loop would have done next: no event is due (run() checked), and
// an interrupt taken before it replays the jump on return, so emulated state and timing do
// not depend on the watch.
// A return from exception to A0h/B0h (JR with RFE in its delay slot, after an interrupt
// taken at the vector) is not a call, and is not reported.
void Cpu::finishVectorJump() {
    bool call = true;
    if (st_.nextIsDelaySlot) {
        call = mips::decode(peekInstruction(st_.pc)) != mips::Mnemonic::kRfe;
        if (trace_)
            execute<true, true>();
        else
            execute<false, true>();
    }
    vectorHit_ = false;
    uint32_t pc = st_.pc;
    if (call && (pc & 0x1fffffef) == 0xa0 && vectorWatch_) vectorWatch_(vectorWatchCtx_, pc & 0xff);
}

void Cpu::traceLine(uint32_t pc, uint32_t instr) {
    std::fprintf(trace_, "%08X: %08X  %s\n", pc, instr, disassemble(pc, instr).c_str());
}

template <bool kTrace, bool kSingle> void Cpu::execute() {
    State& s = st_;
#define R (st_.regs)
    // The hot state lives in locals; slow paths see it through st_ (SYNC_OUT / SYNC_IN).
    Cycles now = *now_;
    uint32_t pc = s.pc, nextPc = s.nextPc;
    uint32_t ldReg = 0, ldValue = 0;
    uint32_t nLdReg = s.nextLdReg, nLdValue = s.nextLdValue;
    bool nextDelay = s.nextIsDelaySlot != 0, curDelay = false;
    uint32_t ipc = pc;
    uint64_t count = 0;
    // Run of consecutive i-cache words known to hit (no tag check needed). Anything that may
    // change the cache or the fetch mode goes through a slow path, whose SYNC_IN clears it.
    uint32_t blockStart = 0, blockBytes = 0;
// A compiler barrier between neighbouring fields keeps GCC from packing these locals into
// vector registers, which slows the whole loop down.
#define NO_PACK() asm volatile("" ::: "memory")
#define SYNC_OUT()                                                                                 \
    do {                                                                                           \
        *now_ = now;                                                                               \
        s.pc = pc;                                                                                 \
        NO_PACK();                                                                                 \
        s.nextPc = nextPc;                                                                         \
        NO_PACK();                                                                                 \
        s.ldReg = ldReg;                                                                           \
        NO_PACK();                                                                                 \
        s.ldValue = ldValue;                                                                       \
        NO_PACK();                                                                                 \
        s.nextLdReg = nLdReg;                                                                      \
        NO_PACK();                                                                                 \
        s.nextLdValue = nLdValue;                                                                  \
        s.nextIsDelaySlot = nextDelay;                                                             \
        curPc_ = ipc;                                                                              \
        curDelay_ = curDelay;                                                                      \
    } while (0)
#define SYNC_IN()                                                                                  \
    do {                                                                                           \
        now = *now_;                                                                               \
        pc = s.pc;                                                                                 \
        NO_PACK();                                                                                 \
        nextPc = s.nextPc;                                                                         \
        NO_PACK();                                                                                 \
        ldReg = s.ldReg;                                                                           \
        NO_PACK();                                                                                 \
        ldValue = s.ldValue;                                                                       \
        NO_PACK();                                                                                 \
        nLdReg = s.nextLdReg;                                                                      \
        NO_PACK();                                                                                 \
        nLdValue = s.nextLdValue;                                                                  \
        nextDelay = s.nextIsDelaySlot != 0;                                                        \
        blockBytes = 0;                                                                            \
    } while (0)
#define SLOW(call)                                                                                 \
    do {                                                                                           \
        SYNC_OUT();                                                                                \
        call;                                                                                      \
        SYNC_IN();                                                                                 \
    } while (0)

    auto write = [&](uint32_t r, uint32_t v) {
        R[r] = v;
        if (r == ldReg) ldReg = 0;
    };
    auto load = [&](uint32_t r, uint32_t v) {
        if (r == ldReg) ldReg = 0; // back-to-back loads: the first one is dropped
        nLdReg = r;
        nLdValue = v;
    };
    auto branch = [&](bool taken, uint32_t target) {
        nextDelay = true;
        s.nextBranchTaken = taken;
        s.branchTarget = target;
        if (taken) nextPc = target;
    };
    // Jumps (never conditional branches) to the BIOS vectors A0h/B0h stop the loop when they
    // are watched (finishVectorJump); bit 4 masked matches both.
    auto jump = [&](uint32_t target) {
        branch(true, target);
        if ((target & 0x1fffffef) == 0xa0 && vectorWatch_) [[unlikely]] {
            vectorHit_ = true;
            deadline_ = 0;
        }
    };
    // `ba`: the address a data breakpoint compares (differs from `a` only for LWL/LWR).
    auto loadWord = [&](uint32_t a, uint32_t& v, auto sizeTag, uint32_t target,
                        uint32_t ba) -> bool {
        constexpr unsigned N = decltype(sizeTag)::value;
        if (loadFast<N>(a, v, now, target)) return true;
        if (now < s.busReadyAt) now = s.busReadyAt;
        bool ok;
        uint32_t cycles = 1;
        SLOW(ok = loadSlow(a, N, v, cycles, ba));
        if (ok && cycles > 1) chargeLoad(now, cycles, target);
        return ok;
    };
    auto storeWord = [&](uint32_t a, uint32_t v, auto sizeTag) {
        constexpr unsigned N = decltype(sizeTag)::value;
        if (storeFast<N>(a, v, now)) return;
        if (now < s.busReadyAt) now = s.busReadyAt;
        SLOW(storeSlow(a, v, N));
    };
    using B1 = std::integral_constant<unsigned, 1>;
    using B2 = std::integral_constant<unsigned, 2>;
    using B4 = std::integral_constant<unsigned, 4>;
    // Fields are decoded from the raw word where a handler uses them (hoisting them all costs
    // registers): rs(instr), simm(instr), ...
    using namespace mips::field;

    for (;;) {
        if constexpr (!kSingle) {
            if (now >= deadline_) break;
        }
        ipc = pc;
        uint32_t instr;
        bool fetched = false;
        if (pc - blockStart < blockBytes) {
            instr = s.icacheData[(pc >> 2) & 0x3ff];
            fetched = true;
        } else if (((cachedSegMask_ >> (pc >> 29)) & 1) && !(pc & 3)) {
            uint32_t w = (pc >> 2) & 3;
            uint32_t tag = s.icacheTag[(pc >> 4) & 0xff];
            if (((tag ^ pc) & 0x1ffff000) == 0 && !(tag & 0xe0000000) && ((tag >> w) & 1)) {
                instr = s.icacheData[(pc >> 2) & 0x3ff];
                fetched = true;
                // The valid words from here to the end of the line can skip the tag check.
                blockStart = pc;
                blockBytes = uint32_t(__builtin_ctz(~((tag & 0xf) >> w))) * 4;
            }
        }
        if (!fetched) {
            curDelay = nextDelay;
            SLOW(fetched = fetchSlow(ipc, instr));
            if (!fetched) {
                now += 1;
                if constexpr (kSingle) break;
                continue;
            }
        }
        if constexpr (kTrace) traceLine(ipc, instr);
        ++count;
        pc = nextPc;
        nextPc = pc + 4;
        curDelay = nextDelay;
        nextDelay = false;
        ldReg = nLdReg;
        ldValue = nLdValue;
        nLdReg = 0;
        if (now < s.busReadyAt) [[unlikely]] {
            // The loaded register is not there before the access ends (the delay-slot
            // instruction still reads the old value and does not wait).
            uint32_t r = s.shadowReg;
            if (r != ldReg && (rs(instr) == r || rt(instr) == r)) now = s.busReadyAt;
        }

        switch (const uint32_t d = dispatch(instr)) {
        case special(funct::kSll): write(rd(instr), R[rt(instr)] << shamt(instr)); break;
        case special(funct::kSrl): write(rd(instr), R[rt(instr)] >> shamt(instr)); break;
        case special(funct::kSra):
            write(rd(instr), uint32_t(int32_t(R[rt(instr)]) >> shamt(instr)));
            break;
        case special(funct::kSllv): write(rd(instr), R[rt(instr)] << (R[rs(instr)] & 31)); break;
        case special(funct::kSrlv): write(rd(instr), R[rt(instr)] >> (R[rs(instr)] & 31)); break;
        case special(funct::kSrav):
            write(rd(instr), uint32_t(int32_t(R[rt(instr)]) >> (R[rs(instr)] & 31)));
            break;
        case special(funct::kJr): jump(R[rs(instr)]); break;
        case special(funct::kJalr): {
            uint32_t target = R[rs(instr)];
            write(rd(instr), ipc + 8);
            jump(target);
            break;
        }
        case special(funct::kSyscall): SLOW(exception(exc::kSys)); break;
        case special(funct::kBreak): SLOW(exception(exc::kBp)); break;
        case special(funct::kMfhi):
            if (now < s.hiloReadyAt) now = s.hiloReadyAt;
            write(rd(instr), s.hi);
            break;
        case special(funct::kMthi): s.hi = R[rs(instr)]; break;
        case special(funct::kMflo):
            if (now < s.hiloReadyAt) now = s.hiloReadyAt;
            write(rd(instr), s.lo);
            break;
        case special(funct::kMtlo): s.lo = R[rs(instr)]; break;
        case special(funct::kMult): {
            int64_t p = int64_t(int32_t(R[rs(instr)])) * int64_t(int32_t(R[rt(instr)]));
            s.lo = uint32_t(p);
            s.hi = uint32_t(uint64_t(p) >> 32);
            s.hiloReadyAt = now + 1 + multCycles(R[rs(instr)], true);
            break;
        }
        case special(funct::kMultu): {
            uint64_t p = uint64_t(R[rs(instr)]) * uint64_t(R[rt(instr)]);
            s.lo = uint32_t(p);
            s.hi = uint32_t(p >> 32);
            s.hiloReadyAt = now + 1 + multCycles(R[rs(instr)], false);
            break;
        }
        case special(funct::kDiv): {
            int32_t n = int32_t(R[rs(instr)]), d = int32_t(R[rt(instr)]);
            if (d == 0) {
                s.hi = uint32_t(n);
                s.lo = n >= 0 ? 0xffffffffu : 1u;
            } else if (uint32_t(n) == 0x80000000u && d == -1) {
                s.hi = 0;
                s.lo = 0x80000000u;
            } else {
                s.lo = uint32_t(n / d);
                s.hi = uint32_t(n % d);
            }
            s.hiloReadyAt = now + 1 + kDivCycles;
            break;
        }
        case special(funct::kDivu): {
            uint32_t n = R[rs(instr)], d = R[rt(instr)];
            if (d == 0) {
                s.hi = n;
                s.lo = 0xffffffffu;
            } else {
                s.lo = n / d;
                s.hi = n % d;
            }
            s.hiloReadyAt = now + 1 + kDivCycles;
            break;
        }
        case special(funct::kAdd): {
            uint32_t a = R[rs(instr)], b = R[rt(instr)], r = a + b;
            if ((~(a ^ b) & (a ^ r)) >> 31)
                SLOW(exception(exc::kOvf));
            else
                write(rd(instr), r);
            break;
        }
        case special(funct::kAddu): write(rd(instr), R[rs(instr)] + R[rt(instr)]); break;
        case special(funct::kSub): {
            uint32_t a = R[rs(instr)], b = R[rt(instr)], r = a - b;
            if (((a ^ b) & (a ^ r)) >> 31)
                SLOW(exception(exc::kOvf));
            else
                write(rd(instr), r);
            break;
        }
        case special(funct::kSubu): write(rd(instr), R[rs(instr)] - R[rt(instr)]); break;
        case special(funct::kAnd): write(rd(instr), R[rs(instr)] & R[rt(instr)]); break;
        case special(funct::kOr): write(rd(instr), R[rs(instr)] | R[rt(instr)]); break;
        case special(funct::kXor): write(rd(instr), R[rs(instr)] ^ R[rt(instr)]); break;
        case special(funct::kNor): write(rd(instr), ~(R[rs(instr)] | R[rt(instr)])); break;
        case special(funct::kSlt):
            write(rd(instr), int32_t(R[rs(instr)]) < int32_t(R[rt(instr)]) ? 1 : 0);
            break;
        case special(funct::kSltu): write(rd(instr), R[rs(instr)] < R[rt(instr)] ? 1 : 0); break;
        case op::kBcondZ: {
            bool taken = (int32_t(R[rs(instr)]) < 0) != bcondGez(instr);
            uint32_t target = pc + branchOffset(instr);
            if (bcondLink(instr)) write(kRa, ipc + 8); // BLTZAL / BGEZAL
            branch(taken, target);
            break;
        }
        case op::kJ: jump((pc & 0xf0000000) | (target(instr) << 2)); break;
        case op::kJal:
            write(kRa, ipc + 8);
            jump((pc & 0xf0000000) | (target(instr) << 2));
            break;
        case op::kBeq: branch(R[rs(instr)] == R[rt(instr)], pc + branchOffset(instr)); break;
        case op::kBne: branch(R[rs(instr)] != R[rt(instr)], pc + branchOffset(instr)); break;
        case op::kBlez: branch(int32_t(R[rs(instr)]) <= 0, pc + branchOffset(instr)); break;
        case op::kBgtz: branch(int32_t(R[rs(instr)]) > 0, pc + branchOffset(instr)); break;
        case op::kAddi: {
            uint32_t a = R[rs(instr)], b = simm(instr), r = a + b;
            if ((~(a ^ b) & (a ^ r)) >> 31)
                SLOW(exception(exc::kOvf));
            else
                write(rt(instr), r);
            break;
        }
        case op::kAddiu: write(rt(instr), R[rs(instr)] + simm(instr)); break;
        case op::kSlti:
            write(rt(instr), int32_t(R[rs(instr)]) < int32_t(simm(instr)) ? 1 : 0);
            break;
        case op::kSltiu: write(rt(instr), R[rs(instr)] < simm(instr) ? 1 : 0); break;
        case op::kAndi: write(rt(instr), R[rs(instr)] & imm(instr)); break;
        case op::kOri: write(rt(instr), R[rs(instr)] | imm(instr)); break;
        case op::kXori: write(rt(instr), R[rs(instr)] ^ imm(instr)); break;
        case op::kLui: write(rt(instr), imm(instr) << 16); break;
        case op::kCop0: SLOW(cop0Op(instr)); break;
        case op::kCop1:
        case op::kCop3:
        case op::kLwc1:
        case op::kLwc3:
        case op::kSwc1:
        case op::kSwc3: SLOW(copOther(copNumber(instr), instr)); break;
        case op::kCop2: SLOW(cop2Op(instr)); break;
        case op::kLwc2:
            if (!(s.cop0[cop0::kSr] & sr::kCU2)) {
                SLOW(exception(exc::kCpU, 2));
            } else {
                uint32_t v;
                const uint32_t a = R[rs(instr)] + simm(instr);
                if (loadWord(a, v, B4{}, 0, a)) gte_.writeData(rt(instr), v);
            }
            break;
        case op::kSwc2:
            if (!(s.cop0[cop0::kSr] & sr::kCU2)) {
                SLOW(exception(exc::kCpU, 2));
            } else {
                if (now < s.gteReadyAt) now = s.gteReadyAt;
                storeWord(R[rs(instr)] + simm(instr), gte_.readData(rt(instr)), B4{});
            }
            break;
        case op::kLwc0:
        case op::kSwc0: // SWC0: "mov [mem],cop0reg" is not supported (COP0 - Misc)
            SLOW(exception(exc::kCpU, 0));
            break;
        case op::kLb: {
            uint32_t v;
            if (const uint32_t a = R[rs(instr)] + simm(instr); loadWord(a, v, B1{}, rt(instr), a))
                load(rt(instr), uint32_t(int32_t(int8_t(v))));
            break;
        }
        case op::kLh: {
            uint32_t v;
            if (const uint32_t a = R[rs(instr)] + simm(instr); loadWord(a, v, B2{}, rt(instr), a))
                load(rt(instr), uint32_t(int32_t(int16_t(v))));
            break;
        }
        case op::kLwl: {
            uint32_t a = R[rs(instr)] + simm(instr), v;
            if (loadWord(a & ~3u, v, B4{}, rt(instr), a)) {
                uint32_t cur = (rt(instr) == ldReg) ? ldValue : R[rt(instr)];
                uint32_t sh = (a & 3) * 8;
                load(rt(instr), (cur & (0x00ffffffu >> sh)) | (v << (24 - sh)));
            }
            break;
        }
        case op::kLw: {
            uint32_t v;
            if (const uint32_t a = R[rs(instr)] + simm(instr); loadWord(a, v, B4{}, rt(instr), a))
                load(rt(instr), v);
            break;
        }
        case op::kLbu: {
            uint32_t v;
            if (const uint32_t a = R[rs(instr)] + simm(instr); loadWord(a, v, B1{}, rt(instr), a))
                load(rt(instr), v & 0xff);
            break;
        }
        case op::kLhu: {
            uint32_t v;
            if (const uint32_t a = R[rs(instr)] + simm(instr); loadWord(a, v, B2{}, rt(instr), a))
                load(rt(instr), v & 0xffff);
            break;
        }
        case op::kLwr: {
            uint32_t a = R[rs(instr)] + simm(instr), v;
            if (loadWord(a & ~3u, v, B4{}, rt(instr), a)) {
                uint32_t cur = (rt(instr) == ldReg) ? ldValue : R[rt(instr)];
                uint32_t sh = (a & 3) * 8;
                load(rt(instr), (cur & ~(0xffffffffu >> sh)) | (v >> sh));
            }
            break;
        }
        case op::kSb: storeWord(R[rs(instr)] + simm(instr), R[rt(instr)], B1{}); break;
        case op::kSh: storeWord(R[rs(instr)] + simm(instr), R[rt(instr)], B2{}); break;
        case op::kSw: storeWord(R[rs(instr)] + simm(instr), R[rt(instr)], B4{}); break;
        case op::kSwl:
        case op::kSwr: {
            uint32_t a = R[rs(instr)] + simm(instr);
            bool left = d == op::kSwl;
            if (!storePartialFast(a, R[rt(instr)], left, now)) {
                if (now < s.busReadyAt) now = s.busReadyAt;
                SLOW(storePartialSlow(a, R[rt(instr)], left));
            }
            break;
        }
        default: SLOW(reserved(instr)); break;
        }
        R[ldReg] = ldValue;
        R[0] = 0;
        ldReg = 0;
        now += 1;
        if constexpr (kSingle) break;
    }
    SYNC_OUT();
    instructions_ += count;
#undef SLOW
#undef R
#undef NO_PACK
#undef SYNC_OUT
#undef SYNC_IN
}

template void Cpu::execute<false, false>();
template void Cpu::execute<true, false>();
template void Cpu::execute<false, true>();
template void Cpu::execute<true, true>();

} // namespace core
