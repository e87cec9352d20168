// GTE tests. Expected values are worked out by hand from psx-spx "Geometry Transformation
// Engine (GTE)" (formulas, saturation table, division algorithm); the derivation of each value
// is in the comment next to it.
#include <catch2/catch.hpp>

#include <cstring>
#include <initializer_list>

#include "core/cpu/gte.h"
#include "savestate/state_io.h"

using core::Gte;

namespace {

constexpr uint32_t kSf = 1u << 19;
constexpr uint32_t kLm = 1u << 10;

// Command words from the "GTE Opcode Summary" / command headings.
constexpr uint32_t RTPS = 0x0180001; // sf=1
constexpr uint32_t RTPT = 0x0280030; // sf=1
constexpr uint32_t NCLIP = 0x1400006;
constexpr uint32_t OP = 0x170000C;    // + sf
constexpr uint32_t DPCS = 0x0780010;  // sf=1
constexpr uint32_t INTPL = 0x0980011; // sf=1
constexpr uint32_t MVMVA = 0x0400012; // + sf, mx, v, cv, lm
constexpr uint32_t NCDS = 0x0E80413;  // sf=1 lm=1
constexpr uint32_t CDP = 0x1280414;   // sf=1 lm=1
constexpr uint32_t NCDT = 0x0F80416;  // sf=1 lm=1
constexpr uint32_t NCCS = 0x108041B;  // sf=1 lm=1
constexpr uint32_t CC = 0x138041C;    // sf=1 lm=1
constexpr uint32_t NCS = 0x0C8041E;   // sf=1 lm=1
constexpr uint32_t NCT = 0x0D80420;   // sf=1 lm=1
constexpr uint32_t SQR = 0x0A00428;   // + sf
constexpr uint32_t DCPL = 0x0680029;  // sf=1 lm=1
constexpr uint32_t DPCT = 0x0F8002A;  // sf=1
constexpr uint32_t AVSZ3 = 0x158002D;
constexpr uint32_t AVSZ4 = 0x168002E;
constexpr uint32_t GPF = 0x190003D;  // + sf
constexpr uint32_t GPL = 0x1A0003E;  // + sf
constexpr uint32_t NCCT = 0x118043F; // sf=1 lm=1

constexpr uint32_t mvmva(uint32_t mx, uint32_t v, uint32_t cv) {
    return MVMVA | kSf | (mx << 17) | (v << 15) | (cv << 13);
}

constexpr uint32_t bit(int b) {
    return 1u << b;
}
constexpr uint32_t kErr = 0x80000000u; // FLAG.31

uint32_t pair(int lo, int hi) {
    return static_cast<uint16_t>(lo) | (static_cast<uint32_t>(static_cast<uint16_t>(hi)) << 16);
}

// Control registers 0-4 (RT), 8-12 (LLM), 16-20 (LCM).
void setMatrix(Gte& g, uint32_t base, std::initializer_list<int> m9) {
    int e[9];
    int i = 0;
    for (int x : m9)
        e[i++] = x;
    g.writeControl(base + 0, pair(e[0], e[1]));
    g.writeControl(base + 1, pair(e[2], e[3]));
    g.writeControl(base + 2, pair(e[4], e[5]));
    g.writeControl(base + 3, pair(e[6], e[7]));
    g.writeControl(base + 4, static_cast<uint32_t>(e[8]));
}
void setDiag(Gte& g, uint32_t base, int d) {
    setMatrix(g, base, {d, 0, 0, 0, d, 0, 0, 0, d});
}
void setVec(Gte& g, uint32_t base, int x, int y, int z) {
    g.writeControl(base, static_cast<uint32_t>(x));
    g.writeControl(base + 1, static_cast<uint32_t>(y));
    g.writeControl(base + 2, static_cast<uint32_t>(z));
}
void setV(Gte& g, int n, int x, int y, int z) {
    g.writeData(2 * n, pair(x, y));
    g.writeData(2 * n + 1, static_cast<uint32_t>(z));
}
void setIr(Gte& g, int ir1, int ir2, int ir3) {
    g.writeData(9, static_cast<uint32_t>(ir1));
    g.writeData(10, static_cast<uint32_t>(ir2));
    g.writeData(11, static_cast<uint32_t>(ir3));
}
int32_t mac(Gte& g, int i) {
    return static_cast<int32_t>(g.readData(24 + i));
}
int32_t ir(Gte& g, int i) {
    return static_cast<int32_t>(g.readData(8 + i));
}
uint32_t flag(Gte& g) {
    return g.readControl(31);
}
uint32_t rgbWord(int r, int gr, int b, int code) {
    return static_cast<uint32_t>(r | (gr << 8) | (b << 16) | (code << 24));
}

constexpr uint32_t kRt = 0, kTr = 5, kLlm = 8, kBk = 13, kLcm = 16, kFc = 21;

} // namespace

// ---------------------------------------------------------------------------------------------
// Registers

TEST_CASE("GTE: 16-bit signed data registers read back sign-extended", "[gte]") {
    Gte g;
    for (uint32_t r : {1u, 3u, 5u, 8u, 9u, 10u, 11u}) {
        g.writeData(r, 0x12348000);
        CHECK(g.readData(r) == 0xFFFF8000u);
        g.writeData(r, 0xFFFF7FFF);
        CHECK(g.readData(r) == 0x00007FFFu);
    }
}

TEST_CASE("GTE: OTZ and SZ0-3 read back zero-extended 16-bit", "[gte]") {
    Gte g;
    for (uint32_t r : {7u, 16u, 17u, 18u, 19u}) {
        g.writeData(r, 0xFFFF8001);
        CHECK(g.readData(r) == 0x8001u);
    }
}

TEST_CASE("GTE: VXY - SXY - RGBC - RGB FIFO - RES1 - MAC and LZCS read back as written", "[gte]") {
    Gte g;
    for (uint32_t r :
         {0u, 2u, 4u, 6u, 12u, 13u, 14u, 20u, 21u, 22u, 23u, 24u, 25u, 26u, 27u, 30u}) {
        g.writeData(r, 0x8001FFFE + r);
        CHECK(g.readData(r) == 0x8001FFFE + r);
    }
    // RGBC byte order: R in bits 0-7, CODE in bits 24-31.
    g.writeData(6, rgbWord(0x11, 0x22, 0x33, 0x44));
    CHECK(g.state().rgbc[0] == 0x11);
    CHECK(g.state().rgbc[3] == 0x44);
    // 32-bit writes to 16-bit registers neither saturate nor flag (12008900h -> FFFF8900h).
    g.writeData(9, 0x12008900);
    CHECK(g.readData(9) == 0xFFFF8900u);
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: control registers read back with documented sign extension", "[gte]") {
    Gte g;
    // Matrix pairs are returned raw; the last element (RT33/L33/LB3) sign-expanded.
    for (uint32_t base : {kRt, kLlm, kLcm}) {
        for (uint32_t k = 0; k < 4; ++k) {
            g.writeControl(base + k, 0x80017FFE);
            CHECK(g.readControl(base + k) == 0x80017FFEu);
        }
        g.writeControl(base + 4, 0x00018000);
        CHECK(g.readControl(base + 4) == 0xFFFF8000u);
    }
    // TR, BK, FC, OFX, OFY, DQB are 32-bit.
    for (uint32_t r : {5u, 6u, 7u, 13u, 14u, 15u, 21u, 22u, 23u, 24u, 25u, 28u}) {
        g.writeControl(r, 0x87654321);
        CHECK(g.readControl(r) == 0x87654321u);
    }
    // DQA, ZSF3, ZSF4 are signed 16-bit.
    for (uint32_t r : {27u, 29u, 30u}) {
        g.writeControl(r, 0x0000FFFF);
        CHECK(g.readControl(r) == 0xFFFFFFFFu);
        g.writeControl(r, 0xFFFF1234);
        CHECK(g.readControl(r) == 0x1234u);
    }
    // H bug: unsigned, but read back sign-expanded.
    g.writeControl(26, 0x00008000);
    CHECK(g.readControl(26) == 0xFFFF8000u);
    g.writeControl(26, 0x12347FFF);
    CHECK(g.readControl(26) == 0x7FFFu);
}

