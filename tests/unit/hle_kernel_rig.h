#pragma once
// The HLE kernel alone for BIOS function tests (kernelbios.md): a CPU, the bus with the IRQ
// controller, SIO0 and timers mapped, the kernel installed. Functions are called the way MIPS
// code reaches them (number in t1, arguments in a0..a3/stack, RA = return address), and
// MIPS-side steps (the exception vector, a callback returning) are replayed by handing the
// kernel the trap it would see.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/cpu/gte.h"
#include "core/hle_bios.h"
#include "core/irq.h"
#include "core/scheduler.h"
#include "core/sio0.h"
#include "core/timers.h"
#include "recording_host.h"

namespace hletest {

using core::HleBios;
constexpr uint32_t kRa = 0x80150000; // where test "callers" expect to come back

struct Kernel {
    core::Scheduler s;
    core::Bus bus;
    core::Irq irq;
    core::Gte gte;
    core::Cpu cpu{bus, s, irq, gte};
    core::Sio0 sio0{s, irq};
    core::Timers timers{s, irq};
    HleBios bios{cpu, bus, irq, sio0, s};
    testutil::RecordingHost host;
    std::string& tty = host.console;

    Kernel() {
        bus.map(irq.describe());
        bus.map(sio0.describe());
        bus.map(timers.describe());
        bus.reset();
        cpu.reset();
        bios.install();
        bios.setHost(&host);
        cpu.setReg(29, 0x801fff00);
    }
    uint32_t rd(uint32_t a) { return bus.read(a, 4); }
    void wr(uint32_t a, uint32_t v) { bus.write(a, v, 4); }
    void str(uint32_t a, const std::string& s) {
        for (size_t i = 0; i <= s.size(); ++i)
            bus.write(a + static_cast<uint32_t>(i), i < s.size() ? uint8_t(s[i]) : 0, 1);
    }
    std::string cstr(uint32_t a) {
        std::string r;
        for (uint8_t c; (c = static_cast<uint8_t>(bus.read(a++, 1))) != 0;)
            r += static_cast<char>(c);
        return r;
    }
    // Calls table/number with up to 6 arguments (5th and 6th on the stack).
    uint32_t call(uint32_t table, uint32_t n, std::initializer_list<uint32_t> args = {}) {
        unsigned i = 0;
        for (uint32_t a : args) {
            if (i < 4)
                cpu.setReg(4 + i, a);
            else
                wr(cpu.reg(29) + 4 * i, a);
            ++i;
        }
        cpu.setReg(31, kRa);
        bios.callFunction(table, n);
        return cpu.reg(2);
    }
    // Lets the kernel see the trap instruction at the current PC (the CPU would run it).
    void stepTrap() {
        uint32_t pc = cpu.pc();
        REQUIRE(bios.trap(pc, rd(pc)));
    }
    // A MIPS callback "returns" v0 to the kernel's trampoline.
    void mipsReturn(uint32_t v0) {
        cpu.setReg(2, v0);
        cpu.setPc(cpu.reg(31));
        stepTrap();
    }
    // The CPU takes an exception: COP0 as the hardware leaves it, then the vector's jump.
    void takeException(uint32_t excode, uint32_t epc, uint32_t srBefore) {
        cpu.setCop0(core::mips::cop0::kEpc, epc);
        cpu.setCop0(core::mips::cop0::kCause, excode << 2);
        cpu.setCop0(core::mips::cop0::kSr, (srBefore & ~0x3fu) | ((srBefore << 2) & 0x3f));
        cpu.setPc(0x80000c80); // where the 4-opcode vector at 80000080h jumps
        stepTrap();            // register save
        cpu.setPc(0x80000c94); // after the HI/LO stores
        stepTrap();            // dispatch
    }
    // Runs the restore stub's final trap (the HI/LO loads are plain MIPS).
    void finishRestore() {
        REQUIRE(cpu.pc() == 0x80000ca0);
        cpu.setPc(0x80000cb8);
        stepTrap();
    }
};

} // namespace hletest
