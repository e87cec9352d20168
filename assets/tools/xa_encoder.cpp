#include "assets/tools/xa_encoder.h"

#include <algorithm>
#include <cstring>

namespace tools::xa {

namespace {

// "Pos/neg Tables": XA-ADPCM uses filters 0..3 only.
constexpr int32_t kPos[4] = {0, 60, 115, 98};
constexpr int32_t kNeg[4] = {0, 0, -52, -55};

int32_t clamp16(int32_t v) {
    return std::clamp(v, -0x8000, 0x7fff);
}

// One sound unit coded with `filter` and `shift` (the header's low nibble: the 4-bit value is
// placed at bits 12-15 and shifted right by it, so one step is 2^(12-shift)). Writes the
// nibbles, returns the squared error; old/older are advanced as the decoder would.
int64_t tryUnit(const int32_t* x, unsigned filter, unsigned shift, int32_t& old, int32_t& older,
                uint8_t* nibbles) {
    const int32_t step = 1 << (12 - shift);
    int64_t err = 0;
    for (unsigned j = 0; j < 28; ++j) {
        // The drive's "(old*f0 + older*f1 + 32) / 64" is an arithmetic shift.
        const int32_t predicted = (old * kPos[filter] + older * kNeg[filter] + 32) >> 6;
        const int32_t residual = x[j] - predicted;
        // Round to the nearest step (floor of residual/step + 1/2, valid for negatives too).
        int32_t t = (residual + step / 2) >> (12 - shift);
        t = std::clamp(t, -8, 7);
        const int32_t s = clamp16(t * step + predicted);
        nibbles[j] = uint8_t(t & 0x0f);
        const int64_t d = int64_t(s) - x[j];
        err += d * d;
        older = old;
        old = s;
    }
    return err;
}

// Picks the filter/shift with the least error for one unit; returns the header byte.
uint8_t encodeUnit(const int32_t* x, int32_t& old, int32_t& older, uint8_t* nibbles) {
    int64_t best = -1;
    uint8_t header = 0;
    int32_t bestOld = old, bestOlder = older;
    uint8_t trial[28];
    for (unsigned filter = 0; filter < 4; ++filter)
        for (unsigned shift = 0; shift <= 12; ++shift) {
            int32_t o = old, oo = older;
            const int64_t e = tryUnit(x, filter, shift, o, oo, trial);
            if (best < 0 || e < best) {
                best = e;
                header = uint8_t(filter << 4 | shift);
                bestOld = o;
                bestOlder = oo;
                std::memcpy(nibbles, trial, 28);
            }
        }
    old = bestOld;
    older = bestOlder;
    return header;
}

} // namespace

void encodeSector(State& state, const int16_t* pcm, bool stereo, uint8_t* out) {
    std::memset(out, 0, kDataBytes);
    for (size_t p = 0; p < kPortions; ++p) {
        uint8_t* portion = out + p * 128;
        // Units 0..7 in the order of "XA-ADPCM Header Bytes" 04h..0Bh: stereo alternates
        // left/right (four 28-sample blocks each), mono takes eight consecutive blocks.
        for (unsigned unit = 0; unit < 8; ++unit) {
            const unsigned ch = stereo ? (unit & 1) : 0;
            int32_t x[28];
            for (unsigned j = 0; j < 28; ++j) {
                const size_t at =
                    stereo ? ((p * 4 + unit / 2) * 28 + j) * 2 + ch : (p * 8 + unit) * 28 + j;
                x[j] = pcm[at];
            }
            uint8_t nibbles[28];
            const uint8_t header = encodeUnit(x, state.old[ch], state.older[ch], nibbles);
            portion[4 + unit] = header;
            // "XA-ADPCM Data Words": unit u's nibble j sits in byte 10h + j*4 + u/2, low
            // nibble for even units.
            for (unsigned j = 0; j < 28; ++j)
                portion[16 + j * 4 + unit / 2] |= uint8_t(nibbles[j] << ((unit & 1) * 4));
        }
        // 00h..03h copy 04h..07h, 0Ch..0Fh copy 08h..0Bh.
        std::memcpy(portion + 0, portion + 4, 4);
        std::memcpy(portion + 12, portion + 8, 4);
    }
}

} // namespace tools::xa
