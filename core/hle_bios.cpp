#include "core/hle_bios.h"

#include <cstdio>
#include <cstring>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/irq.h"
#include "core/pad_state.h"
#include "core/sio0.h"

// Hardware/kernel notes this file relies on (kernelbios.md unless named):
// - Functions are called by jumping to A0h/B0h/C0h with the number in t1 (R9); arguments in
//   a0..a3 then [sp+10h]..; result in v0; RA is the return address.
// - RAM map: 60h RAM size in MB, 64h = 0, 68h = FFh; 80h exception vector; 100h table of
//   tables (ExCB, PCB, TCB, -, EvCB); 200h A table; the B and C tables are wherever
//   GetB0Table/GetC0Table say; kernel control blocks at E000h..FFFFh.
// - The exception handler saves R1..R31, EPC, HI, LO, SR, CAUSE in the current TCB (layout
//   "Thread Control Blocks"), walks priority chains 0..3 calling each element's FIRST
//   function and, when it returns non-zero, its SECOND function; then leaves through the
//   exit structure (default: ReturnFromException). ReturnFromException restores everything
//   from the TCB and does JR EPC + RFE.
// - Interrupts on a COP2 command: newer kernels return to EPC+4 (cpuspecifications.md).
// - SYS(01h) clears SR bits 2 and 10 in the saved SR and returns 1 only if both were set;
//   SYS(02h) sets them; SYS(03h) switches the current TCB; SYS(04h+) delivers F0000010h/4000h.
// - Events: EvCB status 0 free, 1000h disabled, 2000h enabled/busy, 4000h enabled/ready;
//   mode 1000h calls the callback and stays busy, mode 2000h marks ready.
// - Root counter events F2000000h+t spec 2; ChangeClearRCnt(t,1) acknowledges the IRQ and
//   returns from the exception at once. The reference gives no power-on value: timers 0..2
//   default to 1, vblank (t=3) to 0 so the pad handler behind it still sees IRQ0 (the pad
//   handler acknowledges IRQ0 itself unless ChangeClearPAD(0)).
// - Pads: InitPAD2 buffers get status 00h, ID 41h, two active-low button bytes at vblank.

