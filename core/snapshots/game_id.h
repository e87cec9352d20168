#pragma once
// The game identity recorded in state files (DESIGN.md §4, §8).
#include <cstdint>
#include <span>
#include <string>

namespace core {

// "exe:<hash64 hex>" of a PS-EXE file: the game identity of a program loaded with loadExe.
std::string exeGameId(std::span<const uint8_t> exeFile);

} // namespace core
