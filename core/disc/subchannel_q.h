#pragma once
// Subchannel Q (cdromformat.md "Subchannel Q"): 10 bytes of ADR/control and position data
// followed by a CRC-16-CCITT stored inverted and big-endian. Computed from the TOC for any
// LBA; LibCrypt patch files (.sbi, .lsd) replace it for the sectors they list.
#include <array>
#include <cstdint>

#include "core/disc/toc.h"

namespace core::disc {

struct SubchannelQ {
    // [0] control/ADR, [1] track, [2] index, [3..5] relative MSF, [6] zero,
    // [7..9] absolute MSF (all BCD), [10..11] CRC (inverted, MSB first).
    std::array<uint8_t, 12> bytes{};
    bool crcValid() const;
    bool operator==(const SubchannelQ&) const = default;
};

// The CRC of the reference's adjust_crc_16_ccitt over `len` bytes (start 0, not inverted:
// the caller stores it inverted).
uint16_t crc16Ccitt(const uint8_t* data, size_t len);

// Writes bytes 10..11 from bytes 0..9.
void setSubchannelQCrc(SubchannelQ& q);

// Q of the position `lba` as the TOC describes it: ADR 1, control 4 (data) or 0 (audio),
// track/index (00 in pregaps, where relative time counts down to index 1), relative and
// absolute MSF; the lead-out reports track AAh index 01.
SubchannelQ computeSubchannelQ(const Toc& toc, int32_t lba);

} // namespace core::disc
