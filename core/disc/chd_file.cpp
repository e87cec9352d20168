// CHD v5 facts (cdromfileformats.md "CDROM Disk Images CHD (MAME)"), all big-endian:
// - header (7Ch bytes): "MComprHD", length, version 5, four codec tags, logical size, map
//   offset, metadata offset, hunk bytes, unit bytes, raw/overall/parent SHA-1.
// - no codec in slot 0: the map is one 32-bit hunk number (offset / hunk bytes) per hunk,
//   0 = never written (zeros). Otherwise the compressed map of chd_map.cpp.
// - metadata: 16-byte entry headers (tag, flags, 24-bit length, next offset) in a chain.
// - CD codecs (cdzl, cdlz, cdzs): ECC flag bits (one per sector, LSB first), a 2-byte (hunks
//   under 64 KiB) or 3-byte compressed length of the sector data, the sector data compressed
//   (2352 bytes per sector), then the subcode compressed (96 bytes per sector; Deflate for
//   cdzl/cdlz, zstd for cdzs). A set ECC flag means: rewrite the sync and the P/Q parity.
//   cdfl: FLAC frames with big-endian samples, then Deflate subcode. Sectors are then
//   interleaved as 2352 data + 96 subcode bytes and the map's CRC-16 checks the hunk.
#include "core/disc/chd_file.h"

#include <cstring>

#include "core/disc/chd_codecs.h"
#include "core/disc/chd_map.h"
#include "core/disc/sector.h"

namespace core::disc {

namespace {

uint64_t be(const uint8_t* p, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i)
        v = (v << 8) | p[i];
    return v;
}

constexpr uint32_t kCdData = 2352, kCdSub = 96, kCdFrame = kCdData + kCdSub;
constexpr uint8_t kSync[12] = {0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0};

std::string tagName(uint32_t tag) {
    std::string s;
    for (int i = 3; i >= 0; --i) {
        char c = static_cast<char>(tag >> (8 * i));
        s += (c >= 0x20 && c < 0x7F) ? c : '?';
    }
    return s;
}

} // namespace

