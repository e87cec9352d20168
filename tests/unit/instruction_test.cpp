// The MIPS instruction layer (core/cpu/instruction.h, encoder.h) against cpuspecifications.md:
// field decoding, the attribute table for every primary / SPECIAL / BcondZ / COPn encoding,
// the encoders round-tripping through the decoder and the disassembler, and the interpreter
// raising exactly the reserved-instruction exceptions the table announces.
#include <catch2/catch.hpp>
#include <cctype>
#include <cstring>
#include <set>
#include <string>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/cpu/disassembler.h"
#include "core/cpu/encoder.h"
#include "core/cpu/instruction.h"
#include "core/irq.h"
#include "core/scheduler.h"

namespace mips = core::mips;
namespace enc = core::mips::enc;
using mips::Mnemonic;

namespace {
std::string nameOf(uint32_t word) {
    return mips::info(word).name;
}
Mnemonic byName(const std::string& name) {
    for (size_t i = 0; i < size_t(Mnemonic::kCount); ++i)
        if (name == mips::kOpInfo[i].name) return Mnemonic(i);
    FAIL("no mnemonic " << name);
    return Mnemonic::kIllegal;
}
std::set<std::string> namesWith(uint32_t attrs) {
    std::set<std::string> out;
    for (const auto& i : mips::kOpInfo)
        if (i.attrs & attrs) out.insert(i.name);
    return out;
}
} // namespace

TEST_CASE("Instruction fields sit where 'Opcode/Parameter Encoding' puts them", "[cpu][mips]") {
    // 000000 | rs=10001 | rt=10010 | rd=10011 | imm5=10100 | 100000 (ADD)
    const mips::Instruction add{0x02329d20};
    CHECK(add.op() == 0);
    CHECK(add.rs() == 17);
    CHECK(add.rt() == 18);
    CHECK(add.rd() == 19);
    CHECK(add.shamt() == 20);
    CHECK(add.funct() == 0x20);
    CHECK(add.dispatch() == mips::special(mips::funct::kAdd));
    // The immediate is zero-extended by imm(), sign-extended to 32 bits by simm().
    const mips::Instruction neg{0x2508fff0}; // addiu t0, t0, -16
    CHECK(neg.op() == mips::op::kAddiu);
    CHECK(neg.dispatch() == mips::op::kAddiu);
    CHECK(neg.imm() == 0xfff0);
    CHECK(neg.simm() == 0xfffffff0);
    CHECK(mips::Instruction{0x25087fff}.simm() == 0x7fff);
    // SYSCALL/BREAK: the 20-bit comment in bits 6..25.
    CHECK(mips::Instruction{0x03ffffcd}.code() == 0xfffff);
    // J/JAL: imm26; the target keeps bits 28..31 of the delay slot's address.
    const mips::Instruction j{0x0bffffff};
    CHECK(j.target() == 0x03ffffff);
    CHECK(j.jumpTarget(0x80001000) == 0x8ffffffc);
    CHECK(j.jumpTarget(0x0ffffffc) == 0x1ffffffc); // the delay slot is already in the next region
    // Branches: pc = $+4 + imm16*4.
    CHECK(mips::Instruction{0x1000ffff}.branchTarget(0x80001000) == 0x80001000); // b .
    CHECK(mips::Instruction{0x10000002}.branchTarget(0x80001000) == 0x8000100c);
    // Coprocessor forms: 0100nn, bit 25 = command with imm25.
    const mips::Instruction gte{0x4a180001}; // cop2 0x0180001 (RTPS)
    CHECK(gte.copNumber() == 2);
    CHECK(gte.copCommand());
    CHECK(gte.imm25() == 0x0180001);
    CHECK_FALSE(mips::Instruction{0x48880000}.copCommand()); // mtc2
    CHECK(mips::Instruction{0xe8880000}.copNumber() == 2);   // swc2
}

