#include "core/cdrom/seek_timing.h"

#include <algorithm>
#include <bit>

namespace core::cdrom {

namespace {
constexpr uint32_t kSectorsPerMinute = 60 * 75;
// Lens-only moves up to this distance; beyond it the sled moves (measured).
constexpr uint32_t kSledDistance = 7200;
// The longest sled move the model scales to: a 72-minute disc.
constexpr uint32_t kFullDisc = 72 * kSectorsPerMinute;
constexpr Cycles kLensShort = kCpuClockHz / 20; // 50 ms
constexpr Cycles kLensLong = kCpuClockHz / 10;  // 100 ms
constexpr Cycles kSledFixed = kCpuClockHz / 20; // 50 ms
// The rest of a full-disc sled move (900 ms - 50 ms), 40% of it logarithmic in the distance
// (the sled's fixed cost ramps up quickly) and 60% linear.
constexpr Cycles kSledVariable = kCpuClockHz * 85 / 100;
} // namespace

uint32_t sectorsPerTurn(uint32_t lba) {
    // First minute of each band (measured): 00 -> 8, 01 -> 9, 05 -> 10, ... 75 -> 22.
    static constexpr uint8_t kBandStart[] = {0,  1,  5,  8,  12, 17, 24, 28,
                                             33, 40, 45, 53, 61, 68, 75};
    const uint32_t minute = std::min<uint32_t>(lba / kSectorsPerMinute, 71);
    uint32_t band = 0;
    while (band + 1 < std::size(kBandStart) && minute >= kBandStart[band + 1])
        ++band;
    return 8 + band;
}

uint32_t log2Q16(uint32_t x) {
    if (x == 0) return 0;
    const unsigned msb = unsigned(std::bit_width(x)) - 1;
    // y in [1, 2) as Q30; squaring doubles the exponent: each overflow past 2 is one more bit.
    uint64_t y = msb >= 30 ? uint64_t(x) >> (msb - 30) : uint64_t(x) << (30 - msb);
    uint32_t r = msb << 16;
    for (int bit = 15; bit >= 0; --bit) {
        y = (y * y) >> 30;
        if (y >= (uint64_t(1) << 31)) {
            y >>= 1;
            r |= 1u << bit;
        }
    }
    return r;
}

Cycles seekCycles(uint32_t from, uint32_t to, Cycles sector) {
    const uint32_t distance = to > from ? to - from : from - to;
    const uint32_t turn = sectorsPerTurn(from);
    const uint32_t turnBack = from >= turn ? from - turn : 0;
    if (from < to && distance <= turn) {
        // Just ahead: keep reading until it comes round (at least two sectors).
        return sector * std::max<uint32_t>(distance, 2);
    }
    if (to <= from && to >= turnBack) {
        // Just behind (or here): one turn back, then read up to it.
        return sector * std::max<uint32_t>(to - turnBack, 1);
    }
    if (distance < kSledDistance) {
        // Lens only. Where 50 ms turns into 100 ms moves inwards as the turns get longer:
        // about 330 sectors at the start, about 60 at the end
        // (330 - 63.1333 * ln(minute), i.e. 330 - 43.7608 * log2(minute)).
        const uint32_t minute = std::clamp<uint32_t>(from / kSectorsPerMinute, 1, 72);
        const uint32_t sw = 330 - uint32_t((uint64_t(437608) * log2Q16(minute)) >> 16) / 10000;
        return distance < sw ? kLensShort : kLensLong;
    }
    const uint32_t d = std::min(distance, kFullDisc);
    const Cycles logPart = kSledVariable * 2 / 5 * log2Q16(d) / log2Q16(kFullDisc);
    const Cycles linPart = kSledVariable * 3 / 5 * d / kFullDisc;
    return kSledFixed + logPart + linPart;
}

} // namespace core::cdrom
