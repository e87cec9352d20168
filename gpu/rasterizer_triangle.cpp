// Triangles: flat, gouraud, textured (4/8/15-bit), raw or modulated, opaque or
// semi-transparent ("GPU Render Polygon Commands").
//
// Coverage: a pixel is sampled at its integer coordinate; it is drawn when it lies strictly
// inside all three edges, or exactly on a top or left edge. This makes polygons exclude their
// right and bottom edges ("displayed up to <excluding> their lower-right coordinates") and
// makes the two triangles of a quad meet without gaps or double-drawn pixels.
//
// Attributes (colour, texture coordinates) are linear in screen space ("GPU (MISC)":
// the GPU only interpolates linearly). Each one is a plane a(x,y) = a0 + dadx*x + dady*y
// through the three vertices, held in fixed point with kFrac fraction bits and rounded to the
// nearest integer per pixel. The gradient is computed once per triangle, so every pixel's
// value depends only on its position, never on the span or clip it was reached through.
//
// Interlaced drawing (DrawState::interlaced) skips whole rows; the rows drawn are exactly the
// ones a non-interlaced draw gives.
#include <algorithm>
#include <cstdlib>

#include "gpu/rasterizer.h"
#include "gpu/rasterizer_pixel.h"

namespace gpu {

namespace {
using namespace raster;

constexpr int kFrac = 24;
constexpr int64_t kHalf = int64_t{1} << (kFrac - 1);

enum Attr { kR, kG, kB, kU, kV, kAttrCount };

struct Edge {
    int64_t a, b, c; // E(x, y) = a*x + b*y + c, relative to vertex 0; inside when E >= threshold
    int64_t threshold;
};

struct TriangleSetup {
    int64_t originX, originY; // vertex 0, absolute
    Edge edges[3];
    int yFirst, yLast; // absolute, inclusive, inside the drawing area
    Area area;
    int64_t start[kAttrCount]; // value at vertex 0, fixed point, rounding bias included
    int64_t dx[kAttrCount], dy[kAttrCount];
    int skipParity; // rows with (y & 1) == skipParity are not drawn (interlace); 2: none
    bool dither;
    bool checkMask;
    uint16_t forcedMask;
    TextureSampler tex;
};

// Walks one edge down the rows without dividing per row. An edge with a > 0 bounds the span on
// the left (x >= ceil(t / a)), one with a < 0 on the right (x <= floor(-t / -a)), where
// t = threshold - b*ry - c changes by -b per row. The bound is kept as quotient + remainder
// and stepped exactly, so it equals the per-row division.
struct EdgeWalker {
    int kind;        // +1: left bound, -1: right bound, 0: horizontal (whole row in or out)
    int64_t bound;   // current quotient (x relative to vertex 0), or t for horizontal edges
    int64_t rem;     // 0 <= rem < divisor
    int64_t divisor; // |a|
    int64_t stepQuot, stepRem, stepT;

