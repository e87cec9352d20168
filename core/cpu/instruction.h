#pragma once
// The R3000A's MIPS I instruction set as one layer (cpuspecifications.md "CPU Opcode Encoding",
// "Coprocessor Opcode/Parameter Encoding", "COP0 - Register Summary", "COP0 - Exception
// Handling", "COP0 - Debug Registers"): the fields of an instruction word, the opcode numbers,
// the COP0 register and bit names, and a constexpr table of what every instruction does
// (branch, load, store, delay slot, which exceptions it can raise, which coprocessor). The
// interpreter, the disassembler, the HLE BIOS's code writer (through encoder.h) and the CLI's
// crash check all read instructions through it, and a recompiler can build on the same table
// (decode() -> Mnemonic -> kOpInfo, all constexpr).
//
// Decoding rules the table relies on (beyond the reference's tables):
// - BcondZ (primary 01h): the reference lists rt = 00000 bltz, 00001 bgez, 10000 bltzal,
//   10001 bgezal. The other rt values decode like the one with the same bit 0 (bit 0 = bgez),
//   linking only when bits 4..1 are 1000.
// - BCnF/BCnT: rt bit 0 chooses true/false.
// - Every instruction can also meet an interrupt, an instruction-fetch address error (AdEL)
//   or bus error (IBE) and a COP0 breakpoint; those belong to the fetch, not to the opcode,
//   and are not in the attribute table.
#include <array>
#include <cstddef>
#include <cstdint>

namespace core::mips {

// ------------------------------------------------------------------------------------------
// General registers ("CPU Registers")

// clang-format off
enum Reg : uint32_t {
    kZero, kAt, kV0, kV1, kA0, kA1, kA2, kA3,
    kT0, kT1, kT2, kT3, kT4, kT5, kT6, kT7,
    kS0, kS1, kS2, kS3, kS4, kS5, kS6, kS7,
    kT8, kT9, kK0, kK1, kGp, kSp, kFp, kRa,
};
// clang-format on
inline constexpr const char* kRegNames[32] = {"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
                                              "t0",   "t1", "t2", "t3", "t4", "t5", "t6", "t7",
                                              "s0",   "s1", "s2", "s3", "s4", "s5", "s6", "s7",
                                              "t8",   "t9", "k0", "k1", "gp", "sp", "fp", "ra"};

// ------------------------------------------------------------------------------------------
// Opcode numbers ("Primary opcode field", "Secondary opcode field", "Opcode/Parameter
// Encoding", "Coprocessor Opcode/Parameter Encoding")

// clang-format off
namespace op { // primary opcode, bits 26..31
enum : uint32_t {
    kSpecial = 0x00, kBcondZ = 0x01, kJ = 0x02, kJal = 0x03,
    kBeq = 0x04, kBne = 0x05, kBlez = 0x06, kBgtz = 0x07,
    kAddi = 0x08, kAddiu = 0x09, kSlti = 0x0a, kSltiu = 0x0b,
    kAndi = 0x0c, kOri = 0x0d, kXori = 0x0e, kLui = 0x0f,
    kCop0 = 0x10, kCop1 = 0x11, kCop2 = 0x12, kCop3 = 0x13,
    kLb = 0x20, kLh = 0x21, kLwl = 0x22, kLw = 0x23, kLbu = 0x24, kLhu = 0x25, kLwr = 0x26,
    kSb = 0x28, kSh = 0x29, kSwl = 0x2a, kSw = 0x2b, kSwr = 0x2e,
    kLwc0 = 0x30, kLwc1 = 0x31, kLwc2 = 0x32, kLwc3 = 0x33,
    kSwc0 = 0x38, kSwc1 = 0x39, kSwc2 = 0x3a, kSwc3 = 0x3b,
};
} // namespace op
// clang-format on

// clang-format off
namespace funct { // SPECIAL function, bits 0..5
enum : uint32_t {
    kSll = 0x00, kSrl = 0x02, kSra = 0x03, kSllv = 0x04, kSrlv = 0x06, kSrav = 0x07,
    kJr = 0x08, kJalr = 0x09, kSyscall = 0x0c, kBreak = 0x0d,
    kMfhi = 0x10, kMthi = 0x11, kMflo = 0x12, kMtlo = 0x13,
    kMult = 0x18, kMultu = 0x19, kDiv = 0x1a, kDivu = 0x1b,
    kAdd = 0x20, kAddu = 0x21, kSub = 0x22, kSubu = 0x23,
    kAnd = 0x24, kOr = 0x25, kXor = 0x26, kNor = 0x27, kSlt = 0x2a, kSltu = 0x2b,
};
} // namespace funct
// clang-format on

namespace bcond { // BcondZ rt field
enum : uint32_t { kBltz = 0x00, kBgez = 0x01, kBltzal = 0x10, kBgezal = 0x11 };
} // namespace bcond

namespace copop { // COPn rs field (bits 21..25); bit 4 set = a coprocessor command (imm25)
enum : uint32_t { kMf = 0x00, kCf = 0x02, kMt = 0x04, kCt = 0x06, kBc = 0x08, kCommand = 0x10 };
} // namespace copop

namespace cop0cmd { // COP0 command function (bits 0..5) ("COP0 - Misc", RFE)
enum : uint32_t { kTlbr = 0x01, kTlbwi = 0x02, kTlbwr = 0x06, kTlbp = 0x08, kRfe = 0x10 };
} // namespace cop0cmd

// The interpreter's dispatch number: the primary opcode, or 40h + the function field for
// SPECIAL, so one switch covers both tables.
inline constexpr uint32_t kSpecialDispatch = 0x40;
constexpr uint32_t special(uint32_t fn) {
    return kSpecialDispatch | fn;
}

// ------------------------------------------------------------------------------------------
// Fields of an instruction word
//
// As functions of the raw word (the interpreter's hot loop uses these: GCC allocates its
// registers worse around a named Instruction object, measured as 0.7% more host
// instructions in `bench cpu`), and as the Instruction wrapper for everything else.

namespace field {
constexpr uint32_t op(uint32_t w) {
    return w >> 26;
}
constexpr uint32_t rs(uint32_t w) {
    return (w >> 21) & 31;
}
constexpr uint32_t rt(uint32_t w) {
    return (w >> 16) & 31;
}
constexpr uint32_t rd(uint32_t w) {
    return (w >> 11) & 31;
}
constexpr uint32_t shamt(uint32_t w) {
    return (w >> 6) & 31;
}
constexpr uint32_t funct(uint32_t w) {
    return w & 0x3f;
}
constexpr uint32_t imm(uint32_t w) { // zero-extended
    return w & 0xffff;
}
// Sign-extended immediate, as the 32-bit value the ALU adds.
constexpr uint32_t simm(uint32_t w) {
    return uint32_t(int32_t(int16_t(uint16_t(w))));
}
constexpr uint32_t target(uint32_t w) { // J/JAL imm26
    return w & 0x03ffffff;
}
constexpr uint32_t code(uint32_t w) { // SYSCALL/BREAK comment
    return (w >> 6) & 0xfffff;
}
constexpr uint32_t copNumber(uint32_t w) { // COPn, LWCn, SWCn
    return (w >> 26) & 3;
}
constexpr bool copCommand(uint32_t w) { // COPn imm25
    return (w >> 25) & 1;
}
constexpr uint32_t imm25(uint32_t w) {
    return w & 0x01ffffff;
}
// BcondZ: rt bit 0 = branch on >= 0; links when rt bits 4..1 are 1000 (see the top).
constexpr bool bcondGez(uint32_t w) {
    return (w >> 16) & 1;
}
constexpr bool bcondLink(uint32_t w) {
    return (rt(w) & 0x1e) == (bcond::kBltzal & 0x1e);
}
// Primary opcode, or special(funct) for SPECIAL (see kSpecialDispatch).
constexpr uint32_t dispatch(uint32_t w) {
    uint32_t d = op(w);
    if (d == op::kSpecial) d = special(funct(w));
    return d;
}
// Byte offset of a PC-relative branch, added to the address of the delay slot.
constexpr uint32_t branchOffset(uint32_t w) {
    return simm(w) << 2;
}
} // namespace field

struct Instruction {
    uint32_t word;

