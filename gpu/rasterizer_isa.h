#pragma once
// Which instruction set the rasterizer's span loops use. Every choice draws bit-identical
// pixels (the scalar loops are the reference; tests/unit/rasterizer_simd_test.cpp compares
// them), so the choice is a host-speed setting only and never part of emulated state.
#include <cstdint>

namespace gpu {

enum class RasterIsa : uint8_t { Scalar, Sse2, Avx2 };

// The fastest ISA this host runs (Avx2 when the CPU has it, Sse2 on any other x86-64, Scalar
// on other architectures).
RasterIsa bestRasterizerIsa();
// Whether this build and host can run `isa`.
bool rasterizerIsaSupported(RasterIsa isa);
// Process-wide choice, read when a primitive starts (default: bestRasterizerIsa()). An
// unsupported ISA falls back to the best supported one below it.
void setRasterizerIsa(RasterIsa isa);
RasterIsa rasterizerIsa();

// "scalar", "sse2", "avx2", "auto" (the best); false for anything else.
bool parseRasterizerIsa(const char* text, RasterIsa& out);
const char* rasterizerIsaName(RasterIsa isa);

} // namespace gpu
