// The HLE BIOS's LoadTest/Load/Exec/LoadExec on the test disc (kernelbios.md "BIOS File
// Execute and Flush Cache"; the EXE header layout from cdromfileformats.md). The disc's boot
// file SLUS_012.34 is assets/bin/smoke-test.exe, read here from the assets folder as the
// independent expectation.
#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <vector>

#include "core/disc/open_disc.h"
#include "hle_kernel_rig.h"

namespace {
using hletest::kRa;
constexpr uint32_t kName = 0x80100000, kHdr = 0x80100100, kBss = 0x80170000;
constexpr uint32_t kA = 0xa0;

struct Kernel : hletest::Kernel {
    std::unique_ptr<core::disc::Disc> disc;
    Kernel() {
        std::string error;
        disc = core::disc::openDisc(std::string(SKIPJACK_TEST_DISC_DIR) + "/mode2.cue", error);
        REQUIRE(disc);
        bios.setDisc(disc.get());
    }
};

std::vector<uint8_t> exeFile() {
    std::ifstream in(std::string(SKIPJACK_SOURCE_DIR) + "/assets/bin/smoke-test.exe",
                     std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
uint32_t word(const std::vector<uint8_t>& f, size_t at) {
    return uint32_t(f[at]) | uint32_t(f[at + 1]) << 8 | uint32_t(f[at + 2]) << 16 |
           uint32_t(f[at + 3]) << 24;
}
} // namespace

TEST_CASE("A(41h) LoadTest copies header bytes 10h..4Bh and A(42h) Load also loads the body",
          "[bios][hle][cdfs]") {
    const auto exe = exeFile();
    REQUIRE(exe.size() > 0x800);
    Kernel k;
    k.str(kName, "cdrom:\\SLUS_012.34;1");
    for (uint32_t i = 0; i < 0x40; ++i)
        k.bus.write(kHdr + i, 0xee, 1);
    CHECK(k.call(kA, 0x41, {kName, kHdr}) == word(exe, 0x10)); // pc0
    CHECK(k.cpu.pc() == kRa);
    for (uint32_t i = 0; i < 0x3c; ++i)
        REQUIRE(k.bus.read(kHdr + i, 1) == exe[0x10 + i]);
    CHECK(k.bus.read(kHdr + 0x3c, 1) == 0xee); // 3Ch bytes, no more
    const uint32_t tAddr = word(exe, 0x18), tSize = word(exe, 0x1c);
    CHECK(k.bus.read(tAddr, 4) == 0); // LoadTest loads no body

    CHECK(k.call(kA, 0x42, {kName, kHdr}) == 1);
    for (uint32_t i = 0; i < tSize; i += 4)
        REQUIRE(k.bus.read(tAddr + i, 4) == word(exe, 0x800 + i));

    // Not there, another device: 0 and nothing loaded.
    k.str(kName, "cdrom:\\NOPE.EXE;1");
    CHECK(k.call(kA, 0x41, {kName, kHdr}) == 0);
    k.str(kName, "bu00:\\SLUS_012.34");
    CHECK(k.call(kA, 0x42, {kName, kHdr}) == 0);
    k.str(kName, "cdrom:\\SYSTEM.CNF;1"); // not a PS-X EXE
    CHECK(k.call(kA, 0x42, {kName, kHdr}) == 0);
}

TEST_CASE("A(43h) Exec starts the program and a return comes back with r2=1", "[bios][hle][cdfs]") {
    const auto exe = exeFile();
    Kernel k;
    k.str(kName, "cdrom:\\SLUS_012.34;1");
    REQUIRE(k.call(kA, 0x42, {kName, kHdr}) == 1);
    // A memfill region and a stack of our own in the headerbuf.
    for (uint32_t i = 0; i < 0x40; i += 4)
        k.wr(kBss + i, 0xffffffff);
    k.wr(kHdr + 0x18, kBss);
    k.wr(kHdr + 0x1c, 0x30);
    k.wr(kHdr + 0x20, 0x801e0000);
    k.wr(kHdr + 0x24, 0x800);
    k.cpu.setReg(16, 0x1600);
    k.cpu.setReg(28, 0x2800);
    k.cpu.setReg(29, 0x801fff00);
    k.cpu.setReg(30, 0x3000);
    hletest::Kernel& base = k;
    base.call(kA, 0x43, {kHdr, 0x11, 0x22});
    CHECK(k.cpu.pc() == word(exe, 0x10));
    CHECK(k.cpu.reg(28) == word(exe, 0x14));
    CHECK(k.cpu.reg(29) == 0x801e0800);
    CHECK(k.cpu.reg(30) == 0x801e0800);
    CHECK(k.cpu.reg(4) == 0x11);
    CHECK(k.cpu.reg(5) == 0x22);
    for (uint32_t i = 0; i < 0x30; i += 4)
        REQUIRE(k.rd(kBss + i) == 0);
    CHECK(k.rd(kBss + 0x30) == 0xffffffff);
    // The program trashes the saved registers and returns.
    for (unsigned r : {16u, 28u, 29u, 30u})
        k.cpu.setReg(r, 0xdead0000 + r);
    k.cpu.setPc(k.cpu.reg(31));
    k.stepTrap();
    CHECK(k.cpu.pc() == kRa);
    CHECK(k.cpu.reg(2) == 1);
    CHECK(k.cpu.reg(16) == 0x1600);
    CHECK(k.cpu.reg(28) == 0x2800);
    CHECK(k.cpu.reg(29) == 0x801fff00);
    CHECK(k.cpu.reg(30) == 0x3000);
    // With no program running, the return trap is a system error, not a jump to garbage.
    k.cpu.setPc(0x80001a90);
    k.stepTrap();
    CHECK(k.bios.halted());
}

TEST_CASE("A(51h) LoadExec loads the upper-cased name with its own stack and locks up on return",
          "[bios][hle][cdfs]") {
    const auto exe = exeFile();
    Kernel k;
    k.str(kName, "cdrom:\\slus_012.34");
    hletest::Kernel& base = k;
    base.call(kA, 0x51, {kName, 0x801f0000, 0x100});
    CHECK(k.cpu.pc() == word(exe, 0x10));
    CHECK(k.cpu.reg(29) == 0x801f0100);
    CHECK(k.cpu.reg(4) == 1); // Exec(headerbuf, 1, 0)
    CHECK(k.cpu.reg(5) == 0);
    CHECK(k.bus.read(word(exe, 0x18), 4) == word(exe, 0x800));
    k.cpu.setPc(k.cpu.reg(31));
    k.stepTrap();
    CHECK(k.cpu.pc() == core::HleBios::kSystemErrorLoop);
    // A file that is not there: the same lock-up.
    Kernel k2;
    k2.str(kName, "cdrom:\\MISSING.EXE");
    hletest::Kernel& base2 = k2;
    base2.call(kA, 0x51, {kName, 0, 0});
    CHECK(k2.cpu.pc() == core::HleBios::kSystemErrorLoop);
}
