// Triangles: flat, gouraud, textured (4/8/15-bit), raw or modulated, opaque or
// semi-transparent ("GPU Render Polygon Commands").
//
// The setup (rasterizer_setup.h) gives, per part of the triangle, the two span bounds of each
// row and the attribute gradients; this file walks the rows in the hardware's order and draws
// each span. A span covers [floor(left), floor(right)) clipped to the drawing area; its first
// pixel's colour and texture coordinates are evaluated from the plane (start + dx*x + dy*y,
// 32-bit wrapping), then stepped by dx per pixel, so every pixel's value depends only on its
// position, never on the clip it was reached through.
//
// Dithering (E1h bit 9) applies to gouraud-shaded and to modulated textured triangles
// ("24bit RGB to 15bit RGB Dithering"). Interlaced drawing (DrawState::interlaced) skips whole
// rows; the rows drawn are exactly the ones a non-interlaced draw gives.
#include <algorithm>
#include <cstdlib>

#include "gpu/rasterizer.h"
#include "gpu/rasterizer_pixel.h"
#include "gpu/rasterizer_setup.h"
#include "gpu/rasterizer_span.h"

namespace gpu {

namespace {
using namespace raster;

struct TriangleDraw {
    TriangleSetup geo;
    Area area;
    int skipParity; // rows with (y & 1) == skipParity are not drawn (interlace); 2: none
    bool dither;
    bool checkMask;
    uint16_t forcedMask;
    SpanKernel kernel; // the SIMD span loop (rasterizer_span.h), or null: the scalar one
    TextureSampler tex;
};

inline int attrAt(uint32_t acc) {
    return static_cast<int>(acc >> kAttrShift);
}

// Draws row `y`'s span [floor(left), floor(right)) (bounds relative to originX). Returns the
// pixels considered.
template <bool Textured, bool Raw, bool Gouraud, int Semi, int Depth, Pass P>
uint64_t span(uint16_t* vram, const TriangleDraw& s, int y, int64_t left, int64_t right) {
    if ((y & 1) == s.skipParity) return 0;
    const int64_t xStart = std::max<int64_t>(s.geo.originX + (left >> 32), s.area.left);
    const int64_t xBound = std::min<int64_t>(s.geo.originX + (right >> 32), s.area.right + 1);
    if (xBound <= xStart) return 0;
    const int xFirst = static_cast<int>(xStart);
    const int xEnd = static_cast<int>(xBound);

    const TriangleSetup& g = s.geo;
    uint32_t a[kAttrCount];
    for (int i = 0; i < kAttrCount; ++i) {
        a[i] = g.start[i] + g.dx[i] * static_cast<uint32_t>(xFirst) +
               g.dy[i] * static_cast<uint32_t>(y);
    }
    const DitherRow lut = ditherRow(s.dither, y);
    uint16_t* row = vram + y * kVramWidth;
    int r = attrAt(a[kAttrR]), gr = attrAt(a[kAttrG]), b = attrAt(a[kAttrB]);

    for (int x = xFirst; x < xEnd; ++x) {
        uint16_t* p = row + x;
        if constexpr (Gouraud) {
            r = attrAt(a[kAttrR]);
            gr = attrAt(a[kAttrG]);
            b = attrAt(a[kAttrB]);
            a[kAttrR] += g.dx[kAttrR];
            a[kAttrG] += g.dx[kAttrG];
            a[kAttrB] += g.dx[kAttrB];
        }
        uint32_t u = 0, v = 0;
        if constexpr (Textured) {
            u = a[kAttrU] >> kAttrShift;
            v = a[kAttrV] >> kAttrShift;
            a[kAttrU] += g.dx[kAttrU];
            a[kAttrV] += g.dx[kAttrV];
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
                color = modulate(texel, r, gr, b, lut[x & 3]);
            writePixel<Semi>(p, color, texel & 0x8000,
                             static_cast<uint16_t>(s.forcedMask | (texel & 0x8000)));
        } else {
            writePixel<Semi>(p, shade(r, gr, b, lut[x & 3]), true, s.forcedMask);
        }
    }
    return static_cast<uint64_t>(xEnd - xFirst);
}

// Walks the two parts in the setup's order and direction, calling drawSpan(y, left, right) for
// each row inside the drawing area; rows outside it are stepped over (the bounds still advance).
template <class SpanFn> inline uint64_t walkRows(const TriangleDraw& s, SpanFn drawSpan) {
    uint64_t pixels = 0;
    for (const TrianglePart& part : s.geo.parts) {
        int64_t left = part.bound[0], right = part.bound[1];
        if (part.upward) {
            for (int y = part.yStart; y > part.yEnd;) {
                --y;
                left -= part.step[0];
                right -= part.step[1];
                if (y < s.area.top) break;
                if (y > s.area.bottom) continue;
                pixels += drawSpan(y, left, right);
            }
        } else {
            for (int y = part.yStart; y < part.yEnd;
                 ++y, left += part.step[0], right += part.step[1]) {
                if (y > s.area.bottom) break;
                if (y < s.area.top) continue;
                pixels += drawSpan(y, left, right);
            }
        }
    }
    return pixels;
}

template <bool Textured, bool Raw, bool Gouraud, int Semi, int Depth, Pass P>
uint64_t rasterize(uint16_t* vram, const TriangleDraw& s) {
    return walkRows(s, [&](int y, int64_t left, int64_t right) {
        return span<Textured, Raw, Gouraud, Semi, Depth, P>(vram, s, y, left, right);
    });
}

// The same rows and spans through s.kernel (several pixels at a time); the span's first pixel
// gets the accumulators span() starts with.
uint64_t rasterizeSimd(uint16_t* vram, const TriangleDraw& s) {
    return walkRows(s, [&](int y, int64_t left, int64_t right) -> uint64_t {
        if ((y & 1) == s.skipParity) return 0;
        const int64_t xStart = std::max<int64_t>(s.geo.originX + (left >> 32), s.area.left);
        const int64_t xBound = std::min<int64_t>(s.geo.originX + (right >> 32), s.area.right + 1);
        if (xBound <= xStart) return 0;
        SpanArgs a;
        a.x = static_cast<int>(xStart);
        a.y = y;
        a.count = static_cast<int>(xBound - xStart);
        a.dst = vram + y * kVramWidth + a.x;
        a.dither = s.dither;
        a.checkMask = s.checkMask;
        a.forcedMask = s.forcedMask;
        a.tex = &s.tex;
        for (int i = 0; i < kAttrCount; ++i) {
            a.acc[i] = s.geo.start[i] + s.geo.dx[i] * static_cast<uint32_t>(a.x) +
                       s.geo.dy[i] * static_cast<uint32_t>(y);
            a.step[i] = s.geo.dx[i];
        }
        s.kernel(a);
        return static_cast<uint64_t>(a.count);
    });
}

using RasterFn = uint64_t (*)(uint16_t*, const TriangleDraw&);

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

} // namespace

uint64_t Rasterizer::drawTriangle(const TriangleCmd& cmd, const uint16_t* palette) {
    return triangle(vram_, cmd, palette, passOf(cmd.flags, cmd.state), &cache_);
}

uint64_t Rasterizer::triangle(uint16_t* vram, const TriangleCmd& cmd, const uint16_t* palette,
                              Pass pass, TextureCache* cache) {
    TriangleDraw s;
    s.area = clampedArea(cmd.state);
    if (s.area.empty()) return 0;
    // A triangle that misses VRAM's drawing area draws nothing; checking first keeps every
    // coordinate the setup sees near VRAM (the size limits bound the rest).
    const int64_t xMin = std::min({int64_t{cmd.v[0].x}, int64_t{cmd.v[1].x}, int64_t{cmd.v[2].x}});
    const int64_t xMax = std::max({int64_t{cmd.v[0].x}, int64_t{cmd.v[1].x}, int64_t{cmd.v[2].x}});
    const int64_t yMin = std::min({int64_t{cmd.v[0].y}, int64_t{cmd.v[1].y}, int64_t{cmd.v[2].y}});
    const int64_t yMax = std::max({int64_t{cmd.v[0].y}, int64_t{cmd.v[1].y}, int64_t{cmd.v[2].y}});
    if (xMax - xMin >= 1024 || yMax - yMin >= 512) return 0; // "Vertex" size limits
    if (xMax < s.area.left || xMin > s.area.right || yMax < s.area.top || yMin > s.area.bottom)
        return 0;

    const bool textured = cmd.flags & kTextured;
    const bool raw = cmd.flags & kRawTexture;
    const bool gouraud = cmd.flags & kGouraud;
    Vertex v[3] = {cmd.v[0], cmd.v[1], cmd.v[2]};
    if (!gouraud) { // flat shading: the first vertex's colour everywhere
        for (Vertex& p : v) {
            p.r = cmd.v[0].r;
            p.g = cmd.v[0].g;
            p.b = cmd.v[0].b;
        }
    }
    if (!setupTriangle(v, s.geo)) return 0;

    const int depth = textureDepth(cmd.state.texpage);
    s.dither = ditherEnabled(cmd.state.texpage) && (textured ? !raw : gouraud);
    s.checkMask = cmd.state.checkMask;
    s.forcedMask = cmd.state.setMask ? 0x8000 : 0;
    s.skipParity = cmd.state.interlaced ? cmd.state.skipRowParity : 2;
    if (textured) s.tex.init(vram, cmd.state, cmd.clut, depth, palette, pass, cache);
    const int semi = (cmd.flags & kSemiTransparent) ? semiMode(cmd.state.texpage) : kOpaque;
    s.kernel = pickSpanKernel(rasterizerIsa(), textured, raw, gouraud, semi, depth, pass);
    if (s.kernel) return rasterizeSimd(vram, s);
    return pickRasterizer(textured, raw, gouraud, semi, depth, pass)(vram, s);
}

} // namespace gpu
