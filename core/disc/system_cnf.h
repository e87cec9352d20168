#pragma once
// SYSTEM.CNF (cdromfileformats.md "CDROM File Playstation EXE and SYSTEM.CNF"): the boot
// executable and the kernel's TCB/EVENT/STACK settings, and the game serial taken from the
// boot file's name (SLUS_012.34 -> "SLUS-01234").
#include <cstdint>
#include <string>
#include <string_view>

namespace core::disc {

class Iso9660;

struct BootInfo {
    bool hasSystemCnf = false;
    std::string boot = "cdrom:\\PSX.EXE;1"; // the reference's default without SYSTEM.CNF
    std::string argument;                   // text after the boot path, if any
    // The reference's typical values, used when SYSTEM.CNF leaves a key out.
    uint32_t tcb = 4, event = 0x10, stack = 0x801FFF00;
    std::string serial; // "" when the boot name is not a XXXX_NNN.NN game code
};

// Parses SYSTEM.CNF text (KEY = VALUE lines, keys case-insensitive, numbers hex). False with
// a message naming the line for a line that is not KEY = VALUE, a bad number, or no BOOT.
bool parseSystemCnf(std::string_view text, BootInfo& out, std::string& error);

// "cdrom:\\SLUS_012.34;1" -> "SLUS-01234"; "" when the name is not a game code.
std::string serialFromBootPath(const std::string& boot);

// Reads SYSTEM.CNF from the disc (or falls back to PSX.EXE when there is none) and checks
// the boot file exists. False with a message for an audio disc, no file system or no boot
// file.
bool readBootInfo(Iso9660& fs, BootInfo& out, std::string& error);

} // namespace core::disc
