// R3000A interpreter checks against cpuspecifications.md / memorymap.md rules. Each test builds
// a bare machine (Bus, Scheduler, Irq, Gte, Cpu) and pokes instructions into RAM.
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/cpu/disassembler.h"
#include "core/irq.h"
#include "core/scheduler.h"

using core::Cpu;
namespace mips = core::mips;

namespace {
// Encoders (cpuspecifications.md "Opcode/Parameter Encoding").
constexpr uint32_t R(uint32_t funct, uint32_t rs, uint32_t rt, uint32_t rd, uint32_t sa = 0) {
    return rs << 21 | rt << 16 | rd << 11 | sa << 6 | funct;
}
constexpr uint32_t I(uint32_t op, uint32_t rs, uint32_t rt, uint32_t imm) {
    return op << 26 | rs << 21 | rt << 16 | (imm & 0xffff);
}
constexpr uint32_t J(uint32_t op, uint32_t target) {
    return op << 26 | ((target >> 2) & 0x03ffffff);
}
constexpr uint32_t NOP = 0;
constexpr uint32_t ADDIU(uint32_t rt, uint32_t rs, uint32_t imm) {
    return I(0x09, rs, rt, imm);
}
constexpr uint32_t LUI(uint32_t rt, uint32_t imm) {
    return I(0x0f, 0, rt, imm);
}
constexpr uint32_t ORI(uint32_t rt, uint32_t rs, uint32_t imm) {
    return I(0x0d, rs, rt, imm);
}
constexpr uint32_t OR(uint32_t rd, uint32_t rs, uint32_t rt) {
    return R(0x25, rs, rt, rd);
}
constexpr uint32_t LW(uint32_t rt, uint32_t rs, uint32_t imm) {
    return I(0x23, rs, rt, imm);
}
constexpr uint32_t SW(uint32_t rt, uint32_t rs, uint32_t imm) {
    return I(0x2b, rs, rt, imm);
}
constexpr uint32_t MTC0(uint32_t rt, uint32_t rd) {
    return 0x40800000 | rt << 16 | rd << 11;
}
constexpr uint32_t MFC0(uint32_t rt, uint32_t rd) {
    return 0x40000000 | rt << 16 | rd << 11;
}
constexpr uint32_t RFE = 0x42000010;

struct Machine {
    core::Scheduler sched;
    core::Bus bus;
    core::Irq irq;
    core::Gte gte;
    Cpu cpu{bus, sched, irq, gte};
    uint32_t at = 0x1000;
    Machine() {
        bus.map(irq.describe());
        cpu.setCop0(mips::cop0::kSr, 0); // BEV=0: general vector at 80000080h
        cpu.setPc(0x80001000);
    }
    void emit(std::initializer_list<uint32_t> words) {
        for (uint32_t w : words) {
            std::memcpy(bus.ram() + at, &w, 4);
            at += 4;
        }
    }
    void poke(uint32_t addr, uint32_t w) { std::memcpy(bus.ram() + (addr & 0x1fffff), &w, 4); }
    uint32_t peek(uint32_t addr) {
        uint32_t w;
        std::memcpy(&w, bus.ram() + (addr & 0x1fffff), 4);
        return w;
    }
    void steps(int n) {
        for (int i = 0; i < n; ++i)
            cpu.step();
    }
    uint32_t excCode() const { return (cpu.cop0(mips::cop0::kCause) >> 2) & 0x1f; }
};
} // namespace

TEST_CASE("Load delay: the next instruction sees the old value - the one after the new", "[cpu]") {
    Machine m;
    m.poke(0x2000, 0x12345678);
    m.cpu.setReg(1, 7);
    m.emit({LUI(8, 0x8000), LW(1, 8, 0x2000), OR(2, 1, 0), OR(3, 1, 0)});
    m.steps(4);
    CHECK(m.cpu.reg(2) == 7);
    CHECK(m.cpu.reg(3) == 0x12345678);
}

TEST_CASE("Load delay: a write by the delay-slot instruction wins over the load", "[cpu]") {
    Machine m;
    m.poke(0x2000, 0x12345678);
    m.emit({LUI(8, 0x8000), LW(1, 8, 0x2000), ADDIU(1, 0, 5), OR(3, 1, 0)});
    m.steps(4);
    CHECK(m.cpu.reg(1) == 5);
    CHECK(m.cpu.reg(3) == 5);
}

TEST_CASE("Load delay: two loads to one register back to back drop the first", "[cpu]") {
    Machine m;
    m.poke(0x2000, 0x11111111);
    m.poke(0x2004, 0x22222222);
    m.cpu.setReg(1, 9);
    m.emit({LUI(8, 0x8000), LW(1, 8, 0x2000), LW(1, 8, 0x2004), OR(2, 1, 0), OR(3, 1, 0)});
    m.steps(5);
    CHECK(m.cpu.reg(2) == 9);
    CHECK(m.cpu.reg(3) == 0x22222222);
}

TEST_CASE("Load delay: MTC0 right after a load reads the old register value", "[cpu]") {
    Machine m;
    m.poke(0x2000, 0x0000ff00);
    m.cpu.setReg(1, 0x00000300);
    m.emit({LUI(8, 0x8000), LW(1, 8, 0x2000), MTC0(1, mips::cop0::kBpc), MFC0(4, mips::cop0::kBpc),
            OR(5, 4, 0), OR(6, 4, 0)});
    m.steps(6);
    CHECK(m.cpu.cop0(mips::cop0::kBpc) == 0x300);
    CHECK(m.cpu.reg(5) == 0);     // MFC0 has a load delay too
    CHECK(m.cpu.reg(6) == 0x300); // ... of one instruction
}