TEST_CASE("GTE: H is used unsigned by RTPS despite the sign-expanded read-back", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    g.writeControl(26, 0x8000); // H = 8000h
    setV(g, 0, 0x100, 0, 0x6000);
    g.execute(RTPS);
    // SZ3 = 6000h, H < 2*SZ3: UNR(8000h/6000h) = 15555h (1.333 in 16.16), no overflow flag.
    CHECK(flag(g) == 0);
    CHECK(g.readData(19) == 0x6000u);
    // SX2 = (15555h*100h + 0) >> 16 = 155h
    CHECK(g.state().sxy[2][0] == 0x155);
}

TEST_CASE("GTE: SXYP write pushes the SXY FIFO - SXY2 write does not - SXYP reads SXY2", "[gte]") {
    Gte g;
    g.writeData(12, pair(1, -1));
    g.writeData(13, pair(2, -2));
    g.writeData(14, pair(3, -3));
    CHECK(g.readData(15) == pair(3, -3));
    g.writeData(15, pair(4, -4));
    CHECK(g.readData(12) == pair(2, -2));
    CHECK(g.readData(13) == pair(3, -3));
    CHECK(g.readData(14) == pair(4, -4));
    CHECK(g.readData(15) == pair(4, -4));
    g.writeData(14, pair(5, -5)); // no move
    CHECK(g.readData(12) == pair(2, -2));
    CHECK(g.readData(13) == pair(3, -3));
    CHECK(g.readData(14) == pair(5, -5));
}

TEST_CASE("GTE: LZCR counts leading zeroes (positive) or ones (negative) - 1..32", "[gte]") {
    Gte g;
    auto lzcr = [&](uint32_t v) {
        g.writeData(30, v);
        return g.readData(31);
    };
    CHECK(lzcr(0) == 32);
    CHECK(lzcr(0xFFFFFFFF) == 32);
    for (int k = 0; k < 31; ++k) {
        CHECK(lzcr(1u << k) == static_cast<uint32_t>(31 - k));  // positive power of two
        CHECK(lzcr(~0u << k) == static_cast<uint32_t>(32 - k)); // -(2^k): ones then zeroes
    }
    CHECK(lzcr(0x80000000) == 1);
    CHECK(lzcr(0x7FFFFFFF) == 1);
    CHECK(lzcr(0xFFFF0000) == 16);
    CHECK(lzcr(0x0000FFFF) == 16);
    // LZCR is read-only; LZCS reads back as written.
    g.writeData(30, 0x00010000);
    g.writeData(31, 5);
    CHECK(g.readData(31) == 15);
    CHECK(g.readData(30) == 0x00010000u);
}

TEST_CASE("GTE: after reset LZCR matches LZCS = 0 (32) and FLAG is clear", "[gte]") {
    Gte g;
    g.writeData(30, 0x1234);
    g.writeControl(31, 0x7FFFF000);
    g.reset();
    CHECK(g.readData(30) == 0);
    CHECK(g.readData(31) == 32);
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: IRGB write expands 5:5:5 into IR1-3 times 80h", "[gte]") {
    Gte g;
    g.writeData(28, 0xFFFF8000 | (0x1F) | (0x0A << 5) | (0x01 << 10));
    CHECK(ir(g, 1) == 0x1F * 0x80);
    CHECK(ir(g, 2) == 0x0A * 0x80);
    CHECK(ir(g, 3) == 0x01 * 0x80);
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: IRGB/ORGB round trip for every 5-bit value", "[gte]") {
    Gte g;
    for (uint32_t c = 0; c < 32; ++c) {
        const uint32_t v = c | ((31 - c) << 5) | (((c * 7) & 31) << 10);
        g.writeData(28, v);
        CHECK(g.readData(28) == v);
        CHECK(g.readData(29) == v);
    }
}

TEST_CASE("GTE: ORGB collapses IR/80h saturated to 0..1Fh - no flags - read-only", "[gte]") {
    Gte g;
    setIr(g, -1, 0x7FFF, 0x0F7F);
    // -1/80h -> 0; 7FFFh/80h = FFh -> 1Fh; F7Fh/80h = 1Eh
    CHECK(g.readData(29) == (0u | (0x1Fu << 5) | (0x1Eu << 10)));
    CHECK(g.readData(28) == g.readData(29)); // IRGB mirrors the same value
    setIr(g, 0x1000, -0x8000, 0x0F80);       // 20h -> 1Fh; negative -> 0; F80h -> 1Fh
    CHECK(g.readData(29) == (0x1Fu | (0u << 5) | (0x1Fu << 10)));
    CHECK(flag(g) == 0);
    g.writeData(29, 0); // ORGB write ignored
    CHECK(ir(g, 1) == 0x1000);
    CHECK(g.readData(29) == (0x1Fu | (0x1Fu << 10)));
}

TEST_CASE("GTE: FLAG bits 30..12 writable - 11..0 zero - bit 31 = OR of 30..23 and 18..13",
          "[gte]") {
    Gte g;
    for (int b = 0; b < 32; ++b) {
        g.writeControl(31, bit(b));
        uint32_t expect = 0;
        if (b >= 12 && b <= 30) expect = bit(b);
        if ((b >= 23 && b <= 30) || (b >= 13 && b <= 18)) expect |= kErr;
        INFO("bit " << b);
        CHECK(flag(g) == expect);
    }
    g.writeControl(31, 0xFFFFFFFF);
    CHECK(flag(g) == 0xFFFFF000u);
    // IR3 bit 22, colour bits 21..19 and IR0 bit 12 do not raise bit 31.
    g.writeControl(31, bit(22) | bit(21) | bit(20) | bit(19) | bit(12));
    CHECK(flag(g) == (bit(22) | bit(21) | bit(20) | bit(19) | bit(12)));
}

TEST_CASE("GTE: every command clears FLAG at its start", "[gte]") {
    Gte g;
    for (uint32_t cmd : {AVSZ3, AVSZ4, NCLIP, SQR, OP, GPF, uint32_t{0x02}}) {
        g.writeControl(31, 0x7FFFF000);
        g.execute(cmd); // all inputs zero: no error raised
        INFO("command " << cmd);
        CHECK(flag(g) == 0);
    }
}

TEST_CASE("GTE: N/A command numbers change nothing but FLAG", "[gte]") {
    for (uint32_t op : {0x02u, 0x05u, 0x07u, 0x0Bu, 0x0Fu, 0x15u, 0x17u, 0x1Au, 0x1Du, 0x1Fu, 0x21u,
                        0x27u, 0x2Bu, 0x2Fu, 0x31u, 0x3Cu}) {
        Gte g;
        for (uint32_t r = 0; r < 32; ++r) {
            g.writeData(r, 0x01234567u * (r + 1));
            g.writeControl(r, 0x89ABCDEFu * (r + 1));
        }
        g.writeControl(31, 0);
        const Gte::State before = g.state();
        CHECK(g.execute(op | kSf | kLm) == Gte::kUnknownCommandCycles);
        INFO("opcode " << op);
        CHECK(std::memcmp(&before, &g.state(), sizeof(before)) == 0);
    }
}

TEST_CASE("GTE: command number 00h modifies the registers as RTPS does", "[gte]") {
    Gte a, b;
    for (Gte* g : {&a, &b}) {
        setMatrix(*g, kRt, {0x1000, 0x100, -0x200, 0, 0x1000, 0x300, 0x50, 0, 0x1000});
        setVec(*g, kTr, 10, -20, 0x300);
        setV(*g, 0, 0x123, -0x456, 0x789);
        g->writeControl(26, 0x180);
        g->writeControl(24, 0x1000000);
        g->writeControl(27, 0x20);
        g->writeControl(28, 0x200000);
    }
    CHECK(a.execute(RTPS) == 15);
    CHECK(b.execute(RTPS & ~0x3Fu) == 15);
    CHECK(std::memcmp(&a.state(), &b.state(), sizeof(Gte::State)) == 0);
}

