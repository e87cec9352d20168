// The SPU reverb unit (core/spu_reverb.h) against soundprocessingunitspu.md: "SPU Reverb
// Registers", "SPU Reverb Formula" (with Notes, Reverb Disable, Bug, Reverb Precision),
// "Reverb Buffer Resampling", "SPU Reverb Examples" and "Reverb Computation Order".
//
// RefReverb below is a second, plain evaluation written from the reference text: whole
// histories instead of rings, the 39-tap convolutions over every tap (zeros included), the
// zero-stuffed 44.1 kHz output stream kept as such, 64-bit modulo address wrapping, and the
// registers named one by one. The rounding positions the reference leaves open are the ones
// the class documents (each product (a*v) >> 15, each stage saturated to 16 bits).
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "core/spu_reverb.h"
#include "savestate/state_io.h"

using core::SpuReverb;

namespace {

// Sound RAM as the SPU's accessor presents it: halfwords at byte addresses, every access logged
// (the SPU's accessor is where the IRQ address is compared, "Reverb Interrupt").
struct TestRam {
    struct Access {
        uint32_t addr;
        bool write;
        uint16_t value;
        bool operator==(const Access&) const = default;
    };
    std::vector<uint16_t> mem = std::vector<uint16_t>(0x40000, 0);
    std::vector<Access> log;
    bool logging = true;
    uint64_t outside = 0; // accesses outside 0..7FFFEh or at odd addresses

    uint16_t read(uint32_t a) {
        uint16_t v = mem[at(a)];
        if (logging) log.push_back({a, false, v});
        return v;
    }
    void write(uint32_t a, uint16_t v) {
        mem[at(a)] = v;
        if (logging) log.push_back({a, true, v});
    }
    size_t at(uint32_t a) {
        if (a > 0x7fffe || (a & 1)) ++outside;
        return (a >> 1) & 0x3ffff;
    }
};

// "Reverb Buffer Resampling", typed in from the reference.
constexpr int32_t H[39] = {-0x0001, 0x0000, 0x0002,  0x0000, -0x000A, 0x0000, 0x0023,  0x0000,
                           -0x0067, 0x0000, 0x010A,  0x0000, -0x0268, 0x0000, 0x0534,  0x0000,
                           -0x0B90, 0x0000, 0x2806,  0x4000, 0x2806,  0x0000, -0x0B90, 0x0000,
                           0x0534,  0x0000, -0x0268, 0x0000, 0x010A,  0x0000, -0x0067, 0x0000,
                           0x0023,  0x0000, -0x000A, 0x0000, 0x0002,  0x0000, -0x0001};

int32_t sat(int64_t v) {
    return int32_t(std::clamp<int64_t>(v, -0x8000, 0x7fff));
}
// "The multiplication results are divided by +8000h" (rounding down).
int32_t mul(int64_t a, uint16_t vol) {
    return int32_t((a * int16_t(vol)) >> 15);
}

// The register file at 1F801DC0h, by name ("SPU Reverb Registers").
enum : unsigned {
    dAPF1 = 0,
    dAPF2,
    vIIR,
    vCOMB1,
    vCOMB2,
    vCOMB3,
    vCOMB4,
    vWALL,
    vAPF1,
    vAPF2,
    mLSAME,
    mRSAME,
    mLCOMB1,
    mRCOMB1,
    mLCOMB2,
    mRCOMB2,
    dLSAME,
    dRSAME,
    mLDIFF,
    mRDIFF,
    mLCOMB3,
    mRCOMB3,
    mLCOMB4,
    mRCOMB4,
    dLDIFF,
    dRDIFF,
    mLAPF1,
    mRAPF1,
    mLAPF2,
    mRAPF2,
    vLIN,
    vRIN,
};
static_assert(vRIN == 31);

// The registers one side's formula uses (the different side reflection reads the other side).
struct SideRegs {
    unsigned vIn, mSame, dSame, mDiff, dDiff, mComb1, mComb2, mComb3, mComb4, mApf1, mApf2;
};
constexpr SideRegs kLeft{vLIN,    mLSAME,  dLSAME,  mLDIFF, dRDIFF, mLCOMB1,
                         mLCOMB2, mLCOMB3, mLCOMB4, mLAPF1, mLAPF2};
constexpr SideRegs kRight{vRIN,    mRSAME,  dRSAME,  mRDIFF, dLDIFF, mRCOMB1,
                          mRCOMB2, mRCOMB3, mRCOMB4, mRAPF1, mRAPF2};

struct RefReverb {
    std::vector<int32_t> x[2]; // every input sample (44.1 kHz)
    std::vector<int32_t> u[2]; // the results as a 44.1 kHz stream, 0 where no result was made
    uint32_t bufferAddress = 0;
    uint16_t base = 0; // mBASE
    int64_t n = 0;     // 44.1 kHz step number