uint16_t chdCrc16(const uint8_t* data, size_t len) {
    uint16_t crc = 0xFFFF;
    for (size_t i = 0; i < len; ++i) {
        crc = static_cast<uint16_t>(crc ^ (data[i] << 8));
        for (int b = 0; b < 8; ++b)
            crc = static_cast<uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return crc;
}

bool ChdFile::open(const std::string& path, std::string& error) {
    if (!file_.open(path, error)) return false;
    auto fail = [&](const std::string& why) {
        error = path + ": " + why;
        return false;
    };
    uint8_t h[124];
    if (file_.size() < 16) return fail("too short for a CHD header (truncated?)");
    if (!file_.read(0, h, 16, error)) return false;
    if (std::memcmp(h, "MComprHD", 8) != 0) return fail("not a CHD file (no MComprHD tag)");
    const uint32_t version = static_cast<uint32_t>(be(h + 12, 4));
    if (version != 5)
        return fail("CHD version " + std::to_string(version) +
                    " is not supported (only version 5; convert it with chdman copy)");
    if (be(h + 8, 4) != 124) return fail("bad CHD v5 header length");
    if (!file_.read(0, h, 124, error)) return fail("the CHD header is truncated");
    for (int i = 0; i < 4; ++i)
        codecs_[static_cast<size_t>(i)] = static_cast<uint32_t>(be(h + 16 + 4 * i, 4));
    logicalBytes_ = be(h + 32, 8);
    const uint64_t mapOffset = be(h + 40, 8), metaOffset = be(h + 48, 8);
    hunkBytes_ = static_cast<uint32_t>(be(h + 56, 4));
    unitBytes_ = static_cast<uint32_t>(be(h + 60, 4));
    bool hasParent = false;
    for (int i = 0; i < 20; ++i)
        hasParent |= h[104 + i] != 0;
    if (hasParent) return fail("the CHD needs a parent CHD, which is not supported");
    if (hunkBytes_ == 0 || hunkBytes_ > 512 * 1024 || unitBytes_ == 0 ||
        hunkBytes_ % unitBytes_ != 0)
        return fail("bad hunk or unit size in the CHD header");
    const uint64_t hunks = (logicalBytes_ + hunkBytes_ - 1) / hunkBytes_;
    // A CD holds under 450000 sectors; 1M hunks bounds the map a damaged header can ask for.
    if (hunks == 0 || hunks > (1u << 20)) return fail("bad logical size in the CHD header");
    for (uint32_t c : codecs_) {
        switch (c) {
        case 0:
        case chdTag("zlib"):
        case chdTag("lzma"):
        case chdTag("zstd"):
        case chdTag("flac"):
        case chdTag("cdzl"):
        case chdTag("cdlz"):
        case chdTag("cdzs"):
        case chdTag("cdfl"): break;
        default: return fail("the CHD uses the unsupported codec '" + tagName(c) + "'");
        }
    }
    map_.resize(static_cast<size_t>(hunks));
    if (!readMap(mapOffset, error)) return fail(error);
    if (!readMetadata(metaOffset, error)) return fail(error);
    hunk_.resize(hunkBytes_);
    return true;
}

bool ChdFile::readMap(uint64_t mapOffset, std::string& error) {
    const auto hunks = static_cast<uint32_t>(map_.size());
    if (codecs_[0] == 0) { // uncompressed file: plain table of hunk numbers
        std::vector<uint8_t> raw(size_t(hunks) * 4);
        if (!file_.read(mapOffset, raw.data(), raw.size(), error)) return false;
        for (uint32_t i = 0; i < hunks; ++i) {
            const uint64_t n = be(&raw[size_t(i) * 4], 4);
            map_[i].type = n == 0 ? 7 : 4; // 7 here: never written, reads as zeros
            map_[i].offset = n * hunkBytes_;
            map_[i].length = hunkBytes_;
        }
        return true;
    }
    uint8_t header[16];
    if (!file_.read(mapOffset, header, 16, error)) return false;
    const uint64_t length = be(header, 4);
    if (length > file_.size() - mapOffset - 16) {
        error = "the hunk map runs past the end of the file (truncated?)";
        return false;
    }
    std::vector<uint8_t> bits(static_cast<size_t>(length));
    if (!file_.read(mapOffset + 16, bits.data(), bits.size(), error)) return false;
    if (!decodeChdMap(header, bits, hunks, hunkBytes_, unitBytes_, map_, error)) {
        error = "hunk map: " + error;
        return false;
    }
    for (uint32_t i = 0; i < hunks; ++i) {
        const ChdMapEntry& e = map_[i];
        if (e.type <= 4 && (e.offset > file_.size() || e.length > file_.size() - e.offset)) {
            error = "hunk " + std::to_string(i) + " lies past the end of the file (truncated?)";
            return false;
        }
        if (e.type < 4 && codecs_[e.type] == 0) {
            error = "hunk " + std::to_string(i) + " uses an empty codec slot";
            return false;
        }
        if (e.type == 6) {
            error = "hunk " + std::to_string(i) + " refers to a parent CHD (not supported)";
            return false;
        }
    }
    return true;
}

bool ChdFile::readMetadata(uint64_t offset, std::string& error) {
    for (int guard = 0; offset != 0; ++guard) {
        if (guard > 1000) {
            error = "the metadata chain loops";
            return false;
        }
        uint8_t h[16];
        if (!file_.read(offset, h, 16, error)) return false;
        ChdMetadata m;
        std::memcpy(m.tag.data(), h, 4);
        const auto length = static_cast<size_t>(be(h + 5, 3));
        m.data.resize(length);
        if (!file_.read(offset + 16, m.data.data(), length, error)) return false;
        metadata_.push_back(std::move(m));
        offset = be(h + 8, 8);
    }
    return true;
}

bool ChdFile::decompress(uint32_t codec, const uint8_t* src, size_t srcLen, uint8_t* dst,
                         std::string& error) {
    const size_t n = hunkBytes_;
    switch (codec) {
    case chdTag("zlib"): return inflateRaw(src, srcLen, dst, n, error);
    case chdTag("lzma"): return lzmaRaw(src, srcLen, dst, n, hunkBytes_, error);
    case chdTag("zstd"): return zstdRaw(src, srcLen, dst, n, error);
    case chdTag("flac"): {
        size_t consumed = 0;
        if (srcLen < 1 || (src[0] != 'L' && src[0] != 'B')) {
            error = "FLAC hunk has no byte-order mark";
            return false;
        }
        return flacFrames(src + 1, srcLen - 1, dst, n, src[0] == 'B', consumed, error);
    }
    default: break;
    }
    // The CD codecs.
    if (n % kCdFrame != 0) {
        error = "a CD codec on hunks that are not whole 2448-byte sectors";
        return false;
    }
    const uint32_t frames = static_cast<uint32_t>(n / kCdFrame);
    std::vector<uint8_t> data(size_t(frames) * kCdData), sub(size_t(frames) * kCdSub);
    size_t eccBytes = 0, subStart = 0;
    if (codec == chdTag("cdfl")) {
        size_t consumed = 0;
        if (!flacFrames(src, srcLen, data.data(), data.size(), true, consumed, error)) return false;
        subStart = consumed;
    } else {
        eccBytes = (frames + 7) / 8;
        const size_t lenBytes = n < 65536 ? 2 : 3;
        if (srcLen < eccBytes + lenBytes) {
            error = "CD hunk is too short";
            return false;
        }
        const size_t baseLen = static_cast<size_t>(be(src + eccBytes, static_cast<int>(lenBytes)));
        const size_t start = eccBytes + lenBytes;
        if (baseLen > srcLen - start) {
            error = "CD hunk's data length is damaged";
            return false;
        }
        bool ok = codec == chdTag("cdlz")
                      ? lzmaRaw(src + start, baseLen, data.data(), data.size(), hunkBytes_, error)
                  : codec == chdTag("cdzs")
                      ? zstdRaw(src + start, baseLen, data.data(), data.size(), error)
                      : inflateRaw(src + start, baseLen, data.data(), data.size(), error);
        if (!ok) return false;
        subStart = start + baseLen;
    }
    if (subStart > srcLen) {
        error = "CD hunk's subcode is missing";
        return false;
    }
    const bool ok =
        codec == chdTag("cdzs")
            ? zstdRaw(src + subStart, srcLen - subStart, sub.data(), sub.size(), error)
            : inflateRaw(src + subStart, srcLen - subStart, sub.data(), sub.size(), error);
    if (!ok) return false;
    for (uint32_t f = 0; f < frames; ++f) {
        uint8_t* sector = dst + size_t(f) * kCdFrame;
        std::memcpy(sector, &data[size_t(f) * kCdData], kCdData);
        std::memcpy(sector + kCdData, &sub[size_t(f) * kCdSub], kCdSub);
        if (eccBytes && (src[f / 8] >> (f % 8)) & 1) {
            std::memcpy(sector, kSync, 12);
            if (sector[15] == 2) {
                uint8_t header[4];
                std::memcpy(header, sector + 12, 4);
                std::memset(sector + 12, 0, 4);
                writeEccParity(sector);
                std::memcpy(sector + 12, header, 4);
            } else {
                writeEccParity(sector);
            }
            ++eccRebuilt_;
        }
    }
    return true;
}

const uint8_t* ChdFile::readHunk(uint32_t n, std::string& error) {
    if (n >= map_.size()) {
        error = path() + ": hunk " + std::to_string(n) + " is past the end of the CHD";
        return nullptr;
    }
    // Self references point to earlier hunks (checked when the map was read).
    while (map_[n].type == 5)
        n = static_cast<uint32_t>(map_[n].offset);
    if (cachedHunk_ == n) return hunk_.data();
    cachedHunk_ = -1;
    const ChdMapEntry& e = map_[n];
    auto fail = [&](const std::string& why) -> const uint8_t* {
        error = path() + ": hunk " + std::to_string(n) + ": " + why;
        return nullptr;
    };
    if (e.type == 7) {
        std::memset(hunk_.data(), 0, hunk_.size());
    } else if (e.type == 4) {
        if (!file_.read(e.offset, hunk_.data(), hunkBytes_, error)) return fail(error);
    } else {
        compressed_.resize(e.length);
        if (!file_.read(e.offset, compressed_.data(), e.length, error)) return fail(error);
        std::string why;
        if (!decompress(codecs_[e.type], compressed_.data(), e.length, hunk_.data(), why))
            return fail(why);
    }
    if (e.hasCrc && chdCrc16(hunk_.data(), hunk_.size()) != e.crc)
        return fail("CRC mismatch (the data is damaged)");
    cachedHunk_ = n;
    return hunk_.data();
}

} // namespace core::disc
