// Lines ("GPU Render Line Commands"): flat or gouraud, opaque or semi-transparent, dithered
// whenever E1h enables dithering (mono lines too). Both end points are drawn ("displayed up to
// <including> their lower-right coordinates"); a line whose two vertices coincide draws one
// pixel in the first vertex's colour, as a 1x1 rectangle (so without dithering). Lines longer
// than 1023 horizontally or 511 vertically are not drawn ("Size Restriction").
//
// psx-spx gives no stepping rule; the one below is the fixed-point walk of the accurate peers
// (Mednafen's and DuckStation's software line drawing, which pass the hardware line tests):
// - the line is walked from its left vertex (the vertices swap when the first lies right of
//   the second; a vertical line keeps its order), k = max(|dx|, |dy|) steps, k + 1 pixels;
// - X and Y are 32.32 fixed point. The per-step slope is delta / k rounded away from zero
//   (delta * 2^32 +- (k - 1), then divided by k truncating); each coordinate starts at the
//   vertex plus one half, minus 1024/2^32 for X always and for Y when Y steps upwards: a
//   minor X exactly between two pixels takes the left one, a minor Y the one on the side of
//   the end vertex;
// - the pixel is the integer part, taken as 11 bits (coordinates wrap like the GPU's 11-bit
//   vertex registers; anything outside the drawing area is skipped);
// - gouraud colour channels are 8.12 fixed point: start at the first vertex's value plus one
//   half, step by (c1 - c0) * 4096 / k truncated towards zero; the colour is the integer part.
#include <algorithm>
#include <cstdlib>

#include "gpu/rasterizer.h"
#include "gpu/rasterizer_pixel.h"

namespace gpu {

namespace {
using namespace raster;

constexpr int kXYFraction = 32;
constexpr int kColorFraction = 12;

// Per-step X/Y increment: delta / k in 32.32, rounded away from zero.
inline int64_t coordinateStep(int64_t delta, int64_t k) {
    int64_t n = static_cast<int64_t>(static_cast<uint64_t>(delta) << kXYFraction);
    if (n < 0) n -= k - 1;
    if (n > 0) n += k - 1;
    return n / k;
}

// Start value of a coordinate: the vertex plus one half, in 32.32 (as unsigned: the walk wraps).
inline uint64_t coordinateStart(int32_t v) {
    return (static_cast<uint64_t>(static_cast<int64_t>(v)) << kXYFraction) |
           (uint64_t{1} << (kXYFraction - 1));
}

inline int32_t colorStart(uint8_t c) {
    return (int32_t{c} << kColorFraction) | (1 << (kColorFraction - 1));
}

template <int Semi, bool Gouraud>
uint64_t rasterize(uint16_t* vram, const LineCmd& cmd, const Area& area) {
    const Vertex* a = &cmd.v[0];
    const Vertex* b = &cmd.v[1];
    const int32_t k = std::max(std::abs(b->x - a->x), std::abs(b->y - a->y));
    if (k != 0 && a->x > b->x) std::swap(a, b);
    // Coincident vertices draw "a 1x1 rectangle", and rectangles are never dithered.
    const bool dither = ditherEnabled(cmd.state.texpage) && k != 0;
    const uint16_t forcedMask = cmd.state.setMask ? 0x8000 : 0;
    // Interlaced drawing leaves the rows of the displayed field alone; 2 matches no row.
    const int skipParity = cmd.state.interlaced ? cmd.state.skipRowParity : 2;

    int64_t stepX = 0, stepY = 0;
    int32_t stepR = 0, stepG = 0, stepB = 0;
    if (k != 0) {
        stepX = coordinateStep(b->x - a->x, k);
        stepY = coordinateStep(b->y - a->y, k);
        if constexpr (Gouraud) {
            stepR = ((b->r - a->r) * (1 << kColorFraction)) / k;
            stepG = ((b->g - a->g) * (1 << kColorFraction)) / k;
            stepB = ((b->b - a->b) * (1 << kColorFraction)) / k;
        }
    }
    uint64_t x = coordinateStart(a->x) - 1024;
    uint64_t y = coordinateStart(a->y) - (stepY < 0 ? 1024 : 0);
    int32_t r = colorStart(a->r), g = colorStart(a->g), bl = colorStart(a->b);

    for (int32_t i = 0; i <= k; ++i) {
        const int px = static_cast<int>(x >> kXYFraction) & 2047;
        const int py = static_cast<int>(y >> kXYFraction) & 2047;
        if (px >= area.left && px <= area.right && py >= area.top && py <= area.bottom &&
            (py & 1) != skipParity) {
            uint16_t* p = vram + py * kVramWidth + px;
            if (!(cmd.state.checkMask && (*p & 0x8000))) {
                const uint8_t* lut = ditherRow(dither, py)[px & 3];
                uint16_t color;
                if constexpr (Gouraud)
                    color =
                        shade(r >> kColorFraction, g >> kColorFraction, bl >> kColorFraction, lut);
                else
                    color = shade(a->r, a->g, a->b, lut);
                writePixel<Semi>(p, color, true, forcedMask);
            }
        }
        x += static_cast<uint64_t>(stepX);
        y += static_cast<uint64_t>(stepY);
        if constexpr (Gouraud) {
            r += stepR;
            g += stepG;
            bl += stepB;
        }
    }
    return static_cast<uint64_t>(k) + 1;
}

template <int Semi> uint64_t pickShading(uint16_t* vram, const LineCmd& cmd, const Area& area) {
    return (cmd.flags & kGouraud) ? rasterize<Semi, true>(vram, cmd, area)
                                  : rasterize<Semi, false>(vram, cmd, area);
}
} // namespace

uint64_t Rasterizer::drawLine(const LineCmd& cmd) {
    // "Size Restriction": lines longer than 1023 horizontally or 511 vertically are not drawn.
    if (std::abs(int64_t{cmd.v[1].x} - cmd.v[0].x) > 1023 ||
        std::abs(int64_t{cmd.v[1].y} - cmd.v[0].y) > 511) {
        return 0;
    }
    const Area area = clampedArea(cmd.state);
    if (area.empty()) return 0;
    const int semi = (cmd.flags & kSemiTransparent) ? semiMode(cmd.state.texpage) : kOpaque;
    switch (semi) {
    case 0: return pickShading<0>(vram_, cmd, area);
    case 1: return pickShading<1>(vram_, cmd, area);
    case 2: return pickShading<2>(vram_, cmd, area);
    case 3: return pickShading<3>(vram_, cmd, area);
    default: return pickShading<kOpaque>(vram_, cmd, area);
    }
}

} // namespace gpu