    uint32_t wrap(int64_t rel) const {
        const int64_t start = int64_t(base) * 8, size = 0x80000 - start;
        int64_t off = (int64_t(bufferAddress) - start + rel) % size;
        if (off < 0) off += size;
        return uint32_t(start + off);
    }

    std::array<int32_t, 2> step(TestRam& ram, const uint16_t* r, uint16_t mBase, bool enable,
                                int32_t inL, int32_t inR) {
        if (mBase != base) { // "Writing a value to mBASE does additionally set" BufferAddress
            base = mBase;
            bufferAddress = uint32_t(mBase) * 8;
        }
        x[0].push_back(sat(inL));
        x[1].push_back(sat(inR));
        u[0].push_back(0);
        u[1].push_back(0);
        // Left in one 44.1 kHz cycle, right in the next ("Notes").
        const int side = int(n % 2);
        int64_t down = 0;
        for (int k = 0; k < 39; ++k)
            if (n - k >= 0) down += H[k] * x[side][size_t(n - k)];
        const int32_t input = sat(down >> 15);
        u[side][size_t(n)] = formula(ram, r, enable, side ? kRight : kLeft, input);
        std::array<int32_t, 2> out{};
        for (int c = 0; c < 2; ++c) {
            int64_t up = 0;
            for (int k = 0; k < 39; ++k)
                if (n - k >= 0) up += H[k] * u[c][size_t(n - k)];
            out[size_t(c)] = sat(up >> 14);
        }
        if (side == 1) {
            const uint32_t next = (bufferAddress + 2) & 0x7fffe;
            bufferAddress = std::max<uint32_t>(uint32_t(base) * 8, next);
        }
        ++n;
        return out;
    }

