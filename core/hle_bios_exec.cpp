// The HLE BIOS's "BIOS File Execute" functions for files on the disc (kernelbios.md "BIOS File
// Execute and Flush Cache"): A(41h) LoadTest, A(42h) Load, A(43h) Exec, A(51h) LoadExec.
//
// Notes this file relies on:
// - LoadTest copies bytes [10h..4Bh] of the 800h-byte EXE header to headerbuf[00h..3Bh]:
//   00h pc0, 04h gp0, 08h t_addr, 0Ch t_size, 10h d_addr, 14h d_size, 18h b_addr, 1Ch b_size,
//   20h s_addr (stack base), 24h s_size (stack offset), 28h..3Bh reserved for Exec
//   (cdromfileformats.md "CDROM File Playstation EXE and SYSTEM.CNF").
// - Load also loads the body (t_size bytes from file offset 800h to t_addr) and flushes the
//   i-cache. Their return values are not in the reference: LoadTest answers pc0, Load 1, both 0
//   when the file cannot be loaded.
// - Exec saves R16, R28, R30, SP, RA in headerbuf's reserved words (our order: 28h SP, 2Ch
//   R30, 30h R28, 34h RA, 38h R16), zero-fills b_addr..+b_size, sets SP and FP to s_addr +
//   s_size unless s_addr is 0, GP to gp0, and calls pc0 with param1/param2 in r4/r5. If the
//   program returns, the registers come back from headerbuf and Exec returns 1.
// - LoadExec loads the file (names without ";" get ";1"), puts its own stack base/offset into
//   the headerbuf and runs it with Exec(headerbuf, 1, 0). What follows a return (reloading the
//   boot file) crashes on a real BIOS (it reads the name as an address), which then sits in a
//   "JMP $" loop: here a return from a LoadExec program goes straight to that loop. Before
//   loading it enables interrupts (ExitCriticalSection).
// Approximate: a real BIOS reads through the drive and takes emulated time (here the file is
// read at once, like the other HLE file functions).
#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include "core/cpu/cpu.h"
#include "core/hle_bios.h"
#include "core/hle_bios_layout.h"