namespace core {

namespace {
constexpr uint32_t kK0 = 0x80000000; // KSEG0 view of kernel RAM
// Kernel RAM layout (physical addresses).
constexpr uint32_t kTableA = 0x200, kTableC = 0x674, kTableB = 0x874;
constexpr uint32_t kExcEntry = 0xc80, kRestoreStub = 0xca0, kRetTrap = 0xcc0;
constexpr uint32_t kChangeThStub = 0xcd0;
constexpr uint32_t kSysErrLoop = HleBios::kSystemErrorLoop & 0x1fffff;
constexpr uint32_t kStubA = 0xd00, kStubB = 0x1000, kStubC = 0x1400;
constexpr uint32_t kBuiltinFn = 0x1600, kBuiltinElem = 0x1700;
constexpr uint32_t kDefaultExit = 0x1800, kFlushCache = 0x1840;
constexpr uint32_t kStrtokBuf = 0x1900;
constexpr uint32_t kPadIntBuf = 0x1a00; // PAD_init2's hidden buffers (2 x 22h)
constexpr uint32_t kExcStackTop = 0x3000;
constexpr uint32_t kExCB = 0xe000, kPCB = 0xe020, kTCB = 0xe030, kEvCB = 0xe330;
constexpr uint32_t kKernelHeap = 0xe500, kKernelEnd = 0x10000;
constexpr uint32_t kTcbSize = 0xc0, kEvcbSize = 0x1c;

// Trap codes (low 26 bits of opcode 3Fh).
constexpr uint32_t kTrapOp = 0xfc000000;
constexpr uint32_t kCodeFnA = 0x000, kCodeFnB = 0x100, kCodeFnC = 0x200;
constexpr uint32_t kCodeDispatch = 0x300; // +0 A, +1 B, +2 C
constexpr uint32_t kCodeExcSave = 0x310, kCodeExcDispatch = 0x311, kCodeRestore = 0x312;
constexpr uint32_t kCodeReturn = 0x313, kCodeBoot = 0x314;
constexpr uint32_t kCodeBuiltin = 0x320;

enum Builtin : uint32_t { kBiVblank, kBiTimer2, kBiTimer1, kBiTimer0, kBiPad, kBiDefInt, kBiN };
enum FrameKind : uint32_t {
    kFrException = 1,
    kFrExcReturn,
    kFrDeliver,
    kFrRCnt,
    kFrPad,
    kFrDefInt
};

constexpr uint32_t trapOp(uint32_t code) {
    return kTrapOp | code;
}
// Small MIPS encoders for the kernel's own code.
constexpr uint32_t iType(uint32_t op, uint32_t rs, uint32_t rt, uint32_t imm) {
    return (op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff);
}
constexpr uint32_t rType(uint32_t rs, uint32_t rt, uint32_t rd, uint32_t sh, uint32_t fn) {
    return (rs << 21) | (rt << 16) | (rd << 11) | (sh << 6) | fn;
}
constexpr uint32_t kNop = 0;
enum Reg : uint32_t {
    R0 = 0,
    AT = 1,
    V0 = 2,
    A0 = 4,
    A1 = 5,
    T0 = 8,
    T1 = 9,
    T2 = 10,
    T3 = 11,
    T4 = 12,
    SP = 29,
    FP = 30,
    RA = 31,
    K0 = 26,
    K1 = 27,
    GP = 28,
    S0 = 16
};
constexpr uint32_t lw(uint32_t rt, int16_t off, uint32_t base) {
    return iType(0x23, base, rt, static_cast<uint16_t>(off));
}
constexpr uint32_t sw(uint32_t rt, int16_t off, uint32_t base) {
    return iType(0x2b, base, rt, static_cast<uint16_t>(off));
}
constexpr uint32_t lui(uint32_t rt, uint32_t imm) {
    return iType(0x0f, 0, rt, imm);
}
constexpr uint32_t ori(uint32_t rt, uint32_t rs, uint32_t imm) {
    return iType(0x0d, rs, rt, imm);
}
constexpr uint32_t addiu(uint32_t rt, uint32_t rs, int16_t imm) {
    return iType(0x09, rs, rt, static_cast<uint16_t>(imm));
}
constexpr uint32_t bne(uint32_t rs, uint32_t rt, int16_t off) {
    return iType(0x05, rs, rt, static_cast<uint16_t>(off));
}
constexpr uint32_t jr(uint32_t rs) {
    return rType(rs, 0, 0, 0, 0x08);
}
constexpr uint32_t mfhi(uint32_t rd) {
    return rType(0, 0, rd, 0, 0x10);
}
constexpr uint32_t mflo(uint32_t rd) {
    return rType(0, 0, rd, 0, 0x12);
}
constexpr uint32_t mthi(uint32_t rs) {
    return rType(rs, 0, 0, 0, 0x11);
}
constexpr uint32_t mtlo(uint32_t rs) {
    return rType(rs, 0, 0, 0, 0x13);
}
constexpr uint32_t mfc0(uint32_t rt, uint32_t rd) {
    return (0x10u << 26) | (0u << 21) | (rt << 16) | (rd << 11);
}
constexpr uint32_t mtc0(uint32_t rt, uint32_t rd) {
    return (0x10u << 26) | (4u << 21) | (rt << 16) | (rd << 11);
}
constexpr uint32_t kSyscall = 0x0000000c;

uint32_t phys(uint32_t a) {
    return a & 0x1fffffff;
}
// SR after RFE: bits 2-3 -> 0-1, bits 4-5 -> 2-3, 4-5 unchanged (cpuspecifications.md).
uint32_t rfe(uint32_t sr) {
    return (sr & ~0xfu) | ((sr >> 2) & 0xf);
}

// Default IRQ handler event classes per IRQ (kernelbios.md "Default IRQ Handler Events";
// IRQ6 shares IRQ5's class on hardware).
constexpr uint32_t kDefIntClass[11] = {0xf0000001, 0xf0000002, 0xf0000003, 0xf0000004,
                                       0xf0000005, 0xf0000006, 0xf0000006, 0xf0000008,
                                       0xf000000b, 0xf0000009, 0xf000000a};
constexpr uint32_t kIStat = 0x1f801070, kIMask = 0x1f801074;
} // namespace

// ---------------------------------------------------------------------------------------------
// Memory helpers

uint32_t HleBios::rd32(uint32_t a) {
    return bus_.read(a & ~3u, 4);
}
uint16_t HleBios::rd16(uint32_t a) {
    return static_cast<uint16_t>(bus_.read(a & ~1u, 2));
}
uint8_t HleBios::rd8(uint32_t a) {
    return static_cast<uint8_t>(bus_.read(a, 1));
}
void HleBios::wr32(uint32_t a, uint32_t v) {
    bus_.write(a & ~3u, v, 4);
}
void HleBios::wr16(uint32_t a, uint16_t v) {
    bus_.write(a & ~1u, v, 2);
}
void HleBios::wr8(uint32_t a, uint8_t v) {
    bus_.write(a, v, 1);
}
uint32_t HleBios::arg(unsigned n) {
    if (n < 4) return cpu_.reg(A0 + n);
    return rd32(cpu_.reg(SP) + 4 * n);
}
void HleBios::ret(uint32_t v) {
    cpu_.setReg(V0, v);
    cpu_.setPc(cpu_.reg(RA));
}

// The console device (std_out): TAB pads to the next multiple of 8, LF becomes CR LF.
void HleBios::tty(char c) {
    auto out = [this](char ch) {
        if (ttyOut) ttyOut(ch);
    };
    if (c == '\t') {
        do {
            out(' ');
            ++state_.ttyColumn;
        } while (state_.ttyColumn & 7);
        return;
    }
    if (c == '\n') {
        out('\r');
        out('\n');
        state_.ttyColumn = 0;
        return;
    }
    out(c);
    if (c == '\r')
        state_.ttyColumn = 0;
    else if (c == '\b') {
        if (state_.ttyColumn) --state_.ttyColumn;
    } else
        ++state_.ttyColumn;
}
void HleBios::ttyString(const char* s) {
    while (*s)
        tty(*s++);
}

void HleBios::warnOnce(uint32_t table, uint32_t number, const char* what) {
    uint32_t t = table == 0xa0 ? 0 : table == 0xb0 ? 1 : 2;
    uint32_t n = number & 0xff;
    if (state_.warned[t][n >> 5] & (1u << (n & 31))) return;
    state_.warned[t][n >> 5] |= 1u << (n & 31);
    char buf[96];
    std::snprintf(buf, sizeof buf, "[HLE BIOS] %X(%02Xh) %s: not implemented, returns 0\n",
                  table >> 4, n, what);
    ttyString(buf);
}

void HleBios::systemError(const char* why) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "[HLE BIOS] SystemError: %s (pc=%08X ra=%08X)\n", why, cpu_.pc(),
                  cpu_.reg(RA));
    ttyString(buf);
    state_.halted = 1;
    state_.depth = 0;
    cpu_.setPc(HleBios::kSystemErrorLoop);
}

