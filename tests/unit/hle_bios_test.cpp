// HLE BIOS (kernelbios.md): functions are called the way MIPS code reaches them (number in
// t1, arguments in a0..a3/stack, RA = return address) and MIPS-side steps (the exception
// vector, a callback returning) are replayed by handing the kernel the trap it would see.
#include <catch2/catch.hpp>

#include <string>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/cpu/gte.h"
#include "core/hle_bios.h"
#include "core/irq.h"
#include "core/scheduler.h"
#include "core/sio0.h"
#include "core/timers.h"
#include "hle_kernel_rig.h"

using core::HleBios;

namespace {
constexpr uint32_t kMem = 0x80100000; // scratch data area

using hletest::Kernel;
using hletest::kRa;
} // namespace

TEST_CASE("HLE kernel memory map matches the BIOS RAM map", "[bios]") {
    Kernel k;
    CHECK(k.rd(0x80000060) == 2);    // RAM size in MB
    CHECK(k.rd(0x80000068) == 0xff); // documented constant
    // Garbage area: copy of the exception vector, [0] = 3C1A0000h, halfword non-zero.
    CHECK(k.rd(0x80000000) == 0x3c1a0000);
    CHECK(k.rd(0x80000004) == 0x275a0c80);
    CHECK(k.rd(0x80000008) == 0x03400008);
    CHECK(k.rd(0x80000080) == 0x3c1a0000);
    // C(06h) points at the handler the vector jumps to.
    CHECK(k.call(0xb0, 0x56) == 0x80000674); // GetC0Table
    CHECK(k.rd(0x80000674 + 6 * 4) == 0x80000c80);
    CHECK(k.call(0xb0, 0x57) == 0x80000874); // GetB0Table
    CHECK(k.cpu.pc() == kRa);
    // Table of tables: EvCB handle -> [120h] + index*1Ch.
    CHECK(k.rd(0x80000124) == HleBios::kNumEvCB * 0x1c);
    CHECK(k.rd(0x80000114) == HleBios::kNumTCB * 0xc0);
    CHECK(k.bus.read(0x1f801060, 4) == 0xb88); // RAM_SIZE as the boot ROM leaves it
}

TEST_CASE("HLE string functions follow the documented behaviour and bugs", "[bios]") {
    Kernel k;
    k.str(kMem, "hello");
    k.str(kMem + 0x40, "help");
    CHECK(k.call(0xa0, 0x1b, {kMem}) == 5);                               // strlen
    CHECK(k.call(0xa0, 0x1b, {0}) == 0);                                  // strlen(NULL)
    CHECK(int32_t(k.call(0xa0, 0x17, {kMem, kMem + 0x40})) == 'l' - 'p'); // strcmp
    CHECK(int32_t(k.call(0xa0, 0x17, {0, kMem})) == -1);                  // NULL rules
    CHECK(k.call(0xa0, 0x17, {kMem, 0}) == 1);
    CHECK(k.call(0xa0, 0x18, {kMem, kMem + 0x40, 3}) == 0); // strncmp
    CHECK(k.call(0xa0, 0x1e, {kMem, 'l'}) == kMem + 2);     // strchr
    CHECK(k.call(0xa0, 0x1f, {kMem, 'l'}) == kMem + 3);     // strrchr
    CHECK(k.call(0xa0, 0x1c, {kMem, 0}) == kMem + 5);       // char 0 = end
    k.str(kMem + 0x80, "abcdefgh");
    CHECK(k.call(0xa0, 0x1a, {kMem + 0x80, kMem, 3}) == kMem + 0x80); // strncpy
    CHECK(k.cstr(kMem + 0x80) == "heldefgh");                         // no 00h added
    k.call(0xa0, 0x1a, {kMem + 0x80, kMem, 8});
    CHECK(k.bus.read(kMem + 0x87, 1) == 0);         // 00h padding
    k.call(0xa0, 0x15, {kMem + 0x80, kMem + 0x40}); // strcat
    CHECK(k.cstr(kMem + 0x80) == "hellohelp");
    // strstr does not fall back after a partial match: "aab" is not found in "aaab".
    k.str(kMem + 0xc0, "aaab");
    k.str(kMem + 0xd0, "aab");
    CHECK(k.call(0xa0, 0x24, {kMem + 0xc0, kMem + 0xd0}) == 0);
    k.str(kMem + 0xc0, "xaab");
    CHECK(k.call(0xa0, 0x24, {kMem + 0xc0, kMem + 0xd0}) == kMem + 0xc1);
    CHECK(k.call(0xa0, 0x25, {'q'}) == 'Q'); // toupper
    CHECK(k.call(0xa0, 0x26, {'Q'}) == 'q'); // tolower
}