TEST_CASE("LWL/LWR pair needs no delay between them and merges unaligned data", "[cpu]") {
    Machine m;
    m.poke(0x2000, 0x44332211);
    m.poke(0x2004, 0x88776655);
    m.cpu.setReg(2, 0xdeadbeef);
    // lwl r2,4(r8); lwr r2,1(r8) loads the word at 80002001h.
    m.emit(
        {LUI(8, 0x8000), ORI(8, 8, 0x2000), I(0x22, 8, 2, 4), I(0x26, 8, 2, 1), NOP, OR(3, 2, 0)});
    m.steps(6);
    CHECK(m.cpu.reg(3) == 0x55443322);
}

TEST_CASE("LWL/LWR/SWL/SWR byte lanes per 'Unaligned Load/Store (Details)'", "[cpu]") {
    for (uint32_t k = 0; k < 4; ++k) {
        Machine m;
        m.poke(0x2000, 0x44332211);
        m.cpu.setReg(2, 0xaabbccdd);
        m.cpu.setReg(3, 0xaabbccdd);
        m.emit({LUI(8, 0x8000), ORI(8, 8, 0x2000 + k), I(0x22, 8, 2, 0), I(0x26, 8, 3, 0), NOP});
        m.steps(5);
        uint32_t sh = k * 8;
        uint32_t lwl = (0xaabbccdd & (0x00ffffffu >> sh)) | (0x44332211u << (24 - sh));
        uint32_t lwr = (0xaabbccdd & ~(0xffffffffu >> sh)) | (0x44332211u >> sh);
        CHECK(m.cpu.reg(2) == lwl);
        CHECK(m.cpu.reg(3) == lwr);
        if (k == 0) CHECK(lwl == 0x11bbccdd);
        if (k == 3) CHECK(lwr == 0xaabbcc44);

        Machine w;
        w.poke(0x2000, 0x44332211);
        w.poke(0x2004, 0x44332211);
        w.cpu.setReg(2, 0xaabbccdd);
        w.emit({LUI(8, 0x8000), ORI(8, 8, 0x2000 + k), I(0x2a, 8, 2, 0), I(0x2e, 8, 2, 4)});
        w.steps(4);
        static const uint32_t kSwl[4] = {0x443322aa, 0x4433aabb, 0x44aabbcc, 0xaabbccdd};
        static const uint32_t kSwr[4] = {0xaabbccdd, 0xbbccdd11, 0xccdd2211, 0xdd332211};
        CHECK(w.peek(0x2000) == kSwl[k]);
        CHECK(w.peek(0x2004) == kSwr[k]);
    }
}

TEST_CASE("Branch delay slot executes - a jump in a delay slot runs one target instruction",
          "[cpu]") {
    Machine m;
    // 1000: j 1100 ; 1004: j 1200 ; 1100: addiu r1,r0,1 ; 1200: addiu r2,r0,2
    m.emit({J(2, 0x80001100), J(2, 0x80001200)});
    m.poke(0x1100, ADDIU(1, 0, 1));
    m.poke(0x1104, ADDIU(5, 0, 5));
    m.poke(0x1200, ADDIU(2, 0, 2));
    m.steps(4);
    CHECK(m.cpu.reg(1) == 1);
    CHECK(m.cpu.reg(5) == 0);
    CHECK(m.cpu.reg(2) == 2);
    CHECK(m.cpu.pc() == 0x80001204);
}

TEST_CASE("BLTZAL/BGEZAL link even when not taken - rs=ra compares the old ra", "[cpu]") {
    Machine m;
    m.cpu.setReg(31, 0x80000000); // negative
    // bgezal ra, +16 : not taken (old ra < 0) but links
    m.emit({I(0x01, 31, 0x11, 4), NOP, ADDIU(1, 0, 1)});
    m.steps(3);
    CHECK(m.cpu.reg(31) == 0x80001008);
    CHECK(m.cpu.reg(1) == 1);
    Machine t;
    t.cpu.setReg(4, 0xffffffff);
    t.emit({I(0x01, 4, 0x10, 4), NOP}); // bltzal a0: taken
    t.steps(2);
    CHECK(t.cpu.pc() == 0x80001014);
    CHECK(t.cpu.reg(31) == 0x80001008);
}

TEST_CASE("DIV/DIVU by zero and 80000000h/-1 give the documented results", "[cpu]") {
    struct Case {
        uint32_t funct, rs, rt, hi, lo;
    } cases[] = {
        {0x1b, 1234, 0, 1234, 0xffffffff},
        {0x1a, 5, 0, 5, 0xffffffff},
        {0x1a, 0xfffffffb, 0, 0xfffffffb, 1},
        {0x1a, 0x80000000, 0xffffffff, 0, 0x80000000},
        {0x1a, 0xfffffff9, 2, 0xffffffff, 0xfffffffd},
        {0x1b, 7, 2, 1, 3},
    };
    for (auto& c : cases) {
        Machine m;
        m.cpu.setReg(1, c.rs);
        m.cpu.setReg(2, c.rt);
        m.emit({R(c.funct, 1, 2, 0), R(0x10, 0, 0, 3), R(0x12, 0, 0, 4)});
        m.steps(3);
        CHECK(m.cpu.reg(3) == c.hi);
        CHECK(m.cpu.reg(4) == c.lo);
    }
}

TEST_CASE("MULT timing: MFLO waits 6/9/13 cycles by rs - DIV 36", "[cpu]") {
    struct Case {
        uint32_t funct, rs, cycles;
    } cases[] = {{0x19, 0x7ff, 6},      {0x19, 0x800, 9},      {0x19, 0x100000, 13},
                 {0x18, 0xfffff800, 6}, {0x18, 0xfff00000, 9}, {0x18, 0x80000000, 13},
                 {0x1a, 1, 36}};
    for (auto& c : cases) {
        Machine m;
        m.cpu.setReg(1, c.rs);
        m.cpu.setReg(2, 3);
        m.bus.write(0xfffe0130, 0x800, 4); // i-cache on, so fetches cost 1 cycle
        m.emit({R(c.funct, 1, 2, 0), R(0x12, 0, 0, 3)});
        m.steps(2);
        m.cpu.setPc(0x80001000);
        m.cpu.step();
        uint64_t t0 = m.sched.now();
        m.cpu.step();
        // The unit finishes `cycles` after the issuing cycle; MFLO waits, then takes 1.
        CHECK(m.sched.now() - t0 == c.cycles + 1);
    }
}

