// The HLE kernel image: vectors, jump tables, trap stubs, the little MIPS code the kernel runs
// (exception entry, FlushCache, the return trampolines) and the ROM header, written into RAM
// and the BIOS ROM area (kernelbios.md "Memory Map", "BIOS ROM Header"). The MIPS code is
// built with the instruction layer's encoders (core/cpu/encoder.h).
#include "core/hle_bios.h"

#include <cstring>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/cpu/encoder.h"
#include "core/hle_bios_layout.h"

// Notes this file relies on (kernelbios.md unless named):
// - RAM map: 60h RAM size in MB, 64h = 0, 68h = FFh; 80h exception vector; 100h table of
//   tables (ExCB, PCB, TCB, -, EvCB); 200h A table; the B and C tables are wherever
//   GetB0Table/GetC0Table say; kernel control blocks at E000h..FFFFh.
// - FlushCache clears every i-cache tag with the cache isolated (memorycontrol.md BCC,
//   cpuspecifications.md SR.IsC); it runs uncached, as from ROM.

namespace core {

using namespace hle;
using namespace mips;
using namespace mips::enc;

// ---------------------------------------------------------------------------------------------
// Installation

void HleBios::install() {
    state_ = {};
    std::memset(bus_.ram(), 0, kKernelEnd);
    writeKernel();
}

// The 4-opcode vector (lui k0,0 / addiu k0,k0,0C80h / jr k0 / nop) at 80h, also left at 0
// ("Garbage Area" - some games read it).
void HleBios::writeExceptionVectors() {
    const uint32_t code[4] = {lui(kK0, 0), addiu(kK0, kK0, static_cast<int16_t>(kExcEntry)),
                              jr(kK0), kNop};
    for (unsigned i = 0; i < 4; ++i) {
        wr32(kKseg0 + 0x00 + 4 * i, code[i]);
        wr32(kKseg0 + 0x80 + 4 * i, code[i]);
    }
}

// The A0h/B0h/C0h entry points: a trap that dispatches through the table, then NOPs.
void HleBios::writeCallVectors() {
    for (uint32_t t = 0; t < 3; ++t) {
        wr32(kKseg0 + 0xa0 + 0x10 * t, trapWord(kCodeDispatch + t));
        for (unsigned i = 1; i < 4; ++i)
            wr32(kKseg0 + 0xa0 + 0x10 * t + 4 * i, kNop);
    }
}

void HleBios::writeKernel() {
    writeExceptionVectors();
    wr32(kKseg0 + 0x60, 2);
    wr32(kKseg0 + 0x64, 0);
    wr32(kKseg0 + 0x68, 0xff);
    writeCallVectors();
    // Table of tables.
    wr32(kKseg0 + 0x100, kKseg0 + kExCB);
    wr32(kKseg0 + 0x104, 4 * 8);
    wr32(kKseg0 + 0x108, kKseg0 + kPCB);
    wr32(kKseg0 + 0x10c, 4);
    wr32(kKseg0 + 0x110, kKseg0 + kTCB);
    wr32(kKseg0 + 0x114, kNumTCB * kTcbSize);
    wr32(kKseg0 + 0x120, kKseg0 + kEvCB);
    wr32(kKseg0 + 0x124, kNumEvCB * kEvcbSize);
    // Jump tables and their trap stubs.
    for (uint32_t n = 0; n < 0xc0; ++n) {
        wr32(kKseg0 + kTableA + 4 * n, kKseg0 + kStubA + 4 * n);
        wr32(kKseg0 + kStubA + 4 * n, trapWord(kCodeFnA + n));
    }
    for (uint32_t n = 0; n < 0x100; ++n) {
        wr32(kKseg0 + kTableB + 4 * n, kKseg0 + kStubB + 4 * n);
        wr32(kKseg0 + kStubB + 4 * n, trapWord(kCodeFnB + n));
    }
    for (uint32_t n = 0; n < 0x80; ++n) {
        wr32(kKseg0 + kTableC + 4 * n, kKseg0 + kStubC + 4 * n);
        wr32(kKseg0 + kStubC + 4 * n, trapWord(kCodeFnC + n));
    }
    wr32(kKseg0 + kTableC + 4 * 6, kKseg0 + kExcEntry); // C(06h) ExceptionHandler
    // FlushCache runs uncached (as from ROM): clear every i-cache tag (memorycontrol.md BCC).
    wr32(kKseg0 + kTableA + 4 * 0x44, 0xa0000000 + kFlushCache);
    const uint32_t flush[] = {
        mfc0(kT0, cop0::kSr),     // t0 = SR
        lui(kT1, 0xfffe),         // t1 = FFFE0000h
        lw(kT2, 0x130, kT1),      // t2 = BCC
        mtc0(kZero, cop0::kSr),   // SR = 0 (no IRQ while the cache is isolated)
        ori(kT3, kZero, 0x804),   // TAG | IS1
        sw(kT3, 0x130, kT1),      //
        lui(kT3, sr::kIsC >> 16), // SR.IsC
        mtc0(kT3, cop0::kSr),     //
        ori(kT4, kZero, 0),       // t4 = 0
        ori(kT3, kZero, 0x1000),  // t3 = end
        sw(kZero, 0, kT4),        // loop: tag = 0
        addiu(kT4, kT4, 16),      //
        bne(kT4, kT3, -3),        //
        kNop,                     //
        mtc0(kZero, cop0::kSr),   //
        sw(kT2, 0x130, kT1),      // BCC restored
        mtc0(kT0, cop0::kSr),     // SR restored
        jr(kRa),                  //
        kNop,                     //
    };
    for (unsigned i = 0; i < sizeof flush / 4; ++i)
        wr32(kKseg0 + kFlushCache + 4 * i, flush[i]);
    // Exception entry: C++ saves R1..R31 and COP0 state, the MIPS part saves HI/LO.
    const uint32_t entry[] = {trapWord(kCodeExcSave), mfhi(kK1),
                              sw(kK1, kTcbHi, kK0),   mflo(kK1),
                              sw(kK1, kTcbLo, kK0),   trapWord(kCodeExcDispatch)};
    for (unsigned i = 0; i < 6; ++i)
        wr32(kKseg0 + kExcEntry + 4 * i, entry[i]);
    const uint32_t restore[] = {lw(kK1, kTcbHi, kK0),  kNop, mthi(kK1),
                                lw(kK1, kTcbLo, kK0),  kNop, mtlo(kK1),
                                trapWord(kCodeRestore)};
    for (unsigned i = 0; i < 7; ++i)
        wr32(kKseg0 + kRestoreStub + 4 * i, restore[i]);
    wr32(kKseg0 + kRetTrap, trapWord(kCodeReturn));
    wr32(kKseg0 + kExecRetTrap, trapWord(kCodeExecReturn));
    wr32(kKseg0 + kExecStack, 0); // no program started by Exec yet
    wr32(kKseg0 + kChangeThStub, enc::syscall());
    wr32(kKseg0 + kChangeThStub + 4, jr(kRa));
    wr32(kKseg0 + kChangeThStub + 8, kNop);
    wr32(kKseg0 + kSysErrLoop, beq(kZero, kZero, -1)); // b .
    wr32(kKseg0 + kSysErrLoop + 4, kNop);
    // The kernel's own chain elements.
    for (uint32_t i = 0; i < kBiN; ++i) {
        wr32(kKseg0 + kBuiltinFn + 4 * i, trapWord(kCodeBuiltin + i));
        wr32(kKseg0 + kBuiltinElem + 16 * i + 8, kKseg0 + kBuiltinFn + 4 * i);
    }
    // Default exit structure (ResetEntryInt).
    wr32(kKseg0 + kDefaultExit, kKseg0 + kStubB + 4 * 0x17);
    wr32(kKseg0 + kDefaultExit + 4, kKseg0 + kExcStackTop - 4);
    // Control blocks: the boot executable runs in TCB 0.
    wr32(kKseg0 + kPCB, kKseg0 + kTCB);
    for (uint32_t t = 0; t < kNumTCB; ++t)
        wr32(kKseg0 + kTCB + t * kTcbSize, t == 0 ? 0x4000 : 0x1000);

    state_.exitStruct = kKseg0 + kDefaultExit;
    state_.randSeed = 0;
    state_.padClear = 1;
    state_.rcntClear[0] = state_.rcntClear[1] = state_.rcntClear[2] = 1;
    state_.rcntClear[3] = 0;
    heapInit(state_.kheapStart, state_.kheapEnd, kKseg0 + kKernelHeap, kKernelEnd - kKernelHeap);
    // Default handlers: EnqueueTimerAndVblankIrqs(1), InitDefInt(3). SysEnqIntRP inserts at
    // the head, so the chain reads Vblank, Timer2, Timer1, Timer0.
    enqueue(1, kKseg0 + kBuiltinElem + 16 * kBiTimer0);
    enqueue(1, kKseg0 + kBuiltinElem + 16 * kBiTimer1);
    enqueue(1, kKseg0 + kBuiltinElem + 16 * kBiTimer2);
    enqueue(1, kKseg0 + kBuiltinElem + 16 * kBiVblank);
    enqueue(3, kKseg0 + kBuiltinElem + 16 * kBiDefInt);

    // BIOS ROM: reset entry, BEV exception vector, header strings (kernelbios.md ROM header).
    uint8_t* rom = bus_.bios();
    auto romWord = [rom](uint32_t off, uint32_t v) { std::memcpy(rom + off, &v, 4); };
    romWord(0x000, trapWord(kCodeBoot));
    romWord(0x180, trapWord(kCodeExcSave)); // BEV=1 exceptions join the normal handler
    romWord(0x100, 0x19951204);             // kernel BCD date
    romWord(0x104, 3);                      // console type
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
    cpu_.setCop0(cop0::kSr, sr::kIEc | sr::kImIrq);
}

} // namespace core