TEST_CASE("Primary opcodes decode as the reference's table, N/A as reserved", "[cpu][mips]") {
    // "Primary opcode field (Bit 26..31)", column by column; "" = N/A. 00h (SPECIAL),
    // 01h (BcondZ) and 10h..13h (COPn) have tests of their own.
    const char* const kTable[64] = {
        nullptr, nullptr, "j",    "jal", "beq",  "bne", "blez",  "bgtz",  "addi",  "addiu",
        "slti",  "sltiu", "andi", "ori", "xori", "lui", nullptr, nullptr, nullptr, nullptr,
        "",      "",      "",     "",    "",     "",    "",      "",      "",      "",
        "",      "",      "lb",   "lh",  "lwl",  "lw",  "lbu",   "lhu",   "lwr",   "",
        "sb",    "sh",    "swl",  "sw",  "",     "",    "swr",   "",      "lwc0",  "lwc1",
        "lwc2",  "lwc3",  "",     "",    "",     "",    "swc0",  "swc1",  "swc2",  "swc3",
        "",      "",      "",     ""};
    for (uint32_t op = 0; op < 64; ++op) {
        if (!kTable[op]) continue;
        INFO("primary opcode " << op);
        for (uint32_t rest : {0u, 0x03ffffffu, 0x01234567u}) {
            uint32_t word = (op << 26) | rest;
            std::string want = *kTable[op] ? kTable[op] : "illegal";
            CHECK(nameOf(word) == want);
            CHECK(mips::info(word).has(mips::attr::kTrapReserved) == (want == "illegal"));
        }
    }
}

TEST_CASE("SPECIAL functions decode as the reference's table, N/A as reserved", "[cpu][mips]") {
    // "Secondary opcode field (Bit 0..5) (when Primary opcode = 00h)"; "" = N/A.
    const char* const kTable[64] = {
        "sll",  "",      "srl",  "sra",  "sllv",    "",      "srlv", "srav", //
        "jr",   "jalr",  "",     "",     "syscall", "break", "",     "",     //
        "mfhi", "mthi",  "mflo", "mtlo", "",        "",      "",     "",     //
        "mult", "multu", "div",  "divu", "",        "",      "",     "",     //
        "add",  "addu",  "sub",  "subu", "and",     "or",    "xor",  "nor",  //
        "",     "",      "slt",  "sltu", "",        "",      "",     "",     //
        "",     "",      "",     "",     "",        "",      "",     "",     //
        "",     "",      "",     "",     "",        "",      "",     ""};
    for (uint32_t fn = 0; fn < 64; ++fn) {
        INFO("function " << fn);
        for (uint32_t rest : {0u, 0x03ffffc0u, 0x0123f440u}) {
            uint32_t word = rest | fn;
            std::string want = *kTable[fn] ? kTable[fn] : "illegal";
            CHECK(nameOf(word) == want);
            CHECK(mips::Instruction{word}.dispatch() == mips::kSpecialDispatch + fn);
        }
    }
}

TEST_CASE("BcondZ: rt bit 0 chooses bgez, rt bits 4..1 = 1000 link", "[cpu][mips]") {
    // The reference lists rt = 00h bltz, 01h bgez, 10h bltzal, 11h bgezal; the other values
    // behave like the entry with the same bit 0 (linking only for 10h/11h).
    for (uint32_t rt = 0; rt < 32; ++rt) {
        INFO("rt " << rt);
        uint32_t word = 0x04000000 | (5u << 21) | (rt << 16) | 0x1234;
        bool link = rt == 0x10 || rt == 0x11;
        std::string want = std::string(rt & 1 ? "bgez" : "bltz") + (link ? "al" : "");
        CHECK(nameOf(word) == want);
        const auto& info = mips::info(word);
        CHECK(info.has(mips::attr::kBranch | mips::attr::kDelaySlot | mips::attr::kReadsRs));
        CHECK(info.has(mips::attr::kLink | mips::attr::kWritesRa) == link);
    }
}

