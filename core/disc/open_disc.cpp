#include "core/disc/open_disc.h"

#include <filesystem>

#include "core/disc/chd_disc.h"
#include "core/disc/cue_bin.h"
#include "core/disc/image_file.h"
#include "core/disc/iso_image.h"
#include "core/disc/subchannel_patches.h"

namespace core::disc {

bool isDiscImagePath(const std::string& path) {
    const std::string e = lowerExtension(path);
    return e == ".cue" || e == ".iso" || e == ".bin" || e == ".img" || e == ".chd" || e == ".m3u";
}

namespace {

// Applies game.sbi or game.lsd when one lies beside game.cue/.chd/...
bool loadPatches(Disc& disc, std::string& error) {
    namespace fs = std::filesystem;
    const fs::path p(disc.path());
    const std::string stem = p.stem().string();
    for (const char* ext : {".sbi", ".lsd"}) {
        const std::string found = findFileIgnoringCase(p.parent_path().string(), stem + ext);
        if (found.empty()) continue;
        std::string bytes;
        if (!readSmallFile(found, bytes, error)) return false;
        std::span<const uint8_t> d(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        SubchannelPatches patches;
        const bool ok = ext[1] == 's' ? parseSbi(d, disc.toc(), found, patches, error)
                                      : parseLsd(d, found, patches, error);
        if (!ok) return false;
        disc.setSubchannelPatches(std::move(patches));
        return true;
    }
    return true;
}

} // namespace

std::unique_ptr<Disc> openDisc(const std::string& path, std::string& error) {
    const std::string e = lowerExtension(path);
    std::unique_ptr<Disc> disc;
    if (e == ".cue")
        disc = openCueBin(path, error);
    else if (e == ".chd")
        disc = openChd(path, error);
    else if (e == ".iso" || e == ".bin" || e == ".img")
        disc = openIsoImage(path, error);
    else if (e == ".m3u")
        error = path + ": a playlist, not a disc image (open it as a disc set)";
    else
        error = path + ": not a disc image (.cue, .chd, .iso, .bin, .img or .m3u)";
    if (disc && !loadPatches(*disc, error)) return nullptr;
    return disc;
}

bool DiscSet::open(const std::string& path, std::string& error) {
    discs_.clear();
    current_ = 0;
    if (lowerExtension(path) != ".m3u") {
        auto d = openDisc(path, error);
        if (!d) return false;
        discs_.push_back(std::move(d));
        return true;
    }
    std::string text;
    if (!readSmallFile(path, text, error)) return false;
    const std::string dir = directoryOf(path);
    size_t pos = 0;
    int lineNo = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        std::string line = text.substr(pos, eol == std::string::npos ? eol : eol - pos);
        pos = eol == std::string::npos ? text.size() : eol + 1;
        ++lineNo;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        line = line.substr(first);
        if (lineNo == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line = line.substr(3);
        const std::string where = path + ":" + std::to_string(lineNo) + ": ";
        if (lowerExtension(line) == ".m3u") {
            discs_.clear();
            error = where + "a playlist cannot name another playlist";
            return false;
        }
        const std::string found = findFileIgnoringCase(dir, line);
        if (found.empty()) {
            discs_.clear();
            error = where + "the disc image " + line + " does not exist";
            return false;
        }
        std::string why;
        auto d = openDisc(found, why);
        if (!d) {
            discs_.clear();
            error = where + why;
            return false;
        }
        discs_.push_back(std::move(d));
    }
    if (discs_.empty()) {
        error = path + ": the playlist names no disc image";
        return false;
    }
    return true;
}

bool DiscSet::select(size_t i) {
    if (i >= discs_.size()) return false;
    current_ = i;
    return true;
}

} // namespace core::disc
