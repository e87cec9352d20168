#include "core/cdrom/image_disc.h"

#include <cstring>
#include <string>
#include <string_view>

namespace core::cdrom {

namespace {
constexpr int32_t kDrivePregap = 150; // drive LBA 150 = image LBA 0 (00:02:00)
}

ImageDisc::ImageDisc(disc::Disc& disc) : disc_(&disc) {
    licence_ = licenceRegionOf(*disc_);
}

unsigned ImageDisc::trackCount() const {
    return static_cast<unsigned>(disc_->toc().tracks.size());
}

uint32_t ImageDisc::trackStart(unsigned track) const {
    const auto& tracks = disc_->toc().tracks;
    if (track == 0 || track > tracks.size()) return leadOut();
    return static_cast<uint32_t>(tracks[track - 1].start + kDrivePregap);
}

TrackType ImageDisc::trackType(unsigned track) const {
    const auto& tracks = disc_->toc().tracks;
    if (track == 0 || track > tracks.size()) return TrackType::Data;
    return tracks[track - 1].isData() ? TrackType::Data : TrackType::Audio;
}

uint32_t ImageDisc::leadOut() const {
    return static_cast<uint32_t>(disc_->leadOut() + kDrivePregap);
}

bool ImageDisc::readRaw(uint32_t lba, uint8_t* out) {
    std::string error;
    std::span<uint8_t, 2352> sector(out, 2352);
    return disc_->readSector(int32_t(lba) - kDrivePregap, sector, error);
}

SubQ ImageDisc::subchannelQ(uint32_t lba) const {
    return toSubQ(disc_->subchannelQ(int32_t(lba) - kDrivePregap));
}

char licenceRegionOf(disc::Disc& disc) {
    const auto& tracks = disc.toc().tracks;
    if (tracks.empty() || !tracks[0].isData()) return 0;
    uint8_t raw[2352];
    std::string error;
    if (!disc.readSector(tracks[0].start + 4, std::span<uint8_t, 2352>(raw, 2352), error)) return 0;
    // Mode 2 Form 1 user data starts after sync, header and subheader (18h); Mode 1 at 10h.
    size_t offset = tracks[0].type == disc::TrackType::Mode1 ? 0x10 : 0x18;
    std::string_view text(reinterpret_cast<const char*>(raw + offset), 2048);
    constexpr std::string_view kSony = "Sony Computer Entertainment ";
    size_t at = text.find(kSony);
    if (at == std::string_view::npos || at + kSony.size() + 4 > text.size()) return 0;
    std::string_view who = text.substr(at + kSony.size(), 4);
    if (who.starts_with("Amer")) return 'A';
    if (who.starts_with("Euro")) return 'E';
    if (who.starts_with("Inc")) return 'I';
    return 0;
}

} // namespace core::cdrom