TEST_CASE("ADD/ADDI/SUB overflow raise Ovf and leave rd unchanged", "[cpu]") {
    Machine m;
    m.cpu.setReg(1, 0x7fffffff);
    m.cpu.setReg(3, 0x55);
    m.emit({R(0x20, 1, 1, 3)});
    m.cpu.step();
    CHECK(m.excCode() == mips::exc::kOvf);
    CHECK(m.cpu.reg(3) == 0x55);
    CHECK(m.cpu.cop0(mips::cop0::kEpc) == 0x80001000);
    CHECK(m.cpu.pc() == 0x80000080);
    Machine s;
    s.cpu.setReg(1, 0x80000000);
    s.cpu.setReg(2, 1);
    s.emit({R(0x22, 1, 2, 3)});
    s.cpu.step();
    CHECK(s.excCode() == mips::exc::kOvf);
    Machine a;
    a.cpu.setReg(1, 0x7fffffff);
    a.emit({I(0x08, 1, 3, 1)});
    a.cpu.step();
    CHECK(a.excCode() == mips::exc::kOvf);
}

TEST_CASE("Exception in a delay slot: EPC = branch - Cause.BD - Cause.BT - TAR", "[cpu]") {
    Machine m;
    m.cpu.setReg(1, 0x7fffffff);
    m.emit({J(2, 0x80001100), R(0x20, 1, 1, 3)}); // j; add (overflows in the delay slot)
    m.steps(2);
    CHECK(m.excCode() == mips::exc::kOvf);
    CHECK(m.cpu.cop0(mips::cop0::kEpc) == 0x80001000);
    CHECK((m.cpu.cop0(mips::cop0::kCause) >> 31) == 1);
    CHECK(((m.cpu.cop0(mips::cop0::kCause) >> 30) & 1) == 1);
    CHECK(m.cpu.cop0(mips::cop0::kTar) == 0x80001100);
}

TEST_CASE("Address errors: misaligned LW -> AdEL - SW -> AdES - BadVaddr", "[cpu]") {
    Machine m;
    m.emit({LUI(8, 0x8000), LW(1, 8, 0x2002)});
    m.steps(2);
    CHECK(m.excCode() == mips::exc::kAdEL);
    CHECK(m.cpu.cop0(mips::cop0::kBadVaddr) == 0x80002002);
    Machine s;
    s.emit({LUI(8, 0x8000), I(0x29, 8, 1, 0x2001)}); // sh
    s.steps(2);
    CHECK(s.excCode() == mips::exc::kAdES);
    CHECK(s.cpu.cop0(mips::cop0::kBadVaddr) == 0x80002001);
}

TEST_CASE("Jump to a misaligned address faults at the target fetch (EPC = target)", "[cpu]") {
    Machine m;
    m.cpu.setReg(1, 0x80001102);
    m.emit({R(0x08, 1, 0, 0), NOP});
    m.steps(3);
    CHECK(m.excCode() == mips::exc::kAdEL);
    CHECK(m.cpu.cop0(mips::cop0::kEpc) == 0x80001102);
    CHECK(m.cpu.cop0(mips::cop0::kBadVaddr) == 0x80001102);
}

TEST_CASE("Bus errors: DBE on a locked region - BadVaddr unchanged", "[cpu]") {
    Machine m;
    m.cpu.setCop0(mips::cop0::kBadVaddr, 0x1234);
    m.emit({LUI(8, 0x1f80), LW(1, 8, 0x0400)}); // 1F800400h: locked (unpredictablethings.md)
    m.steps(2);
    CHECK(m.excCode() == mips::exc::kDBE);
    CHECK(m.cpu.cop0(mips::cop0::kBadVaddr) == 0x1234);
}

TEST_CASE("User mode: KSEG access -> address error", "[cpu]") {
    Machine m;
    m.emit({LUI(8, 0x8000), ORI(1, 0, 0x02), MTC0(1, mips::cop0::kSr), NOP, NOP});
    m.steps(3);
    // Now in user mode executing from 80001000h+ : the next fetch faults.
    m.steps(1);
    CHECK(m.excCode() == mips::exc::kAdEL);
    CHECK((m.cpu.cop0(mips::cop0::kSr) & 0x3f) == 0x08); // KUp=1 pushed, KUc=0
}

TEST_CASE("SYSCALL - BREAK - reserved instruction - HLE trap hook", "[cpu]") {
    Machine m;
    m.emit({0x0000000c});
    m.cpu.step();
    CHECK(m.excCode() == mips::exc::kSys);
    CHECK(m.cpu.cop0(mips::cop0::kEpc) == 0x80001000);
    Machine b;
    b.emit({0x0000000d});
    b.cpu.step();
    CHECK(b.excCode() == mips::exc::kBp);
    Machine r;
    r.emit({0xfc000000});
    r.cpu.step();
    CHECK(r.excCode() == mips::exc::kRI);
    Machine h;
    h.cpu.setHleTrap([&](uint32_t pc, uint32_t instr) {
        if (instr != 0xfc000000) return false;
        h.cpu.setReg(2, pc);
        h.cpu.setPc(0x80001200);
        return true;
    });
    h.emit({0xfc000000});
    h.cpu.step();
    CHECK(h.cpu.reg(2) == 0x80001000);
    CHECK(h.cpu.pc() == 0x80001200);
    CHECK(h.excCode() == 0);
}