    // "SPU Reverb Formula" for one side, the accesses in "Reverb Computation Order".
    int32_t formula(TestRam& ram, const uint16_t* r, bool enable, const SideRegs& s,
                    int32_t input) {
        auto A = [&](unsigned reg) { return int64_t(r[reg]) * 8; };
        auto rd = [&](int64_t rel) { return int32_t(int16_t(ram.read(wrap(rel)))); };
        auto wr = [&](int64_t rel, int32_t v) {
            if (enable)
                ram.write(wrap(rel), uint16_t(int16_t(v)));
            else
                ram.read(wrap(rel)); // "WRITE becomes READ if REVERB DISABLED"
        };
        auto reflection = [&](int32_t in, int32_t wall, int32_t old) {
            int32_t t = sat(int64_t(in) + mul(wall, r[vWALL]));
            t = sat(int64_t(t) - old);
            int64_t v = int64_t(mul(t, r[vIIR])) + old;
            if (r[vIIR] == 0x8000) v = -v; // "Bug": the value written gets negated
            return sat(v);
        };
        const int32_t in = sat(mul(input, r[s.vIn]));
        const int32_t dSame = rd(A(s.dSame));
        const int32_t sameOld = rd(A(s.mSame) - 2);
        const int32_t dDiff = rd(A(s.dDiff));
        wr(A(s.mSame), reflection(in, dSame, sameOld));
        const int32_t diffOld = rd(A(s.mDiff) - 2);
        const int32_t c1 = rd(A(s.mComb1));
        wr(A(s.mDiff), reflection(in, dDiff, diffOld));
        const int32_t c2 = rd(A(s.mComb2));
        const int32_t c3 = rd(A(s.mComb3));
        const int32_t c4 = rd(A(s.mComb4));
        const int32_t apf1 = rd(A(s.mApf1) - A(dAPF1));
        const int32_t apf2 = rd(A(s.mApf2) - A(dAPF2));
        int32_t out = sat(int64_t(mul(c1, r[vCOMB1])) + mul(c2, r[vCOMB2]) + mul(c3, r[vCOMB3]) +
                          mul(c4, r[vCOMB4]));
        out = sat(int64_t(out) - mul(apf1, r[vAPF1]));
        const int32_t w1 = out;
        out = sat(int64_t(mul(out, r[vAPF1])) + apf1);
        out = sat(int64_t(out) - mul(apf2, r[vAPF2]));
        const int32_t w2 = out;
        out = sat(int64_t(mul(out, r[vAPF2])) + apf2);
        wr(A(s.mApf1), w1);
        wr(A(s.mApf2), w2);
        return out;
    }
};

// "SPU Reverb Examples": Room, size 26C0h (mBASE = (80000h-size)/8).
constexpr std::array<uint16_t, 32> kRoom = {
    0x007D, 0x005B, 0x6D80, 0x54B8, 0xBED0, 0x0000, 0x0000, 0xBA80, 0x5800, 0x5300, 0x04D6,
    0x0333, 0x03F0, 0x0227, 0x0374, 0x01EF, 0x0334, 0x01B5, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x01B4, 0x0136, 0x00B8, 0x005C, 0x8000, 0x8000};
constexpr uint16_t kRoomBase = (0x80000 - 0x26C0) / 8;
// Hall, size ADE0h.
constexpr std::array<uint16_t, 32> kHall = {
    0x01A5, 0x0139, 0x6000, 0x5000, 0x4C00, 0xB800, 0xBC00, 0xC000, 0x6000, 0x5C00, 0x15BA,
    0x11BB, 0x14C2, 0x10BD, 0x11BC, 0x0DC1, 0x11C0, 0x0DC3, 0x0DC0, 0x09C1, 0x0BC4, 0x07C1,
    0x0A00, 0x06CD, 0x09C2, 0x05C1, 0x05C0, 0x041A, 0x0274, 0x013A, 0x8000, 0x8000};
constexpr uint16_t kHallBase = (0x80000 - 0xADE0) / 8;

// Registers for the random comparisons: a preset with random volumes, wholly random values,
// or small offsets (to go with small work areas at the end of sound RAM).
std::array<uint16_t, 32> randomRegs(std::mt19937& rng) {
    std::array<uint16_t, 32> r{};
    std::uniform_int_distribution<int> any(0, 0xffff);
    switch (rng() % 3) {
    case 0: r = (rng() & 1) ? kRoom : kHall; break;
    case 1:
        for (auto& v : r)
            v = uint16_t(any(rng));
        break;
    default:
        for (auto& v : r)
            v = uint16_t(rng() % 64);
        break;
    }
    for (unsigned v : {vIIR, vCOMB1, vCOMB2, vCOMB3, vCOMB4, vWALL, vAPF1, vAPF2, vLIN, vRIN}) {
        switch (rng() % 6) {
        case 0: r[v] = 0x8000; break; // the -8000h cases ("Bug")
        case 1: r[v] = 0x7fff; break;
        case 2: break;
        default: r[v] = uint16_t(any(rng)); break;
        }
    }
    return r;
}

uint16_t randomBase(std::mt19937& rng) {
    switch (rng() % 4) {
    case 0: return kRoomBase;
    case 1: return uint16_t(0xfff0 + rng() % 16); // tiny areas at the end of sound RAM
    case 2: return uint16_t(rng() % 0x10000);
    default: return 0;
    }
}

int32_t randomInput(std::mt19937& rng) {
    switch (rng() % 8) {
    case 0: return 0;
    case 1: return int32_t(rng() % 400001) - 200000; // past the 16-bit range: saturated
    case 2: return (rng() & 1) ? 0x7fff : -0x8000;
    default: return int32_t(rng() % 65536) - 32768;
    }
}

void fillRandom(TestRam& ram, std::mt19937& rng) {
    for (auto& h : ram.mem)
        h = uint16_t(rng());
}

std::vector<uint8_t> saveState(SpuReverb& rv) {
    auto io = savestate::StateIO::writer();
    io.beginSection("spu", 1);
    rv.serialize(io);
    io.endSection();
    REQUIRE(io.ok());
    return io.take();
}

void loadState(SpuReverb& rv, const std::vector<uint8_t>& bytes) {
    auto io = savestate::StateIO::reader(bytes);
    io.beginSection("spu", 1);
    rv.serialize(io);
    io.endSection();
    REQUIRE(io.ok());
}

} // namespace

TEST_CASE("SPU Reverb Formula: the class equals a plain evaluation of the reference formula, "
          "resampling and computation order over random registers and inputs",
          "[spu][reverb]") {
    for (uint32_t seed = 1; seed <= 12; ++seed) {
        std::mt19937 rng(seed);
        TestRam ramA, ramB;
        fillRandom(ramA, rng);
        ramB.mem = ramA.mem;
        SpuReverb rv;
        RefReverb ref;
        auto regs = randomRegs(rng);
        uint16_t base = randomBase(rng);
        bool enable = true;
        for (int n = 0; n < 6000; ++n) {
            // Registers, mBASE and SPUCNT.7 change mid-stream now and then.
            if (rng() % 1500 == 0) regs = randomRegs(rng);
            if (rng() % 2000 == 0) base = randomBase(rng);
            if (rng() % 1000 == 0) enable = !enable;
            const int32_t l = randomInput(rng), r = randomInput(rng);
            ramA.log.clear();
            ramB.log.clear();
            const auto got = rv.step(ramA, regs.data(), base, enable, l, r);
            const auto want = ref.step(ramB, regs.data(), base, enable, l, r);
            INFO("seed " << seed << " step " << n);
            REQUIRE(got == want);
            REQUIRE(ramA.log == ramB.log);
            REQUIRE(rv.state().bufferAddress == ref.bufferAddress);
        }
        CHECK(ramA.mem == ramB.mem);
        CHECK(ramA.outside == 0);
    }
}

