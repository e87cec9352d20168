#pragma once
// Private to the rasterizer: the fixed-point setup of one triangle, as the GPU computes it
// before drawing: which rows it covers, where each row's span starts and ends, and the
// per-pixel gradients of its colour and texture coordinates.
//
// psx-spx ("GPU Render Polygon Commands", "Vertex") gives the size limits and that polygons
// exclude their lower-right edges; it is silent on the arithmetic. The rules below are the
// ones the accurate emulators (which pass the hardware test suites) agree on:
//
// - Vertices are sorted by Y (a stable three-step sort). The top part of the triangle runs
//   from the top vertex to the middle one, the bottom part from the middle to the bottom one.
//   Each part is walked row by row with two bounds in 32.32 fixed point: the long edge
//   (top -> bottom) on one side, the short edge of that part on the other.
// - A bound starts at a vertex as x + 1 - 2^-21 and steps per row by dx/dy rounded away from
//   zero; a row's span is [floor(left), floor(right)). For any row this equals the exact rule
//   "left edge <= x < right edge", rows "top <= y < bottom".
// - Colour and texture coordinates are anchored at the "core" vertex: the leftmost one, ties
//   resolved from the command order (coreVertex()). Gradients are the plane's exact slopes
//   (cross products of the three vertices), multiplied by 4096, divided by the triangle's
//   doubled area truncating toward zero, and kept with 24 fraction bits (so 12 of them
//   significant). The value at the core vertex gets a rounding bias of +0.5. A pixel's value is
//   bits 24-31 of (start + dx*(x - core.x) + dy*(y - core.y)) in 32-bit arithmetic that wraps.
// - When the core vertex is not the top one, the parts are walked bottom-up: the part below the
//   middle vertex downwards then the top part upwards (core = middle vertex), or both upwards
//   (core = bottom vertex). The pixels are the same; the order shows in the texture cache.
// - The peers take a span's start X as an 11-bit signed value. Decoded vertices lie in
//   -2048..2046 (11-bit coordinate plus 11-bit offset), so every span starts inside that range
//   and the wrap never shows; it is not modelled.
#include <cstdint>

#include "gpu/commands.h"

namespace gpu::raster {

enum TriangleAttr { kAttrR, kAttrG, kAttrB, kAttrU, kAttrV, kAttrCount };

// Attribute accumulators: 8 integer bits above 24 fraction bits, wrapping at 32 bits.
constexpr int kAttrShift = 24;

// One part of a triangle (rows between two vertices' Y).
struct TrianglePart {
    int64_t bound[2]; // [0] left, [1] right: 32.32 fixed point, relative to TriangleSetup::originX
    int64_t step[2];  // added per row downwards
    int32_t yStart;   // the row walking starts from (a vertex's Y)
    int32_t yEnd;     // the vertex's Y walking stops at (that row is not part of this part)
    bool upward;      // walks yStart-1 down to yEnd (stepping first), else yStart .. yEnd-1
};

struct TriangleSetup {
    int64_t originX; // X of the top vertex; span bounds are relative to it
    TrianglePart parts[2];
    // value(x, y) = (start + dx*x + dy*y) >> kAttrShift, all uint32 (x, y absolute).
    uint32_t start[kAttrCount];
    uint32_t dx[kAttrCount];
    uint32_t dy[kAttrCount];
};

// The vertex the attributes are anchored at, from the vertices in command order: the one with
// the least X; among equals the later of v0/v1, then of v1/v2, but v0 over v2.
inline int coreVertex(const Vertex (&v)[3]) {
    if (v[1].x <= v[0].x) return v[2].x <= v[1].x ? 2 : 1;
    return v[2].x < v[0].x ? 2 : 0;
}

// Fills `out` for the triangle `v` (command order). Flat shading: every vertex carries the
// colour to use (the caller copies vertex 0's). Returns false when nothing is drawn: zero area
// or zero height, or over the size limits (a vertex distance of 1024 or more horizontally, 512
// or more vertically). Coordinates must lie within +-2^24 (the caller rejects triangles that
// miss VRAM first); hardware ones are 11-bit plus the 11-bit drawing offset.
bool setupTriangle(const Vertex (&v)[3], TriangleSetup& out);

} // namespace gpu::raster
