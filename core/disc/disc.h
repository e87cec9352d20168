#pragma once
// A disc image as the drive sees it: a TOC, raw 2352-byte sectors by LBA and subchannel Q.
// Readers (cue/bin, iso, chd) describe where each stored sector lives as extents; this base
// class turns stored sectors into raw ones (synthesizing headers/EDC/ECC where the image
// keeps only user data) and synthesizes the gap sectors an image does not store.
// Readers know nothing of the drive; the drive knows nothing of formats.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/disc/subchannel_q.h"
#include "core/disc/toc.h"

namespace core::disc {

// How a stored sector is laid out in its image.
enum class StoredFormat : uint8_t {
    Raw2352,          // the whole raw sector
    Audio2352Swapped, // raw audio with big-endian samples (MOTOROLA, CHD): swap each 16-bit pair
    Mode1Data2048,    // Mode 1 user data only: sync, header, EDC and ECC are synthesized
    Mode2Data2336,    // Mode 2 sector from 10h: sync and header are synthesized
};
uint32_t storedSize(StoredFormat f);

// A run of consecutive LBAs stored consecutively in one source of a reader.
struct Extent {
    int32_t lba = 0;
    int32_t count = 0;
    StoredFormat format = StoredFormat::Raw2352;
    uint32_t source = 0; // reader-defined: file index, ...
    uint64_t first = 0;  // reader-defined: byte offset, frame number, ...
};

class Disc {
  public:
    virtual ~Disc() = default;
    Disc(const Disc&) = delete;
    Disc& operator=(const Disc&) = delete;

    const Toc& toc() const { return toc_; }
    int32_t leadOut() const { return toc_.leadOut; }
    // "cue/bin", "iso", "chd", ...
    const std::string& format() const { return format_; }
    const std::string& path() const { return path_; }

    // Raw 2352-byte sector at `lba` (-150 .. leadOut-1). False with a message naming the
    // image when the LBA is outside the disc or the image cannot be read there.
    bool readSector(int32_t lba, std::span<uint8_t, 2352> out, std::string& error);

    // Subchannel Q at `lba` (any LBA from -150 on, the lead-out included): the patch for that
    // sector when one is loaded, else computed from the TOC.
    SubchannelQ subchannelQ(int32_t lba) const;
    // Replaces Q of the listed LBAs (LibCrypt .sbi / .lsd data).
    void setSubchannelPatches(std::map<int32_t, SubchannelQ> patches) {
        patches_ = std::move(patches);
    }
    size_t subchannelPatchCount() const { return patches_.size(); }

  protected:
    Disc(std::string path, std::string format)
        : path_(std::move(path)), format_(std::move(format)) {}
    // Reads `storedSize(e.format)` bytes of the `index`-th sector of extent `e` into `out`.
    virtual bool readStored(const Extent& e, int32_t index, uint8_t* out, std::string& error) = 0;

    Toc toc_;
    std::vector<Extent> extents_; // ascending, non-overlapping; gaps between them synthesized

  private:
    std::string path_;
    std::string format_;
    std::map<int32_t, SubchannelQ> patches_;
};

} // namespace core::disc
