#pragma once
// Savestate files (DESIGN.md §4): a header with magic, format version, emulator version, game
// and BIOS identity, a thumbnail and a checksum, then the zstd-compressed machine state.
// A state for another game, a newer format or a damaged/truncated file is refused with a clear
// message, and files are written to a temporary name and then renamed.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace savestate {

constexpr uint32_t kStateFormatVersion = 1;

struct StateFileInfo {
    uint32_t formatVersion = kStateFormatVersion;
    std::string emulatorVersion; // e.g. "skipjack 0.1.0"
    std::string gameId;          // PS-EXE hash or disc serial
    std::string biosId;          // "HLE" or a hash of the BIOS image
    uint64_t frame = 0;          // emulated frame number when saved
    uint32_t thumbWidth = 0, thumbHeight = 0;
    std::vector<uint8_t> thumbnail; // RGBA8, thumbWidth * thumbHeight * 4 bytes
};

// Builds a complete state file from the serialised machine state.
std::vector<uint8_t> encodeStateFile(const StateFileInfo& info, std::span<const uint8_t> state,
                                     int compressionLevel = 3);

// Reads just the header (for a state browser): checks magic, version and header checksum.
bool readStateFileInfo(std::span<const uint8_t> file, StateFileInfo& info, std::string& error);

// Fully decodes and checks a state file. `expectedGameId` (if not empty) must match.
bool decodeStateFile(std::span<const uint8_t> file, const std::string& expectedGameId,
                     StateFileInfo& info, std::vector<uint8_t>& state, std::string& error);

// Writes `data` to `path` through `path.tmp` + rename, so a crash leaves the old file or the new
// one, never a mix.
bool writeFileAtomic(const std::string& path, std::span<const uint8_t> data, std::string& error);
bool readWholeFile(const std::string& path, std::vector<uint8_t>& data, std::string& error);

} // namespace savestate
