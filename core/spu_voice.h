#pragma once
// One SPU voice's sample side (soundprocessingunitspu.md "SPU ADPCM Samples", "SPU ADPCM
// Pitch"): the ADPCM block decoder, the pitch counter with pitch modulation, and the 4-point
// Gaussian interpolation. The envelope is core/spu_adsr.h; the Spu (core/spu.h) runs the
// voices, reads their blocks from sound RAM and mixes them.
#include <cstdint>
#include <type_traits>

#include "core/spu_adsr.h"

namespace core::spu {

constexpr unsigned kVoiceCount = 24;
constexpr unsigned kBlockBytes = 16; // 2 header bytes, 14 data bytes
constexpr unsigned kBlockSamples = 28;
constexpr unsigned kHistory = 3; // earlier samples kept for the 4-point interpolation

// "4-Point Gaussian Interpolation": the reference's 512-entry table.
extern const int16_t kGauss[512];

// "ADPCM header flag bits" (byte 1 of a block).
constexpr uint8_t kFlagLoopEnd = 1, kFlagLoopRepeat = 2, kFlagLoopStart = 4;

// Decodes one 16-byte block into 28 samples; `old`/`older` carry the filter history from
// the previous block and are updated ("decode_28_nibbles" in cdromformat.md with SPU's five
// filters and 2x14 data bytes: LSBs first).
void decodeAdpcmBlock(const uint8_t* block, int16_t* out, int16_t& old, int16_t& older);

// "out = gauss[0FFh-i]*oldest SAR 15 + gauss[1FFh-i]*older SAR 15 + gauss[100h+i]*old SAR 15
// + gauss[000h+i]*new SAR 15", s[0..3] = oldest, older, old, new; i = 0..FFh.
inline int32_t gaussianInterpolate(const int16_t* s, uint32_t i) {
    return ((kGauss[0xff - i] * s[0]) >> 15) + ((kGauss[0x1ff - i] * s[1]) >> 15) +
           ((kGauss[0x100 + i] * s[2]) >> 15) + ((kGauss[i] * s[3]) >> 15);
}

// "Pitch Counter": the step added per 44.1 kHz tick, from VxPitch and, with PMON, the
// previous voice's VxOUTX (its output after the envelope), then clipped at 4000h.
inline uint32_t pitchStep(uint16_t pitch, bool modulate, int16_t prevOut) {
    uint32_t step = pitch;
    if (modulate) {
        int32_t factor = int32_t(prevOut) + 0x8000;            // 0 .. FFFFh (0.00 .. 1.99)
        int32_t signedStep = int32_t(int16_t(pitch));          // glitch above 7FFFh: sign
        step = uint32_t((signedStep * factor) >> 15) & 0xffff; // kill the sign again
    }
    return step > 0x3fff ? 0x4000 : step;
}

// A voice's saveable state (one of 24 in the Spu's state).
struct Voice {
    uint32_t addr = 0;    // byte address of the block being played (8-byte aligned)
    uint32_t counter = 0; // pitch counter: bits 12+ sample in block, bits 4-11 Gauss index
    // The decoded block behind kHistory samples of the previous one: sample n of the block
    // is samples[kHistory + n].
    int16_t samples[kHistory + kBlockSamples] = {};
    int16_t old = 0, older = 0; // ADPCM filter history
    int16_t out = 0;            // VxOUTX: the sample after the envelope (PMON, capture)
    uint8_t flags = 0;          // the current block's header flags
    uint8_t decoded = 0;        // 0 after Key On: the block at `addr` is decoded next tick
    AdsrState adsr;
    SweepState volume[2]; // current volume left/right
};
static_assert(std::is_trivially_copyable_v<Voice>);

} // namespace core::spu