// ---------------------------------------------------------------------------------------------
// Installation

void HleBios::install() {
    state_ = {};
    std::memset(bus_.ram(), 0, kKernelEnd);
    writeKernel();
}

void HleBios::writeKernel() {
    // The 4-opcode vector (lui k0,0 / addiu k0,k0,0C80h / jr k0 / nop), also left at 0
    // ("Garbage Area" - some games read it).
    const uint32_t vector[4] = {lui(K0, 0), addiu(K0, K0, static_cast<int16_t>(kExcEntry)), jr(K0),
                                kNop};
    for (unsigned i = 0; i < 4; ++i) {
        wr32(kK0 + 0x00 + 4 * i, vector[i]);
        wr32(kK0 + 0x80 + 4 * i, vector[i]);
    }
    wr32(kK0 + 0x60, 2);
    wr32(kK0 + 0x64, 0);
    wr32(kK0 + 0x68, 0xff);
    for (uint32_t t = 0; t < 3; ++t) {
        wr32(kK0 + 0xa0 + 0x10 * t, trapOp(kCodeDispatch + t));
        for (unsigned i = 1; i < 4; ++i)
            wr32(kK0 + 0xa0 + 0x10 * t + 4 * i, kNop);
    }
    // Table of tables.
    wr32(kK0 + 0x100, kK0 + kExCB);
    wr32(kK0 + 0x104, 4 * 8);
    wr32(kK0 + 0x108, kK0 + kPCB);
    wr32(kK0 + 0x10c, 4);
    wr32(kK0 + 0x110, kK0 + kTCB);
    wr32(kK0 + 0x114, kNumTCB * kTcbSize);
    wr32(kK0 + 0x120, kK0 + kEvCB);
    wr32(kK0 + 0x124, kNumEvCB * kEvcbSize);
    // Jump tables and their trap stubs.
    for (uint32_t n = 0; n < 0xc0; ++n) {
        wr32(kK0 + kTableA + 4 * n, kK0 + kStubA + 4 * n);
        wr32(kK0 + kStubA + 4 * n, trapOp(kCodeFnA + n));
    }
    for (uint32_t n = 0; n < 0x100; ++n) {
        wr32(kK0 + kTableB + 4 * n, kK0 + kStubB + 4 * n);
        wr32(kK0 + kStubB + 4 * n, trapOp(kCodeFnB + n));
    }
    for (uint32_t n = 0; n < 0x80; ++n) {
        wr32(kK0 + kTableC + 4 * n, kK0 + kStubC + 4 * n);
        wr32(kK0 + kStubC + 4 * n, trapOp(kCodeFnC + n));
    }
    wr32(kK0 + kTableC + 4 * 6, kK0 + kExcEntry); // C(06h) ExceptionHandler
    // FlushCache runs uncached (as from ROM): clear every i-cache tag (memorycontrol.md BCC).
    wr32(kK0 + kTableA + 4 * 0x44, 0xa0000000 + kFlushCache);
    const uint32_t flush[] = {
        mfc0(T0, 12),        // t0 = SR
        lui(T1, 0xfffe),     // t1 = FFFE0000h
        lw(T2, 0x130, T1),   // t2 = BCC
        mtc0(R0, 12),        // SR = 0 (no IRQ while the cache is isolated)
        ori(T3, R0, 0x804),  // TAG | IS1
        sw(T3, 0x130, T1),   //
        lui(T3, 1),          // IsC
        mtc0(T3, 12),        //
        ori(T4, R0, 0),      // t4 = 0
        ori(T3, R0, 0x1000), // t3 = end
        sw(R0, 0, T4),       // loop: tag = 0
        addiu(T4, T4, 16),   //
        bne(T4, T3, -3),     //
        kNop,                //
        mtc0(R0, 12),        //
        sw(T2, 0x130, T1),   // BCC restored
        mtc0(T0, 12),        // SR restored
        jr(RA),              //
        kNop,                //
    };
    for (unsigned i = 0; i < sizeof flush / 4; ++i)
        wr32(kK0 + kFlushCache + 4 * i, flush[i]);
    // Exception entry: C++ saves R1..R31 and COP0 state, the MIPS part saves HI/LO.
    const uint32_t entry[] = {trapOp(kCodeExcSave), mfhi(K1),
                              sw(K1, 0x8c, K0),     mflo(K1),
                              sw(K1, 0x90, K0),     trapOp(kCodeExcDispatch)};
    for (unsigned i = 0; i < 6; ++i)
        wr32(kK0 + kExcEntry + 4 * i, entry[i]);
    const uint32_t restore[] = {
        lw(K1, 0x8c, K0), kNop, mthi(K1), lw(K1, 0x90, K0), kNop, mtlo(K1), trapOp(kCodeRestore)};
    for (unsigned i = 0; i < 7; ++i)
        wr32(kK0 + kRestoreStub + 4 * i, restore[i]);
    wr32(kK0 + kRetTrap, trapOp(kCodeReturn));
    wr32(kK0 + kChangeThStub, kSyscall);
    wr32(kK0 + kChangeThStub + 4, jr(RA));
    wr32(kK0 + kChangeThStub + 8, kNop);
    wr32(kK0 + kSysErrLoop, iType(0x04, 0, 0, 0xffff)); // b .
    wr32(kK0 + kSysErrLoop + 4, kNop);
    // The kernel's own chain elements.
    for (uint32_t i = 0; i < kBiN; ++i) {
        wr32(kK0 + kBuiltinFn + 4 * i, trapOp(kCodeBuiltin + i));
        wr32(kK0 + kBuiltinElem + 16 * i + 8, kK0 + kBuiltinFn + 4 * i);
    }
    // Default exit structure (ResetEntryInt).
    wr32(kK0 + kDefaultExit, kK0 + kStubB + 4 * 0x17);
    wr32(kK0 + kDefaultExit + 4, kK0 + kExcStackTop - 4);
    // Control blocks: the boot executable runs in TCB 0.
    wr32(kK0 + kPCB, kK0 + kTCB);
    for (uint32_t t = 0; t < kNumTCB; ++t)
        wr32(kK0 + kTCB + t * kTcbSize, t == 0 ? 0x4000 : 0x1000);

    state_.exitStruct = kK0 + kDefaultExit;
    state_.randSeed = 0;
    state_.padClear = 1;
    state_.rcntClear[0] = state_.rcntClear[1] = state_.rcntClear[2] = 1;
    state_.rcntClear[3] = 0;
    heapInit(state_.kheapStart, state_.kheapEnd, kK0 + kKernelHeap, kKernelEnd - kKernelHeap);
    // Default handlers: EnqueueTimerAndVblankIrqs(1), InitDefInt(3). SysEnqIntRP inserts at
    // the head, so the chain reads Vblank, Timer2, Timer1, Timer0.
    enqueue(1, kK0 + kBuiltinElem + 16 * kBiTimer0);
    enqueue(1, kK0 + kBuiltinElem + 16 * kBiTimer1);
    enqueue(1, kK0 + kBuiltinElem + 16 * kBiTimer2);
    enqueue(1, kK0 + kBuiltinElem + 16 * kBiVblank);
    enqueue(3, kK0 + kBuiltinElem + 16 * kBiDefInt);

    // BIOS ROM: reset entry, BEV exception vector, header strings (kernelbios.md ROM header).
    uint8_t* rom = bus_.bios();
    auto romWord = [rom](uint32_t off, uint32_t v) { std::memcpy(rom + off, &v, 4); };
    romWord(0x000, trapOp(kCodeBoot));
    romWord(0x180, trapOp(kCodeExcSave)); // BEV=1 exceptions join the normal handler
    romWord(0x100, 0x19951204);           // kernel BCD date
    romWord(0x104, 3);                    // console type
    const char kMaker[] = "Skipjack HLE kernel";
    std::memcpy(rom + 0x108, kMaker, sizeof kMaker);
    const char kVersion[] = "System ROM Version Skipjack HLE";
    std::memcpy(rom + 0x7ff32, kVersion, sizeof kVersion);

    // What the boot ROM leaves in memory control (memorycontrol.md "usually" values).
    const uint32_t memctl[][2] = {
        {0x1f801000, 0x1f000000}, {0x1f801004, 0x1f802000}, {0x1f801008, 0x0013243f},
        {0x1f80100c, 0x00003022}, {0x1f801010, 0x0013243f}, {0x1f801014, 0x200931e1},
        {0x1f801018, 0x00020843}, {0x1f80101c, 0x00070777}, {0x1f801020, 0x00031125},
        {0x1f801060, 0x00000b88}, {0xfffe0130, 0x0001e988}};
    for (auto& m : memctl)
        bus_.write(m[0], m[1], 4);
    bus_.takeBusError();
    // LoadExec starts the program after ExitCriticalSection: IEc and IM2 set.
    cpu_.setCop0(12, 0x00000401);
}