TEST_CASE("GTE: execute returns the documented cycle count of each command", "[gte]") {
    struct Row {
        uint32_t cmd;
        uint32_t cycles;
    };
    const Row rows[] = {{RTPS, 15}, {NCLIP, 8}, {OP, 6},    {DPCS, 8},  {INTPL, 8}, {MVMVA, 8},
                        {NCDS, 19}, {CDP, 13},  {NCDT, 44}, {NCCS, 17}, {CC, 11},   {NCS, 14},
                        {NCT, 30},  {SQR, 5},   {DCPL, 8},  {DPCT, 17}, {AVSZ3, 5}, {AVSZ4, 6},
                        {RTPT, 23}, {GPF, 5},   {GPL, 5},   {NCCT, 39}};
    Gte g;
    for (const Row& r : rows) {
        INFO("command " << r.cmd);
        CHECK(g.execute(r.cmd) == r.cycles);
        // Only bits 0-5 select the command: the fake number in bits 20-24 is ignored.
        CHECK(g.execute((r.cmd & ~0x1F00000u) | 0x1F00000u) == r.cycles);
    }
}

// ---------------------------------------------------------------------------------------------
// RTPS / RTPT

TEST_CASE("GTE: RTPS rotates - translates - projects and depth-cues V0", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    setVec(g, kTr, 0x10, 0x20, 0);
    setV(g, 0, 0x100, -0x80, 0x400);
    g.writeControl(26, 0x200);    // H
    g.writeControl(24, 0xA00000); // OFX = 160.0
    g.writeControl(25, 0x780000); // OFY = 120.0
    g.writeControl(27, 0x10);     // DQA
    g.writeControl(28, 0x100000); // DQB
    for (uint32_t i = 0; i < 4; ++i)
        g.writeData(16 + i, i + 1);
    for (int i = 0; i < 3; ++i)
        g.writeData(12 + i, pair(i + 1, i + 1));
    CHECK(g.execute(RTPS) == 15);
    // MAC = (TR*1000h + RT*V0) >> 12 = (100h+10h, -80h+20h, 400h)
    CHECK(mac(g, 1) == 0x110);
    CHECK(mac(g, 2) == -0x60);
    CHECK(mac(g, 3) == 0x400);
    CHECK(g.readData(9) == 0x110u);
    CHECK(g.readData(10) == 0xFFFFFFA0u);
    CHECK(g.readData(11) == 0x400u);
    // SZ FIFO moves down, SZ3 = 400h; H/SZ3 = 200h/400h -> 8000h
    CHECK(g.readData(16) == 2);
    CHECK(g.readData(17) == 3);
    CHECK(g.readData(18) == 4);
    CHECK(g.readData(19) == 0x400);
    // SX2 = (8000h*110h + A00000h) >> 16 = 128h; SY2 = (8000h*-60h + 780000h) >> 16 = 48h
    CHECK(g.readData(12) == pair(2, 2));
    CHECK(g.readData(13) == pair(3, 3));
    CHECK(g.readData(14) == pair(0x128, 0x48));
    // MAC0 = 8000h*10h + 100000h = 180000h; IR0 = 180h
    CHECK(mac(g, 0) == 0x180000);
    CHECK(ir(g, 0) == 0x180);
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: RTPS sf=0 stores IR3 per lm but FLAG.22 only if MAC3 SAR 12 leaves s16", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    setV(g, 0, 0, 0, 0x10);
    g.execute(RTPS & ~kSf);
    // MAC3 = 1000h*10h = 10000h (no shift): IR3 saturates to 7FFFh silently; SZ3 = 10h.
    CHECK(mac(g, 3) == 0x10000);
    CHECK(ir(g, 3) == 0x7FFF);
    CHECK(g.readData(19) == 0x10);
    CHECK(flag(g) == 0);
    // MAC3 = TRZ*1000h = 8000000h: MAC3 SAR 12 = 8000h > 7FFFh -> FLAG.22; SZ3 = 8000h fits.
    setV(g, 0, 0, 0, 0);
    setVec(g, kTr, 0, 0, 0x8000);
    g.execute(RTPS & ~kSf);
    CHECK(ir(g, 3) == 0x7FFF);
    CHECK(g.readData(19) == 0x8000);
    CHECK(flag(g) == bit(22)); // IR3 is not part of FLAG.31
}

TEST_CASE("GTE: RTPS sf=0 takes SZ3 from the 44-bit MAC3 sum - not the 32-bit register", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    setVec(g, kTr, 0, 0, 0x100000); // sum = 100000h*1000h = 2^32: MAC3 register keeps 0
    g.execute(RTPS & ~kSf);
    CHECK(mac(g, 3) == 0);
    CHECK(ir(g, 3) == 0);
    // MAC3 SAR 12 = 100000h: SZ3 saturates to FFFFh (FLAG.18), FLAG.22; H=0 divides fine.
    CHECK(g.readData(19) == 0xFFFF);
    CHECK(flag(g) == (bit(22) | bit(18) | kErr));
}

TEST_CASE("GTE: RTPS lm=1 clamps IR1/IR2 with flags and IR3 without FLAG.22", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    setV(g, 0, -5, -6, -7);
    g.execute(RTPS | kLm);
    CHECK(mac(g, 1) == -5);
    CHECK(ir(g, 1) == 0);
    CHECK(ir(g, 2) == 0);
    CHECK(ir(g, 3) == 0);
    // IR1 (24), IR2 (23), SZ3 saturated from -7 (18), division overflow as SZ3=0 (17)
    CHECK(flag(g) == (bit(24) | bit(23) | bit(18) | bit(17) | kErr));
    CHECK(g.readData(19) == 0);
    // Same with lm=0: IR keep their negative values, no IR flags.
    g.execute(RTPS);
    CHECK(ir(g, 1) == -5);
    CHECK(ir(g, 3) == -7);
    CHECK(flag(g) == (bit(18) | bit(17) | kErr));
}

TEST_CASE("GTE: RTPS SX2/SY2 saturate to -400h..3FFh (FLAG.14/13)", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    g.writeControl(26, 0x1000); // H = SZ3 -> division 10000h (1.0): SX2 = IR1, SY2 = IR2
    setV(g, 0, 0x3FF, -0x400, 0x1000);
    g.execute(RTPS);
    CHECK(g.readData(14) == pair(0x3FF, -0x400));
    CHECK(flag(g) == 0);
    setV(g, 0, 0x400, -0x401, 0x1000);
    g.execute(RTPS);
    CHECK(g.readData(14) == pair(0x3FF, -0x400));
    CHECK(flag(g) == (bit(14) | bit(13) | kErr));
    setV(g, 0, -0x401, 0x400, 0x1000);
    g.execute(RTPS);
    CHECK(g.readData(14) == pair(-0x400, 0x3FF));
    CHECK(flag(g) == (bit(14) | bit(13) | kErr));
    setV(g, 0, 0x7FFF, 0, 0x1000);
    g.execute(RTPS);
    CHECK(flag(g) == (bit(14) | kErr));
}

TEST_CASE("GTE: RTPS IR0 saturates to 0..1000h (FLAG.12 - not in bit 31)", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    setV(g, 0, 0, 0, 0x1000);
    g.writeControl(26, 0x1000);
    g.writeControl(27, 0); // DQA = 0: MAC0 = DQB
    g.writeControl(28, 0x1000000);
    g.execute(RTPS);
    CHECK(ir(g, 0) == 0x1000);
    CHECK(flag(g) == 0);
    g.writeControl(28, 0x1001000);
    g.execute(RTPS);
    CHECK(ir(g, 0) == 0x1000);
    CHECK(flag(g) == bit(12));
    g.writeControl(28, 0xFFFFFFFF); // MAC0 = -1 -> IR0 = -1 -> 0
    g.execute(RTPS);
    CHECK(mac(g, 0) == -1);
    CHECK(ir(g, 0) == 0);
    CHECK(flag(g) == bit(12));
}

