// GTE (COP2). Hardware notes this file relies on (psx-spx "Geometry Transformation Engine"):
// * MAC1..3 sums are accumulated term by term in a 44-bit accumulator (43 bits + sign); each
//   step that leaves that range sets FLAG.30..25 and wraps. MAC = sum SAR (sf*12), truncated to
//   32 bits. MAC0 sums are checked against 32 bits (FLAG.16/15).
// * IR1..3 and the colour FIFO saturate from the 32-bit MAC1..3 registers. SZ3 (RTPS/RTPT),
//   SX2/SY2, IR0 and OTZ saturate from the accumulator behind MAC3/MAC0 (which is wider than
//   the 32-bit register, hence its "larger than 31/43 bits" flags). Each saturation sets its
//   own FLAG bit; FLAG is cleared at the start of every command.
// * FLAG.31 is the OR of bits 30..23 and 18..13 and is computed when FLAG is read.
// * RTPS/RTPT: FLAG.22 is checked as if lm=0 on "MAC3 SAR ((1-sf)*12)" while IR3 is stored
//   clamped per lm. RTPT repeats the transform, SZ/SXY pushes and division for V0, V1, V2 (their
//   flags accumulate), but the depth cue "MAC0=Q*DQA+DQB, IR0=MAC0/1000h" runs once, for V2
//   only: V0 and V1 never set FLAG.12 or the MAC0 flags through it (psx-spx is silent; the
//   accurate peers agree on this).
// * "MAC+(FC-MAC)*IR0": the (FC-MAC) intermediate goes through IR saturation as if lm=0.
// * MVMVA with cv=2 (FC) discards Tx*1000h+Mx11*Vx1 from the result, but that discarded part
//   still runs through the MAC overflow and (lm=0) IR saturation checks, which is how "some
//   FLAG bits are adjusted as if the full operation had been executed".
// * MVMVA mx=3 uses the garbage matrix [-R*10h, R*10h, IR0; RT13 x3; RT22 x3], R = RGBC red.
// * The perspective division is the UNR algorithm of "GTE Division Inaccuracy".
// * Command number 00h is documented only as "modifies similar registers than RTPS": it runs
//   as RTPS. Other N/A numbers only clear FLAG.
// * Not modelled: the few-cycle delays of IRGB->IR1..3 and of MTC2/CTC2 writes, and the input
//   latch points of "GTE Pipeline Timings" (a command reads all its inputs when it is issued,
//   i.e. as if every boundary N were 0).
#include "core/cpu/gte.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "savestate/state_io.h"

