#pragma once
// Private to the rasterizer: one span (a run of pixels on one row) of a triangle or a
// rectangle, drawn several pixels at a time by the SIMD span kernels (span_sse2.cpp,
// span_avx2.cpp). The kernels compute exactly what the scalar loops of
// rasterizer_{triangle,rectangle}.cpp compute for each pixel; those stay the reference.
//
// Attributes travel as the triangle's accumulators (rasterizer_setup.h: 8 integer bits above
// 24 fraction bits, wrapping at 32 bits, stepped per pixel). A rectangle fits the same mould:
// its colour is constant (step 0) and its U steps by +-1 in the integer bits, so the 8-bit
// wrap of U is the accumulator's wrap.
#include <cstdint>

#include "gpu/rasterizer_isa.h"
#include "gpu/rasterizer_pixel.h"
#include "gpu/rasterizer_setup.h"

namespace gpu::raster {

struct SpanArgs {
    uint16_t* dst; // first pixel
    int count;     // pixels, > 0
    int x, y;      // first pixel's VRAM position (dither matrix column/row)
    bool dither;   // E1h bit 9 applies to this primitive ("24bit RGB to 15bit RGB Dithering")
    bool checkMask;
    uint16_t forcedMask;
    uint32_t acc[kAttrCount];  // attributes at the first pixel
    uint32_t step[kAttrCount]; // added per pixel to the right
    const TextureSampler* tex;
};

using SpanKernel = void (*)(const SpanArgs&);

// The kernel for one kind of primitive: `gouraud` says the colour varies along the span (else
// the first pixel's colour is used throughout); `semi` is a mode 0-3 or kOpaque. Null for
// Scalar, Pass::Touch, and ISAs this build lacks: the caller then uses its scalar loops.
// One table per ISA (span_sse2.cpp, span_avx2.cpp), null where the build has none.
SpanKernel pickSpanKernelSse2(bool textured, bool raw, bool gouraud, int semi, int depth,
                              Pass pass);
SpanKernel pickSpanKernelAvx2(bool textured, bool raw, bool gouraud, int semi, int depth,
                              Pass pass);

inline SpanKernel pickSpanKernel(RasterIsa isa, bool textured, bool raw, bool gouraud, int semi,
                                 int depth, Pass pass) {
    if (pass == Pass::Touch) return nullptr; // draws nothing: the scalar loop is all it takes
    switch (isa) {
    case RasterIsa::Sse2: return pickSpanKernelSse2(textured, raw, gouraud, semi, depth, pass);
    case RasterIsa::Avx2: return pickSpanKernelAvx2(textured, raw, gouraud, semi, depth, pass);
    default: return nullptr;
    }
}

} // namespace gpu::raster
