// x86-64 code for one block of R3000A instructions (core/cpu/recompiler.h).
//
// The code is the interpreter's loop body (core/cpu/cpu.cpp execute()) written out per
// instruction, with what the interpreter keeps in locals known at compile time where it can
// be: the address of each instruction, whether it is the delay slot, which register a load in
// flight will write (ldReg/nLdReg), whether a register write cancels it. What only the running
// code knows stays in the CPU's State in memory (guest registers, ldValue/nextLdValue, HI/LO
// and the ready cycles), so a helper or an exit sees the state exactly as the interpreter's
// SYNC_OUT would leave it.
//
// Host registers while a block runs: rbx = &Cpu::st_, rbp = the Cpu, r12 = the cycle counter
// (stored to *Cpu::now_ around helper calls and at exits), r13 = Cpu::now_, r14d = a load or
// store address kept across the fast-path call, r15d = the PC after the delay slot (the
// branch's next PC), [rsp+8] = a spill slot. The trampoline saves and restores them.
#include "core/cpu/recompiler_emitter.h"

#include <cstddef>

#include "core/cpu/recompiler_helpers.h"

namespace core {

using namespace mips;
using namespace Xbyak::util;

namespace {
constexpr size_t kRegs = offsetof(Cpu::State, regs);
constexpr size_t kHi = offsetof(Cpu::State, hi);
constexpr size_t kLo = offsetof(Cpu::State, lo);
constexpr size_t kPc = offsetof(Cpu::State, pc);
constexpr size_t kNextPc = offsetof(Cpu::State, nextPc);
constexpr size_t kLdReg = offsetof(Cpu::State, ldReg);
constexpr size_t kLdValue = offsetof(Cpu::State, ldValue);
constexpr size_t kNextLdReg = offsetof(Cpu::State, nextLdReg);
constexpr size_t kNextLdValue = offsetof(Cpu::State, nextLdValue);
constexpr size_t kNextIsDelaySlot = offsetof(Cpu::State, nextIsDelaySlot);
constexpr size_t kNextBranchTaken = offsetof(Cpu::State, nextBranchTaken);
constexpr size_t kBranchTarget = offsetof(Cpu::State, branchTarget);
constexpr size_t kSr = offsetof(Cpu::State, cop0) + 4 * cop0::kSr;
constexpr size_t kHiloReadyAt = offsetof(Cpu::State, hiloReadyAt);
constexpr size_t kBusReadyAt = offsetof(Cpu::State, busReadyAt);
constexpr size_t kShadowReg = offsetof(Cpu::State, shadowReg);
constexpr size_t kIcacheTag = offsetof(Cpu::State, icacheTag);
constexpr size_t kIcacheData = offsetof(Cpu::State, icacheData);

template <class T> int memberOffset(const Cpu& cpu, const T& member) {
    return int(reinterpret_cast<const char*>(&member) - reinterpret_cast<const char*>(&cpu));
}
} // namespace

RecEmitter::Kind RecEmitter::classify(uint32_t instr) {
    switch (field::dispatch(instr)) {
    case special(funct::kSll):
    case special(funct::kSrl):
    case special(funct::kSra):
    case special(funct::kSllv):
    case special(funct::kSrlv):
    case special(funct::kSrav):
    case special(funct::kMfhi):
    case special(funct::kMthi):
    case special(funct::kMflo):
    case special(funct::kMtlo):
    case special(funct::kMult):
    case special(funct::kMultu):
    case special(funct::kDiv):
    case special(funct::kDivu):
    case special(funct::kAdd):
    case special(funct::kAddu):
    case special(funct::kSub):
    case special(funct::kSubu):
    case special(funct::kAnd):
    case special(funct::kOr):
    case special(funct::kXor):
    case special(funct::kNor):
    case special(funct::kSlt):
    case special(funct::kSltu):
    case op::kAddi:
    case op::kAddiu:
    case op::kSlti:
    case op::kSltiu:
    case op::kAndi:
    case op::kOri:
    case op::kXori:
    case op::kLui:
    case op::kLb:
    case op::kLh:
    case op::kLwl:
    case op::kLw:
    case op::kLbu:
    case op::kLhu:
    case op::kLwr:
    case op::kSb:
    case op::kSh:
    case op::kSw:
    case op::kSwl:
    case op::kSwr:
    case op::kLwc2:
    case op::kSwc2: return Kind::kPlain;
    case op::kCop2:
        if (field::copCommand(instr)) return Kind::kPlain;
        switch (field::rs(instr)) {
        case copop::kMf:
        case copop::kCf:
        case copop::kMt:
        case copop::kCt: return Kind::kPlain;
        default: return Kind::kNo; // BC2F/BC2T and reserved encodings
        }
    case special(funct::kSyscall):
    case special(funct::kBreak): return Kind::kTerminal;
    case special(funct::kJr):
    case special(funct::kJalr):
    case op::kBcondZ:
    case op::kJ:
    case op::kJal:
    case op::kBeq:
    case op::kBne:
    case op::kBlez:
    case op::kBgtz: return Kind::kBranch;
    default: return Kind::kNo; // COP0, COP1/COP3, LWC0/SWC0..., reserved (HLE traps)
    }
}

RecEmitter::RecEmitter(Cpu& cpu, Recompiler& recompiler)
    : Xbyak::CodeGenerator(kCodeSize), cpu_(cpu), rec_(recompiler) {
    offEpoch_ = memberOffset(cpu, cpu.icacheEpoch_);
    offDataSegMask_ = memberOffset(cpu, cpu.dataSegMask_);
    offRamWindow_ = memberOffset(cpu, cpu.ramWindow_);
    offRamMask_ = memberOffset(cpu, cpu.ramMask_);
    offPageFlags_ = memberOffset(cpu, cpu.pageFlags_);
    offRam_ = memberOffset(cpu, cpu.ram_);
    offScratch_ = memberOffset(cpu, cpu.scratch_);
    offDeadline_ = memberOffset(cpu, cpu.deadline_);
    offInstructions_ = memberOffset(cpu, cpu.instructions_);
    offNowPtr_ = memberOffset(cpu, cpu.now_);
    offCurPc_ = memberOffset(cpu, cpu.curPc_);
    offCurDelay_ = memberOffset(cpu, cpu.curDelay_);
    offVectorWatch_ = memberOffset(cpu, cpu.vectorWatch_);
    offVectorHit_ = memberOffset(cpu, cpu.vectorHit_);
    // The trampoline: void(State*, Cpu*, code).
    entry_ = getCurr<Entry>();
    push(rbx);
    push(rbp);
    push(r12);
    push(r13);
    push(r14);
    push(r15);
    sub(rsp, 16); // keeps calls from the block 16-byte aligned; [rsp+8] in the block: spill
    mov(rbx, rdi);
    mov(rbp, rsi);
    mov(r13, qword[rbp + offNowPtr_]);
    mov(r12, qword[r13]);
    call(rdx);
    mov(qword[r13], r12);
    add(rsp, 16);
    pop(r15);
    pop(r14);
    pop(r13);
    pop(r12);
    pop(rbp);
    pop(rbx);
    ret();
    align(16);
    blocksStart_ = getCurr();
}

void RecEmitter::clear() {
    setSize(size_t(blocksStart_ - getCode()));
}

Xbyak::Address RecEmitter::reg(unsigned r) const {
    return dword[rbx + int(kRegs + 4 * r)];
}

Xbyak::Address RecEmitter::st32(size_t offset) const {
    return dword[rbx + int(offset)];
}

void RecEmitter::loadReg(const Xbyak::Reg32& dst, unsigned r) {
    if (r == 0)
        xor_(dst, dst);
    else
        mov(dst, reg(r));
}

void RecEmitter::writeReg(unsigned r, const Xbyak::Reg32& src) {
    if (r != 0) mov(reg(r), src);
    if (r == pend_) pend_ = 0;
}

void RecEmitter::delayedLoad(unsigned r, const Xbyak::Reg32& src) {
    mov(st32(kNextLdValue), src);
    if (r == pend_) pend_ = 0; // back-to-back loads to one register: the first is dropped
    nextPend_ = r;
    copyNeeded_ = true;
}

void RecEmitter::callFn(const void* fn) {
    mov(rax, reinterpret_cast<uintptr_t>(fn));
    call(rax);
}

void RecEmitter::syncOut() {
    if (runOff_) { // inside a run: the cycles before this instruction are not added yet
        lea(rax, ptr[r12 + int(runOff_)]);
        mov(qword[r13], rax);
    } else {
        mov(qword[r13], r12);
    }
    if (inDelay_) {
        mov(st32(kPc), r15d);
        lea(eax, ptr[r15 + 4]);
        mov(st32(kNextPc), eax);
    } else {
        mov(st32(kPc), pc_ + 4);
        mov(st32(kNextPc), pc_ + 8);
    }
    mov(st32(kLdReg), pend_);
    mov(st32(kNextLdReg), 0);
    mov(byte[rbx + int(kNextIsDelaySlot)], 0);
    mov(dword[rbp + offCurPc_], pc_);
    mov(byte[rbp + offCurDelay_], inDelay_ ? 1 : 0);
}

void RecEmitter::trappedExit() {
    // The exception has written pc/nextPc and completed the loads in flight; the interpreter
    // then ends the instruction (one cycle) and goes on at the vector.
    mov(r12, qword[r13]);
    add(r12, 1);
    add(qword[rbp + offInstructions_], index_ + 1);
    mov(eax, int(kExitDone));
    ret();
}

// A run: instructions whose timing is fixed (one cycle each, no stall but the load shadow)
// and which cannot move the deadline, so one check at its start ("the deadline is past the
// run's last instruction") and one cycle add at its end stand for the interpreter's check
// and add at every instruction. ALU and immediate instructions, MTHI/MTLO, and a branch or
// jump as the last one (a jump may stop the loop through the vector watch, which the delay
// slot's own check sees). Loads, stores, MULT/DIV, MFHI/MFLO, COP2 and traps are runs of one.
unsigned RecEmitter::runLength(const uint32_t* words, unsigned k, unsigned n) {
    unsigned len = 0;
    while (k + len < n) {
        const uint32_t w = words[k + len];
        const Kind kind = classify(w);
        if (kind == Kind::kBranch) return len + 1;
        bool fixed = kind == Kind::kPlain;
        switch (field::dispatch(w)) {
        case special(funct::kMfhi):
        case special(funct::kMflo):
        case special(funct::kMult):
        case special(funct::kMultu):
        case special(funct::kDiv):
        case special(funct::kDivu):
        case op::kCop2: fixed = false; break;
        default:
            if (field::op(w) >= op::kLb) fixed = false; // loads, stores, LWC2/SWC2
            break;
        }
        if (!fixed) return len ? len : 1;
        ++len;
    }
    return len;
}

Xbyak::Label& RecEmitter::exitHere(Exit why) {
    Xbyak::Label& exit = labels_.emplace_back();
    const uint32_t ipc = pc_, pending = entryPend_;
    const bool delay = inDelay_;
    const unsigned k = index_, off = runOff_;
    stubs_.push_back([this, &exit, ipc, pending, delay, k, off, why] {
        L(exit);
        mov(st32(kPc), ipc);
        if (delay) {
            mov(st32(kNextPc), r15d);
            mov(byte[rbx + int(kNextIsDelaySlot)], 1);
        } else {
            mov(st32(kNextPc), ipc + 4);
            mov(byte[rbx + int(kNextIsDelaySlot)], 0);
        }
        mov(st32(kLdReg), 0);
        mov(st32(kNextLdReg), pending);
        if (k) add(qword[rbp + offInstructions_], k);
        if (off) add(r12, off);
        mov(eax, int(why));
        ret();
    });
    return exit;
}

const void* RecEmitter::emitBlock(uint32_t pc, const uint32_t* words, unsigned n,
                                  uint32_t entryPend) {
    if (getSize() + n * 1024 + 4096 > maxSize_) return nullptr;
    const void* code = getCurr();
    pend_ = 0;
    nextPend_ = entryPend;
    copyNeeded_ = true;
    branched_ = false;
    words_ = words;
    stubs_.clear();
    runLeft_ = 0;
    for (unsigned k = 0; k < n; ++k) {
        pc_ = pc + 4 * k;
        index_ = k;
        inDelay_ = branched_;
        entryPend_ = nextPend_;
        const uint32_t instr = words[k];
        // The loop's deadline check, once per run: when an event is due before the run's last
        // instruction, the block leaves before the run and the interpreter runs up to the
        // deadline (stopping at the same instruction as it always does).
        if (runLeft_ == 0) {
            const unsigned len = runLength(words, k, n);
            runLeft_ = len;
            runOff_ = 0;
            Xbyak::Label& near = exitHere(kExitNear);
            if (len == 1) {
                cmp(r12, qword[rbp + offDeadline_]);
            } else {
                lea(rax, ptr[r12 + int(len - 1)]);
                cmp(rax, qword[rbp + offDeadline_]);
            }
            jae(near, T_NEAR);
        }
        --runLeft_;
        // Entering a cache line: it must hit for these words and hold what was compiled
        // (else the interpreter fetches there: a refill with its timing, or other code).
        if (k == 0 || !(pc_ & 0xf)) {
            Xbyak::Label& exit = exitHere(kExitDone);
            uint32_t need = 0;
            for (unsigned i = k; i < n && (i == k || ((pc + 4 * i) & 0xf)); ++i)
                need |= 1u << (((pc + 4 * i) >> 2) & 3);
            const uint32_t line = (pc_ >> 4) & 0xff;
            mov(eax, st32(kIcacheTag + 4 * line));
            and_(eax, 0xfffff000u | need);
            cmp(eax, (pc_ & 0x1ffff000u) | need);
            jne(exit, T_NEAR);
            for (unsigned i = k; i < n && (i == k || ((pc + 4 * i) & 0xf)); ++i) {
                cmp(st32(kIcacheData + 4 * (((pc + 4 * i) >> 2) & 0x3ff)), words[i]);
                jne(exit, T_NEAR);
            }
        }
        pend_ = nextPend_;
        nextPend_ = 0;
        if (copyNeeded_) { // ldValue = nLdValue
            mov(eax, st32(kNextLdValue));
            mov(st32(kLdValue), eax);
            copyNeeded_ = false;
        }
        // Load shadow: the register of a load still on the bus is not there yet.
        {
            Xbyak::Label& stall = labels_.emplace_back();
            Xbyak::Label& back = labels_.emplace_back();
            // A stall inside a run moves the rest of it later: past the deadline, the block
            // leaves before this instruction (not yet stalled) for the interpreter.
            Xbyak::Label* late = runLeft_ ? &exitHere(kExitNear) : nullptr;
            if (runOff_) {
                lea(rax, ptr[r12 + int(runOff_)]);
                cmp(rax, qword[rbx + int(kBusReadyAt)]);
            } else {
                cmp(r12, qword[rbx + int(kBusReadyAt)]);
            }
            jb(stall, T_NEAR);
            L(back);
            const uint32_t pending = pend_, rs = field::rs(instr), rt = field::rt(instr);
            const unsigned off = runOff_, left = runLeft_;
            stubs_.push_back([this, &stall, &back, late, pending, rs, rt, off, left] {
                L(stall);
                mov(ecx, st32(kShadowReg));
                if (pending) {
                    cmp(ecx, pending);
                    je(back, T_NEAR);
                }
                Xbyak::Label hit;
                cmp(ecx, rs);
                je(hit);
                cmp(ecx, rt);
                jne(back, T_NEAR);
                L(hit);
                mov(rax, qword[rbx + int(kBusReadyAt)]);
                if (late) { // now = busReadyAt here; the run's last instruction at + left
                    lea(rcx, ptr[rax + int(left)]);
                    cmp(rcx, qword[rbp + offDeadline_]);
                    jae(*late, T_NEAR);
                }
                if (off) sub(rax, off);
                mov(r12, rax);
                jmp(back, T_NEAR);
            });
        }
        if (classify(instr) == Kind::kBranch)
            emitBranch(instr);
        else
            emitInstruction(instr);
        if (pend_) { // R[ldReg] = ldValue
            mov(eax, st32(kLdValue));
            mov(reg(pend_), eax);
        }
        ++runOff_;
        if (runLeft_ == 0) add(r12, int(runOff_));
        if (classify(instr) == Kind::kTerminal) break;
    }
    endBlock();
    for (size_t i = 0; i < stubs_.size(); ++i) // a stub may add stubs
        stubs_[i]();
    stubs_.clear();
    labels_.clear();
    return code;
}

// After the last instruction: straight into the next block where its address is known and
// it is still valid, else back to the dispatcher with the state written out.
void RecEmitter::endBlock() {
    add(qword[rbp + offInstructions_], index_ + 1);
    if (branched_) {
        const uint32_t branch = words_[index_ - 1];
        const uint32_t d = field::dispatch(branch), branchPc = pc_ - 4;
        const bool jump = d == op::kJ || d == op::kJal;
        const bool conditional = !jump && d != special(funct::kJr) && d != special(funct::kJalr);
        if (jump) linkTo(((branchPc + 4) & 0xf0000000) | (field::target(branch) << 2));
        if (conditional) {
            for (uint32_t target : {branchPc + 4 + field::branchOffset(branch), branchPc + 8}) {
                Xbyak::Label other;
                cmp(r15d, target);
                jne(other, T_NEAR);
                linkTo(target);
                L(other);
            }
        }
        mov(st32(kPc), r15d);
        lea(eax, ptr[r15 + 4]);
        mov(st32(kNextPc), eax);
    } else {
        linkTo(pc_ + 4);
        mov(st32(kPc), pc_ + 4);
        mov(st32(kNextPc), pc_ + 8);
    }
    mov(byte[rbx + int(kNextIsDelaySlot)], 0);
    mov(st32(kLdReg), 0);
    mov(st32(kNextLdReg), nextPend_);
    mov(eax, int(kExitDone));
    ret();
}

void RecEmitter::linkTo(uint32_t pc) {
    Recompiler::Block* target = rec_.linkTarget(pc, nextPend_);
    if (!target) return;
    Xbyak::Label stale;
    mov(rcx, reinterpret_cast<uintptr_t>(target));
    mov(rax, qword[rbp + offEpoch_]);
    cmp(rax, qword[rcx + int(offsetof(Recompiler::Block, validEpoch))]);
    jne(stale, T_NEAR);
    jmp(qword[rcx + int(offsetof(Recompiler::Block, code))]);
    L(stale);
}

void RecEmitter::emitInstruction(uint32_t instr) {
    const uint32_t s = field::rs(instr), t = field::rt(instr), d = field::rd(instr),
                   sh = field::shamt(instr);
    // An ALU result in eax into `dst`.
    auto alu = [&](unsigned dst) { writeReg(dst, eax); };
    auto overflowTrap = [&] {
        Xbyak::Label& trap = labels_.emplace_back();
        jo(trap, T_NEAR);
        const Where w = where();
        stubs_.push_back([this, &trap, w] {
            restore(w);
            L(trap);
            syncOut();
            mov(rdi, rbp);
            mov(esi, exc::kOvf);
            xor_(edx, edx);
            callFn(&RecHelpers::raise);
            trappedExit();
        });
    };
    // rd = rs OP rt for the commutative or plain two-operand ALU instructions, with the
    // guest registers as memory operands where one of them is the destination.
    using Op = void (Xbyak::CodeGenerator::*)(const Xbyak::Operand&, const Xbyak::Operand&);
    auto aluRR = [&](Op op, bool commutative) {
        if (d == 0 || s == 0 || t == 0) { // r0 reads as zero: the plain way
            loadReg(eax, s);
            loadReg(ecx, t);
            (this->*op)(eax, ecx);
            alu(d);
            return;
        }
        if (d == s || (commutative && d == t)) { // R[d] OP= the other one
            mov(eax, reg(d == s ? t : s));
            (this->*op)(reg(d), eax);
        } else {
            mov(eax, reg(s));
            (this->*op)(eax, reg(t));
            mov(reg(d), eax);
        }
        if (d == pend_) pend_ = 0; // write(): cancels the load in flight to d
    };
    // rt = rs OP imm, in place when rt is rs.
    using OpI = void (Xbyak::CodeGenerator::*)(const Xbyak::Operand&, uint32_t);
    auto aluRI = [&](OpI op, uint32_t imm) {
        if (t != 0 && t == s) {
            if (imm) (this->*op)(reg(t), imm);
            if (t == pend_) pend_ = 0;
            return;
        }
        loadReg(eax, s);
        if (imm) (this->*op)(eax, imm);
        alu(t);
    };
    switch (field::dispatch(instr)) {
    case special(funct::kSll):
        loadReg(eax, t);
        if (sh) shl(eax, sh);
        alu(d);
        break;
    case special(funct::kSrl):
        loadReg(eax, t);
        if (sh) shr(eax, sh);
        alu(d);
        break;
    case special(funct::kSra):
        loadReg(eax, t);
        if (sh) sar(eax, sh);
        alu(d);
        break;
    case special(funct::kSllv):
        loadReg(ecx, s);
        loadReg(eax, t);
        shl(eax, cl);
        alu(d);
        break;
    case special(funct::kSrlv):
        loadReg(ecx, s);
        loadReg(eax, t);
        shr(eax, cl);
        alu(d);
        break;
    case special(funct::kSrav):
        loadReg(ecx, s);
        loadReg(eax, t);
        sar(eax, cl);
        alu(d);
        break;
    case special(funct::kSyscall):
    case special(funct::kBreak):
        syncOut();
        mov(rdi, rbp);
        mov(esi, field::funct(instr) == funct::kSyscall ? exc::kSys : exc::kBp);
        xor_(edx, edx);
        callFn(&RecHelpers::raise);
        trappedExit();
        break;
    case special(funct::kMfhi):
    case special(funct::kMflo):
        mov(rax, qword[rbx + int(kHiloReadyAt)]);
        cmp(r12, rax);
        cmovb(r12, rax);
        mov(eax, st32(field::funct(instr) == funct::kMfhi ? kHi : kLo));
        alu(d);
        break;
    case special(funct::kMthi):
    case special(funct::kMtlo):
        loadReg(eax, s);
        mov(st32(field::funct(instr) == funct::kMthi ? kHi : kLo), eax);
        break;
    case special(funct::kMult):
    case special(funct::kMultu):
    case special(funct::kDiv):
    case special(funct::kDivu): {
        mov(rdi, rbx);
        loadReg(esi, s);
        loadReg(edx, t);
        mov(rcx, r12);
        const uint32_t f = field::funct(instr);
        callFn(f == funct::kMult    ? &RecHelpers::mult
               : f == funct::kMultu ? &RecHelpers::multu
               : f == funct::kDiv   ? &RecHelpers::div
                                    : &RecHelpers::divu);
        break;
    }
    case special(funct::kAdd):
        loadReg(eax, s);
        loadReg(ecx, t);
        add(eax, ecx);
        overflowTrap();
        alu(d);
        break;
    case special(funct::kAddu): aluRR(&Xbyak::CodeGenerator::add, true); break;
    case special(funct::kSub):
        loadReg(eax, s);
        loadReg(ecx, t);
        sub(eax, ecx);
        overflowTrap();
        alu(d);
        break;
    case special(funct::kSubu): aluRR(&Xbyak::CodeGenerator::sub, false); break;
    case special(funct::kAnd): aluRR(&Xbyak::CodeGenerator::and_, true); break;
    case special(funct::kOr): aluRR(&Xbyak::CodeGenerator::or_, true); break;
    case special(funct::kXor): aluRR(&Xbyak::CodeGenerator::xor_, true); break;
    case special(funct::kNor):
        loadReg(eax, s);
        loadReg(ecx, t);
        or_(eax, ecx);
        not_(eax);
        alu(d);
        break;
    case special(funct::kSlt):
    case special(funct::kSltu):
        loadReg(ecx, s);
        loadReg(edx, t);
        xor_(eax, eax);
        cmp(ecx, edx);
        if (field::funct(instr) == funct::kSlt)
            setl(al);
        else
            setb(al);
        alu(d);
        break;
    case op::kAddi:
        loadReg(eax, s);
        add(eax, int32_t(field::simm(instr)));
        overflowTrap();
        alu(t);
        break;
    case op::kAddiu: aluRI(&Xbyak::CodeGenerator::add, uint32_t(field::simm(instr))); break;
    case op::kSlti:
    case op::kSltiu:
        loadReg(ecx, s);
        xor_(eax, eax);
        cmp(ecx, int32_t(field::simm(instr)));
        if (field::op(instr) == op::kSlti)
            setl(al);
        else
            setb(al);
        alu(t);
        break;
    case op::kAndi:
        if (field::imm(instr) == 0 || t != s) { // ANDI with 0 clears: no in-place no-op
            loadReg(eax, s);
            and_(eax, field::imm(instr));
            alu(t);
        } else {
            aluRI(&Xbyak::CodeGenerator::and_, field::imm(instr));
        }
        break;
    case op::kOri: aluRI(&Xbyak::CodeGenerator::or_, field::imm(instr)); break;
    case op::kXori: aluRI(&Xbyak::CodeGenerator::xor_, field::imm(instr)); break;
    case op::kLui:
        mov(eax, field::imm(instr) << 16);
        alu(t);
        break;
    case op::kLb:
    case op::kLh:
    case op::kLwl:
    case op::kLw:
    case op::kLbu:
    case op::kLhu:
    case op::kLwr:
    case op::kLwc2: emitLoad(instr); break;
    case op::kSb:
    case op::kSh:
    case op::kSw:
    case op::kSwl:
    case op::kSwr:
    case op::kSwc2: emitStore(instr); break;
    case op::kCop2: emitCop2(instr); break;
    default: break; // classify() keeps everything else out
    }
}

// BcondZ/BEQ/BNE/BLEZ/BGTZ/J/JAL/JR/JALR: the interpreter's branch() and jump().
void RecEmitter::emitBranch(uint32_t instr) {
    const uint32_t s = field::rs(instr), t = field::rt(instr);
    const uint32_t target = pc_ + 4 + field::branchOffset(instr);
    auto conditional = [&] { // taken in al
        mov(byte[rbx + int(kNextBranchTaken)], al);
        mov(st32(kBranchTarget), target);
        mov(r15d, pc_ + 8);
        mov(ecx, target);
        test(al, al);
        cmovnz(r15d, ecx);
    };
    branched_ = true;
    switch (field::dispatch(instr)) {
    case special(funct::kJr):
        loadReg(eax, s);
        jumpTo(eax);
        return;
    case special(funct::kJalr):
        loadReg(eax, s);
        mov(dword[rsp + 8], eax);
        mov(ecx, pc_ + 8);
        writeReg(field::rd(instr), ecx);
        mov(eax, dword[rsp + 8]);
        jumpTo(eax);
        return;
    case op::kBcondZ:
        loadReg(ecx, s);
        test(ecx, ecx);
        sets(al);
        if (field::bcondGez(instr)) xor_(al, 1);
        if (field::bcondLink(instr)) {
            mov(edx, pc_ + 8);
            writeReg(kRa, edx);
        }
        conditional();
        return;
    case op::kJ: jumpTo(((pc_ + 4) & 0xf0000000) | (field::target(instr) << 2)); return;
    case op::kJal:
        mov(ecx, pc_ + 8);
        writeReg(kRa, ecx);
        jumpTo(((pc_ + 4) & 0xf0000000) | (field::target(instr) << 2));
        return;
    case op::kBeq:
    case op::kBne:
        loadReg(ecx, s);
        loadReg(edx, t);
        cmp(ecx, edx);
        if (field::op(instr) == op::kBeq)
            sete(al);
        else
            setne(al);
        conditional();
        return;
    case op::kBlez:
    case op::kBgtz:
        loadReg(ecx, s);
        cmp(ecx, 0);
        if (field::op(instr) == op::kBlez)
            setle(al);
        else
            setg(al);
        conditional();
        return;
    default: return;
    }
}

void RecEmitter::jumpTo(const Xbyak::Reg32& target) {
    mov(byte[rbx + int(kNextBranchTaken)], 1);
    mov(st32(kBranchTarget), target);
    mov(r15d, target);
    // A jump to A0h/B0h with the vector watch on stops the loop before the delay slot.
    Xbyak::Label& watch = labels_.emplace_back();
    Xbyak::Label& back = labels_.emplace_back();
    mov(ecx, target);
    and_(ecx, 0x1fffffef);
    cmp(ecx, 0xa0);
    je(watch, T_NEAR);
    L(back);
    stubs_.push_back([this, &watch, &back] {
        L(watch);
        vectorWatch();
        jmp(back, T_NEAR);
    });
}

void RecEmitter::jumpTo(uint32_t target) {
    mov(byte[rbx + int(kNextBranchTaken)], 1);
    mov(st32(kBranchTarget), target);
    mov(r15d, target);
    if ((target & 0x1fffffef) == 0xa0) vectorWatch();
}

void RecEmitter::vectorWatch() {
    Xbyak::Label off;
    cmp(qword[rbp + offVectorWatch_], 0);
    je(off);
    mov(byte[rbp + offVectorHit_], 1);
    mov(qword[rbp + offDeadline_], 0);
    L(off);
}

} // namespace core