namespace core {

namespace {

// FLAG bits ("GTE Saturation"); i = 1..3 selects MAC1..3 / IR1..3 / R,G,B.
// MAC1..3 positive: bits 30..28, negative: 27..25; IR1..3: 24..22; colour R,G,B: 21..19.
constexpr uint32_t kFlagMacPositive(int i) {
    return 1u << (31 - i);
}
constexpr uint32_t kFlagMacNegative(int i) {
    return 1u << (28 - i);
}
constexpr uint32_t kFlagIr(int i) {
    return 1u << (25 - i);
}
constexpr uint32_t kFlagColor(int i) {
    return 1u << (22 - i);
}
constexpr uint32_t kFlagSz3Otz = 1u << 18;
constexpr uint32_t kFlagDivide = 1u << 17;
constexpr uint32_t kFlagMac0Positive = 1u << 16;
constexpr uint32_t kFlagMac0Negative = 1u << 15;
constexpr uint32_t kFlagSx2 = 1u << 14;
constexpr uint32_t kFlagSy2 = 1u << 13;
constexpr uint32_t kFlagIr0 = 1u << 12;
constexpr uint32_t kFlagWritable = 0x7FFFF000u;  // bits 30..12
constexpr uint32_t kFlagErrorMask = 0x7F87E000u; // bits 30..23 and 18..13 feed bit 31

constexpr int64_t kMac44Max = (int64_t{1} << 43) - 1;
constexpr int64_t kMac44Min = -(int64_t{1} << 43);

// unr_table[i] = max(0, (40000h/(i+100h)+1)/2 - 101h), i = 000h..100h.
constexpr std::array<uint8_t, 0x101> makeUnrTable() {
    std::array<uint8_t, 0x101> t{};
    for (int i = 0; i <= 0x100; ++i) {
        int v = (0x40000 / (i + 0x100) + 1) / 2 - 0x101;
        t[static_cast<size_t>(i)] = static_cast<uint8_t>(v < 0 ? 0 : v);
    }
    return t;
}
constexpr std::array<uint8_t, 0x101> kUnrTable = makeUnrTable();
static_assert(kUnrTable[0x00] == 0xFF && kUnrTable[0x09] == 0xEE && kUnrTable[0x7F] == 0x55);
static_assert(kUnrTable[0xFE] == 0x00 && kUnrTable[0xFD] == 0x01 && kUnrTable[0x100] == 0x00);

inline uint32_t lo16(int16_t a, int16_t b) {
    return static_cast<uint16_t>(a) | (static_cast<uint32_t>(static_cast<uint16_t>(b)) << 16);
}
inline uint32_t sext16(int16_t a) {
    return static_cast<uint32_t>(static_cast<int32_t>(a));
}
inline uint32_t pack8(const uint8_t* b) {
    return b[0] | (uint32_t{b[1]} << 8) | (uint32_t{b[2]} << 16) | (uint32_t{b[3]} << 24);
}
inline void unpack8(uint8_t* b, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        b[i] = static_cast<uint8_t>(v >> (8 * i));
}

} // namespace

void Gte::reset() {
    std::memset(&s_, 0, sizeof(s_));
    s_.lzcr = 32; // LZCR always reflects LZCS (= 0)
}

// ---------------------------------------------------------------------------------------------
// Register access ("GTE Registers")

uint32_t Gte::readData(uint32_t reg) {
    switch (reg & 31) {
    case 0: return lo16(s_.v[0][0], s_.v[0][1]);
    case 1: return sext16(s_.v[0][2]);
    case 2: return lo16(s_.v[1][0], s_.v[1][1]);
    case 3: return sext16(s_.v[1][2]);
    case 4: return lo16(s_.v[2][0], s_.v[2][1]);
    case 5: return sext16(s_.v[2][2]);
    case 6: return pack8(s_.rgbc);
    case 7: return s_.otz;
    case 8: return sext16(s_.ir[0]);
    case 9: return sext16(s_.ir[1]);
    case 10: return sext16(s_.ir[2]);
    case 11: return sext16(s_.ir[3]);
    case 12: return lo16(s_.sxy[0][0], s_.sxy[0][1]);
    case 13: return lo16(s_.sxy[1][0], s_.sxy[1][1]);
    case 14:
    case 15: return lo16(s_.sxy[2][0], s_.sxy[2][1]); // SXYP reads as its mirror SXY2
    case 16: return s_.sz[0];
    case 17: return s_.sz[1];
    case 18: return s_.sz[2];
    case 19: return s_.sz[3];
    case 20: return pack8(s_.rgb[0]);
    case 21: return pack8(s_.rgb[1]);
    case 22: return pack8(s_.rgb[2]);
    case 23: return s_.res1;
    case 24: return static_cast<uint32_t>(s_.mac[0]);
    case 25: return static_cast<uint32_t>(s_.mac[1]);
    case 26: return static_cast<uint32_t>(s_.mac[2]);
    case 27: return static_cast<uint32_t>(s_.mac[3]);
    case 28:
    case 29: {
        // IRGB and ORGB both read back IR1..3 collapsed to 5:5:5, saturated without flags.
        uint32_t out = 0;
        for (int i = 0; i < 3; ++i) {
            int32_t c = std::clamp(s_.ir[i + 1] >> 7, 0, 0x1F);
            out |= static_cast<uint32_t>(c) << (5 * i);
        }
        return out;
    }
    case 30: return s_.lzcs;
    default: return s_.lzcr;
    }
}

void Gte::writeData(uint32_t reg, uint32_t v) {
    const auto lo = static_cast<int16_t>(v);
    const auto hi = static_cast<int16_t>(v >> 16);
    switch (reg & 31) {
    case 0:
    case 2:
    case 4:
        s_.v[reg / 2][0] = lo;
        s_.v[reg / 2][1] = hi;
        break;
    case 1:
    case 3:
    case 5: s_.v[reg / 2][2] = lo; break;
    case 6: unpack8(s_.rgbc, v); break;
    case 7: s_.otz = static_cast<uint16_t>(v); break;
    case 8:
    case 9:
    case 10:
    case 11: s_.ir[reg - 8] = lo; break;
    case 12:
    case 13:
    case 14:
        s_.sxy[reg - 12][0] = lo;
        s_.sxy[reg - 12][1] = hi;
        break;
    case 15: // SXYP: move-on-write
        std::memmove(&s_.sxy[0], &s_.sxy[1], sizeof(s_.sxy[0]) * 2);
        s_.sxy[2][0] = lo;
        s_.sxy[2][1] = hi;
        break;
    case 16:
    case 17:
    case 18:
    case 19: s_.sz[reg - 16] = static_cast<uint16_t>(v); break;
    case 20:
    case 21:
    case 22: unpack8(s_.rgb[reg - 20], v); break;
    case 23: s_.res1 = v; break;
    case 24:
    case 25:
    case 26:
    case 27: s_.mac[reg - 24] = static_cast<int32_t>(v); break;
    case 28: // IRGB: 5:5:5 expanded by 80h into IR1..3
        for (int i = 0; i < 3; ++i)
            s_.ir[i + 1] = static_cast<int16_t>(((v >> (5 * i)) & 0x1F) * 0x80);
        break;
    case 29: break; // ORGB is read-only
    case 30:
        s_.lzcs = v;
        // Leading zeroes of a positive value, leading ones of a negative one: 1..32.
        s_.lzcr = static_cast<uint32_t>(std::countl_zero(static_cast<int32_t>(v) < 0 ? ~v : v));
        break;
    default: break; // LZCR is read-only
    }
}

uint32_t Gte::readControl(uint32_t reg) {
    reg &= 31;
    switch (reg) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 8:
    case 9:
    case 10:
    case 11:
    case 16:
    case 17:
    case 18:
    case 19: {
        const int16_t* m = s_.matrix[reg / 8];
        const uint32_t e = (reg % 8) * 2;
        return lo16(m[e], m[e + 1]);
    }
    case 4:
    case 12:
    case 20: return sext16(s_.matrix[reg / 8][8]); // RT33/L33/LB3 sign-expanded
    case 5:
    case 6:
    case 7:
    case 13:
    case 14:
    case 15:
    case 21:
    case 22:
    case 23: return static_cast<uint32_t>(s_.vec[reg / 8][(reg % 8) - 5]);
    case 24: return static_cast<uint32_t>(s_.ofx);
    case 25: return static_cast<uint32_t>(s_.ofy);
    case 26: return sext16(static_cast<int16_t>(s_.h)); // hardware bug: unsigned H sign-expanded
    case 27: return sext16(s_.dqa);
    case 28: return static_cast<uint32_t>(s_.dqb);
    case 29: return sext16(s_.zsf3);
    case 30: return sext16(s_.zsf4);
    default: return s_.flag | ((s_.flag & kFlagErrorMask) ? 0x80000000u : 0u);
    }
}