// ---------------------------------------------------------------------------------------------
// Traps

bool HleBios::trap(uint32_t pc, uint32_t instruction) {
    if ((instruction & 0xfc000000) != kTrapOp) return false;
    uint32_t code = instruction & 0x03ffffff;
    if (code < kCodeFnC + 0x80) {
        runFunction(code < kCodeFnB ? 0xa0 : code < kCodeFnC ? 0xb0 : 0xc0, code & 0xff, pc);
    } else if (code >= kCodeDispatch && code <= kCodeDispatch + 2) {
        dispatch(0xa0 + 0x10 * (code - kCodeDispatch), pc);
    } else if (code == kCodeExcSave) {
        exceptionEntry();
    } else if (code == kCodeExcDispatch) {
        exceptionDispatch();
    } else if (code == kCodeRestore) {
        restoreFinish();
    } else if (code == kCodeReturn) {
        if (state_.depth == 0) {
            systemError("kernel return trampoline reached with no kernel call pending");
        } else {
            lastResult_ = cpu_.reg(V0);
            run();
        }
    } else if (code == kCodeBoot) {
        systemError("jump to the reset vector BFC00000h (reboot) under the HLE BIOS");
    } else if (code >= kCodeBuiltin && code < kCodeBuiltin + kBiN) {
        ret(0); // the kernel runs its handlers natively; called as a function they do nothing
    } else {
        return false;
    }
    bus_.takeBusError();
    return true;
}

