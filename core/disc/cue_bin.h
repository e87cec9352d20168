#pragma once
// .cue + .bin images: one or more FILE entries, each holding one or more tracks.
#include <memory>
#include <string>

#include "core/disc/disc.h"

namespace core::disc {

// Opens the cue sheet at `path` and the files it names (looked up next to the sheet, ignoring
// case). nullptr and a message naming the file (and line) on any error.
std::unique_ptr<Disc> openCueBin(const std::string& path, std::string& error);

} // namespace core::disc
