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

namespace {
constexpr uint32_t kSrWritable = 0xf247ff3f;   // SR bits 0-5, 8-18, 22, 25, 28-31
constexpr uint32_t kDcicWritable = 0xff80f03f; // DCIC bits 0-5, 12-15, 23-31
constexpr uint32_t kSrBev = 1u << 22;
} // namespace

bool Cpu::interruptPending() const {
    uint32_t sr = st_.cop0[kSr];
    if (!(sr & 1)) return false;
    uint32_t ip = (st_.cop0[kCause] & 0x300) | (irq_.line() ? 0x400u : 0u);
    return (ip & sr & 0xff00) != 0;
}

void Cpu::takeInterrupt() {
    State& s = st_;
    curPc_ = s.pc;
    curDelay_ = s.nextIsDelaySlot;
    uint32_t next = peekInstruction(s.pc);
    if ((next & 0xfe000000) == 0x4a000000 && (s.cop0[kSr] & (1u << 30))) {
        Cycles& now = *now_;
        if (now < s.gteReadyAt) now = s.gteReadyAt;
        s.gteReadyAt = now + gte_.execute(next & 0x01ffffff);
    }
    exception(kInt);
}

void Cpu::exception(uint32_t code, uint32_t coprocessor, bool debugVector) {
    State& s = st_;
    commitPendingLoads();
    uint32_t cause = (s.cop0[kCause] & 0x300) | (irq_.line() ? 0x400u : 0u);
    cause |= (code << 2) | ((coprocessor & 3) << 28);
    uint32_t epc = curPc_;
    if (curDelay_) {
        epc -= 4;
        cause |= 0x80000000u;
        if (s.nextBranchTaken) {
            cause |= 0x40000000u;
            s.cop0[kTar] = s.branchTarget;
        }
    }
    s.cop0[kCause] = cause;
    s.cop0[kEpc] = epc;
    uint32_t sr = s.cop0[kSr];
    s.cop0[kSr] = (sr & ~0x3fu) | ((sr << 2) & 0x3cu);
    uint32_t vector = (sr & kSrBev) ? (debugVector ? 0xbfc00140 : 0xbfc00180)
                                    : (debugVector ? 0x80000040 : 0x80000080);
    s.pc = vector;
    s.nextPc = vector + 4;
    s.nextIsDelaySlot = 0;
    refreshModes();
}

void Cpu::addressError(uint32_t code, uint32_t addr) {
    st_.cop0[kBadVaddr] = addr;
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
    exception(kRI);
}

uint32_t Cpu::cop0(unsigned r) const {
    r &= 31;
    if (r >= 16) return st_.cop0Garbage;
    if (r == kCause) return st_.cop0[kCause] | (irq_.line() ? 0x400u : 0u);
    return st_.cop0[r];
}

void Cpu::setCop0(unsigned r, uint32_t v) {
    r &= 31;
    if (r >= 16) return;
    if (r == kCause) v &= ~0x400u;
    st_.cop0[r] = v;
    refreshModes();
    deadline_ = 0;
}

bool Cpu::cop0Read(unsigned r, uint32_t& v) {
    switch (r) {
    case kBpc:
    case kBda:
    case kTar:
    case kDcic:
    case kBadVaddr:
    case kBdam:
    case kBpcm:
    case kSr:
    case kEpc:
    case kPrid: v = st_.cop0[r]; break;
    case kCause: v = st_.cop0[kCause] | (irq_.line() ? 0x400u : 0u); break;
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
    case kBpc:
    case kBda:
    case kBdam:
    case kBpcm: c[r] = v; break;
    case kDcic: c[r] = v & kDcicWritable; break;
    case kSr: c[r] = (c[r] & ~kSrWritable) | (v & kSrWritable); break;
    case kCause: c[r] = (c[r] & ~0x300u) | (v & 0x300u); break;
    default: return; // read-only or N/A
    }
    refreshModes();
    deadline_ = 0; // may unmask a pending interrupt
}

