// Lines ("GPU Render Line Commands"): flat or gouraud, opaque or semi-transparent, dithered
// whenever E1h enables dithering (mono lines too). Both end points are drawn ("displayed up to
// <including> their lower-right coordinates"); a line whose two vertices coincide draws one
// pixel in the first vertex's colour, as a 1x1 rectangle (so without dithering).
//
// The line steps one pixel at a time along its major axis (max(|dx|, |dy|) + 1 pixels). The
// minor coordinate and the gouraud colour of step i are the linear values at i / steps,
// rounded to the nearest integer (halves upwards), computed exactly from integers so the
// last step lands on the second vertex with its colour.
#include <algorithm>
#include <cstdlib>

#include "gpu/rasterizer.h"
#include "gpu/rasterizer_pixel.h"

namespace gpu {

namespace {
using namespace raster;

// Value at step i of `steps` between a and a + delta, rounded half up.
inline int64_t lerpStep(int64_t a, int64_t delta, int64_t i, int64_t steps) {
    return a + floorDiv(2 * i * delta + steps, 2 * steps);
}

template <int Semi>
uint64_t rasterize(uint16_t* vram, const LineCmd& cmd, bool gouraud, const Area& area) {
    const Vertex& a = cmd.v[0];
    const Vertex& b = cmd.v[1];
    const int64_t dx = int64_t{b.x} - a.x, dy = int64_t{b.y} - a.y;
    const int64_t steps = std::max(std::abs(dx), std::abs(dy));
    // Coincident vertices draw "a 1x1 rectangle", and rectangles are never dithered.
    const bool dither = ditherEnabled(cmd.state.texpage) && steps != 0;
    const uint16_t forcedMask = cmd.state.setMask ? 0x8000 : 0;
    // Interlaced drawing leaves the rows of the displayed field alone; 2 matches no row.
    const int64_t skipParity = cmd.state.interlaced ? cmd.state.skipRowParity : 2;
    const int dr = gouraud ? b.r - a.r : 0, dg = gouraud ? b.g - a.g : 0,
              db = gouraud ? b.b - a.b : 0;
    for (int64_t i = 0; i <= steps; ++i) {
        int64_t x = a.x, y = a.y;
        int r = a.r, g = a.g, bl = a.b;
        if (steps != 0) {
            x = lerpStep(a.x, dx, i, steps);
            y = lerpStep(a.y, dy, i, steps);
            if (gouraud) {
                r = static_cast<int>(lerpStep(a.r, dr, i, steps));
                g = static_cast<int>(lerpStep(a.g, dg, i, steps));
                bl = static_cast<int>(lerpStep(a.b, db, i, steps));
            }
        }
        if (x < area.left || x > area.right || y < area.top || y > area.bottom ||
            (y & 1) == skipParity)
            continue;
        uint16_t* p = vram + y * kVramWidth + x;
        if (cmd.state.checkMask && (*p & 0x8000)) continue;
        const uint16_t color = shade(r, g, bl, ditherRow(dither, static_cast<int>(y))[x & 3]);
        writePixel<Semi>(p, color, true, forcedMask);
    }
    return static_cast<uint64_t>(steps + 1);
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
    const bool gouraud = cmd.flags & kGouraud;
    const int semi = (cmd.flags & kSemiTransparent) ? semiMode(cmd.state.texpage) : kOpaque;
    switch (semi) {
    case 0: return rasterize<0>(vram_, cmd, gouraud, area);
    case 1: return rasterize<1>(vram_, cmd, gouraud, area);
    case 2: return rasterize<2>(vram_, cmd, gouraud, area);
    case 3: return rasterize<3>(vram_, cmd, gouraud, area);
    default: return rasterize<kOpaque>(vram_, cmd, gouraud, area);
    }
}

} // namespace gpu
