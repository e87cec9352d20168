#pragma once
// CD images in MAME's CHD v5 container: tracks from the CHT2/CHTR metadata, sectors from
// the hunks (each 2448-byte unit holds the sector data then the subcode; the subcode is not
// used: subchannel Q comes from the TOC).
#include <memory>
#include <string>

#include "core/disc/disc.h"

namespace core::disc {

class ChdFile;

std::unique_ptr<Disc> openChd(const std::string& path, std::string& error);
// The container of a disc opened by openChd (nullptr for other discs): for tests and `info`.
const ChdFile* chdFileOf(const Disc& disc);

} // namespace core::disc
