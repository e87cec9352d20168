// The SPU envelope against soundprocessingunitspu.md "Envelope Operation depending on
// Shift/Step/Mode/Direction" and the ADSR register layout ("SPU Volume and ADSR Generator").
// Expected tick counts are worked out here from the reference's rule.
#include <catch2/catch.hpp>

#include <cstdint>

#include "core/spu_adsr.h"

using namespace core::spu;

namespace {
// ADSR register value from its fields (lower and upper halfword as in the reference).
uint32_t adsr(unsigned attackExp, unsigned attackShift, unsigned attackStep, unsigned decayShift,
              unsigned sustainLevelN, unsigned sustainExp, unsigned sustainDec,
              unsigned sustainShift, unsigned sustainStep, unsigned releaseExp,
              unsigned releaseShift) {
    return attackExp << 15 | attackShift << 10 | attackStep << 8 | decayShift << 4 | sustainLevelN |
           sustainExp << 31 | sustainDec << 30 | sustainShift << 24 | sustainStep << 22 |
           releaseExp << 21 | releaseShift << 16;
}
// Ticks until the envelope leaves `phase`.
int ticksIn(AdsrState& s, uint32_t reg, uint8_t phase, int limit = 1 << 22) {
    int n = 0;
    while (s.phase == phase && n < limit) {
        adsrTick(s, reg);
        ++n;
    }
    return n;
}
} // namespace

