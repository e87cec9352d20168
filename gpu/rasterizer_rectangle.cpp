// Rectangles ("GPU Render Rectangle Commands"): axis-aligned, any size, flat colour, never
// dithered. Texture coordinates start at the command's U/V at the upper-left pixel and step by
// one per pixel, or step backwards with the E1h X/Y-flip bits ("Texture Origin and X/Y-Flip",
// honoured by the v2 GPU this console has, "GPU Versions"; X-flip starts at U OR 1); they are
// 8-bit, so sources wider than 256 repeat. Interlaced drawing (DrawState::interlaced) steps two
// rows at a time from the first row it draws; texture V still advances per row.
#include <algorithm>

#include "gpu/rasterizer.h"
#include "gpu/rasterizer_pixel.h"
#include "gpu/rasterizer_span.h"

namespace gpu {

namespace {
using namespace raster;

struct RectangleSetup {
    int xFirst, xLast, yFirst, yLast; // absolute, inclusive, clipped to the drawing area
    uint32_t uFirst, vFirst;          // texture coordinates at (xFirst, yFirst)
    int uStep, vStep;                 // +1, or -1 when flipped
    int yStep;                        // 1, or 2 when interlaced drawing skips every other row
    int r, g, b;
    bool checkMask;
    uint16_t forcedMask;
    SpanKernel kernel; // the SIMD span loop (rasterizer_span.h), or null: the scalar one
    TextureSampler tex;
};

template <bool Textured, bool Raw, int Semi, int Depth, Pass P>
uint64_t rasterize(uint16_t* vram, const RectangleSetup& s) {
    const uint8_t* lut = kColorLuts.table[kNoDitherRow][0];
    const uint16_t flatColor = shade(s.r, s.g, s.b, lut);
    uint32_t v = s.vFirst;
    const uint32_t vRowStep = static_cast<uint32_t>(s.vStep * s.yStep);
    uint64_t rows = 0;
    for (int y = s.yFirst; y <= s.yLast; y += s.yStep, v += vRowStep) {
        ++rows;
        uint16_t* row = vram + y * kVramWidth;
        if constexpr (!Textured && Semi == kOpaque) {
            if (!s.checkMask) {
                std::fill_n(row + s.xFirst, s.xLast - s.xFirst + 1,
                            static_cast<uint16_t>(flatColor | s.forcedMask));
                continue;
            }
        }
        uint32_t u = s.uFirst;
        for (int x = s.xFirst; x <= s.xLast; ++x, u += static_cast<uint32_t>(s.uStep)) {
            uint16_t* p = row + x;
            if constexpr (P == Pass::Touch) {
                s.tex.fetch<Depth, P>(u & 0xFF, v & 0xFF);
                continue;
            }
            uint16_t texel = 0;
            if constexpr (P == Pass::Cached) texel = s.tex.fetch<Depth, P>(u & 0xFF, v & 0xFF);
            if (s.checkMask && (*p & 0x8000)) continue;
            if constexpr (Textured) {
                if constexpr (P == Pass::Plain) texel = s.tex.fetch<Depth, P>(u & 0xFF, v & 0xFF);
                if (texel == 0) continue; // fully transparent
                uint16_t color;
                if constexpr (Raw)
                    color = texel & 0x7FFF;
                else
                    color = modulate(texel, s.r, s.g, s.b, lut);
                writePixel<Semi>(p, color, texel & 0x8000,
                                 static_cast<uint16_t>(s.forcedMask | (texel & 0x8000)));
            } else {
                writePixel<Semi>(p, flatColor, true, s.forcedMask);
            }
        }
    }
    return static_cast<uint64_t>(s.xLast - s.xFirst + 1) * rows;
}

// The same rows through s.kernel (several pixels at a time). The colour is constant and U
// steps by +-1 in the accumulators' integer bits, whose wrap is U's 8-bit wrap.
uint64_t rasterizeSimd(uint16_t* vram, const RectangleSetup& s, bool fillable) {
    const uint16_t flatColor = shade(s.r, s.g, s.b, kColorLuts.table[kNoDitherRow][0]);
    SpanArgs a;
    a.x = s.xFirst;
    a.count = s.xLast - s.xFirst + 1;
    a.dither = false; // rectangles are never dithered
    a.checkMask = s.checkMask;
    a.forcedMask = s.forcedMask;
    a.tex = &s.tex;
    a.acc[kAttrR] = static_cast<uint32_t>(s.r) << kAttrShift;
    a.acc[kAttrG] = static_cast<uint32_t>(s.g) << kAttrShift;
    a.acc[kAttrB] = static_cast<uint32_t>(s.b) << kAttrShift;
    a.acc[kAttrU] = s.uFirst << kAttrShift;
    for (uint32_t& step : a.step)
        step = 0;
    a.step[kAttrU] = static_cast<uint32_t>(s.uStep) << kAttrShift;
    uint32_t v = s.vFirst;
    const uint32_t vRowStep = static_cast<uint32_t>(s.vStep * s.yStep);
    uint64_t rows = 0;
    for (int y = s.yFirst; y <= s.yLast; y += s.yStep, v += vRowStep) {
        ++rows;
        a.dst = vram + y * kVramWidth + s.xFirst;
        if (fillable) {
            std::fill_n(a.dst, a.count, static_cast<uint16_t>(flatColor | s.forcedMask));
            continue;
        }
        a.y = y;
        a.acc[kAttrV] = (v & 0xFF) << kAttrShift;
        s.kernel(a);
    }
    return static_cast<uint64_t>(a.count) * rows;
}

using RasterFn = uint64_t (*)(uint16_t*, const RectangleSetup&);

template <bool Raw, int Semi, Pass P> RasterFn pickTexturedDepth(int depth) {
    switch (depth) {
    case 0: return &rasterize<true, Raw, Semi, 0, P>;
    case 1: return &rasterize<true, Raw, Semi, 1, P>;
    default: return &rasterize<true, Raw, Semi, 2, P>;
    }
}

template <bool Textured, bool Raw, int Semi> RasterFn pickDepth(int depth, Pass pass) {
    if constexpr (!Textured) {
        return &rasterize<false, false, Semi, 0, Pass::Plain>;
    } else {
        return pass == Pass::Cached ? pickTexturedDepth<Raw, Semi, Pass::Cached>(depth)
                                    : pickTexturedDepth<Raw, Semi, Pass::Plain>(depth);
    }
}

template <bool Textured, bool Raw> RasterFn pickSemi(int semi, int depth, Pass pass) {
    if constexpr (Textured) {
        if (pass == Pass::Touch) // only the texture coordinates matter
            return pickTexturedDepth<true, kOpaque, Pass::Touch>(depth);
    }
    switch (semi) {
    case 0: return pickDepth<Textured, Raw, 0>(depth, pass);
    case 1: return pickDepth<Textured, Raw, 1>(depth, pass);
    case 2: return pickDepth<Textured, Raw, 2>(depth, pass);
    case 3: return pickDepth<Textured, Raw, 3>(depth, pass);
    default: return pickDepth<Textured, Raw, kOpaque>(depth, pass);
    }
}
} // namespace

uint64_t Rasterizer::drawRectangle(const RectangleCmd& cmd, const uint16_t* palette) {
    return rectangle(vram_, cmd, palette, passOf(cmd.flags, cmd.state), &cache_);
}

uint64_t Rasterizer::rectangle(uint16_t* vram, const RectangleCmd& cmd, const uint16_t* palette,
                               Pass pass, TextureCache* cache) {
    if (cmd.width == 0 || cmd.height == 0) return 0;
    const Area area = clampedArea(cmd.state);
    const int64_t left = cmd.x, top = cmd.y;
    const int64_t right = left + cmd.width - 1, bottom = top + cmd.height - 1;
    if (area.empty() || right < area.left || left > area.right || bottom < area.top ||
        top > area.bottom) {
        return 0;
    }

    RectangleSetup s;
    s.xFirst = static_cast<int>(std::max<int64_t>(left, area.left));
    s.xLast = static_cast<int>(std::min<int64_t>(right, area.right));
    s.yFirst = static_cast<int>(std::max<int64_t>(top, area.top));
    s.yLast = static_cast<int>(std::min<int64_t>(bottom, area.bottom));
    s.uStep = cmd.state.rectFlipX ? -1 : 1;
    s.vStep = cmd.state.rectFlipY ? -1 : 1;
    // X-flip starts at U OR 1: the GPU steps U backwards from the odd texel of the start pair
    // (Mednafen's rule, the peer whose sprite flipping passes the hardware tests; psx-spx only
    // says the coordinates are "decremented"). Y-flip starts at V as given.
    const int uStart = cmd.state.rectFlipX ? (cmd.u | 1) : cmd.u;
    // Clipped-away columns/rows still advance the texture coordinates.
    s.uFirst = static_cast<uint32_t>(uStart + s.uStep * (s.xFirst - left)) & 0xFF;
    s.vFirst = static_cast<uint32_t>(cmd.v + s.vStep * (s.yFirst - top)) & 0xFF;
    s.yStep = 1;
    if (cmd.state.interlaced) {
        // Interlaced drawing: start on the first row of the field not displayed, step by 2.
        if ((s.yFirst & 1) == cmd.state.skipRowParity) {
            ++s.yFirst;
            s.vFirst = (s.vFirst + static_cast<uint32_t>(s.vStep)) & 0xFF;
        }
        s.yStep = 2;
        if (s.yFirst > s.yLast) return 0;
    }
    s.r = cmd.r;
    s.g = cmd.g;
    s.b = cmd.b;
    s.checkMask = cmd.state.checkMask;
    s.forcedMask = cmd.state.setMask ? 0x8000 : 0;

    const bool textured = cmd.flags & kTextured;
    const bool raw = cmd.flags & kRawTexture;
    const int depth = textureDepth(cmd.state.texpage);
    if (textured) s.tex.init(vram, cmd.state, cmd.clut, depth, palette, pass, cache);
    const int semi = (cmd.flags & kSemiTransparent) ? semiMode(cmd.state.texpage) : kOpaque;
    s.kernel = pickSpanKernel(rasterizerIsa(), textured, raw, false, semi, depth, pass);
    if (s.kernel) return rasterizeSimd(vram, s, !textured && semi == kOpaque && !s.checkMask);
    RasterFn fn;
    if (!textured)
        fn = pickSemi<false, false>(semi, depth, pass);
    else if (raw)
        fn = pickSemi<true, true>(semi, depth, pass);
    else
        fn = pickSemi<true, false>(semi, depth, pass);
    return fn(vram, s);
}

} // namespace gpu
