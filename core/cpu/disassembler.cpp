// Disassembler for the R3000A instruction set (cpuspecifications.md "CPU Opcode Encoding",
// "Coprocessor Opcode/Parameter Encoding"): names and operand formats come from the
// instruction layer's table (core/cpu/instruction.h).
#include "core/cpu/disassembler.h"

#include <cstdio>

#include "core/cpu/encoder.h"
#include "core/cpu/instruction.h"

namespace core {

namespace {
using mips::Format;
using mips::Mnemonic;

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
} // namespace

const char* registerName(unsigned r) {
    return mips::kRegNames[r & 31];
}

std::string disassemble(uint32_t pc, uint32_t instr) {
    const mips::Instruction in{instr};
    const Mnemonic m = mips::decode(in);
    const mips::OpInfo& info = mips::info(m);
    const char* name = info.name;
    const char *S = registerName(in.rs()), *T = registerName(in.rt()), *D = registerName(in.rd());
    const int32_t simm = int32_t(in.simm());
    if (m == Mnemonic::kIllegal) return illegal(instr);
    switch (info.format) {
    case Format::kNone: return name;
    case Format::kRdRtSa:
        if (instr == mips::enc::kNop) return "nop";
        return fmt("%s %s, %s, %u", name, D, T, in.shamt());
    case Format::kRdRtRs: return fmt("%s %s, %s, %s", name, D, T, S);
    case Format::kRs: return fmt("%s %s", name, S);
    case Format::kJalr:
        if (in.rd() == mips::kRa) return fmt("%s %s", name, S);
        return fmt("%s %s, %s", name, D, S);
    case Format::kCode20: return fmt("%s 0x%x", name, in.code());
    case Format::kRd: return fmt("%s %s", name, D);
    case Format::kRsRt: return fmt("%s %s, %s", name, S, T);
    case Format::kRdRsRt: return fmt("%s %s, %s, %s", name, D, S, T);
    case Format::kRsBranch: return fmt("%s %s, 0x%08x", name, S, in.branchTarget(pc));
    case Format::kJump: return fmt("%s 0x%08x", name, in.jumpTarget(pc));
    case Format::kRsRtBranch:
        if (m == Mnemonic::kBeq && in.rs() == 0 && in.rt() == 0)
            return fmt("b 0x%08x", in.branchTarget(pc));
        return fmt("%s %s, %s, 0x%08x", name, S, T, in.branchTarget(pc));
    case Format::kRtRsSimm: return fmt("%s %s, %s, %s", name, T, S, signedHex(simm).c_str());
    case Format::kRtRsUimm: return fmt("%s %s, %s, 0x%x", name, T, S, in.imm());
    case Format::kRtUimm: return fmt("%s %s, 0x%x", name, T, in.imm());
    case Format::kRtMem: return fmt("%s %s, %s(%s)", name, T, signedHex(simm).c_str(), S);
    case Format::kCopRtRd: return fmt("%s %s, $%u", name, T, in.rd());
    case Format::kCopBranch:
        // The CPU reads rt bit 0 only; encodings outside the reference's table (rt > 1) are
        // shown as illegal so that they stand out.
        if (in.rt() > 1) return illegal(instr);
        return fmt("%s 0x%08x", name, in.branchTarget(pc));
    case Format::kCopImm25: return fmt("%s 0x%07x", name, in.imm25());
    case Format::kCopMem: return fmt("%s $%u, %s(%s)", name, in.rt(), signedHex(simm).c_str(), S);
    }
    return illegal(instr);
}

} // namespace core
