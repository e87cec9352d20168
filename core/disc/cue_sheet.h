#pragma once
// The .cue sheet language (cdromfileformats.md "CUE/BIN"): parsed into files and tracks with
// their positions in each file, before any file is opened. Errors give the sheet's name and
// line.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/disc/toc.h"

namespace core::disc {

struct CueTrack {
    uint8_t number = 0;
    TrackType type = TrackType::Mode2;
    uint32_t sectorSize = 2352;    // bytes per stored sector: 2048, 2336 or 2352
    int32_t pregap = 0;            // PREGAP: sectors not stored in the file
    int32_t postgap = 0;           // POSTGAP: sectors not stored in the file
    std::optional<int32_t> index0; // INDEX 00 position in the file, in sectors
    std::optional<int32_t> index1; // INDEX 01 position in the file, in sectors
    int line = 0;
};

struct CueFile {
    std::string name;            // as written (quotes removed, '\' turned into '/')
    bool bigEndianAudio = false; // MOTOROLA
    int line = 0;
    std::vector<CueTrack> tracks;
};

struct CueSheet {
    std::vector<CueFile> files;
};

// Parses `text`; `sheetName` only labels the error messages ("game.cue:12: ...").
bool parseCueSheet(std::string_view text, const std::string& sheetName, CueSheet& out,
                   std::string& error);

} // namespace core::disc
