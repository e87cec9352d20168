// Display scan-out. Hardware notes relied on (graphicsprocessingunitgpu.md):
// - Displayed pixels per line = (((X2-X1)/cycles_per_pix)+2) AND NOT 3 (GP1(06h)); lines =
//   Y2-Y1, no rounding (GP1(07h)).
// - A scanline has 3413 (NTSC) / 3406 (PAL) video clocks and a field 263 / 314 lines ("GPU
//   Timings"), so nothing past those is ever shown.
// - 24-bit mode packs two pixels into 6 bytes (R, G, B byte order) along the VRAM row;
//   15-bit pixels are R bits 0-4, G 5-9, B 10-14 ("Framebuffer").
// - The display area wraps at VRAM's edges (GP1(05h)).
#include "gpu/display.h"

#include <algorithm>

#include "gpu/commands.h"

namespace gpu {

uint32_t DisplaySettings::dotDivider() const {
    if (mode & 0x40) return 7;
    static constexpr uint32_t kDividers[4] = {10, 8, 5, 4};
    return kDividers[mode & 3];
}

void Display::size(const DisplaySettings& s, uint32_t& width, uint32_t& height) {
    int clocksPerLine = s.pal() ? 3406 : 3413;
    int linesPerField = s.pal() ? 314 : 263;
    int x1 = s.hStart, x2 = std::min<int>(s.hEnd, clocksPerLine);
    int y1 = s.vStart, y2 = std::min<int>(s.vEnd, linesPerField);
    int w = x2 > x1 ? (((x2 - x1) / int(s.dotDivider())) + 2) & ~3 : 0;
    int h = y2 > y1 ? y2 - y1 : 0;
    if (s.lines480()) h *= 2;
    width = static_cast<uint32_t>(w);
    height = static_cast<uint32_t>(h);
}

namespace {
inline uint8_t expand5(uint32_t c) {
    return static_cast<uint8_t>((c << 3) | (c >> 2));
}
} // namespace

bool Display::scanout(const uint16_t* vram, const DisplaySettings& s, std::vector<uint8_t>& rgba,
                      uint32_t& width, uint32_t& height) {
    size(s, width, height);
    rgba.assign(size_t(width) * height * 4, 0);
    if (s.disabled) {
        for (size_t i = 3; i < rgba.size(); i += 4)
            rgba[i] = 0xFF;
        return false;
    }
    uint8_t* out = rgba.data();
    for (uint32_t row = 0; row < height; ++row) {
        const uint16_t* line = vram + size_t((s.startY + row) % kVramHeight) * kVramWidth;
        if (s.color24()) {
            // Byte address within the 2048-byte row, wrapping at its end.
            uint32_t byte = uint32_t(s.startX) * 2;
            for (uint32_t x = 0; x < width; ++x, out += 4) {
                for (int c = 0; c < 3; ++c) {
                    uint32_t b = (byte + c) % (kVramWidth * 2);
                    uint16_t half = line[b >> 1];
                    out[c] = static_cast<uint8_t>((b & 1) ? half >> 8 : half);
                }
                out[3] = 0xFF;
                byte += 3;
            }
        } else {
            for (uint32_t x = 0; x < width; ++x, out += 4) {
                uint16_t p = line[(s.startX + x) % kVramWidth];
                out[0] = expand5(p & 31);
                out[1] = expand5((p >> 5) & 31);
                out[2] = expand5((p >> 10) & 31);
                out[3] = 0xFF;
            }
        }
    }
    return true;
}

} // namespace gpu