TEST_CASE("HLE strtok splits as documented for one and two separators", "[bios]") {
    Kernel k;
    k.str(kMem, ",,TEXT,,,END");
    k.str(kMem + 0x40, ",");
    std::string got;
    for (uint32_t src = kMem;; src = 0) {
        uint32_t r = k.call(0xa0, 0x23, {src, kMem + 0x40});
        if (!r) break;
        got.push_back('[');
        got += k.cstr(r);
        got.push_back(']');
    }
    CHECK(got == "[][TEXT][END]");
    k.str(kMem + 0x40, ",.");
    got.clear();
    for (uint32_t src = kMem;; src = 0) {
        uint32_t r = k.call(0xa0, 0x23, {src, kMem + 0x40});
        if (!r) break;
        got.push_back('[');
        got += k.cstr(r);
        got.push_back(']');
    }
    CHECK(got == "[][][TEXT][][][END]");
}

TEST_CASE("HLE memory functions keep the documented bugs", "[bios]") {
    Kernel k;
    k.str(kMem, "abcXe");
    k.str(kMem + 0x10, "abcYf");
    // memcmp returns the difference of the bytes AFTER the first mismatch.
    CHECK(int32_t(k.call(0xa0, 0x2d, {kMem, kMem + 0x10, 5})) == 'e' - 'f');
    CHECK(k.call(0xa0, 0x2d, {0, kMem, 5}) == 0);
    // memset refuses dst=0 and returns 0 for len=0.
    CHECK(k.call(0xa0, 0x2b, {kMem + 0x20, 'z', 0}) == 0);
    CHECK(k.call(0xa0, 0x2b, {kMem + 0x20, 'z', 3}) == kMem + 0x20);
    CHECK(k.bus.read(kMem + 0x22, 1) == 'z');
    CHECK(k.bus.read(kMem + 0x23, 1) == 0);
    // memmove backwards (src<dst, dst>=src+len) moves len+1 bytes.
    k.str(kMem + 0x30, "12345");
    k.str(kMem + 0x40, "........");
    k.call(0xa0, 0x2c, {kMem + 0x40, kMem + 0x30, 3});
    CHECK(k.cstr(kMem + 0x40) == "1234....");
    // memcpy returns dst; bcopy swaps the first two parameters.
    CHECK(k.call(0xa0, 0x2a, {kMem + 0x50, kMem + 0x30, 6}) == kMem + 0x50);
    CHECK(k.cstr(kMem + 0x50) == "12345");
    CHECK(k.call(0xa0, 0x27, {kMem + 0x30, kMem + 0x60, 6}) == kMem + 0x30);
    CHECK(k.cstr(kMem + 0x60) == "12345");
    k.call(0xa0, 0x28, {kMem + 0x60, 2}); // bzero
    CHECK(k.bus.read(kMem + 0x61, 1) == 0);
    CHECK(k.bus.read(kMem + 0x62, 1) == '3');
}

