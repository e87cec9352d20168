#pragma once
// Instruction encoders (cpuspecifications.md "Opcode/Parameter Encoding", "Coprocessor
// Opcode/Parameter Encoding"): the inverse of Instruction's field accessors, for code the
// emulator writes itself (the HLE BIOS kernel, tests, a recompiler's tests). Register
// operands are in assembler order (destination first); branch and jump operands are the
// encoded fields (offset in words, target bits 2..27), not addresses.
#include <cstdint>

#include "core/cpu/instruction.h"

namespace core::mips::enc {

// The three formats and the coprocessor forms.
constexpr uint32_t iType(uint32_t opcode, uint32_t rs, uint32_t rt, uint32_t imm16) {
    return (opcode << 26) | ((rs & 31) << 21) | ((rt & 31) << 16) | (imm16 & 0xffff);
}
constexpr uint32_t rType(uint32_t fn, uint32_t rs, uint32_t rt, uint32_t rd, uint32_t sa = 0) {
    return ((rs & 31) << 21) | ((rt & 31) << 16) | ((rd & 31) << 11) | ((sa & 31) << 6) |
           (fn & 0x3f);
}
constexpr uint32_t jType(uint32_t opcode, uint32_t target26) {
    return (opcode << 26) | (target26 & 0x03ffffff);
}
constexpr uint32_t copType(uint32_t n, uint32_t copOp, uint32_t rt, uint32_t rd) {
    return ((op::kCop0 + n) << 26) | ((copOp & 31) << 21) | ((rt & 31) << 16) | ((rd & 31) << 11);
}
constexpr uint32_t copCommand(uint32_t n, uint32_t imm25) {
    return ((op::kCop0 + n) << 26) | (1u << 25) | (imm25 & 0x01ffffff);
}
// J/JAL field for an absolute target address (same 256 MB region as the delay slot).
constexpr uint32_t jumpField(uint32_t address) {
    return (address >> 2) & 0x03ffffff;
}

inline constexpr uint32_t kNop = 0; // sll zero, zero, 0

// SPECIAL
constexpr uint32_t sll(uint32_t rd, uint32_t rt, uint32_t sa) {
    return rType(funct::kSll, 0, rt, rd, sa);
}
constexpr uint32_t srl(uint32_t rd, uint32_t rt, uint32_t sa) {
    return rType(funct::kSrl, 0, rt, rd, sa);
}
constexpr uint32_t sra(uint32_t rd, uint32_t rt, uint32_t sa) {
    return rType(funct::kSra, 0, rt, rd, sa);
}
constexpr uint32_t sllv(uint32_t rd, uint32_t rt, uint32_t rs) {
    return rType(funct::kSllv, rs, rt, rd);
}
constexpr uint32_t srlv(uint32_t rd, uint32_t rt, uint32_t rs) {
    return rType(funct::kSrlv, rs, rt, rd);
}
constexpr uint32_t srav(uint32_t rd, uint32_t rt, uint32_t rs) {
    return rType(funct::kSrav, rs, rt, rd);
}
constexpr uint32_t jr(uint32_t rs) {
    return rType(funct::kJr, rs, 0, 0);
}
constexpr uint32_t jalr(uint32_t rd, uint32_t rs) {
    return rType(funct::kJalr, rs, 0, rd);
}
constexpr uint32_t syscall(uint32_t code20 = 0) {
    return ((code20 & 0xfffff) << 6) | funct::kSyscall;
}
constexpr uint32_t brk(uint32_t code20 = 0) { // BREAK ("break" is a C++ keyword)
    return ((code20 & 0xfffff) << 6) | funct::kBreak;
}
constexpr uint32_t mfhi(uint32_t rd) {
    return rType(funct::kMfhi, 0, 0, rd);
}
constexpr uint32_t mthi(uint32_t rs) {
    return rType(funct::kMthi, rs, 0, 0);
}
constexpr uint32_t mflo(uint32_t rd) {
    return rType(funct::kMflo, 0, 0, rd);
}
constexpr uint32_t mtlo(uint32_t rs) {
    return rType(funct::kMtlo, rs, 0, 0);
}
constexpr uint32_t mult(uint32_t rs, uint32_t rt) {
    return rType(funct::kMult, rs, rt, 0);
}
constexpr uint32_t multu(uint32_t rs, uint32_t rt) {
    return rType(funct::kMultu, rs, rt, 0);
}
constexpr uint32_t div(uint32_t rs, uint32_t rt) {
    return rType(funct::kDiv, rs, rt, 0);
}
constexpr uint32_t divu(uint32_t rs, uint32_t rt) {
    return rType(funct::kDivu, rs, rt, 0);
}
constexpr uint32_t add(uint32_t rd, uint32_t rs, uint32_t rt) {
    return rType(funct::kAdd, rs, rt, rd);
}
constexpr uint32_t addu(uint32_t rd, uint32_t rs, uint32_t rt) {
    return rType(funct::kAddu, rs, rt, rd);
}
constexpr uint32_t sub(uint32_t rd, uint32_t rs, uint32_t rt) {
    return rType(funct::kSub, rs, rt, rd);
}
constexpr uint32_t subu(uint32_t rd, uint32_t rs, uint32_t rt) {
    return rType(funct::kSubu, rs, rt, rd);
}
constexpr uint32_t and_(uint32_t rd, uint32_t rs, uint32_t rt) {
    return rType(funct::kAnd, rs, rt, rd);
}
constexpr uint32_t or_(uint32_t rd, uint32_t rs, uint32_t rt) {
    return rType(funct::kOr, rs, rt, rd);
}
constexpr uint32_t xor_(uint32_t rd, uint32_t rs, uint32_t rt) {
    return rType(funct::kXor, rs, rt, rd);
}
constexpr uint32_t nor(uint32_t rd, uint32_t rs, uint32_t rt) {
    return rType(funct::kNor, rs, rt, rd);
}
constexpr uint32_t slt(uint32_t rd, uint32_t rs, uint32_t rt) {
    return rType(funct::kSlt, rs, rt, rd);
}
constexpr uint32_t sltu(uint32_t rd, uint32_t rs, uint32_t rt) {
    return rType(funct::kSltu, rs, rt, rd);
}

// BcondZ and the other branches and jumps (offsets in instructions from the delay slot).
constexpr uint32_t bltz(uint32_t rs, int16_t off) {
    return iType(op::kBcondZ, rs, bcond::kBltz, uint16_t(off));
}
constexpr uint32_t bgez(uint32_t rs, int16_t off) {
    return iType(op::kBcondZ, rs, bcond::kBgez, uint16_t(off));
}
constexpr uint32_t bltzal(uint32_t rs, int16_t off) {
    return iType(op::kBcondZ, rs, bcond::kBltzal, uint16_t(off));
}
constexpr uint32_t bgezal(uint32_t rs, int16_t off) {
    return iType(op::kBcondZ, rs, bcond::kBgezal, uint16_t(off));
}
constexpr uint32_t j(uint32_t target26) {
    return jType(op::kJ, target26);
}
constexpr uint32_t jal(uint32_t target26) {
    return jType(op::kJal, target26);
}
constexpr uint32_t beq(uint32_t rs, uint32_t rt, int16_t off) {
    return iType(op::kBeq, rs, rt, uint16_t(off));
}
constexpr uint32_t bne(uint32_t rs, uint32_t rt, int16_t off) {
    return iType(op::kBne, rs, rt, uint16_t(off));
}
constexpr uint32_t blez(uint32_t rs, int16_t off) {
    return iType(op::kBlez, rs, 0, uint16_t(off));
}
constexpr uint32_t bgtz(uint32_t rs, int16_t off) {
    return iType(op::kBgtz, rs, 0, uint16_t(off));
}

// ALU immediate
constexpr uint32_t addi(uint32_t rt, uint32_t rs, int16_t imm) {
    return iType(op::kAddi, rs, rt, uint16_t(imm));
}
constexpr uint32_t addiu(uint32_t rt, uint32_t rs, int16_t imm) {
    return iType(op::kAddiu, rs, rt, uint16_t(imm));
}
constexpr uint32_t slti(uint32_t rt, uint32_t rs, int16_t imm) {
    return iType(op::kSlti, rs, rt, uint16_t(imm));
}
constexpr uint32_t sltiu(uint32_t rt, uint32_t rs, int16_t imm) {
    return iType(op::kSltiu, rs, rt, uint16_t(imm));
}
constexpr uint32_t andi(uint32_t rt, uint32_t rs, uint32_t imm) {
    return iType(op::kAndi, rs, rt, imm);
}
constexpr uint32_t ori(uint32_t rt, uint32_t rs, uint32_t imm) {
    return iType(op::kOri, rs, rt, imm);
}
constexpr uint32_t xori(uint32_t rt, uint32_t rs, uint32_t imm) {
    return iType(op::kXori, rs, rt, imm);
}
constexpr uint32_t lui(uint32_t rt, uint32_t imm) {
    return iType(op::kLui, 0, rt, imm);
}

// Loads and stores: rt, offset(base)
constexpr uint32_t lb(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kLb, base, rt, uint16_t(off));
}
constexpr uint32_t lh(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kLh, base, rt, uint16_t(off));
}
constexpr uint32_t lwl(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kLwl, base, rt, uint16_t(off));
}
constexpr uint32_t lw(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kLw, base, rt, uint16_t(off));
}
constexpr uint32_t lbu(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kLbu, base, rt, uint16_t(off));
}
constexpr uint32_t lhu(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kLhu, base, rt, uint16_t(off));
}
constexpr uint32_t lwr(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kLwr, base, rt, uint16_t(off));
}
constexpr uint32_t sb(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kSb, base, rt, uint16_t(off));
}
constexpr uint32_t sh(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kSh, base, rt, uint16_t(off));
}
constexpr uint32_t swl(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kSwl, base, rt, uint16_t(off));
}
constexpr uint32_t sw(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kSw, base, rt, uint16_t(off));
}
constexpr uint32_t swr(uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kSwr, base, rt, uint16_t(off));
}
constexpr uint32_t lwc(uint32_t n, uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kLwc0 + n, base, rt, uint16_t(off));
}
constexpr uint32_t swc(uint32_t n, uint32_t rt, int16_t off, uint32_t base) {
    return iType(op::kSwc0 + n, base, rt, uint16_t(off));
}

