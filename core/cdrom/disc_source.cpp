#include "core/cdrom/disc_source.h"

#include <cstring>

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

SubQ toSubQ(const disc::SubchannelQ& q) {
    SubQ out;
    out.controlAdr = q.bytes[0];
    out.track = q.bytes[1];
    out.index = q.bytes[2];
    std::memcpy(out.relative, &q.bytes[3], 3);
    out.zero = q.bytes[6];
    std::memcpy(out.absolute, &q.bytes[7], 3);
    return out;
}

SubQ DiscSource::subchannelQ(uint32_t lba) const {
    // The disc layer counts from track 1's INDEX 01 (00:02:00), the drive from 00:00:00.
    constexpr int32_t kOffset = int32_t(kPregapSectors);
    disc::Toc toc;
    unsigned n = trackCount();
    for (unsigned t = 1; t <= n; ++t) {
        disc::Track track;
        track.number = uint8_t(t);
        track.type =
            trackType(t) == TrackType::Data ? disc::TrackType::Mode2 : disc::TrackType::Audio;
        track.start = int32_t(trackStart(t)) - kOffset;
        track.pregapStart = t == 1 ? -kOffset : track.start;
        uint32_t end = t < n ? trackStart(t + 1) : leadOut();
        track.length = int32_t(end - trackStart(t));
        toc.tracks.push_back(track);
    }
    toc.leadOut = int32_t(leadOut()) - kOffset;
    return toSubQ(disc::computeSubchannelQ(toc, int32_t(lba) - kOffset));
}

} // namespace core::cdrom
