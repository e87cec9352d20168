// The console under a BIOS image (issue 20 item 6; kernelbios.md "BIOS Function Summary":
// functions are called by jumping to A0h/B0h with the number in t1, A(3Eh) puts, B(3Dh)
// putchar, A(3Fh) printf). A tiny BIOS image built here writes "jr ra / nop" at A0h and B0h
// (functions that only return, like a retail BIOS's dummy console) and calls puts, putchar and
// printf through them, the number set in the jump's delay slot as the SDKs do. With the
// capture on, the host receives the text (LF as CR LF, Host::consoleText); the machine state
// is the same, bit for bit, with the capture on or off.
#include <catch2/catch.hpp>
#include <cstring>
#include <string>
#include <vector>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/cpu/encoder.h"
#include "core/system.h"
#include "recording_host.h"

namespace {
using namespace core::mips;
using namespace core::mips::enc;

// Loads a 32-bit constant (lui + ori).
void li(std::vector<uint32_t>& code, uint32_t reg, uint32_t value) {
    code.push_back(lui(reg, value >> 16));
    code.push_back(ori(reg, reg, value & 0xffff));
}

// Calls vector A0h/B0h function `fn` with jalr, t1 set in the delay slot.
void call(std::vector<uint32_t>& code, uint32_t vector, uint32_t fn) {
    code.push_back(ori(kT2, kZero, vector));
    code.push_back(jalr(kRa, kT2));
    code.push_back(ori(kT1, kZero, fn));
}

std::vector<uint8_t> makeBios() {
    std::vector<uint8_t> rom(core::Bus::kBiosSize, 0);
    auto put = [&](uint32_t offset, const char* s) {
        std::memcpy(&rom[offset], s, std::strlen(s) + 1);
    };
    put(0x1000, "hello\n");
    put(0x1100, "n=%d %s%c\n");
    put(0x1200, "ok");
    std::vector<uint32_t> code;
    // The vectors: jr ra / nop at 800000A0h and 800000B0h.
    li(code, kT0, 0x80000000);
    li(code, kT3, jr(kRa));
    code.push_back(sw(kT3, 0xa0, kT0));
    code.push_back(sw(kZero, 0xa4, kT0));
    code.push_back(sw(kT3, 0xb0, kT0));
    code.push_back(sw(kZero, 0xb4, kT0));
    li(code, kSp, 0x801ff000);
    li(code, kA0, 0xbfc01000);
    call(code, 0xa0, 0x3e); // puts("hello\n")
    code.push_back(ori(kA0, kZero, '!'));
    call(code, 0xb0, 0x3d); // putchar('!')
    li(code, kA0, 0xbfc01100);
    code.push_back(ori(kA1, kZero, 42));
    li(code, kA2, 0xbfc01200);
    code.push_back(ori(kA3, kZero, '.'));
    call(code, 0xa0, 0x3f); // printf("n=%d %s%c\n", 42, "ok", '.')
    li(code, kA0, 0xbfc01000);
    call(code, 0xa0, 0x33); // malloc: no console function, prints nothing
    // Count forever.
    code.push_back(addiu(kS0, kS0, 1));
    code.push_back(beq(kZero, kZero, -2));
    code.push_back(kNop);
    std::memcpy(rom.data(), code.data(), code.size() * 4);
    return rom;
}

struct Run {
    std::string console;
    uint64_t hash = 0;
};

Run run(bool capture, int frames) {
    core::System system;
    testutil::RecordingHost host;
    system.setHost(&host);
    std::string error;
    const std::vector<uint8_t> bios = makeBios();
    REQUIRE(system.loadBios(bios, error));
    system.setTtyCapture(capture);
    for (int i = 0; i < frames; ++i)
        system.runFrame();
    return {host.console, system.stateHash()};
}
} // namespace

TEST_CASE("TTY capture: puts, putchar and printf through A0h/B0h reach the host", "[tty][bios]") {
    const Run on = run(true, 3);
    CHECK(on.console == "hello\r\n!n=42 ok.\r\n");
}

TEST_CASE("TTY capture: nothing is printed when off and the machine state is the same on or off",
          "[tty][bios]") {
    const Run off = run(false, 3);
    const Run on = run(true, 3);
    CHECK(off.console.empty());
    CHECK(on.hash == off.hash);
}

TEST_CASE("TTY capture: off under the HLE BIOS (its kernel prints itself)", "[tty][bios]") {
    core::System system;
    testutil::RecordingHost host;
    system.setHost(&host);
    system.useHleBios();
    system.setTtyCapture(true);
    // A(3Eh) puts through the HLE kernel's own vector: printed once.
    auto& cpu = system.cpu();
    uint8_t* ram = system.bus().ram();
    std::memcpy(ram + 0x100000, "once\n", 6);
    const uint32_t prog[] = {lui(kA0, 0x8010),      ori(kT2, kZero, 0xa0), jalr(kRa, kT2),
                             ori(kT1, kZero, 0x3e), beq(kZero, kZero, -1), kNop};
    std::memcpy(ram + 0x10000, prog, sizeof prog);
    cpu.setPc(0x80010000);
    system.runFrame();
    CHECK(host.console == "once\r\n");
}
