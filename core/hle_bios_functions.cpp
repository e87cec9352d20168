// B(nnh) and C(nnh) functions of the HLE BIOS (kernelbios.md "BIOS Function Summary"); the
// A(nnh) functions are in hle_bios_libc.cpp.
#include "core/hle_bios.h"

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/hle_bios_layout.h"

namespace core {

using namespace hle;
using namespace mips;

bool HleBios::functionB(uint32_t n, uint32_t trapPc) {
    if (fileFunctionB(n)) return true;
    switch (n) {
    case 0x00: // alloc_kernel_memory(size)
        ret(heapAlloc(state_.kheapStart, state_.kheapEnd, arg(0)));
        return true;
    case 0x01: { // free_kernel_memory(buf)
        uint32_t b = arg(0);
        wr32(b - 4, rd32(b - 4) | 1);
        ret(0);
        return true;
    }
    case 0x02: { // init_timer(t, reload, flags)
        uint32_t t = arg(0), flags = arg(2);
        if (t > 2) {
            ret(0);
            return true;
        }
        uint32_t base = 0x1f801100 + 16 * t;
        bus_.write(base + 4, 0, 2);
        bus_.write(base + 8, arg(1) & 0xffff, 2);
        uint32_t mode = (flags & 0x10) ? 0x49 : 0x48;
        if (!(flags & 1)) mode |= 0x100;
        if (flags & 0x1000) mode |= 0x10;
        bus_.write(base + 4, mode, 2);
        ret(1);
        return true;
    }
    case 0x03: { // get_timer(t)
        uint32_t t = arg(0);
        ret(t > 2 ? 0 : bus_.read(0x1f801100 + 16 * t, 2) & 0xffff);
        return true;
    }
    case 0x04:
    case 0x05: { // enable_timer_irq(t) / disable_timer_irq(t)
        uint32_t t = arg(0);
        if (t <= 3) {
            uint32_t bit = t == 3 ? 1 : (0x10u << t);
            uint32_t mask = bus_.read(kIMask, 4) & 0x7ff;
            bus_.write(kIMask, n == 4 ? (mask | bit) : (mask & ~bit), 4);
        }
        ret(n == 5 ? 1 : (t <= 2 ? 1 : 0));
        return true;
    }
    case 0x06: { // restart_timer(t)
        uint32_t t = arg(0);
        if (t > 2) {
            ret(0);
            return true;
        }
        bus_.write(0x1f801100 + 16 * t, 0, 2);
        ret(1);
        return true;
    }
    case 0x07: // DeliverEvent(class, spec)
        deliverEvent(arg(0), arg(1), cpu_.reg(kRa));
        run();
        return true;
    case 0x08: { // OpenEvent(class, spec, mode, func)
        for (uint32_t i = 0; i < kNumEvCB; ++i) {
            uint32_t e = kKseg0 + kEvCB + kEvcbSize * i;
            if (rd32(e + 4) != 0) continue;
            wr32(e + 0x00, arg(0));
            wr32(e + 0x04, 0x1000);
            wr32(e + 0x08, arg(1));
            wr32(e + 0x0c, arg(2));
            wr32(e + 0x10, arg(3));
            ret(0xf1000000 | i);
            return true;
        }
        ret(0xffffffff);
        return true;
    }
    case 0x09:   // CloseEvent
    case 0x0c:   // EnableEvent
    case 0x0d: { // DisableEvent
        uint32_t e = evcb(arg(0));
        if (e != 0) {
            if (n == 0x09)
                wr32(e + 4, 0);
            else if (rd32(e + 4) != 0)
                wr32(e + 4, n == 0x0c ? 0x2000 : 0x1000);
        }
        ret(1);
        return true;
    }
    case 0x0a:   // WaitEvent(event)
    case 0x0b: { // TestEvent(event)
        uint32_t e = evcb(arg(0));
        uint32_t s = e ? rd32(e + 4) : 0;
        if (s == 0x4000) {
            wr32(e + 4, 0x2000);
            ret(1);
        } else if (n == 0x0a && s == 0x2000) {
            cpu_.setPc(trapPc); // hang until ready: IRQs still come in between the retries
        } else {
            ret(0);
        }
        return true;
    }
    case 0x0e: { // OpenTh(pc, sp_fp, gp)
        for (uint32_t i = 0; i < kNumTCB; ++i) {
            uint32_t t = kKseg0 + kTCB + kTcbSize * i;
            if (rd32(t) == 0x4000) continue;
            wr32(t, 0x4000);
            wr32(t + 4, 0x1000);
            wr32(t + kTcbEpc, arg(0));
            wr32(t + tcbReg(kSp), arg(1));
            wr32(t + tcbReg(kFp), arg(1));
            wr32(t + tcbReg(kGp), arg(2));
            ret(0xff000000 | i);
            return true;
        }
        ret(0xffffffff);
        return true;
    }
    case 0x0f: { // CloseTh(handle)
        uint32_t i = arg(0) & 0xffff;
        if (i < kNumTCB) wr32(kKseg0 + kTCB + kTcbSize * i, 0x1000);
        ret(1);
        return true;
    }
    case 0x10: { // ChangeTh(handle): SYS(03h) with the new TCB
        uint32_t i = arg(0) & 0xffff;
        if (i >= kNumTCB) {
            systemError("ChangeTh with an invalid thread handle");
            return true;
        }
        cpu_.setReg(kA0, 3);
        cpu_.setReg(kA1, kKseg0 + kTCB + kTcbSize * i);
        cpu_.setPc(kKseg0 + kChangeThStub);
        return true;
    }
    case 0x12: { // InitPAD2(buf1, siz1, buf2, siz2)
        for (unsigned p = 0; p < 2; ++p) {
            state_.padBuf[p] = arg(2 * p);
            state_.padSize[p] = arg(2 * p + 1);
            for (uint32_t i = 0; i < state_.padSize[p] && i < 0x100 && state_.padBuf[p]; ++i)
                wr8(state_.padBuf[p] + i, 0);
        }
        state_.padEnable = 1;
        ret(2);
        return true;
    }
    case 0x13:   // StartPAD2()
    case 0x4b: { // StartCARD2()
        setupSio0();
        enqueue(2, kKseg0 + kBuiltinElem + 16 * kBiPad);
        state_.padClear = 1;
        bus_.write(kIMask, (bus_.read(kIMask, 4) & 0x7ff) | 1, 4);
        // StartPAD2 leaves interrupts enabled (ExitCriticalSection).
        cpu_.setCop0(cop0::kSr, cpu_.cop0(cop0::kSr) | sr::kIEc | sr::kImIrq);
        ret(1);
        return true;
    }
    case 0x14:   // StopPAD2()
    case 0x4c: { // StopCARD2()
        dequeue(2, kKseg0 + kBuiltinElem + 16 * kBiPad);
        ret(1);
        return true;
    }
    case 0x15: { // PAD_init2(type, button_dest, unused, unused)
        uint32_t type = arg(0);
        if (type != 0x20000000 && type != 0x20000001) {
            ret(0);
            return true;
        }
        for (unsigned p = 0; p < 2; ++p) {
            state_.padBuf[p] = kKseg0 + kPadIntBuf + 0x22 * p;
            state_.padSize[p] = 0x22;
            for (uint32_t i = 0; i < 0x22; ++i)
                wr8(state_.padBuf[p] + i, 0);
        }
        state_.padEnable = 1;
        state_.padButtonDest = arg(1);
        setupSio0(); // as StartPAD2
        enqueue(2, kKseg0 + kBuiltinElem + 16 * kBiPad);
        bus_.write(kIMask, (bus_.read(kIMask, 4) & 0x7ff) | 1, 4);
        ret(2);
        return true;
    }
    case 0x16: { // PAD_dr()
        uint32_t v = padDr();
        wr32(state_.padButtonDest, v);
        ret(v);
        return true;
    }
    case 0x17: // ReturnFromException()
        returnFromException();
        return true;
    case 0x18: // ResetEntryInt() / SetDefaultExitFromException()
        state_.exitStruct = kKseg0 + kDefaultExit;
        ret(state_.exitStruct);
        return true;
    case 0x19: // HookEntryInt(addr) / SetCustomExitFromException(addr)
        state_.exitStruct = arg(0);
        ret(0);
        return true;
    case 0x20: // UnDeliverEvent(class, spec)
        undeliverEvent(arg(0), arg(1));
        ret(0);
        return true;
    case 0x4a: // InitCARD2(pad_enable)
        state_.padEnable = arg(0) != 0;
        ret(0);
        return true;
    case 0x4d:
    case 0x4e:
    case 0x4f:
    case 0x50:
    case 0x5c:
    case 0x5d:
        warnOnce(0xb0, n, "memory card");
        ret(0);
        return true;
    case 0x56: // GetC0Table
        ret(kKseg0 + kTableC);
        return true;
    case 0x57: // GetB0Table
        ret(kKseg0 + kTableB);
        return true;
    case 0x5b: { // ChangeClearPAD(int)
        uint32_t old = state_.padClear;
        state_.padClear = arg(0) != 0;
        ret(old);
        return true;
    }
    case 0x11:
    case 0x24:
    case 0x25:
    case 0x26:
    case 0x27:
    case 0x28:
    case 0x29:
    case 0x2c:
    case 0x2d:
    case 0x2e:
    case 0x2f:
    case 0x30:
    case 0x31: systemError("B-function that jumps to 00000000h"); return true;
    case 0x1a:
    case 0x1b:
    case 0x1c:
    case 0x1d:
    case 0x1e:
    case 0x1f:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x2a:
    case 0x2b:
    case 0x52:
    case 0x5a: systemError("SystemError B-function"); return true;
    default:
        if (n >= 0x5e) {
            systemError("B-function beyond the table (jumps to 00000000h)");
            return true;
        }
        // B(32h..3Fh) mirror A(00h..09h, 3Bh..3Eh).
        if (n >= 0x32 && n <= 0x3b) return functionA(n - 0x32, trapPc);
        if (n >= 0x3c && n <= 0x3f) return functionA(n - 0x3c + 0x3b, trapPc);
        return false;
    }
}

bool HleBios::functionC(uint32_t n, uint32_t) {
    switch (n) {
    case 0x00: // EnqueueTimerAndVblankIrqs(priority)
        enqueue(arg(0), kKseg0 + kBuiltinElem + 16 * kBiTimer0);
        enqueue(arg(0), kKseg0 + kBuiltinElem + 16 * kBiTimer1);
        enqueue(arg(0), kKseg0 + kBuiltinElem + 16 * kBiTimer2);
        enqueue(arg(0), kKseg0 + kBuiltinElem + 16 * kBiVblank);
        ret(0);
        return true;
    case 0x01: // EnqueueSyscallHandler(priority): syscalls are handled before the chains
        ret(0);
        return true;
    case 0x02: // SysEnqIntRP(priority, struc)
        enqueue(arg(0), arg(1));
        ret(0);
        return true;
    case 0x03: // SysDeqIntRP(priority, struc)
        dequeue(arg(0), arg(1));
        ret(0);
        return true;
    case 0x04: { // get_free_EvCB_slot()
        for (uint32_t i = 0; i < kNumEvCB; ++i)
            if (rd32(kKseg0 + kEvCB + kEvcbSize * i + 4) == 0) {
                ret(i);
                return true;
            }
        ret(0xffffffff);
        return true;
    }
    case 0x05: { // get_free_TCB_slot()
        for (uint32_t i = 0; i < kNumTCB; ++i)
            if (rd32(kKseg0 + kTCB + kTcbSize * i) != 0x4000) {
                ret(i);
                return true;
            }
        ret(0xffffffff);
        return true;
    }
    case 0x06: // ExceptionHandler(): reached only by a direct jump from a custom vector
        cpu_.setPc(kKseg0 + kExcEntry);
        return true;
    case 0x07: { // InstallExceptionHandlers()
        writeExceptionVectors();
        ret(0);
        return true;
    }
    case 0x08: // SysInitMemory(addr, size)
        heapInit(state_.kheapStart, state_.kheapEnd, arg(0), arg(1));
        ret(0);
        return true;
    case 0x0a: { // ChangeClearRCnt(t, flag)
        uint32_t t = arg(0) & 3;
        uint32_t old = state_.rcntClear[t];
        state_.rcntClear[t] = arg(1);
        ret(old);
        return true;
    }
    case 0x0c: // InitDefInt(priority)
        enqueue(arg(0), kKseg0 + kBuiltinElem + 16 * kBiDefInt);
        ret(0);
        return true;
    case 0x0d: { // SetIrqAutoAck(irq, flag)
        uint32_t irq = arg(0);
        if (irq < 11) {
            if (arg(1))
                state_.irqAutoAck |= 1u << irq;
            else
                state_.irqAutoAck &= ~(1u << irq);
        }
        ret(0);
        return true;
    }
    case 0x0e:
    case 0x0f:
    case 0x10:
    case 0x11:
    case 0x14: // return 0
    case 0x12:
    case 0x13:
    case 0x1b:
    case 0x1c: // device setup: nothing to do
        ret(0);
        return true;
    case 0x0b: systemError("SystemError C-function"); return true;
    default:
        if (n >= 0x1e) {
            systemError("C-function beyond the table (jumps to 00000000h)");
            return true;
        }
        return false;
    }
}

} // namespace core
