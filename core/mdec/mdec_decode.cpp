#include "core/mdec/mdec_decode.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/mdec/mdec_tables.h"

// Hardware notes (macroblockdecodermdec.md "rl_decode_block", "real_idct_core"):
// - The first halfword of a block holds q_scale (bits 10-15) and the DC value; the DC is
//   signed10 * qt[0] without q_scale. Each further halfword skips (bits 10-15) zero entries and
//   gives the next AC value: (signed10 * qt[k] * q_scale + 4) / 8. With q_scale = 0 every value
//   is signed10 * 2 and is stored at blk[k] (no zig-zag). Values saturate to -400h..+3FFh.
// - FE00h where a block begins is padding. A halfword whose run takes k past 63 ends the block
//   (FE00h does so always); a block whose blk[63] is stored is complete without an end code.
// - The divisions of the reference's pseudo code are taken as arithmetic shifts (floor): that
//   makes "+4)/8" round to nearest, and "(sum+0FFFh)/2000h" round up a fraction above one half,
//   as the reference describes it, for either sign.
// - Only the upper 13 bits of each scale table entry take part (scale >> 3).

namespace core::mdec {

namespace {

void store(RunLengthBlock& b, unsigned k, int value) {
    value = std::clamp(value, -0x400, 0x3ff);
    b.coef[b.qScale ? kZagzig[k] : k] = int16_t(value);
}

// One pass: dst = src^T * m, rounded. Zero coefficients are skipped (they add nothing); the
// inner loop over x is plain so the compiler vectorises it.
template <class Out> void idctPass(const int16_t* src, const int32_t* m, Out* dst) {
    for (unsigned y = 0; y < 8; ++y) {
        int32_t acc[8] = {};
        for (unsigned z = 0; z < 8; ++z) {
            int32_t c = src[y + z * 8];
            if (c == 0) continue;
            const int32_t* row = m + z * 8;
            for (unsigned x = 0; x < 8; ++x)
                acc[x] += c * row[x];
        }
        for (unsigned x = 0; x < 8; ++x)
            dst[x + y * 8] = Out((acc[x] + 0xfff) >> 13);
    }
}

} // namespace

Feed feedHalfword(RunLengthBlock& b, uint16_t n, const uint8_t* qt) {
    if (!b.started) {
        if (n == kEndCode) return Feed::Ignored;
        std::memset(b.coef, 0, sizeof(b.coef));
        b.started = 1;
        b.k = 0;
        b.qScale = uint8_t(n >> 10);
        store(b, 0, b.qScale ? signed10(n) * qt[0] : signed10(n) * 2);
        return Feed::Stored;
    }
    unsigned k = b.k + (n >> 10) + 1u;
    if (k > 63) {
        b.started = 0;
        return Feed::Done;
    }
    int v = b.qScale ? (signed10(n) * qt[k] * b.qScale + 4) >> 3 : signed10(n) * 2;
    store(b, k, v);
    b.k = uint8_t(k);
    if (k == 63) {
        b.started = 0;
        return Feed::Done;
    }
    return Feed::Stored;
}

void idct(const int16_t in[64], const int16_t scale[64], int32_t out[64]) {
    int32_t m[64];
    for (unsigned i = 0; i < 64; ++i)
        m[i] = scale[i] >> 3;
    // Pass 1 results fit 16 bits: |src| <= 400h and |m| <= 1000h over 8 terms.
    int16_t tmp[64];
    idctPass(in, m, tmp);
    idctPass(tmp, m, out);
}

#if defined(__SSE2__)
// The same two passes with 16-bit multiplies summed in pairs (pmaddwd): for each output row y,
// the source entries z = 2p, 2p+1 of column y against matrix rows 2p and 2p+1 interleaved. Every
// product and sum is the integer the plain version computes, so the result is identical (the
// tests compare idctClip with the reference); pass 1 results fit 16 bits (see idct()).
void idctClip(const int16_t in[64], const int16_t scale[64], int8_t out[64]) {
    __m128i lo[4], hi[4];
    for (unsigned p = 0; p < 4; ++p) {
        __m128i r0 =
            _mm_srai_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(scale + 16 * p)), 3);
        __m128i r1 = _mm_srai_epi16(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(scale + 16 * p + 8)), 3);
        lo[p] = _mm_unpacklo_epi16(r0, r1);
        hi[p] = _mm_unpackhi_epi16(r0, r1);
    }
    const __m128i round = _mm_set1_epi32(0xfff);
    auto row = [&](const int16_t* src, unsigned y, __m128i& aLo, __m128i& aHi) {
        aLo = _mm_setzero_si128();
        aHi = _mm_setzero_si128();
        for (unsigned p = 0; p < 4; ++p) {
            uint32_t pair =
                uint32_t(uint16_t(src[y + 16 * p])) | uint32_t(uint16_t(src[y + 16 * p + 8])) << 16;
            if (pair == 0) continue;
            __m128i s = _mm_set1_epi32(int32_t(pair));
            aLo = _mm_add_epi32(aLo, _mm_madd_epi16(s, lo[p]));
            aHi = _mm_add_epi32(aHi, _mm_madd_epi16(s, hi[p]));
        }
        aLo = _mm_srai_epi32(_mm_add_epi32(aLo, round), 13);
        aHi = _mm_srai_epi32(_mm_add_epi32(aHi, round), 13);
    };
    alignas(16) int16_t tmp[64];
    for (unsigned y = 0; y < 8; ++y) {
        __m128i aLo, aHi;
        row(in, y, aLo, aHi);
        _mm_store_si128(reinterpret_cast<__m128i*>(tmp + y * 8), _mm_packs_epi32(aLo, aHi));
    }
    for (unsigned y = 0; y < 8; ++y) {
        __m128i aLo, aHi;
        row(tmp, y, aLo, aHi);
        // Y AND 1FFh as signed 9 bits, then the signed saturation of the packs is MinMax.
        aLo = _mm_srai_epi32(_mm_slli_epi32(aLo, 23), 23);
        aHi = _mm_srai_epi32(_mm_slli_epi32(aHi, 23), 23);
        __m128i w = _mm_packs_epi32(aLo, aHi);
        _mm_storel_epi64(reinterpret_cast<__m128i*>(out + y * 8), _mm_packs_epi16(w, w));
    }
}
#else
void idctClip(const int16_t in[64], const int16_t scale[64], int8_t out[64]) {
    int32_t full[64];
    idct(in, scale, full);
    for (unsigned i = 0; i < 64; ++i)
        out[i] = clip9to8(full[i]);
}
#endif

} // namespace core::mdec