TEST_CASE("COPn: rs selects MFC/CFC/MTC/CTC/BC, bit 25 a command", "[cpu][mips]") {
    // "Coprocessor Opcode/Parameter Encoding": rs 00h mfc, 02h cfc, 04h mtc, 06h ctc, 08h bc
    // (rt bit 0: t/f), 10h..1Fh command; COP0 commands 01h tlbr, 02h tlbwi, 06h tlbwr,
    // 08h tlbp, 10h rfe. Other rs values are N/A.
    for (uint32_t n = 0; n < 4; ++n) {
        std::string N = std::to_string(n);
        for (uint32_t rs = 0; rs < 32; ++rs) {
            INFO("cop" << n << " rs " << rs);
            uint32_t base = ((0x10 + n) << 26) | (rs << 21) | (7u << 11);
            std::string want;
            switch (rs) {
            case 0x00: want = "mfc" + N; break;
            case 0x02: want = "cfc" + N; break;
            case 0x04: want = "mtc" + N; break;
            case 0x06: want = "ctc" + N; break;
            case 0x08: want = "bc" + N + "f"; break;
            default: want = rs >= 0x10 ? "cop" + N : "illegal"; break;
            }
            CHECK(nameOf(base | (4u << 16)) == want);
            if (rs == 0x08) CHECK(nameOf(base | (1u << 16)) == "bc" + N + "t");
            if (want != "illegal") CHECK(mips::info(base).cop == int(n));
        }
    }
    const char* const kCop0Commands[][2] = {{"1", "tlbr"}, {"2", "tlbwi"}, {"6", "tlbwr"},
                                            {"8", "tlbp"}, {"16", "rfe"},  {"3", "cop0"}};
    for (auto& c : kCop0Commands)
        CHECK(nameOf(0x42000000 | uint32_t(std::stoi(c[0]))) == c[1]);
}

TEST_CASE("Every branch and jump has a delay slot, and only they do", "[cpu][mips]") {
    // "jumps and branches": the instruction after a jump/branch always executes.
    // BC0F/BC0T are not branches on this CPU: they raise CpU ("COP0 - Misc").
    const std::set<std::string> kBranches = {"beq",  "bne",    "blez",   "bgtz", "bltz",
                                             "bgez", "bltzal", "bgezal", "bc1f", "bc1t",
                                             "bc2f", "bc2t",   "bc3f",   "bc3t"};
    const std::set<std::string> kJumps = {"j", "jal", "jr", "jalr"};
    CHECK(namesWith(mips::attr::kBranch) == kBranches);
    CHECK(namesWith(mips::attr::kJump) == kJumps);
    std::set<std::string> both = kBranches;
    both.insert(kJumps.begin(), kJumps.end());
    CHECK(namesWith(mips::attr::kDelaySlot) == both);
    // JAL, BLTZAL, BGEZAL link to r31; JALR to rd.
    CHECK(namesWith(mips::attr::kLink) == std::set<std::string>{"jal", "jalr", "bltzal", "bgezal"});
    CHECK(namesWith(mips::attr::kWritesRa) == std::set<std::string>{"jal", "bltzal", "bgezal"});
    CHECK(mips::info(Mnemonic::kJalr).has(mips::attr::kWritesRd));
    // Exception opcodes execute at once, without a delay slot ("exception opcodes").
    CHECK_FALSE(mips::info(Mnemonic::kSyscall).has(mips::attr::kDelaySlot));
    CHECK_FALSE(mips::info(Mnemonic::kBreak).has(mips::attr::kDelaySlot));
}

