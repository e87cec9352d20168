// The HLE kernel's exception handler and its frame machine (kernel work that calls MIPS
// code: chain handlers, event callbacks, the custom exit), events, priority chains and pads
// (kernelbios.md "Exception Handling", "Events", "Interrupt Handling", "Pad Input").
#include "core/hle_bios.h"

#include <cstdio>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/hle_bios_layout.h"
#include "core/irq.h"

// Hardware/kernel notes this file relies on (kernelbios.md unless named):
// - The exception handler saves R1..R31, EPC, HI, LO, SR, CAUSE in the current TCB (layout
//   "Thread Control Blocks"), walks priority chains 0..3 calling each element's FIRST
//   function and, when it returns non-zero, its SECOND function; then leaves through the
//   exit structure (default: ReturnFromException). ReturnFromException restores everything
//   from the TCB and does JR EPC + RFE.
// - Interrupts on a COP2 command: newer kernels return to EPC+4 (cpuspecifications.md).
// - SYS(01h) clears SR bits 2 and 10 (IEp, the interrupt controller's Im bit) in the saved SR
//   and returns 1 only if both were set; SYS(02h) sets them; SYS(03h) switches the current
//   TCB; SYS(04h+) delivers F0000010h/4000h.
// - Events: EvCB status 0 free, 1000h disabled, 2000h enabled/busy, 4000h enabled/ready;
//   mode 1000h calls the callback and stays busy, mode 2000h marks ready.
// - Root counter events F2000000h+t spec 2; ChangeClearRCnt(t,1) acknowledges the IRQ and
//   returns from the exception at once. The reference gives no power-on value: timers 0..2
//   default to 1, vblank (t=3) to 0 so the pad handler behind it still sees IRQ0 (the pad
//   handler acknowledges IRQ0 itself unless ChangeClearPAD(0)).
// - Pads: the vblank pad read itself is in hle_bios_pads.cpp.