TEST_CASE("Reverb Disable / Reverb Buffer Resampling: with the master enable clear, zero "
          "output-path volumes, silent stretches and a save/load mid-silence the class still "
          "equals the plain evaluation",
          "[spu][reverb]") {
    // The states a program that never uses the reverb leaves it in (SPUCNT.7 clear, volumes 0,
    // no input), mixed with bursts of input and register changes: accesses, outputs and the
    // buffer must match the reference formula step for step, also right after a load.
    for (uint32_t seed = 1; seed <= 6; ++seed) {
        std::mt19937 rng(seed * 7919);
        TestRam ramA, ramB;
        fillRandom(ramA, rng);
        ramB.mem = ramA.mem;
        SpuReverb rv;
        RefReverb ref;
        auto regs = randomRegs(rng);
        uint16_t base = randomBase(rng);
        bool enable = false;
        bool quietVolumes = true;
        bool silent = true;
        int64_t nonzeroOut = 0;
        for (int n = 0; n < 8000; ++n) {
            if (rng() % 700 == 0) regs = randomRegs(rng);
            if (rng() % 900 == 0) quietVolumes = !quietVolumes;
            if (rng() % 1500 == 0) enable = !enable;
            if (rng() % 2500 == 0) base = randomBase(rng);
            if (rng() % 150 == 0) silent = !silent;
            if (quietVolumes) {
                for (unsigned v : {vCOMB1, vCOMB2, vCOMB3, vCOMB4, vAPF1, vAPF2})
                    regs[v] = 0;
            }
            if (n % 2000 == 1000) { // a load in the middle of whatever runs
                const auto bytes = saveState(rv);
                SpuReverb loaded;
                loadState(loaded, bytes);
                rv = loaded;
            }
            const int32_t l = silent ? 0 : randomInput(rng), r = silent ? 0 : randomInput(rng);
            ramA.log.clear();
            ramB.log.clear();
            const auto got = rv.step(ramA, regs.data(), base, enable, l, r);
            const auto want = ref.step(ramB, regs.data(), base, enable, l, r);
            INFO("seed " << seed << " step " << n);
            REQUIRE(got == want);
            REQUIRE(ramA.log == ramB.log);
            nonzeroOut += got[0] != 0 || got[1] != 0;
        }
        CHECK(ramA.mem == ramB.mem);
        CHECK(nonzeroOut > 1000); // the buffer's random contents do play
    }
}

TEST_CASE("SPU Reverb Formula: a loud input through the Room preset matches the plain "
          "evaluation over 10000 ticks (saturation in the feedback paths)",
          "[spu][reverb]") {
    TestRam ramA, ramB;
    SpuReverb rv;
    RefReverb ref;
    std::mt19937 rng(99);
    for (int n = 0; n < 20000; ++n) {
        // A square wave at full scale with noise: the buffer saturates.
        const int32_t l = ((n / 50) & 1) ? 0x7fff : -0x8000, r = int32_t(rng() % 65536) - 32768;
        const auto got = rv.step(ramA, kRoom.data(), kRoomBase, true, l, r);
        const auto want = ref.step(ramB, kRoom.data(), kRoomBase, true, l, r);
        REQUIRE(got == want);
    }
    CHECK(ramA.mem == ramB.mem);
    // The reverb did produce sound (guards against a test that compares silence to silence).
    ramA.log.clear();
    int nonzero = 0;
    for (int n = 0; n < 100; ++n) {
        const auto out = rv.step(ramA, kRoom.data(), kRoomBase, true, 0, 0);
        nonzero += out[0] != 0;
    }
    CHECK(nonzero > 90);
}