TEST_CASE("Coprocessor unusable: COP2 without CU2 - LWC0 - MFC0 r0 -> RI", "[cpu]") {
    Machine m;
    m.emit({0x48020000}); // mfc2 v0, $0
    m.cpu.step();
    CHECK(m.excCode() == mips::exc::kCpU);
    CHECK(((m.cpu.cop0(mips::cop0::kCause) >> 28) & 3) == 2);
    Machine l;
    l.emit({I(0x30, 0, 1, 0)});
    l.cpu.step();
    CHECK(l.excCode() == mips::exc::kCpU);
    CHECK(((l.cpu.cop0(mips::cop0::kCause) >> 28) & 3) == 0);
    Machine r;
    r.emit({MFC0(1, 0)});
    r.cpu.step();
    CHECK(r.excCode() == mips::exc::kRI);
}

TEST_CASE("COP0: PRId is 2 - r16-r31 read back the last valid read - read-only bits", "[cpu]") {
    Machine m;
    m.emit({MFC0(1, mips::cop0::kPrid), MFC0(2, 20), ORI(3, 0, 0xffff), MTC0(3, mips::cop0::kCause),
            NOP, MFC0(4, mips::cop0::kCause), NOP});
    m.steps(7);
    CHECK(m.cpu.reg(1) == 2);
    CHECK(m.cpu.reg(2) == 2);
    CHECK(m.cpu.reg(4) == 0x300);
}

TEST_CASE("Interrupt: taken with SR.IEc and IM bit 10 - SR stack push and RFE pop", "[cpu]") {
    Machine m;
    m.poke(0x80, 0); // vector: nops
    m.emit({ORI(1, 0, 0x0405), MTC0(1, mips::cop0::kSr), NOP, NOP});
    m.irq.write(0x1f801074, 1, 4); // I_MASK vblank
    m.irq.raise(core::IrqSource::VBlank);
    m.steps(2);   // ori, mtc0 (enables)
    m.cpu.step(); // takes the interrupt, then runs the vector's first instruction
    CHECK(m.excCode() == mips::exc::kInt);
    CHECK(m.cpu.cop0(mips::cop0::kEpc) == 0x80001008);
    CHECK((m.cpu.cop0(mips::cop0::kSr) & 0x3f) == 0x14); // IEp=1 KUp=0, IEo=1
    CHECK((m.cpu.cop0(mips::cop0::kCause) & 0x400) != 0);
    Machine r;
    r.cpu.setCop0(mips::cop0::kSr, 0x3c);
    r.emit({RFE});
    r.cpu.step();
    CHECK((r.cpu.cop0(mips::cop0::kSr) & 0x3f) == 0x3f);
}

TEST_CASE("Software interrupt via Cause bit 8 - BEV selects BFC00180h", "[cpu]") {
    Machine m;
    m.emit({ORI(1, 0, 0x0101), LUI(2, 0x0040), OR(1, 1, 2), MTC0(1, mips::cop0::kSr),
            ORI(3, 0, 0x100), MTC0(3, mips::cop0::kCause), NOP});
    m.steps(6);
    m.cpu.step();
    CHECK(m.excCode() == mips::exc::kInt);
    CHECK(m.cpu.cop0(mips::cop0::kEpc) == 0x80001018);
    CHECK(m.cpu.pc() == 0xbfc00184);
}

TEST_CASE("I-cache: stale code runs until the cache is flushed by isolation", "[cpu]") {
    Machine m;
    m.bus.write(0xfffe0130, 0x800, 4); // IS1: i-cache on
    m.poke(0x3100, ADDIU(1, 0, 1));    // line 10h (1000h uses line 00h)
    m.poke(0x3104, J(2, 0x80001000));
    m.poke(0x3108, NOP);
    m.emit({J(2, 0x80003100), NOP});
    m.steps(5);
    CHECK(m.cpu.reg(1) == 1);
    m.poke(0x3100, ADDIU(1, 0, 2)); // a store to RAM leaves the cached word alone
    m.steps(5);
    CHECK(m.cpu.reg(1) == 1);
    // BIOS flush (memorycontrol.md): BCC = TAG|IS1, SR.IsC, store 0 at the line's address.
    m.bus.write(0xfffe0130, 0x804, 4);
    m.cpu.setCop0(mips::cop0::kSr, 1u << 16);
    m.poke(0x1200, SW(0, 0, 0x3100)); // (1000h is still cached: run this from line 20h)
    m.cpu.setPc(0x80001200);
    uint32_t before = m.peek(0x3100);
    m.cpu.step();
    CHECK(m.peek(0x3100) == before);                // the isolated store does not reach RAM
    CHECK(m.cpu.state().icacheTag[0x10] == 0x3000); // (data AND 0Fh) OR (offset AND FFFFF000h)
    m.cpu.setCop0(mips::cop0::kSr, 0);
    m.bus.write(0xfffe0130, 0x800, 4);
    m.poke(0x1300, J(2, 0x80003100));
    m.poke(0x1304, NOP);
    m.cpu.setPc(0x80001300);
    m.steps(3);
    CHECK(m.cpu.reg(1) == 2);
    CHECK((m.cpu.state().icacheTag[0x10] & 0xf) == 0xf); // tag matched: full line refill
}

TEST_CASE("I-cache: fill from the missed word to the end of the line - then hits cost 1", "[cpu]") {
    Machine m;
    m.bus.write(0xfffe0130, 0x900, 4); // IS1, IBLKSZ=1
    m.cpu.setPc(0x80001008);           // word 2 of line 0x00
    m.at = 0x1008;
    m.emit({NOP, NOP, NOP});
    uint64_t tMiss = m.sched.now();
    m.cpu.step();
    // Refill (approximate model): the missed word at RAM load time (7 cycles, issue included),
    // +1 per further word of the burst (here words 2-3).
    CHECK(m.sched.now() - tMiss == 7 + 1);
    uint32_t tag = m.cpu.state().icacheTag[0];
    CHECK((tag & 0xf) == 0xc);
    CHECK((tag & 0xfffff000) == 0x00001000);
    uint64_t t0 = m.sched.now();
    m.cpu.step(); // word 3: hit
    CHECK(m.sched.now() - t0 == 1);
}

