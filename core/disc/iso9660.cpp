// ISO 9660 facts used here (cdromformat.md):
// - Volume descriptors from sector 16: type byte, "CD001", version 1; type 1 = primary,
//   FFh = set terminator. Primary: system id at 8 (32 chars), volume id at 40 (32 chars),
//   logical block size at 128 (both-endian 16-bit, 2048 here), root directory record at 156.
// - Directory record: length, extended attribute length, extent LBA (both-endian 32-bit at 2),
//   data length (both-endian at 10), flags at 25 (bit 1 = directory), name length at 32, name
//   at 33 ("\0" = itself, "\1" = parent). Records never cross a sector: a zero length byte
//   means the rest of the sector is padding.
#include "core/disc/iso9660.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace core::disc {

namespace {

uint32_t le32(const uint8_t* p) {
    return p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24;
}

std::string trimmed(const uint8_t* p, size_t n) {
    std::string s(reinterpret_cast<const char*>(p), n);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
        s.pop_back();
    return s;
}

std::string stripVersion(const std::string& s) {
    std::string r = s.substr(0, s.find(';'));
    if (!r.empty() && r.back() == '.') r.pop_back(); // "NAME." is a name without extension
    return r;
}

constexpr uint32_t kMaxDirectoryBytes = 4 << 20;

} // namespace

bool Iso9660::sameName(const std::string& recorded, const std::string& wanted) {
    const std::string a = stripVersion(recorded), b = stripVersion(wanted);
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::toupper(x) == std::toupper(y);
           });
}

bool Iso9660::readUserData(int32_t lba, uint8_t* out, std::string& error) {
    std::array<uint8_t, 2352> raw;
    if (!disc_.readSector(lba, raw, error)) return false;
    const Track* t = disc_.toc().trackAt(lba);
    if (!t || !t->isData()) {
        error = disc_.path() + ": sector " + std::to_string(lba) + " is audio, not data";
        return false;
    }
    // The header's mode byte decides where user data starts (Mode 2: after the sub-headers).
    std::memcpy(out, raw.data() + (raw[15] == 2 ? 24 : 16), 2048);
    return true;
}

bool Iso9660::open(std::string& error) {
    uint8_t d[2048];
    for (int32_t lba = 16; lba < 16 + 32; ++lba) {
        if (!readUserData(lba, d, error)) return false;
        if (std::memcmp(d + 1, "CD001", 5) != 0 || d[6] != 1) {
            error = disc_.path() + ": no ISO 9660 file system (no CD001 volume descriptor)";
            return false;
        }
        if (d[0] == 0xFF) break;
        if (d[0] != 1) continue;
        if ((d[128] | d[129] << 8) != 2048) {
            error = disc_.path() + ": ISO 9660 block size is not 2048";
            return false;
        }
        systemId_ = trimmed(d + 8, 32);
        volumeId_ = trimmed(d + 40, 32);
        const uint8_t* r = d + 156;
        root_.name.assign(1, '\\');
        root_.lba = static_cast<int32_t>(le32(r + 2));
        root_.size = le32(r + 10);
        root_.directory = true;
        return true;
    }
    error = disc_.path() + ": no ISO 9660 primary volume descriptor";
    return false;
}

bool Iso9660::list(const IsoEntry& dir, std::vector<IsoEntry>& out, std::string& error) {
    out.clear();
    if (!dir.directory || dir.size > kMaxDirectoryBytes || dir.lba < 0) {
        error = disc_.path() + ": bad directory record for " + dir.name;
        return false;
    }
    uint8_t d[2048];
    for (uint32_t off = 0; off < dir.size; off += 2048) {
        if (!readUserData(dir.lba + static_cast<int32_t>(off / 2048), d, error)) return false;
        const uint32_t end = std::min<uint32_t>(2048, dir.size - off);
        for (uint32_t p = 0; p < end;) {
            const uint8_t len = d[p];
            if (len == 0) break;
            if (len < 34 || p + len > 2048 || 33u + d[p + 32] > len) {
                error = disc_.path() + ": damaged directory record in " + dir.name;
                return false;
            }
            const uint8_t nameLen = d[p + 32];
            const bool special = nameLen == 1 && (d[p + 33] == 0 || d[p + 33] == 1);
            if (!special) {
                IsoEntry e;
                e.name.assign(reinterpret_cast<const char*>(d + p + 33), nameLen);
                e.lba = static_cast<int32_t>(le32(d + p + 2));
                e.size = le32(d + p + 10);
                e.directory = (d[p + 25] & 2) != 0;
                out.push_back(std::move(e));
            }
            p += len;
        }
    }
    return true;
}

bool Iso9660::find(const std::string& path, IsoEntry& out, std::string& error) {
    std::string p = path;
    if (p.size() >= 6 && std::equal(p.begin(), p.begin() + 6, "cdrom:", [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == b;
        }))
        p = p.substr(6);
    std::replace(p.begin(), p.end(), '/', '\\');
    IsoEntry cur = root_;
    std::vector<IsoEntry> entries;
    size_t pos = 0;
    while (pos < p.size()) {
        size_t next = p.find('\\', pos);
        std::string part =
            p.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
        pos = next == std::string::npos ? p.size() : next + 1;
        if (part.empty()) continue;
        if (!cur.directory) {
            error = disc_.path() + ": " + path + ": " + cur.name + " is not a directory";
            return false;
        }
        if (!list(cur, entries, error)) return false;
        auto it = std::find_if(entries.begin(), entries.end(),
                               [&](const IsoEntry& e) { return sameName(e.name, part); });
        if (it == entries.end()) {
            error = disc_.path() + ": " + path + " not found on the disc";
            return false;
        }
        cur = *it;
    }
    out = cur;
    return true;
}

bool Iso9660::readFile(const IsoEntry& file, std::vector<uint8_t>& out, std::string& error,
                       uint32_t limit) {
    if (file.directory || file.size > limit || file.lba < 0) {
        error = disc_.path() + ": " + file.name + " is a directory or too large to read";
        return false;
    }
    out.resize(file.size);
    uint8_t d[2048];
    for (uint32_t off = 0; off < file.size; off += 2048) {
        if (!readUserData(file.lba + static_cast<int32_t>(off / 2048), d, error)) return false;
        std::memcpy(out.data() + off, d, std::min<uint32_t>(2048, file.size - off));
    }
    return true;
}

} // namespace core::disc
