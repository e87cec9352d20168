#pragma once
// The SPU's envelope generator (soundprocessingunitspu.md "SPU Volume and ADSR Generator",
// "Envelope Operation depending on Shift/Step/Mode/Direction"): one rule steps both the
// per-voice ADSR envelope and the sweep volumes (voice volume left/right, main volume).
// Plain inline functions on plain state (they run for 24 voices every tick), so a test can
// step them alone.
//
// Hardware notes (soundprocessingunitspu.md "SPU Volume and ADSR Generator"):
// - Attack: mode bit 15, shift bits 14-10, step bits 9-8, always increase (until 7FFFh).
// - Decay: always exponential decrease with step "-8" (step value 0), shift bits 7-4, until
//   the sustain level (N+1)*800h.
// - Sustain: mode bit 31, direction bit 30, shift bits 28-24, step bits 23-22, until Key OFF.
// - Release: mode bit 21, shift bits 20-16, always decrease with step "-8", until 0000h.
// - "Using a step value of all-ones causes the volume to never step ... 0x7f, or 0x1f for
//   decay/release": attack/sustain never step with shift 1Fh and step 3; release never steps
//   with shift 1Fh. Decay's shift field has four bits, so it cannot be all ones in five.
// - The order of stepping and the phase change within a tick is not documented: here a tick
//   steps, then compares with the phase's target; one phase change per tick.
#include <cstdint>

namespace core::spu {

// One phase's rate, decoded from the register bits.
struct EnvelopeRate {
    uint8_t shift = 0; // 0..1Fh (fast..slow)
    uint8_t step = 0;  // 0..3 ("+7,+6,+5,+4" / "-8,-7,-6,-5")
    bool exponential = false;
    bool decreasing = false;
    bool phaseNegative = false;
    bool neverSteps = false; // the all-ones rate: "the volume never steps, never saturates"
};

// One 44.1 kHz tick of the envelope rule. `level` is the current level, `counter` the step
// counter (a step happens when bit 15 becomes set, then the counter restarts at zero).
inline void envelopeTick(int16_t& level, uint16_t& counter, const EnvelopeRate& r) {
    if (r.neverSteps) return;
    const int32_t cur = level;
    int32_t step = 7 - int32_t(r.step);
    if (r.decreasing != r.phaseNegative) step = ~step; // +7,+6,+5,+4 => -8,-7,-6,-5
    step *= int32_t(1) << (r.shift < 11 ? 11 - r.shift : 0);
    uint32_t inc = 0x8000u >> (r.shift > 11 ? r.shift - 11 : 0);
    if (r.exponential && !r.decreasing && cur > 0x6000) {
        // "Exponential Increase is a fake": a slower linear rate above 6000h.
        if (r.shift < 10)
            step >>= 2;
        else if (r.shift >= 11)
            inc >>= 2;
        else {
            step >>= 1;
            inc >>= 1;
        }
    } else if (r.exponential && r.decreasing) {
        // AdsrStep*AdsrLevel/8000h as an arithmetic shift: rounding towards minus infinity lets
        // a decrease reach 0000h ("until Level 0000h"); truncation would stall below 8000h/|step|.
        step = (step * cur) >> 15;
    }
    if (inc == 0) inc = 1; // only the all-ones rate (handled above) may stay at zero
    uint32_t c = counter + inc;
    if (!(c & 0x8000u)) {
        counter = uint16_t(c);
        return;
    }
    counter = 0;
    int32_t next = cur + step;
    if (!r.decreasing)
        next = next < -0x8000 ? -0x8000 : (next > 0x7fff ? 0x7fff : next);
    else if (r.phaseNegative)
        next = next < -0x8000 ? -0x8000 : (next > 0 ? 0 : next);
    else if (next < 0)
        next = 0;
    level = int16_t(next);
}

// --- ADSR (1F801C08h+N*10h, 32 bits) ---

enum AdsrPhase : uint8_t { kAdsrOff = 0, kAdsrAttack, kAdsrDecay, kAdsrSustain, kAdsrRelease };

struct AdsrState {
    int16_t level = 0;    // 1F801C0Ch+N*10h, "Current ADSR volume"
    uint16_t counter = 0; // the step counter
    uint8_t phase = kAdsrOff;
    uint8_t pad = 0;
};

// The rate of `phase` for the 32-bit ADSR register value (bit layout: core/spu_adsr.cpp).
inline EnvelopeRate adsrRate(uint8_t phase, uint32_t adsr) {
    EnvelopeRate r;
    switch (phase) {
    case kAdsrAttack:
        r.exponential = (adsr >> 15) & 1;
        r.shift = (adsr >> 10) & 0x1f;
        r.step = (adsr >> 8) & 3;
        r.neverSteps = r.shift == 0x1f && r.step == 3;
        break;
    case kAdsrDecay:
        r.exponential = true;
        r.decreasing = true;
        r.shift = (adsr >> 4) & 0xf;
        break;
    case kAdsrSustain:
        r.exponential = (adsr >> 31) & 1;
        r.decreasing = (adsr >> 30) & 1;
        r.shift = (adsr >> 24) & 0x1f;
        r.step = (adsr >> 22) & 3;
        r.neverSteps = r.shift == 0x1f && r.step == 3;
        break;
    case kAdsrRelease:
        r.exponential = (adsr >> 21) & 1;
        r.decreasing = true;
        r.shift = (adsr >> 16) & 0x1f;
        r.neverSteps = r.shift == 0x1f;
        break;
    default: r.neverSteps = true; break; // off: the level stays where it is
    }
    return r;
}
// "Sustain Level (0..0Fh) ;Level=(N+1)*800h": where decay ends.
inline int32_t sustainLevel(uint32_t adsr) {
    return int32_t((adsr & 0xf) + 1) * 0x800;
}
// One tick: steps the level with the phase's rate, then moves to the next phase when the
// level reached the phase's target (attack: 7FFFh; decay: the sustain level; release: 0).
inline void adsrTick(AdsrState& s, uint32_t adsr) {
    if (s.phase == kAdsrOff) return;
    envelopeTick(s.level, s.counter, adsrRate(s.phase, adsr));
    switch (s.phase) {
    case kAdsrAttack:
        if (s.level >= 0x7fff) s.phase = kAdsrDecay, s.counter = 0;
        break;
    case kAdsrDecay:
        if (s.level <= sustainLevel(adsr)) s.phase = kAdsrSustain, s.counter = 0;
        break;
    case kAdsrRelease:
        if (s.level <= 0) s.phase = kAdsrOff, s.level = 0, s.counter = 0;
        break;
    default: break;
    }
}

// --- Sweep volumes (1F801C00h/02h+N*10h, 1F801D80h/82h) ---

struct SweepState {
    int16_t level = 0;    // the current volume (1F801E00h+voice*04h, 1F801DB8h)
    uint16_t counter = 0; // the step counter
};
// One tick: Bit15=0 sets the fixed volume (bits 0-14 are volume/2), Bit15=1 sweeps.
inline void sweepTick(SweepState& s, uint16_t reg) {
    if (!(reg & 0x8000)) {
        s.level = int16_t(uint16_t(reg << 1));
        s.counter = 0;
        return;
    }
    EnvelopeRate r;
    r.exponential = (reg >> 14) & 1;
    r.decreasing = (reg >> 13) & 1;
    r.phaseNegative = (reg >> 12) & 1;
    r.shift = (reg >> 2) & 0x1f;
    r.step = reg & 3;
    r.neverSteps = (reg & 0x7f) == 0x7f;
    envelopeTick(s.level, s.counter, r);
}

} // namespace core::spu
