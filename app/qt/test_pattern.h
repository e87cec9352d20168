#pragma once
// A generated RGBA8 picture in which neighbouring texels always differ, so a probe of the
// presented window tells which texel (or which blend of texels) reached a pixel. Shared by
// `skipjack --test-pattern` and the test checker.
#include <cstdint>
#include <vector>

namespace app {

constexpr uint32_t kPatternWidth = 256; // a PS1 256-dot mode: not 4:3 at square pixels
constexpr uint32_t kPatternHeight = 240;

inline void makeTestPattern(std::vector<uint8_t>& rgba, uint32_t width, uint32_t height) {
    rgba.resize(size_t(width) * height * 4);
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x) {
            uint8_t* p = &rgba[(size_t(y) * width + x) * 4];
            p[0] = uint8_t((x * 7) ^ (y * 3));
            p[1] = uint8_t(((x + y) & 1) ? 230 : 20);
            p[2] = uint8_t(y * 255 / (height - 1));
            p[3] = 255;
        }
}

} // namespace app