TEST_CASE("Load Timing and Load Shadow: RAM 7 cycles - half of it hidden by independent work",
          "[cpu]") {
    // Runs `body` once to fill the i-cache, then again, and returns its cycles.
    auto timed = [](std::initializer_list<uint32_t> body) {
        Machine m;
        m.bus.write(0xfffe0130, 0x800, 4);
        m.cpu.setReg(8, 0x80002000);
        m.cpu.setReg(9, 0x1f800000);
        m.emit(body);
        for (int pass = 0; pass < 2; ++pass) {
            m.cpu.setPc(0x80001000);
            uint64_t t0 = m.sched.now();
            m.steps(int(body.size()));
            if (pass == 1) return m.sched.now() - t0;
            m.steps(20); // let the bus settle (nops)
        }
        return uint64_t(0);
    };
    // Back to back: each load waits for the previous one (7 cycles apart); the last one
    // overlaps the nop after it.
    CHECK(timed({LW(1, 8, 0), LW(2, 8, 4), LW(3, 8, 8), NOP}) == 7 + 7 + 4 + 1);
    // Using the register after the delay slot waits for the data: 7 + the user.
    CHECK(timed({LW(1, 8, 0), NOP, OR(2, 1, 0)}) == 7 + 1);
    // Independent instructions overlap half of the 6 access cycles.
    CHECK(timed({LW(1, 8, 0), NOP, NOP, NOP, NOP}) == 4 + 4);
    // The scratchpad is on-chip: 1 cycle, even while the bus is busy.
    CHECK(timed({LW(1, 9, 0), LW(2, 9, 4)}) == 2);
    CHECK(timed({LW(1, 8, 0), LW(2, 9, 4), NOP}) == 4 + 1 + 1);
}

TEST_CASE("Load Timing: on-die I/O 5 cycles back to back - 3 behind independent work - BIOS ROM "
          "by its delay registers",
          "[cpu]") {
    auto timed = [](std::initializer_list<uint32_t> body) {
        Machine m;
        m.bus.write(0xfffe0130, 0x800, 4);
        m.cpu.setReg(8, 0x1f801074); // I_MASK (on-die)
        m.cpu.setReg(9, 0xbfc00000); // BIOS ROM
        m.emit(body);
        for (int pass = 0; pass < 2; ++pass) {
            m.cpu.setPc(0x80001000);
            uint64_t t0 = m.sched.now();
            m.steps(int(body.size()));
            if (pass == 1) return m.sched.now() - t0;
            m.steps(40); // let the bus settle (nops)
        }
        return uint64_t(0);
    };
    constexpr uint32_t LB9 = I(0x20, 9, 2, 0);
    // "Load Timing": on-die I/O 5 cycles; "Load Shadow": lw + 0 nop +4 cycles per load.
    CHECK(timed({LW(1, 8, 0), LW(2, 8, 0), LW(3, 8, 0), NOP}) == 5 + 5 + 3 + 1);
    // "lw + 4 nop: +2 cycles/load": 1 issue + 4 nops + 2.
    CHECK(timed({LW(1, 8, 0), NOP, NOP, NOP, NOP}) == 1 + 4 + 2);
    // BIOS ROM at the boot delays (1F801010h = 0013243Fh, COM_DELAY = 00031125h), "COM_DELAY"
    // formula: Use_COM2 (bit 10): 1ST = SEQ = COM2 = 1; 1ST < 6 -> 2; read delay 3 -> 4 cycles:
    // 1ST = 2+4+2 = 8, SEQ = 1+4+2 = 7; 8-bit bus: a word is 1ST+3*SEQ = 29, a byte 8 (in the
    // 27..33 the "Load Timing" table gives for the ROM).
    // Back to back the second load waits for the first; the last one stalls for half its
    // access (as the RAM and on-die cases above) and overlaps the nop.
    CHECK(timed({LW(1, 9, 0), LW(2, 9, 0), NOP}) == 29 + 15 + 1);
    CHECK(timed({LB9, LB9, NOP}) == 8 + 5 + 1); // bytes: 8 cycles apart
}

TEST_CASE("Savestate round trip keeps the pending load and the branch state", "[cpu]") {
    Machine m;
    m.poke(0x2000, 0xabcd);
    m.emit({LUI(8, 0x8000), J(2, 0x80001100), LW(1, 8, 0x2000)});
    m.poke(0x1100, OR(2, 1, 0));
    m.poke(0x1104, OR(3, 1, 0));
    m.steps(3);
    auto io = savestate::StateIO::writer();
    m.cpu.serialize(io);
    auto data = io.take();
    Machine n;
    n.poke(0x1100, OR(2, 1, 0));
    n.poke(0x1104, OR(3, 1, 0));
    auto rd = savestate::StateIO::reader(data);
    n.cpu.serialize(rd);
    REQUIRE(rd.ok());
    n.steps(2);
    CHECK(n.cpu.reg(2) == 0);
    CHECK(n.cpu.reg(3) == 0xabcd);
}

TEST_CASE("Disassembler output", "[cpu]") {
    using core::disassemble;
    CHECK(disassemble(0x80010000, 0) == "nop");
    CHECK(disassemble(0x80010000, ADDIU(29, 29, 0xfff0)) == "addiu sp, sp, -0x10");
    CHECK(disassemble(0x80010000, LW(2, 29, 0x10)) == "lw v0, 0x10(sp)");
    CHECK(disassemble(0x80010000, J(3, 0x80020000)) == "jal 0x80020000");
    CHECK(disassemble(0x80010000, I(0x05, 4, 0, 0xffff)) == "bne a0, zero, 0x80010000");
    CHECK(disassemble(0x80010000, R(0x09, 25, 0, 31)) == "jalr t9");
    CHECK(disassemble(0x80010000, RFE) == "rfe");
    CHECK(disassemble(0x80010000, MTC0(12, 12)) == "mtc0 t4, $12");
    CHECK(disassemble(0x80010000, 0x4a180001) == "cop2 0x0180001");
    CHECK(disassemble(0x80010000, I(0x01, 4, 0x11, 1)) == "bgezal a0, 0x80010008");
    CHECK(disassemble(0x80010000, 0xfc000000) == "illegal 0xfc000000");
}

