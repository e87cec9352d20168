#include "core/disc/subchannel_patches.h"

#include <cstring>

#include "core/disc/msf.h"

namespace core::disc {

namespace {

bool readLba(const uint8_t* p, int32_t& lba) {
    for (int i = 0; i < 3; ++i)
        if (!isValidBcd(p[i])) return false;
    Msf m{fromBcd(p[0]), fromBcd(p[1]), fromBcd(p[2])};
    if (m.second >= 60 || m.frame >= 75) return false;
    lba = msfToLba(m);
    return true;
}

} // namespace

bool parseSbi(std::span<const uint8_t> d, const Toc& toc, const std::string& name,
              SubchannelPatches& out, std::string& error) {
    out.clear();
    if (d.size() < 4 || std::memcmp(d.data(), "SBI\0", 4) != 0) {
        error = name + ": not an SBI file (no \"SBI\" tag)";
        return false;
    }
    size_t pos = 4;
    while (pos < d.size()) {
        auto fail = [&](const char* why) {
            error = name + ": entry at byte " + std::to_string(pos) + ": " + why;
            return false;
        };
        if (d.size() - pos < 4) return fail("truncated");
        int32_t lba;
        if (!readLba(&d[pos], lba)) return fail("bad MSF address");
        const uint8_t format = d[pos + 3];
        const size_t len = format == 1 ? 10 : (format == 2 || format == 3) ? 3 : 0;
        if (len == 0) return fail("unknown format byte (1, 2 or 3)");
        if (d.size() - pos - 4 < len) return fail("truncated");
        SubchannelQ q = computeSubchannelQ(toc, lba);
        const size_t at = format == 1 ? 0 : format == 2 ? 3 : 7;
        std::memcpy(&q.bytes[at], &d[pos + 4], len);
        setSubchannelQCrc(q);
        q.bytes[11] ^= 0x01; // the real sector's CRC is wrong: that is the protection
        out[lba] = q;
        pos += 4 + len;
    }
    return true;
}

bool parseLsd(std::span<const uint8_t> d, const std::string& name, SubchannelPatches& out,
              std::string& error) {
    out.clear();
    if (d.size() % 15 != 0) {
        error = name + ": " + std::to_string(d.size()) +
                " bytes is not a whole number of 15-byte LSD entries";
        return false;
    }
    for (size_t pos = 0; pos < d.size(); pos += 15) {
        int32_t lba;
        if (!readLba(&d[pos], lba)) {
            error = name + ": entry at byte " + std::to_string(pos) + ": bad MSF address";
            return false;
        }
        SubchannelQ q;
        std::memcpy(q.bytes.data(), &d[pos + 3], 12);
        out[lba] = q;
    }
    return true;
}

} // namespace core::disc
