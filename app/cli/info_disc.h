#pragma once
// `skipjack-cli info` for disc images (.cue, .chd, .iso, .m3u, raw .bin/.img).
#include <string>

namespace cli {

// True when `path` names a disc image by extension; a .bin/.img counts only when it starts
// with a CD sync pattern (a BIOS dump is often called .bin too).
bool looksLikeDiscImage(const std::string& path);
// Prints the format, the tracks, the volume id, the boot file and the serial. Exit code 2
// (with the reader's message) for an image that cannot be read.
int describeDisc(const std::string& path);

} // namespace cli
