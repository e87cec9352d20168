// COP0 (exceptions, status, debug registers) and the coprocessor instructions
// (cpuspecifications.md "CPU Coprocessor Opcodes", "COP0 - ..."; geometrytransformationenginegte.md
// "GTE Load Delay Slots").
//
// Hardware notes the code relies on:
// - An exception pushes SR's KU/IE pair stack (bits 0-5) by two, RFE pops it (bits 4-5 stay).
//   EPC is the faulting instruction, or the branch before it with Cause.BD when it sits in a
//   delay slot; then Cause.BT tells whether that branch was taken and TAR holds its target.
//   Only address errors write BadVaddr. Vectors: 80000080h, or BFC00180h with SR.BEV;
//   debug breaks use 80000040h / BFC00140h.
// - Cause bits 8-9 are the only writable bits; bit 10 follows the interrupt controller's
//   line. An interrupt is taken between instructions when SR.IEc and (Cause AND SR) bits 8-15.
// - "Interrupts vs GTE Commands": a GTE command about to execute when an interrupt is taken
//   still executes, and EPC points at it.
// - COP0 needs kernel mode or SR.CU0, except r16-r31 (garbage: they read back what the last
//   valid COP0 read returned). MFC0 of r0-r2, r4, r10 and CFC0 -> RI; TLB commands -> RI;
//   LWC0/SWC0 and BC0x -> CpU. COP1/COP2/COP3 need SR.CU1/2/3, else CpU with Cause.CE = n.
//   COP2 branch flag reads as false (BC2F always branches, BC2T never). No COP1/COP3 exists:
//   with CU1/CU3 set, reads give 0 and other operations do nothing.
#include <cstring>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/irq.h"