namespace core {

using namespace hle;
using namespace mips;

namespace {
// Default IRQ handler event classes per IRQ (kernelbios.md "Default IRQ Handler Events";
// IRQ6 shares IRQ5's class on hardware).
constexpr uint32_t kDefIntClass[11] = {0xf0000001, 0xf0000002, 0xf0000003, 0xf0000004,
                                       0xf0000005, 0xf0000006, 0xf0000006, 0xf0000008,
                                       0xf000000b, 0xf0000009, 0xf000000a};
} // namespace

// ---------------------------------------------------------------------------------------------
// Exceptions

uint32_t HleBios::currentTcb() {
    return rd32(kKseg0 + kPCB);
}

void HleBios::exceptionEntry() {
    uint32_t tcb = currentTcb();
    for (unsigned r = 1; r < 32; ++r)
        wr32(tcb + tcbReg(r), cpu_.reg(r));
    wr32(tcb + kTcbEpc, cpu_.cop0(cop0::kEpc));
    wr32(tcb + kTcbSr, cpu_.cop0(cop0::kSr));
    wr32(tcb + kTcbCause, cpu_.cop0(cop0::kCause));
    cpu_.setReg(kK0, tcb);
    cpu_.setPc(kKseg0 + kExcEntry + 4);
}

void HleBios::exceptionDispatch() {
    uint32_t tcb = currentTcb();
    uint32_t excode = cause::excCode(rd32(tcb + kTcbCause));
    cpu_.setReg(kSp, kKseg0 + kExcStackTop);
    if (excode == exc::kInt) {
        uint32_t epc = rd32(tcb + kTcbEpc);
        if (decode(rd32(epc)) == Mnemonic::kCop2) wr32(tcb + kTcbEpc, epc + 4); // GTE command
    } else if (excode == exc::kSys) {
        syscall(tcb);
        return;
    }
    pushFrame(kFrException, 0, rd32(kKseg0 + kExCB), excode);
    run();
}

void HleBios::syscall(uint32_t tcb) {
    uint32_t a0 = rd32(tcb + tcbReg(kA0));
    wr32(tcb + kTcbEpc, rd32(tcb + kTcbEpc) + 4);
    uint32_t status = rd32(tcb + kTcbSr);
    // The interrupt enable that RFE restores (IEp) and the interrupt controller's mask bit.
    constexpr uint32_t kCritical = sr::kIEp | sr::kImIrq;
    switch (a0) {
    case 0: break;
    case 1: // EnterCriticalSection
        wr32(tcb + tcbReg(kV0), (status & kCritical) == kCritical ? 1 : 0);
        wr32(tcb + kTcbSr, status & ~kCritical);
        break;
    case 2: wr32(tcb + kTcbSr, status | kCritical); break; // ExitCriticalSection
    case 3:
        wr32(tcb + tcbReg(kV0), 1);
        wr32(kKseg0 + kPCB, rd32(tcb + tcbReg(kA1)));
        break;
    default:
        pushFrame(kFrExcReturn);
        deliverEvent(0xf0000010, 0x4000, 0);
        run(); // the delivery may call MIPS callbacks before the exception returns
        return;
    }
    returnFromException();
}

void HleBios::returnFromException() {
    // Abandon whatever the exception handler was doing (a handler may leave early).
    for (uint32_t i = state_.depth; i-- > 0;) {
        uint32_t k = state_.frames[i].kind;
        if (k == kFrException || k == kFrExcReturn) {
            state_.depth = i;
            break;
        }
    }
    restoreFromTcb();
}

void HleBios::restoreFromTcb() {
    cpu_.setReg(kK0, currentTcb());
    cpu_.setPc(kKseg0 + kRestoreStub);
}

void HleBios::restoreFinish() {
    uint32_t tcb = currentTcb();
    for (unsigned r = 1; r < 32; ++r)
        if (r != kK0) cpu_.setReg(r, rd32(tcb + tcbReg(r)));
    cpu_.setCop0(cop0::kSr, sr::afterRfe(rd32(tcb + kTcbSr)));
    cpu_.setPc(rd32(tcb + kTcbEpc));
}

void HleBios::exitFromException() {
    uint32_t s = state_.exitStruct;
    uint32_t pc = rd32(s);
    if (phys(pc) == kStubB + 4 * 0x17) {
        returnFromException();
        return;
    }
    for (uint32_t i = state_.depth; i-- > 0;)
        if (state_.frames[i].kind == kFrException) {
            state_.depth = i;
            break;
        }
    cpu_.setReg(kSp, rd32(s + 4));
    cpu_.setReg(kFp, rd32(s + 8));
    for (unsigned r = 0; r < 8; ++r)
        cpu_.setReg(kS0 + r, rd32(s + 0xc + 4 * r));
    cpu_.setReg(kGp, rd32(s + 0x2c));
    cpu_.setReg(kRa, pc);
    cpu_.setReg(kV0, 1);
    cpu_.setPc(pc);
}

void HleBios::pushFrame(uint32_t kind, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
    if (state_.depth >= State::kMaxFrames) {
        ttyString("[HLE BIOS] kernel call nesting too deep, call dropped\n");
        return;
    }
    state_.frames[state_.depth++] = Frame{kind, 0, a, b, c, d};
}

void HleBios::callMips(uint32_t fn, uint32_t a0, uint32_t a1, uint32_t) {
    cpu_.setReg(kA0, a0);
    cpu_.setReg(kA1, a1);
    cpu_.setReg(kRa, kKseg0 + kRetTrap);
    cpu_.setPc(fn);
}

void HleBios::run() {
    while (state_.depth > 0)
        if (step(state_.frames[state_.depth - 1])) return;
}

// Advances one frame. Returns true when control has passed to MIPS code.
bool HleBios::step(Frame& f) {
    switch (f.kind) {
    case kFrException: {
        // a = priority, b = element, c = excode, d = elements visited (guards looped chains)
        if (f.phase == 1) {
            uint32_t func2 = rd32(f.b + 4);
            f.phase = 2;
            if (lastResult_ != 0 && func2 != 0) {
                callMips(func2, lastResult_, 0, 0);
                return true;
            }
        }
        if (f.phase == 2) {
            f.b = rd32(f.b);
            f.phase = 0;
        }
        if (f.phase == 3) {
            // The kernel calls A(40h) SystemErrorUnresolvedException through the A0h vector
            // and the RAM table, so a program that patched either catches the exception.
            uint32_t handler = rd32(kKseg0 + kTableA + 4 * 0x40);
            bool patched = phys(handler) != kStubA + 4 * 0x40 ||
                           rd32(kKseg0 + 0xa0) != trapWord(kCodeDispatch);
            if (!patched) {
                char buf[48];
                std::snprintf(buf, sizeof buf, "unresolved exception, code %02Xh", f.c);
                systemError(buf);
                return true;
            }
            f.phase = 4;
            cpu_.setReg(kT1, 0x40);
            callMips(kKseg0 + 0xa0, 0, 0, 0);
            return true;
        }
        if (f.phase == 4) { // the program's A(40h) returned: resume at the saved EPC
            returnFromException();
            return true;
        }
        while (f.b == 0 || f.d > 64) {
            if (++f.a >= 4) {
                if (f.c != 0) {
                    f.phase = 3;
                    deliverEvent(0xf0000010, 0x1000, 0);
                    return false;
                }
                exitFromException();
                return true;
            }
            f.b = rd32(kKseg0 + kExCB + 8 * f.a);
            f.d = 0;
        }
        ++f.d;
        uint32_t func1 = rd32(f.b + 8);
        uint32_t p = phys(func1);
        if (p >= kBuiltinFn && p < kBuiltinFn + 4 * kBiN && (p & 3) == 0) {
            uint32_t which = (p - kBuiltinFn) / 4;
            f.phase = 2;
            if (which == kBiPad)
                pushFrame(kFrPad);
            else if (which == kBiDefInt)
                pushFrame(kFrDefInt);
            else
                pushFrame(kFrRCnt, which == kBiVblank ? 3 : 3 - which); // T2..T0 -> 2..0
            return false;
        }
        if (func1 == 0) {
            f.phase = 2;
            return false;
        }
        f.phase = 1;
        callMips(func1, 0, 0, 0);
        return true;
    }
    case kFrExcReturn: returnFromException(); return true;
    case kFrSort: return sortStep();
    case kFrDeliver: {
        // a = class, b = spec, c = next EvCB index, d = return address (0: kernel caller)
        while (f.c < kNumEvCB) {
            uint32_t e = kKseg0 + kEvCB + kEvcbSize * f.c++;
            if (rd32(e + 4) != 0x2000 || rd32(e) != f.a || rd32(e + 8) != f.b) continue;
            uint32_t mode = rd32(e + 0xc);
            if (mode == 0x2000) {
                wr32(e + 4, 0x4000);
            } else if (mode == 0x1000) {
                uint32_t fn = rd32(e + 0x10);
                if (fn != 0) {
                    callMips(fn, 0, 0, 0);
                    return true;
                }
            }
        }
        uint32_t ra = f.d;
        --state_.depth;
        if (ra != 0) {
            cpu_.setReg(kV0, 0);
            cpu_.setPc(ra);
            return true;
        }
        return false;
    }
    case kFrRCnt: {
        uint32_t t = f.a;
        uint32_t bit = t == 3 ? 0 : 4 + t;
        const auto& irq = irq_.state();
        if (f.phase == 0) {
            if (!(irq.stat & irq.mask & (1u << bit))) {
                --state_.depth;
                return false;
            }
            f.phase = 1;
            deliverEvent(0xf2000000 + t, 2, 0);
            return false;
        }
        if (state_.rcntClear[t]) {
            ackIrq(bit);
            returnFromException();
            return true;
        }
        --state_.depth;
        return false;
    }
    case kFrPad: {
        const auto& irq = irq_.state();
        --state_.depth;
        if ((irq.stat & irq.mask & 1) && state_.padEnable) {
            refreshPads();
            if (state_.padButtonDest) wr32(state_.padButtonDest, padDr());
            if (state_.padClear) ackIrq(0);
        }
        return false;
    }
    case kFrDefInt: {
        const auto& irq = irq_.state();
        while (f.a < 11) {
            uint32_t i = f.a++;
            if (!(irq.stat & irq.mask & (1u << i))) continue;
            if (state_.irqAutoAck & (1u << i)) ackIrq(i);
            deliverEvent(kDefIntClass[i], 0x1000, 0);
            return false;
        }
        --state_.depth;
        return false;
    }
    default: --state_.depth; return false;
    }
}

uint32_t HleBios::ackIrq(uint32_t bit) {
    bus_.write(kIStat, ~(1u << bit), 4);
    return 1;
}

// ---------------------------------------------------------------------------------------------
// Events, chains

void HleBios::deliverEvent(uint32_t cls, uint32_t spec, uint32_t returnRa) {
    pushFrame(kFrDeliver, cls, spec, 0, returnRa);
}

void HleBios::undeliverEvent(uint32_t cls, uint32_t spec) {
    for (uint32_t i = 0; i < kNumEvCB; ++i) {
        uint32_t e = kKseg0 + kEvCB + kEvcbSize * i;
        if (rd32(e + 4) == 0x4000 && rd32(e + 0xc) == 0x2000 && rd32(e) == cls &&
            rd32(e + 8) == spec)
            wr32(e + 4, 0x2000);
    }
}

uint32_t HleBios::evcb(uint32_t handle) {
    uint32_t i = handle & 0xffff;
    if (i >= kNumEvCB) return 0;
    return kKseg0 + kEvCB + kEvcbSize * i;
}

void HleBios::enqueue(uint32_t prio, uint32_t elem) {
    uint32_t head = kKseg0 + kExCB + 8 * (prio & 3);
    // Inserting an element twice would link it to itself; the walk would never end.
    for (uint32_t e = rd32(head), n = 0; e != 0 && n < 64; e = rd32(e), ++n)
        if (phys(e) == phys(elem)) return;
    wr32(elem, rd32(head));
    wr32(head, elem);
}

void HleBios::dequeue(uint32_t prio, uint32_t elem) {
    // The real kernel reliably removes only the head element; removing it anywhere in the
    // chain gives the same result in every case where the real one works.
    uint32_t link = kKseg0 + kExCB + 8 * (prio & 3);
    for (uint32_t n = 0; n < 64; ++n) {
        uint32_t e = rd32(link);
        if (e == 0) return;
        if (phys(e) == phys(elem)) {
            wr32(link, rd32(e));
            return;
        }
        link = e;
    }
}

} // namespace core
