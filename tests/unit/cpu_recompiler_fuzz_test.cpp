// The recompiler against the interpreter on random instruction streams (issue 16 item 3): two
// bare machines run the same random program, one per engine, in short slices ended by a
// scheduler event at a random cycle (so blocks are cut by the deadline at every position), and
// after every slice their whole CPU state (registers, load delay, HI/LO, COP0, ready cycles,
// i-cache), the cycle counter, RAM and scratchpad must be identical. The truth is the
// interpreter (core/cpu/cpu.cpp), itself checked against cpuspecifications.md by cpu_test.cpp
// and the tests/roms programs; the streams cover ALU ops, overflow traps, MULT/DIV timing,
// loads and stores (aligned, misaligned, LWL/LWR/SWL/SWR, RAM, KSEG1, scratchpad, I/O),
// stores into the code (the i-cache keeps serving the old words), branches and jumps with
// branches in their delay slots, SYSCALL/BREAK, reserved opcodes, COP0 reads and COP2.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/cpu/recompiler.h"
#include "core/irq.h"
#include "core/scheduler.h"

using core::Cpu;
namespace mips = core::mips;

namespace {
constexpr uint32_t kCode = 0x80001000;
constexpr uint32_t kHandler = 0x80000080;
constexpr uint32_t kBcc = 0x0001e988; // i-cache on, 4-word refill (the BIOS setting)

constexpr uint32_t R(uint32_t funct, uint32_t rs, uint32_t rt, uint32_t rd, uint32_t sa = 0) {
    return rs << 21 | rt << 16 | rd << 11 | sa << 6 | funct;
}
constexpr uint32_t I(uint32_t op, uint32_t rs, uint32_t rt, uint32_t imm) {
    return op << 26 | rs << 21 | rt << 16 | (imm & 0xffff);
}

struct Machine {
    core::Scheduler sched;
    core::Bus bus;
    core::Irq irq;
    core::Gte gte;
    Cpu cpu{bus, sched, irq, gte};
    core::Scheduler::Handle tick;
    static void onTick(void*, core::Cycles, uint32_t) {}
    explicit Machine(bool recompiler) {
        bus.map(irq.describe());
        tick = sched.add("test.tick", &Machine::onTick, this);
        bus.write(0xfffe0130, kBcc, 4);
        // Kernel mode, BEV=0 (vector at 80000080h), COP2 usable, interrupts off.
        cpu.setCop0(mips::cop0::kSr, mips::sr::kCU2);
        if (recompiler) REQUIRE(cpu.setEngine(Cpu::Engine::kRecompiler));
    }
    void poke(uint32_t addr, uint32_t w) { std::memcpy(bus.ram() + (addr & 0x1fffff), &w, 4); }
    // Runs until `cycles` from now (the deadline cuts wherever it falls).
    void slice(core::Cycles cycles) {
        sched.scheduleIn(tick, cycles);
        cpu.run();
        sched.runDue();
    }
};

// Returns EPC+4 (+4 more when Cause.BD): the instruction after the one that trapped.
std::vector<uint32_t> handler() {
    return {
        0x401a7000,             // mfc0 k0, EPC
        0x401b6800,             // mfc0 k1, Cause
        0,                      // nop
        R(0x02, 0, 27, 27, 31), // srl k1, k1, 31
        R(0x00, 0, 27, 27, 2),  // sll k1, k1, 2
        R(0x21, 26, 27, 26),    // addu k0, k0, k1
        I(0x09, 26, 26, 4),     // addiu k0, k0, 4
        R(0x08, 26, 0, 0),      // jr k0
        0x42000010,             // rfe
    };
}

struct Generator {
    std::mt19937 rng;
    unsigned length;
    explicit Generator(uint32_t seed) : rng(seed), length(48 + seed % 80) {}
    uint32_t pick(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng); }
    uint32_t dest() { return pick(21); } // r0..r20: bases r21..r25 and k0/k1 stay put
    uint32_t src() { return pick(32); }
    // A base register and an offset: mostly in RAM/scratchpad, some I/O, KSEG1, code, random.
    std::pair<uint32_t, uint32_t> address(unsigned size) {
        uint32_t base = 21 + pick(5), off;
        switch (pick(8)) {
        case 0: off = pick(8); break;                     // any alignment
        case 1: base = src(), off = pick(0x10000); break; // anything (faults, bus errors)
        default: off = (pick(32) * 4 + (pick(8) == 0 ? pick(4) : 0)) & ~(size - 1) & 0xffff;
        }
        if (base == 23) off &= 7; // I_STAT/I_MASK
        if (base == 25) off = pick(length) * 4;
        return {base, off};
    }
    uint32_t branchOffset(unsigned at) {
        int target = int(pick(length));
        return uint32_t(target - int(at) - 1) & 0xffff;
    }
    uint32_t instruction(unsigned at) {
        static constexpr uint32_t kAlu[] = {0x00, 0x02, 0x03, 0x04, 0x06, 0x07, 0x10, 0x11,
                                            0x12, 0x13, 0x18, 0x19, 0x1a, 0x1b, 0x20, 0x21,
                                            0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2a, 0x2b};
        static constexpr uint32_t kImm[] = {0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
        static constexpr uint32_t kLoads[] = {0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26};
        static constexpr uint32_t kStores[] = {0x28, 0x29, 0x2a, 0x2b, 0x2e};
        static constexpr uint32_t kGteCommands[] = {0x0180001, 0x0280030, 0x0400012, 0x0a00428,
                                                    0x0000006, 0x0100008, 0x0780010};
        const uint32_t kind = pick(100);
        if (kind < 30) return R(kAlu[pick(24)], src(), src(), dest(), pick(32));
        if (kind < 45) {
            uint32_t imm = pick(8) == 0 ? 0x7fff + pick(3) : pick(0x10000);
            return I(kImm[pick(8)], src(), dest(), imm);
        }
        if (kind < 60) {
            const uint32_t op = kLoads[pick(7)];
            auto [base, off] = address(op == 0x21 || op == 0x25 ? 2 : op == 0x23 ? 4 : 1);
            return I(op, base, dest(), off);
        }
        if (kind < 72) {
            const uint32_t op = kStores[pick(5)];
            auto [base, off] = address(op == 0x29 ? 2 : op == 0x2b ? 4 : 1);
            return I(op, base, src(), off);
        }
        if (kind < 84) {
            switch (pick(7)) {
            case 0: return I(0x04, src(), src(), branchOffset(at));    // beq
            case 1: return I(0x05, src(), src(), branchOffset(at));    // bne
            case 2: return I(0x06, src(), 0, branchOffset(at));        // blez
            case 3: return I(0x07, src(), 0, branchOffset(at));        // bgtz
            case 4: return I(0x01, src(), pick(32), branchOffset(at)); // bltz/bgez(al)
            case 5:
                return (pick(2) ? 0x0c000000u : 0x08000000u) | // j / jal
                       (((kCode + 4 * pick(length)) >> 2) & 0x03ffffff);
            default: return pick(2) ? R(0x08, 25, 0, 0) : R(0x09, 25, 0, dest()); // jr/jalr
            }
        }
        if (kind < 94) {
            switch (pick(7)) {
            case 0: return 0x48800000 | src() << 16 | pick(32) << 11;  // mtc2
            case 1: return 0x48c00000 | src() << 16 | pick(32) << 11;  // ctc2
            case 2: return 0x48000000 | dest() << 16 | pick(32) << 11; // mfc2
            case 3: return 0x48400000 | dest() << 16 | pick(32) << 11; // cfc2
            case 4: return 0x4a000000 | kGteCommands[pick(7)];         // GTE command
            case 5: {
                auto [base, off] = address(4);
                return I(pick(2) ? 0x32 : 0x3a, base, pick(32), off); // lwc2 / swc2
            }
            default: return 0x40000000 | dest() << 16 | (12 + pick(3)) << 11; // mfc0 SR/Cause/EPC
            }
        }
        switch (pick(4)) {
        case 0: return 0x0000000c;                   // syscall
        case 1: return 0x0000000d;                   // break
        case 2: return 0xfc000000 | pick(0x4000000); // reserved opcode 3Fh
        default: return R(0x21, 0, 0, 0);            // nop-like addu r0
        }
    }
};

void load(Machine& m, const std::vector<uint32_t>& program, const uint32_t (&regs)[32]) {
    const std::vector<uint32_t> h = handler();
    for (size_t i = 0; i < h.size(); ++i)
        m.poke(kHandler + 4 * uint32_t(i), h[i]);
    for (size_t i = 0; i < program.size(); ++i)
        m.poke(kCode + 4 * uint32_t(i), program[i]);
    for (unsigned r = 1; r < 32; ++r)
        m.cpu.setReg(r, regs[r]);
    m.cpu.setPc(kCode);
}

bool same(Machine& a, Machine& b, std::string& what) {
    if (a.sched.now() != b.sched.now()) {
        what = "cycle counter";
        return false;
    }
    const Cpu::State& sa = a.cpu.state();
    const Cpu::State& sb = b.cpu.state();
    if (std::memcmp(&sa, &sb, sizeof sa) != 0) {
        for (unsigned r = 0; r < 32; ++r)
            if (sa.regs[r] != sb.regs[r]) {
                char name[8];
                std::snprintf(name, sizeof name, "r%u", r);
                what = name;
            }
        if (what.empty()) what = "CPU state";
        return false;
    }
    if (std::memcmp(a.bus.ram(), b.bus.ram(), 0x200000) != 0) {
        what = "RAM";
        return false;
    }
    if (std::memcmp(a.bus.scratchpad(), b.bus.scratchpad(), core::Bus::kScratchSize) != 0) {
        what = "scratchpad";
        return false;
    }
    if (a.cpu.instructionCount() != b.cpu.instructionCount()) {
        what = "instruction count";
        return false;
    }
    return true;
}
} // namespace

