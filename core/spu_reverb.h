#pragma once
// The SPU's reverb unit (soundprocessingunitspu.md "SPU Reverb Registers", "SPU Reverb Formula",
// "Reverb Buffer Resampling", "SPU Internal State Machine from SPU RAM Timing"), standalone: the
// SPU owns one, calls step() once per 44.1 kHz sample and applies vLOUT/vROUT itself.
//
// The hardware notes this code relies on, and the choices made where the reference is silent,
// are at the top of core/spu_reverb.cpp.
#include <array>
#include <cstdint>
#include <type_traits>

#include "savestate/state_io.h"

namespace core {

class SpuReverb {
  public:
    // "Reverb Buffer Resampling": the 39-tap FIR of both the input (44.1 -> 22.05 kHz) and the
    // output (22.05 -> 44.1 kHz) resampler. Only the even taps and the centre are nonzero.
    static constexpr int kTaps = 39;
    static constexpr int kCentre = 19;
    static constexpr std::array<int16_t, kTaps> kFir = {
        -0x0001, 0x0000, 0x0002,  0x0000, -0x000A, 0x0000, 0x0023,  0x0000, -0x0067, 0x0000,
        0x010A,  0x0000, -0x0268, 0x0000, 0x0534,  0x0000, -0x0B90, 0x0000, 0x2806,  0x4000,
        0x2806,  0x0000, -0x0B90, 0x0000, 0x0534,  0x0000, -0x0268, 0x0000, 0x010A,  0x0000,
        -0x0067, 0x0000, 0x0023,  0x0000, -0x000A, 0x0000, 0x0002,  0x0000, -0x0001};

    // Indexes into the 32 halfwords at 1F801DC0h ("SPU Reverb Registers", rev00..rev1F).
    enum Reg : unsigned {
        dAPF1 = 0x00,  // APF offset 1 (disp)
        dAPF2 = 0x01,  // APF offset 2 (disp)
        vIIR = 0x02,   // reflection volume 1
        vCOMB1 = 0x03, // comb volumes 1..4
        vCOMB2 = 0x04,
        vCOMB3 = 0x05,
        vCOMB4 = 0x06,
        vWALL = 0x07, // reflection volume 2
        vAPF1 = 0x08, // APF volumes 1, 2
        vAPF2 = 0x09,
        mLSAME = 0x0A, // same side reflection address 1 (src/dst)
        mRSAME = 0x0B,
        mLCOMB1 = 0x0C, // comb addresses (src)
        mRCOMB1 = 0x0D,
        mLCOMB2 = 0x0E,
        mRCOMB2 = 0x0F,
        dLSAME = 0x10, // same side reflection address 2 (src)
        dRSAME = 0x11,
        mLDIFF = 0x12, // different side reflection address 1 (src/dst)
        mRDIFF = 0x13,
        mLCOMB3 = 0x14,
        mRCOMB3 = 0x15,
        mLCOMB4 = 0x16,
        mRCOMB4 = 0x17,
        dLDIFF = 0x18, // different side reflection address 2 (src)
        dRDIFF = 0x19,
        mLAPF1 = 0x1A, // APF addresses (src/dst)
        mRAPF1 = 0x1B,
        mLAPF2 = 0x1C,
        mRAPF2 = 0x1D,
        vLIN = 0x1E, // input volumes
        vRIN = 0x1F,
    };

    static constexpr int kInHistory = 64;  // >= 39 input samples per side, a power of two
    static constexpr int kOutHistory = 32; // >= 20 reverb results per side, a power of two

    // All saveable state (DESIGN.md §5). Index 0 = left, 1 = right.
    struct State {
        int16_t in[2][kInHistory];   // 44.1 kHz input samples, newest at inPos
        int16_t out[2][kOutHistory]; // 22.05 kHz reverb results, newest at outPos[side]
        uint32_t bufferAddress = 0;  // "BufferAddress" (bytes, even), mBASE*8..7FFFEh
        uint16_t mBase = 0;          // mBASE as last seen: a change reloads bufferAddress
        uint8_t inPos = 0;           // 0..kInHistory-1
        uint8_t outPos[2] = {0, 0};  // 0..kOutHistory-1
        uint8_t side = 0;            // the side this 44.1 kHz step computes: 0 left, 1 right
        uint8_t pad[2] = {0, 0};
    };
    static_assert(std::is_trivially_copyable_v<State>);
    static_assert(sizeof(State) == 4 * (kInHistory + kOutHistory) + 12, "no implicit padding");

