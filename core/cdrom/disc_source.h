#pragma once
// What the CD-ROM drive needs from a disc (cdromformat.md): the TOC, raw 930h-byte sectors and
// subchannel Q. Disc image formats live elsewhere (core/disc/) and are adapted to this.
//
// Addresses are absolute sector numbers counted from MSF 00:00:00 (so the first track of a
// normal disc starts at 150 = 00:02:00), the numbering of Setloc and of sector headers.
#include <array>
#include <cstdint>

#include "core/disc/msf.h"
#include "core/disc/subchannel_q.h"

namespace core::cdrom {

// The disc layer's units and BCD rules (core/disc/msf.h), counted here from 00:00:00.
constexpr uint32_t kRawSectorSize = disc::kRawSectorSize; // 930h bytes
constexpr uint32_t kSectorsPerSecond = disc::kSectorsPerSecond;
constexpr uint32_t kPregapSectors = disc::kPregapSectors; // 00:02:00 before track 1's INDEX 01
using disc::fromBcd;
using disc::toBcd;
inline bool isBcd(uint8_t v) {
    return disc::isValidBcd(v);
}
struct Msf {
    uint8_t minute = 0, second = 0, frame = 0; // binary
    static Msf fromLba(uint32_t lba) {
        return {uint8_t(lba / (60 * kSectorsPerSecond)), uint8_t(lba / kSectorsPerSecond % 60),
                uint8_t(lba % kSectorsPerSecond)};
    }
    uint32_t lba() const { return (minute * 60u + second) * kSectorsPerSecond + frame; }
};

enum class TrackType : uint8_t { Audio, Data };

// Subchannel Q, ADR=1 position (cdromformat.md "Subchannel Q with ADR=1 in Data region"):
// every field BCD except control/ADR.
struct SubQ {
    uint8_t controlAdr = 0; // bit6 = data track, low nibble ADR
    uint8_t track = 0;      // AAh in the lead-out
    uint8_t index = 0;
    uint8_t relative[3] = {}; // mm, ss, ff within the track (counting down in the pregap)
    uint8_t zero = 0;
    uint8_t absolute[3] = {}; // mm, ss, ff on the disc
};
// The drive's view of the disc layer's 12 Q bytes (the CRC is the drive's own business).
SubQ toSubQ(const disc::SubchannelQ& q);

class DiscSource {
  public:
    virtual ~DiscSource() = default;
    // Tracks are numbered 1..trackCount() (one session).
    virtual unsigned trackCount() const = 0;
    // Start of the track's INDEX 01.
    virtual uint32_t trackStart(unsigned track) const = 0;
    virtual TrackType trackType(unsigned track) const = 0;
    // First sector of the lead-out (the end of the last track).
    virtual uint32_t leadOut() const = 0;
    // The 930h bytes of a sector (sync and header included for data sectors). False when the
    // sector is not on the disc or cannot be read.
    virtual bool readRaw(uint32_t lba, uint8_t* out) = 0;
    // Subchannel Q at a sector; the default computes it from this TOC (no pregap data: a
    // track's pregap is the previous track's end) with the disc layer's rule
    // (disc::computeSubchannelQ); an image with patches or pregaps (ImageDisc) overrides it.
    virtual SubQ subchannelQ(uint32_t lba) const;
    // The fourth letter of the "SCEx" licence string the drive reads from the lead-in ('I',
    // 'A', 'E', 'W'), or 0 for an unlicensed disc (cdromdrive.md GetID).
    virtual char licenceRegion() const = 0;

    // The track holding `lba` (0 before track 1's INDEX 01 region of the pregap counts as
    // track 1, index 0; trackCount()+1 means the lead-out).
    unsigned trackAt(uint32_t lba) const;
};

} // namespace core::cdrom
