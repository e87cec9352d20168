#pragma once
// STR movie sectors (cdromfileformats.md "CDROM File Video Streaming STR (Sony)"): each 2048-
// byte sector of a movie frame starts with a 20h-byte header (StStatus 0160h, StType 8001h =
// MDEC, sector number in the frame, sectors in the frame, frame number from 1, frame size,
// width, height, StHeadM/StHeadV copied from the frame's first 8 data bytes); the frame's data
// follows in 7E0h-byte pieces. A frame's data is a BS v2 frame (bs_encoder.h: its header, MDEC
// size/4 rounded to 20h words, File ID 3800h, quant, version, then the Huffman bitstream).
#include <array>
#include <cstdint>
#include <vector>

namespace tools::str {

constexpr uint16_t kStatus = 0x0160;   // StStatus: version 1, fixed ID 60h
constexpr uint16_t kTypeMdec = 0x8001; // StType: MDEC
constexpr unsigned kSectorBytes = 2048;
constexpr unsigned kHeaderBytes = 0x20;
constexpr unsigned kDataBytes = kSectorBytes - kHeaderBytes; // 7E0h

struct SectorHeader {
    uint16_t status = kStatus;
    uint16_t type = kTypeMdec;
    uint16_t sectorOffset = 0; // StSectorOffset: sector number in the frame, 0 = first
    uint16_t sectorCount = 0;  // StSectorSize: sectors in the frame
    uint32_t frameNo = 0;      // from 1
    uint32_t frameSize = 0;    // bytes of data in the frame, headers and padding excluded
    uint16_t width = 0, height = 0;
    uint32_t headM = 0, headV = 0; // the frame's first 8 data bytes
};

using Sector = std::array<uint8_t, kSectorBytes>;

// A frame: its data (a BS frame, header included) cut into sectors.
std::vector<Sector> frameSectors(uint32_t frameNo, uint16_t width, uint16_t height,
                                 const std::vector<uint8_t>& data);

// Reads a sector's header; false when it is not an MDEC STR sector or its fields contradict
// each other (offset past the count, a frame size the sectors cannot hold, no frame number).
bool parseHeader(const uint8_t* sector, SectorHeader& out);

} // namespace tools::str