void Gte::writeControl(uint32_t reg, uint32_t v) {
    reg &= 31;
    const auto lo = static_cast<int16_t>(v);
    switch (reg) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 8:
    case 9:
    case 10:
    case 11:
    case 16:
    case 17:
    case 18:
    case 19: {
        int16_t* m = s_.matrix[reg / 8];
        const uint32_t e = (reg % 8) * 2;
        m[e] = lo;
        m[e + 1] = static_cast<int16_t>(v >> 16);
        break;
    }
    case 4:
    case 12:
    case 20: s_.matrix[reg / 8][8] = lo; break;
    case 5:
    case 6:
    case 7:
    case 13:
    case 14:
    case 15:
    case 21:
    case 22:
    case 23: s_.vec[reg / 8][(reg % 8) - 5] = static_cast<int32_t>(v); break;
    case 24: s_.ofx = static_cast<int32_t>(v); break;
    case 25: s_.ofy = static_cast<int32_t>(v); break;
    case 26: s_.h = static_cast<uint16_t>(v); break;
    case 27: s_.dqa = lo; break;
    case 28: s_.dqb = static_cast<int32_t>(v); break;
    case 29: s_.zsf3 = lo; break;
    case 30: s_.zsf4 = lo; break;
    default: s_.flag = v & kFlagWritable; break;
    }
}

