// AVX2 span kernels (span_kernel.h): eight pixels per step, one per 32-bit lane, texels and
// CLUT entries gathered. Only the functions here carry the avx2 target (the binary runs on any
// x86-64); rasterizer_isa.cpp picks them only on a CPU that has AVX2.
#include "gpu/rasterizer_span.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define SPAN_AVX2 __attribute__((target("avx2"), always_inline)) static inline

namespace gpu::raster {

namespace {
struct Avx2 {
    using T = __m256i;
    static constexpr int N = 8;
    SPAN_AVX2 T set1(uint32_t x) { return _mm256_set1_epi32(static_cast<int>(x)); }
    SPAN_AVX2 T load(const uint32_t* p) {
        return _mm256_loadu_si256(reinterpret_cast<const T*>(p));
    }
    SPAN_AVX2 void store(uint32_t* p, T v) { _mm256_storeu_si256(reinterpret_cast<T*>(p), v); }
    SPAN_AVX2 T add(T a, T b) { return _mm256_add_epi32(a, b); }
    SPAN_AVX2 T sub(T a, T b) { return _mm256_sub_epi32(a, b); }
    SPAN_AVX2 T and_(T a, T b) { return _mm256_and_si256(a, b); }
    SPAN_AVX2 T or_(T a, T b) { return _mm256_or_si256(a, b); }
    SPAN_AVX2 T andnot(T notA, T b) { return _mm256_andnot_si256(notA, b); } // ~notA & b
    template <int K> SPAN_AVX2 T srl(T a) { return _mm256_srli_epi32(a, K); }
    template <int K> SPAN_AVX2 T sll(T a) { return _mm256_slli_epi32(a, K); }
    // Exact for lanes below 2^16 whose product is below 2^16 (as in the SSE2 kernel).
    SPAN_AVX2 T mul16(T a, T b) { return _mm256_mullo_epi16(a, b); }
    SPAN_AVX2 T min16(T a, T b) { return _mm256_min_epi32(a, b); }
    SPAN_AVX2 T max16(T a, T b) { return _mm256_max_epi32(a, b); }
    SPAN_AVX2 T cmpeq(T a, T b) { return _mm256_cmpeq_epi32(a, b); }
    SPAN_AVX2 T cmpgt(T a, T b) { return _mm256_cmpgt_epi32(a, b); }
    SPAN_AVX2 bool any(T m) { return !_mm256_testz_si256(m, m); }
    SPAN_AVX2 T select(T m, T a, T b) { return _mm256_blendv_epi8(b, a, m); }
    SPAN_AVX2 T loadPixels(const uint16_t* p) {
        return _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    }
    SPAN_AVX2 void storePixels(uint16_t* p, T v) { // lanes hold 0..FFFFh
        const __m128i packed =
            _mm_packus_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p), packed);
    }
    // Halfwords table[index]: 32-bit gathers at the even index below (never past an array of
    // even length, as VRAM and the 16/256-entry CLUTs are), then the wanted half.
    SPAN_AVX2 T gather16(const uint16_t* table, T index) {
        const T pair = _mm256_i32gather_epi32(reinterpret_cast<const int*>(table),
                                              _mm256_andnot_si256(set1(1), index), 2);
        const T shift = _mm256_slli_epi32(_mm256_and_si256(index, set1(1)), 4);
        return _mm256_and_si256(_mm256_srlv_epi32(pair, shift), set1(0xFFFF));
    }
    // Texels at VRAM offsets `address` (u windowed: it selects the CLUT index's bits).
    template <int Depth> SPAN_AVX2 T fetch(const TextureSampler& t, T address, T u) {
        const T word = gather16(t.vram, address);
        if constexpr (Depth == 0) {
            const T shift = _mm256_slli_epi32(_mm256_and_si256(u, set1(3)), 2);
            return gather16(t.clut, _mm256_and_si256(_mm256_srlv_epi32(word, shift), set1(0xF)));
        } else if constexpr (Depth == 1) {
            const T shift = _mm256_slli_epi32(_mm256_and_si256(u, set1(1)), 3);
            return gather16(t.clut, _mm256_and_si256(_mm256_srlv_epi32(word, shift), set1(0xFF)));
        } else {
            return word;
        }
    }
};
} // namespace
} // namespace gpu::raster

#define SPAN_NS avx2
#define SPAN_TARGET __attribute__((target("avx2")))
#include "gpu/span_kernel.h"
#undef SPAN_TARGET
#undef SPAN_NS

namespace gpu::raster {

SpanKernel pickSpanKernelAvx2(bool textured, bool raw, bool gouraud, int semi, int depth,
                              Pass pass) {
    return avx2::pickKernel<Avx2>(textured, raw, gouraud, semi, depth, pass);
}

} // namespace gpu::raster

#else

namespace gpu::raster {
SpanKernel pickSpanKernelAvx2(bool, bool, bool, int, int, Pass) {
    return nullptr;
}
} // namespace gpu::raster

#endif