    SpuReverb() { reset(); }
    void reset();

    // Once per 44.1 kHz SPU sample with the summed reverb input (voices with EON set, CD or
    // external input when their SPUCNT reverb bit is set), in the 16-bit range (saturated here
    // if not). Returns the reverb output (L, R) BEFORE vLOUT/vROUT. `regs` = the 32 halfwords
    // at 1F801DC0h, `mBase` = 1F801DA2h, `masterEnable` = SPUCNT bit 7.
    // `Ram` has `uint16_t read(uint32_t byteAddr)` and `void write(uint32_t byteAddr, uint16_t)`;
    // every address given to it is even and inside mBASE*8..7FFFEh.
    template <class Ram>
    std::array<int32_t, 2> step(Ram& ram, const uint16_t* regs, uint16_t mBase, bool masterEnable,
                                int32_t inL, int32_t inR);

    // The SPU calls this on every write to mBASE (1F801DA2h): "Writing a value to mBASE does
    // additionally set the current buffer address to that value". step() also catches a
    // changed mBase by itself, so only a rewrite of the same value needs this call.
    void writeMBase(uint16_t mBase) {
        state_.mBase = mBase;
        state_.bufferAddress = uint32_t(mBase) << 3;
    }

    // Named fields ("reverb.*") inside the caller's section, which must be a named-field
    // section (StateIO::field): the SPU calls this from its serialize() for section versions
    // that carry it, and reset() for older ones. A state without these fields loads as reset.
    void serialize(savestate::StateIO& io);
    const State& state() const { return state_; }

  private:
    static int32_t sat16(int32_t v) { return v < -0x8000 ? -0x8000 : v > 0x7fff ? 0x7fff : v; }
    // "The multiplication results are divided by +8000h" (arithmetic shift: rounds down).
    static int32_t mul(int32_t sample, uint16_t volume) {
        return (sample * int32_t(int16_t(volume))) >> 15;
    }
    static void countZero(uint8_t& run, int16_t v) {
        run = v != 0 ? 0 : (run < 0xff ? uint8_t(run + 1) : run);
    }
    void clearZeroRuns() { zeroIn_[0] = zeroIn_[1] = zeroOut_[0] = zeroOut_[1] = 0; }
    int32_t downsample(unsigned side) const;
    int32_t upsample(unsigned side, bool centrePhase) const;

    // One side's half of a 22.05 kHz tick (see the .cpp notes for the order of the accesses).
    template <class Ram>
    int32_t process(Ram& ram, const uint16_t* regs, bool masterEnable, unsigned side,
                    int32_t input);