void Gte::serialize(savestate::StateIO& io) {
    // Version 2: named fields; version 1 stored the packed State (208 bytes).
    uint32_t version = io.beginSection("gte", 2);
    io.record(s_, version, 2, 208, [&] {
        io.field("v", s_.v);
        io.field("rgbc", s_.rgbc);
        io.field("otz", s_.otz);
        io.field("ir", s_.ir);
        io.field("sxy", s_.sxy);
        io.field("sz", s_.sz);
        io.field("rgb", s_.rgb);
        io.field("res1", s_.res1);
        io.field("mac", s_.mac);
        io.field("lzcs", s_.lzcs);
        io.field("lzcr", s_.lzcr);
        io.field("matrix", s_.matrix);
        io.field("h", s_.h);
        io.field("vec", s_.vec);
        io.field("ofx", s_.ofx);
        io.field("ofy", s_.ofy);
        io.field("dqb", s_.dqb);
        io.field("flag", s_.flag);
        io.field("dqa", s_.dqa);
        io.field("zsf3", s_.zsf3);
        io.field("zsf4", s_.zsf4);
    });
    io.endSection();
}

// ---------------------------------------------------------------------------------------------
// Arithmetic helpers ("GTE Saturation")

inline int64_t Gte::checkMac(int i, int64_t value) {
    if (value > kMac44Max)
        s_.flag |= kFlagMacPositive(i);
    else if (value < kMac44Min)
        s_.flag |= kFlagMacNegative(i);
    return (value << 20) >> 20; // the accumulator keeps 44 bits
}

inline int64_t Gte::setMac0(int64_t value) {
    if (value > INT32_MAX)
        s_.flag |= kFlagMac0Positive;
    else if (value < INT32_MIN)
        s_.flag |= kFlagMac0Negative;
    s_.mac[0] = static_cast<int32_t>(value);
    return value;
}

inline int16_t Gte::saturateIr(int i, int32_t value, bool lm) {
    const int32_t min = lm ? 0 : -0x8000;
    if (value < min) {
        s_.flag |= kFlagIr(i);
        return static_cast<int16_t>(min);
    }
    if (value > 0x7FFF) {
        s_.flag |= kFlagIr(i);
        return 0x7FFF;
    }
    return static_cast<int16_t>(value);
}

inline uint8_t Gte::saturateColor(int i, int32_t value) {
    if (value < 0) {
        s_.flag |= kFlagColor(i);
        return 0;
    }
    if (value > 0xFF) {
        s_.flag |= kFlagColor(i);
        return 0xFF;
    }
    return static_cast<uint8_t>(value);
}

inline void Gte::setIrFromMac(bool lm) {
    for (int i = 1; i <= 3; ++i)
        s_.ir[i] = saturateIr(i, s_.mac[i], lm);
}

inline void Gte::pushColor() {
    std::memmove(&s_.rgb[0], &s_.rgb[1], sizeof(s_.rgb[0]) * 2);
    for (int i = 1; i <= 3; ++i)
        s_.rgb[2][i - 1] = saturateColor(i, s_.mac[i] >> 4);
    s_.rgb[2][3] = s_.rgbc[3];
}

