#pragma once
// The HLE kernel's memory layout and trap numbers, shared by the hle_bios*.cpp files only
// (kernelbios.md: "Memory Map", "Thread Control Blocks", "Event Control Blocks").
#include <cstdint>

#include "core/cpu/instruction.h"
#include "core/hle_bios.h"

namespace core::hle {

inline constexpr uint32_t kKseg0 = 0x80000000; // KSEG0 view of kernel RAM
// Kernel RAM layout (physical addresses).
inline constexpr uint32_t kTableA = 0x200, kTableC = 0x674, kTableB = 0x874;
inline constexpr uint32_t kExcEntry = 0xc80, kRestoreStub = 0xca0, kRetTrap = 0xcc0;
inline constexpr uint32_t kChangeThStub = 0xcd0;
inline constexpr uint32_t kSysErrLoop = HleBios::kSystemErrorLoop & 0x1fffff;
inline constexpr uint32_t kStubA = 0xd00, kStubB = 0x1000, kStubC = 0x1400;
inline constexpr uint32_t kBuiltinFn = 0x1600, kBuiltinElem = 0x1700;
inline constexpr uint32_t kDefaultExit = 0x1800, kFlushCache = 0x1840;
inline constexpr uint32_t kStrtokBuf = 0x1900;
inline constexpr uint32_t kPadIntBuf = 0x1a00; // PAD_init2's hidden buffers (2 x 22h)
inline constexpr uint32_t kGetcBuf = 0x1a80;   // getc's one-byte read buffer
// Exec's return trap and its stack of running headerbufs (word 0: depth, then up to 7), and
// LoadExec's own headerbuf (3Ch bytes).
inline constexpr uint32_t kExecRetTrap = 0x1a90, kExecStack = 0x1aa0, kExecStackMax = 7;
inline constexpr uint32_t kLoadExecHeader = 0x1ac0;
inline constexpr uint32_t kExcStackTop = 0x3000;
inline constexpr uint32_t kExCB = 0xe000, kPCB = 0xe020, kTCB = 0xe030, kEvCB = 0xe330;
inline constexpr uint32_t kKernelHeap = 0xe500, kKernelEnd = 0x10000;
inline constexpr uint32_t kTcbSize = 0xc0, kEvcbSize = 0x1c;
// TCB fields ("Thread Control Blocks"): r0..r31 from 08h, then EPC, HI, LO, SR, CAUSE.
inline constexpr uint32_t kTcbRegs = 0x08, kTcbEpc = 0x88, kTcbHi = 0x8c, kTcbLo = 0x90;
inline constexpr uint32_t kTcbSr = 0x94, kTcbCause = 0x98;
constexpr uint32_t tcbReg(uint32_t r) {
    return kTcbRegs + 4 * r;
}

// Traps: primary opcode 3Fh is N/A (a reserved instruction), so the CPU hands it to
// HleBios::trap(); the low 26 bits say what to do.
inline constexpr uint32_t kTrapOpcode = 0x3f;
inline constexpr uint32_t kCodeFnA = 0x000, kCodeFnB = 0x100, kCodeFnC = 0x200;
inline constexpr uint32_t kCodeDispatch = 0x300; // +0 A, +1 B, +2 C
inline constexpr uint32_t kCodeExcSave = 0x310, kCodeExcDispatch = 0x311, kCodeRestore = 0x312;
inline constexpr uint32_t kCodeReturn = 0x313, kCodeBoot = 0x314, kCodeExecReturn = 0x315;
inline constexpr uint32_t kCodeBuiltin = 0x320;
static_assert(mips::decode(kTrapOpcode << 26) == mips::Mnemonic::kIllegal);

// The kernel's own chain elements and the frames of its frame machine.
enum Builtin : uint32_t { kBiVblank, kBiTimer2, kBiTimer1, kBiTimer0, kBiPad, kBiDefInt, kBiN };
enum FrameKind : uint32_t {
    kFrException = 1,
    kFrExcReturn,
    kFrDeliver,
    kFrRCnt,
    kFrPad,
    kFrDefInt,
    kFrSort
};

// Interrupt controller registers (interrupts.md).
inline constexpr uint32_t kIStat = 0x1f801070, kIMask = 0x1f801074;

// The word of a trap instruction.
constexpr uint32_t trapWord(uint32_t code) {
    return (kTrapOpcode << 26) | (code & 0x03ffffff);
}

constexpr uint32_t phys(uint32_t a) {
    return a & 0x1fffffff;
}

} // namespace core::hle
