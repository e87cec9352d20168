#include "core/disc/toc.h"

#include "core/disc/msf.h"

namespace core::disc {

const char* trackTypeName(TrackType t) {
    switch (t) {
    case TrackType::Audio: return "audio";
    case TrackType::Mode1: return "mode1";
    case TrackType::Mode2: return "mode2";
    }
    return "?";
}

const Track* Toc::trackAt(int32_t lba) const {
    if (lba < -kPregapSectors || lba >= leadOut) return nullptr;
    // Tracks are few (at most 99): a linear scan from the back finds the last track that
    // starts at or before `lba`.
    for (size_t i = tracks.size(); i-- > 0;) {
        const Track& t = tracks[i];
        if (lba >= t.pregapStart || i == 0) return &t;
    }
    return nullptr;
}

bool Toc::validate(std::string& error) const {
    if (tracks.empty()) {
        error = "the image has no tracks";
        return false;
    }
    if (tracks.size() > 99) {
        error = "the image has more than 99 tracks";
        return false;
    }
    int32_t pos = -kPregapSectors;
    for (size_t i = 0; i < tracks.size(); ++i) {
        const Track& t = tracks[i];
        if (t.number != i + tracks[0].number || t.number < 1 || t.number > 99) {
            error = "track numbers are not consecutive from 1..99 (track " +
                    std::to_string(t.number) + ")";
            return false;
        }
        if (t.pregapStart < pos || t.start < t.pregapStart || t.length < 1) {
            error = "track " + std::to_string(t.number) + " overlaps the previous one or is empty";
            return false;
        }
        pos = t.end();
    }
    if (leadOut != pos) {
        error = "the lead-out does not follow the last track";
        return false;
    }
    if (leadOut + kPregapSectors >= 100 * 60 * kSectorsPerSecond) {
        error = "the image is longer than 99:59:74";
        return false;
    }
    return true;
}

} // namespace core::disc