// start + row . vec, each addition checked against the 44-bit accumulator.
inline int64_t Gte::matrixRow(const int16_t* row, const int16_t* vec, int64_t start, int i) {
    int64_t a = checkMac(i, start);
    a = checkMac(i, a + int32_t{row[0]} * vec[0]);
    a = checkMac(i, a + int32_t{row[1]} * vec[1]);
    return checkMac(i, a + int32_t{row[2]} * vec[2]);
}

// [MAC1..3] = (T*1000h + M*V) SAR shift, [IR1..3] = [MAC1..3]. `vec` must not alias IR.
inline void Gte::mulMatrixVector(const int16_t* m, const int16_t* vec, const int32_t* t, int shift,
                                 bool lm) {
    for (int i = 0; i < 3; ++i) {
        const int64_t start = t ? int64_t{t[i]} * 0x1000 : 0;
        s_.mac[i + 1] = static_cast<int32_t>(matrixRow(m + 3 * i, vec, start, i + 1) >> shift);
    }
    setIrFromMac(lm);
}

// From the 44-bit base values: optional "MAC+(FC-MAC)*IR0", then SAR shift into MAC1..3,
// [IR1..3] = [MAC1..3], colour FIFO push.
inline void Gte::colorFinish(const int64_t base[3], bool depthCue, int shift, bool lm) {
    for (int i = 0; i < 3; ++i) {
        int64_t m = checkMac(i + 1, base[i]);
        if (depthCue) {
            const int64_t diff = checkMac(i + 1, int64_t{s_.vec[kFarColor][i]} * 0x1000 - m);
            const int16_t t = saturateIr(i + 1, static_cast<int32_t>(diff >> shift), false);
            m = checkMac(i + 1, int32_t{t} * s_.ir[0] + m);
        }
        s_.mac[i + 1] = static_cast<int32_t>(m >> shift);
    }
    setIrFromMac(lm);
    pushColor();
}

// NCS/NCC/NCD core: LLM*V, then BK + LCM*IR, then optional colour multiply and depth cue.
inline void Gte::colorStages(const int16_t* normal, bool colorMul, bool depthCue, int shift,
                             bool lm) {
    mulMatrixVector(s_.matrix[kLight], normal, nullptr, shift, lm);
    const int16_t ir[3] = {s_.ir[1], s_.ir[2], s_.ir[3]};
    mulMatrixVector(s_.matrix[kColor], ir, s_.vec[kBackground], shift, lm);
    if (!colorMul) {
        pushColor();
        return;
    }
    int64_t base[3];
    for (int i = 0; i < 3; ++i)
        base[i] = int64_t{int32_t{s_.rgbc[i]} * s_.ir[i + 1]} * 16;
    colorFinish(base, depthCue, shift, lm);
}

// ---------------------------------------------------------------------------------------------
// Division ("GTE Division Inaccuracy")

uint32_t Gte::unrDivide(uint32_t h, uint32_t sz3, bool& overflow) {
    overflow = false;
    if (h < sz3 * 2) {
        const int z = std::countl_zero(static_cast<uint16_t>(sz3));
        const uint32_t n = h << z;
        uint32_t d = sz3 << z;
        const uint32_t u = kUnrTable[(d - 0x7FC0) >> 7] + 0x101u;
        d = (0x2000080u - d * u) >> 8;
        d = (0x0000080u + d * u) >> 8;
        const uint64_t q = (uint64_t{n} * d + 0x8000) >> 16;
        return static_cast<uint32_t>(std::min<uint64_t>(q, 0x1FFFF));
    }
    overflow = true;
    return 0x1FFFF;
}

// ---------------------------------------------------------------------------------------------
// Commands