TEST_CASE("Loads and stores: which ones, their size, and the load delay", "[cpu][mips]") {
    // "Load instructions" / "Store instructions"; LWL/LWR are loads that merge with rt
    // ("Unaligned Load/Store"); LWC2/SWC2 move GTE data registers.
    const std::set<std::string> kLoads = {"lb", "lbu", "lh", "lhu", "lw", "lwl", "lwr", "lwc2"};
    const std::set<std::string> kStores = {"sb", "sh", "sw", "swl", "swr", "swc2"};
    CHECK(namesWith(mips::attr::kLoad) == kLoads);
    CHECK(namesWith(mips::attr::kStore) == kStores);
    for (auto name : {"lb", "lbu", "sb"})
        CHECK(mips::info(byName(name)).size == 1);
    for (auto name : {"lh", "lhu", "sh"})
        CHECK(mips::info(byName(name)).size == 2);
    for (auto name : {"lw", "lwl", "lwr", "sw", "swl", "swr", "lwc2", "swc2"})
        CHECK(mips::info(byName(name)).size == 4);
    CHECK(mips::info(Mnemonic::kLwl).has(mips::attr::kReadsRt | mips::attr::kWritesRt));
    CHECK(mips::info(Mnemonic::kLwr).has(mips::attr::kReadsRt | mips::attr::kWritesRt));
    // "Caution - Load Delay": memory loads into general registers and coprocessor reads
    // (MFCn/CFCn) reach rt after the next instruction; LWC2 writes the GTE, not rt.
    std::set<std::string> delayed = kLoads;
    delayed.erase("lwc2");
    for (auto n : {"0", "1", "2", "3"})
        delayed.insert(std::string("mfc") + n);
    for (auto n : {"1", "2", "3"})
        delayed.insert(std::string("cfc") + n); // CFC0 is reserved
    CHECK(namesWith(mips::attr::kLoadDelay) == delayed);
    // Stores read both their base and the stored register.
    for (const auto& s : kStores) {
        if (s == "swc2") continue;
        CHECK(mips::info(byName(s)).has(mips::attr::kReadsRs | mips::attr::kReadsRt));
    }
}

TEST_CASE("Which instructions can trap, and with which exception", "[cpu][mips]") {
    // Ovf: "ADD/ADDI/SUB ... exception on overflow"; ADDU/ADDIU/SUBU never trap.
    CHECK(namesWith(mips::attr::kTrapOverflow) == std::set<std::string>{"add", "addi", "sub"});
    // AdEL/AdES (misaligned or kernel address in user mode) and DBE: the memory accesses.
    std::set<std::string> memory = namesWith(mips::attr::kLoad | mips::attr::kStore);
    CHECK(namesWith(mips::attr::kTrapAddress) == memory);
    CHECK(namesWith(mips::attr::kTrapSyscall) == std::set<std::string>{"syscall"});
    CHECK(namesWith(mips::attr::kTrapBreak) == std::set<std::string>{"break"});
    // RI: N/A encodings; on COP0 the TLB commands, other commands, CFC0/CTC0 (no control
    // registers) and MFC0 of an N/A register ("COP0 - Misc").
    CHECK(namesWith(mips::attr::kTrapReserved) == std::set<std::string>{"illegal", "mfc0", "cfc0",
                                                                        "ctc0", "cop0", "tlbr",
                                                                        "tlbwi", "tlbwr", "tlbp"});
    // CpU: every coprocessor instruction that can run, when SR.CUn is clear (COP0: in user
    // mode without CU0); BCnF/BCnT of COP0 and LWC0/SWC0 always.
    std::set<std::string> cpu;
    for (const auto& i : mips::kOpInfo)
        if (i.cop != mips::kNoCop && !(i.attrs & mips::attr::kTrapReserved)) cpu.insert(i.name);
    cpu.insert("mfc0");
    CHECK(namesWith(mips::attr::kTrapCopUnusable) == cpu);
    // Everything else (ALU, shifts, jumps, branches, HI/LO moves) never traps by itself.
    for (auto name : {"addu", "addiu", "subu", "and", "or",   "xor",  "nor",  "slt", "sltu", "sll",
                      "srav", "lui",   "mult", "div", "divu", "mfhi", "mtlo", "j",   "jr",   "beq"})
        CHECK_FALSE((mips::info(byName(name)).attrs & mips::attr::kCanTrap) != 0);
}

