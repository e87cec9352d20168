#include "spu_adpcm_encoder.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

namespace adpcm {

namespace {

int clamp16(int v) {
    return std::clamp(v, -32768, 32767);
}

// One decoded sample ("decode_28_nibbles"): s = (t SHL (12 - shift)) + (old*f0 + older*f1 +
// 32) / 64, clamped. The division is an arithmetic shift right by 6, as the hardware's adder
// does it (the same result as /64 for the non-negative case the reference shows).
int decodeSample(int nibble, int shift, int filter, int old, int older) {
    const int t = static_cast<int16_t>(static_cast<uint16_t>(nibble << 12)) >> shift;
    const int p = (old * kFilterPos[filter] + older * kFilterNeg[filter] + 32) >> 6;
    return clamp16(t + p);
}

struct Trial {
    std::array<uint8_t, kSamplesPerBlock> nibbles{};
    int64_t error = 0;
    int old = 0, older = 0;
};

// Encodes one block with a given filter and shift (header shift value 0..12), choosing for
// each sample the nibble nearest to the input given the decoder's actual history.
Trial tryBlock(const int16_t* in, int shift, int filter, int old, int older, int64_t giveUpAbove) {
    Trial t;
    for (int i = 0; i < kSamplesPerBlock; ++i) {
        const int p = (old * kFilterPos[filter] + older * kFilterNeg[filter] + 32) >> 6;
        const int want = in[i] - p;
        // The nibble's weight is 1 << (12 - shift); round to nearest, then try the neighbours
        // because clamping can make another nibble closer.
        const int unit = 1 << (12 - shift);
        int n = want >= 0 ? (want + unit / 2) / unit : -((-want + unit / 2) / unit);
        int best = 0, bestNibble = 0;
        int64_t bestErr = std::numeric_limits<int64_t>::max();
        for (int c = n - 1; c <= n + 1; ++c) {
            const int nib = std::clamp(c, -8, 7);
            const int s = decodeSample(nib & 15, shift, filter, old, older);
            const int64_t e = int64_t(s - in[i]) * (s - in[i]);
            if (e < bestErr) {
                bestErr = e;
                best = s;
                bestNibble = nib;
            }
        }
        t.nibbles[i] = static_cast<uint8_t>(bestNibble & 15);
        t.error += bestErr;
        if (t.error > giveUpAbove) return t;
        older = old;
        old = best;
    }
    t.old = old;
    t.older = older;
    return t;
}

} // namespace

std::vector<uint8_t> encode(std::span<const int16_t> pcm, const Options& options) {
    const size_t blocks = (pcm.size() + kSamplesPerBlock - 1) / kSamplesPerBlock;
    std::vector<int16_t> padded(std::max<size_t>(blocks, 1) * kSamplesPerBlock, 0);
    std::copy(pcm.begin(), pcm.end(), padded.begin());
    const size_t count = padded.size() / kSamplesPerBlock;
    const bool looped = options.loopStartSample >= 0;
    const size_t loopBlock =
        looped
            ? std::min(static_cast<size_t>(options.loopStartSample) / kSamplesPerBlock, count - 1)
            : 0;
    std::vector<uint8_t> out;
    out.reserve((count + 1) * kBlockBytes);
    int old = 0, older = 0;
    for (size_t b = 0; b < count; ++b) {
        const int16_t* in = padded.data() + b * kSamplesPerBlock;
        const bool historyFree = b == 0 || (looped && b == loopBlock);
        Trial best;
        best.error = std::numeric_limits<int64_t>::max();
        int bestShift = 0, bestFilter = 0;
        for (int filter = 0; filter < (historyFree ? 1 : 5); ++filter) {
            for (int shift = 0; shift <= 12; ++shift) {
                Trial t = tryBlock(in, shift, filter, old, older, best.error);
                if (t.error < best.error) {
                    best = t;
                    bestShift = shift;
                    bestFilter = filter;
                }
            }
        }
        uint8_t flags = 0;
        if (looped && b == loopBlock) flags |= kFlagLoopStart;
        if (looped && b + 1 == count) flags |= kFlagLoopEnd | kFlagLoopRepeat;
        out.push_back(static_cast<uint8_t>(bestShift | (bestFilter << 4)));
        out.push_back(flags);
        for (int i = 0; i < kSamplesPerBlock; i += 2)
            out.push_back(static_cast<uint8_t>(best.nibbles[i] | (best.nibbles[i + 1] << 4)));
        old = best.old;
        older = best.older;
    }
    if (!looped) {
        // The silent block a one-shot ends in: loop start, end and repeat on itself.
        out.push_back(0);
        out.push_back(kFlagLoopStart | kFlagLoopEnd | kFlagLoopRepeat);
        out.insert(out.end(), 14, 0);
    }
    return out;
}

std::vector<int16_t> decode(std::span<const uint8_t> blocks) {
    std::vector<int16_t> out;
    int old = 0, older = 0;
    for (size_t at = 0; at + kBlockBytes <= blocks.size(); at += kBlockBytes) {
        const int shift = blocks[at] & 15;
        const int filter = std::min((blocks[at] >> 4) & 7, 4);
        for (int i = 0; i < kSamplesPerBlock; ++i) {
            const int nibble = (blocks[at + 2 + i / 2] >> ((i & 1) * 4)) & 15;
            const int s = decodeSample(nibble, std::min(shift, 12), filter, old, older);
            out.push_back(static_cast<int16_t>(s));
            older = old;
            old = s;
        }
    }
    return out;
}

} // namespace adpcm
