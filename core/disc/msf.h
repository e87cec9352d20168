#pragma once
// Disc addresses (cdromformat.md "Minute.Second.Sector"): 75 sectors a second, 60 seconds a
// minute. LBA 0 is the first sector of track 1's data at MSF 00:02:00; the 150 sectors before
// it (00:00:00..00:01:74) are track 1's pregap and have negative LBAs.
#include <cstdint>

namespace core::disc {

constexpr int32_t kSectorsPerSecond = 75;
constexpr int32_t kPregapSectors = 150; // the 2-second offset between MSF and LBA
constexpr uint32_t kRawSectorSize = 2352;

struct Msf {
    uint8_t minute = 0, second = 0, frame = 0; // binary, not BCD
    bool operator==(const Msf&) const = default;
};

constexpr uint8_t toBcd(uint8_t v) {
    return static_cast<uint8_t>(((v / 10) << 4) | (v % 10));
}
constexpr uint8_t fromBcd(uint8_t v) {
    return static_cast<uint8_t>((v >> 4) * 10 + (v & 15));
}
constexpr bool isValidBcd(uint8_t v) {
    return (v >> 4) < 10 && (v & 15) < 10;
}

// A sector count as minutes/seconds/frames (no offset): what track-relative times use.
constexpr Msf sectorsToMsf(int32_t sectors) {
    return Msf{static_cast<uint8_t>(sectors / (60 * kSectorsPerSecond)),
               static_cast<uint8_t>(sectors / kSectorsPerSecond % 60),
               static_cast<uint8_t>(sectors % kSectorsPerSecond)};
}
constexpr int32_t msfToSectors(Msf m) {
    return (m.minute * 60 + m.second) * kSectorsPerSecond + m.frame;
}
// Absolute disc time of an LBA (LBA 0 = 00:02:00) and back.
constexpr Msf lbaToMsf(int32_t lba) {
    return sectorsToMsf(lba + kPregapSectors);
}
constexpr int32_t msfToLba(Msf m) {
    return msfToSectors(m) - kPregapSectors;
}

} // namespace core::disc
