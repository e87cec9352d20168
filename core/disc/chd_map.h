#pragma once
// Decoding of CHD v5's compressed hunk map (a Huffman-coded type stream with run lengths,
// then lengths, offsets and CRCs as fixed-width fields), checked against the map's CRC-16.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/disc/chd_file.h"

namespace core::disc {

// `header` is the 16-byte map header, `bits` the compressed map after it.
bool decodeChdMap(std::span<const uint8_t, 16> header, std::span<const uint8_t> bits,
                  uint32_t hunkCount, uint32_t hunkBytes, uint32_t unitBytes,
                  std::vector<ChdMapEntry>& out, std::string& error);

} // namespace core::disc
