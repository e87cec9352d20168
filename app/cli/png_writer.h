#pragma once
// Minimal RGB/RGBA PNG writer (libpng); writes a temporary file and renames it into place.
#include <cstdint>
#include <string>

namespace cli {

bool writePng(const std::string& path, const uint8_t* pixels, uint32_t width, uint32_t height,
              bool rgba, std::string& error);

} // namespace cli