void HleBios::callFunction(uint32_t table, uint32_t number) {
    cpu_.setReg(T1, number);
    dispatch(table, kK0 + table);
}

// A0h/B0h/C0h: jump through the (patchable) table; our own entries run natively.
void HleBios::dispatch(uint32_t table, uint32_t trapPc) {
    uint32_t n = cpu_.reg(T1);
    uint32_t count = table == 0xa0 ? 0xc0 : table == 0xb0 ? 0x100 : 0x80;
    if (table == 0xc0 && n >= 0x80 && n < 0x180) { // C(80h..) mirrors B(00h..)
        table = 0xb0;
        n -= 0x80;
        count = 0x100;
    }
    if (n >= count) {
        warnOnce(table, n, "number beyond the table");
        ret(0);
        return;
    }
    uint32_t base = table == 0xa0 ? kTableA : table == 0xb0 ? kTableB : kTableC;
    uint32_t stub = table == 0xa0 ? kStubA : table == 0xb0 ? kStubB : kStubC;
    uint32_t target = rd32(kK0 + base + 4 * n);
    if (phys(target) == stub + 4 * n)
        runFunction(table, n, trapPc);
    else
        cpu_.setPc(target);
}

void HleBios::runFunction(uint32_t table, uint32_t n, uint32_t trapPc) {
    bool known = table == 0xa0   ? functionA(n, trapPc)
                 : table == 0xb0 ? functionB(n, trapPc)
                                 : functionC(n, trapPc);
    if (!known) {
        warnOnce(table, n, "");
        ret(0);
    }
}

