#pragma once
// The table of contents a disc image describes (cdromformat.md "Subchannel Q with ADR=1"):
// tracks with their type, index 0 (pregap) and index 1 (start) positions, and the lead-out.
#include <cstdint>
#include <string>
#include <vector>

namespace core::disc {

enum class TrackType : uint8_t { Audio, Mode1, Mode2 };

const char* trackTypeName(TrackType t);

struct Track {
    uint8_t number = 1;  // 1..99
    uint8_t session = 1; // images read here are single-session
    TrackType type = TrackType::Mode2;
    int32_t pregapStart = 0; // LBA of index 0 (== start when the track has no pregap)
    int32_t start = 0;       // LBA of index 1
    int32_t length = 0;      // sectors from index 1 up to the next track's index 0 / lead-out
    int32_t end() const { return start + length; }
    bool isData() const { return type != TrackType::Audio; }
};

struct Toc {
    std::vector<Track> tracks; // ascending numbers and positions
    int32_t leadOut = 0;       // LBA of the lead-out (one past the last sector)

    // The track whose span [pregapStart, end) holds `lba`, or nullptr (lead-out, before -150).
    // Track 1's pregap starts at LBA -150 (MSF 00:00:00).
    const Track* trackAt(int32_t lba) const;
    // Checks the invariants the readers rely on; false with a message otherwise.
    bool validate(std::string& error) const;
};

} // namespace core::disc
