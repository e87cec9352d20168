#pragma once
// XA-ADPCM decoder of the CD-ROM decoder chip (cdromformat.md "CDROM XA Audio ADPCM
// Compression"): one 900h-byte sector of 4-bit or 8-bit ADPCM, mono or stereo, 37.8 or
// 18.9 kHz, to 44.1 kHz stereo through the hardware's 25-point zigzag interpolation.
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace core::cdrom {

class XaAdpcm {
  public:
    // Codinginfo (cdromformat.md "4th Subheader byte").
    static constexpr uint8_t kCiStereo = 0x01;
    static constexpr uint8_t kCiHalfRate = 0x04; // 18900 Hz
    static constexpr uint8_t kCiEightBit = 0x10;

    static constexpr size_t kPortions = 18; // 12h portions of 128 bytes
    // Most 44.1 kHz frames one sector can give: 4-bit mono at 18.9 kHz, 8064 samples at the
    // 37.8 kHz rate (each one twice), seven out for every six in.
    static constexpr size_t kMaxOutputFrames = 8064 * 7 / 6;

    struct State {
        int16_t old[2], older[2]; // ADPCM filter history per channel (left/mono, right)
        int16_t ring[2][32];      // 37.8 kHz samples for the interpolator, per channel
        uint8_t ringPos, sixStep, pad[2];
    };
    static_assert(std::is_trivially_copyable_v<State>);

    static void reset(State& s);
    // Decodes the 900h bytes of ADPCM data at `data` (sector offset 18h) with codinginfo `ci`
    // into `pcm` (at most kPortions*224 samples, interleaved L,R for stereo). Returns the
    // number of samples per channel.
    static size_t decode(State& s, const uint8_t* data, uint8_t ci, int16_t* pcm);
    // Feeds decoded samples at 37.8 or 18.9 kHz through the zigzag interpolator; writes 44.1 kHz
    // stereo frames (L,R interleaved; mono is copied to both) to `out`, returns their count.
    static size_t resample(State& s, const int16_t* pcm, size_t frames, uint8_t ci, int16_t* out);

    // The interpolation tables (cdromformat.md "25-point Zigzag Interpolation"), index 0..28
    // for the reference's 1..29.
    static const int16_t kZigZag[7][29];
};

} // namespace core::cdrom
