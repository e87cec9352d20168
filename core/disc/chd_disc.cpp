// CHD CD layout (cdromfileformats.md "CHD Metadata"): one CHT2 (or older CHTR) text entry per
// track, "TRACK:n TYPE:t SUBTYPE:s FRAMES:n PREGAP:n PGTYPE:t PGSUB:s POSTGAP:n". Tracks are
// stored one after another in 2448-byte units, each track padded to a multiple of 4 units.
// FRAMES counts the stored units including a stored pregap; a pregap is stored when PGTYPE
// starts with 'V', otherwise it is silence/empty sectors not in the file (as PREGAP in a
// cue). POSTGAP sectors are never stored. Audio samples are stored big-endian.
#include "core/disc/chd_disc.h"

#include <cstring>
#include <map>
#include <sstream>

#include "core/disc/chd_file.h"
#include "core/disc/msf.h"

namespace core::disc {

namespace {

constexpr uint32_t kUnit = 2448;

class ChdDisc final : public Disc {
  public:
    explicit ChdDisc(const std::string& path) : Disc(path, "chd") {}
    bool build(std::string& error);
    ChdFile chd;

  protected:
    bool readStored(const Extent& e, int32_t index, uint8_t* out, std::string& error) override {
        const uint64_t byte = (e.first + static_cast<uint64_t>(index)) * kUnit;
        const uint8_t* hunk = chd.readHunk(static_cast<uint32_t>(byte / chd.hunkBytes()), error);
        if (!hunk) return false;
        std::memcpy(out, hunk + byte % chd.hunkBytes(), storedSize(e.format));
        return true;
    }
};

struct TypeInfo {
    const char* name;
    TrackType type;
    StoredFormat format;
};
constexpr TypeInfo kTypes[] = {
    {"MODE1", TrackType::Mode1, StoredFormat::Mode1Data2048},
    {"MODE1/2048", TrackType::Mode1, StoredFormat::Mode1Data2048},
    {"MODE1_RAW", TrackType::Mode1, StoredFormat::Raw2352},
    {"MODE1/2352", TrackType::Mode1, StoredFormat::Raw2352},
    {"MODE2", TrackType::Mode2, StoredFormat::Mode2Data2336},
    {"MODE2/2336", TrackType::Mode2, StoredFormat::Mode2Data2336},
    {"MODE2_FORM_MIX", TrackType::Mode2, StoredFormat::Mode2Data2336},
    {"MODE2_RAW", TrackType::Mode2, StoredFormat::Raw2352},
    {"MODE2/2352", TrackType::Mode2, StoredFormat::Raw2352},
    {"CDI/2352", TrackType::Mode2, StoredFormat::Raw2352},
    {"AUDIO", TrackType::Audio, StoredFormat::Audio2352Swapped},
};

bool parseFields(const std::string& text, std::map<std::string, std::string>& out) {
    std::istringstream in(text.substr(0, text.find('\0')));
    std::string word;
    while (in >> word) {
        const size_t colon = word.find(':');
        if (colon == std::string::npos) return false;
        out[word.substr(0, colon)] = word.substr(colon + 1);
    }
    return true;
}

bool parseInt(const std::map<std::string, std::string>& f, const char* key, int32_t& v,
              bool required) {
    auto it = f.find(key);
    if (it == f.end()) {
        v = 0;
        return !required;
    }
    if (it->second.empty() || it->second.size() > 7) return false;
    v = 0;
    for (char c : it->second) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    return true;
}

bool ChdDisc::build(std::string& error) {
    if (!chd.open(path(), error)) return false;
    auto fail = [&](const std::string& why) {
        error = path() + ": " + why;
        return false;
    };
    if (chd.unitBytes() != kUnit) return fail("not a CD image (unit size is not 2448 bytes)");
    uint64_t frame = 0; // CHD unit of the next track
    int32_t cursor = 0; // LBA where the next track's pregap starts
    for (const ChdMetadata& m : chd.metadata()) {
        const std::string tag(m.tag.begin(), m.tag.end());
        if (tag != "CHT2" && tag != "CHTR") continue;
        std::map<std::string, std::string> f;
        int32_t number, frames, pregap, postgap;
        if (!parseFields(m.data, f) || !parseInt(f, "TRACK", number, true) ||
            !parseInt(f, "FRAMES", frames, true) || !parseInt(f, "PREGAP", pregap, false) ||
            !parseInt(f, "POSTGAP", postgap, false))
            return fail("bad track metadata '" + m.data.substr(0, m.data.find('\0')) + "'");
        const std::string where = "track " + std::to_string(number) + ": ";
        if (number != static_cast<int32_t>(toc_.tracks.size()) + 1)
            return fail(where + "track numbers in the metadata are not 1, 2, 3...");
        const TypeInfo* type = nullptr;
        for (auto& t : kTypes)
            if (f["TYPE"] == t.name) type = &t;
        if (!type) return fail(where + "track type " + f["TYPE"] + " is not supported");
        const std::string sub = f.count("SUBTYPE") ? f["SUBTYPE"] : "NONE";
        if (sub != "NONE" && sub != "RW" && sub != "RW_RAW")
            return fail(where + "subchannel type " + sub + " is not supported");
        const bool pregapStored = !f["PGTYPE"].empty() && f["PGTYPE"][0] == 'V';
        const int32_t storedPregap = pregapStored ? pregap : 0;
        if (frames < 1 || storedPregap >= frames)
            return fail(where + "bad FRAMES/PREGAP in the metadata");
        Track t;
        t.number = static_cast<uint8_t>(number);
        t.type = type->type;
        if (number == 1) {
            if (pregap > kPregapSectors) return fail(where + "pregap longer than 2 seconds");
            t.pregapStart = -kPregapSectors;
            t.start = 0;
        } else {
            t.pregapStart = cursor;
            t.start = cursor + pregap;
        }
        t.length = frames - storedPregap + postgap;
        extents_.push_back(Extent{t.start - storedPregap, frames, type->format, 0, frame});
        frame += (static_cast<uint64_t>(frames) + 3) / 4 * 4;
        cursor = t.end();
        toc_.tracks.push_back(t);
        if (cursor > 100 * 60 * 75) return fail("the tracks are longer than a CD");
    }
    if (toc_.tracks.empty()) return fail("no CD track metadata (CHT2/CHTR): not a CD image");
    if (frame * kUnit > chd.logicalBytes())
        return fail("the tracks need more sectors than the CHD holds");
    toc_.leadOut = cursor;
    if (!toc_.validate(error)) return fail(error);
    return true;
}

} // namespace

std::unique_ptr<Disc> openChd(const std::string& path, std::string& error) {
    auto disc = std::make_unique<ChdDisc>(path);
    if (!disc->build(error)) return nullptr;
    return disc;
}

const ChdFile* chdFileOf(const Disc& disc) {
    auto* chd = dynamic_cast<const ChdDisc*>(&disc);
    return chd ? &chd->chd : nullptr;
}

} // namespace core::disc
