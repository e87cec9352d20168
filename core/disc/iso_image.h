#pragma once
// Single-track images without a cue sheet: .iso (2048-byte Mode 1 user data, whole sectors
// synthesized) and raw 2352-byte .bin/.img dumps of a data track.
#include <memory>
#include <string>

#include "core/disc/disc.h"

namespace core::disc {

std::unique_ptr<Disc> openIsoImage(const std::string& path, std::string& error);

} // namespace core::disc