TEST_CASE("Trace prints 'PC: WORD  mnemonic operands' per executed instruction", "[cpu]") {
    Machine m;
    m.emit({ADDIU(29, 29, 0xfff0), NOP});
    std::FILE* f = std::tmpfile();
    REQUIRE(f);
    m.cpu.setTrace(f);
    m.steps(2);
    m.cpu.setTrace(nullptr);
    std::rewind(f);
    char line[128] = {};
    REQUIRE(std::fgets(line, sizeof line, f));
    CHECK(std::string(line) == "80001000: 27BDFFF0  addiu sp, sp, -0x10\n");
    REQUIRE(std::fgets(line, sizeof line, f));
    CHECK(std::string(line) == "80001004: 00000000  nop\n");
    std::fclose(f);
}

TEST_CASE("COP2: MTC2/MFC2 reach the GTE with a load delay - CTC2/CFC2 - LWC2/SWC2", "[cpu]") {
    Machine m;
    m.cpu.setCop0(mips::cop0::kSr, 1u << 30); // CU2
    m.poke(0x2000, 0xcafef00d);
    m.cpu.setReg(1, 0x1234);
    m.emit({0x48819000,               // mtc2 at, $18
            0x48029000,               // mfc2 v0, $18
            OR(3, 2, 0), OR(4, 2, 0), // delay: old, then new
            0x48c10800,               // ctc2 at, $1
            0x48450800, NOP,          // cfc2 a1, $1
            LUI(8, 0x8000),           //
            I(0x32, 8, 24, 0x2000),   // lwc2 $24 (MAC0, a full 32-bit register), 0x2000(t0)
            I(0x3a, 8, 24, 0x2010)}); // swc2 $24, 0x2010(t0)
    m.steps(10);
    CHECK(m.gte.readData(18) == 0x1234);
    CHECK(m.cpu.reg(3) == 0);
    CHECK(m.cpu.reg(4) == 0x1234);
    CHECK(m.gte.readControl(1) == 0x1234);
    CHECK(m.cpu.reg(5) == 0x1234);
    CHECK(m.gte.readData(24) == 0xcafef00d);
    CHECK(m.peek(0x2010) == 0xcafef00d);
}

TEST_CASE("BC2F always branches - BC2T never (the COP2 flag reads false)", "[cpu]") {
    Machine m;
    m.cpu.setCop0(mips::cop0::kSr, 1u << 30);
    m.emit({0x49010004, NOP}); // bc2t +4: not taken
    m.steps(2);
    CHECK(m.cpu.pc() == 0x80001008);
    m.emit({0x49000004, NOP}); // bc2f +4: taken
    m.steps(2);
    CHECK(m.cpu.pc() == 0x8000101c);
}

TEST_CASE("run(): an isolated-cache flush inside one run takes effect at once", "[cpu]") {
    Machine m;
    m.bus.write(0xfffe0130, 0x804, 4); // TAG | IS1
    auto h = m.sched.add(
        "stop", [](void*, core::Cycles, uint32_t) {}, nullptr);
    // Run 80003100h once (cached), flush its tag with IsC, patch RAM, run it again.
    m.poke(0x3100, ADDIU(1, 1, 1));
    m.poke(0x3104, R(0x08, 31, 0, 0)); // jr ra
    m.poke(0x3108, NOP);
    m.emit({LUI(9, 0x8000), ORI(9, 9, 0x3100), R(0x09, 9, 0, 31), NOP, // jalr t1
            LUI(2, 1), MTC0(2, mips::cop0::kSr), SW(0, 0, 0x3100),
            MTC0(0, mips::cop0::kSr),                                            // flush line
            LUI(3, 0x2442), ORI(3, 3, 0x0010), LUI(8, 0x8000), SW(3, 8, 0x3100), // addiu v0,v0,16
            R(0x09, 9, 0, 31), NOP});
    m.emit({0x1000ffff, NOP}); // b .
    m.sched.schedule(h, 2000);
    m.cpu.run();
    CHECK(m.cpu.reg(1) == 1);       // the old code ran once, the patched code afterwards
    CHECK(m.cpu.reg(2) == 0x10010); // v0 held SR's IsC value (10000h) when it ran
}

TEST_CASE("COP0 breakpoint on PC with DCIC.TR jumps to 80000040h with Bp", "[cpu]") {
    Machine m;
    m.cpu.setCop0(mips::cop0::kBpc, 0x80001008);
    m.cpu.setCop0(mips::cop0::kBpcm, 0xffffffff);
    m.cpu.setCop0(mips::cop0::kDcic, 0xa1800000); // TR, KD, PCE, DE
    m.emit({NOP, NOP, NOP, NOP});
    m.steps(2);
    CHECK(m.cpu.pc() == 0x80001008);
    m.cpu.step();
    CHECK(m.excCode() == mips::exc::kBp);
    CHECK(m.cpu.cop0(mips::cop0::kEpc) == 0x80001008);
    CHECK((m.cpu.cop0(mips::cop0::kDcic) & 3) == 3);
    CHECK(m.cpu.pc() == 0x80000040); // the break is taken before the fetch
}