TEST_CASE("HLE number conversion: strtol prefixes - atoi leading-zero octal", "[bios]") {
    Kernel k;
    k.str(kMem, "  -123xyz");
    CHECK(int32_t(k.call(0xa0, 0x0d, {kMem, kMem + 0x40, 10})) == -123);
    CHECK(k.rd(kMem + 0x40) == kMem + 6); // end pointer at the first non-digit
    k.str(kMem, "0x1F");
    CHECK(k.call(0xa0, 0x0d, {kMem, 0, 10}) == 31); // prefix overrides the base
    k.str(kMem, "o17");
    CHECK(k.call(0xa0, 0x0d, {kMem, 0, 10}) == 15);
    k.str(kMem, "010");
    CHECK(k.call(0xa0, 0x10, {kMem}) == 8);         // atoi: "0" is an octal prefix
    CHECK(k.call(0xa0, 0x0d, {kMem, 0, 10}) == 10); // strtol: it is not
    k.str(kMem, "+5");
    CHECK(k.call(0xa0, 0x0d, {kMem, 0, 10}) == 0);  // '+' is not recognised
    CHECK(k.call(0xa0, 0x0e, {uint32_t(-7)}) == 7); // abs
    CHECK(k.call(0xa0, 0x0a, {'z'}) == 35);         // todigit
    CHECK(k.call(0xa0, 0x0a, {'!'}) == 0x98967f);
}

TEST_CASE("HLE rand is x = x*41C64E6Dh + 3039h - returning bits 16-30", "[bios]") {
    Kernel k;
    k.call(0xa0, 0x30, {1});
    uint32_t x = 1u * 0x41c64e6d + 0x3039;
    CHECK(k.call(0xa0, 0x2f) == ((x >> 16) & 0x7fff));
    x = x * 0x41c64e6d + 0x3039;
    CHECK(k.call(0xa0, 0x2f) == ((x >> 16) & 0x7fff));
}

TEST_CASE("HLE printf formats the documented conversions on the TTY", "[bios]") {
    Kernel k;
    k.str(kMem, "%d|%5d|%-4d|%05d|%x|%X|%#x|%o|%c|%s|%.2s|%+d|%u|%%|%hd\n");
    k.str(kMem + 0x80, "text");
    // Arguments 4.. go to [sp+10h]...
    k.call(0xa0, 0x3f,
           {kMem, uint32_t(-42), 7, 3, 42, 255, 255, 255, 8, 'A', kMem + 0x80, kMem + 0x80, 5,
            4000000000u, 0x1234ffff});
    CHECK(k.tty == "-42|    7|3   |00042|ff|FF|0xff|10|A|text|te|+5|4000000000|%|-1\r\n");
    k.tty.clear();
    k.call(0xa0, 0x3e, {0}); // puts(NULL)
    CHECK(k.tty == "<NULL>");
    k.tty.clear();
    k.call(0xa0, 0x3c, {'\t'}); // TAB pads to the next multiple of 8 (column 6 -> 8)
    CHECK(k.tty == "  ");
}

TEST_CASE("HLE heap: InitHeap - malloc - free - calloc - realloc", "[bios]") {
    Kernel k;
    k.call(0xa0, 0x39, {kMem, 0x1000});
    uint32_t a = k.call(0xa0, 0x33, {10});
    uint32_t b = k.call(0xa0, 0x33, {4});
    CHECK(a == kMem + 4);
    CHECK(b == a + 12 + 4); // 10 rounds up to 12, plus b's header
    CHECK(a % 4 == 0);
    k.call(0xa0, 0x34, {a});
    CHECK((k.rd(a - 4) & 1) == 1); // free sets bit0 of [buf-4]
    CHECK(k.call(0xa0, 0x33, {8}) == a);
    CHECK(k.call(0xa0, 0x33, {0x2000}) == 0); // does not fit
    k.wr(b, 0x11223344);
    uint32_t c = k.call(0xa0, 0x38, {b, 8}); // realloc copies into the new block
    CHECK(c != 0);
    CHECK(k.rd(c) == 0x11223344);
    uint32_t z = k.call(0xa0, 0x37, {4, 4}); // calloc zero-fills
    CHECK(z != 0);
    CHECK(k.rd(z) == 0);
}