void Gte::rtp(int vertex, int shift, bool lm, bool depthCue) {
    const int16_t* rt = s_.matrix[kRotation];
    const int32_t* tr = s_.vec[kTranslation];
    const int16_t* v = s_.v[vertex];
    int64_t sum = 0;
    for (int i = 0; i < 3; ++i) {
        sum = matrixRow(rt + 3 * i, v, int64_t{tr[i]} * 0x1000, i + 1);
        s_.mac[i + 1] = static_cast<int32_t>(sum >> shift);
    }
    s_.ir[1] = saturateIr(1, s_.mac[1], lm);
    s_.ir[2] = saturateIr(2, s_.mac[2], lm);
    // FLAG.22 as if lm=0 on the screen-Z value; the stored IR3 follows lm without a flag.
    const auto z = static_cast<int32_t>(sum >> 12); // MAC3 SAR ((1-sf)*12), from the accumulator
    if (z < -0x8000 || z > 0x7FFF) s_.flag |= kFlagIr(3);
    s_.ir[3] = static_cast<int16_t>(std::clamp(s_.mac[3], lm ? 0 : -0x8000, 0x7FFF));

    s_.sz[0] = s_.sz[1];
    s_.sz[1] = s_.sz[2];
    s_.sz[2] = s_.sz[3];
    if (z < 0 || z > 0xFFFF) s_.flag |= kFlagSz3Otz;
    s_.sz[3] = static_cast<uint16_t>(std::clamp(z, 0, 0xFFFF));

    bool overflow;
    const int64_t q = unrDivide(s_.h, s_.sz[3], overflow);
    if (overflow) s_.flag |= kFlagDivide;

    const auto sx = static_cast<int32_t>(setMac0(q * s_.ir[1] + s_.ofx) >> 16);
    if (sx < -0x400 || sx > 0x3FF) s_.flag |= kFlagSx2;
    const auto sy = static_cast<int32_t>(setMac0(q * s_.ir[2] + s_.ofy) >> 16);
    if (sy < -0x400 || sy > 0x3FF) s_.flag |= kFlagSy2;
    std::memmove(&s_.sxy[0], &s_.sxy[1], sizeof(s_.sxy[0]) * 2);
    s_.sxy[2][0] = static_cast<int16_t>(std::clamp(sx, -0x400, 0x3FF));
    s_.sxy[2][1] = static_cast<int16_t>(std::clamp(sy, -0x400, 0x3FF));

    if (!depthCue) return;
    const auto dq = static_cast<int32_t>(setMac0(q * s_.dqa + s_.dqb) >> 12);
    if (dq < 0 || dq > 0x1000) s_.flag |= kFlagIr0;
    s_.ir[0] = static_cast<int16_t>(std::clamp(dq, 0, 0x1000));
}

void Gte::nclip() {
    const int64_t x0 = s_.sxy[0][0], y0 = s_.sxy[0][1];
    const int64_t x1 = s_.sxy[1][0], y1 = s_.sxy[1][1];
    const int64_t x2 = s_.sxy[2][0], y2 = s_.sxy[2][1];
    setMac0(x0 * y1 + x1 * y2 + x2 * y0 - x0 * y2 - x1 * y0 - x2 * y1);
}

void Gte::op(int shift, bool lm) {
    const int16_t* rt = s_.matrix[kRotation];
    const int32_t d1 = rt[0], d2 = rt[4], d3 = rt[8]; // RT11, RT22, RT33
    const int32_t ir1 = s_.ir[1], ir2 = s_.ir[2], ir3 = s_.ir[3];
    s_.mac[1] = static_cast<int32_t>(checkMac(1, checkMac(1, ir3 * d2) - ir2 * d3) >> shift);
    s_.mac[2] = static_cast<int32_t>(checkMac(2, checkMac(2, ir1 * d3) - ir3 * d1) >> shift);
    s_.mac[3] = static_cast<int32_t>(checkMac(3, checkMac(3, ir2 * d1) - ir1 * d2) >> shift);
    setIrFromMac(lm);
}

void Gte::dpc(const uint8_t* rgb, int shift, bool lm) {
    const int64_t base[3] = {int64_t{rgb[0]} << 16, int64_t{rgb[1]} << 16, int64_t{rgb[2]} << 16};
    colorFinish(base, true, shift, lm);
}