namespace core {

// The instruction layer's names: cop0::kSr, exc::kOvf, sr::kBEV, cause::kBD, ...
using namespace mips;

namespace {
constexpr uint32_t kSrWritable = 0xf247ff3f;   // SR bits 0-5, 8-18, 22, 25, 28-31
constexpr uint32_t kDcicWritable = 0xff80f03f; // DCIC bits 0-5, 12-15, 23-31
// COP2 imm25: a GTE command.
constexpr bool isGteCommand(Instruction in) {
    return in.op() == op::kCop2 && in.copCommand();
}
} // namespace

bool Cpu::interruptPending() const {
    uint32_t status = st_.cop0[cop0::kSr];
    if (!(status & sr::kIEc)) return false;
    uint32_t ip = (st_.cop0[cop0::kCause] & cause::kSw) | (irq_.line() ? cause::kIrq : 0u);
    return (ip & status & sr::kIm) != 0;
}

void Cpu::takeInterrupt() {
    State& s = st_;
    curPc_ = s.pc;
    curDelay_ = s.nextIsDelaySlot;
    uint32_t next = peekInstruction(s.pc);
    if (isGteCommand(Instruction{next}) && (s.cop0[cop0::kSr] & sr::kCU2)) {
        Cycles& now = *now_;
        if (now < s.gteReadyAt) now = s.gteReadyAt;
        s.gteReadyAt = now + gte_.execute(next & 0x01ffffff);
    }
    exception(exc::kInt);
}

void Cpu::exception(uint32_t code, uint32_t coprocessor, bool debugVector) {
    State& s = st_;
    ++exceptions_;
    commitPendingLoads();
    s.tracePending = 0; // the flow goes to the vector, not to a branch target
    uint32_t c = (s.cop0[cop0::kCause] & cause::kSw) | (irq_.line() ? cause::kIrq : 0u);
    c |= (code << cause::kExcCodeShift) | ((coprocessor << cause::kCEShift) & cause::kCE);
    uint32_t epc = curPc_;
    if (curDelay_) {
        epc -= 4;
        c |= cause::kBD;
        if (s.nextBranchTaken) {
            c |= cause::kBT;
            s.cop0[cop0::kTar] = s.branchTarget;
        }
    }
    s.cop0[cop0::kCause] = c;
    s.cop0[cop0::kEpc] = epc;
    uint32_t status = s.cop0[cop0::kSr];
    s.cop0[cop0::kSr] = sr::afterException(status);
    uint32_t target = (status & sr::kBEV) ? (debugVector ? vector::kDebugBev : vector::kGeneralBev)
                                          : (debugVector ? vector::kDebug : vector::kGeneral);
    s.pc = target;
    s.nextPc = target + 4;
    s.nextIsDelaySlot = 0;
    refreshModes();
}

void Cpu::addressError(uint32_t code, uint32_t addr) {
    st_.cop0[cop0::kBadVaddr] = addr;
    exception(code);
}

void Cpu::reserved(uint32_t instr) {
    if (hleTrap_) {
        if (hleTrap_(curPc_, instr)) {
            deadline_ = 0; // the HLE BIOS may have changed SR, the IRQ mask or events
            refreshModes();
            return;
        }
    }
    exception(exc::kRI);
}

uint32_t Cpu::cop0(unsigned r) const {
    r &= 31;
    if (r >= 16) return st_.cop0Garbage;
    if (r == cop0::kCause) return st_.cop0[cop0::kCause] | (irq_.line() ? cause::kIrq : 0u);
    return st_.cop0[r];
}

void Cpu::setCop0(unsigned r, uint32_t v) {
    r &= 31;
    if (r >= 16) return;
    if (r == cop0::kCause) v &= ~cause::kIrq;
    st_.cop0[r] = v;
    refreshModes();
    deadline_ = 0;
}

bool Cpu::cop0Read(unsigned r, uint32_t& v) {
    switch (r) {
    case cop0::kBpc:
    case cop0::kBda:
    case cop0::kTar:
    case cop0::kDcic:
    case cop0::kBadVaddr:
    case cop0::kBdam:
    case cop0::kBpcm:
    case cop0::kSr:
    case cop0::kEpc:
    case cop0::kPrid: v = st_.cop0[r]; break;
    case cop0::kCause: v = st_.cop0[cop0::kCause] | (irq_.line() ? cause::kIrq : 0u); break;
    default:
        if (r < 16) return false; // r0-r2, r4, r10: N/A
        v = st_.cop0Garbage;
        return true;
    }
    st_.cop0Garbage = v;
    return true;
}

void Cpu::cop0Write(unsigned r, uint32_t v) {
    uint32_t* c = st_.cop0;
    switch (r) {
    case cop0::kBpc:
    case cop0::kBda:
    case cop0::kBdam:
    case cop0::kBpcm: c[r] = v; break;
    case cop0::kDcic: c[r] = v & kDcicWritable; break;
    case cop0::kSr: c[r] = (c[r] & ~kSrWritable) | (v & kSrWritable); break;
    case cop0::kCause: c[r] = (c[r] & ~cause::kSw) | (v & cause::kSw); break;
    default: return; // read-only or N/A
    }
    refreshModes();
    deadline_ = 0; // may unmask a pending interrupt
}

void Cpu::cop0Op(uint32_t instr) {
    State& s = st_;
    const Instruction in{instr};
    const uint32_t rt = in.rt(), rd = in.rd();
    const uint32_t status = s.cop0[cop0::kSr];
    bool usable = !(status & sr::kKUc) || (status & sr::kCU0);
    auto delayedLoad = [&](uint32_t v) {
        if (rt == s.ldReg) s.ldReg = 0;
        s.nextLdReg = rt;
        s.nextLdValue = v;
    };
    switch (in.rs()) {
    case copop::kMf: {
        if (!usable && rd < cop0::kFirstGarbage) return exception(exc::kCpU, 0);
        uint32_t v;
        if (!cop0Read(rd, v)) return exception(exc::kRI);
        delayedLoad(v);
        return;
    }
    case copop::kMt:
        if (!usable && rd < cop0::kFirstGarbage) return exception(exc::kCpU, 0);
        cop0Write(rd, s.regs[rt]);
        return;
    case copop::kCf: // control registers 32-63 do not exist
    case copop::kCt: return exception(exc::kRI);
    case copop::kBc: return exception(exc::kCpU, 0); // BC0F/BC0T
    default:
        if (!in.copCommand()) return exception(exc::kRI);
        if (in.funct() != cop0cmd::kRfe) return exception(exc::kRI); // TLBR/TLBWI/TLBWR/TLBP...
        if (!usable) return exception(exc::kCpU, 0);
        s.cop0[cop0::kSr] = sr::afterRfe(status); // RFE
        refreshModes();
        deadline_ = 0;
        return;
    }
}

void Cpu::copBranch(Instruction in, bool flag) {
    State& s = st_;
    bool onTrue = in.rt() & 1; // BCnT; the CPU ignores rt bits 1-4
    bool taken = flag == onTrue;
    uint32_t target = s.pc + in.branchOffset();
    s.nextIsDelaySlot = 1;
    s.nextBranchTaken = taken;
    s.branchTarget = target;
    if (taken) s.nextPc = target;
}

void Cpu::cop2Op(uint32_t instr) {
    State& s = st_;
    if (!(s.cop0[cop0::kSr] & sr::kCU2)) return exception(exc::kCpU, 2);
    Cycles& now = *now_;
    const Instruction in{instr};
    const uint32_t rt = in.rt(), rd = in.rd();
    auto waitGte = [&] {
        if (now < s.gteReadyAt) now = s.gteReadyAt;
    };
    auto delayedLoad = [&](uint32_t v) {
        if (rt == s.ldReg) s.ldReg = 0;
        s.nextLdReg = rt;
        s.nextLdValue = v;
    };
    if (in.copCommand()) { // COP2 imm25: GTE command
        waitGte();
        s.gteReadyAt = now + gte_.execute(in.imm25());
        return;
    }
    switch (in.rs()) {
    case copop::kMf:
        waitGte();
        delayedLoad(gte_.readData(rd));
        return;
    case copop::kCf:
        waitGte();
        delayedLoad(gte_.readControl(rd));
        return;
    case copop::kMt: gte_.writeData(rd, s.regs[rt]); return;
    case copop::kCt: gte_.writeControl(rd, s.regs[rt]); return;
    case copop::kBc: return copBranch(in, false); // the GTE's flag input reads false
    default: return exception(exc::kRI);
    }
}

void Cpu::copOther(unsigned n, uint32_t instr) {
    State& s = st_;
    if (!(s.cop0[cop0::kSr] & sr::cu(n))) return exception(exc::kCpU, n);
    const Instruction in{instr};
    if (in.op() >= op::kLwc0) return; // LWCn/SWCn: nothing answers
    if (in.copCommand()) return;
    switch (in.rs()) {
    case copop::kMf:
    case copop::kCf: // no register answers: 0 arrives after the load delay
        if (in.rt() == s.ldReg) s.ldReg = 0;
        s.nextLdReg = in.rt();
        s.nextLdValue = 0;
        return;
    case copop::kMt:
    case copop::kCt: return;
    case copop::kBc: return copBranch(in, false);
    default: return exception(exc::kRI);
    }
}

void Cpu::serialize(savestate::StateIO& io) {
    // Version 3: tracePending and busLocked (DCIC trace, the D-cache mode's bus deadlock);
    // version 2: named fields; version 1 stored the packed State (5392 bytes).
    uint32_t version = io.beginSection("cpu", 3);
    io.record(st_, version, 2, 5392, [&] {
        io.field("regs", st_.regs);
        io.field("hi", st_.hi);
        io.field("lo", st_.lo);
        io.field("pc", st_.pc);
        io.field("nextPc", st_.nextPc);
        io.field("ldReg", st_.ldReg);
        io.field("ldValue", st_.ldValue);
        io.field("nextLdReg", st_.nextLdReg);
        io.field("nextLdValue", st_.nextLdValue);
        io.field("nextIsDelaySlot", st_.nextIsDelaySlot);
        io.field("nextBranchTaken", st_.nextBranchTaken);
        io.field("tracePending", st_.tracePending);
        io.field("busLocked", st_.busLocked);
        io.field("branchTarget", st_.branchTarget);
        io.field("cop0", st_.cop0);
        io.field("cop0Garbage", st_.cop0Garbage);
        io.field("hiloReadyAt", st_.hiloReadyAt);
        io.field("gteReadyAt", st_.gteReadyAt);
        io.field("busReadyAt", st_.busReadyAt);
        io.field("shadowReg", st_.shadowReg);
        io.field("icacheTag", st_.icacheTag);
        io.field("icacheData", st_.icacheData);
    });
    io.endSection();
    if (io.reading()) {
        ++icacheEpoch_;
        ram_ = bus_.ram();
        scratch_ = bus_.scratchpad();
        pageFlags_ = bus_.pages().flagTable();
        refreshModes();
        deadline_ = 0;
    }
}

} // namespace core