TEST_CASE("GTE: RTPS SZ3 saturates to 0..FFFFh (FLAG.18)", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    g.writeControl(26, 0);
    setVec(g, kTr, 0, 0, 0xFFFF);
    g.execute(RTPS);
    CHECK(g.readData(19) == 0xFFFF);
    CHECK(flag(g) == bit(22)); // IR3 = FFFFh > 7FFFh only; not in FLAG.31
    setVec(g, kTr, 0, 0, 0x10000);
    g.execute(RTPS);
    CHECK(g.readData(19) == 0xFFFF);
    CHECK(flag(g) == (bit(22) | bit(18) | kErr));
}

TEST_CASE("GTE: RTPS MAC0 beyond 32 bits sets FLAG.16/15", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    setV(g, 0, 0x7FFF, -0x8000, 0); // SZ3 = 0: division overflow, n = 1FFFFh
    g.writeControl(24, 0x7FFFFFFF);
    g.writeControl(25, 0x80000000);
    g.execute(RTPS);
    // 1FFFFh*7FFFh + 7FFFFFFFh = 17FFE8000h > 31 bits; 1FFFFh*-8000h - 80000000h < -2^31.
    CHECK(flag(g) == (bit(17) | bit(16) | bit(15) | bit(14) | bit(13) | kErr));
    CHECK(g.readData(14) == pair(0x3FF, -0x400));
}

TEST_CASE("GTE: RTPS division overflow gives 1FFFFh and FLAG.17 when H >= 2*SZ3", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    g.writeControl(26, 0x200);
    setV(g, 0, 0x10, 0, 0x100); // 200h < 2*100h is false
    g.execute(RTPS);
    // SX2 = (1FFFFh*10h) >> 16 = 1Fh
    CHECK(g.state().sxy[2][0] == 0x1F);
    CHECK(flag(g) == (bit(17) | kErr));
    setV(g, 0, 0x10, 0, 0x101); // 200h < 202h: 200h/101h = 1FE02h
    g.execute(RTPS);
    CHECK(g.state().sxy[2][0] == 0x1F); // (1FE02h*10h) >> 16 = 1Fh
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: UNR division results - inaccuracy and min(1FFFFh) without flag", "[gte]") {
    bool ovf = true;
    CHECK(Gte::unrDivide(0x200, 0x400, ovf) == 0x8000);
    CHECK_FALSE(ovf);
    CHECK(Gte::unrDivide(1, 1, ovf) == 0x10000); // d=20000h special case
    CHECK(Gte::unrDivide(0, 1, ovf) == 0);
    CHECK_FALSE(ovf);
    // Hand-worked: z=5, n=7D00h, d=9A40h, u=A7h+101h, d=10086h, d=1A8DEh -> CF74h
    // (exact rounding would give CF75h).
    CHECK(Gte::unrDivide(1000, 1234, ovf) == 0xCF74);
    CHECK(Gte::unrDivide(0xFFFF, 0xFFFF, ovf) == 0xFFFF); // exact: 10000h
    CHECK(Gte::unrDivide(0x155, 0x3E8, ovf) == 0x574C);
    // UNR gives 20000h for these; clamped to 1FFFFh without the overflow flag.
    CHECK(Gte::unrDivide(0xFE3F, 0x7F20, ovf) == 0x1FFFF);
    CHECK_FALSE(ovf);
    CHECK(Gte::unrDivide(0xF015, 0x780B, ovf) == 0x1FFFF);
    CHECK_FALSE(ovf);
    CHECK(Gte::unrDivide(0x7FFF, 0x4000, ovf) == 0x1FFFC);
    CHECK_FALSE(ovf);
    CHECK(Gte::unrDivide(0x200, 0x100, ovf) == 0x1FFFF);
    CHECK(ovf);
    CHECK(Gte::unrDivide(0x200, 0, ovf) == 0x1FFFF);
    CHECK(ovf);
    CHECK(Gte::unrDivide(0, 0, ovf) == 0x1FFFF);
    CHECK(ovf);
}

TEST_CASE("GTE: UNR division stays within 2 of exact rounding for all SZ3 at several H", "[gte]") {
    // n = (H*10000h+SZ3/2)/SZ3 is "almost" the same result as the UNR algorithm.
    for (uint32_t h : {1u, 0x155u, 0x1000u, 0x7FFFu, 0xFFFFu}) {
        for (uint32_t sz = h / 2 + 1; sz <= 0xFFFF; ++sz) {
            bool ovf;
            const uint32_t n = Gte::unrDivide(h, sz, ovf);
            const uint32_t exact = std::min<uint32_t>((h * 0x10000u + sz / 2) / sz, 0x1FFFF);
            REQUIRE_FALSE(ovf);
            REQUIRE(n + 2 >= exact);
            REQUIRE(n <= exact + 2);
        }
    }
}

TEST_CASE("GTE: RTPT shifts V0 - V1 - V2 through the SXY and SZ FIFOs", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    setV(g, 0, 0x10, 0x20, 0x100);
    setV(g, 1, 0x30, 0x40, 0x200);
    setV(g, 2, 0x50, 0x60, 0x400);
    g.writeControl(26, 0x100);
    g.writeControl(27, 0x100);
    g.writeData(19, 0x1234);
    CHECK(g.execute(RTPT) == 23);
    // divisions: 100h/100h = 10000h, 100h/200h = 8000h, 100h/400h = 4000h
    CHECK(g.readData(16) == 0x1234);
    CHECK(g.readData(17) == 0x100);
    CHECK(g.readData(18) == 0x200);
    CHECK(g.readData(19) == 0x400);
    CHECK(g.readData(12) == pair(0x10, 0x20));
    CHECK(g.readData(13) == pair(0x18, 0x20));
    CHECK(g.readData(14) == pair(0x14, 0x18));
    CHECK(ir(g, 1) == 0x50);
    CHECK(ir(g, 3) == 0x400);
    CHECK(mac(g, 0) == 0x400000); // 4000h*DQA(100h)
    CHECK(ir(g, 0) == 0x400);
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: RTPT depth-cues V2 only - V0/V1 never set FLAG.12 or the MAC0 flags", "[gte]") {
    // "RTPS/RTPT": MAC0=Q*DQA+DQB, IR0=MAC0/1000h saturated 0..1000h (FLAG.12); RTPT runs this
    // step for the last vertex only. Q = ((H*20000h/SZ3)+1)/2 per vertex.
    Gte g;
    setDiag(g, kRt, 0x1000);
    g.writeControl(26, 0x100); // H
    g.writeControl(27, 0x100); // DQA
    g.writeControl(28, 0);     // DQB
    // V0: SZ3 = 80h, H >= 2*SZ3 -> Q = 1FFFFh with FLAG.17; its depth cue would be
    // 1FFFFh*100h >> 12 = 1FFFh > 1000h (FLAG.12). SX = 1FFFFh*1000h >> 16 = 1FFFh -> FLAG.14.
    setV(g, 0, 0x1000, 0, 0x80);
    setV(g, 1, 0, 0, 0x200); // Q = 8000h
    setV(g, 2, 0, 0, 0x400); // Q = 4000h: MAC0 = 4000h*100h = 400000h, IR0 = 400h
    g.execute(RTPT);
    CHECK(mac(g, 0) == 0x400000);
    CHECK(ir(g, 0) == 0x400);
    // The division and SX2 flags of V0 accumulate; no FLAG.12.
    CHECK(flag(g) == (bit(17) | bit(14) | kErr));
    CHECK(g.readData(12) == pair(0x3FF, 0)); // V0's SX saturated to 3FFh

    // The same vertices in reverse order: now the last one saturates IR0.
    setV(g, 0, 0, 0, 0x400);
    setV(g, 2, 0, 0, 0x80);
    g.execute(RTPT);
    CHECK(mac(g, 0) == 0x1FFFF00);
    CHECK(ir(g, 0) == 0x1000);
    CHECK(flag(g) == (bit(17) | bit(12) | kErr));
}