TEST_CASE("The attribute table is complete and its COP numbers match the names", "[cpu][mips]") {
    std::set<std::string> names;
    for (size_t i = 0; i < size_t(Mnemonic::kCount); ++i) {
        const auto& info = mips::kOpInfo[i];
        REQUIRE(info.name != nullptr);
        names.insert(info.name);
        // A load is never a store; only memory accesses have a size.
        CHECK_FALSE((info.has(mips::attr::kLoad) && info.has(mips::attr::kStore)));
        CHECK((info.size != 0) == ((info.attrs & (mips::attr::kLoad | mips::attr::kStore)) != 0));
        std::string n = info.name;
        bool copName =
            n.size() >= 4 && std::isdigit(static_cast<unsigned char>(n.back())) && n != "illegal";
        if (n.rfind("bc", 0) == 0) copName = true; // bcNf / bcNt
        if (copName) {
            char digit = n.rfind("bc", 0) == 0 ? n[2] : n.back();
            CHECK(info.cop == digit - '0');
        }
    }
    CHECK(names.size() == size_t(Mnemonic::kCount)); // every row has its own name
    CHECK(mips::info(Mnemonic::kRfe).cop == 0);
    CHECK(mips::info(Mnemonic::kAdd).cop == mips::kNoCop);
}

