#include "core/cdrom/disc_source.h"

namespace core::cdrom {

unsigned DiscSource::trackAt(uint32_t lba) const {
    unsigned n = trackCount();
    if (lba >= leadOut()) return n + 1;
    // A track's pregap (INDEX 00) belongs to it: it runs up to the next track's INDEX 01
    // minus that track's pregap. Without pregap data we take the last INDEX 01 at or before
    // lba, and the 2-second lead-in gap before track 1 as track 1.
    for (unsigned t = n; t >= 1; --t)
        if (lba >= trackStart(t)) return t;
    return 1;
}

SubQ DiscSource::subchannelQ(uint32_t lba) const {
    SubQ q;
    unsigned n = trackCount();
    unsigned t = trackAt(lba);
    bool leadOutArea = t > n;
    bool data = !leadOutArea && trackType(t) == TrackType::Data;
    q.controlAdr = uint8_t((data ? 0x40 : 0x00) | 0x01);
    Msf abs = Msf::fromLba(lba);
    q.absolute[0] = toBcd(abs.minute);
    q.absolute[1] = toBcd(abs.second);
    q.absolute[2] = toBcd(abs.frame);
    if (leadOutArea) {
        q.track = 0xaa;
        q.index = 0x01;
        Msf rel = Msf::fromLba(lba - leadOut());
        q.relative[0] = toBcd(rel.minute), q.relative[1] = toBcd(rel.second);
        q.relative[2] = toBcd(rel.frame);
        return q;
    }
    q.track = toBcd(t);
    uint32_t start = trackStart(t);
    // Before INDEX 01 (track 1's 2-second gap): index 0, relative time counting down.
    Msf rel = Msf::fromLba(lba >= start ? lba - start : start - lba);
    q.index = lba >= start ? 0x01 : 0x00;
    q.relative[0] = toBcd(rel.minute), q.relative[1] = toBcd(rel.second);
    q.relative[2] = toBcd(rel.frame);
    return q;
}

} // namespace core::cdrom