    constexpr uint32_t op() const { return field::op(word); }
    constexpr uint32_t rs() const { return field::rs(word); }
    constexpr uint32_t rt() const { return field::rt(word); }
    constexpr uint32_t rd() const { return field::rd(word); }
    constexpr uint32_t shamt() const { return field::shamt(word); }
    constexpr uint32_t funct() const { return field::funct(word); }
    constexpr uint32_t imm() const { return field::imm(word); }
    constexpr uint32_t simm() const { return field::simm(word); }
    constexpr uint32_t target() const { return field::target(word); }
    constexpr uint32_t code() const { return field::code(word); }
    constexpr uint32_t copNumber() const { return field::copNumber(word); }
    constexpr bool copCommand() const { return field::copCommand(word); }
    constexpr uint32_t imm25() const { return field::imm25(word); }
    constexpr bool bcondGez() const { return field::bcondGez(word); }
    constexpr bool bcondLink() const { return field::bcondLink(word); }
    constexpr uint32_t dispatch() const { return field::dispatch(word); }
    constexpr uint32_t branchOffset() const { return field::branchOffset(word); }
    // Targets seen from the instruction's own address `pc`.
    constexpr uint32_t branchTarget(uint32_t pc) const { return pc + 4 + branchOffset(); }
    constexpr uint32_t jumpTarget(uint32_t pc) const {
        return ((pc + 4) & 0xf0000000) | (target() << 2);
    }
};

// ------------------------------------------------------------------------------------------
// COP0 ("COP0 - Register Summary", "COP0 - Exception Handling", "COP0 - Debug Registers")

namespace cop0 { // register numbers; r0-r2, r4, r10 are N/A, r16-r31 read garbage
enum : uint32_t {
    kBpc = 3,           // Breakpoint Program Counter
    kBda = 5,           // Breakpoint Data Address
    kTar = 6,           // Target Address of the branch an exception interrupted
    kDcic = 7,          // Debug and Cache Invalidate Control
    kBadVaddr = 8,      // Bad Virtual Address ("BadA")
    kBdam = 9,          // Breakpoint Data Address Mask
    kBpcm = 11,         // Breakpoint Program Counter Mask
    kSr = 12,           // System status register
    kCause = 13,        // Cause of the last exception
    kEpc = 14,          // Exception Program Counter
    kPrid = 15,         // Processor Revision Identifier
    kFirstGarbage = 16, // r16-r31: no registers; usable in user mode without SR.CU0
};
inline constexpr uint32_t kPridValue = 0x00000002; // "cop0r15 - PRID": CXD8606CQ
} // namespace cop0

namespace sr {                            // cop0r12 bits
inline constexpr uint32_t kIEc = 1u << 0; // current interrupt enable
inline constexpr uint32_t kKUc = 1u << 1; // current mode: 1 = user
inline constexpr uint32_t kIEp = 1u << 2; // previous
inline constexpr uint32_t kKUp = 1u << 3;
inline constexpr uint32_t kIEo = 1u << 4; // old
inline constexpr uint32_t kKUo = 1u << 5;
inline constexpr uint32_t kModeStack = 0x3f; // the three KU/IE pairs an exception pushes
inline constexpr uint32_t kIm = 0xff00;      // interrupt mask, bits 8-15 (against Cause.IP)
inline constexpr uint32_t kIsC = 1u << 16;   // isolate cache
inline constexpr uint32_t kSwC = 1u << 17;   // swapped cache mode
inline constexpr uint32_t kPZ = 1u << 18;    // parity zero
inline constexpr uint32_t kCM = 1u << 19;    // last isolated load hit the cache
inline constexpr uint32_t kPE = 1u << 20;    // cache parity error
inline constexpr uint32_t kTS = 1u << 21;    // TLB shutdown
inline constexpr uint32_t kBEV = 1u << 22;   // boot exception vectors in ROM (KSEG1)
inline constexpr uint32_t kRE = 1u << 25;    // reverse endianness
inline constexpr uint32_t kCU0 = 1u << 28;   // COP0 usable in user mode too
inline constexpr uint32_t kCU1 = 1u << 29;
inline constexpr uint32_t kCU2 = 1u << 30; // GTE
inline constexpr uint32_t kCU3 = 1u << 31;
// The Im bit that lets Cause.IP bit 10 (the interrupt controller's line) interrupt.
inline constexpr uint32_t kImIrq = 1u << 10;
constexpr uint32_t cu(uint32_t n) {
    return kCU0 << n;
}
// An exception pushes the KU/IE pairs: current -> previous -> old (the old pair is lost)
// and enters kernel mode with interrupts off.
constexpr uint32_t afterException(uint32_t status) {
    return (status & ~kModeStack) | ((status << 2) & kModeStack);
}
// RFE pops them: previous -> current, old -> previous; the old pair stays ("RFE opcode").
constexpr uint32_t afterRfe(uint32_t status) {
    constexpr uint32_t kPopped = kIEc | kKUc | kIEp | kKUp;
    return (status & ~kPopped) | ((status >> 2) & kPopped);
}
} // namespace sr

namespace cause { // cop0r13 bits
inline constexpr uint32_t kExcCodeShift = 2;
inline constexpr uint32_t kExcCode = 0x1f << kExcCodeShift; // bits 2-6
inline constexpr uint32_t kSw = 0x300;     // bits 8-9: software interrupts (the writable bits)
inline constexpr uint32_t kIP = 0xfc00;    // bits 10-15: hardware interrupts pending
inline constexpr uint32_t kIrq = 1u << 10; // IP bit 10: the interrupt controller's line
inline constexpr uint32_t kCEShift = 28;
inline constexpr uint32_t kCE = 3u << kCEShift; // bits 28-29: unusable coprocessor number
inline constexpr uint32_t kBT = 1u << 30;       // the interrupted branch was taken
inline constexpr uint32_t kBD = 1u << 31;       // EPC points at the branch before the slot
constexpr uint32_t excCode(uint32_t causeValue) {
    return (causeValue & kExcCode) >> kExcCodeShift;
}
} // namespace cause

namespace exc { // Cause.ExcCode values
enum : uint32_t {
    kInt = 0x00,  // external interrupt
    kMod = 0x01,  // TLB modification (none on the PS1)
    kTlbL = 0x02, // TLB load (none on the PS1)
    kTlbS = 0x03, // TLB store (none on the PS1)
    kAdEL = 0x04, // address error: data load or instruction fetch
    kAdES = 0x05, // address error: data store
    kIBE = 0x06,  // bus error on instruction fetch
    kDBE = 0x07,  // bus error on data load/store
    kSys = 0x08,  // SYSCALL
    kBp = 0x09,   // BREAK, or a COP0 breakpoint
    kRI = 0x0a,   // reserved instruction
    kCpU = 0x0b,  // coprocessor unusable
    kOvf = 0x0c,  // arithmetic overflow
};
} // namespace exc

namespace dcic {                           // cop0r7 bits
inline constexpr uint32_t kDB = 1u << 0;   // any break happened
inline constexpr uint32_t kPC = 1u << 1;   // a BPC break happened
inline constexpr uint32_t kDA = 1u << 2;   // a BDA break happened
inline constexpr uint32_t kR = 1u << 3;    // ... on a read
inline constexpr uint32_t kW = 1u << 4;    // ... on a write
inline constexpr uint32_t kT = 1u << 5;    // a trace break happened
inline constexpr uint32_t kDE = 1u << 23;  // debug enable (bits 24-31)
inline constexpr uint32_t kPCE = 1u << 24; // PC breakpoint enable
inline constexpr uint32_t kDAE = 1u << 25; // data address breakpoint enable
inline constexpr uint32_t kDR = 1u << 26;  // ... on reads
inline constexpr uint32_t kDW = 1u << 27;  // ... on writes
inline constexpr uint32_t kTE = 1u << 28;  // trace enable
inline constexpr uint32_t kKD = 1u << 29;  // break in kernel mode
inline constexpr uint32_t kUD = 1u << 30;  // break in user mode
inline constexpr uint32_t kTR = 1u << 31;  // jump to the debug vector (else status only)
} // namespace dcic

// "Exception Vectors (depending on BEV bit in SR register)"
namespace vector {
inline constexpr uint32_t kReset = 0xbfc00000;
inline constexpr uint32_t kGeneral = 0x80000080;
inline constexpr uint32_t kGeneralBev = 0xbfc00180;
inline constexpr uint32_t kDebug = 0x80000040;
inline constexpr uint32_t kDebugBev = 0xbfc00140;
} // namespace vector

// ------------------------------------------------------------------------------------------
// Every instruction and what it does

// clang-format off
enum class Mnemonic : uint8_t {
    kIllegal, // an N/A encoding: reserved instruction exception
    // SPECIAL
    kSll, kSrl, kSra, kSllv, kSrlv, kSrav, kJr, kJalr, kSyscall, kBreak,
    kMfhi, kMthi, kMflo, kMtlo, kMult, kMultu, kDiv, kDivu,
    kAdd, kAddu, kSub, kSubu, kAnd, kOr, kXor, kNor, kSlt, kSltu,
    // BcondZ
    kBltz, kBgez, kBltzal, kBgezal,
    // the other primary opcodes
    kJ, kJal, kBeq, kBne, kBlez, kBgtz,
    kAddi, kAddiu, kSlti, kSltiu, kAndi, kOri, kXori, kLui,
    kLb, kLh, kLwl, kLw, kLbu, kLhu, kLwr, kSb, kSh, kSwl, kSw, kSwr,
    // coprocessors; kCopN is a command other than the named ones
    kMfc0, kCfc0, kMtc0, kCtc0, kBc0f, kBc0t, kCop0, kRfe, kTlbr, kTlbwi, kTlbwr, kTlbp,
    kMfc1, kCfc1, kMtc1, kCtc1, kBc1f, kBc1t, kCop1,
    kMfc2, kCfc2, kMtc2, kCtc2, kBc2f, kBc2t, kCop2,
    kMfc3, kCfc3, kMtc3, kCtc3, kBc3f, kBc3t, kCop3,
    kLwc0, kLwc1, kLwc2, kLwc3, kSwc0, kSwc1, kSwc2, kSwc3,
    kCount
};
// clang-format on

namespace attr {
enum : uint32_t {
    kBranch = 1u << 0,    // conditional PC-relative branch
    kJump = 1u << 1,      // unconditional jump (J, JAL, JR, JALR)
    kLink = 1u << 2,      // writes the return address $+8 (to r31, or rd for JALR)
    kDelaySlot = 1u << 3, // the next instruction executes before control moves
    kLoad = 1u << 4,      // reads memory
    kStore = 1u << 5,     // writes memory
    kLoadDelay = 1u << 6, // the result reaches rt only after the next instruction
    kReadsRs = 1u << 7,   // general registers read and written
    kReadsRt = 1u << 8,
    kWritesRd = 1u << 9,
    kWritesRt = 1u << 10,
    kWritesRa = 1u << 11,
    kReadsHiLo = 1u << 12,
    kWritesHiLo = 1u << 13,
    // Exceptions the instruction itself can raise.
    kTrapOverflow = 1u << 16,    // Ovf (ADD, ADDI, SUB)
    kTrapAddress = 1u << 17,     // AdEL/AdES (misaligned, or kernel address in user mode), DBE
    kTrapSyscall = 1u << 18,     // Sys
    kTrapBreak = 1u << 19,       // Bp
    kTrapReserved = 1u << 20,    // RI
    kTrapCopUnusable = 1u << 21, // CpU
    kCanTrap =
        kTrapOverflow | kTrapAddress | kTrapSyscall | kTrapBreak | kTrapReserved | kTrapCopUnusable,
};
} // namespace attr

// How the disassembler writes the operands (the reference's operand order).
enum class Format : uint8_t {
    kNone,       // rfe
    kRdRtSa,     // sll rd, rt, imm5
    kRdRtRs,     // sllv rd, rt, rs
    kRs,         // jr rs / mthi rs
    kJalr,       // jalr (rd,)rs
    kCode20,     // syscall imm20
    kRd,         // mfhi rd
    kRsRt,       // mult rs, rt
    kRdRsRt,     // add rd, rs, rt
    kRsBranch,   // bltz rs, dest
    kJump,       // j dest
    kRsRtBranch, // beq rs, rt, dest
    kRtRsSimm,   // addi rt, rs, imm (signed)
    kRtRsUimm,   // andi rt, rs, imm
    kRtUimm,     // lui rt, imm
    kRtMem,      // lw rt, imm(rs)
    kCopRtRd,    // mfcN rt, $rd
    kCopBranch,  // bcNf dest
    kCopImm25,   // copN imm25
    kCopMem,     // lwcN $rt, imm(rs)
};

inline constexpr int8_t kNoCop = -1;

struct OpInfo {
    const char* name;
    uint32_t attrs;
    Format format;
    int8_t cop;       // coprocessor number, or kNoCop
    uint8_t size = 0; // bytes of a memory access (LWL/LWR/SWL/SWR: the aligned word)