TEST_CASE("GTE: RTPT MAC0 overflow of a depth cue V0 would give is not flagged", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    g.writeControl(26, 0x100);       // H
    g.writeControl(27, 0xFFFF8000u); // DQA = -8000h
    g.writeControl(28, 0x2000000);   // DQB
    setV(g, 0, 0, 0, 0x80);          // Q = 1FFFFh: -8000h*1FFFFh + 2000000h < -2^31
    setV(g, 1, 0, 0, 0x4000);        // Q = 100h*10000h/4000h = 400h
    setV(g, 2, 0, 0, 0x4000);        // -8000h*400h + 2000000h = 0
    g.execute(RTPT);
    CHECK(mac(g, 0) == 0);
    CHECK(ir(g, 0) == 0);
    CHECK(flag(g) == (bit(17) | kErr)); // V0's division only: no FLAG.15, no FLAG.12
    // RTPS on V0 alone does run the depth cue: MAC0 negative overflow and IR0 clamped to 0.
    g.execute(RTPS);
    CHECK(ir(g, 0) == 0);
    CHECK(flag(g) == (bit(17) | bit(15) | bit(12) | kErr));
}

// ---------------------------------------------------------------------------------------------
// NCLIP, AVSZ3/4

TEST_CASE("GTE: NCLIP gives the signed doubled area of SXY0-2", "[gte]") {
    Gte g;
    g.writeData(12, pair(0, 0));
    g.writeData(13, pair(10, 0));
    g.writeData(14, pair(0, 10));
    CHECK(g.execute(NCLIP) == 8);
    CHECK(mac(g, 0) == 100);
    g.writeData(13, pair(0, 10));
    g.writeData(14, pair(10, 0));
    g.execute(NCLIP);
    CHECK(mac(g, 0) == -100);
    g.writeData(14, pair(0, 20)); // collinear
    g.execute(NCLIP);
    CHECK(mac(g, 0) == 0);
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: NCLIP beyond 31 bits sets FLAG.16/15 and truncates MAC0", "[gte]") {
    Gte g;
    g.writeData(12, pair(-0x8000, -0x8000));
    g.writeData(13, pair(0x7FFF, -0x8000));
    g.writeData(14, pair(-0x8000, 0x7FFF));
    g.execute(NCLIP); // 2^30 + 3FFF0001h + 2*3FFF8000h = FFFE0001h
    CHECK(g.readData(24) == 0xFFFE0001u);
    CHECK(flag(g) == (bit(16) | kErr));
    g.writeData(13, pair(-0x8000, 0x7FFF));
    g.writeData(14, pair(0x7FFF, -0x8000));
    g.execute(NCLIP); // -FFFE0001h
    CHECK(g.readData(24) == 0x0001FFFFu);
    CHECK(flag(g) == (bit(15) | kErr));
}

TEST_CASE("GTE: AVSZ3/AVSZ4 scale the Z sum into OTZ", "[gte]") {
    Gte g;
    g.writeData(16, 0x100);
    g.writeData(17, 0x300);
    g.writeData(18, 0x600);
    g.writeData(19, 0x900);
    g.writeControl(29, 0x555);
    CHECK(g.execute(AVSZ3) == 5);
    CHECK(mac(g, 0) == 0x5FFA00); // 1200h*555h
    CHECK(g.readData(7) == 0x5FF);
    g.writeControl(30, 0x400);
    CHECK(g.execute(AVSZ4) == 6);
    CHECK(mac(g, 0) == 0x1300 * 0x400);
    CHECK(g.readData(7) == 0x4C0);
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: OTZ saturates to 0..FFFFh (FLAG.18)", "[gte]") {
    Gte g;
    g.writeControl(29, 0x1000);
    g.writeData(17, 0xFFFF);
    g.execute(AVSZ3);
    CHECK(g.readData(7) == 0xFFFF);
    CHECK(flag(g) == 0);
    g.writeData(18, 1);
    g.execute(AVSZ3);
    CHECK(g.readData(7) == 0xFFFF);
    CHECK(flag(g) == (bit(18) | kErr));
    g.writeControl(29, 0xFFFF); // ZSF3 = -1: MAC0 = -10000h -> OTZ 0
    g.execute(AVSZ3);
    CHECK(mac(g, 0) == -0x10000);
    CHECK(g.readData(7) == 0);
    CHECK(flag(g) == (bit(18) | kErr));
}

TEST_CASE("GTE: AVSZ4 MAC0 overflow sets FLAG.16/15 - OTZ from the full sum", "[gte]") {
    Gte g;
    for (uint32_t r = 16; r < 20; ++r)
        g.writeData(r, 0xFFFF);
    g.writeControl(30, 0x7FFF); // 3FFFCh*7FFFh = 1FFFA0004h
    g.execute(AVSZ4);
    CHECK(g.readData(24) == 0xFFFA0004u);
    CHECK(g.readData(7) == 0xFFFF);
    CHECK(flag(g) == (bit(18) | bit(16) | kErr));
    g.writeControl(30, 0x8000); // -8000h*3FFFCh = -1FFFE0000h
    g.execute(AVSZ4);
    CHECK(g.readData(24) == 0x00020000u);
    CHECK(g.readData(7) == 0);
    CHECK(flag(g) == (bit(18) | bit(15) | kErr));
}

// ---------------------------------------------------------------------------------------------
// OP, SQR

TEST_CASE("GTE: OP is the cross product of (RT11 -RT22 -RT33) and IR", "[gte]") {
    Gte g;
    setMatrix(g, kRt, {0x1000, 0x7777, 0x7777, 0x7777, 0x2000, 0x7777, 0x7777, 0x7777, 0x3000});
    setIr(g, 0x400, 0x100, 0x200);
    // D=(1,2,3) (4.12), IR=(4,1,2)*100h: (2*2-3*1, 3*4-1*2, 1*1-2*4) = (1, 10, -7)*100h
    CHECK(g.execute(OP | kSf) == 6);
    CHECK(mac(g, 1) == 0x100);
    CHECK(mac(g, 2) == 0xA00);
    CHECK(mac(g, 3) == -0x700);
    CHECK(ir(g, 3) == -0x700);
    CHECK(flag(g) == 0);
    setIr(g, 0x400, 0x100, 0x200);
    g.execute(OP | kSf | kLm);
    CHECK(ir(g, 3) == 0);
    CHECK(flag(g) == bit(22)); // IR3 is not part of FLAG.31
    setIr(g, 0x400, 0x100, 0x200);
    g.execute(OP); // sf=0: MAC = (100000h, A00000h, -700000h)
    CHECK(mac(g, 1) == 0x100000);
    CHECK(mac(g, 3) == -0x700000);
    CHECK(ir(g, 1) == 0x7FFF);
    CHECK(ir(g, 2) == 0x7FFF);
    CHECK(ir(g, 3) == -0x8000);
    CHECK(flag(g) == (bit(24) | bit(23) | bit(22) | kErr));
}

TEST_CASE("GTE: SQR squares IR - sf=0 saturates to 7FFFh - lm has no effect", "[gte]") {
    Gte g;
    setIr(g, -0x100, 0x200, 3);
    CHECK(g.execute(SQR | kSf) == 5);
    CHECK(mac(g, 1) == 0x10);
    CHECK(mac(g, 2) == 0x40);
    CHECK(mac(g, 3) == 0);
    CHECK(flag(g) == 0);
    setIr(g, -0x100, 0x200, 3);
    g.execute(SQR | kLm);
    CHECK(mac(g, 1) == 0x10000);
    CHECK(mac(g, 2) == 0x40000);
    CHECK(mac(g, 3) == 9);
    CHECK(ir(g, 1) == 0x7FFF);
    CHECK(ir(g, 2) == 0x7FFF);
    CHECK(ir(g, 3) == 9);
    CHECK(flag(g) == (bit(24) | bit(23) | kErr));
}