    State state_{};
    // Not state (host-speed caches, zero after reset and load, which only costs speed): how many
    // of each side's newest input samples / 22.05 kHz results are zero in a row, capped. A
    // resampler whose whole window is zero outputs zero without running its filter.
    uint8_t zeroIn_[2] = {0, 0};
    uint8_t zeroOut_[2] = {0, 0};
};

// --- The per-sample path (inline: the SPU runs it 44,100 times per emulated second) ---------

inline int32_t SpuReverb::downsample(unsigned side) const {
    // y = sum h[k] * x[n-k] / 8000h over the 20 even taps and the centre (the odd taps are 0).
    if (zeroIn_[side] >= kTaps) return 0; // every tap meets a zero sample
    const int16_t* x = state_.in[side];
    const unsigned n = state_.inPos;
    int32_t acc = kFir[kCentre] * x[(n - kCentre) & (kInHistory - 1)];
    for (unsigned k = 0; k < kTaps; k += 2)
        acc += kFir[k] * x[(n - k) & (kInHistory - 1)];
    return sat16(acc >> 15);
}

inline int32_t SpuReverb::upsample(unsigned side, bool centrePhase) const {
    // The 22.05 kHz results are a 44.1 kHz stream with a zero between samples. On the step that
    // produced a result the even taps meet results (20 taps, gain 2: divide by 4000h); on the
    // other step only the centre tap (4000h) meets one, 9.5 results (19 samples) back.
    const int16_t* r = state_.out[side];
    const unsigned j = state_.outPos[side];
    if (centrePhase) return r[(j - 9) & (kOutHistory - 1)];
    if (zeroOut_[side] >= 20) return 0; // every even tap meets a zero result
    int32_t acc = 0;
    for (unsigned i = 0; i < 20; ++i)
        acc += kFir[2 * i] * r[(j - i) & (kOutHistory - 1)];
    return sat16(acc >> 14);
}

template <class Ram>
int32_t SpuReverb::process(Ram& ram, const uint16_t* regs, bool masterEnable, unsigned side,
                           int32_t input) {
    // Addresses: registers are in units of 8 bytes, relative to BufferAddress and wrapped
    // within mBASE*8..7FFFEh ("SPU Reverb Formula", Notes), as a position in the work area.
    const uint32_t base = uint32_t(state_.mBase) << 3;
    const int32_t size = int32_t(0x80000 - base);
    const int32_t cur = int32_t(state_.bufferAddress - base);
    auto at = [&](int32_t rel) -> uint32_t {
        int32_t p = cur + rel;
        if (p >= size)
            p -= size;
        else if (p < 0)
            p += size;
        if (uint32_t(p) >= uint32_t(size)) { // an offset past the whole area (small areas)
            p %= size;
            if (p < 0) p += size;
        }
        return base + uint32_t(p);
    };
    auto addr = [&](unsigned reg) { return int32_t(regs[reg]) << 3; };
    auto rd = [&](uint32_t a) { return int32_t(int16_t(ram.read(a))); };
    // "WRITE becomes READ if REVERB DISABLED" (Reverb Computation Order).
    auto wr = [&](uint32_t a, int32_t v) {
        if (masterEnable)
            ram.write(a, uint16_t(v));
        else
            (void)ram.read(a);
    };
    const unsigned o = side;     // this side's register of an L/R pair
    const unsigned x = side ^ 1; // the other side's (different side reflection source)
    if (!masterEnable && (regs[vCOMB1] | regs[vCOMB2] | regs[vCOMB3] | regs[vCOMB4] | regs[vAPF1] |
                          regs[vAPF2]) == 0) {
        // Nothing is written and every volume on the output path is zero: the comb sum is 0,
        // the first all-pass stage outputs [mAPF1-dAPF1] and the second [mAPF2-dAPF2] (the
        // formula below with those zeros). The 14 accesses still happen, in the same order
        // (IRQ address, page table).
        const int32_t mSame = addr(mLSAME + o), mDiff = addr(mLDIFF + o);
        const int32_t mApf1 = addr(mLAPF1 + o), mApf2 = addr(mLAPF2 + o);
        (void)ram.read(at(addr(dLSAME + o)));
        (void)ram.read(at(mSame - 2));
        (void)ram.read(at(addr(dLDIFF + x)));
        (void)ram.read(at(mSame));
        (void)ram.read(at(mDiff - 2));
        (void)ram.read(at(addr(mLCOMB1 + o)));
        (void)ram.read(at(mDiff));
        (void)ram.read(at(addr(mLCOMB2 + o)));
        (void)ram.read(at(addr(mLCOMB3 + o)));
        (void)ram.read(at(addr(mLCOMB4 + o)));
        (void)ram.read(at(mApf1 - addr(dAPF1)));
        const int32_t apf2Old = rd(at(mApf2 - addr(dAPF2)));
        (void)ram.read(at(mApf1));
        (void)ram.read(at(mApf2));
        return apf2Old;
    }
    const uint16_t vIir = regs[vIIR], vWall = regs[vWALL];

    // "Lin = vLIN * LeftInput" (on the downsampled input).
    const int32_t in = sat16(mul(input, regs[vLIN + o]));
    // [mSAME] = (in + [dSAME]*vWALL - [mSAME-2])*vIIR + [mSAME-2]; vIIR = -8000h negates the
    // value written ("Bug").
    auto reflect = [&](int32_t wall, int32_t prev) {
        const int32_t t = sat16(sat16(in + mul(wall, vWall)) - prev);
        int32_t v = mul(t, vIir) + prev;
        if (vIir == 0x8000) v = -v;
        return sat16(v);
    };
    // The accesses in the order of "Reverb Computation Order" (left: L registers, dRDIFF).
    const int32_t mSame = addr(mLSAME + o), mDiff = addr(mLDIFF + o);
    const int32_t dSame = rd(at(addr(dLSAME + o)));
    const int32_t sameOld = rd(at(mSame - 2));
    const int32_t dDiff = rd(at(addr(dLDIFF + x)));
    wr(at(mSame), reflect(dSame, sameOld));
    const int32_t diffOld = rd(at(mDiff - 2));
    const int32_t comb1 = rd(at(addr(mLCOMB1 + o)));
    wr(at(mDiff), reflect(dDiff, diffOld));
    const int32_t comb2 = rd(at(addr(mLCOMB2 + o)));
    const int32_t comb3 = rd(at(addr(mLCOMB3 + o)));
    const int32_t comb4 = rd(at(addr(mLCOMB4 + o)));
    const int32_t mApf1 = addr(mLAPF1 + o), mApf2 = addr(mLAPF2 + o);
    const int32_t apf1Old = rd(at(mApf1 - addr(dAPF1)));
    const int32_t apf2Old = rd(at(mApf2 - addr(dAPF2)));
    // Early echo (comb filter), then the two all-pass stages:
    // out = out - vAPF*[mAPF-dAPF], [mAPF] = out, out = out*vAPF + [mAPF-dAPF].
    int32_t out = sat16(mul(comb1, regs[vCOMB1]) + mul(comb2, regs[vCOMB2]) +
                        mul(comb3, regs[vCOMB3]) + mul(comb4, regs[vCOMB4]));
    const uint16_t vApf1 = regs[vAPF1], vApf2 = regs[vAPF2];
    const int32_t apf1In = sat16(out - mul(apf1Old, vApf1));
    out = sat16(mul(apf1In, vApf1) + apf1Old);
    const int32_t apf2In = sat16(out - mul(apf2Old, vApf2));
    out = sat16(mul(apf2In, vApf2) + apf2Old);
    wr(at(mApf1), apf1In);
    wr(at(mApf2), apf2In);
    return out;
}

template <class Ram>
std::array<int32_t, 2> SpuReverb::step(Ram& ram, const uint16_t* regs, uint16_t mBase,
                                       bool masterEnable, int32_t inL, int32_t inR) {
    State& s = state_;
    if (mBase != s.mBase) writeMBase(mBase);
    s.inPos = uint8_t((s.inPos + 1) & (kInHistory - 1));
    s.in[0][s.inPos] = int16_t(sat16(inL));
    s.in[1][s.inPos] = int16_t(sat16(inR));
    countZero(zeroIn_[0], s.in[0][s.inPos]);
    countZero(zeroIn_[1], s.in[1][s.inPos]);

    // This step's side is downsampled, processed and its result appended; the other side's
    // output is on its centre phase ("one 44100h cycle on left calculations, and the next
    // 44100h cycle on right calculations").
    const unsigned side = s.side & 1;
    const int32_t result = process(ram, regs, masterEnable, side, downsample(side));
    s.outPos[side] = uint8_t((s.outPos[side] + 1) & (kOutHistory - 1));
    s.out[side][s.outPos[side]] = int16_t(result);
    countZero(zeroOut_[side], int16_t(result));
    std::array<int32_t, 2> out;
    out[side] = upsample(side, false);
    out[side ^ 1] = upsample(side ^ 1, true);

    if (side == 1) {
        // "BufferAddress = MAX(mBASE, (BufferAddress+2) AND 7FFFEh)" once per 22.05 kHz tick.
        const uint32_t next = (s.bufferAddress + 2) & 0x7fffe;
        const uint32_t base = uint32_t(s.mBase) << 3;
        s.bufferAddress = next < base ? base : next;
    }
    s.side = uint8_t(side ^ 1);
    return out;
}

} // namespace core