TEST_CASE("COP0 breakpoints: DCIC.UD breaks in user mode - KD alone does not", "[cpu]") {
    // cpuspecifications.md "cop0r7 - DCIC": KD (bit 29) breaks in kernel mode, UD (bit 30) in
    // user mode. The code runs from the KUSEG mirror with SR.KUc set.
    for (uint32_t modes : {1u << 29, 1u << 30}) {
        Machine m;
        m.cpu.setCop0(mips::cop0::kSr, 0x2); // KUc = user
        m.cpu.setPc(0x00001000);
        m.cpu.setCop0(mips::cop0::kBpc, 0x00001004);
        m.cpu.setCop0(mips::cop0::kBpcm, 0xffffffff);
        m.cpu.setCop0(mips::cop0::kDcic, 0x81800000 | modes); // TR, PCE, DE + KD or UD
        m.emit({NOP, NOP, NOP});
        m.steps(2);
        const bool user = modes == (1u << 30);
        CHECK(m.excCode() == (user ? mips::exc::kBp : 0u));
        CHECK(m.cpu.pc() == (user ? 0x80000040u : 0x00001008u));
        CHECK((m.cpu.cop0(mips::cop0::kDcic) & 0x3f) == (user ? 0x03u : 0u));
    }
}

TEST_CASE("COP0 data breakpoint with DCIC.TR=0 only sets DB/DA/R - the load completes", "[cpu]") {
    Machine m;
    m.poke(0x2000, 0x12345678);
    m.cpu.setCop0(mips::cop0::kBda, 0x80002000);
    m.cpu.setCop0(mips::cop0::kBdam, 0xffffffff);
    m.cpu.setCop0(mips::cop0::kDcic, 0x26800000); // KD, DR, DAE, DE; no TR
    m.emit({LUI(8, 0x8000), LW(1, 8, 0x2000), NOP, NOP});
    m.steps(4);
    CHECK(m.cpu.reg(1) == 0x12345678);
    CHECK(m.excCode() == 0);
    CHECK((m.cpu.cop0(mips::cop0::kDcic) & 0x3f) == 0x0d); // DB | DA | R
}

TEST_CASE("User mode: COP0 needs CU0 except r16-r31", "[cpu]") {
    Machine m;
    m.cpu.setCop0(mips::cop0::kSr, 0x2); // KUc = user
    m.cpu.setPc(0x00001000);             // KUSEG mirror of the same code
    m.emit({MFC0(1, 20), MFC0(2, mips::cop0::kSr)});
    m.cpu.step();
    CHECK(m.excCode() == 0); // no exception yet (Cause was 0)
    CHECK(m.cpu.pc() == 0x00001004);
    m.cpu.step();
    CHECK(m.excCode() == mips::exc::kCpU);
}

TEST_CASE("Isolated TAG-mode load returns valid bits and the match bit", "[cpu]") {
    Machine m;
    m.bus.write(0xfffe0130, 0x804, 4);
    m.cpu.setCop0(mips::cop0::kSr, 1u << 16);
    m.cpu.setReg(4, 0x0000000b);
    m.emit({SW(4, 0, 0x3210), LW(5, 0, 0x3210), LW(6, 0, 0x5210), NOP});
    m.steps(4);
    CHECK((m.cpu.reg(5) & 0x1f) == 0x1b); // valid 0Bh, tag matches 3000h
    CHECK((m.cpu.reg(6) & 0x1f) == 0x0b); // 5000h does not match
}

TEST_CASE("IBLKSZ=0: a miss at word 0 fills only words 0-1", "[cpu]") {
    Machine m;
    m.bus.write(0xfffe0130, 0x800, 4); // IS1, IBLKSZ=0
    m.emit({NOP, NOP});
    m.cpu.step();
    CHECK((m.cpu.state().icacheTag[0] & 0xf) == 0x3);
}

TEST_CASE("Uncached (KSEG1) RAM fetch costs a RAM access per instruction", "[cpu]") {
    Machine m;
    m.cpu.setPc(0xa0001000);
    m.emit({NOP, NOP});
    uint64_t t0 = m.sched.now();
    m.cpu.step();
    CHECK(m.sched.now() - t0 == 7);
}

TEST_CASE("An interrupt on a GTE command still executes the command (EPC points at it)", "[cpu]") {
    Machine m;
    m.cpu.setCop0(mips::cop0::kSr, (1u << 30) | 0x101);
    m.emit({0x4a180001, NOP}); // rtps
    m.cpu.setCop0(mips::cop0::kCause, 0x100);
    m.cpu.step();
    CHECK(m.excCode() == mips::exc::kInt);
    CHECK(m.cpu.cop0(mips::cop0::kEpc) == 0x80001000);
    CHECK(m.cpu.state().gteReadyAt > 0);
}

// memorycontrol.md "D-cache mode (RAM=0, DS=1)": a tag-less write-on-load buffer.
TEST_CASE("BCC D-cache mode: cached loads fill scratchpad slot (addr>>2)&FFh with the word",
          "[cpu]") {
    Machine m;
    auto scratch = [&](uint32_t off) {
        uint32_t w;
        std::memcpy(&w, m.bus.scratchpad() + off, 4);
        return w;
    };
    m.poke(0x0104, 0x11223344);
    m.poke(0x2200, 0xa1b2c3d4);
    m.poke(0x0308, 0x55667788);
    m.bus.write(0xfffe0130, 0x80, 4);  // DS=1, RAM=0
    m.cpu.setCop0(mips::cop0::kSr, 0); // the CPU re-reads BCC's modes
    constexpr uint32_t LBU_T3_T0_2203 = I(0x24, 8, 11, 0x2203);
    m.emit({LUI(8, 0x8000), LW(9, 8, 0x0104), LBU_T3_T0_2203, LUI(12, 0xa000), LW(13, 12, 0x0308),
            SW(9, 8, 0x040c), NOP});
    m.steps(7);
    CHECK(m.cpu.reg(9) == 0x11223344);
    CHECK(m.cpu.reg(11) == 0xa1);
    // LW 80000104h -> slot 41h (offset 104h).
    CHECK(scratch(0x104) == 0x11223344);
    // LBU 80002203h -> slot (2203h>>2)&FFh = 80h: "word-granular regardless of load width".
    CHECK(scratch(0x200) == 0xa1b2c3d4);
    // "KSEG1 (uncached) loads bypass the d-cache"; "Stores do not spill into scratchpad".
    CHECK(scratch(0x308) == 0);
    CHECK(scratch(0x00c) == 0);
    CHECK(m.peek(0x040c) == 0x11223344);
}

