#pragma once
// A disc image (core/disc: cue/bin, iso, chd, ...) as the drive's DiscSource. The drive counts
// sectors from MSF 00:00:00, the image layer from track 1's INDEX 01 (00:02:00): the two differ
// by the 150-sector pregap. Neither side knows the other's formats or registers.
#include "core/cdrom/disc_source.h"
#include "core/disc/disc.h"

namespace core::cdrom {

class ImageDisc final : public DiscSource {
  public:
    explicit ImageDisc(disc::Disc& disc);

    unsigned trackCount() const override;
    uint32_t trackStart(unsigned track) const override;
    TrackType trackType(unsigned track) const override;
    uint32_t leadOut() const override;
    bool readRaw(uint32_t lba, uint8_t* out) override;
    SubQ subchannelQ(uint32_t lba) const override;
    char licenceRegion() const override { return licence_; }

    disc::Disc& image() { return *disc_; }

  private:
    disc::Disc* disc_;
    char licence_ = 0;
};

// The region letter of the licence text a licensed PS1 disc carries in sector 4 of its data
// track ("Licensed by Sony Computer Entertainment Inc." / "Amer..." / "Euro..."): 'I', 'A',
// 'E', or 0 when the text is not there (home-made discs). The drive reads the real "SCEx"
// string from the wobble groove, which an image cannot hold; this text is what stands for it.
char licenceRegionOf(disc::Disc& disc);

} // namespace core::cdrom
