#pragma once
// LibCrypt subchannel patch files beside an image (cdromfileformats.md "SBI (redump.org)"):
// .sbi ("SBI\0", then per sector 3 BCD MSF bytes, a format byte and 10 or 3 bytes of Q) and
// .lsd (per sector 3 BCD MSF bytes and the whole 12-byte Q with its CRC).
#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "core/disc/subchannel_q.h"
#include "core/disc/toc.h"

namespace core::disc {

using SubchannelPatches = std::map<int32_t, SubchannelQ>; // by LBA

// .sbi keeps only Q0..Q9 (or parts of them) of sectors whose real Q had a bad CRC, so each
// patched Q gets the TOC's Q as a base, the given bytes, and a deliberately wrong CRC (what
// LibCrypt checks for). `name` labels errors.
bool parseSbi(std::span<const uint8_t> data, const Toc& toc, const std::string& name,
              SubchannelPatches& out, std::string& error);
bool parseLsd(std::span<const uint8_t> data, const std::string& name, SubchannelPatches& out,
              std::string& error);

} // namespace core::disc