TEST_CASE("BCC D-cache mode: no true hit - a reload sees RAM changed behind it", "[cpu]") {
    Machine m;
    m.poke(0x0104, 1);
    m.bus.write(0xfffe0130, 0x80, 4);
    m.cpu.setCop0(mips::cop0::kSr, 0); // the CPU re-reads BCC's modes
    m.emit({LUI(8, 0x8000), LW(9, 8, 0x0104), NOP, NOP});
    m.steps(4);
    CHECK(m.cpu.reg(9) == 1);
    m.poke(0x0104, 2);
    m.emit({LW(10, 8, 0x0104), NOP});
    m.steps(2);
    CHECK(m.cpu.reg(10) == 2);
    uint32_t w;
    std::memcpy(&w, m.bus.scratchpad() + 0x104, 4);
    CHECK(w == 2);
}

TEST_CASE("BCC scratchpad mode (RAM=1, DS=1): loads do not spill into the scratchpad", "[cpu]") {
    Machine m;
    m.poke(0x0104, 0x11223344);
    m.bus.write(0xfffe0130, 0x88, 4);
    m.cpu.setCop0(mips::cop0::kSr, 0); // the CPU re-reads BCC's modes
    m.emit({LUI(8, 0x8000), LW(9, 8, 0x0104), NOP});
    m.steps(3);
    uint32_t w;
    std::memcpy(&w, m.bus.scratchpad() + 0x104, 4);
    CHECK(w == 0);
}

// memorycontrol.md "D-cache mode (RAM=0, DS=1)": "Reads or writes targeting the scratchpad
// address range (1F800000h..1F8003FFh) deadlock the bus in this mode ... Recovery requires a
// power cycle." The access never completes and no later instruction runs.
TEST_CASE("BCC D-cache mode: a store to the scratchpad range deadlocks the bus", "[cpu]") {
    for (uint32_t seg : {0x0000u, 0x8000u}) { // KUSEG and KSEG0, where the scratchpad is mapped
        Machine m;
        m.bus.write(0xfffe0130, 0x80, 4);  // DS=1, RAM=0
        m.cpu.setCop0(mips::cop0::kSr, 0); // the CPU re-reads BCC's modes
        m.cpu.setReg(9, 0x12345678);
        m.emit({LUI(8, seg | 0x1f80), ADDIU(10, 0, 1), SW(9, 8, 0x10), ADDIU(11, 0, 2), NOP});
        m.steps(10);
        INFO("segment " << std::hex << seg);
        CHECK(m.cpu.reg(10) == 1);
        CHECK(m.cpu.reg(11) == 0); // nothing after the store runs
        CHECK(m.cpu.pc() == 0x80001008);
        CHECK(m.cpu.state().busLocked == 1);
        uint32_t w;
        std::memcpy(&w, m.bus.scratchpad() + 0x10, 4);
        CHECK(w == 0);
        // Interrupts are not taken either: the CPU waits on the bus.
        m.irq.write(0x1f801074, 1, 4);
        m.irq.raise(core::IrqSource::VBlank);
        m.cpu.setCop0(mips::cop0::kSr, mips::sr::kIEc | 0x400);
        m.steps(3);
        CHECK(m.cpu.pc() == 0x80001008);
        // Only a reset (the power cycle) frees it.
        m.cpu.reset();
        CHECK(m.cpu.state().busLocked == 0);
        CHECK(m.cpu.pc() == mips::vector::kReset);
    }
}

TEST_CASE("BCC D-cache mode: a load from the scratchpad range deadlocks - other loads fill",
          "[cpu]") {
    Machine m;
    m.poke(0x0104, 0x11223344);
    m.bus.write(0xfffe0130, 0x80, 4);
    m.cpu.setCop0(mips::cop0::kSr, 0);
    m.emit(
        {LUI(8, 0x8000), LW(9, 8, 0x0104), LUI(12, 0x1f80), LW(13, 12, 0), ADDIU(14, 0, 3), NOP});
    m.steps(10);
    CHECK(m.cpu.reg(9) == 0x11223344);
    CHECK(m.cpu.reg(14) == 0);
    CHECK(m.cpu.pc() == 0x8000100c);
    CHECK(m.cpu.state().busLocked == 1);
}

TEST_CASE("BCC scratchpad mode: the scratchpad range works - no deadlock", "[cpu]") {
    for (uint32_t bcc : {0x88u, 0x00u}) { // RAM=1 DS=1 (usual), and neither
        Machine m;
        m.bus.write(0xfffe0130, bcc, 4);
        m.cpu.setCop0(mips::cop0::kSr, 0);
        m.cpu.setReg(9, 0x12345678);
        m.emit({LUI(8, 0x1f80), SW(9, 8, 0x10), ADDIU(11, 0, 2), NOP});
        m.steps(4);
        CHECK(m.cpu.state().busLocked == 0);
        CHECK(m.cpu.reg(11) == 2);
    }
}

TEST_CASE("Cpu state: the D-cache mode bus deadlock survives a savestate (cpu v3)", "[cpu]") {
    Machine m;
    m.bus.write(0xfffe0130, 0x80, 4);
    m.cpu.setCop0(mips::cop0::kSr, 0);
    m.emit({LUI(8, 0x1f80), SW(9, 8, 0), NOP});
    m.steps(3);
    REQUIRE(m.cpu.state().busLocked == 1);
    savestate::StateIO w = savestate::StateIO::writer();
    m.cpu.serialize(w);
    std::vector<uint8_t> bytes = w.take();
    Machine n;
    savestate::StateIO r = savestate::StateIO::reader(bytes);
    n.cpu.serialize(r);
    REQUIRE(r.ok());
    CHECK(n.cpu.state().busLocked == 1);
    CHECK(n.cpu.pc() == m.cpu.pc());
}
