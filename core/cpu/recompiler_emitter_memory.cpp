// The recompiler's loads, stores and COP2 instructions (core/cpu/recompiler_emitter.h).
//
// A load or store first calls the interpreter's RAM/scratchpad fast path (which only needs
// the cycle counter); when that declines, the state is written out as the interpreter's
// SYNC_OUT leaves it and the slow path runs, which may raise an exception (then the block
// ends) or reach an I/O device (which may stop the loop through Cpu::deadline_, checked
// before the next instruction).
#include <cstddef>

#include "core/bus.h"
#include "core/cpu/cpu_fast_access.h"
#include "core/cpu/recompiler_emitter.h"
#include "core/cpu/recompiler_helpers.h"

namespace core {

using namespace mips;
using namespace Xbyak::util;

namespace {
constexpr size_t kLdValue = offsetof(Cpu::State, ldValue);
constexpr size_t kSr = offsetof(Cpu::State, cop0) + 4 * cop0::kSr;
} // namespace

void RecEmitter::checkCop2Usable() {
    Xbyak::Label& unusable = labels_.emplace_back();
    test(st32(kSr), sr::kCU2);
    jz(unusable, T_NEAR);
    const Where w = where();
    stubs_.push_back([this, &unusable, w] {
        restore(w);
        L(unusable);
        syncOut();
        mov(rdi, rbp);
        mov(esi, exc::kCpU);
        mov(edx, 2);
        callFn(&RecHelpers::raise);
        trappedExit();
    });
}

void RecEmitter::emitLoad(uint32_t instr) {
    const uint32_t o = field::op(instr), s = field::rs(instr), t = field::rt(instr);
    const unsigned size = (o == op::kLb || o == op::kLbu)   ? 1
                          : (o == op::kLh || o == op::kLhu) ? 2
                                                            : 4;
    const bool partial = o == op::kLwl || o == op::kLwr;
    const uint32_t target = o == op::kLwc2 ? 0 : t; // the register the load shadow holds back
    if (o == op::kLwc2) checkCop2Usable();
    loadReg(esi, s);
    if (field::simm(instr)) add(esi, int32_t(field::simm(instr)));
    mov(r14d, esi);
    if (partial) and_(esi, ~3u);
    Xbyak::Label& call = labels_.emplace_back();
    Xbyak::Label& slow = labels_.emplace_back();
    Xbyak::Label& done = labels_.emplace_back();
    inlineAccess(size, false, target, call);
    L(done);
    const Where w = where();
    stubs_.push_back([this, &call, &slow, &done, size, partial, target] {
        // What the inline path leaves alone: the interpreter's fast path in full (pages
        // with observers), then its slow one.
        L(call);
        mov(esi, r14d);
        if (partial) and_(esi, ~3u);
        mov(qword[r13], r12);
        mov(rdi, rbp);
        mov(edx, target);
        callFn(size == 1   ? &RecHelpers::loadFast<1>
               : size == 2 ? &RecHelpers::loadFast<2>
                           : &RecHelpers::loadFast<4>);
        mov(r12, qword[r13]);
        bt(rax, 33);
        jnc(done, T_NEAR);
        jmp(slow, T_NEAR);
    });
    stubs_.push_back([this, &slow, &done, w, size, partial, target] {
        restore(w);
        L(slow);
        syncOut();
        mov(rdi, rbp);
        mov(esi, r14d);
        if (partial) and_(esi, ~3u);
        mov(edx, target);
        mov(ecx, r14d); // the address a data breakpoint compares
        callFn(size == 1   ? &RecHelpers::loadSlow<1>
               : size == 2 ? &RecHelpers::loadSlow<2>
                           : &RecHelpers::loadSlow<4>);
        mov(r12, qword[r13]);
        bt(rax, 32);
        jnc(done, T_NEAR);
        trappedExit();
    });
    switch (o) {
    case op::kLb: movsx(eax, al); break;
    case op::kLbu: movzx(eax, al); break;
    case op::kLh: movsx(eax, ax); break;
    case op::kLhu: movzx(eax, ax); break;
    case op::kLwl:
    case op::kLwr:
        // Merged with the register's value, or with the load still in flight to it.
        mov(r8d, t == pend_ ? st32(kLdValue) : reg(t));
        mov(ecx, r14d);
        and_(ecx, 3);
        shl(ecx, 3);
        if (o == op::kLwl) { // (cur & (00FFFFFFh >> sh)) | (v << (24 - sh))
            mov(edx, 0x00ffffff);
            shr(edx, cl);
            and_(edx, r8d);
            neg(ecx);
            add(ecx, 24);
            shl(eax, cl);
        } else { // (cur & ~(FFFFFFFFh >> sh)) | (v >> sh)
            mov(edx, 0xffffffff);
            shr(edx, cl);
            not_(edx);
            and_(edx, r8d);
            shr(eax, cl);
        }
        or_(eax, edx);
        break;
    default: break;
    }
    if (o == op::kLwc2) { // to the GTE at once: LWC2 has no load delay on the CPU side
        mov(edx, eax);
        mov(rdi, rbp);
        mov(esi, t);
        callFn(&RecHelpers::gteWriteData);
        return;
    }
    delayedLoad(t, eax);
}

void RecEmitter::emitStore(uint32_t instr) {
    const uint32_t o = field::op(instr), s = field::rs(instr), t = field::rt(instr);
    const unsigned size = o == op::kSb ? 1 : o == op::kSh ? 2 : 4;
    const bool partial = o == op::kSwl || o == op::kSwr;
    const bool left = o == op::kSwl;
    const bool gte = o == op::kSwc2;
    if (gte) { // SWC2 waits for the GTE, then stores its data register
        checkCop2Usable();
        mov(qword[r13], r12);
        mov(rdi, rbp);
        mov(esi, t);
        callFn(&RecHelpers::gteReadDataWaiting);
        mov(r12, qword[r13]);
        mov(dword[rsp + 8], eax);
    }
    auto value = [this, gte, t](const Xbyak::Reg32& dst) { // runs again in the slow stub
        if (gte)
            mov(dst, dword[rsp + 8]);
        else
            loadReg(dst, t);
    };
    loadReg(esi, s);
    if (field::simm(instr)) add(esi, int32_t(field::simm(instr)));
    mov(r14d, esi);
    Xbyak::Label& inlineDone = labels_.emplace_back();
    if (!partial) {
        Xbyak::Label& call = labels_.emplace_back();
        value(edx);
        inlineAccess(size, true, 0, call);
        jmp(inlineDone, T_NEAR);
        L(call);
        mov(esi, r14d);
    }
    mov(qword[r13], r12);
    mov(rdi, rbp);
    value(edx);
    if (partial) {
        mov(ecx, left ? 1 : 0);
        callFn(&RecHelpers::storePartialFast);
    } else {
        callFn(size == 1   ? &RecHelpers::storeFast<1>
               : size == 2 ? &RecHelpers::storeFast<2>
                           : &RecHelpers::storeFast<4>);
    }
    mov(r12, qword[r13]);
    Xbyak::Label& slow = labels_.emplace_back();
    Xbyak::Label& done = labels_.emplace_back();
    test(eax, eax);
    jnz(slow, T_NEAR);
    L(done);
    L(inlineDone);
    const Where w = where();
    stubs_.push_back([this, &slow, &done, w, value, size, partial, left] {
        restore(w);
        L(slow);
        syncOut();
        mov(rdi, rbp);
        mov(esi, r14d);
        value(edx);
        if (partial) {
            mov(ecx, left ? 1 : 0);
            callFn(&RecHelpers::storePartialSlow);
        } else {
            callFn(size == 1   ? &RecHelpers::storeSlow<1>
                   : size == 2 ? &RecHelpers::storeSlow<2>
                               : &RecHelpers::storeSlow<4>);
        }
        mov(r12, qword[r13]);
        test(eax, eax);
        jz(done, T_NEAR);
        trappedExit();
    });
}

// The interpreter's RAM/scratchpad fast path (Cpu::loadFast/storeFast) written out for the
// plain case: address in esi, a store's value in edx; a load leaves the value in eax. Jumps
// to `other` for everything else (another segment or region, misalignment, cache isolation
// or D-cache mode through dataSegMask_, a RAM page with observers), which then runs the
// interpreter's own path from the start.
void RecEmitter::inlineAccess(unsigned size, bool store, uint32_t target, Xbyak::Label& other) {
    Xbyak::Label scratch, done;
    mov(eax, esi);
    shr(eax, 29);
    mov(ecx, dword[rbp + offDataSegMask_]);
    bt(ecx, eax);
    jnc(other, T_NEAR);
    if (size > 1) {
        test(esi, size - 1);
        jnz(other, T_NEAR);
    }
    mov(eax, esi);
    and_(eax, 0x1fffffff);
    cmp(eax, dword[rbp + offRamWindow_]);
    jae(scratch, T_NEAR);
    and_(eax, dword[rbp + offRamMask_]);
    mov(ecx, eax);
    shr(ecx, 12);
    mov(r8, qword[rbp + offPageFlags_]);
    if (store)
        cmp(byte[r8 + rcx], 0);
    else
        test(byte[r8 + rcx], uint8_t(core::PageFlag::kAnyRead));
    jnz(other, T_NEAR);
    mov(r8, qword[rbx + int(offsetof(Cpu::State, busReadyAt))]);
    cmp(r12, r8);
    cmovb(r12, r8); // the bus is busy with an earlier load
    mov(r8, qword[rbp + offRam_]);
    if (store) {
        if (size == 1) mov(byte[r8 + rax], dl);
        if (size == 2) mov(word[r8 + rax], dx);
        if (size == 4) mov(dword[r8 + rax], edx);
    } else {
        if (size == 1) movzx(eax, byte[r8 + rax]);
        if (size == 2) movzx(eax, word[r8 + rax]);
        if (size == 4) mov(eax, dword[r8 + rax]);
        // chargeLoad(7): the bus is busy for the whole access, the CPU for its first half.
        lea(r8, ptr[r12 + kRamLoadCycles]);
        mov(qword[rbx + int(offsetof(Cpu::State, busReadyAt))], r8);
        add(r12, (kRamLoadCycles - 1) - (kRamLoadCycles - 1) / 2);
        mov(dword[rbx + int(offsetof(Cpu::State, shadowReg))], target ? target : 32);
    }
    jmp(done, T_NEAR);
    L(scratch); // on-chip: one cycle, no bus access; not through KSEG1
    sub(eax, 0x1f800000);
    cmp(eax, core::Bus::kScratchSize);
    jae(other, T_NEAR);
    mov(ecx, esi);
    shr(ecx, 29);
    cmp(ecx, 5);
    je(other, T_NEAR);
    mov(r8, qword[rbp + offScratch_]);
    if (store) {
        if (size == 1) mov(byte[r8 + rax], dl);
        if (size == 2) mov(word[r8 + rax], dx);
        if (size == 4) mov(dword[r8 + rax], edx);
    } else {
        if (size == 1) movzx(eax, byte[r8 + rax]);
        if (size == 2) movzx(eax, word[r8 + rax]);
        if (size == 4) mov(eax, dword[r8 + rax]);
    }
    L(done);
}

// COP2 with CU2: GTE commands, MTC2/CTC2 (no delay), MFC2/CFC2 (a delayed load after waiting
// for the GTE). BC2x and reserved encodings are left to the interpreter (classify()).
void RecEmitter::emitCop2(uint32_t instr) {
    checkCop2Usable();
    const uint32_t t = field::rt(instr), d = field::rd(instr);
    if (field::copCommand(instr)) {
        mov(qword[r13], r12);
        mov(rdi, rbp);
        mov(esi, instr);
        callFn(&RecHelpers::gteCommand);
        mov(r12, qword[r13]);
        return;
    }
    switch (field::rs(instr)) {
    case copop::kMt:
    case copop::kCt:
        mov(rdi, rbp);
        mov(esi, d);
        loadReg(edx, t);
        callFn(field::rs(instr) == copop::kMt ? &RecHelpers::gteWriteData
                                              : &RecHelpers::gteWriteControl);
        return;
    case copop::kMf:
    case copop::kCf:
        mov(qword[r13], r12);
        mov(rdi, rbp);
        mov(esi, d);
        callFn(field::rs(instr) == copop::kMf ? &RecHelpers::gteReadDataWaiting
                                              : &RecHelpers::gteReadControlWaiting);
        mov(r12, qword[r13]);
        delayedLoad(t, eax);
        return;
    default: return;
    }
}

} // namespace core