TEST_CASE("Reverb Computation Order: the Room preset's 14 accesses per side at the start of the "
          "work area, with [mLDIFF-2] wrapping to 7FFFEh",
          "[spu][reverb]") {
    // Addresses: mBASE*8 = 7D940h plus register*8, relative to BufferAddress = 7D940h, wrapped
    // within 7D940h..7FFFEh (worked out by hand from the Room table).
    TestRam ram;
    SpuReverb rv;
    rv.step(ram, kRoom.data(), kRoomBase, true, 0, 0);
    const std::vector<std::pair<uint32_t, bool>> left = {
        {0x7f2e0, false}, // dLSAME      334h*8
        {0x7ffee, false}, // mLSAME-2    4D6h*8-2
        {0x7d940, false}, // dRDIFF      0
        {0x7fff0, true},  // mLSAME
        {0x7fffe, false}, // mLDIFF-2    0-2: wraps to the end of the area
        {0x7f8c0, false}, // mLCOMB1     3F0h*8
        {0x7d940, true},  // mLDIFF
        {0x7f4e0, false}, // mLCOMB2     374h*8
        {0x7d940, false}, // mLCOMB3
        {0x7d940, false}, // mLCOMB4
        {0x7e2f8, false}, // mLAPF1-dAPF1 (1B4h-7Dh)*8
        {0x7dc28, false}, // mLAPF2-dAPF2 (B8h-5Bh)*8
        {0x7e6e0, true},  // mLAPF1
        {0x7df00, true},  // mLAPF2
    };
    REQUIRE(ram.log.size() == left.size());
    for (size_t i = 0; i < left.size(); ++i) {
        INFO("left access " << i);
        CHECK(ram.log[i].addr == left[i].first);
        CHECK(ram.log[i].write == left[i].second);
    }
    ram.log.clear();
    rv.step(ram, kRoom.data(), kRoomBase, true, 0, 0);
    const std::vector<std::pair<uint32_t, bool>> right = {
        {0x7e6e8, false}, {0x7f2d6, false}, {0x7d940, false}, {0x7f2d8, true},  {0x7fffe, false},
        {0x7ea78, false}, {0x7d940, true},  {0x7e8b8, false}, {0x7d940, false}, {0x7d940, false},
        {0x7df08, false}, {0x7d948, false}, {0x7e2f0, true},  {0x7dc20, true},
    };
    REQUIRE(ram.log.size() == right.size());
    for (size_t i = 0; i < right.size(); ++i) {
        INFO("right access " << i);
        CHECK(ram.log[i].addr == right[i].first);
        CHECK(ram.log[i].write == right[i].second);
    }
    // After the right half, BufferAddress+2: the next left dLSAME is 2 bytes further.
    CHECK(rv.state().bufferAddress == 0x7d942);
    ram.log.clear();
    rv.step(ram, kRoom.data(), kRoomBase, true, 0, 0);
    CHECK(ram.log[0].addr == 0x7f2e2);
    CHECK(ram.log[3].addr == 0x7fff2);
    CHECK(ram.log[4].addr == 0x7d940); // mLDIFF-2 now lands on the area's first halfword
}

TEST_CASE("SPU Reverb Formula Notes: BufferAddress wraps from 7FFFEh to mBASE, and writing "
          "mBASE reloads it",
          "[spu][reverb]") {
    TestRam ram;
    SpuReverb rv;
    std::array<uint16_t, 32> regs{}; // every offset 0: accesses at BufferAddress (and -2)
    const uint16_t base = 0xfffe;    // work area 7FFF0h..7FFFEh (8 halfwords)
    for (int tick = 0; tick < 20; ++tick) {
        const uint32_t cur = 0x7fff0 + uint32_t(tick % 8) * 2;
        const uint32_t prev = 0x7fff0 + uint32_t((tick + 7) % 8) * 2;
        CHECK(rv.state().bufferAddress == (tick == 0 ? 0 : cur)); // mBASE seen at the 1st step
        ram.log.clear();
        rv.step(ram, regs.data(), base, true, 0, 0);
        rv.step(ram, regs.data(), base, true, 0, 0);
        REQUIRE(ram.log.size() == 28);
        for (size_t i = 0; i < 28; ++i) {
            const bool minus2 = i % 14 == 1 || i % 14 == 4; // [mSAME-2], [mDIFF-2]
            INFO("tick " << tick << " access " << i);
            CHECK(ram.log[i].addr == (minus2 ? prev : cur));
        }
    }
    // A new mBASE: BufferAddress = mBASE*8 at the next step.
    regs[dLSAME] = 0x10;
    ram.log.clear();
    rv.step(ram, regs.data(), 0xf000, true, 0, 0);
    CHECK(ram.log[0].addr == 0x78000 + 0x80);
    CHECK(ram.log[1].addr == 0x7fffe); // [mLSAME-2] at the area's start wraps to its end
    rv.step(ram, regs.data(), 0xf000, true, 0, 0);
    CHECK(rv.state().bufferAddress == 0x78002);
    // Rewriting the same value also reloads it (the SPU reports every write of 1F801DA2h).
    rv.writeMBase(0xf000);
    CHECK(rv.state().bufferAddress == 0x78000);
}

TEST_CASE("SPU Reverb Formula Notes: over one pass of the work area every halfword in it gets "
          "each of the 28 accesses once and nothing outside it is touched",
          "[spu][reverb]") {
    // Each access is BufferAddress + a fixed offset, wrapped within mBASE..7FFFEh, and
    // BufferAddress steps through the area once per size/2 ticks: whatever the offsets (even
    // ones past the area's size), each of the 14+14 accesses covers the area exactly once.
    std::mt19937 rng(7);
    for (int round = 0; round < 8; ++round) {
        const uint16_t base = uint16_t(0xff00 + rng() % 0x100); // up to 2 KiB areas
        std::array<uint16_t, 32> regs{};
        for (auto& v : regs)
            v = uint16_t(rng());
        const bool enable = round % 2 == 0;
        TestRam ram;
        SpuReverb rv;
        rv.step(ram, regs.data(), base, enable, 0, 0); // align: mBASE is taken at a left step
        rv.step(ram, regs.data(), base, enable, 0, 0);
        ram.log.clear();
        const uint32_t start = uint32_t(base) * 8, halfwords = (0x80000 - start) / 2;
        for (uint32_t t = 0; t < 2 * halfwords; ++t)
            rv.step(ram, regs.data(), base, enable, int32_t(rng() % 65536) - 32768, 0);
        std::vector<int> reads(0x40000), writes(0x40000);
        for (const auto& a : ram.log)
            (a.write ? writes : reads)[a.addr >> 1]++;
        INFO("mBASE " << base << (enable ? " enabled" : " disabled"));
        for (uint32_t h = 0; h < 0x40000; ++h) {
            const bool inside = h * 2 >= start;
            if (reads[h] != (inside ? (enable ? 20 : 28) : 0) ||
                writes[h] != (inside ? (enable ? 8 : 0) : 0)) {
                FAIL("halfword " << h * 2 << ": " << reads[h] << " reads, " << writes[h]
                                 << " writes");
            }
        }
    }
}

