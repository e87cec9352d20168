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

namespace {
// A BIOS image whose program calls A(3Ch) putchar through A0h in a tight loop while timer 2
// interrupts every 1000 cycles (timers.md: mode 0058h = reset at target, IRQ at target,
// repeat; interrupts.md I_MASK bit 6) and an 80h handler acknowledges them and returns to
// EPC (cpuspecifications.md: an interrupt in a delay slot returns to the branch, which runs
// again). Many interrupts land between a jump to A0h and its delay slot.
std::vector<uint8_t> makeIrqBios() {
    std::vector<uint8_t> rom(core::Bus::kBiosSize, 0);
    std::vector<uint32_t> code;
    li(code, kT0, 0x80000000);
    li(code, kT3, jr(kRa));
    code.push_back(sw(kT3, 0xa0, kT0));
    code.push_back(sw(kZero, 0xa4, kT0));
    // 80h: jump to the handler at BFC00400h.
    li(code, kT3, lui(kK0, 0xbfc0));
    code.push_back(sw(kT3, 0x80, kT0));
    li(code, kT3, ori(kK0, kK0, 0x400));
    code.push_back(sw(kT3, 0x84, kT0));
    li(code, kT3, jr(kK0));
    code.push_back(sw(kT3, 0x88, kT0));
    code.push_back(sw(kZero, 0x8c, kT0));
    // Timer 2: target 64, IRQ at target, repeat; I_MASK = timer 2; SR: IEc + IM2.
    li(code, kT0, 0x1f801000);
    code.push_back(ori(kT3, kZero, 1000));
    code.push_back(sw(kT3, 0x128, kT0));
    code.push_back(ori(kT3, kZero, 0x58));
    code.push_back(sw(kT3, 0x124, kT0));
    code.push_back(ori(kT3, kZero, 0x40));
    code.push_back(sw(kT3, 0x74, kT0));
    code.push_back(ori(kT3, kZero, 0x401));
    code.push_back(mtc0(kT3, 12));
    // Loop: putchar('x') through A0h, count calls in s0.
    code.push_back(ori(kA0, kZero, 'x'));
    code.push_back(ori(kT2, kZero, 0xa0));
    code.push_back(jalr(kRa, kT2));
    code.push_back(ori(kT1, kZero, 0x3c));
    code.push_back(addiu(kS0, kS0, 1));
    code.push_back(beq(kZero, kZero, -6));
    code.push_back(kNop);
    std::memcpy(rom.data(), code.data(), code.size() * 4);
    // The handler: acknowledge every IRQ, return to EPC.
    const uint32_t handler[] = {
        lui(kK0, 0x1f80), sw(kZero, 0x1070, kK0), mfc0(kK0, 14), kNop, jr(kK0), rfe()};
    std::memcpy(rom.data() + 0x400, handler, sizeof handler);
    return rom;
}

struct IrqRun {
    std::string console;
    uint64_t hash = 0;
    uint32_t calls = 0;
};

IrqRun runIrq(bool capture) {
    core::System system;
    testutil::RecordingHost host;
    system.setHost(&host);
    std::string error;
    REQUIRE(system.loadBios(makeIrqBios(), error));
    system.setTtyCapture(capture);
    for (int i = 0; i < 4; ++i)
        system.runFrame();
    return {host.console, system.stateHash(), system.cpu().reg(kS0)};
}
} // namespace

TEST_CASE("TTY capture: interrupts around the jumps to A0h change nothing and lose no call",
          "[tty][bios]") {
    const IrqRun off = runIrq(false);
    const IrqRun on = runIrq(true);
    CHECK(on.hash == off.hash);
    REQUIRE(on.calls > 1000);
    // One character per call that reached A0h: s0 counts the calls that returned, one more
    // may be under way when the frame ends.
    CHECK(on.console.size() >= on.calls);
    CHECK(on.console.size() <= on.calls + 1);
    CHECK(on.console.find_first_not_of('x') == std::string::npos);
}

TEST_CASE("TTY capture: the same one instruction at a time (Cpu::step, as loaders use it)",
          "[tty][bios]") {
    auto stepRun = [](bool capture) {
        core::System system;
        testutil::RecordingHost host;
        system.setHost(&host);
        std::string error;
        REQUIRE(system.loadBios(makeIrqBios(), error));
        system.setTtyCapture(capture);
        for (int i = 0; i < 300000; ++i) {
            system.cpu().step();
            system.scheduler().runDue();
        }
        return IrqRun{host.console, system.stateHash(), system.cpu().reg(kS0)};
    };
    const IrqRun off = stepRun(false);
    const IrqRun on = stepRun(true);
    CHECK(on.hash == off.hash);
    REQUIRE(on.calls > 100);
    CHECK(on.console.size() >= on.calls);
    CHECK(on.console.size() <= on.calls + 1);
}