TEST_CASE("HLE setjmp/longjmp restore RA SP FP S0-S7 GP - param unclamped", "[bios]") {
    Kernel k;
    for (unsigned r = 16; r < 24; ++r)
        k.cpu.setReg(r, 0x100 + r);
    k.cpu.setReg(28, 0x80012345);
    CHECK(k.call(0xa0, 0x13, {kMem}) == 0);
    CHECK(k.rd(kMem) == kRa);
    for (unsigned r = 16; r < 24; ++r)
        k.cpu.setReg(r, 0);
    k.cpu.setReg(31, 0x80170000);
    k.cpu.setReg(4, kMem);
    k.cpu.setReg(5, 0);
    k.bios.callFunction(0xa0, 0x14);
    CHECK(k.cpu.pc() == kRa);
    CHECK(k.cpu.reg(2) == 0); // not clamped to 1
    CHECK(k.cpu.reg(20) == 0x114);
    CHECK(k.cpu.reg(28) == 0x80012345);
}

TEST_CASE("HLE events: open - enable - deliver - test - wait - undeliver - close", "[bios]") {
    Kernel k;
    uint32_t ev = k.call(0xb0, 0x08, {0xf2000003, 2, 0x2000, 0});
    CHECK(ev == 0xf1000000);
    uint32_t evcb = k.rd(0x80000120) + (ev & 0xffff) * 0x1c;
    CHECK(k.rd(evcb + 4) == 0x1000);      // opened disabled
    CHECK(k.call(0xb0, 0x0a, {ev}) == 0); // WaitEvent on a disabled event: 0
    CHECK(k.call(0xb0, 0x0c, {ev}) == 1); // EnableEvent
    CHECK(k.rd(evcb + 4) == 0x2000);
    CHECK(k.call(0xb0, 0x0b, {ev}) == 0); // busy
    k.cpu.setReg(31, kRa);
    k.cpu.setReg(4, ev);
    k.cpu.setReg(9, 0x0a);
    REQUIRE(k.bios.trap(0x800000b0, k.rd(0x800000b0))); // WaitEvent on busy: retries
    CHECK(k.cpu.pc() == 0x800000b0);
    k.call(0xb0, 0x07, {0xf2000003, 2}); // DeliverEvent
    CHECK(k.cpu.pc() == kRa);
    CHECK(k.rd(evcb + 4) == 0x4000);     // ready
    k.call(0xb0, 0x20, {0xf2000003, 2}); // UnDeliverEvent
    CHECK(k.rd(evcb + 4) == 0x2000);
    k.call(0xb0, 0x07, {0xf2000003, 1}); // other spec: no match
    CHECK(k.rd(evcb + 4) == 0x2000);
    k.call(0xb0, 0x07, {0xf2000003, 2});
    CHECK(k.call(0xb0, 0x0b, {ev}) == 1); // TestEvent consumes readiness
    CHECK(k.rd(evcb + 4) == 0x2000);
    CHECK(k.call(0xb0, 0x09, {ev}) == 1); // CloseEvent
    CHECK(k.rd(evcb + 4) == 0);
    for (uint32_t i = 0; i < HleBios::kNumEvCB; ++i)
        CHECK(k.call(0xb0, 0x08, {1, 1, 0x2000, 0}) == (0xf1000000 | i));
    CHECK(k.call(0xb0, 0x08, {1, 1, 0x2000, 0}) == 0xffffffff);
}

TEST_CASE("HLE DeliverEvent calls mode-1000h callbacks and returns to the caller", "[bios]") {
    Kernel k;
    constexpr uint32_t kFn = 0x80120000;
    uint32_t ev = k.call(0xb0, 0x08, {0xf0000010, 0x4000, 0x1000, kFn});
    k.call(0xb0, 0x0c, {ev});
    k.call(0xb0, 0x07, {0xf0000010, 0x4000});
    REQUIRE(k.cpu.pc() == kFn);
    CHECK(k.cpu.reg(31) != kRa); // RA is the kernel trampoline
    k.mipsReturn(0);
    CHECK(k.cpu.pc() == kRa);
    CHECK(k.rd(k.rd(0x80000120) + 4) == 0x2000); // stays busy
}

