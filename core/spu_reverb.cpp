// The SPU reverb unit. Hardware notes (soundprocessingunitspu.md) this code relies on:
//
// - "SPU Reverb Formula": per 22.05 kHz tick and side, Lin = vLIN*input; the same side and
//   different side reflections [mLSAME] = (Lin + [dLSAME]*vWALL - [mLSAME-2])*vIIR + [mLSAME-2]
//   and [mLDIFF] = (Lin + [dRDIFF]*vWALL - [mLDIFF-2])*vIIR + [mLDIFF-2]; the comb sum
//   vCOMB1..4*[mLCOMB1..4]; two all-pass stages out = out - vAPF*[mAPF-dAPF], [mAPF] = out,
//   out = out*vAPF + [mAPF-dAPF]; then BufferAddress = MAX(mBASE, (BufferAddress+2) AND 7FFFEh).
//   Products are divided by 8000h; values written to memory saturate to -8000h..+7FFFh.
// - Registers are addresses divided by 8; m*/d* are relative to BufferAddress, dAPF relative to
//   mAPF, all wrapped within mBASE..7FFFEh. Writing mBASE sets BufferAddress.
// - "Reverb Precision": intermediate values saturate inside the datapath too. The exact rounding
//   positions are unknown; ours: every product is (sample*volume) >> 15 (rounds down), and each
//   stage's sum saturates to 16 bits: Lin; Lin + [d]*vWALL; that minus [m-2]; the reflection
//   result; the comb sum (once, after adding the four products); each all-pass stage's input
//   and output. The test (tests/unit/spu_reverb_test.cpp) spells out the same points.
// - "Bug": vIIR = -8000h multiplies correctly but the value written is negated (the whole
//   result, "+[mLSAME-2]" included), as the text says; vLIN/vRIN = -8000h is a plain -1.0.
// - "Notes": left is computed in one 44.1 kHz cycle, right in the next. So the left input is
//   downsampled at even steps and the right at odd ones, each side's results form a 22.05 kHz
//   stream on its own phase, and BufferAddress advances after the right half.
// - "Reverb Buffer Resampling": the 39-tap FIR both ways. Down: y = sum h[k]*x[n-k] / 8000h
//   (the table sums to ~8000h). Up: the results with a zero between them, filtered by the same
//   table / 4000h (zero stuffing halves the gain). Both centred: 19 + 19 = 38 samples of delay,
//   as "Reverb Precision" measured.
// - "Reverb Computation Order": 14 RAM accesses per side in the order dSAME, mSAME-2, the other
//   side's dDIFF, write mSAME, mDIFF-2, mCOMB1, write mDIFF, mCOMB2, mCOMB3, mCOMB4,
//   mAPF1-dAPF1, mAPF2-dAPF2, write mAPF1, write mAPF2 (so COMB reads see this tick's
//   reflection writes). Each goes through the SPU's Ram accessor, which checks the IRQ address
//   ("Reverb Interrupt").
// - "Reverb Bits in SPUCNT" / "Reverb Disable": with SPUCNT.7 clear nothing is written ("WRITE
//   becomes READ"), every read still occurs and the output from the buffer still plays; the
//   resamplers and the address counter keep running.
//
// Where the reference is silent (decided here, noted in the report):
// - the per-stage rounding above (Mednafen and DuckStation round in other places: they divide
//   by 4000h and halve, and compute the reflection in the "X*vIIR + [m-2]*(8000h-vIIR)" form);
// - the resampler phases: the newest sample meets tap 0, and the 44.1 kHz step that did not
//   produce a result outputs the result 19 samples back unfiltered (centre tap 4000h); the
//   accurate emulators do the same, but compute both sides on one step;
// - an offset larger than the work area wraps around it again (modulo the area), so no access
//   ever leaves mBASE..7FFFEh; those emulators wrap by one area size only, which can leave it.
#include "core/spu_reverb.h"

#include <cstring>

namespace core {

void SpuReverb::reset() {
    state_ = State{};
    clearZeroRuns();
}

void SpuReverb::serialize(savestate::StateIO& io) {
    io.fields(state_, [&] {
        io.field("reverb.in", state_.in);
        io.field("reverb.out", state_.out);
        io.field("reverb.bufferAddress", state_.bufferAddress);
        io.field("reverb.mBase", state_.mBase);
        io.field("reverb.inPos", state_.inPos);
        io.field("reverb.outPos", state_.outPos);
        io.field("reverb.side", state_.side);
    });
    if (io.reading()) {
        // A damaged state must not send an access outside sound RAM: keep the counters in
        // their ranges (the ring positions are masked where they are used).
        clearZeroRuns(); // the rings were replaced: count their zeros again from here
        State& s = state_;
        s.bufferAddress &= 0x7fffe;
        if (s.bufferAddress < (uint32_t(s.mBase) << 3)) s.bufferAddress = uint32_t(s.mBase) << 3;
        s.inPos &= kInHistory - 1;
        s.outPos[0] &= kOutHistory - 1;
        s.outPos[1] &= kOutHistory - 1;
        s.side &= 1;
        std::memset(s.pad, 0, sizeof s.pad);
    }
}

} // namespace core