// ---------------------------------------------------------------------------------------------
// MVMVA

TEST_CASE("GTE: MVMVA RT*V0+TR with a general matrix", "[gte]") {
    Gte g;
    setMatrix(g, kRt, {0x1000, 0x800, 0, -0x1000, 0, 0x2000, 0x400, 0x400, 0x400});
    setVec(g, kTr, 1, 2, 3);
    setV(g, 0, 0x100, 0x200, 0x300);
    CHECK(g.execute(mvmva(0, 0, 0)) == 8);
    CHECK(mac(g, 1) == 0x201); // 100h + 100h + TRX
    CHECK(mac(g, 2) == 0x502); // -100h + 600h + TRY
    CHECK(mac(g, 3) == 0x183); // 40h + 80h + C0h + TRZ
    CHECK(ir(g, 1) == 0x201);
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: MVMVA selects every matrix - vector and translation", "[gte]") {
    Gte g;
    setDiag(g, kRt, 0x1000);
    setDiag(g, kLlm, 0x2000);
    setDiag(g, kLcm, 0x3000);
    setVec(g, kTr, 100, 200, 300);
    setVec(g, kBk, 1000, 2000, 3000);
    const int vecs[4][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}};
    const int trs[4][3] = {{100, 200, 300}, {1000, 2000, 3000}, {0, 0, 0}, {0, 0, 0}};
    for (uint32_t mx = 0; mx < 3; ++mx) {
        for (uint32_t v = 0; v < 4; ++v) {
            for (uint32_t cv : {0u, 1u, 3u}) {
                for (int n = 0; n < 3; ++n)
                    setV(g, n, vecs[n][0], vecs[n][1], vecs[n][2]);
                setIr(g, vecs[3][0], vecs[3][1], vecs[3][2]);
                g.execute(mvmva(mx, v, cv));
                INFO("mx " << mx << " v " << v << " cv " << cv);
                for (int i = 0; i < 3; ++i) {
                    const int expect = static_cast<int>(mx + 1) * vecs[v][i] + trs[cv][i];
                    CHECK(mac(g, i + 1) == expect);
                    CHECK(ir(g, i + 1) == expect);
                }
                CHECK(flag(g) == 0);
            }
        }
    }
}

TEST_CASE("GTE: MVMVA cv=2 (FC) drops FC and the first column from the result", "[gte]") {
    Gte g;
    setMatrix(g, kLlm, {0x1000, 0x1000, 0x1000, 0x2000, 0x1000, 0x800, 0x800, 0x800, 0x800});
    setVec(g, kFc, 0x10, 0x20, 0x30);
    setV(g, 1, 0x100, 0x200, 0x300);
    g.execute(mvmva(1, 1, 2));
    // (M12*V2 + M13*V3) >> 12 only
    CHECK(mac(g, 1) == 0x500);
    CHECK(mac(g, 2) == 0x380); // 200h + 180h
    CHECK(mac(g, 3) == 0x280); // 100h + 180h
    CHECK(ir(g, 1) == 0x500);
    CHECK(flag(g) == 0);
    // A far colour that overflows still raises flags although the result ignores it.
    setVec(g, kFc, 0x7FFFFFFF, 0x8000, 0);
    g.execute(mvmva(1, 1, 2));
    CHECK(mac(g, 1) == 0x500);
    CHECK(mac(g, 2) == 0x380);
    CHECK(ir(g, 1) == 0x500);
    CHECK((flag(g) & bit(30)) != 0); // 7FFFFFFF000h + 100000h > 43 bits
    CHECK((flag(g) & bit(23)) != 0); // 8000h + 200h > 7FFFh
    CHECK((flag(g) & kErr) != 0);
}

TEST_CASE("GTE: MVMVA mx=3 uses the garbage matrix -R*10h - R*10h - IR0 - RT13 x3 - RT22 x3",
          "[gte]") {
    Gte g;
    setMatrix(g, kRt, {0x7777, 0x7777, 0x800, 0x7777, 0x1000, 0x7777, 0x7777, 0x7777, 0x7777});
    g.writeData(6, rgbWord(0x10, 0xEE, 0xEE, 0xEE));
    g.writeData(8, 0x1000); // IR0
    setV(g, 0, 0x100, 0x200, 0x300);
    g.execute(mvmva(3, 0, 3));
    CHECK(mac(g, 1) == 0x310); // (-100h*100h + 100h*200h + 1000h*300h) >> 12
    CHECK(mac(g, 2) == 0x300); // 800h*600h >> 12
    CHECK(mac(g, 3) == 0x600); // 1000h*600h >> 12
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: MAC1-3 outside 44 bits set FLAG.30..25 and wrap at 44 bits", "[gte]") {
    Gte g;
    setMatrix(g, kRt, {0x7FFF, 0, 0, -0x8000, 0, 0, 0, 0, 0});
    setVec(g, kTr, 0x7FFFFFFF, static_cast<int>(0x80000000), 0);
    setV(g, 0, 0x7FFF, 0, 0);
    g.execute(mvmva(0, 0, 0));
    // 7FFFFFFF000h + 3FFF0001h = 8003FFEF001h -> wraps to -7FFC0010FFFh; SAR 12 = -7FFC0011h
    CHECK(g.readData(25) == 0x8003FFEFu);
    // -80000000000h - 3FFF8000h wraps to 7FFC0008000h; SAR 12 = 7FFC0008h
    CHECK(g.readData(26) == 0x7FFC0008u);
    CHECK(mac(g, 3) == 0);
    CHECK(ir(g, 1) == -0x8000);
    CHECK(ir(g, 2) == 0x7FFF);
    CHECK(flag(g) == (bit(30) | bit(26) | bit(24) | bit(23) | kErr));
    // MAC3 flags: bit 28 positive, bit 25 negative.
    setMatrix(g, kRt, {0, 0, 0, 0, 0, 0, 0x7FFF, 0, 0});
    setVec(g, kTr, 0, 0, 0x7FFFFFFF);
    g.execute(mvmva(0, 0, 0));
    CHECK(flag(g) == (bit(28) | bit(22) | kErr));
    setVec(g, kTr, 0, 0, static_cast<int>(0x80000000));
    setV(g, 0, -0x7FFF, 0, 0);
    g.execute(mvmva(0, 0, 0));
    CHECK(flag(g) == (bit(25) | bit(22) | kErr));
}

TEST_CASE("GTE: each of MAC1-3 has its own positive (30..28) and negative (27..25) flag", "[gte]") {
    for (int i = 0; i < 3; ++i) {
        for (int sign : {1, -1}) {
            Gte g;
            int m[9] = {};
            m[3 * i] = 0x7FFF * sign;
            setMatrix(g, kRt, {m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]});
            const int t = sign > 0 ? 0x7FFFFFFF : static_cast<int>(0x80000000);
            setVec(g, kTr, i == 0 ? t : 0, i == 1 ? t : 0, i == 2 ? t : 0);
            setV(g, 0, 0x7FFF, 0, 0);
            g.execute(mvmva(0, 0, 0)); // TR*1000h +/- 3FFF0001h leaves the 44-bit range
            const uint32_t macBit = sign > 0 ? bit(30 - i) : bit(27 - i);
            // The wrapped sum has the opposite sign, so IRn saturates too.
            const uint32_t irBit = bit(24 - i);
            INFO("MAC" << i + 1 << " sign " << sign);
            CHECK((flag(g) & 0x7FFFF000u) == (macBit | irBit));
            CHECK((flag(g) & kErr) != 0);
        }
    }
}

TEST_CASE("GTE: an intermediate 44-bit overflow flags even if the final sum fits", "[gte]") {
    Gte g;
    setMatrix(g, kRt, {0x7FFF, -0x8000, 0, 0, 0, 0, 0, 0, 0});
    setVec(g, kTr, 0x7FFFFFFF, 0, 0);
    setV(g, 0, 0x7FFF, 0x7FFF, 0);
    g.execute(mvmva(0, 0, 0) & ~kSf);
    // 7FFFFFFF000h +3FFF0001h overflows (bit 30), -3FFF8000h goes below -2^43 (bit 27);
    // the final 7FFFFFF7001h fits. MAC1 = low 32 bits (sf=0).
    CHECK(g.readData(25) == 0xFFFF7001u);
    CHECK(flag(g) == (bit(30) | bit(27) | bit(24) | kErr));
}

