#pragma once
// Built-in programs (assets/bin/*.exe, embedded at build time): the demo game and workloads.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace assets {

struct EmbeddedFile {
    const char* name; // file stem, e.g. "skipjack-demo"
    std::span<const uint8_t> data;
};
extern const EmbeddedFile kEmbeddedFiles[]; // terminated by a null name

// The named program, or an empty span when it is not built in.
std::span<const uint8_t> embeddedProgram(std::string_view name);
std::vector<std::string_view> embeddedProgramNames();

} // namespace assets