TEST_CASE("Reverb Bits in SPUCNT / Reverb Disable: with the master enable clear nothing is "
          "written, reads continue and [mLAPF2-dAPF2] still plays when vAPF2 is 0",
          "[spu][reverb]") {
    std::mt19937 rng(3);
    TestRam ram;
    fillRandom(ram, rng);
    const auto before = ram.mem;
    SpuReverb rv;
    auto regs = kHall;
    regs[vAPF2] = 0; // "If vAPF2 is zero then it does simply read Lout=[mLAPF2-dAPF2]"
    std::vector<std::array<int32_t, 2>> out;
    std::vector<int32_t> apf2Read[2]; // the value of access 12 (mAPF2-dAPF2) of each side
    for (int n = 0; n < 4000; ++n) {
        ram.log.clear();
        out.push_back(rv.step(ram, regs.data(), kHallBase, false, randomInput(rng), 0));
        REQUIRE(ram.log.size() == 14);
        for (const auto& a : ram.log)
            REQUIRE(!a.write);
        apf2Read[n % 2].push_back(int16_t(ram.log[11].value));
    }
    CHECK(ram.mem == before);
    // On its centre phase a side outputs its result of 19 steps back unfiltered: that tick's
    // [mAPF2-dAPF2] as read (access 12).
    for (int n = 19; n < 4000; ++n) {
        const int side = (n - 19) % 2; // the side that made a result 19 steps back
        INFO("step " << n);
        REQUIRE(out[size_t(n)][size_t(side)] == apf2Read[side][size_t((n - 19) / 2)]);
    }
}

TEST_CASE("Reverb Buffer Resampling: the output filter's impulse response is the 39-tap table",
          "[spu][reverb]") {
    // One halfword 4000h in the buffer, read once as [mLAPF2-dAPF2] (vAPF2 = 0, everything else
    // 0, writes off): the reverb result is an impulse of 4000h at one tick, and the output is
    // h[k]*4000h/4000h = h[k], k = 0..38, starting at the step that made it.
    for (int side = 0; side < 2; ++side) {
        TestRam ram;
        std::array<uint16_t, 32> regs{};
        regs[side ? mRAPF2 : mLAPF2] = 0x100;
        regs[side ? mLAPF2 : mRAPF2] = 0x4000; // the other side reads elsewhere
        const int tick = 5;
        ram.mem[(0x800 + 2 * tick) >> 1] = 0x4000; // mBASE 0: BufferAddress = 2*tick
        SpuReverb rv;
        std::vector<int32_t> out;
        for (int n = 0; n < 120; ++n)
            out.push_back(rv.step(ram, regs.data(), 0, false, 0, 0)[size_t(side)]);
        const int first = 2 * tick + side;
        for (int n = 0; n < 120; ++n) {
            const int k = n - first;
            INFO("side " << side << " step " << n);
            CHECK(out[size_t(n)] == (k >= 0 && k < 39 ? H[k] : 0));
        }
    }
}

TEST_CASE("Reverb Buffer Resampling: the input filter's impulse response is the 39-tap table "
          "(seen through the same side reflection)",
          "[spu][reverb]") {
    // Input -8000h at one step: the downsampled input is h[k]*-8000h/8000h = -h[k]; vLIN =
    // -8000h (a plain -1.0, "Bug") makes Lin = h[k]. vWALL = 0 and vIIR = 7FFFh, so [mLSAME] =
    // (Lin - [mLSAME-2])*7FFFh/8000h + [mLSAME-2], where [mLSAME-2] is the previous tick's
    // write. An impulse at an even step meets the 20 even taps; at an odd step the centre tap.
    for (int impulseStep : {40, 41}) {
        TestRam ram;
        std::array<uint16_t, 32> regs{};
        regs[vLIN] = 0x8000;
        regs[vIIR] = 0x7fff;
        regs[mLSAME] = 0x200;
        SpuReverb rv;
        std::vector<int32_t> written;
        for (int n = 0; n < 200; ++n) {
            ram.log.clear();
            rv.step(ram, regs.data(), 0, true, n == impulseStep ? -0x8000 : 0, 0);
            if (n % 2 == 0) written.push_back(int16_t(ram.log[3].value)); // write of mLSAME
        }
        int32_t prev = 0;
        for (int t = 0; t < 100; ++t) {
            const int k = 2 * t - impulseStep; // the tap that meets the impulse at tick t
            const int32_t lin = k >= 0 && k < 39 ? H[k] : 0;
            const int32_t want = sat(int64_t(mul(sat(int64_t(lin) - prev), 0x7fff)) + prev);
            INFO("impulse at " << impulseStep << ", tick " << t);
            CHECK(written[size_t(t)] == want);
            prev = want;
        }
        if (impulseStep == 41) CHECK(written[30] == 0x3fff); // centre 4000h*7FFFh/8000h
    }
}