    void init(const Edge& e, int64_t ry) {
        const int64_t t = e.threshold - e.b * ry - e.c;
        if (e.a > 0) {
            kind = 1;
            divisor = e.a;
            bound = ceilDiv(t, e.a);
            rem = bound * e.a - t;
            stepQuot = floorDiv(e.b, e.a); // t' = t - b
            stepRem = e.b - stepQuot * e.a;
        } else if (e.a < 0) {
            kind = -1;
            divisor = -e.a;
            bound = floorDiv(-t, divisor);
            rem = -t - bound * divisor;
            stepQuot = floorDiv(e.b, divisor); // -t' = -t + b
            stepRem = e.b - stepQuot * divisor;
        } else {
            kind = 0;
            bound = t;
            stepT = -e.b;
        }
    }
    void step() {
        if (kind == 0) {
            bound += stepT;
            return;
        }
        rem += stepRem;
        const bool carry = rem >= divisor;
        if (carry) rem -= divisor;
        bound += kind > 0 ? -stepQuot - carry : stepQuot + carry;
    }
    // Narrows [lo, hi]; false when the edge rejects the whole row.
    bool clip(int64_t& lo, int64_t& hi) const {
        if (kind > 0)
            lo = std::max(lo, bound);
        else if (kind < 0)
            hi = std::min(hi, bound);
        else
            return bound <= 0;
        return true;
    }
};

// Every drawn pixel lies inside the closed triangle, so its exact value is a convex combination
// of the vertex values (0..255) and the rounded fixed-point value stays in range (the gradient
// error over 2047 pixels is far below half a step). The mask only keeps table lookups in bounds.
inline int colorAt(int64_t fixed) {
    return static_cast<int>(fixed >> kFrac) & 0xFF;
}

template <bool Textured, bool Raw, bool Gouraud, int Semi, int Depth, Pass P>
uint64_t rasterize(uint16_t* vram, const TriangleSetup& s) {
    uint64_t pixels = 0;
    EdgeWalker edges[3];
    for (int i = 0; i < 3; ++i)
        edges[i].init(s.edges[i], s.yFirst - s.originY);
    for (int y = s.yFirst; y <= s.yLast; ++y) {
        const int64_t ry = y - s.originY;
        int64_t lo = s.area.left - s.originX;
        int64_t hi = s.area.right - s.originX;
        bool inside = true;
        for (EdgeWalker& e : edges) {
            inside &= e.clip(lo, hi);
            e.step();
        }
        // Interlaced drawing: one compare per row, after the edges have stepped past it.
        if (!inside || lo > hi || (y & 1) == s.skipParity) continue;
        pixels += static_cast<uint64_t>(hi - lo + 1);

        int64_t a[kAttrCount];
        for (int i = 0; i < kAttrCount; ++i)
            a[i] = s.start[i] + s.dx[i] * lo + s.dy[i] * ry;
        const DitherRow lut = ditherRow(s.dither, y);
        uint16_t* row = vram + y * kVramWidth;
        const int xFirst = static_cast<int>(s.originX + lo);
        const int xLast = static_cast<int>(s.originX + hi);
        int r = colorAt(a[kR]), g = colorAt(a[kG]), b = colorAt(a[kB]);

        for (int x = xFirst; x <= xLast; ++x) {
            uint16_t* p = row + x;
            if constexpr (Gouraud) {
                r = colorAt(a[kR]);
                g = colorAt(a[kG]);
                b = colorAt(a[kB]);
                a[kR] += s.dx[kR];
                a[kG] += s.dx[kG];
                a[kB] += s.dx[kB];
            }
            uint32_t u = 0, v = 0;
            if constexpr (Textured) {
                u = static_cast<uint32_t>(a[kU] >> kFrac) & 0xFF;
                v = static_cast<uint32_t>(a[kV] >> kFrac) & 0xFF;
                a[kU] += s.dx[kU];
                a[kV] += s.dx[kV];
            }
            if constexpr (P == Pass::Touch) {
                s.tex.fetch<Depth, P>(u, v);
                continue;
            }
            uint16_t texel = 0;
            if constexpr (P == Pass::Cached) texel = s.tex.fetch<Depth, P>(u, v);
            if (s.checkMask && (*p & 0x8000)) continue;
            if constexpr (Textured) {
                if constexpr (P == Pass::Plain) texel = s.tex.fetch<Depth, P>(u, v);
                if (texel == 0) continue; // fully transparent
                uint16_t color;
                if constexpr (Raw)
                    color = texel & 0x7FFF;
                else
                    color = modulate(texel, r, g, b, lut[x & 3]);
                writePixel<Semi>(p, color, texel & 0x8000,
                                 static_cast<uint16_t>(s.forcedMask | (texel & 0x8000)));
            } else {
                writePixel<Semi>(p, shade(r, g, b, lut[x & 3]), true, s.forcedMask);
            }
        }
    }
    return pixels;
}

using RasterFn = uint64_t (*)(uint16_t*, const TriangleSetup&);

template <bool Raw, bool Gouraud, int Semi, Pass P> RasterFn pickTexturedDepth(int depth) {
    switch (depth) {
    case 0: return &rasterize<true, Raw, Gouraud, Semi, 0, P>;
    case 1: return &rasterize<true, Raw, Gouraud, Semi, 1, P>;
    default: return &rasterize<true, Raw, Gouraud, Semi, 2, P>;
    }
}

template <bool Textured, bool Raw, bool Gouraud, int Semi>
RasterFn pickDepth(int depth, Pass pass) {
    if constexpr (!Textured) {
        return &rasterize<false, false, Gouraud, Semi, 0, Pass::Plain>;
    } else {
        return pass == Pass::Cached ? pickTexturedDepth<Raw, Gouraud, Semi, Pass::Cached>(depth)
                                    : pickTexturedDepth<Raw, Gouraud, Semi, Pass::Plain>(depth);
    }
}

template <bool Textured, bool Raw, bool Gouraud> RasterFn pickSemi(int semi, int depth, Pass pass) {
    switch (semi) {
    case 0: return pickDepth<Textured, Raw, Gouraud, 0>(depth, pass);
    case 1: return pickDepth<Textured, Raw, Gouraud, 1>(depth, pass);
    case 2: return pickDepth<Textured, Raw, Gouraud, 2>(depth, pass);
    case 3: return pickDepth<Textured, Raw, Gouraud, 3>(depth, pass);
    default: return pickDepth<Textured, Raw, Gouraud, kOpaque>(depth, pass);
    }
}

RasterFn pickRasterizer(bool textured, bool raw, bool gouraud, int semi, int depth, Pass pass) {
    if (!textured) {
        return gouraud ? pickSemi<false, false, true>(semi, depth, pass)
                       : pickSemi<false, false, false>(semi, depth, pass);
    }
    if (pass == Pass::Touch) // only the texture coordinates matter
        return pickTexturedDepth<true, false, kOpaque, Pass::Touch>(depth);
    // Raw textures ignore the vertex colours, so gouraud shading changes nothing.
    if (raw) return pickSemi<true, true, false>(semi, depth, pass);
    return gouraud ? pickSemi<true, false, true>(semi, depth, pass)
                   : pickSemi<true, false, false>(semi, depth, pass);
}

int64_t roundedDiv(int64_t n, int64_t d) { // d > 0, rounds halves away from zero
    return n >= 0 ? (n + d / 2) / d : -((-n + d / 2) / d);
}
} // namespace

uint64_t Rasterizer::drawTriangle(const TriangleCmd& cmd, const uint16_t* palette) {
    return triangle(vram_, cmd, palette, passOf(cmd.flags, cmd.state), &cache_);
}

uint64_t Rasterizer::triangle(uint16_t* vram, const TriangleCmd& cmd, const uint16_t* palette,
                              Pass pass, TextureCache* cache) {
    const Vertex* v[3] = {&cmd.v[0], &cmd.v[1], &cmd.v[2]};
    // "Size Restriction": polygons wider than 1023 or taller than 511 are not rendered.
    for (int i = 0; i < 3; ++i) {
        const Vertex& p = *v[i];
        const Vertex& q = *v[(i + 1) % 3];
        if (std::abs(int64_t{p.x} - q.x) > 1023 || std::abs(int64_t{p.y} - q.y) > 511) return 0;
    }
    int64_t d1x = int64_t{v[1]->x} - v[0]->x, d1y = int64_t{v[1]->y} - v[0]->y;
    int64_t d2x = int64_t{v[2]->x} - v[0]->x, d2y = int64_t{v[2]->y} - v[0]->y;
    int64_t area2 = d1x * d2y - d2x * d1y;
    if (area2 == 0) return 0;
    if (area2 < 0) { // make the winding positive so "inside" is E > 0 for every edge
        std::swap(v[1], v[2]);
        std::swap(d1x, d2x);
        std::swap(d1y, d2y);
        area2 = -area2;
    }

    TriangleSetup s;
    s.area = clampedArea(cmd.state);
    if (s.area.empty()) return 0;
    s.originX = v[0]->x;
    s.originY = v[0]->y;
    const int64_t px[3] = {0, d1x, d2x};
    const int64_t py[3] = {0, d1y, d2y};
    for (int i = 0; i < 3; ++i) {
        const int j = (i + 1) % 3;
        const int64_t ex = px[j] - px[i], ey = py[j] - py[i];
        // E(x,y) = ex*(y - py) - ey*(x - px): positive inside. An edge is "left" when the
        // inside is towards +x (ey < 0) and "top" when horizontal with the inside below.
        const bool topLeft = ey < 0 || (ey == 0 && ex > 0);
        s.edges[i] = {-ey, ex, ey * px[i] - ex * py[i], topLeft ? 0 : 1};
    }
    const int64_t yMin = s.originY + std::min({int64_t{0}, d1y, d2y});
    const int64_t yMax = s.originY + std::max({int64_t{0}, d1y, d2y});
    s.yFirst = static_cast<int>(std::max<int64_t>(yMin, s.area.top));
    s.yLast = static_cast<int>(std::min<int64_t>(yMax, s.area.bottom));
    if (s.yFirst > s.yLast) return 0;
    const int64_t xMin = s.originX + std::min({int64_t{0}, d1x, d2x});
    const int64_t xMax = s.originX + std::max({int64_t{0}, d1x, d2x});
    if (xMax < s.area.left || xMin > s.area.right) return 0;

    const bool textured = cmd.flags & kTextured;
    const bool raw = cmd.flags & kRawTexture;
    const bool gouraud = cmd.flags & kGouraud;
    const int values[3][kAttrCount] = {
        {v[0]->r, v[0]->g, v[0]->b, v[0]->u, v[0]->v},
        {v[1]->r, v[1]->g, v[1]->b, v[1]->u, v[1]->v},
        {v[2]->r, v[2]->g, v[2]->b, v[2]->u, v[2]->v},
    };
    // Flat shading uses the first vertex's colour as sent (before any reordering above).
    const int flat[3] = {cmd.v[0].r, cmd.v[0].g, cmd.v[0].b};
    for (int i = 0; i < kAttrCount; ++i) {
        const bool interpolated = i >= kU || gouraud;
        if (!interpolated) {
            s.start[i] = (int64_t{flat[i]} << kFrac) + kHalf;
            s.dx[i] = s.dy[i] = 0;
            continue;
        }
        const int64_t delta1 = values[1][i] - values[0][i];
        const int64_t delta2 = values[2][i] - values[0][i];
        s.start[i] = (int64_t{values[0][i]} << kFrac) + kHalf;
        s.dx[i] = roundedDiv((delta1 * d2y - delta2 * d1y) * (int64_t{1} << kFrac), area2);
        s.dy[i] = roundedDiv((delta2 * d1x - delta1 * d2x) * (int64_t{1} << kFrac), area2);
    }

    const int depth = textureDepth(cmd.state.texpage);
    s.dither = ditherEnabled(cmd.state.texpage) && (textured ? !raw : gouraud);
    s.checkMask = cmd.state.checkMask;
    s.forcedMask = cmd.state.setMask ? 0x8000 : 0;
    s.skipParity = cmd.state.interlaced ? cmd.state.skipRowParity : 2;
    if (textured) s.tex.init(vram, cmd.state, cmd.clut, depth, palette, pass, cache);
    const int semi = (cmd.flags & kSemiTransparent) ? semiMode(cmd.state.texpage) : kOpaque;
    return pickRasterizer(textured, raw, gouraud, semi, depth, pass)(vram, s);
}

} // namespace gpu
