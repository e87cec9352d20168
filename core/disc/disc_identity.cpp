#include "core/disc/disc_identity.h"

#include <array>
#include <cstdio>
#include <cstring>

namespace core::disc {

namespace {
struct Fnv {
    uint64_t h = 0xcbf29ce484222325ull;
    void add(const void* p, size_t n) {
        auto* b = static_cast<const uint8_t*>(p);
        for (size_t i = 0; i < n; ++i)
            h = (h ^ b[i]) * 0x100000001b3ull;
    }
    void add32(int64_t v) {
        uint8_t b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
        add(b, 4);
    }
};
} // namespace

std::string discIdentity(Disc& disc) {
    Fnv f;
    const Toc& toc = disc.toc();
    f.add32(int64_t(toc.tracks.size()));
    for (const Track& t : toc.tracks) {
        f.add32(t.number);
        f.add32(int64_t(t.type));
        f.add32(t.start);
    }
    f.add32(toc.leadOut);
    std::string volume;
    std::array<uint8_t, 2352> s{};
    std::string error;
    if (disc.readSector(16, s, error)) {
        f.add(s.data(), s.size());
        // The PVD ("\1CD001") starts after the header (Mode 1) or subheader (Mode 2); the
        // volume id is at +28h, 32 characters padded with spaces (ecma-119 8.4.6).
        for (size_t at : {size_t(16), size_t(24)}) {
            if (s[at] != 1 || std::memcmp(&s[at + 1], "CD001", 5) != 0) continue;
            volume.assign(reinterpret_cast<const char*>(&s[at + 40]), 32);
            while (!volume.empty() && volume.back() == ' ')
                volume.pop_back();
            break;
        }
    }
    for (char& c : volume)
        if (c < 0x21 || c > 0x7e || c == '/') c = '_';
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(f.h));
    std::string id = volume.empty() ? std::string("disc") : volume;
    id.append("/");
    id.append(hex);
    return id;
}

} // namespace core::disc