TEST_CASE("Recompiler availability matches the build", "[cpu][recompiler]") {
    core::Scheduler sched;
    core::Bus bus;
    core::Irq irq;
    core::Gte gte;
    Cpu cpu{bus, sched, irq, gte};
    CHECK(Cpu::recompilerAvailable() == bool(SKIPJACK_HAVE_XBYAK));
    CHECK(cpu.setEngine(Cpu::Engine::kRecompiler) == bool(SKIPJACK_HAVE_XBYAK));
    CHECK(cpu.setEngine(Cpu::Engine::kInterpreter));
    CHECK(cpu.engine() == Cpu::Engine::kInterpreter);
}

#if SKIPJACK_HAVE_XBYAK
TEST_CASE("Recompiler fuzz: random instruction streams match the interpreter slice by slice",
          "[cpu][recompiler]") {
    uint64_t compiledBlocks = 0, blockRuns = 0;
    for (uint32_t seed = 1; seed <= 300; ++seed) {
        Generator gen(seed);
        std::vector<uint32_t> program;
        for (unsigned i = 0; i < gen.length; ++i)
            program.push_back(gen.instruction(i));
        program.push_back(0x08000000 | ((kCode >> 2) & 0x03ffffff)); // j kCode
        program.push_back(0);
        uint32_t regs[32] = {};
        for (auto& r : regs)
            r = gen.pick(4) == 0 ? gen.pick(0x100) : uint32_t(gen.rng());
        regs[21] = 0x80100000; // RAM
        regs[22] = 0x1f800000; // scratchpad
        regs[23] = 0x1f801070; // I_STAT / I_MASK
        regs[24] = 0xa0100100; // RAM through KSEG1
        regs[25] = kCode;      // the program itself (stores: self-modifying code; JR target)
        Machine a(false), b(true);
        load(a, program, regs);
        load(b, program, regs);
        std::mt19937 slices(seed * 7919u);
        for (int round = 0; round < 400; ++round) {
            const core::Cycles len = 1 + slices() % (round % 4 == 0 ? 200 : 24);
            a.slice(len);
            b.slice(len);
            std::string what;
            if (!same(a, b, what)) {
                INFO("seed " << seed << " round " << round << ": " << what << " differs, pc "
                             << std::hex << a.cpu.pc() << " vs " << b.cpu.pc());
                REQUIRE(false);
            }
        }
        compiledBlocks += b.cpu.recompiler()->stats().compiled;
        blockRuns += b.cpu.recompiler()->stats().blockRuns;
    }
    // The comparison means something only if compiled code ran, and plenty of it.
    CHECK(compiledBlocks > 1000);
    CHECK(blockRuns > 100000);
}
#endif
