#include "core/disc/cue_sheet.h"

#include <algorithm>
#include <cctype>

#include "core/disc/msf.h"

namespace core::disc {

namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

// Splits a line into words; a double-quoted word may hold spaces.
bool splitWords(std::string_view line, std::vector<std::string>& words, std::string& why) {
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
            ++i;
        if (i >= line.size()) break;
        std::string w;
        if (line[i] == '"') {
            size_t close = line.find('"', i + 1);
            if (close == std::string_view::npos) {
                why = "unterminated quoted string";
                return false;
            }
            w = std::string(line.substr(i + 1, close - i - 1));
            i = close + 1;
        } else {
            while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])))
                w += line[i++];
        }
        words.push_back(std::move(w));
    }
    return true;
}

bool parseNumber(const std::string& s, int maxValue, int& out) {
    if (s.empty() || s.size() > 3) return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    if (v > maxValue) return false;
    out = v;
    return true;
}

// "MM:SS:FF" as a sector count (frames < 75, seconds < 60).
bool parseMsf(const std::string& s, int32_t& sectors) {
    size_t a = s.find(':'), b = s.find(':', a == std::string::npos ? a : a + 1);
    if (a == std::string::npos || b == std::string::npos) return false;
    int m, sec, f;
    if (!parseNumber(s.substr(0, a), 999, m) || !parseNumber(s.substr(a + 1, b - a - 1), 59, sec) ||
        !parseNumber(s.substr(b + 1), 74, f))
        return false;
    sectors = (m * 60 + sec) * kSectorsPerSecond + f;
    return true;
}

struct TrackKind {
    const char* name;
    TrackType type;
    uint32_t size;
};
constexpr TrackKind kTrackKinds[] = {
    {"AUDIO", TrackType::Audio, 2352},      {"MODE1/2048", TrackType::Mode1, 2048},
    {"MODE1/2352", TrackType::Mode1, 2352}, {"MODE2/2336", TrackType::Mode2, 2336},
    {"MODE2/2352", TrackType::Mode2, 2352}, {"CDI/2352", TrackType::Mode2, 2352},
};

} // namespace

bool parseCueSheet(std::string_view text, const std::string& sheetName, CueSheet& out,
                   std::string& error) {
    out = {};
    int lineNo = 0;
    auto fail = [&](const std::string& why) {
        error = sheetName + ":" + std::to_string(lineNo) + ": " + why;
        return false;
    };
    size_t pos = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3; // UTF-8 byte order mark
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        std::string_view line = text.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
        pos = eol == std::string_view::npos ? text.size() : eol + 1;
        ++lineNo;
        if (std::find(line.begin(), line.end(), '\0') != line.end())
            return fail("binary data in the cue sheet (is this a .cue file?)");
        std::vector<std::string> w;
        std::string why;
        if (!splitWords(line, w, why)) return fail(why);
        if (w.empty()) continue;
        const std::string cmd = upper(w[0]);
        if (cmd == "REM" || cmd == "CATALOG" || cmd == "PERFORMER" || cmd == "SONGWRITER" ||
            cmd == "TITLE" || cmd == "ISRC" || cmd == "FLAGS" || cmd == "CDTEXTFILE")
            continue; // descriptive only; nothing here changes the sector layout
        if (cmd == "FILE") {
            if (w.size() != 3) return fail("FILE needs a name and a type");
            CueFile f;
            f.name = w[1];
            std::replace(f.name.begin(), f.name.end(), '\\', '/');
            f.line = lineNo;
            const std::string type = upper(w[2]);
            if (type == "MOTOROLA")
                f.bigEndianAudio = true;
            else if (type != "BINARY")
                return fail("FILE type " + w[2] + " is not supported (BINARY or MOTOROLA)");
            if (f.name.empty()) return fail("FILE has an empty name");
            out.files.push_back(std::move(f));
            continue;
        }
        if (cmd == "TRACK") {
            if (out.files.empty()) return fail("TRACK before any FILE");
            if (w.size() != 3) return fail("TRACK needs a number and a type");
            int n;
            if (!parseNumber(w[1], 99, n) || n < 1) return fail("bad track number '" + w[1] + "'");
            int previous = 0;
            for (auto& f : out.files)
                if (!f.tracks.empty()) previous = f.tracks.back().number;
            if (n != previous + 1)
                return fail("track " + std::to_string(n) + " follows track " +
                            std::to_string(previous) + " (tracks must count up from 1)");
            CueTrack t;
            t.number = static_cast<uint8_t>(n);
            t.line = lineNo;
            const std::string type = upper(w[2]);
            const TrackKind* kind = nullptr;
            for (auto& k : kTrackKinds)
                if (type == k.name) kind = &k;
            if (!kind) return fail("track type " + w[2] + " is not supported");
            t.type = kind->type;
            t.sectorSize = kind->size;
            out.files.back().tracks.push_back(t);
            continue;
        }
        if (out.files.empty() || out.files.back().tracks.empty())
            return fail(w[0] + " before any TRACK");
        CueTrack& t = out.files.back().tracks.back();
        if (cmd == "INDEX") {
            int n;
            int32_t at;
            if (w.size() != 3) return fail("INDEX needs a number and MM:SS:FF");
            if (!parseNumber(w[1], 99, n)) return fail("bad index number '" + w[1] + "'");
            if (!parseMsf(w[2], at)) return fail("bad time '" + w[2] + "' (MM:SS:FF, FF < 75)");
            if (n == 0) {
                if (t.index0 || t.index1) return fail("INDEX 00 must come first in its track");
                t.index0 = at;
            } else if (n == 1) {
                if (t.index1) return fail("INDEX 01 given twice");
                if (t.index0 && at < *t.index0) return fail("INDEX 01 lies before INDEX 00");
                t.index1 = at;
            } else if (!t.index1) {
                return fail("INDEX " + w[1] + " before INDEX 01");
            }
            // Indexes 02 and up only subdivide a track; the drive reports them as index 01.
            continue;
        }
        if (cmd == "PREGAP" || cmd == "POSTGAP") {
            int32_t len;
            if (w.size() != 2 || !parseMsf(w[1], len))
                return fail(cmd + " needs a length MM:SS:FF");
            if (cmd == "PREGAP") {
                if (t.index0 || t.index1) return fail("PREGAP must come before the track's INDEX");
                t.pregap = len;
            } else {
                t.postgap = len;
            }
            continue;
        }
        return fail("unknown command '" + w[0] + "'");
    }
    lineNo = 0;
    if (out.files.empty()) {
        error = sheetName + ": no FILE in the cue sheet";
        return false;
    }
    for (auto& f : out.files) {
        lineNo = f.line;
        if (f.tracks.empty()) return fail("FILE " + f.name + " has no TRACK");
        int32_t last = -1;
        for (auto& t : f.tracks) {
            lineNo = t.line;
            if (!t.index1) return fail("track " + std::to_string(t.number) + " has no INDEX 01");
            int32_t first = t.index0 ? *t.index0 : *t.index1;
            if (first <= last)
                return fail("track " + std::to_string(t.number) +
                            " starts before the previous track in the same file");
            last = *t.index1;
        }
    }
    return true;
}

} // namespace core::disc