    constexpr bool has(uint32_t a) const { return (attrs & a) == a; }
};

namespace detail {
using namespace attr;
using F = Format;
inline constexpr uint32_t kAluR = kReadsRs | kReadsRt | kWritesRd;
inline constexpr uint32_t kAluI = kReadsRs | kWritesRt;
inline constexpr uint32_t kLoadOp = kLoad | kLoadDelay | kReadsRs | kWritesRt | kTrapAddress;
inline constexpr uint32_t kStoreOp = kStore | kReadsRs | kReadsRt | kTrapAddress;
inline constexpr uint32_t kBranchOp = kBranch | kDelaySlot;
inline constexpr uint32_t kJumpOp = kJump | kDelaySlot;
// COPn: MFCn/CFCn load into rt after a delay like memory loads ("Caution - Load Delay").
inline constexpr uint32_t kCopMove = kTrapCopUnusable;
inline constexpr uint32_t kCopRead = kCopMove | kWritesRt | kLoadDelay;
inline constexpr uint32_t kCopWrite = kCopMove | kReadsRt;
inline constexpr uint32_t kCopBranchOp = kBranchOp | kTrapCopUnusable;

constexpr OpInfo copRow(const char* name, uint32_t attrs, Format f, int8_t n) {
    return OpInfo{name, attrs, f, n, 0};
}
} // namespace detail

// Indexed by Mnemonic.
inline constexpr std::array<OpInfo, std::size_t(Mnemonic::kCount)> kOpInfo = [] {
    using namespace detail;
    std::array<OpInfo, std::size_t(Mnemonic::kCount)> t{};
    auto set = [&t](Mnemonic m, OpInfo i) { t[std::size_t(m)] = i; };
    using M = Mnemonic;
    set(M::kIllegal, {"illegal", kTrapReserved, F::kNone, kNoCop});
    set(M::kSll, {"sll", kReadsRt | kWritesRd, F::kRdRtSa, kNoCop});
    set(M::kSrl, {"srl", kReadsRt | kWritesRd, F::kRdRtSa, kNoCop});
    set(M::kSra, {"sra", kReadsRt | kWritesRd, F::kRdRtSa, kNoCop});
    set(M::kSllv, {"sllv", kAluR, F::kRdRtRs, kNoCop});
    set(M::kSrlv, {"srlv", kAluR, F::kRdRtRs, kNoCop});
    set(M::kSrav, {"srav", kAluR, F::kRdRtRs, kNoCop});
    set(M::kJr, {"jr", kJumpOp | kReadsRs, F::kRs, kNoCop});
    set(M::kJalr, {"jalr", kJumpOp | kLink | kReadsRs | kWritesRd, F::kJalr, kNoCop});
    set(M::kSyscall, {"syscall", kTrapSyscall, F::kCode20, kNoCop});
    set(M::kBreak, {"break", kTrapBreak, F::kCode20, kNoCop});
    set(M::kMfhi, {"mfhi", kReadsHiLo | kWritesRd, F::kRd, kNoCop});
    set(M::kMthi, {"mthi", kReadsRs | kWritesHiLo, F::kRs, kNoCop});
    set(M::kMflo, {"mflo", kReadsHiLo | kWritesRd, F::kRd, kNoCop});
    set(M::kMtlo, {"mtlo", kReadsRs | kWritesHiLo, F::kRs, kNoCop});
    set(M::kMult, {"mult", kReadsRs | kReadsRt | kWritesHiLo, F::kRsRt, kNoCop});
    set(M::kMultu, {"multu", kReadsRs | kReadsRt | kWritesHiLo, F::kRsRt, kNoCop});
    set(M::kDiv, {"div", kReadsRs | kReadsRt | kWritesHiLo, F::kRsRt, kNoCop});
    set(M::kDivu, {"divu", kReadsRs | kReadsRt | kWritesHiLo, F::kRsRt, kNoCop});
    set(M::kAdd, {"add", kAluR | kTrapOverflow, F::kRdRsRt, kNoCop});
    set(M::kAddu, {"addu", kAluR, F::kRdRsRt, kNoCop});
    set(M::kSub, {"sub", kAluR | kTrapOverflow, F::kRdRsRt, kNoCop});
    set(M::kSubu, {"subu", kAluR, F::kRdRsRt, kNoCop});
    set(M::kAnd, {"and", kAluR, F::kRdRsRt, kNoCop});
    set(M::kOr, {"or", kAluR, F::kRdRsRt, kNoCop});
    set(M::kXor, {"xor", kAluR, F::kRdRsRt, kNoCop});
    set(M::kNor, {"nor", kAluR, F::kRdRsRt, kNoCop});
    set(M::kSlt, {"slt", kAluR, F::kRdRsRt, kNoCop});
    set(M::kSltu, {"sltu", kAluR, F::kRdRsRt, kNoCop});
    set(M::kBltz, {"bltz", kBranchOp | kReadsRs, F::kRsBranch, kNoCop});
    set(M::kBgez, {"bgez", kBranchOp | kReadsRs, F::kRsBranch, kNoCop});
    // BLTZAL/BGEZAL link whether or not they branch ("CPU Jump Opcodes").
    set(M::kBltzal, {"bltzal", kBranchOp | kLink | kReadsRs | kWritesRa, F::kRsBranch, kNoCop});
    set(M::kBgezal, {"bgezal", kBranchOp | kLink | kReadsRs | kWritesRa, F::kRsBranch, kNoCop});
    set(M::kJ, {"j", kJumpOp, F::kJump, kNoCop});
    set(M::kJal, {"jal", kJumpOp | kLink | kWritesRa, F::kJump, kNoCop});
    set(M::kBeq, {"beq", kBranchOp | kReadsRs | kReadsRt, F::kRsRtBranch, kNoCop});
    set(M::kBne, {"bne", kBranchOp | kReadsRs | kReadsRt, F::kRsRtBranch, kNoCop});
    set(M::kBlez, {"blez", kBranchOp | kReadsRs, F::kRsBranch, kNoCop});
    set(M::kBgtz, {"bgtz", kBranchOp | kReadsRs, F::kRsBranch, kNoCop});
    set(M::kAddi, {"addi", kAluI | kTrapOverflow, F::kRtRsSimm, kNoCop});
    set(M::kAddiu, {"addiu", kAluI, F::kRtRsSimm, kNoCop});
    set(M::kSlti, {"slti", kAluI, F::kRtRsSimm, kNoCop});
    set(M::kSltiu, {"sltiu", kAluI, F::kRtRsSimm, kNoCop});
    set(M::kAndi, {"andi", kAluI, F::kRtRsUimm, kNoCop});
    set(M::kOri, {"ori", kAluI, F::kRtRsUimm, kNoCop});
    set(M::kXori, {"xori", kAluI, F::kRtRsUimm, kNoCop});
    set(M::kLui, {"lui", kWritesRt, F::kRtUimm, kNoCop});
    set(M::kLb, {"lb", kLoadOp, F::kRtMem, kNoCop, 1});
    set(M::kLh, {"lh", kLoadOp, F::kRtMem, kNoCop, 2});
    // LWL/LWR merge with rt ("Unaligned Load/Store"); they are never misaligned, but a
    // kernel address in user mode and bus errors still trap.
    set(M::kLwl, {"lwl", kLoadOp | kReadsRt, F::kRtMem, kNoCop, 4});
    set(M::kLw, {"lw", kLoadOp, F::kRtMem, kNoCop, 4});
    set(M::kLbu, {"lbu", kLoadOp, F::kRtMem, kNoCop, 1});
    set(M::kLhu, {"lhu", kLoadOp, F::kRtMem, kNoCop, 2});
    set(M::kLwr, {"lwr", kLoadOp | kReadsRt, F::kRtMem, kNoCop, 4});
    set(M::kSb, {"sb", kStoreOp, F::kRtMem, kNoCop, 1});
    set(M::kSh, {"sh", kStoreOp, F::kRtMem, kNoCop, 2});
    set(M::kSwl, {"swl", kStoreOp, F::kRtMem, kNoCop, 4});
    set(M::kSw, {"sw", kStoreOp, F::kRtMem, kNoCop, 4});
    set(M::kSwr, {"swr", kStoreOp, F::kRtMem, kNoCop, 4});
    // COP0 is always usable in kernel mode (CpU only in user mode without SR.CU0). MFC0 of an
    // N/A register, CFC0/CTC0 (no control registers) and the TLB commands are reserved;
    // BC0F/BC0T and LWC0/SWC0 always raise CpU ("COP0 - Misc").
    set(M::kMfc0, copRow("mfc0", kCopRead | kTrapReserved, F::kCopRtRd, 0));
    set(M::kCfc0, copRow("cfc0", kTrapReserved, F::kCopRtRd, 0));
    set(M::kMtc0, copRow("mtc0", kCopWrite, F::kCopRtRd, 0));
    set(M::kCtc0, copRow("ctc0", kTrapReserved, F::kCopRtRd, 0));
    set(M::kBc0f, copRow("bc0f", kTrapCopUnusable, F::kCopBranch, 0));
    set(M::kBc0t, copRow("bc0t", kTrapCopUnusable, F::kCopBranch, 0));
    set(M::kCop0, copRow("cop0", kTrapReserved, F::kCopImm25, 0));
    set(M::kRfe, copRow("rfe", kTrapCopUnusable, F::kNone, 0));
    set(M::kTlbr, copRow("tlbr", kTrapReserved, F::kNone, 0));
    set(M::kTlbwi, copRow("tlbwi", kTrapReserved, F::kNone, 0));
    set(M::kTlbwr, copRow("tlbwr", kTrapReserved, F::kNone, 0));
    set(M::kTlbp, copRow("tlbp", kTrapReserved, F::kNone, 0));
    // COP1..COP3 need SR.CUn. COP2 is the GTE; COP1 and COP3 do not exist (reads give 0).
    const char* const names[4][7] = {
        {},
        {"mfc1", "cfc1", "mtc1", "ctc1", "bc1f", "bc1t", "cop1"},
        {"mfc2", "cfc2", "mtc2", "ctc2", "bc2f", "bc2t", "cop2"},
        {"mfc3", "cfc3", "mtc3", "ctc3", "bc3f", "bc3t", "cop3"},
    };
    const Mnemonic first[4] = {M::kMfc0, M::kMfc1, M::kMfc2, M::kMfc3};
    for (int8_t n = 1; n < 4; ++n) {
        auto m = [&](int i) { return Mnemonic(uint8_t(first[n]) + i); };
        set(m(0), copRow(names[n][0], kCopRead, F::kCopRtRd, n));
        set(m(1), copRow(names[n][1], kCopRead, F::kCopRtRd, n));
        set(m(2), copRow(names[n][2], kCopWrite, F::kCopRtRd, n));
        set(m(3), copRow(names[n][3], kCopWrite, F::kCopRtRd, n));
        set(m(4), copRow(names[n][4], kCopBranchOp, F::kCopBranch, n));
        set(m(5), copRow(names[n][5], kCopBranchOp, F::kCopBranch, n));
        set(m(6), copRow(names[n][6], kTrapCopUnusable, F::kCopImm25, n));
    }
    // LWCn/SWCn: only COP2 has data registers behind them; LWC0/SWC0 always raise CpU and
    // LWC1/LWC3/SWC1/SWC3 do nothing once usable: none of those reach memory.
    set(M::kLwc0, {"lwc0", kTrapCopUnusable, F::kCopMem, 0});
    set(M::kLwc1, {"lwc1", kTrapCopUnusable, F::kCopMem, 1});
    set(M::kLwc2, {"lwc2", kLoad | kReadsRs | kTrapAddress | kTrapCopUnusable, F::kCopMem, 2, 4});
    set(M::kLwc3, {"lwc3", kTrapCopUnusable, F::kCopMem, 3});
    set(M::kSwc0, {"swc0", kTrapCopUnusable, F::kCopMem, 0});
    set(M::kSwc1, {"swc1", kTrapCopUnusable, F::kCopMem, 1});
    set(M::kSwc2, {"swc2", kStore | kReadsRs | kTrapAddress | kTrapCopUnusable, F::kCopMem, 2, 4});
    set(M::kSwc3, {"swc3", kTrapCopUnusable, F::kCopMem, 3});
    return t;
}();

// Decoding. The primary and SPECIAL tables are the reference's, N/A = kIllegal.
namespace detail {
using M = Mnemonic;
inline constexpr std::array<Mnemonic, 64> kPrimary = [] {
    std::array<Mnemonic, 64> t{};
    t[op::kJ] = M::kJ, t[op::kJal] = M::kJal, t[op::kBeq] = M::kBeq, t[op::kBne] = M::kBne;
    t[op::kBlez] = M::kBlez, t[op::kBgtz] = M::kBgtz, t[op::kAddi] = M::kAddi;
    t[op::kAddiu] = M::kAddiu, t[op::kSlti] = M::kSlti, t[op::kSltiu] = M::kSltiu;
    t[op::kAndi] = M::kAndi, t[op::kOri] = M::kOri, t[op::kXori] = M::kXori;
    t[op::kLui] = M::kLui, t[op::kLb] = M::kLb, t[op::kLh] = M::kLh, t[op::kLwl] = M::kLwl;
    t[op::kLw] = M::kLw, t[op::kLbu] = M::kLbu, t[op::kLhu] = M::kLhu, t[op::kLwr] = M::kLwr;
    t[op::kSb] = M::kSb, t[op::kSh] = M::kSh, t[op::kSwl] = M::kSwl, t[op::kSw] = M::kSw;
    t[op::kSwr] = M::kSwr;
    t[op::kLwc0] = M::kLwc0, t[op::kLwc1] = M::kLwc1, t[op::kLwc2] = M::kLwc2;
    t[op::kLwc3] = M::kLwc3, t[op::kSwc0] = M::kSwc0, t[op::kSwc1] = M::kSwc1;
    t[op::kSwc2] = M::kSwc2, t[op::kSwc3] = M::kSwc3;
    return t;
}();
inline constexpr std::array<Mnemonic, 64> kSpecial = [] {
    std::array<Mnemonic, 64> t{};
    t[funct::kSll] = M::kSll, t[funct::kSrl] = M::kSrl, t[funct::kSra] = M::kSra;
    t[funct::kSllv] = M::kSllv, t[funct::kSrlv] = M::kSrlv, t[funct::kSrav] = M::kSrav;
    t[funct::kJr] = M::kJr, t[funct::kJalr] = M::kJalr, t[funct::kSyscall] = M::kSyscall;
    t[funct::kBreak] = M::kBreak, t[funct::kMfhi] = M::kMfhi, t[funct::kMthi] = M::kMthi;
    t[funct::kMflo] = M::kMflo, t[funct::kMtlo] = M::kMtlo, t[funct::kMult] = M::kMult;
    t[funct::kMultu] = M::kMultu, t[funct::kDiv] = M::kDiv, t[funct::kDivu] = M::kDivu;
    t[funct::kAdd] = M::kAdd, t[funct::kAddu] = M::kAddu, t[funct::kSub] = M::kSub;
    t[funct::kSubu] = M::kSubu, t[funct::kAnd] = M::kAnd, t[funct::kOr] = M::kOr;
    t[funct::kXor] = M::kXor, t[funct::kNor] = M::kNor, t[funct::kSlt] = M::kSlt;
    t[funct::kSltu] = M::kSltu;
    return t;
}();

constexpr Mnemonic decodeCop(Instruction in) {
    uint32_t n = in.copNumber();
    auto m = [n](int i) {
        const Mnemonic first[4] = {M::kMfc0, M::kMfc1, M::kMfc2, M::kMfc3};
        return Mnemonic(uint8_t(first[n]) + i);
    };
    if (in.copCommand()) {
        if (n != 0) return m(6);
        switch (in.funct()) {
        case cop0cmd::kTlbr: return M::kTlbr;
        case cop0cmd::kTlbwi: return M::kTlbwi;
        case cop0cmd::kTlbwr: return M::kTlbwr;
        case cop0cmd::kTlbp: return M::kTlbp;
        case cop0cmd::kRfe: return M::kRfe;
        default: return M::kCop0;
        }
    }
    switch (in.rs()) {
    case copop::kMf: return m(0);
    case copop::kCf: return m(1);
    case copop::kMt: return m(2);
    case copop::kCt: return m(3);
    case copop::kBc: return m((in.rt() & 1) ? 5 : 4);
    default: return M::kIllegal;
    }
}
} // namespace detail

constexpr Mnemonic decode(Instruction in) {
    switch (in.op()) {
    case op::kSpecial: return detail::kSpecial[in.funct()];
    case op::kBcondZ: {
        bool gez = in.bcondGez();
        return in.bcondLink() ? (gez ? Mnemonic::kBgezal : Mnemonic::kBltzal)
                              : (gez ? Mnemonic::kBgez : Mnemonic::kBltz);
    }
    case op::kCop0:
    case op::kCop1:
    case op::kCop2:
    case op::kCop3: return detail::decodeCop(in);
    default: return detail::kPrimary[in.op()];
    }
}
constexpr Mnemonic decode(uint32_t word) {
    return decode(Instruction{word});
}
constexpr const OpInfo& info(Mnemonic m) {
    return kOpInfo[std::size_t(m)];
}
constexpr const OpInfo& info(uint32_t word) {
    return info(decode(word));
}

} // namespace core::mips