// Coprocessors
constexpr uint32_t mfc(uint32_t n, uint32_t rt, uint32_t rd) {
    return copType(n, copop::kMf, rt, rd);
}
constexpr uint32_t cfc(uint32_t n, uint32_t rt, uint32_t rd) {
    return copType(n, copop::kCf, rt, rd);
}
constexpr uint32_t mtc(uint32_t n, uint32_t rt, uint32_t rd) {
    return copType(n, copop::kMt, rt, rd);
}
constexpr uint32_t ctc(uint32_t n, uint32_t rt, uint32_t rd) {
    return copType(n, copop::kCt, rt, rd);
}
constexpr uint32_t bcf(uint32_t n, int16_t off) {
    return copType(n, copop::kBc, 0, 0) | uint16_t(off);
}
constexpr uint32_t bct(uint32_t n, int16_t off) {
    return copType(n, copop::kBc, 1, 0) | uint16_t(off);
}
constexpr uint32_t mfc0(uint32_t rt, uint32_t rd) {
    return mfc(0, rt, rd);
}
constexpr uint32_t mtc0(uint32_t rt, uint32_t rd) {
    return mtc(0, rt, rd);
}
constexpr uint32_t rfe() {
    return copCommand(0, cop0cmd::kRfe);
}

} // namespace core::mips::enc