TEST_CASE("Reverb Precision: the input and output resamplers together delay by 38 samples",
          "[spu][reverb]") {
    // A path with no filtering of its own: input -> [mLSAME] (vLIN -1.0, vWALL 0, vIIR 7FFFh)
    // -> comb 1 reads it back in the same tick (mLCOMB1 = mLSAME, read after the write, vCOMB1
    // 7FFFh) -> APF1 (vAPF1 0, dAPF1 0) writes it to [mLAPF1] and passes on an old 0 -> APF2
    // (vAPF2 0) outputs [mLAPF2-dAPF2], set to the [mLAPF1] written 4 ticks (8 samples) before.
    // An input impulse at an odd step meets only the centre taps, so the output has one peak:
    // 38 + 8 steps after the input.
    TestRam ram;
    std::array<uint16_t, 32> regs{};
    regs[vLIN] = 0x8000;
    regs[vIIR] = 0x7fff;
    regs[mLSAME] = regs[mLCOMB1] = 0x300;
    regs[vCOMB1] = 0x7fff;
    regs[mLAPF1] = 0x100;
    regs[mLAPF2] = 0x1000;
    regs[dAPF2] = 0x1000 - 0x100 + 1; // [mLAPF2-dAPF2] = BufferAddress + 100h*8 - 8
    SpuReverb rv;
    const int impulse = 101;
    int peakAt = -1;
    int32_t peak = 0;
    for (int n = 0; n < 300; ++n) {
        const int32_t out = rv.step(ram, regs.data(), 0, true, n == impulse ? -0x8000 : 0, 0)[0];
        if (out > peak) {
            peak = out;
            peakAt = n;
        }
    }
    CHECK(peak > 0x3000);
    CHECK(peakAt == impulse + 38 + 8);
}

TEST_CASE("SPU Interrupt (Reverb Interrupt): the accessor sees a read or write at the IRQ "
          "address whenever a reverb access lands on it",
          "[spu][reverb]") {
    // The SPU compares addresses in its accessor; here the accessor counts the accesses at one
    // address: the Room preset's [mLAPF1] of the first tick, 7E6E0h. Over one pass of the area
    // (1360h ticks) it is written once by each of the 8 write slots and read by the 20 reads.
    for (bool enable : {true, false}) {
        struct CountingRam {
            std::vector<uint16_t> mem = std::vector<uint16_t>(0x40000, 0);
            uint32_t irqAddr = 0x7e6e0;
            int reads = 0, writes = 0;
            uint16_t read(uint32_t a) {
                reads += a == irqAddr;
                return mem[(a >> 1) & 0x3ffff];
            }
            void write(uint32_t a, uint16_t v) {
                writes += a == irqAddr;
                mem[(a >> 1) & 0x3ffff] = v;
            }
        } ram;
        SpuReverb rv;
        rv.step(ram, kRoom.data(), kRoomBase, enable, 0, 0);
        CHECK(ram.writes == (enable ? 1 : 0)); // access 13 of tick 0
        CHECK(ram.reads == (enable ? 0 : 1));
        rv.step(ram, kRoom.data(), kRoomBase, enable, 0, 0);
        for (int n = 2; n < 2 * 0x1360; ++n)
            rv.step(ram, kRoom.data(), kRoomBase, enable, 1000, -1000);
        CHECK(ram.writes == (enable ? 8 : 0));
        CHECK(ram.reads == (enable ? 20 : 28));
    }
}

