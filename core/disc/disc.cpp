#include "core/disc/disc.h"

#include <algorithm>
#include <cstring>

#include "core/disc/msf.h"
#include "core/disc/sector.h"

namespace core::disc {

uint32_t storedSize(StoredFormat f) {
    switch (f) {
    case StoredFormat::Raw2352:
    case StoredFormat::Audio2352Swapped: return 2352;
    case StoredFormat::Mode1Data2048: return 2048;
    case StoredFormat::Mode2Data2336: return 2336;
    }
    return 2352;
}

bool Disc::readSector(int32_t lba, std::span<uint8_t, 2352> out, std::string& error) {
    const Track* track = toc_.trackAt(lba);
    if (!track) {
        error = path_ + ": sector " + std::to_string(lba) + " is outside the disc (0.." +
                std::to_string(toc_.leadOut - 1) + ")";
        return false;
    }
    auto it = std::upper_bound(extents_.begin(), extents_.end(), lba,
                               [](int32_t v, const Extent& e) { return v < e.lba; });
    if (it != extents_.begin() && lba < std::prev(it)->lba + std::prev(it)->count) {
        const Extent& e = *std::prev(it);
        const int32_t index = lba - e.lba;
        uint8_t* o = out.data();
        switch (e.format) {
        case StoredFormat::Raw2352: return readStored(e, index, o, error);
        case StoredFormat::Audio2352Swapped:
            if (!readStored(e, index, o, error)) return false;
            for (size_t i = 0; i < 2352; i += 2)
                std::swap(o[i], o[i + 1]);
            return true;
        case StoredFormat::Mode1Data2048:
            if (!readStored(e, index, o + 16, error)) return false;
            writeSyncAndHeader(o, lba, 1);
            finishMode1(o);
            return true;
        case StoredFormat::Mode2Data2336:
            if (!readStored(e, index, o + 16, error)) return false;
            writeSyncAndHeader(o, lba, 2);
            return true;
        }
    }
    // Not stored: a pregap/postgap the image leaves out.
    switch (track->type) {
    case TrackType::Audio: std::memset(out.data(), 0, 2352); break;
    case TrackType::Mode1: encodeEmptyMode1(out.data(), lba); break;
    case TrackType::Mode2: encodeEmptyMode2(out.data(), lba); break;
    }
    return true;
}

SubchannelQ Disc::subchannelQ(int32_t lba) const {
    if (auto it = patches_.find(lba); it != patches_.end()) return it->second;
    return computeSubchannelQ(toc_, lba);
}

} // namespace core::disc