namespace core {

using namespace hle;
using namespace mips;

namespace {
constexpr uint32_t kHeaderSize = 0x800;
constexpr uint32_t kLoadExecFlag = 1; // exec stack entries: headerbuf | 1 for LoadExec
} // namespace

uint32_t HleBios::loadExe(uint32_t nameAddr, uint32_t headerbuf, bool body) {
    std::vector<uint8_t> file;
    if (!readCdFile(nameAddr, file) || file.size() < kHeaderSize ||
        std::memcmp(file.data(), "PS-X EXE", 8) != 0)
        return 0;
    for (uint32_t i = 0; i < 0x3c; ++i)
        wr8(headerbuf + i, file[0x10 + i]);
    auto word = [&](size_t at) {
        return uint32_t(file[at]) | uint32_t(file[at + 1]) << 8 | uint32_t(file[at + 2]) << 16 |
               uint32_t(file[at + 3]) << 24;
    };
    const uint32_t pc0 = word(0x10);
    if (!body) return pc0;
    const uint32_t tAddr = word(0x18);
    const uint32_t tSize = uint32_t(std::min<size_t>(word(0x1c), file.size() - kHeaderSize));
    for (uint32_t i = 0; i < tSize; ++i)
        wr8(tAddr + i, file[kHeaderSize + i]);
    cpu_.invalidateICache(); // Load calls FlushCache
    return 1;
}

void HleBios::exec(uint32_t h, uint32_t param1, uint32_t param2, bool fromLoadExec) {
    const uint32_t depth = rd32(kKseg0 + kExecStack);
    if (depth >= kExecStackMax) {
        systemError("Exec nested too deep");
        return;
    }
    wr32(kKseg0 + kExecStack + 4 + 4 * depth, h | (fromLoadExec ? kLoadExecFlag : 0));
    wr32(kKseg0 + kExecStack, depth + 1);
    wr32(h + 0x28, cpu_.reg(kSp));
    wr32(h + 0x2c, cpu_.reg(kFp));
    wr32(h + 0x30, cpu_.reg(kGp));
    wr32(h + 0x34, cpu_.reg(kRa));
    wr32(h + 0x38, cpu_.reg(kS0));
    const uint32_t bAddr = rd32(h + 0x18), bSize = rd32(h + 0x1c);
    for (uint32_t i = 0; i < bSize; ++i)
        wr8(bAddr + i, 0);
    if (const uint32_t sAddr = rd32(h + 0x20); sAddr != 0) {
        cpu_.setReg(kSp, sAddr + rd32(h + 0x24));
        cpu_.setReg(kFp, sAddr + rd32(h + 0x24));
    }
    cpu_.setReg(kGp, rd32(h + 0x04));
    cpu_.setReg(kA0, param1);
    cpu_.setReg(kA1, param2);
    cpu_.setReg(kRa, kKseg0 + kExecRetTrap);
    cpu_.setPc(rd32(h + 0x00));
}

void HleBios::execReturn() {
    const uint32_t depth = rd32(kKseg0 + kExecStack);
    if (depth == 0 || depth > kExecStackMax) {
        systemError("Exec return trampoline reached with no program started by Exec");
        return;
    }
    const uint32_t entry = rd32(kKseg0 + kExecStack + 4 * depth);
    wr32(kKseg0 + kExecStack, depth - 1);
    if (entry & kLoadExecFlag) {
        ttyString("[HLE BIOS] a LoadExec program returned: the kernel locks up (JMP $)\n");
        cpu_.setPc(HleBios::kSystemErrorLoop);
        return;
    }
    const uint32_t h = entry;
    cpu_.setReg(kSp, rd32(h + 0x28));
    cpu_.setReg(kFp, rd32(h + 0x2c));
    cpu_.setReg(kGp, rd32(h + 0x30));
    cpu_.setReg(kRa, rd32(h + 0x34));
    cpu_.setReg(kS0, rd32(h + 0x38));
    ret(1);
}

bool HleBios::execFunctionA(uint32_t n) {
    switch (n) {
    case 0x41: // LoadTest(filename, headerbuf)
        ret(loadExe(arg(0), arg(1), false));
        return true;
    case 0x42: // Load(filename, headerbuf)
        ret(loadExe(arg(0), arg(1), true));
        return true;
    case 0x43: // Exec(headerbuf, param1, param2)
        exec(arg(0), arg(1), arg(2), false);
        return true;
    case 0x51: { // LoadExec(filename, stackbase, stackoffset)
        // The name as the BIOS copies it: upper case after the device, ";1" when no version.
        std::string name = readPath(arg(0));
        const size_t colon = name.find(':');
        for (size_t i = colon == std::string::npos ? 0 : colon + 1; i < name.size(); ++i)
            name[i] = char(std::toupper(static_cast<unsigned char>(name[i])));
        if (name.find(';') == std::string::npos) name.append(";1");
        const uint32_t nameBuf = kKseg0 + kLoadExecHeader + 0x40;
        const size_t len = std::min<size_t>(name.size(), 0x3f);
        for (size_t i = 0; i < len; ++i)
            wr8(nameBuf + uint32_t(i), uint8_t(name[i]));
        wr8(nameBuf + uint32_t(len), 0);
        const uint32_t h = kKseg0 + kLoadExecHeader;
        const uint32_t stackBase = arg(1), stackOffset = arg(2);
        if (!loadExe(nameBuf, h, true)) {
            ttyString("[HLE BIOS] LoadExec: cannot load the file; the kernel locks up (JMP $)\n");
            cpu_.setPc(HleBios::kSystemErrorLoop);
            return true;
        }
        wr32(h + 0x20, stackBase);
        wr32(h + 0x24, stackOffset);
        // ExitCriticalSection: interrupts on (SR IEc and the IRQ mask bit).
        cpu_.setCop0(mips::cop0::kSr,
                     cpu_.cop0(mips::cop0::kSr) | mips::sr::kIEc | mips::sr::kImIrq);
        exec(h, 1, 0, true);
        return true;
    }
    default: return false;
    }
}

} // namespace core