void Gte::intpl(int shift, bool lm) {
    int64_t base[3];
    for (int i = 0; i < 3; ++i)
        base[i] = int64_t{s_.ir[i + 1]} * 0x1000;
    colorFinish(base, true, shift, lm);
}

void Gte::dcpl(int shift, bool lm) {
    int64_t base[3];
    for (int i = 0; i < 3; ++i)
        base[i] = int64_t{int32_t{s_.rgbc[i]} * s_.ir[i + 1]} * 16;
    colorFinish(base, true, shift, lm);
}

void Gte::cdp(int shift, bool lm) {
    const int16_t ir[3] = {s_.ir[1], s_.ir[2], s_.ir[3]};
    mulMatrixVector(s_.matrix[kColor], ir, s_.vec[kBackground], shift, lm);
    int64_t base[3];
    for (int i = 0; i < 3; ++i)
        base[i] = int64_t{int32_t{s_.rgbc[i]} * s_.ir[i + 1]} * 16;
    colorFinish(base, true, shift, lm);
}

void Gte::cc(int shift, bool lm) {
    const int16_t ir[3] = {s_.ir[1], s_.ir[2], s_.ir[3]};
    mulMatrixVector(s_.matrix[kColor], ir, s_.vec[kBackground], shift, lm);
    int64_t base[3];
    for (int i = 0; i < 3; ++i)
        base[i] = int64_t{int32_t{s_.rgbc[i]} * s_.ir[i + 1]} * 16;
    colorFinish(base, false, shift, lm);
}

void Gte::mvmva(uint32_t command, int shift, bool lm) {
    const uint32_t mx = (command >> 17) & 3;
    const uint32_t vx = (command >> 15) & 3;
    const uint32_t cv = (command >> 13) & 3;

    int16_t vec[3];
    if (vx < 3)
        std::memcpy(vec, s_.v[vx], sizeof(vec));
    else
        std::memcpy(vec, &s_.ir[1], sizeof(vec));

    int16_t garbage[9];
    const int16_t* m;
    if (mx < 3) {
        m = s_.matrix[mx];
    } else {
        const int16_t* rt = s_.matrix[kRotation];
        const auto r = static_cast<int16_t>(s_.rgbc[0] * 16);
        const int16_t g[9] = {
            static_cast<int16_t>(-r), r, s_.ir[0], rt[2], rt[2], rt[2], rt[4], rt[4], rt[4]};
        std::memcpy(garbage, g, sizeof(garbage));
        m = garbage;
    }

    if (cv == 2) {
        // Far-colour bug: the FC and first-column terms only reach the flags.
        const int32_t* fc = s_.vec[kFarColor];
        for (int i = 0; i < 3; ++i) {
            const int16_t* row = m + 3 * i;
            int64_t lost = checkMac(i + 1, int64_t{fc[i]} * 0x1000);
            lost = checkMac(i + 1, lost + int32_t{row[0]} * vec[0]);
            saturateIr(i + 1, static_cast<int32_t>(lost >> shift), false);
            int64_t a = checkMac(i + 1, int32_t{row[1]} * vec[1]);
            a = checkMac(i + 1, a + int32_t{row[2]} * vec[2]);
            s_.mac[i + 1] = static_cast<int32_t>(a >> shift);
        }
        setIrFromMac(lm);
        return;
    }
    mulMatrixVector(m, vec, cv == 3 ? nullptr : s_.vec[cv], shift, lm);
}

void Gte::sqr(int shift, bool lm) {
    for (int i = 1; i <= 3; ++i) {
        const int32_t v = s_.ir[i];
        s_.mac[i] = static_cast<int32_t>(checkMac(i, int64_t{v} * v) >> shift);
    }
    setIrFromMac(lm);
}

void Gte::avsz3() {
    const int64_t sum = int64_t{s_.sz[1]} + s_.sz[2] + s_.sz[3];
    const auto otz = static_cast<int32_t>(setMac0(sum * s_.zsf3) >> 12);
    if (otz < 0 || otz > 0xFFFF) s_.flag |= kFlagSz3Otz;
    s_.otz = static_cast<uint16_t>(std::clamp(otz, 0, 0xFFFF));
}

