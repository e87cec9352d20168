#pragma once
// XA-ADPCM encoder (cdromformat.md "CDROM XA Audio ADPCM Compression"): 16-bit PCM to the
// 900h bytes of ADPCM data of one Mode 2 Form 2 audio sector, 4-bit, mono or stereo. Each
// 128-byte portion holds eight 28-sample sound units (stereo: four left, four right); each
// unit takes the filter (0..3) and shift (0..12) whose decode (the reference's
// decode_28_nibbles) is closest to the input, tracking the decoder's old/older values.
#include <cstddef>
#include <cstdint>

namespace tools::xa {

constexpr size_t kPortions = 18;     // 12h portions of 128 bytes
constexpr size_t kDataBytes = 0x900; // ADPCM data per sector
// Samples per channel in one 4-bit sector: 18 portions x 8 units x 28 / channels.
constexpr size_t kMonoSamples = kPortions * 8 * 28;  // 4032
constexpr size_t kStereoFrames = kPortions * 4 * 28; // 2016
// Codinginfo (cdromformat.md "4th Subheader byte"): bit 0 stereo; 37.8 kHz, 4-bit are zero.
constexpr uint8_t kCodingMono = 0x00;
constexpr uint8_t kCodingStereo = 0x01;

// The decoder's filter history per channel (0 = left/mono, 1 = right), carried from sector to
// sector as the drive carries it.
struct State {
    int32_t old[2] = {0, 0};
    int32_t older[2] = {0, 0};
};

// Encodes one sector: `pcm` holds kStereoFrames interleaved L,R frames (stereo) or
// kMonoSamples samples (mono); writes kDataBytes bytes to `out`.
void encodeSector(State& state, const int16_t* pcm, bool stereo, uint8_t* out);

} // namespace tools::xa