TEST_CASE("soundprocessingunitspu.md Envelope: linear attack - step SHL (11-shift) every tick - "
          "or step every 2^(shift-11) ticks",
          "[spu]") {
    // Shift 0, step 0: +7 SHL 11 = 3800h per tick: 3800h, 7000h, then 7FFFh (clamped): 3 ticks.
    AdsrState s;
    s.phase = kAdsrAttack;
    uint32_t reg = adsr(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    adsrTick(s, reg);
    CHECK(s.level == 0x3800);
    adsrTick(s, reg);
    CHECK(s.level == 0x7000);
    adsrTick(s, reg);
    CHECK(s.level == 0x7fff);
    CHECK(s.phase == kAdsrDecay);

    // Shift 12, step 1 (+6): CounterIncrement = 8000h SHR 1, a step every 2 ticks.
    // 7FFFh needs ceil(7FFFh/6) = 5462 steps: 10924 ticks.
    s = AdsrState{};
    s.phase = kAdsrAttack;
    reg = adsr(0, 12, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    CHECK(ticksIn(s, reg, kAdsrAttack) == 10924);
    // Shift 13, step 3 (+4): every 4 ticks, ceil(7FFFh/4) = 8192 steps.
    s = AdsrState{};
    s.phase = kAdsrAttack;
    reg = adsr(0, 13, 3, 0, 0, 0, 0, 0, 0, 0, 0);
    CHECK(ticksIn(s, reg, kAdsrAttack) == 8192 * 4);
    // Shift 30 behaves as 26 (CounterIncrement never below 1): 32768 ticks per step.
    s = AdsrState{};
    s.phase = kAdsrAttack;
    reg = adsr(0, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    for (int i = 0; i < 32767; ++i)
        adsrTick(s, reg);
    CHECK(s.level == 0);
    adsrTick(s, reg);
    CHECK(s.level == 7);
}

TEST_CASE("soundprocessingunitspu.md Envelope: exponential attack slows above 6000h", "[spu]") {
    // Shift 0 step 0: +3800h per tick up to 6000h, then AdsrStep/4 = +E00h:
    // 3800h, 7000h (the level was 3800h <= 6000h), 7E00h, 7FFFh.
    AdsrState s;
    s.phase = kAdsrAttack;
    uint32_t reg = adsr(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    adsrTick(s, reg);
    CHECK(s.level == 0x3800);
    adsrTick(s, reg);
    CHECK(s.level == 0x7000);
    adsrTick(s, reg);
    CHECK(s.level == 0x7e00);
    adsrTick(s, reg);
    CHECK(s.level == 0x7fff);
    // Shift 12 (>= 11): above 6000h the counter increment is divided by 4 instead: one +7 step
    // every 2 ticks up to the first level above 6000h, then every 8 ticks.
    s = AdsrState{};
    s.phase = kAdsrAttack;
    reg = adsr(1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    int below = (0x6000 / 7 + 1); // steps until the level exceeds 6000h (6001h..6006h)
    int above = (0x7fff - below * 7 + 6) / 7;
    CHECK(ticksIn(s, reg, kAdsrAttack) == below * 2 + above * 8);
}

TEST_CASE("soundprocessingunitspu.md Envelope: exponential decay to the sustain level - "
          "release to zero - all-ones rates never step",
          "[spu]") {
    // Decay shift 0: step -8 SHL 11 = -4000h times level/8000h each tick, from 7FFFh:
    // 7FFFh - 4000h = 3FFFh (the product -3FFF.8h rounds down to -4000h), then 3FFFh - 2000h
    // = 1FFFh (-1FFF.8h -> -2000h); sustain level N=3 is 2000h: decay ends after 2 ticks.
    AdsrState s;
    s.phase = kAdsrDecay;
    s.level = 0x7fff;
    uint32_t reg = adsr(0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0);
    adsrTick(s, reg);
    CHECK(s.level == 0x3fff);
    CHECK(s.phase == kAdsrDecay);
    adsrTick(s, reg);
    CHECK(s.level == 0x1fff);
    CHECK(s.phase == kAdsrSustain);

    // Sustain with the all-ones rate (shift 1Fh, step 3): never steps.
    reg = adsr(0, 0, 0, 0, 3, 0, 1, 0x1f, 3, 0, 0);
    for (int i = 0; i < 100000; ++i)
        adsrTick(s, reg);
    CHECK(s.level == 0x1fff);
    CHECK(s.phase == kAdsrSustain);
    // Linear sustain increase shift 11 step 0 (+7 per tick) up to 7FFFh and there it stays.
    reg = adsr(0, 0, 0, 0, 3, 0, 0, 11, 0, 0, 0);
    adsrTick(s, reg);
    CHECK(s.level == 0x1fff + 7);

    // Release, linear, shift 11: -8 per tick, ending at zero (phase off).
    s.phase = kAdsrRelease;
    s.level = 0x100;
    reg = adsr(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11);
    CHECK(ticksIn(s, reg, kAdsrRelease) == 0x100 / 8);
    CHECK(s.level == 0);
    // Release shift 1Fh: never steps.
    s.phase = kAdsrRelease;
    s.level = 0x100;
    reg = adsr(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1f);
    for (int i = 0; i < 100000; ++i)
        adsrTick(s, reg);
    CHECK(s.level == 0x100);
    // Exponential release (shift 0) reaches zero.
    s.phase = kAdsrRelease;
    s.level = 0x7fff;
    reg = adsr(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    CHECK(ticksIn(s, reg, kAdsrRelease, 100000) < 100000);
    CHECK(s.level == 0);
}

TEST_CASE("soundprocessingunitspu.md Sweep Volume: fixed volume/2 - linear and exponential "
          "sweeps - phase negative",
          "[spu]") {
    SweepState v;
    sweepTick(v, 0x3fff); // "Voice volume/2": 3FFFh -> 7FFEh
    CHECK(v.level == 0x7ffe);
    sweepTick(v, 0x4000); // -4000h -> -8000h
    CHECK(v.level == -0x8000);
    // Linear increase, shift 0 step 0: +3800h per tick from 0, up to 7FFFh.
    v = SweepState{};
    uint16_t inc = 0x8000;
    sweepTick(v, inc);
    CHECK(v.level == 0x3800);
    sweepTick(v, inc);
    sweepTick(v, inc);
    CHECK(v.level == 0x7fff);
    // Linear decrease, shift 11 step 0: -8 per tick, down to 0.
    v.level = 12;
    uint16_t dec = 0x8000 | 1 << 13 | 11 << 2;
    sweepTick(v, dec);
    CHECK(v.level == 4);
    sweepTick(v, dec);
    CHECK(v.level == 0);
    // Decrease with phase negative: the step turns positive (+7), clamped at 0.
    v.level = -10;
    uint16_t decNeg = 0x8000 | 1 << 13 | 1 << 12 | 11 << 2;
    sweepTick(v, decNeg);
    CHECK(v.level == -3);
    sweepTick(v, decNeg);
    CHECK(v.level == 0);
    // Increase with phase negative: step -8, towards -8000h.
    v.level = 0;
    uint16_t incNeg = 0x8000 | 1 << 12 | 11 << 2;
    sweepTick(v, incNeg);
    CHECK(v.level == -8);
    // Bits 0-6 all ones: never steps.
    v.level = 0x1234;
    sweepTick(v, 0x807f);
    CHECK(v.level == 0x1234);
}
