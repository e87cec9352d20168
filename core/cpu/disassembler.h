#pragma once
// MIPS I / R3000A disassembler (cpuspecifications.md "CPU Opcode Encoding"), used by the CPU
// trace and debuggers. Register names are the conventional aliases (zero, at, v0, ...).
#include <cstdint>
#include <string>

namespace core {

// "mnemonic operands" for the instruction word `instr` located at `pc` (branch targets are
// shown as absolute addresses). Reserved encodings give "illegal 0xXXXXXXXX".
std::string disassemble(uint32_t pc, uint32_t instr);

// Conventional name of general register r (0-31).
const char* registerName(unsigned r);

} // namespace core