// ---------------------------------------------------------------------------------------------
// Exceptions

uint32_t HleBios::currentTcb() {
    return rd32(kK0 + kPCB);
}

void HleBios::exceptionEntry() {
    uint32_t tcb = currentTcb();
    for (unsigned r = 1; r < 32; ++r)
        wr32(tcb + 8 + 4 * r, cpu_.reg(r));
    wr32(tcb + 0x88, cpu_.cop0(14));
    wr32(tcb + 0x94, cpu_.cop0(12));
    wr32(tcb + 0x98, cpu_.cop0(13));
    cpu_.setReg(K0, tcb);
    cpu_.setPc(kK0 + kExcEntry + 4);
}

void HleBios::exceptionDispatch() {
    uint32_t tcb = currentTcb();
    uint32_t cause = rd32(tcb + 0x98);
    uint32_t excode = (cause >> 2) & 0x1f;
    cpu_.setReg(SP, kK0 + kExcStackTop);
    if (excode == 0) {
        uint32_t epc = rd32(tcb + 0x88);
        if ((rd32(epc) & 0xfe000000) == 0x4a000000) wr32(tcb + 0x88, epc + 4);
    } else if (excode == 8) {
        syscall(tcb);
        return;
    }
    pushFrame(kFrException, 0, rd32(kK0 + kExCB), excode);
    run();
}