TEST_CASE("GTE: IR1-3 saturate at -8000h/7FFFh (lm=0) and 0/7FFFh (lm=1)", "[gte]") {
    Gte g; // zero matrix: MAC = TR with sf=1
    struct Case {
        int in;
        bool lm;
        int out;
        bool flagged;
    };
    const Case cases[] = {{0x7FFF, false, 0x7FFF, false},
                          {0x8000, false, 0x7FFF, true},
                          {-0x8000, false, -0x8000, false},
                          {-0x8001, false, -0x8000, true},
                          {0x7FFF, true, 0x7FFF, false},
                          {0x8000, true, 0x7FFF, true},
                          {0, true, 0, false},
                          {-1, true, 0, true},
                          {-0x8000, true, 0, true}};
    for (const Case& c : cases) {
        for (int i = 0; i < 3; ++i) {
            setVec(g, kTr, i == 0 ? c.in : 0, i == 1 ? c.in : 0, i == 2 ? c.in : 0);
            g.execute(mvmva(0, 0, 0) | (c.lm ? kLm : 0));
            INFO("in " << c.in << " lm " << c.lm << " IR" << i + 1);
            CHECK(mac(g, i + 1) == c.in);
            CHECK(ir(g, i + 1) == c.out);
            // FLAG.31 covers IR1 (24) and IR2 (23) but not IR3 (22).
            const uint32_t expect = bit(24 - i) | (i < 2 ? kErr : 0u);
            CHECK(flag(g) == (c.flagged ? expect : 0u));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Colour commands

namespace {
void colorSetup(Gte& g) {
    setDiag(g, kLlm, 0x1000);
    setDiag(g, kLcm, 0x1000);
    g.writeData(6, rgbWord(0x80, 0x40, 0x20, 0x2C));
}
} // namespace

TEST_CASE("GTE: NCS adds BK to LCM*(LLM*V0) and pushes MAC/16 with CODE", "[gte]") {
    Gte g;
    colorSetup(g);
    setVec(g, kBk, 0x10, 0x20, 0x30);
    setV(g, 0, 0x800, 0x400, 0x100);
    g.writeData(22, rgbWord(1, 2, 3, 4));
    CHECK(g.execute(NCS) == 14);
    CHECK(mac(g, 1) == 0x810);
    CHECK(mac(g, 2) == 0x420);
    CHECK(mac(g, 3) == 0x130);
    CHECK(ir(g, 2) == 0x420);
    CHECK(g.readData(21) == rgbWord(1, 2, 3, 4));
    CHECK(g.readData(22) == rgbWord(0x81, 0x42, 0x13, 0x2C));
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: colour FIFO saturates to 0..FFh (FLAG.21..19 - not in bit 31)", "[gte]") {
    Gte g;
    colorSetup(g);
    setVec(g, kBk, 0x10, -0x20, 0);
    setV(g, 0, 0x1000, 0x10, 0xFF0);
    g.execute(NCS & ~kLm);
    // MAC = (1010h, -10h, FF0h): R 101h -> FFh, G -1 -> 0, B FFh fits
    CHECK(g.readData(22) == rgbWord(0xFF, 0, 0xFF, 0x2C));
    CHECK(flag(g) == (bit(21) | bit(20)));
    setVec(g, kBk, 0, 0, 0x10);
    setV(g, 0, 0xFFF, 0xF, 0xFF0); // MAC = (FFFh, Fh, 1000h)
    g.execute(NCS);
    CHECK(g.readData(22) == rgbWord(0xFF, 0, 0xFF, 0x2C));
    CHECK(flag(g) == bit(19));
}

TEST_CASE("GTE: NCCS and CC multiply by the RGBC colour", "[gte]") {
    Gte g;
    colorSetup(g);
    setV(g, 0, 0x1000, 0x800, 0x400);
    CHECK(g.execute(NCCS) == 17);
    // (R*IR1) SHL 4 SAR 12: 80h*1000h/100h = 800h, 40h*800h/100h = 200h, 20h*400h/100h = 80h
    CHECK(mac(g, 1) == 0x800);
    CHECK(mac(g, 2) == 0x200);
    CHECK(mac(g, 3) == 0x80);
    CHECK(ir(g, 1) == 0x800);
    CHECK(g.readData(22) == rgbWord(0x80, 0x20, 0x08, 0x2C));
    setIr(g, 0x1000, 0x800, 0x400);
    CHECK(g.execute(CC) == 11);
    CHECK(mac(g, 1) == 0x800);
    CHECK(g.readData(22) == rgbWord(0x80, 0x20, 0x08, 0x2C));
    CHECK(g.readData(21) == rgbWord(0x80, 0x20, 0x08, 0x2C));
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: NCDS and CDP interpolate the lit colour towards FC by IR0", "[gte]") {
    Gte g;
    colorSetup(g);
    setVec(g, kFc, 0x1000, 0, 0x80);
    g.writeData(8, 0x800); // IR0 = 0.5
    setV(g, 0, 0x1000, 0x800, 0x400);
    CHECK(g.execute(NCDS) == 19);
    // R: 800000h + ((1000000h-800000h)>>12)*800h = C00000h -> C00h
    // G: 200000h + (-200h*800h) = 100000h -> 100h;  B: 80000h + 0 -> 80h
    CHECK(mac(g, 1) == 0xC00);
    CHECK(mac(g, 2) == 0x100);
    CHECK(mac(g, 3) == 0x80);
    CHECK(g.readData(22) == rgbWord(0xC0, 0x10, 0x08, 0x2C));
    CHECK(flag(g) == 0);
    setIr(g, 0x1000, 0x800, 0x400);
    CHECK(g.execute(CDP) == 13);
    CHECK(mac(g, 1) == 0xC00);
    CHECK(g.readData(22) == rgbWord(0xC0, 0x10, 0x08, 0x2C));
}

TEST_CASE("GTE: the (FC-MAC) intermediate saturates as if lm=0", "[gte]") {
    Gte g;
    colorSetup(g);
    setV(g, 0, 0x1000, 0, 0);
    g.writeData(8, 0x100);
    setVec(g, kFc, -0x100, 0, 0);
    g.execute(NCDS); // lm=1
    // (-100000h - 800000h) >> 12 = -900h kept negative; 800000h - 900h*100h = 770000h -> 770h
    CHECK(mac(g, 1) == 0x770);
    CHECK(flag(g) == 0);
    // A far colour beyond 7FFFh saturates the intermediate IR1 (FLAG.24).
    setVec(g, kFc, 0x100000, 0, 0);
    g.writeData(8, 0x1000);
    g.execute(NCDS);
    CHECK(mac(g, 1) == 0x87FF); // (800000h + 7FFFh*1000h) >> 12
    CHECK(ir(g, 1) == 0x7FFF);
    CHECK(flag(g) == (bit(24) | bit(21) | kErr));
}

TEST_CASE("GTE: NCT - NCCT and NCDT process V0 - V1 - V2 into the FIFO", "[gte]") {
    Gte g;
    colorSetup(g);
    setV(g, 0, 0x100, 0x200, 0x300);
    setV(g, 1, 0x400, 0x500, 0x600);
    setV(g, 2, 0x700, 0x800, 0x900);
    CHECK(g.execute(NCT) == 30);
    CHECK(g.readData(20) == rgbWord(0x10, 0x20, 0x30, 0x2C));
    CHECK(g.readData(21) == rgbWord(0x40, 0x50, 0x60, 0x2C));
    CHECK(g.readData(22) == rgbWord(0x70, 0x80, 0x90, 0x2C));
    CHECK(mac(g, 3) == 0x900);
    CHECK(g.execute(NCCT) == 39);
    // R*IR1/100h: 80h*100h/100h = 80h -> 8; 40h*200h/100h = 80h -> 8; 20h*300h/100h = 60h -> 6
    CHECK(g.readData(20) == rgbWord(0x08, 0x08, 0x06, 0x2C));
    CHECK(g.readData(21) == rgbWord(0x20, 0x14, 0x0C, 0x2C));
    CHECK(g.readData(22) == rgbWord(0x38, 0x20, 0x12, 0x2C));
    g.writeData(8, 0); // IR0 = 0: NCDT equals NCCT
    CHECK(g.execute(NCDT) == 44);
    CHECK(g.readData(20) == rgbWord(0x08, 0x08, 0x06, 0x2C));
    CHECK(g.readData(22) == rgbWord(0x38, 0x20, 0x12, 0x2C));
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: DPCS interpolates RGBC SHL 16 towards FC by IR0", "[gte]") {
    Gte g;
    g.writeData(6, rgbWord(0x80, 0x40, 0x20, 0x2C));
    setVec(g, kFc, 0x1000, 0, 0x200);
    g.writeData(8, 0x800);
    CHECK(g.execute(DPCS) == 8);
    CHECK(mac(g, 1) == 0xC00);
    CHECK(mac(g, 2) == 0x200);
    CHECK(mac(g, 3) == 0x200);
    CHECK(g.readData(22) == rgbWord(0xC0, 0x20, 0x20, 0x2C));
    g.writeData(8, 0x1000); // IR0 = 1.0: the far colour itself (1000h/16 saturates)
    g.execute(DPCS);
    CHECK(g.readData(22) == rgbWord(0xFF, 0, 0x20, 0x2C));
    CHECK(flag(g) == bit(21));
}

TEST_CASE("GTE: DPCT reads RGB0 thrice - keeping CODE from RGBC", "[gte]") {
    Gte g;
    g.writeData(6, rgbWord(0, 0, 0, 0x2C));
    g.writeData(20, rgbWord(0x10, 0x20, 0x30, 0xAA));
    g.writeData(21, rgbWord(0x40, 0x50, 0x60, 0xBB));
    g.writeData(22, rgbWord(0x70, 0x80, 0x90, 0xCC));
    setVec(g, kFc, 0xFF0, 0xFF0, 0xFF0);
    g.writeData(8, 0x800);
    CHECK(g.execute(DPCT) == 17);
    // (c SHL 16 + ((FF0000h - c SHL 16) SAR 12)*800h) SAR 12 = (c*10h + FF0h)/2, then /10h:
    // c=10h -> 878h -> 87h, c=20h -> 8F8h -> 8Fh, ...
    CHECK(g.readData(20) == rgbWord(0x87, 0x8F, 0x97, 0x2C));
    CHECK(g.readData(21) == rgbWord(0x9F, 0xA7, 0xAF, 0x2C));
    CHECK(g.readData(22) == rgbWord(0xB7, 0xBF, 0xC7, 0x2C));
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: INTPL interpolates IR SHL 12 towards FC", "[gte]") {
    Gte g;
    setIr(g, 0x100, 0x200, 0x300);
    g.writeData(8, 0x800);
    setVec(g, kFc, 0x300, 0x200, 0x100);
    g.writeData(6, rgbWord(0, 0, 0, 0x55));
    CHECK(g.execute(INTPL) == 8);
    CHECK(mac(g, 1) == 0x200);
    CHECK(mac(g, 2) == 0x200);
    CHECK(mac(g, 3) == 0x200);
    CHECK(g.readData(22) == rgbWord(0x20, 0x20, 0x20, 0x55));
    CHECK(flag(g) == 0);
}

TEST_CASE("GTE: DCPL multiplies RGBC by IR then interpolates towards FC", "[gte]") {
    Gte g;
    g.writeData(6, rgbWord(0x80, 0x40, 0x20, 0x2C));
    setIr(g, 0x1000, 0x800, 0x400);
    g.writeData(8, 0);
    CHECK(g.execute(DCPL) == 8);
    CHECK(g.readData(22) == rgbWord(0x80, 0x20, 0x08, 0x2C));
    setIr(g, 0x1000, 0x800, 0x400);
    g.writeData(8, 0x1000); // all the way to FC
    setVec(g, kFc, 0x100, 0x200, 0x300);
    g.execute(DCPL);
    CHECK(mac(g, 1) == 0x100);
    CHECK(mac(g, 3) == 0x300);
    CHECK(g.readData(22) == rgbWord(0x10, 0x20, 0x30, 0x2C));
}

TEST_CASE("GTE: GPF multiplies IR by IR0 - GPL adds MAC SHL sf", "[gte]") {
    Gte g;
    g.writeData(6, rgbWord(0, 0, 0, 0x2C));
    setIr(g, 0x100, -0x200, 0x300);
    g.writeData(8, 0x800);
    CHECK(g.execute(GPF | kSf) == 5);
    CHECK(mac(g, 1) == 0x80);
    CHECK(mac(g, 2) == -0x100);
    CHECK(mac(g, 3) == 0x180);
    CHECK(ir(g, 2) == -0x100);
    CHECK(g.readData(22) == rgbWord(0x08, 0, 0x18, 0x2C));
    CHECK(flag(g) == bit(20));
    setIr(g, 0x100, -0x200, 0x300);
    for (int i = 1; i <= 3; ++i)
        g.writeData(24 + i, 0x1000);
    CHECK(g.execute(GPL | kSf) == 5);
    CHECK(mac(g, 1) == 0x1080);
    CHECK(mac(g, 2) == 0xF00);
    CHECK(mac(g, 3) == 0x1180);
    CHECK(g.readData(22) == rgbWord(0xFF, 0xF0, 0xFF, 0x2C));
    CHECK(flag(g) == (bit(21) | bit(19)));
    // GPL sf=0: MAC = MAC + IR*IR0 with lm=1
    setIr(g, 3, 4, -5);
    g.writeData(8, 2);
    g.execute(GPL | kLm);
    CHECK(mac(g, 1) == 0x1086);
    CHECK(mac(g, 3) == 0x1176);
    CHECK(ir(g, 3) == 0x1176);
}

TEST_CASE("GTE: GPL with sf=1 can overflow 44 bits internally", "[gte]") {
    Gte g;
    setIr(g, 0x7FFF, 0, 0);
    g.writeData(8, 0x7FFF);
    g.writeData(25, 0x7FFFFFFF);
    g.execute(GPL | kSf); // 7FFFFFFF000h + 3FFF0001h > 43 bits
    CHECK((flag(g) & bit(30)) != 0);
    g.writeData(25, 0x7FFFFFFF);
    setIr(g, 0x7FFF, 0, 0);
    g.execute(GPL); // sf=0: 7FFFFFFFh + 3FFF0001h fits 44 bits, MAC1 wraps at 32
    CHECK((flag(g) & bit(30)) == 0);
    CHECK(g.readData(25) == 0xBFFF0000u);
    CHECK(ir(g, 1) == -0x8000);
}

// ---------------------------------------------------------------------------------------------
// Savestate

TEST_CASE("GTE: serialize round-trips the whole state", "[gte]") {
    Gte a;
    for (uint32_t r = 0; r < 32; ++r) {
        a.writeData(r, 0x9E3779B9u * (r + 3));
        a.writeControl(r, 0x7F4A7C15u * (r + 5));
    }
    a.execute(RTPT);
    savestate::StateIO w = savestate::StateIO::writer();
    a.serialize(w);
    REQUIRE(w.ok());
    Gte b;
    savestate::StateIO r = savestate::StateIO::reader(w.buffer());
    b.serialize(r);
    REQUIRE(r.ok());
    CHECK(std::memcmp(&a.state(), &b.state(), sizeof(Gte::State)) == 0);
    for (uint32_t i = 0; i < 32; ++i) {
        CHECK(a.readData(i) == b.readData(i));
        CHECK(a.readControl(i) == b.readControl(i));
    }
}
