#pragma once
// Private to the rasterizer: the per-pixel pipeline shared by triangles, lines and rectangles.
// Everything here is inline and chosen at compile time (template parameters), so the inner
// loops of each primitive are flat. Rules from graphicsprocessingunitgpu.md.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "gpu/commands.h"
#include "gpu/rasterizer.h"
#include "gpu/texture_cache.h"

namespace gpu::raster {

// GP0(E1h) "Draw Mode setting" fields.
inline int texpageBaseX(uint16_t texpage) {
    return (texpage & 0xF) * 64;
} // bits 0-3
inline int texpageBaseY(uint16_t texpage) {
    return ((texpage >> 4) & 1) * 256;
} // bit 4
inline int semiMode(uint16_t texpage) {
    return (texpage >> 5) & 3;
} // bits 5-6
inline int textureDepth(uint16_t texpage) {
    return std::min((texpage >> 7) & 3, 2);
} // 3 == 2
inline bool ditherEnabled(uint16_t texpage) {
    return (texpage >> 9) & 1;
} // bit 9

// Semi-transparency template argument meaning "opaque primitive".
constexpr int kOpaque = -1;

// "24bit RGB to 15bit RGB Dithering": offset added to the 8-bit value, saturated to 0..FFh,
// then divided by 8. Index [y & 3][x & 3].
inline constexpr int kDitherOffsets[4][4] = {
    {-4, +0, -3, +1},
    {+2, -2, +3, -1},
    {-3, +1, -4, +0},
    {+3, -1, +2, -2},
};

// 8-bit intensity (0..511: modulation can exceed FFh, "brighter than bright") -> 5-bit channel.
// Rows 0-3 dither with the matrix row (y & 3); row kNoDitherRow only saturates and truncates.
constexpr int kNoDitherRow = 4;
constexpr int kLutInputs = 512;
struct ColorLuts {
    uint8_t table[5][4][kLutInputs];
};
extern const ColorLuts kColorLuts;

using DitherRow = const uint8_t (*)[kLutInputs];
inline DitherRow ditherRow(bool dither, int y) {
    return kColorLuts.table[dither ? (y & 3) : kNoDitherRow];
}

// Inclusive drawing area (E3h/E4h) clamped to VRAM, so any coordinate that passes it is safe.
struct Area {
    int left, top, right, bottom;
    bool empty() const { return left > right || top > bottom; }
};
inline Area clampedArea(const DrawState& s) {
    return {std::max<int>(s.areaLeft, 0), std::max<int>(s.areaTop, 0),
            std::min<int>(s.areaRight, kVramWidth - 1),
            std::min<int>(s.areaBottom, kVramHeight - 1)};
}

// 1024x512 zero halfwords: what texture reads from an absent VRAM bank return.
const uint16_t* absentBank();

// How a primitive's texels are fetched (chosen once per primitive, a template argument):
// - Plain: straight from VRAM (the texture cache cannot change the result, see
//   texture_cache_tracker.h), skipped for pixels the mask test protects;
// - Cached: through the texture cache, for every drawn pixel, the protected ones included;
// - Touch: nothing is drawn; each drawn pixel's fetch only updates the cache's tags.
enum class Pass : uint8_t { Plain, Cached, Touch };

// Texture sampling state of one primitive. The palette is chosen once, when the primitive
// starts: the one its caller passes (the CLUT cache of the command cache), or else the CLUT
// read from VRAM then. Either way a primitive drawing over its own CLUT keeps the palette it
// started with.
struct TextureSampler {
    const uint16_t* vram;
    int baseX, baseY;
    uint8_t andU, orU, andV, orV; // GP0(E2h) texture window folded into AND/OR masks
    const uint16_t* clut;
    TextureCache* cache;   // Pass::Cached and Pass::Touch
    uint16_t ownClut[256]; // the CLUT read from VRAM when no palette is given

    // Not copyable: `clut` may point into this object.
    TextureSampler() = default;
    TextureSampler(const TextureSampler&) = delete;
    TextureSampler& operator=(const TextureSampler&) = delete;

