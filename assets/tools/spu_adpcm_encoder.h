#pragma once
// SPU-ADPCM encoder for the demo's instruments and for tests (soundprocessingunitspu.md "SPU
// ADPCM Samples"; the decode formula is the one of cdromformat.md "decode_28_nibbles", with the
// SPU's fifth filter). A sample becomes 16-byte blocks of 28 samples: byte 0 shift (bits 0-3)
// and filter (bits 4-6), byte 1 the flags, then 14 bytes of 4-bit values, low nibble first.
// Each block gets the filter and shift whose decoded result is closest to the input (least
// squared error, decoded exactly as the hardware does, carrying the decoder's history).
#include <cstdint>
#include <span>
#include <vector>

namespace adpcm {

constexpr int kSamplesPerBlock = 28;
constexpr int kBlockBytes = 16;
// Flag bits in a block's second byte ("Flag Bits (in 2nd byte of ADPCM Header)").
constexpr uint8_t kFlagLoopEnd = 1u << 0;    // set ENDX and jump to the repeat address
constexpr uint8_t kFlagLoopRepeat = 1u << 1; // with LoopEnd: keep playing (else release, mute)
constexpr uint8_t kFlagLoopStart = 1u << 2;  // copy this block's address to the repeat address

// The filter coefficients (SPU-ADPCM has five; pos/neg tables of cdromformat.md plus filter 4).
constexpr int kFilterPos[5] = {0, 60, 115, 98, 122};
constexpr int kFilterNeg[5] = {0, 0, -52, -55, -60};

struct Options {
    // Looped sample: blocks from this sample index (rounded down to a block) to the end repeat
    // forever. Negative: a one-shot, followed by a silent block that repeats itself forever
    // ("Looped and One-shot Samples": there is no way to stop the output otherwise).
    int loopStartSample = -1;
};

// Encodes 16-bit mono PCM (padded with zeros to whole blocks). The first block and the loop
// start block use filter 0, which needs no history: the decoder's history there is whatever the
// voice played before (key-on or the loop's end), not what the encoder assumed.
std::vector<uint8_t> encode(std::span<const int16_t> pcm, const Options& options);

// Decodes whole blocks the way the SPU does (history starting at zero, no looping): for tests
// and for the encoder's own error measure.
std::vector<int16_t> decode(std::span<const uint8_t> blocks);

} // namespace adpcm
