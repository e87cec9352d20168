#include "core/cdrom/xa_adpcm.h"

#include <algorithm>
#include <cstring>

// Hardware notes (cdromformat.md "CDROM XA Audio ADPCM Compression"):
// - A sector's 900h bytes are 18 portions of 128 bytes: 16 header bytes (block headers at
//   4..11: shift in bits 0-3, filter in bits 4-5), then 28 little-endian data words.
// - 4-bit: 8 blocks of 28 nibbles per portion (block 2b+n is nibble n of byte b of each word);
//   stereo takes even blocks left, odd blocks right. 8-bit: 4 blocks (byte b of each word).
// - A sample is the nibble (byte) placed in the top of 16 bits, shifted right by the header's
//   shift (13..15 act as 9), plus (old*pos[f] + older*neg[f] + 32) / 64, clamped to 16 bits.
// - The 37.8 kHz stream enters a 32-entry ring; after every sixth sample, seven 44.1 kHz
//   samples are produced, each a 29-tap sum over the ring with one of seven tables.
// - 18.9 kHz: each sample is fed to the 37.8 kHz interpolator twice (the same path at half the
//   rate); the reference does not give the hardware's exact half-rate filter (approximate).
// - Emphasis (codinginfo bit 6) is not applied: the reference gives no formula and no game is
//   known to use it.

namespace core::cdrom {

namespace {
constexpr int32_t kPos[4] = {0, 60, 115, 98};
constexpr int32_t kNeg[4] = {0, 0, -52, -55};

int16_t clamp16(int32_t v) {
    return int16_t(std::clamp(v, -0x8000, 0x7fff));
}

// One block of 28 samples. `raw16` gives the sample placed in the top bits of 16 bits.
template <class Fetch>
void decodeBlock(uint8_t header, int16_t& old, int16_t& older, int16_t* dst, size_t stride,
                 Fetch raw16) {
    unsigned shift = header & 0x0f;
    if (shift > 12) shift = 9;
    unsigned filter = (header >> 4) & 3;
    for (unsigned j = 0; j < 28; ++j) {
        int32_t t = int32_t(raw16(j)) >> shift;
        // (old*f0 + older*f1 + 32) / 64: an arithmetic shift, as the hardware's adder does.
        int32_t s = t + ((old * kPos[filter] + older * kNeg[filter] + 32) >> 6);
        int16_t v = clamp16(s);
        dst[j * stride] = v;
        older = old;
        old = v;
    }
}
} // namespace

const int16_t XaAdpcm::kZigZag[7][29] = {
    {0,    0,     0,     0,    0,     -2,  10,   -34, 65, -84, 52, 9,  -266, 1024, -2680,
     9036, 26516, -6016, 3021, -1571, 848, -365, 107, 10, -16, 17, -8, 3,    -1},
    {0,     0,     0,    -2,    0,   3,    -19, 60,  -75, 162, -227, 306, -67, -615, 3229,
     29883, -4532, 2488, -1471, 882, -424, 166, -27, 5,   6,   -8,   3,   -1,  0},
    {0,     0,    -1,   3,   -2,   -5,  31,  -74, 179, -402, 689, -926, 1272, -1446, 31033,
     -1446, 1272, -926, 689, -402, 179, -74, 31,  -5,  -2,   3,   -1,   0,    0},
    {0,    -1,  3,   -8,   6,   5,   -27, 166, -424, 882, -1471, 2488, -4532, 29883, 3229,
     -615, -67, 306, -227, 162, -75, 60,  -19, 3,    0,   -2,    0,    0,     0},
    {-1,   3,    -8, 17, -16, 10, 107, -365, 848, -1571, 3021, -6016, 26516, 9036, -2680,
     1024, -266, 9,  52, -84, 65, -34, 10,   -1,  0,     1,    0,     0,     0},
    {2,    -8,  16,  -35, 43, 26,  -235, 635, -1352, 2810, -5882, 21472, 15367, -4681, 2062,
     -839, 347, -68, -23, 70, -35, 17,   -5,  0,     0,    0,     0,     0,     0},
    {-5,  17,   -35, 70, -23, -68, 347, -839, 2062, -4681, 15367, 21472, -5882, 2810, -1352,
     635, -235, 26,  43, -35, 16,  -8,  2,    0,    0,     0,     0,     0,     0},
};

void XaAdpcm::reset(State& s) {
    std::memset(&s, 0, sizeof(s));
    // The six-step counter powers up at a random phase; we start it at a sector boundary.
    s.sixStep = 6;
}

size_t XaAdpcm::decode(State& s, const uint8_t* data, uint8_t ci, int16_t* pcm) {
    bool stereo = ci & kCiStereo;
    bool eight = ci & kCiEightBit;
    unsigned blocks = eight ? 4 : 8;
    size_t perPortion = blocks * 28 / (stereo ? 2 : 1); // samples per channel
    for (size_t p = 0; p < kPortions; ++p) {
        const uint8_t* portion = data + p * 128;
        const uint8_t* words = portion + 16;
        int16_t* base = pcm + p * perPortion * (stereo ? 2 : 1);
        for (unsigned blk = 0; blk < blocks; ++blk) {
            uint8_t header = portion[4 + blk];
            unsigned ch = stereo ? (blk & 1) : 0;
            int16_t* dst;
            size_t stride;
            if (stereo) {
                dst = base + (blk / 2) * 28 * 2 + ch;
                stride = 2;
            } else {
                dst = base + blk * 28;
                stride = 1;
            }
            if (eight) {
                decodeBlock(header, s.old[ch], s.older[ch], dst, stride,
                            [&](unsigned j) { return int16_t(uint16_t(words[j * 4 + blk]) << 8); });
            } else {
                unsigned byte = blk / 2, nibble = blk & 1;
                decodeBlock(header, s.old[ch], s.older[ch], dst, stride, [&](unsigned j) {
                    uint8_t v = uint8_t(words[j * 4 + byte] >> (nibble * 4)) & 0x0f;
                    return int16_t(uint16_t(v) << 12);
                });
            }
        }
    }
    return perPortion * kPortions;
}

size_t XaAdpcm::resample(State& s, const int16_t* pcm, size_t frames, uint8_t ci, int16_t* out) {
    bool stereo = ci & kCiStereo;
    unsigned repeat = (ci & kCiHalfRate) ? 2 : 1;
    unsigned channels = stereo ? 2 : 1;
    size_t produced = 0;
    for (size_t i = 0; i < frames; ++i) {
        for (unsigned r = 0; r < repeat; ++r) {
            for (unsigned c = 0; c < channels; ++c)
                s.ring[c][s.ringPos & 31] = pcm[i * channels + c];
            s.ringPos = uint8_t((s.ringPos + 1) & 31);
            if (--s.sixStep != 0) continue;
            s.sixStep = 6;
            for (unsigned t = 0; t < 7; ++t) {
                int16_t v[2];
                for (unsigned c = 0; c < channels; ++c) {
                    int32_t sum = 0;
                    for (unsigned k = 1; k <= 29; ++k)
                        sum += s.ring[c][(s.ringPos - k) & 31] * kZigZag[t][k - 1];
                    v[c] = clamp16(sum >> 15);
                }
                out[produced * 2] = v[0];
                out[produced * 2 + 1] = stereo ? v[1] : v[0];
                ++produced;
            }
        }
    }
    return produced;
}

} // namespace core::cdrom