void Cpu::cop0Op(uint32_t instr) {
    State& s = st_;
    unsigned rs = (instr >> 21) & 31, rt = (instr >> 16) & 31, rd = (instr >> 11) & 31;
    bool usable = !(s.cop0[kSr] & 2) || (s.cop0[kSr] & (1u << 28));
    auto delayedLoad = [&](uint32_t v) {
        if (rt == s.ldReg) s.ldReg = 0;
        s.nextLdReg = rt;
        s.nextLdValue = v;
    };
    switch (rs) {
    case 0x00: { // MFC0
        if (!usable && rd < 16) return exception(kCpU, 0);
        uint32_t v;
        if (!cop0Read(rd, v)) return exception(kRI);
        delayedLoad(v);
        return;
    }
    case 0x04: // MTC0
        if (!usable && rd < 16) return exception(kCpU, 0);
        cop0Write(rd, s.regs[rt]);
        return;
    case 0x02: // CFC0: control registers 32-63 do not exist
    case 0x06: // CTC0
        return exception(kRI);
    case 0x08: // BC0F/BC0T
        return exception(kCpU, 0);
    default:
        if (!(rs & 0x10)) return exception(kRI);
        if ((instr & 0x3f) != 0x10) return exception(kRI); // TLBR/TLBWI/TLBWR/TLBP, others
        if (!usable) return exception(kCpU, 0);
        { // RFE
            uint32_t sr = s.cop0[kSr];
            s.cop0[kSr] = (sr & ~0xfu) | ((sr >> 2) & 0xfu);
            refreshModes();
            deadline_ = 0;
        }
        return;
    }
}

void Cpu::cop2Op(uint32_t instr) {
    State& s = st_;
    if (!(s.cop0[kSr] & (1u << 30))) return exception(kCpU, 2);
    Cycles& now = *now_;
    unsigned rs = (instr >> 21) & 31, rt = (instr >> 16) & 31, rd = (instr >> 11) & 31;
    auto waitGte = [&] {
        if (now < s.gteReadyAt) now = s.gteReadyAt;
    };
    auto delayedLoad = [&](uint32_t v) {
        if (rt == s.ldReg) s.ldReg = 0;
        s.nextLdReg = rt;
        s.nextLdValue = v;
    };
    if (rs & 0x10) { // COP2 imm25: GTE command
        waitGte();
        s.gteReadyAt = now + gte_.execute(instr & 0x01ffffff);
        return;
    }
    switch (rs) {
    case 0x00: // MFC2
        waitGte();
        delayedLoad(gte_.readData(rd));
        return;
    case 0x02: // CFC2
        waitGte();
        delayedLoad(gte_.readControl(rd));
        return;
    case 0x04: // MTC2
        gte_.writeData(rd, s.regs[rt]);
        return;
    case 0x06: // CTC2
        gte_.writeControl(rd, s.regs[rt]);
        return;
    case 0x08: { // BC2F / BC2T: the flag reads false
        bool taken = !(rt & 1);
        uint32_t target = s.pc + (uint32_t(int32_t(int16_t(instr & 0xffff))) << 2);
        s.nextIsDelaySlot = 1;
        s.nextBranchTaken = taken;
        s.branchTarget = target;
        if (taken) s.nextPc = target;
        return;
    }
    default: return exception(kRI);
    }
}

void Cpu::copOther(unsigned n, uint32_t instr) {
    State& s = st_;
    if (!(s.cop0[kSr] & (1u << (28 + n)))) return exception(kCpU, n);
    unsigned op = instr >> 26, rs = (instr >> 21) & 31, rt = (instr >> 16) & 31;
    if (op >= 0x30) return; // LWCn/SWCn: nothing answers
    if (rs & 0x10) return;  // command
    switch (rs) {
    case 0x00:
    case 0x02: // MFCn/CFCn
        if (rt == s.ldReg) s.ldReg = 0;
        s.nextLdReg = rt;
        s.nextLdValue = 0;
        return;
    case 0x04:
    case 0x06: return;
    case 0x08: {
        bool taken = !(rt & 1);
        uint32_t target = s.pc + (uint32_t(int32_t(int16_t(instr & 0xffff))) << 2);
        s.nextIsDelaySlot = 1;
        s.nextBranchTaken = taken;
        s.branchTarget = target;
        if (taken) s.nextPc = target;
        return;
    }
    default: return exception(kRI);
    }
}

void Cpu::serialize(savestate::StateIO& io) {
    // Version 2: named fields; version 1 stored the packed State (5392 bytes).
    uint32_t version = io.beginSection("cpu", 2);
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
        ram_ = bus_.ram();
        scratch_ = bus_.scratchpad();
        pageFlags_ = bus_.pages().flagTable();
        refreshModes();
        deadline_ = 0;
    }
}

} // namespace core