TEST_CASE("HLE interrupt: SysEnqIntRP chain - vblank event - registers restored", "[bios]") {
    Kernel k;
    constexpr uint32_t kElem = 0x80110000, kF1 = 0x80120000, kF2 = 0x80120100;
    k.wr(kElem + 4, kF2);
    k.wr(kElem + 8, kF1);
    k.call(0xc0, 0x02, {0, kElem}); // SysEnqIntRP(0, elem)
    uint32_t ev = k.call(0xb0, 0x08, {0xf2000003, 2, 0x2000, 0});
    k.call(0xb0, 0x0c, {ev});
    k.bus.write(0x1f801074, 1, 4); // I_MASK vblank
    k.irq.raise(core::IrqSource::VBlank);
    for (unsigned r = 1; r < 32; ++r)
        k.cpu.setReg(r, 0x1000 + r);
    k.takeException(0, 0x80012340, 0x401);
    REQUIRE(k.cpu.pc() == kF1); // first function of the priority 0 element
    k.mipsReturn(7);
    REQUIRE(k.cpu.pc() == kF2); // FIRST returned non-zero: SECOND gets its result
    CHECK(k.cpu.reg(4) == 7);
    k.mipsReturn(0);
    // The kernel's vblank handler delivered F2000003h/2; nothing acknowledged IRQ0
    // (ChangeClearRCnt(3) defaults to 0 here) and the default exit restores the interrupted
    // registers.
    k.finishRestore();
    CHECK(k.cpu.pc() == 0x80012340);
    CHECK(k.cpu.reg(8) == 0x1008);
    CHECK(k.cpu.reg(31) == 0x101f);
    CHECK(k.cpu.cop0(core::mips::cop0::kSr) == 0x401); // RFE undid the exception's push
    CHECK(k.call(0xb0, 0x0b, {ev}) == 1);
    // ChangeClearRCnt(3,1): acknowledge and return at once.
    CHECK(k.call(0xc0, 0x0a, {3, 1}) == 0);
    k.call(0xc0, 0x03, {0, kElem}); // SysDeqIntRP
    k.takeException(0, 0x80012340, 0x401);
    k.finishRestore();
    CHECK((k.irq.state().stat & 1) == 0);
    CHECK(k.call(0xb0, 0x0b, {ev}) == 1);
}

TEST_CASE("HLE interrupt on a GTE command returns behind it", "[bios]") {
    Kernel k;
    k.wr(0x80012340, 0x4a180001); // cop2 command
    k.takeException(0, 0x80012340, 0x401);
    k.finishRestore();
    CHECK(k.cpu.pc() == 0x80012344);
}

TEST_CASE("HLE SYSCALL 1/2: Enter/ExitCriticalSection on the saved SR", "[bios]") {
    Kernel k;
    k.cpu.setReg(4, 1);
    k.takeException(8, 0x80012000, 0x401);
    k.finishRestore();
    CHECK(k.cpu.pc() == 0x80012004);
    CHECK(k.cpu.reg(2) == 1);                                // both bits were set
    CHECK((k.cpu.cop0(core::mips::cop0::kSr) & 0x401) == 0); // IEc and IM2 cleared
    k.cpu.setReg(4, 1);
    k.takeException(8, 0x80012000, k.cpu.cop0(core::mips::cop0::kSr));
    k.finishRestore();
    CHECK(k.cpu.reg(2) == 0);
    k.cpu.setReg(4, 2);
    k.takeException(8, 0x80012000, k.cpu.cop0(core::mips::cop0::kSr));
    k.finishRestore();
    CHECK((k.cpu.cop0(core::mips::cop0::kSr) & 0x401) == 0x401);
}

TEST_CASE("HLE pads: InitPAD2/StartPAD2 buffers refreshed at vblank", "[bios]") {
    Kernel k;
    k.wr(kMem, 0xffffffff);
    k.call(0xb0, 0x12, {kMem, 0x22, kMem + 0x40, 0x22});
    CHECK(k.rd(kMem) == 0); // zero-filled
    k.call(0xb0, 0x13);
    CHECK((k.irq.state().mask & 1) == 1);
    core::PadState pad;
    pad.buttons = core::PadState::Cross | core::PadState::Start;
    k.sio0.setPad(0, pad);
    core::PadState none;
    none.connected = false;
    k.sio0.setPad(1, none);
    k.irq.raise(core::IrqSource::VBlank);
    k.takeException(0, 0x80012340, 0x401);
    k.finishRestore();
    CHECK(k.bus.read(kMem + 0, 1) == 0x00);
    CHECK(k.bus.read(kMem + 1, 1) == 0x41);
    CHECK(k.bus.read(kMem + 2, 1) == 0xf7);    // Start (bit3) pressed = 0
    CHECK(k.bus.read(kMem + 3, 1) == 0xbf);    // Cross (bit14) pressed = 0
    CHECK(k.bus.read(kMem + 0x40, 1) == 0xff); // no pad: status FFh
    CHECK((k.irq.state().stat & 1) == 0);      // ChangeClearPAD default: acknowledged
}