void Gte::avsz4() {
    const int64_t sum = int64_t{s_.sz[0]} + s_.sz[1] + s_.sz[2] + s_.sz[3];
    const auto otz = static_cast<int32_t>(setMac0(sum * s_.zsf4) >> 12);
    if (otz < 0 || otz > 0xFFFF) s_.flag |= kFlagSz3Otz;
    s_.otz = static_cast<uint16_t>(std::clamp(otz, 0, 0xFFFF));
}

void Gte::gpf(int shift, bool lm) {
    for (int i = 1; i <= 3; ++i) {
        const int64_t v = checkMac(i, int64_t{int32_t{s_.ir[i]} * s_.ir[0]});
        s_.mac[i] = static_cast<int32_t>(v >> shift);
    }
    setIrFromMac(lm);
    pushColor();
}

void Gte::gpl(int shift, bool lm) {
    for (int i = 1; i <= 3; ++i) {
        const int64_t base = checkMac(i, int64_t{s_.mac[i]} << shift);
        const int64_t v = checkMac(i, base + int32_t{s_.ir[i]} * s_.ir[0]);
        s_.mac[i] = static_cast<int32_t>(v >> shift);
    }
    setIrFromMac(lm);
    pushColor();
}

uint32_t Gte::execute(uint32_t command) {
    const int shift = (command & (1u << 19)) ? 12 : 0; // sf
    const bool lm = (command & (1u << 10)) != 0;
    s_.flag = 0;
    // Real command number in bits 0-5; cycle counts from the "GTE Opcode Summary".
    switch (command & 0x3F) {
    case 0x00:                                      // N/A: "modifies similar registers than RTPS"
    case 0x01: rtp(0, shift, lm, true); return 15;  // RTPS
    case 0x06: nclip(); return 8;                   // NCLIP
    case 0x0C: op(shift, lm); return 6;             // OP
    case 0x10: dpc(s_.rgbc, shift, lm); return 8;   // DPCS
    case 0x11: intpl(shift, lm); return 8;          // INTPL
    case 0x12: mvmva(command, shift, lm); return 8; // MVMVA
    case 0x13: colorStages(s_.v[0], true, true, shift, lm); return 19; // NCDS
    case 0x14: cdp(shift, lm); return 13;                              // CDP
    case 0x16:                                                         // NCDT
        for (int n = 0; n < 3; ++n)
            colorStages(s_.v[n], true, true, shift, lm);
        return 44;
    case 0x1B: colorStages(s_.v[0], true, false, shift, lm); return 17;  // NCCS
    case 0x1C: cc(shift, lm); return 11;                                 // CC
    case 0x1E: colorStages(s_.v[0], false, false, shift, lm); return 14; // NCS
    case 0x20:                                                           // NCT
        for (int n = 0; n < 3; ++n)
            colorStages(s_.v[n], false, false, shift, lm);
        return 30;
    case 0x28: sqr(shift, lm); return 5;  // SQR
    case 0x29: dcpl(shift, lm); return 8; // DCPL
    case 0x2A:                            // DPCT: colours from the bottom of the FIFO
        for (int n = 0; n < 3; ++n)
            dpc(s_.rgb[0], shift, lm);
        return 17;
    case 0x2D: avsz3(); return 5; // AVSZ3
    case 0x2E: avsz4(); return 6; // AVSZ4
    case 0x30:                    // RTPT
        for (int n = 0; n < 3; ++n)
            rtp(n, shift, lm, n == 2); // depth cue for the last vertex only
        return 23;
    case 0x3D: gpf(shift, lm); return 5; // GPF
    case 0x3E: gpl(shift, lm); return 5; // GPL
    case 0x3F:                           // NCCT
        for (int n = 0; n < 3; ++n)
            colorStages(s_.v[n], true, false, shift, lm);
        return 39;
    default: return kUnknownCommandCycles;
    }
}

} // namespace core
