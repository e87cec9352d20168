#pragma once
// PS-EXE files (the "PS-X EXE" header of kernelbios.md / cdromfileformats.md).
#include <cstdint>
#include <span>
#include <string>

namespace core {

struct PsExe {
    uint32_t pc = 0, gp = 0;
    uint32_t loadAddress = 0, loadSize = 0;
    uint32_t bssAddress = 0, bssSize = 0; // memfill area (cleared by the loader)
    uint32_t stackBase = 0, stackOffset = 0;
    std::string region; // the ASCII marker after the header fields
    std::span<const uint8_t> text;
};

// Decodes the header fields (all but `text`) without judging them, so that `skipjack-cli info`
// can show a bad header too. Returns false with a message when the file is shorter than the
// 2048-byte header or does not start with "PS-X EXE".
bool readPsExeHeader(std::span<const uint8_t> file, PsExe& out, std::string& error);

// Validates and decodes a PS-EXE. On failure returns false and a message saying what is
// wrong (bad magic, truncated, load address outside RAM, ...).
bool parsePsExe(std::span<const uint8_t> file, PsExe& out, std::string& error);

} // namespace core