TEST_CASE("HLE root counter functions program the timer and I_MASK", "[bios]") {
    Kernel k;
    CHECK(k.call(0xb0, 0x02, {3, 100, 0}) == 0); // init_timer(t>2): 0
    CHECK(k.call(0xb0, 0x04, {1}) == 1);         // enable_timer_irq(1)
    CHECK((k.irq.state().mask & 0x20) == 0x20);
    CHECK(k.call(0xb0, 0x04, {3}) == 0); // vblank: returns 0, sets bit0
    CHECK((k.irq.state().mask & 1) == 1);
    CHECK(k.call(0xb0, 0x05, {1}) == 1);
    CHECK((k.irq.state().mask & 0x20) == 0);
    CHECK(k.call(0xc0, 0x0a, {0, 0}) == 1); // ChangeClearRCnt returns the old flag
    CHECK(k.call(0xc0, 0x0a, {0, 1}) == 0);
}

TEST_CASE("HLE threads: OpenTh/ChangeTh switch TCBs through SYS(03h)", "[bios]") {
    Kernel k;
    uint32_t h = k.call(0xb0, 0x0e, {0x80013000, 0x80180000, 0x80019000});
    CHECK(h == 0xff000001);
    k.cpu.setReg(4, h);
    k.cpu.setReg(31, kRa);
    k.bios.callFunction(0xb0, 0x10);
    CHECK(k.cpu.pc() == 0x80000cd0); // the syscall stub
    k.takeException(8, 0x80000cd0, 0x401);
    k.finishRestore();
    CHECK(k.cpu.pc() == 0x80013000);
    CHECK(k.cpu.reg(29) == 0x80180000);
    CHECK(k.cpu.reg(28) == 0x80019000);
    CHECK(k.rd(0x8000e030 + 8 + 4 * 2) == 1); // old thread's v0 = 1
    CHECK(k.rd(0x8000e030 + 0x88) == 0x80000cd4);
}

TEST_CASE("HLE unknown functions warn once and return 0 - exit ends the run", "[bios]") {
    Kernel k;
    k.cpu.setReg(2, 99);
    CHECK(k.call(0xa0, 0x5b) == 0);
    CHECK(k.cpu.pc() == kRa);
    std::string first = k.tty;
    CHECK(first.find("A(5Bh)") != std::string::npos);
    k.call(0xa0, 0x5b);
    CHECK(k.tty == first);
    k.call(0xa0, 0x06, {5});
    CHECK(k.bus.exitRequested());
    CHECK(k.bus.exitCode() == 5);
}

TEST_CASE("HLE unresolved exceptions halt at the SystemError loop", "[bios]") {
    Kernel k;
    k.takeException(9, 0x80012000, 0x401); // BREAK
    CHECK(k.cpu.pc() == HleBios::kSystemErrorLoop);
    CHECK(k.bios.halted());
    CHECK(k.tty.find("SystemError") != std::string::npos);
}

TEST_CASE("HLE kernel state round-trips through StateIO", "[bios]") {
    Kernel k;
    k.call(0xa0, 0x30, {1234});
    k.call(0xc0, 0x0a, {2, 0});
    savestate::StateIO w = savestate::StateIO::writer();
    k.bios.serialize(w);
    Kernel k2;
    savestate::StateIO r = savestate::StateIO::reader(w.buffer());
    k2.bios.serialize(r);
    REQUIRE(r.ok());
    CHECK(k2.bios.state().randSeed == 1234);
    CHECK(k2.bios.state().rcntClear[2] == 0);
}