TEST_CASE("Encoders round-trip through the decoder and the disassembler", "[cpu][mips]") {
    using namespace mips; // register names
    struct Case {
        uint32_t word;
        Mnemonic m;
        const char* text; // at pc 80001000h
    };
    const Case kCases[] = {
        {enc::kNop, Mnemonic::kSll, "nop"},
        {enc::sll(kT0, kT1, 4), Mnemonic::kSll, "sll t0, t1, 4"},
        {enc::sra(kV0, kV1, 31), Mnemonic::kSra, "sra v0, v1, 31"},
        {enc::srlv(kA0, kA1, kA2), Mnemonic::kSrlv, "srlv a0, a1, a2"},
        {enc::jr(kRa), Mnemonic::kJr, "jr ra"},
        {enc::jalr(kRa, kT9), Mnemonic::kJalr, "jalr t9"},
        {enc::jalr(kS0, kT9), Mnemonic::kJalr, "jalr s0, t9"},
        {enc::syscall(), Mnemonic::kSyscall, "syscall 0x0"},
        {enc::brk(0x1c00), Mnemonic::kBreak, "break 0x1c00"},
        {enc::mfhi(kT2), Mnemonic::kMfhi, "mfhi t2"},
        {enc::mtlo(kT3), Mnemonic::kMtlo, "mtlo t3"},
        {enc::multu(kS1, kS2), Mnemonic::kMultu, "multu s1, s2"},
        {enc::div(kS3, kS4), Mnemonic::kDiv, "div s3, s4"},
        {enc::add(kT4, kT5, kT6), Mnemonic::kAdd, "add t4, t5, t6"},
        {enc::subu(kT7, kT8, kT9), Mnemonic::kSubu, "subu t7, t8, t9"},
        {enc::nor(kK0, kK1, kGp), Mnemonic::kNor, "nor k0, k1, gp"},
        {enc::sltu(kFp, kSp, kAt), Mnemonic::kSltu, "sltu fp, sp, at"},
        {enc::bltz(kA0, 4), Mnemonic::kBltz, "bltz a0, 0x80001014"},
        {enc::bgezal(kA1, -1), Mnemonic::kBgezal, "bgezal a1, 0x80001000"},
        {enc::j(enc::jumpField(0x80010000)), Mnemonic::kJ, "j 0x80010000"},
        {enc::jal(enc::jumpField(0x80020040)), Mnemonic::kJal, "jal 0x80020040"},
        {enc::beq(kZero, kZero, -1), Mnemonic::kBeq, "b 0x80001000"},
        {enc::beq(kT0, kT1, 2), Mnemonic::kBeq, "beq t0, t1, 0x8000100c"},
        {enc::bne(kT0, kZero, -3), Mnemonic::kBne, "bne t0, zero, 0x80000ff8"},
        {enc::blez(kS5, 1), Mnemonic::kBlez, "blez s5, 0x80001008"},
        {enc::addi(kT0, kT0, -16), Mnemonic::kAddi, "addi t0, t0, -0x10"},
        {enc::addiu(kSp, kSp, 0x18), Mnemonic::kAddiu, "addiu sp, sp, 0x18"},
        {enc::slti(kV0, kA0, -1), Mnemonic::kSlti, "slti v0, a0, -0x1"},
        {enc::andi(kV0, kV0, 0xff00), Mnemonic::kAndi, "andi v0, v0, 0xff00"},
        {enc::ori(kT3, kZero, 0x804), Mnemonic::kOri, "ori t3, zero, 0x804"},
        {enc::lui(kT1, 0xfffe), Mnemonic::kLui, "lui t1, 0xfffe"},
        {enc::lb(kA0, -1, kA1), Mnemonic::kLb, "lb a0, -0x1(a1)"},
        {enc::lhu(kA2, 2, kA3), Mnemonic::kLhu, "lhu a2, 0x2(a3)"},
        {enc::lwl(kT0, 3, kT1), Mnemonic::kLwl, "lwl t0, 0x3(t1)"},
        {enc::lw(kT2, 0x130, kT1), Mnemonic::kLw, "lw t2, 0x130(t1)"},
        {enc::lwr(kT0, 0, kT1), Mnemonic::kLwr, "lwr t0, 0x0(t1)"},
        {enc::sh(kT0, 6, kSp), Mnemonic::kSh, "sh t0, 0x6(sp)"},
        {enc::swl(kT0, 3, kSp), Mnemonic::kSwl, "swl t0, 0x3(sp)"},
        {enc::sw(kRa, 0x14, kSp), Mnemonic::kSw, "sw ra, 0x14(sp)"},
        {enc::swr(kT0, 0, kSp), Mnemonic::kSwr, "swr t0, 0x0(sp)"},
        {enc::lwc(2, 5, 8, kA0), Mnemonic::kLwc2, "lwc2 $5, 0x8(a0)"},
        {enc::swc(2, 31, -4, kA0), Mnemonic::kSwc2, "swc2 $31, -0x4(a0)"},
        {enc::mfc0(kT0, cop0::kSr), Mnemonic::kMfc0, "mfc0 t0, $12"},
        {enc::mtc0(kZero, cop0::kCause), Mnemonic::kMtc0, "mtc0 zero, $13"},
        {enc::cfc(2, kV0, 31), Mnemonic::kCfc2, "cfc2 v0, $31"},
        {enc::ctc(2, kV1, 0), Mnemonic::kCtc2, "ctc2 v1, $0"},
        {enc::mtc(2, kA0, 9), Mnemonic::kMtc2, "mtc2 a0, $9"},
        {enc::mfc(3, kA0, 9), Mnemonic::kMfc3, "mfc3 a0, $9"},
        {enc::bcf(2, 1), Mnemonic::kBc2f, "bc2f 0x80001008"},
        {enc::bct(1, -2), Mnemonic::kBc1t, "bc1t 0x80000ffc"},
        {enc::copCommand(2, 0x0180001), Mnemonic::kCop2, "cop2 0x0180001"},
        {enc::rfe(), Mnemonic::kRfe, "rfe"},
    };
    for (const auto& c : kCases) {
        INFO(c.text);
        CHECK(mips::decode(c.word) == c.m);
        CHECK(core::disassemble(0x80001000, c.word) == c.text);
    }
    // Fields come back as they went in.
    const mips::Instruction in{enc::rType(mips::funct::kSlt, 21, 22, 23, 24)};
    CHECK((in.rs() == 21 && in.rt() == 22 && in.rd() == 23 && in.shamt() == 24));
    const mips::Instruction i2{enc::iType(mips::op::kSltiu, 9, 10, 0xbeef)};
    CHECK((i2.op() == mips::op::kSltiu && i2.rs() == 9 && i2.rt() == 10 && i2.imm() == 0xbeef));
    CHECK(mips::Instruction{enc::brk(0xabcde)}.code() == 0xabcde);
    CHECK(mips::Instruction{enc::jal(0x3abcdef)}.target() == 0x3abcdef);
    // Every register field of every encoder lands in its own field, for all 32 registers.
    for (uint32_t r = 0; r < 32; ++r) {
        CHECK(mips::Instruction{enc::addu(r, 0, 0)}.rd() == r);
        CHECK(mips::Instruction{enc::addu(0, r, 0)}.rs() == r);
        CHECK(mips::Instruction{enc::addu(0, 0, r)}.rt() == r);
        CHECK(mips::Instruction{enc::sw(r, 0, 0)}.rt() == r);
        CHECK(mips::Instruction{enc::sw(0, 0, r)}.rs() == r);
        CHECK(mips::Instruction{enc::mtc0(r, 0)}.rt() == r);
        CHECK(mips::Instruction{enc::mtc0(0, r)}.rd() == r);
    }
}

