// VRAM fill, VRAM->VRAM copy and CPU->VRAM upload ("GPU Memory Transfer Commands",
// "Quick Rectangle Fill"). Coordinates are absolute VRAM addresses (no drawing offset, no
// drawing area) and wrap to the opposite edge without carry between X and Y ("Wrapping").
#include <algorithm>
#include <cstring>

#include "gpu/rasterizer.h"
#include "gpu/rasterizer_pixel.h"

namespace gpu {

namespace {
constexpr int kXMask = kVramWidth - 1;
constexpr int kYMask = kVramHeight - 1;

// Writes `count` pixels of `src` at (x, y), wrapping X, honouring E6h-style mask bits.
void writeRow(uint16_t* vram, int x, int y, const uint16_t* src, int count, bool setMask,
              bool checkMask) {
    uint16_t* row = vram + (y & kYMask) * kVramWidth;
    const uint16_t maskBit = setMask ? 0x8000 : 0;
    x &= kXMask;
    while (count > 0) {
        const int run = std::min(count, kVramWidth - x);
        uint16_t* dst = row + x;
        if (!checkMask && !setMask) {
            std::memcpy(dst, src, static_cast<size_t>(run) * sizeof(uint16_t));
        } else {
            for (int i = 0; i < run; ++i) {
                if (checkMask && (dst[i] & 0x8000)) continue;
                dst[i] = static_cast<uint16_t>(src[i] | maskBit);
            }
        }
        src += run;
        count -= run;
        x = 0;
    }
}
} // namespace

uint64_t Rasterizer::fill(const FillCmd& cmd) {
    // "Fill does NOT occur when Xsiz=0 or Ysiz=0"; mask settings and drawing area are ignored.
    const int width = std::min<int>(cmd.width, kVramWidth);
    const int height = std::min<int>(cmd.height, kVramHeight);
    if (width == 0 || height == 0) return 0;
    uint64_t rows = 0;
    for (int j = 0; j < height; ++j) {
        const int y = (cmd.y + j) & kYMask;
        if (!cmd.drawsRow(y)) continue; // interlaced: the displayed field's rows stay
        ++rows;
        uint16_t* row = vram_ + y * kVramWidth;
        int x = cmd.x & kXMask;
        int left = width;
        while (left > 0) {
            const int run = std::min(left, kVramWidth - x);
            std::fill_n(row + x, run, cmd.color);
            left -= run;
            x = 0;
        }
    }
    return static_cast<uint64_t>(width) * rows;
}

uint64_t Rasterizer::copy(const CopyCmd& cmd) {
    // The hardware moves the rectangle row by row from the top; each source row is read before
    // the destination row is written, so a horizontal overlap copies the original row while a
    // destination below an overlapping source sees rows already copied.
    const int width = std::clamp<int>(cmd.width, 0, kVramWidth);
    const int height = std::clamp<int>(cmd.height, 0, kVramHeight);
    if (width == 0 || height == 0) return 0;
    uint16_t line[kVramWidth];
    for (int j = 0; j < height; ++j) {
        const uint16_t* srcRow = vram_ + ((cmd.srcY + j) & kYMask) * kVramWidth;
        for (int i = 0; i < width; ++i)
            line[i] = srcRow[(cmd.srcX + i) & kXMask];
        writeRow(vram_, cmd.dstX, cmd.dstY + j, line, width, cmd.setMask, cmd.checkMask);
    }
    return static_cast<uint64_t>(width) * height;
}

uint64_t Rasterizer::upload(const UploadCmd& cmd, const uint16_t* pixels) {
    const int width = std::clamp<int>(cmd.width, 0, kVramWidth);
    const int height = std::clamp<int>(cmd.height, 0, kVramHeight);
    if (width == 0 || height == 0 || pixels == nullptr) return 0;
    for (int j = 0; j < height; ++j) {
        writeRow(vram_, cmd.x, cmd.y + j, pixels + static_cast<size_t>(j) * cmd.width, width,
                 cmd.setMask, cmd.checkMask);
    }
    return static_cast<uint64_t>(width) * height;
}

} // namespace gpu
