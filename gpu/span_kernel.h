// Private to span_sse2.cpp and span_avx2.cpp (no include guard on purpose: each includes it once
// after defining SPAN_NS, the namespace of its copy, and SPAN_TARGET, the target attribute its
// functions are compiled with). The span kernel written once over a vector type V whose lanes
// are 32 bits wide, one pixel per lane; V supplies the ISA's operations and the texel fetch.
//
// Per pixel it computes what the scalar loops compute (rasterizer_triangle.cpp span(),
// rasterizer_pixel.h): mask check (E6h bit 1), texel fetch and the fully transparent texel
// 0000h, raw texel or modulation ("Texture Colour Modulation"), shading, dithering ("24bit RGB
// to 15bit RGB Dithering": offset added, saturated to 0..FFh, divided by 8),
// semi-transparency ("Semi Transparency": per 5-bit channel, saturated) and mask set.
//
// Order matters where a primitive samples the row it draws: the scalar loop fetches pixel k+1's
// texel after pixel k is written. A chunk whose fetches (or the cache lines those fetches may
// load) touch the chunk's own destination is therefore drawn one pixel at a time.
#include <cstring>

#include "gpu/rasterizer_span.h"

namespace gpu::raster::SPAN_NS {

template <class V> struct Attrs { typename V::T r, g, b; };

template <class V, int Mode>
SPAN_TARGET inline typename V::T blendChannel(typename V::T b, typename V::T f) {
    const typename V::T five = V::set1(31);
    if constexpr (Mode == 0)
        return V::template srl<1>(V::add(b, f)); // B/2+F/2
    else if constexpr (Mode == 1)
        return V::min16(V::add(b, f), five); // B+F
    else if constexpr (Mode == 2)
        return V::max16(V::sub(b, f), V::set1(0)); // B-F
    else
        return V::min16(V::add(b, V::template srl<2>(f)), five); // B+F/4
}

// Low 15 bits of the blend of back and front, per 5-bit channel (rasterizer_pixel.h blend()).
template <class V, int Mode>
SPAN_TARGET inline typename V::T blendLanes(typename V::T back, typename V::T front) {
    using T = typename V::T;
    const T five = V::set1(31);
    T out = blendChannel<V, Mode>(V::and_(back, five), V::and_(front, five));
    out = V::or_(
        out, V::template sll<5>(blendChannel<V, Mode>(V::and_(V::template srl<5>(back), five),
                                                      V::and_(V::template srl<5>(front), five))));
    out = V::or_(
        out, V::template sll<10>(blendChannel<V, Mode>(V::and_(V::template srl<10>(back), five),
                                                       V::and_(V::template srl<10>(front), five))));
    return out;
}

// An 8-bit-scale intensity (0..511) plus the dither offset, saturated to 0..FFh, divided by 8.
template <class V>
SPAN_TARGET inline typename V::T toFive(typename V::T value, typename V::T ditherOffset) {
    const typename V::T sum = V::add(value, ditherOffset);
    return V::template srl<3>(V::min16(V::max16(sum, V::set1(0)), V::set1(255)));
}

template <class V>
SPAN_TARGET inline typename V::T shadeLanes(const Attrs<V>& c, typename V::T dith) {
    return V::or_(V::or_(toFive<V>(c.r, dith), V::template sll<5>(toFive<V>(c.g, dith))),
                  V::template sll<10>(toFive<V>(c.b, dith)));
}

// Texel * colour / 16 per channel, then toFive() (rasterizer_pixel.h modulate()).
template <class V>
SPAN_TARGET inline typename V::T modulateLanes(typename V::T texel, const Attrs<V>& c,
                                               typename V::T dith) {
    using T = typename V::T;
    const T five = V::set1(31);
    Attrs<V> m;
    m.r = V::template srl<4>(V::mul16(V::and_(texel, five), c.r));
    m.g = V::template srl<4>(V::mul16(V::and_(V::template srl<5>(texel), five), c.g));
    m.b = V::template srl<4>(V::mul16(V::and_(V::template srl<10>(texel), five), c.b));
    return shadeLanes<V>(m, dith);
}

// The VRAM halfword (offset y * 1024 + x) a fetch at texture coordinates u, v (0..255) reads,
// after the texture window (TextureSampler::fetch()). `u` comes back windowed: its low bits
// pick the 4-bit or 8-bit index inside the halfword.
template <class V, int Depth>
SPAN_TARGET inline typename V::T texelAddress(const TextureSampler& t, typename V::T& u,
                                              typename V::T v) {
    u = V::or_(V::and_(u, V::set1(t.andU)), V::set1(t.orU));
    v = V::or_(V::and_(v, V::set1(t.andV)), V::set1(t.orV));
    const typename V::T y =
        V::and_(V::add(v, V::set1(static_cast<uint32_t>(t.baseY))), V::set1(kVramHeight - 1));
    const typename V::T column = Depth == 0   ? V::template srl<2>(u)
                                 : Depth == 1 ? V::template srl<1>(u)
                                              : u;
    const typename V::T x =
        V::and_(V::add(column, V::set1(static_cast<uint32_t>(t.baseX))), V::set1(kVramWidth - 1));
    return V::or_(V::template sll<10>(y), x);
}

// What stays the same along one span.
template <class V> struct SpanConsts {
    typename V::T flatR, flatG, flatB, forced, bit15, zero, ones, laneIndex, hazardWidth;
};

// Whether a fetch at VRAM offset `address` (or the cache line holding it) overlaps the pixels
// at..at+N-1: unsigned (address - (at - 3)) < N + 3, in signed lanes (offsets are < 2^19).
template <class V>
SPAN_TARGET inline bool touchesChunk(typename V::T address, uint32_t at, const SpanConsts<V>& k) {
    const typename V::T d = V::sub(address, V::set1(at - 3));
    return V::any(V::andnot(V::cmpgt(k.zero, d), V::cmpgt(k.hazardWidth, d)));
}

// Draws `n` (1..N) pixels at `dst` (VRAM offset `at`) with lane attributes `accs` and dither
// offsets `dith`. With `checkHazard`, returns false having drawn nothing when the chunk's
// fetches (or the cache lines they may load) touch the pixels it draws.
template <class V, bool Textured, bool Raw, bool Gouraud, int Semi, int Depth, Pass P>
SPAN_TARGET inline bool drawChunk(const SpanArgs& a, const SpanConsts<V>& k, uint16_t* dst, int n,
                                  uint32_t at, const typename V::T* accs, typename V::T dith,
                                  bool checkHazard) {
    using T = typename V::T;
    constexpr int N = V::N;
    Attrs<V> c;
    if constexpr (Gouraud) {
        c.r = V::template srl<kAttrShift>(accs[kAttrR]);
        c.g = V::template srl<kAttrShift>(accs[kAttrG]);
        c.b = V::template srl<kAttrShift>(accs[kAttrB]);
    } else {
        c.r = k.flatR;
        c.g = k.flatG;
        c.b = k.flatB;
    }
    T texel = k.zero;
    if constexpr (Textured) {
        const TextureSampler& tex = *a.tex;
        T u = V::template srl<kAttrShift>(accs[kAttrU]);
        const T v = V::template srl<kAttrShift>(accs[kAttrV]);
        if constexpr (P == Pass::Cached) {
            const T address = texelAddress<V, Depth>(tex, u, v);
            if (checkHazard && touchesChunk<V>(address, at, k)) return false;
            // Through the cache, in drawing order, every pixel (protected ones too).
            alignas(32) uint32_t us[N], vs[N], texels[N];
            V::store(us, V::template srl<kAttrShift>(accs[kAttrU]));
            V::store(vs, v);
            for (int i = 0; i < N; ++i)
                texels[i] = i < n ? tex.fetch<Depth, Pass::Cached>(us[i], vs[i]) : 0;
            texel = V::load(texels);
        } else {
            const T address = texelAddress<V, Depth>(tex, u, v);
            if (checkHazard && touchesChunk<V>(address, at, k)) return false;
            texel = V::template fetch<Depth>(tex, address, u);
        }
    }
    alignas(32) uint16_t tail[N] = {}; // lanes past `n` are computed, never stored
    uint16_t* p = dst;
    if (n < N) { // never touch pixels past the span (they may lie past VRAM's end)
        std::memcpy(tail, dst, sizeof(uint16_t) * static_cast<size_t>(n));
        p = tail;
    }
    const T old = V::loadPixels(p);
    T write = n < N ? V::cmpgt(V::set1(static_cast<uint32_t>(n)), k.laneIndex) : k.ones;
    if (a.checkMask) write = V::and_(write, V::cmpeq(V::and_(old, k.bit15), k.zero));
    T color, maskBit = k.forced;
    if constexpr (Textured) {
        write = V::andnot(V::cmpeq(texel, k.zero), write); // 0000h: fully transparent
        if constexpr (Raw)
            color = V::and_(texel, V::set1(0x7FFF));
        else
            color = modulateLanes<V>(texel, c, dith);
        maskBit = V::or_(k.forced, V::and_(texel, k.bit15));
    } else {
        color = shadeLanes<V>(c, dith);
    }
    if constexpr (Semi != kOpaque) {
        const T blended = blendLanes<V, Semi>(old, color);
        if constexpr (Textured) // texel bit 15 selects semi-transparency
            color = V::select(V::cmpeq(V::and_(texel, k.bit15), k.bit15), blended, color);
        else
            color = blended;
    }
    V::storePixels(p, V::select(write, V::or_(color, maskBit), old));
    if (n < N) std::memcpy(dst, tail, sizeof(uint16_t) * static_cast<size_t>(n));
    return true;
}

template <class V> SPAN_TARGET inline typename V::T ditherLanes(const SpanArgs& a, int x) {
    alignas(32) uint32_t lanes[V::N];
    for (int i = 0; i < V::N; ++i)
        lanes[i] = a.dither ? static_cast<uint32_t>(kDitherOffsets[a.y & 3][(x + i) & 3]) : 0;
    return V::load(lanes);
}

template <class V, bool Textured, bool Raw, bool Gouraud, int Semi, int Depth, Pass P>
SPAN_TARGET void spanKernel(const SpanArgs& a) {
    using T = typename V::T;
    constexpr int N = V::N;
    alignas(32) uint32_t lanes[N];

    // Lane i starts at the first pixel's value plus i steps; a chunk advances N steps.
    T acc[kAttrCount], stepN[kAttrCount], step1[kAttrCount];
    for (int k = 0; k < kAttrCount; ++k) {
        for (int i = 0; i < N; ++i)
            lanes[i] = a.acc[k] + a.step[k] * static_cast<uint32_t>(i);
        acc[k] = V::load(lanes);
        stepN[k] = V::set1(a.step[k] * static_cast<uint32_t>(N));
        step1[k] = V::set1(a.step[k]);
    }
    // N is a multiple of 4, so every chunk sees the same dither columns.
    const T dithChunk = ditherLanes<V>(a, a.x);
    SpanConsts<V> k;
    k.flatR = V::set1(a.acc[kAttrR] >> kAttrShift);
    k.flatG = V::set1(a.acc[kAttrG] >> kAttrShift);
    k.flatB = V::set1(a.acc[kAttrB] >> kAttrShift);
    k.forced = V::set1(a.forcedMask);
    k.bit15 = V::set1(0x8000);
    k.zero = V::set1(0);
    k.ones = V::cmpeq(k.zero, k.zero);
    for (int i = 0; i < N; ++i)
        lanes[i] = static_cast<uint32_t>(i);
    k.laneIndex = V::load(lanes);
    k.hazardWidth = V::set1(N + 3); // a 4-halfword cache line may reach 3 pixels back

    // Fetches can only touch this span when its row and columns (with the 3 pixels a cache
    // line may reach back) meet the texture page: 256 rows, 64/128/256 halfwords, wrapping.
    bool checkHazard = false;
    if constexpr (Textured) {
        const int pageWidth = Depth == 0 ? 64 : Depth == 1 ? 128 : 256;
        const int column = (a.x - 3 - a.tex->baseX) & (kVramWidth - 1);
        checkHazard = ((a.y - a.tex->baseY) & (kVramHeight - 1)) < 256 &&
                      (column < pageWidth || column + a.count + 2 >= kVramWidth);
    }
    uint16_t* dst = a.dst;
    uint32_t at = static_cast<uint32_t>(a.y * kVramWidth + a.x);
    for (int left = a.count; left > 0; left -= N, dst += N, at += N) {
        const int n = left < N ? left : N;
        if (!drawChunk<V, Textured, Raw, Gouraud, Semi, Depth, P>(a, k, dst, n, at, acc, dithChunk,
                                                                  checkHazard)) {
            // The chunk samples what it draws: one pixel at a time, in order, as the scalar
            // loop does. Lane 0 carries the pixel; its dither column moves with it.
            T one[kAttrCount];
            for (int j = 0; j < kAttrCount; ++j)
                one[j] = acc[j];
            const int x = a.x + static_cast<int>(dst - a.dst);
            for (int i = 0; i < n; ++i) {
                drawChunk<V, Textured, Raw, Gouraud, Semi, Depth, P>(
                    a, k, dst + i, 1, at + static_cast<uint32_t>(i), one, ditherLanes<V>(a, x + i),
                    false);
                for (int j = 0; j < kAttrCount; ++j)
                    one[j] = V::add(one[j], step1[j]);
            }
        }
        for (int j = 0; j < kAttrCount; ++j)
            acc[j] = V::add(acc[j], stepN[j]);
    }
}

// Kernel table. Raw textures ignore the colour; untextured spans have no depth or pass.
template <class V, bool Textured, bool Raw, bool Gouraud, int Semi>
SpanKernel pickPass(int depth, Pass pass) {
    if constexpr (!Textured) {
        return &spanKernel<V, false, false, Gouraud, Semi, 0, Pass::Plain>;
    } else {
        const bool cached = pass == Pass::Cached;
        switch (depth) {
        case 0:
            return cached ? &spanKernel<V, true, Raw, Gouraud, Semi, 0, Pass::Cached>
                          : &spanKernel<V, true, Raw, Gouraud, Semi, 0, Pass::Plain>;
        case 1:
            return cached ? &spanKernel<V, true, Raw, Gouraud, Semi, 1, Pass::Cached>
                          : &spanKernel<V, true, Raw, Gouraud, Semi, 1, Pass::Plain>;
        default:
            return cached ? &spanKernel<V, true, Raw, Gouraud, Semi, 2, Pass::Cached>
                          : &spanKernel<V, true, Raw, Gouraud, Semi, 2, Pass::Plain>;
        }
    }
}

template <class V, bool Textured, bool Raw, bool Gouraud>
SpanKernel pickSemi(int semi, int depth, Pass pass) {
    switch (semi) {
    case 0: return pickPass<V, Textured, Raw, Gouraud, 0>(depth, pass);
    case 1: return pickPass<V, Textured, Raw, Gouraud, 1>(depth, pass);
    case 2: return pickPass<V, Textured, Raw, Gouraud, 2>(depth, pass);
    case 3: return pickPass<V, Textured, Raw, Gouraud, 3>(depth, pass);
    default: return pickPass<V, Textured, Raw, Gouraud, kOpaque>(depth, pass);
    }
}

template <class V>
SpanKernel pickKernel(bool textured, bool raw, bool gouraud, int semi, int depth, Pass pass) {
    if (pass == Pass::Touch) return nullptr;
    if (!textured)
        return gouraud ? pickSemi<V, false, false, true>(semi, depth, pass)
                       : pickSemi<V, false, false, false>(semi, depth, pass);
    if (raw) return pickSemi<V, true, true, false>(semi, depth, pass);
    return gouraud ? pickSemi<V, true, false, true>(semi, depth, pass)
                   : pickSemi<V, true, false, false>(semi, depth, pass);
}

} // namespace gpu::raster::SPAN_NS
