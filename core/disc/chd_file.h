#pragma once
// The MAME CHD v5 container (cdromfileformats.md "CDROM Disk Images CHD (MAME)"): header,
// hunk map (compressed or not), metadata chain and hunk decompression with the CD codecs.
// Hunks are read lazily; the last decoded hunk is kept.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/disc/image_file.h"

namespace core::disc {

struct ChdMapEntry {
    uint8_t type = 0;    // 0..3 codec slot, 4 uncompressed, 5 self, 6 parent
    uint32_t length = 0; // compressed bytes
    uint64_t offset = 0; // file offset; hunk number for self, unit number for parent
    uint16_t crc = 0;    // CRC-16 of the decompressed hunk
    bool hasCrc = false;
};

struct ChdMetadata {
    std::array<char, 4> tag{};
    std::string data;
};

class ChdFile {
  public:
    bool open(const std::string& path, std::string& error);

    const std::string& path() const { return file_.path(); }
    uint32_t hunkBytes() const { return hunkBytes_; }
    uint32_t unitBytes() const { return unitBytes_; }
    uint64_t logicalBytes() const { return logicalBytes_; }
    uint32_t hunkCount() const { return static_cast<uint32_t>(map_.size()); }
    const std::vector<ChdMetadata>& metadata() const { return metadata_; }
    const std::array<uint32_t, 4>& codecs() const { return codecs_; }
    const std::vector<ChdMapEntry>& map() const { return map_; }

    // Decompresses hunk `n` (checking its CRC) and returns a pointer to hunkBytes() bytes,
    // valid until the next call. nullptr with a message on damage.
    const uint8_t* readHunk(uint32_t n, std::string& error);

    // How many sectors had their sync/ECC rebuilt by the CD codecs so far (the encoder only
    // drops ECC it verified, so this counts sectors whose ECC matched MAME's chdman).
    uint64_t eccRebuiltSectors() const { return eccRebuilt_; }

  private:
    bool readMap(uint64_t mapOffset, std::string& error);
    bool readMetadata(uint64_t offset, std::string& error);
    bool decompress(uint32_t codec, const uint8_t* src, size_t srcLen, uint8_t* dst,
                    std::string& error);

    ImageFile file_;
    uint32_t hunkBytes_ = 0, unitBytes_ = 0;
    uint64_t logicalBytes_ = 0;
    std::array<uint32_t, 4> codecs_{};
    std::vector<ChdMapEntry> map_;
    std::vector<ChdMetadata> metadata_;
    std::vector<uint8_t> hunk_, compressed_;
    int64_t cachedHunk_ = -1;
    uint64_t eccRebuilt_ = 0;
};

// CRC-16-CCITT with start value FFFFh, not inverted: CHD's map and hunk checksum.
uint16_t chdCrc16(const uint8_t* data, size_t len);

constexpr uint32_t chdTag(const char (&s)[5]) {
    return uint32_t(uint8_t(s[0])) << 24 | uint32_t(uint8_t(s[1])) << 16 |
           uint32_t(uint8_t(s[2])) << 8 | uint32_t(uint8_t(s[3]));
}

} // namespace core::disc