TEST_CASE("Savestate: a reverb state saved mid-stream and loaded into another unit continues "
          "with identical output and sound RAM",
          "[spu][reverb][savestate]") {
    std::mt19937 rng(11);
    TestRam ram;
    ram.logging = false;
    SpuReverb a;
    for (int n = 0; n < 3001; ++n) // odd: saved between a left and a right half
        a.step(ram, kHall.data(), kHallBase, true, randomInput(rng), randomInput(rng));
    const auto saved = saveState(a);
    const SpuReverb::State atSave = a.state();
    TestRam ramCopy = ram; // sound RAM at the save
    std::vector<int32_t> inputs;
    for (int n = 0; n < 8000; ++n)
        inputs.push_back(randomInput(rng));
    std::vector<std::array<int32_t, 2>> outA, outB;
    for (int n = 0; n < 4000; ++n)
        outA.push_back(a.step(ram, kHall.data(), kHallBase, true, inputs[size_t(2 * n)],
                              inputs[size_t(2 * n + 1)]));

    SpuReverb b;
    TestRam junk;
    junk.logging = false;
    for (int n = 0; n < 77; ++n) // b had state of its own, which the load replaces
        b.step(junk, kRoom.data(), kRoomBase, true, 5000, 5000);
    loadState(b, saved);
    CHECK(std::memcmp(&b.state(), &atSave, sizeof atSave) == 0);
    for (int n = 0; n < 4000; ++n)
        outB.push_back(b.step(ramCopy, kHall.data(), kHallBase, true, inputs[size_t(2 * n)],
                              inputs[size_t(2 * n + 1)]));
    CHECK(outA == outB);
    CHECK(ram.mem == ramCopy.mem);
    // The output was not silence.
    CHECK(std::count_if(outA.begin(), outA.end(), [](auto o) { return o[0] != 0; }) > 3000);

    // Saving the loaded unit gives the same bytes (every field round-trips).
    SpuReverb d;
    loadState(d, saved);
    CHECK(saveState(d) == saved);
}

TEST_CASE(
    "Savestate: a state without reverb fields loads as reset, and damaged values stay in range",
    "[spu][reverb][savestate]") {
    SpuReverb reset;
    SpuReverb rv;
    TestRam ram;
    for (int n = 0; n < 100; ++n)
        rv.step(ram, kRoom.data(), kRoomBase, true, 1000, 1000);
    {
        auto io = savestate::StateIO::writer();
        io.beginSection("spu", 1);
        uint32_t other = 5;
        io.field("busyUntil", other);
        io.endSection();
        loadState(rv, io.take());
    }
    CHECK(std::memcmp(&rv.state(), &reset.state(), sizeof(SpuReverb::State)) == 0);

    auto io = savestate::StateIO::writer();
    io.beginSection("spu", 1);
    uint32_t addr = 0xffffffff;
    uint16_t mBase = 0xfff8;
    uint8_t pos = 0xff, outPos[2] = {0xee, 0xdd}, side = 7;
    io.field("reverb.bufferAddress", addr);
    io.field("reverb.mBase", mBase);
    io.field("reverb.inPos", pos);
    io.field("reverb.outPos", outPos);
    io.field("reverb.side", side);
    io.endSection();
    loadState(rv, io.take());
    CHECK(rv.state().bufferAddress == 0x7fffe);
    CHECK(rv.state().inPos < SpuReverb::kInHistory);
    CHECK(rv.state().side <= 1);
    std::mt19937 rng(5);
    for (int n = 0; n < 2000; ++n) {
        auto regs = randomRegs(rng);
        rv.step(ram, regs.data(), 0xfff8, rng() & 1, randomInput(rng), randomInput(rng));
    }
    CHECK(ram.outside == 0);
}

TEST_CASE("SPU Reverb Registers: for any register, mBASE and input values every access stays "
          "inside mBASE..7FFFEh (fuzz)",
          "[spu][reverb]") {
    std::mt19937 rng(2024);
    TestRam ram;
    ram.logging = false;
    SpuReverb rv;
    std::uniform_int_distribution<int> any(0, 0xffff);
    uint16_t base = 0;
    uint32_t lowest = 0x80000;
    struct Bounds {
        TestRam* ram;
        uint32_t* lowest;
        uint16_t read(uint32_t a) {
            *lowest = std::min(*lowest, a);
            return ram->read(a);
        }
        void write(uint32_t a, uint16_t v) {
            *lowest = std::min(*lowest, a);
            ram->write(a, v);
        }
    } bounded{&ram, &lowest};
    for (int chunk = 0; chunk < 400; ++chunk) {
        std::array<uint16_t, 32> regs;
        for (auto& v : regs)
            v = uint16_t(any(rng));
        base = (rng() & 1) ? uint16_t(any(rng)) : uint16_t(0xfff0 | (rng() & 15));
        if (rng() % 4 == 0) rv.writeMBase(base);
        const bool enable = rng() & 1;
        lowest = 0x80000;
        // Start at a left step so the whole chunk uses this mBASE.
        for (int n = 0; n < 500; ++n)
            rv.step(bounded, regs.data(), base, enable, randomInput(rng), randomInput(rng));
        INFO("chunk " << chunk << " mBASE " << base);
        REQUIRE(ram.outside == 0);
        REQUIRE(lowest >= uint32_t(base) * 8);
    }
}