void HleBios::syscall(uint32_t tcb) {
    uint32_t a0 = rd32(tcb + 8 + 4 * A0);
    wr32(tcb + 0x88, rd32(tcb + 0x88) + 4);
    uint32_t sr = rd32(tcb + 0x94);
    switch (a0) {
    case 0: break;
    case 1:
        wr32(tcb + 8 + 4 * V0, (sr & 0x404) == 0x404 ? 1 : 0);
        wr32(tcb + 0x94, sr & ~0x404u);
        break;
    case 2: wr32(tcb + 0x94, sr | 0x404); break;
    case 3:
        wr32(tcb + 8 + 4 * V0, 1);
        wr32(kK0 + kPCB, rd32(tcb + 8 + 4 * A1));
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
    cpu_.setReg(K0, currentTcb());
    cpu_.setPc(kK0 + kRestoreStub);
}

void HleBios::restoreFinish() {
    uint32_t tcb = currentTcb();
    for (unsigned r = 1; r < 32; ++r)
        if (r != K0) cpu_.setReg(r, rd32(tcb + 8 + 4 * r));
    cpu_.setCop0(12, rfe(rd32(tcb + 0x94)));
    cpu_.setPc(rd32(tcb + 0x88));
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
    cpu_.setReg(SP, rd32(s + 4));
    cpu_.setReg(FP, rd32(s + 8));
    for (unsigned r = 0; r < 8; ++r)
        cpu_.setReg(S0 + r, rd32(s + 0xc + 4 * r));
    cpu_.setReg(GP, rd32(s + 0x2c));
    cpu_.setReg(RA, pc);
    cpu_.setReg(V0, 1);
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
    cpu_.setReg(A0, a0);
    cpu_.setReg(A1, a1);
    cpu_.setReg(RA, kK0 + kRetTrap);
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
            char buf[48];
            std::snprintf(buf, sizeof buf, "unresolved exception, code %02Xh", f.c);
            systemError(buf);
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
            f.b = rd32(kK0 + kExCB + 8 * f.a);
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
    case kFrDeliver: {
        // a = class, b = spec, c = next EvCB index, d = return address (0: kernel caller)
        while (f.c < kNumEvCB) {
            uint32_t e = kK0 + kEvCB + kEvcbSize * f.c++;
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
            cpu_.setReg(V0, 0);
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
// Events, chains, pads

void HleBios::deliverEvent(uint32_t cls, uint32_t spec, uint32_t returnRa) {
    pushFrame(kFrDeliver, cls, spec, 0, returnRa);
}

void HleBios::undeliverEvent(uint32_t cls, uint32_t spec) {
    for (uint32_t i = 0; i < kNumEvCB; ++i) {
        uint32_t e = kK0 + kEvCB + kEvcbSize * i;
        if (rd32(e + 4) == 0x4000 && rd32(e + 0xc) == 0x2000 && rd32(e) == cls &&
            rd32(e + 8) == spec)
            wr32(e + 4, 0x2000);
    }
}

uint32_t HleBios::evcb(uint32_t handle) {
    uint32_t i = handle & 0xffff;
    if (i >= kNumEvCB) return 0;
    return kK0 + kEvCB + kEvcbSize * i;
}

void HleBios::enqueue(uint32_t prio, uint32_t elem) {
    uint32_t head = kK0 + kExCB + 8 * (prio & 3);
    // Inserting an element twice would link it to itself; the walk would never end.
    for (uint32_t e = rd32(head), n = 0; e != 0 && n < 64; e = rd32(e), ++n)
        if (phys(e) == phys(elem)) return;
    wr32(elem, rd32(head));
    wr32(head, elem);
}

void HleBios::dequeue(uint32_t prio, uint32_t elem) {
    // The real kernel reliably removes only the head element; removing it anywhere in the
    // chain gives the same result in every case where the real one works.
    uint32_t link = kK0 + kExCB + 8 * (prio & 3);
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

void HleBios::refreshPads() {
    for (unsigned port = 0; port < 2; ++port) {
        uint32_t buf = state_.padBuf[port];
        if (buf == 0) continue;
        const PadState& pad = sio0_.pad(port);
        if (!pad.connected) {
            wr8(buf, 0xff);
            continue;
        }
        uint16_t wire = static_cast<uint16_t>(~pad.buttons);
        wr8(buf + 0, 0x00);
        wr8(buf + 1, 0x41);
        wr8(buf + 2, static_cast<uint8_t>(wire & 0xff));
        wr8(buf + 3, static_cast<uint8_t>(wire >> 8));
    }
}

// PAD_dr: pad1 in the low halfword, pad2 in the high one, each with the first button byte in
// its upper 8 bits; FFFFh for anything but a digital pad (ID 41h) answering okay.
uint32_t HleBios::padDr() {
    uint32_t result = 0;
    for (unsigned port = 0; port < 2; ++port) {
        uint32_t buf = kK0 + kPadIntBuf + 0x22 * port;
        uint32_t half = 0xffff;
        if (rd8(buf) == 0 && rd8(buf + 1) == 0x41)
            half = (static_cast<uint32_t>(rd8(buf + 2)) << 8) | rd8(buf + 3);
        result |= half << (16 * port);
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// B and C functions (A functions: hle_bios_libc.cpp)

bool HleBios::functionB(uint32_t n, uint32_t trapPc) {
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
        deliverEvent(arg(0), arg(1), cpu_.reg(RA));
        run();
        return true;
    case 0x08: { // OpenEvent(class, spec, mode, func)
        for (uint32_t i = 0; i < kNumEvCB; ++i) {
            uint32_t e = kK0 + kEvCB + kEvcbSize * i;
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
            uint32_t t = kK0 + kTCB + kTcbSize * i;
            if (rd32(t) == 0x4000) continue;
            wr32(t, 0x4000);
            wr32(t + 4, 0x1000);
            wr32(t + 0x88, arg(0));
            wr32(t + 8 + 4 * SP, arg(1));
            wr32(t + 8 + 4 * FP, arg(1));
            wr32(t + 8 + 4 * GP, arg(2));
            ret(0xff000000 | i);
            return true;
        }
        ret(0xffffffff);
        return true;
    }
    case 0x0f: { // CloseTh(handle)
        uint32_t i = arg(0) & 0xffff;
        if (i < kNumTCB) wr32(kK0 + kTCB + kTcbSize * i, 0x1000);
        ret(1);
        return true;
    }
    case 0x10: { // ChangeTh(handle): SYS(03h) with the new TCB
        uint32_t i = arg(0) & 0xffff;
        if (i >= kNumTCB) {
            systemError("ChangeTh with an invalid thread handle");
            return true;
        }
        cpu_.setReg(A0, 3);
        cpu_.setReg(A1, kK0 + kTCB + kTcbSize * i);
        cpu_.setPc(kK0 + kChangeThStub);
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
        enqueue(2, kK0 + kBuiltinElem + 16 * kBiPad);
        state_.padClear = 1;
        bus_.write(kIMask, (bus_.read(kIMask, 4) & 0x7ff) | 1, 4);
        // StartPAD2 leaves interrupts enabled (ExitCriticalSection).
        cpu_.setCop0(12, cpu_.cop0(12) | 0x401);
        ret(1);
        return true;
    }
    case 0x14:   // StopPAD2()
    case 0x4c: { // StopCARD2()
        dequeue(2, kK0 + kBuiltinElem + 16 * kBiPad);
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
            state_.padBuf[p] = kK0 + kPadIntBuf + 0x22 * p;
            state_.padSize[p] = 0x22;
            for (uint32_t i = 0; i < 0x22; ++i)
                wr8(state_.padBuf[p] + i, 0);
        }
        state_.padEnable = 1;
        state_.padButtonDest = arg(1);
        enqueue(2, kK0 + kBuiltinElem + 16 * kBiPad);
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
        state_.exitStruct = kK0 + kDefaultExit;
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
        ret(kK0 + kTableC);
        return true;
    case 0x57: // GetB0Table
        ret(kK0 + kTableB);
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
        enqueue(arg(0), kK0 + kBuiltinElem + 16 * kBiTimer0);
        enqueue(arg(0), kK0 + kBuiltinElem + 16 * kBiTimer1);
        enqueue(arg(0), kK0 + kBuiltinElem + 16 * kBiTimer2);
        enqueue(arg(0), kK0 + kBuiltinElem + 16 * kBiVblank);
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
            if (rd32(kK0 + kEvCB + kEvcbSize * i + 4) == 0) {
                ret(i);
                return true;
            }
        ret(0xffffffff);
        return true;
    }
    case 0x05: { // get_free_TCB_slot()
        for (uint32_t i = 0; i < kNumTCB; ++i)
            if (rd32(kK0 + kTCB + kTcbSize * i) != 0x4000) {
                ret(i);
                return true;
            }
        ret(0xffffffff);
        return true;
    }
    case 0x06: // ExceptionHandler(): reached only by a direct jump from a custom vector
        cpu_.setPc(kK0 + kExcEntry);
        return true;
    case 0x07: { // InstallExceptionHandlers()
        const uint32_t vector[4] = {lui(K0, 0), addiu(K0, K0, static_cast<int16_t>(kExcEntry)),
                                    jr(K0), kNop};
        for (unsigned i = 0; i < 4; ++i) {
            wr32(kK0 + 0x00 + 4 * i, vector[i]);
            wr32(kK0 + 0x80 + 4 * i, vector[i]);
        }
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
        enqueue(arg(0), kK0 + kBuiltinElem + 16 * kBiDefInt);
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

// ---------------------------------------------------------------------------------------------

void HleBios::serialize(savestate::StateIO& io) {
    // Version 2: named fields; version 1 stored the packed State (472 bytes).
    uint32_t version = io.beginSection("hlebios", 2);
    io.record(state_, version, 2, 472, [&] {
        for (uint32_t i = 0; i < State::kMaxFrames; ++i) {
            Frame& f = state_.frames[i];
            io.field("frame.kind", i, f.kind);
            io.field("frame.phase", i, f.phase);
            io.field("frame.a", i, f.a);
            io.field("frame.b", i, f.b);
            io.field("frame.c", i, f.c);
            io.field("frame.d", i, f.d);
        }
        io.field("depth", state_.depth);
        io.field("heapStart", state_.heapStart);
        io.field("heapEnd", state_.heapEnd);
        io.field("kheapStart", state_.kheapStart);
        io.field("kheapEnd", state_.kheapEnd);
        io.field("randSeed", state_.randSeed);
        io.field("ttyColumn", state_.ttyColumn);
        io.field("exitStruct", state_.exitStruct);
        io.field("padBuf", state_.padBuf);
        io.field("padSize", state_.padSize);
        io.field("padEnable", state_.padEnable);
        io.field("padClear", state_.padClear);
        io.field("padButtonDest", state_.padButtonDest);
        io.field("rcntClear", state_.rcntClear);
        io.field("irqAutoAck", state_.irqAutoAck);
        io.field("strtokNext", state_.strtokNext);
        io.field("warned", state_.warned);
        io.field("halted", state_.halted);
    });
    io.endSection();
}

} // namespace core