namespace {
// A bare machine in kernel mode with every coprocessor usable, running one instruction.
struct Bare {
    core::Scheduler sched;
    core::Bus bus;
    core::Irq irq;
    core::Gte gte;
    core::Cpu cpu{bus, sched, irq, gte};
    Bare() {
        bus.map(irq.describe());
        cpu.setCop0(mips::cop0::kSr,
                    mips::sr::kCU0 | mips::sr::kCU1 | mips::sr::kCU2 | mips::sr::kCU3);
    }
    // The Cause.ExcCode after executing `word` at 80001000h, or -1 when no exception.
    int run(uint32_t word) {
        cpu.setPc(0x80001000);
        std::memcpy(bus.ram() + 0x1000, &word, 4);
        cpu.setReg(mips::kSp, 0x80002000); // loads/stores through sp stay in RAM
        cpu.step();
        if (cpu.pc() != mips::vector::kGeneral) return -1;
        return int(mips::cause::excCode(cpu.cop0(mips::cop0::kCause)));
    }
};
} // namespace

TEST_CASE("The interpreter raises RI exactly for what the table calls reserved", "[cpu][mips]") {
    // In kernel mode with every CUn set, an instruction whose only possible trap is RI
    // always raises it (N/A encodings, TLB commands, CFC0/CTC0); one without RI never does.
    // Register fields point at r29 (sp) and r0 so that memory accesses stay in RAM and
    // MFC0 reads an existing register (SR).
    for (uint32_t op = 0; op < 64; ++op) {
        for (uint32_t low : {0u, 1u, 2u, 6u, 8u, 0x10u, 0x3fu}) {
            for (uint32_t rs : {29u, 0u, 2u, 3u, 6u, 8u, 9u, 0x10u, 0x1fu}) {
                uint32_t word = (op << 26) | (rs << 21) | (12u << 11) | low;
                if (op == 0) word = (29u << 21) | (low << 0); // SPECIAL: vary the function
                const auto& info = mips::info(word);
                if (info.has(mips::attr::kTrapSyscall) || info.has(mips::attr::kTrapBreak))
                    continue;
                Bare m;
                int code = m.run(word);
                INFO(core::disassemble(0x80001000, word));
                bool onlyReserved =
                    (info.attrs & mips::attr::kCanTrap) == mips::attr::kTrapReserved;
                if (onlyReserved) CHECK(code == int(mips::exc::kRI));
                if (!info.has(mips::attr::kTrapReserved)) CHECK(code != int(mips::exc::kRI));
            }
        }
    }
    // SPECIAL functions 00h..3Fh.
    for (uint32_t fn = 0; fn < 64; ++fn) {
        uint32_t word = (29u << 21) | fn;
        const auto& info = mips::info(word);
        Bare m;
        int code = m.run(word);
        INFO(core::disassemble(0x80001000, word));
        CHECK((code == int(mips::exc::kRI)) == info.has(mips::attr::kTrapReserved));
    }
}
