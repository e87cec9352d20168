// SSE2 span kernels (span_kernel.h): four pixels per step, one per 32-bit lane. SSE2 is part of
// every x86-64 CPU, so this file needs no target attribute. SSE2 has no gather: texels are
// read one lane at a time, the rest of the pixel pipeline runs on all lanes at once.
#include "gpu/rasterizer_span.h"

#if defined(__x86_64__)
#include <emmintrin.h>

namespace gpu::raster {

namespace {
struct Sse2 {
    using T = __m128i;
    static constexpr int N = 4;
    static T set1(uint32_t x) { return _mm_set1_epi32(static_cast<int>(x)); }
    static T load(const uint32_t* p) { return _mm_loadu_si128(reinterpret_cast<const T*>(p)); }
    static void store(uint32_t* p, T v) { _mm_storeu_si128(reinterpret_cast<T*>(p), v); }
    static T add(T a, T b) { return _mm_add_epi32(a, b); }
    static T sub(T a, T b) { return _mm_sub_epi32(a, b); }
    static T and_(T a, T b) { return _mm_and_si128(a, b); }
    static T or_(T a, T b) { return _mm_or_si128(a, b); }
    static T andnot(T notA, T b) { return _mm_andnot_si128(notA, b); } // ~notA & b
    template <int K> static T srl(T a) { return _mm_srli_epi32(a, K); }
    template <int K> static T sll(T a) { return _mm_slli_epi32(a, K); }
    // Lanes below 2^16 whose product is below 2^16: the 16-bit multiply is exact and leaves
    // the upper halves zero.
    static T mul16(T a, T b) { return _mm_mullo_epi16(a, b); }
    // Lanes in -2^15..2^15-1 (all values here are small): the signed 16-bit min/max gives the
    // 32-bit result (a negative lane's upper half -1 loses to 0 in max, 0 wins it in min).
    static T min16(T a, T b) { return _mm_min_epi16(a, b); }
    static T max16(T a, T b) { return _mm_max_epi16(a, b); }
    static T cmpeq(T a, T b) { return _mm_cmpeq_epi32(a, b); }
    static T cmpgt(T a, T b) { return _mm_cmpgt_epi32(a, b); }
    static bool any(T m) { return _mm_movemask_epi8(m) != 0; }
    static T select(T m, T a, T b) {
        return _mm_or_si128(_mm_and_si128(m, a), _mm_andnot_si128(m, b));
    }
    static T loadPixels(const uint16_t* p) {
        return _mm_unpacklo_epi16(_mm_loadl_epi64(reinterpret_cast<const T*>(p)),
                                  _mm_setzero_si128());
    }
    static void storePixels(uint16_t* p, T v) { // lanes hold 0..FFFFh
        const T s = _mm_srai_epi32(_mm_slli_epi32(v, 16), 16);
        _mm_storel_epi64(reinterpret_cast<T*>(p), _mm_packs_epi32(s, s));
    }
    // Texels at VRAM offsets `address` (u windowed: it selects the CLUT index's bits).
    template <int Depth> static T fetch(const TextureSampler& t, T address, T u) {
        alignas(16) uint32_t at[N], us[N], out[N];
        store(at, address);
        store(us, u);
        for (int i = 0; i < N; ++i) {
            const uint16_t word = t.vram[at[i]];
            if constexpr (Depth == 0)
                out[i] = t.clut[(word >> ((us[i] & 3) * 4)) & 0xF];
            else if constexpr (Depth == 1)
                out[i] = t.clut[(word >> ((us[i] & 1) * 8)) & 0xFF];
            else
                out[i] = word;
        }
        return load(out);
    }
};
} // namespace
} // namespace gpu::raster

#define SPAN_NS sse2
#define SPAN_TARGET
#include "gpu/span_kernel.h"
#undef SPAN_TARGET
#undef SPAN_NS

namespace gpu::raster {

SpanKernel pickSpanKernelSse2(bool textured, bool raw, bool gouraud, int semi, int depth,
                              Pass pass) {
    return sse2::pickKernel<Sse2>(textured, raw, gouraud, semi, depth, pass);
}

} // namespace gpu::raster

#else

namespace gpu::raster {
SpanKernel pickSpanKernelSse2(bool, bool, bool, int, int, Pass) {
    return nullptr;
}
} // namespace gpu::raster

#endif
