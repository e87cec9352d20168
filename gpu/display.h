#pragma once
// Display scan-out: converts the display area of VRAM into an RGBA8 image, as the GPU's video
// output would send it (graphicsprocessingunitgpu.md "GP1(05h)..GP1(08h)", "Framebuffer").
#include <cstdint>
#include <vector>

namespace gpu {

// The GP1 registers that define the picture.
struct DisplaySettings {
    uint16_t startX = 0, startY = 0; // GP1(05h): top-left of the display area in VRAM
    uint16_t hStart = 0x200, hEnd = 0x200 + 256 * 10; // GP1(06h), video clocks from HSYNC
    uint16_t vStart = 0x10, vEnd = 0x10 + 240;        // GP1(07h), scanlines from VSYNC
    uint8_t mode = 0;                                 // GP1(08h) bits 0-7
    bool disabled = true;                             // GP1(03h) bit 0 (GPUSTAT.23)

    bool pal() const { return mode & 0x08; }
    bool color24() const { return mode & 0x10; }
    bool interlace() const { return mode & 0x20; }
    // 480 lines are shown only with both GP1(08h).2 and the interlace bit 5.
    bool lines480() const { return (mode & 0x04) && (mode & 0x20); }
    // Video clocks per dot: 10 (256), 8 (320), 5 (512), 4 (640), 7 (368).
    uint32_t dotDivider() const;
};

class Display {
  public:
    // Visible picture size in VRAM pixels: width = ((X2-X1)/dotDivider + 2) AND NOT 3, height =
    // Y2-Y1 (both clipped to the scanline length / lines of a field), doubled in 480-line mode.
    static void size(const DisplaySettings& s, uint32_t& width, uint32_t& height);

    // Writes width*height*4 bytes of RGBA8. A disabled display gives a black picture of the
    // same size and returns false.
    static bool scanout(const uint16_t* vram, const DisplaySettings& s, std::vector<uint8_t>& rgba,
                        uint32_t& width, uint32_t& height);
};

} // namespace gpu
