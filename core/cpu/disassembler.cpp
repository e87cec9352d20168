// Disassembler for the R3000A instruction set (cpuspecifications.md "CPU Opcode Encoding",
// "Coprocessor Opcode/Parameter Encoding").
#include "core/cpu/disassembler.h"

#include <cstdio>

namespace core {

namespace {
const char* const kRegNames[32] = {"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
                                   "t0",   "t1", "t2", "t3", "t4", "t5", "t6", "t7",
                                   "s0",   "s1", "s2", "s3", "s4", "s5", "s6", "s7",
                                   "t8",   "t9", "k0", "k1", "gp", "sp", "fp", "ra"};

std::string fmt(const char* f, auto... args) {
    char buf[96];
    std::snprintf(buf, sizeof buf, f, args...);
    return buf;
}

std::string signedHex(int32_t v) {
    return v < 0 ? fmt("-0x%x", unsigned(-int64_t(v))) : fmt("0x%x", unsigned(v));
}

std::string illegal(uint32_t instr) {
    return fmt("illegal 0x%08x", instr);
}

std::string cop(uint32_t pc, uint32_t instr) {
    unsigned n = (instr >> 26) & 3;
    unsigned rs = (instr >> 21) & 31, rt = (instr >> 16) & 31, rd = (instr >> 11) & 31;
    const char* t = kRegNames[rt];
    if (rs & 0x10) {
        if (n == 0) {
            switch (instr & 0x3f) {
            case 0x01: return "tlbr";
            case 0x02: return "tlbwi";
            case 0x06: return "tlbwr";
            case 0x08: return "tlbp";
            case 0x10: return "rfe";
            default: break;
            }
        }
        return fmt("cop%u 0x%07x", n, instr & 0x01ffffff);
    }
    switch (rs) {
    case 0x00: return fmt("mfc%u %s, $%u", n, t, rd);
    case 0x02: return fmt("cfc%u %s, $%u", n, t, rd);
    case 0x04: return fmt("mtc%u %s, $%u", n, t, rd);
    case 0x06: return fmt("ctc%u %s, $%u", n, t, rd);
    case 0x08:
        if (rt > 1) break;
        return fmt("bc%u%c 0x%08x", n, rt ? 't' : 'f',
                   pc + 4 + (uint32_t(int32_t(int16_t(instr & 0xffff))) << 2));
    default: break;
    }
    return illegal(instr);
}
} // namespace

const char* registerName(unsigned r) {
    return kRegNames[r & 31];
}

std::string disassemble(uint32_t pc, uint32_t instr) {
    unsigned op = instr >> 26;
    unsigned rs = (instr >> 21) & 31, rt = (instr >> 16) & 31, rd = (instr >> 11) & 31;
    unsigned sa = (instr >> 6) & 31;
    const char *S = kRegNames[rs], *T = kRegNames[rt], *D = kRegNames[rd];
    int32_t simm = int16_t(instr & 0xffff);
    unsigned uimm = instr & 0xffff;
    uint32_t btarget = pc + 4 + (uint32_t(simm) << 2);
    uint32_t jtarget = ((pc + 4) & 0xf0000000) | ((instr & 0x03ffffff) << 2);
    static const char* const kLoadStore[16] = {"lb",    "lh",    "lwl", "lw",   "lbu", "lhu",
                                               "lwr",   nullptr, "sb",  "sh",   "swl", "sw",
                                               nullptr, nullptr, "swr", nullptr};
    switch (op) {
    case 0x00:
        switch (instr & 0x3f) {
        case 0x00:
            if (instr == 0) return "nop";
            return fmt("sll %s, %s, %u", D, T, sa);
        case 0x02: return fmt("srl %s, %s, %u", D, T, sa);
        case 0x03: return fmt("sra %s, %s, %u", D, T, sa);
        case 0x04: return fmt("sllv %s, %s, %s", D, T, S);
        case 0x06: return fmt("srlv %s, %s, %s", D, T, S);
        case 0x07: return fmt("srav %s, %s, %s", D, T, S);
        case 0x08: return fmt("jr %s", S);
        case 0x09: return rd == 31 ? fmt("jalr %s", S) : fmt("jalr %s, %s", D, S);
        case 0x0c: return fmt("syscall 0x%x", (instr >> 6) & 0xfffff);
        case 0x0d: return fmt("break 0x%x", (instr >> 6) & 0xfffff);
        case 0x10: return fmt("mfhi %s", D);
        case 0x11: return fmt("mthi %s", S);
        case 0x12: return fmt("mflo %s", D);
        case 0x13: return fmt("mtlo %s", S);
        case 0x18: return fmt("mult %s, %s", S, T);
        case 0x19: return fmt("multu %s, %s", S, T);
        case 0x1a: return fmt("div %s, %s", S, T);
        case 0x1b: return fmt("divu %s, %s", S, T);
        case 0x20: return fmt("add %s, %s, %s", D, S, T);
        case 0x21: return fmt("addu %s, %s, %s", D, S, T);
        case 0x22: return fmt("sub %s, %s, %s", D, S, T);
        case 0x23: return fmt("subu %s, %s, %s", D, S, T);
        case 0x24: return fmt("and %s, %s, %s", D, S, T);
        case 0x25: return fmt("or %s, %s, %s", D, S, T);
        case 0x26: return fmt("xor %s, %s, %s", D, S, T);
        case 0x27: return fmt("nor %s, %s, %s", D, S, T);
        case 0x2a: return fmt("slt %s, %s, %s", D, S, T);
        case 0x2b: return fmt("sltu %s, %s, %s", D, S, T);
        default: return illegal(instr);
        }
    case 0x01: {
        const char* m =
            (rt & 0x1e) == 0x10 ? ((rt & 1) ? "bgezal" : "bltzal") : ((rt & 1) ? "bgez" : "bltz");
        return fmt("%s %s, 0x%08x", m, S, btarget);
    }
    case 0x02: return fmt("j 0x%08x", jtarget);
    case 0x03: return fmt("jal 0x%08x", jtarget);
    case 0x04:
        if (rs == 0 && rt == 0) return fmt("b 0x%08x", btarget);
        return fmt("beq %s, %s, 0x%08x", S, T, btarget);
    case 0x05: return fmt("bne %s, %s, 0x%08x", S, T, btarget);
    case 0x06: return fmt("blez %s, 0x%08x", S, btarget);
    case 0x07: return fmt("bgtz %s, 0x%08x", S, btarget);
    case 0x08: return fmt("addi %s, %s, %s", T, S, signedHex(simm).c_str());
    case 0x09: return fmt("addiu %s, %s, %s", T, S, signedHex(simm).c_str());
    case 0x0a: return fmt("slti %s, %s, %s", T, S, signedHex(simm).c_str());
    case 0x0b: return fmt("sltiu %s, %s, %s", T, S, signedHex(simm).c_str());
    case 0x0c: return fmt("andi %s, %s, 0x%x", T, S, uimm);
    case 0x0d: return fmt("ori %s, %s, 0x%x", T, S, uimm);
    case 0x0e: return fmt("xori %s, %s, 0x%x", T, S, uimm);
    case 0x0f: return fmt("lui %s, 0x%x", T, uimm);
    case 0x10:
    case 0x11:
    case 0x12:
    case 0x13: return cop(pc, instr);
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33: return fmt("lwc%u $%u, %s(%s)", op & 3, rt, signedHex(simm).c_str(), S);
    case 0x38:
    case 0x39:
    case 0x3a:
    case 0x3b: return fmt("swc%u $%u, %s(%s)", op & 3, rt, signedHex(simm).c_str(), S);
    default:
        if (op >= 0x20 && op < 0x30 && kLoadStore[op - 0x20])
            return fmt("%s %s, %s(%s)", kLoadStore[op - 0x20], T, signedHex(simm).c_str(), S);
        return illegal(instr);
    }
}

} // namespace core