    // `pass` Touch reads nothing from VRAM (not even the CLUT).
    void init(const uint16_t* v, const DrawState& s, uint16_t clutAttr, int depth,
              const uint16_t* palette, Pass pass, TextureCache* textureCache) {
        // A texture page in an absent VRAM bank reads as zeros (its CLUT still comes from VRAM).
        vram = s.textureBankAbsent ? absentBank() : v;
        cache = textureCache;
        baseX = texpageBaseX(s.texpage);
        baseY = texpageBaseY(s.texpage);
        // Texcoord = (Texcoord AND (NOT (Mask * 8))) OR ((Offset AND Mask) * 8)
        andU = static_cast<uint8_t>(~((s.texWindowMaskX & 0x1F) * 8));
        orU = static_cast<uint8_t>((s.texWindowOffX & s.texWindowMaskX & 0x1F) * 8);
        andV = static_cast<uint8_t>(~((s.texWindowMaskY & 0x1F) * 8));
        orV = static_cast<uint8_t>((s.texWindowOffY & s.texWindowMaskY & 0x1F) * 8);
        clut = ownClut;
        if (depth >= 2 || pass == Pass::Touch) return;
        if (palette) {
            clut = palette;
            return;
        }
        Rasterizer::loadClut(v, clutAttr, depth == 0 ? 16 : 256, ownClut);
    }

    // Texel (after CLUT lookup) at 8-bit texture coordinates u, v. Pass::Touch returns 0.
    template <int Depth, Pass P> uint16_t fetch(uint32_t u, uint32_t v) const {
        u = (u & andU) | orU;
        v = (v & andV) | orV;
        const int y = static_cast<int>((baseY + v) & (kVramHeight - 1));
        const int x = static_cast<int>((baseX + (Depth == 0   ? u >> 2
                                                 : Depth == 1 ? u >> 1
                                                              : u)) &
                                       (kVramWidth - 1));
        uint16_t word;
        if constexpr (P == Pass::Touch) {
            cache->touch(Depth, x, y);
            return 0;
        } else if constexpr (P == Pass::Cached) {
            word = cache->read(vram, Depth, x, y);
        } else {
            word = vram[y * kVramWidth + x];
        }
        if constexpr (Depth == 0)
            return clut[(word >> ((u & 3) * 4)) & 0xF];
        else if constexpr (Depth == 1)
            return clut[(word >> ((u & 1) * 8)) & 0xFF];
        else
            return word;
    }
};

// Semi-transparency on 15-bit colours, per 5-bit channel, saturated ("Semi-transparency":
// additive results clamp to the maximum, subtractive ones to zero).
template <int Mode> inline uint16_t blend(uint16_t back, uint16_t front) {
    uint32_t out = 0;
    for (int shift = 0; shift < 15; shift += 5) {
        const int b = (back >> shift) & 31;
        const int f = (front >> shift) & 31;
        int c;
        if constexpr (Mode == 0)
            c = (b + f) >> 1; // B/2+F/2
        else if constexpr (Mode == 1)
            c = std::min(b + f, 31); // B+F
        else if constexpr (Mode == 2)
            c = std::max(b - f, 0); // B-F
        else
            c = std::min(b + (f >> 2), 31); // B+F/4
        out |= static_cast<uint32_t>(c) << shift;
    }
    return static_cast<uint16_t>(out);
}

// Texel * colour / 128 ("Modulation"), kept as an 8-bit-scale intensity (texel5 * colour / 16)
// so the dither offset can be added before the final divide by 8.
inline uint16_t modulate(uint16_t texel, int r, int g, int b, const uint8_t* lut) {
    const int tr = texel & 31, tg = (texel >> 5) & 31, tb = (texel >> 10) & 31;
    return static_cast<uint16_t>(lut[(tr * r) >> 4] | (lut[(tg * g) >> 4] << 5) |
                                 (lut[(tb * b) >> 4] << 10));
}

inline uint16_t shade(int r, int g, int b, const uint8_t* lut) {
    return static_cast<uint16_t>(lut[r] | (lut[g] << 5) | (lut[b] << 10));
}

// Final stage shared by all primitives: mask check (E6h bit 1), semi-transparency, mask set
// (E6h bit 0 or the texel's bit 15). `semi` says whether this pixel is semi-transparent (for
// textured primitives: the texel's bit 15).
template <int Semi>
inline void writePixel(uint16_t* p, uint16_t color, bool semi, uint16_t maskBit) {
    if constexpr (Semi != kOpaque) {
        if (semi) color = blend<Semi>(*p, color);
    }
    *p = static_cast<uint16_t>(color | maskBit);
}

// Floor/ceil division for a positive divisor.
inline int64_t floorDiv(int64_t n, int64_t d) {
    return n >= 0 ? n / d : -((-n + d - 1) / d);
}
inline int64_t ceilDiv(int64_t n, int64_t d) {
    return -floorDiv(-n, d);
}

} // namespace gpu::raster
