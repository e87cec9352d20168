// Layout of a cue/bin image (cdromfileformats.md "CUE/BIN"): the .bin files hold the disc
// from 00:02:00 (LBA 0) on, track after track; PREGAP and POSTGAP sectors are not stored
// and shift every later position; INDEX 00..01 sectors are stored pregap. Track 1's index 01
// is LBA 0 and its 2-second pregap (LBA -150..-1) is never stored unless INDEX 00 says so.
#include "core/disc/cue_bin.h"

#include <vector>

#include "core/disc/cue_sheet.h"
#include "core/disc/image_file.h"
#include "core/disc/msf.h"

namespace core::disc {

namespace {

class CueBinDisc final : public Disc {
  public:
    explicit CueBinDisc(const std::string& path) : Disc(path, "cue/bin") {}
    bool build(const CueSheet& sheet, std::string& error);

  protected:
    bool readStored(const Extent& e, int32_t index, uint8_t* out, std::string& error) override {
        const uint32_t size = storedSize(e.format);
        return files_[e.source].read(e.first + static_cast<uint64_t>(index) * size, out, size,
                                     error);
    }

  private:
    std::vector<ImageFile> files_;
};

bool CueBinDisc::build(const CueSheet& sheet, std::string& error) {
    const std::string dir = directoryOf(path());
    int32_t cursor = 0; // LBA where the next track's pregap starts
    for (const CueFile& f : sheet.files) {
        const std::string where = path() + ":" + std::to_string(f.line);
        std::string found = findFileIgnoringCase(dir, f.name);
        // Sheets written on another machine often carry its directories: fall back to the
        // bare file name next to the sheet.
        if (found.empty() && f.name.find('/') != std::string::npos)
            found = findFileIgnoringCase(dir, f.name.substr(f.name.rfind('/') + 1));
        if (found.empty()) {
            error = where + ": the file " + f.name + " named here does not exist";
            return false;
        }
        ImageFile file;
        if (!file.open(found, error)) {
            error = where + ": " + error;
            return false;
        }
        const uint32_t source = static_cast<uint32_t>(files_.size());
        // Where the current track's first stored sector is (sectors before the file's
        // first index belong to no track).
        const CueTrack& head = f.tracks.front();
        uint64_t byteOffset = uint64_t(head.index0 ? *head.index0 : *head.index1) * head.sectorSize;
        for (size_t i = 0; i < f.tracks.size(); ++i) {
            const CueTrack& ct = f.tracks[i];
            const std::string trackWhere = path() + ":" + std::to_string(ct.line);
            const int32_t firstInFile = ct.index0 ? *ct.index0 : *ct.index1;
            const int32_t storedPregap = *ct.index1 - firstInFile;
            // Sectors stored from INDEX 01 on: up to the next track's first index in this
            // file, else to the end of the file.
            int32_t storedBody;
            if (i + 1 < f.tracks.size()) {
                const CueTrack& next = f.tracks[i + 1];
                storedBody = (next.index0 ? *next.index0 : *next.index1) - *ct.index1;
            } else {
                const uint64_t bodyOffset = byteOffset + uint64_t(storedPregap) * ct.sectorSize;
                if (bodyOffset >= file.size()) {
                    error = trackWhere + ": track " + std::to_string(ct.number) +
                            " starts past the end of " + found + " (" +
                            std::to_string(file.size()) + " bytes)";
                    return false;
                }
                const uint64_t rest = file.size() - bodyOffset;
                if (rest % ct.sectorSize != 0) {
                    error = found + ": the file is " + std::to_string(file.size()) +
                            " bytes, not a whole number of " + std::to_string(ct.sectorSize) +
                            "-byte sectors for track " + std::to_string(ct.number) +
                            " (truncated?)";
                    return false;
                }
                storedBody = static_cast<int32_t>(rest / ct.sectorSize);
            }
            Track t;
            t.number = ct.number;
            t.type = ct.type;
            if (ct.number == 1) {
                if (ct.pregap + storedPregap > kPregapSectors) {
                    error = trackWhere + ": track 1 has a pregap longer than 2 seconds";
                    return false;
                }
                t.pregapStart = -kPregapSectors;
                t.start = 0;
            } else {
                t.pregapStart = cursor;
                t.start = cursor + ct.pregap + storedPregap;
            }
            t.length = storedBody + ct.postgap;
            if (t.start - t.pregapStart > 100 * 60 * kSectorsPerSecond ||
                t.length > 100 * 60 * 75) {
                error = trackWhere + ": track " + std::to_string(ct.number) + " is too long";
                return false;
            }
            Extent e;
            e.lba = t.start - storedPregap;
            e.count = storedPregap + storedBody;
            e.source = source;
            e.first = byteOffset;
            switch (ct.sectorSize) {
            case 2048: e.format = StoredFormat::Mode1Data2048; break;
            case 2336: e.format = StoredFormat::Mode2Data2336; break;
            default:
                e.format = ct.type == TrackType::Audio && f.bigEndianAudio
                               ? StoredFormat::Audio2352Swapped
                               : StoredFormat::Raw2352;
            }
            if (e.count > 0) extents_.push_back(e);
            byteOffset += uint64_t(e.count) * ct.sectorSize;
            if (byteOffset > file.size()) {
                error = trackWhere + ": track " + std::to_string(ct.number) +
                        " runs past the end of " + found + " (" + std::to_string(file.size()) +
                        " bytes)";
                return false;
            }
            cursor = t.end();
            toc_.tracks.push_back(t);
        }
        files_.push_back(std::move(file));
    }
    toc_.leadOut = cursor;
    if (!toc_.validate(error)) {
        error = path() + ": " + error;
        return false;
    }
    return true;
}

} // namespace

std::unique_ptr<Disc> openCueBin(const std::string& path, std::string& error) {
    std::string text;
    if (!readSmallFile(path, text, error)) return nullptr;
    CueSheet sheet;
    if (!parseCueSheet(text, path, sheet, error)) return nullptr;
    auto disc = std::make_unique<CueBinDisc>(path);
    if (!disc->build(sheet, error)) return nullptr;
    return disc;
}

} // namespace core::disc
