// Run-time choice of the span loops' instruction set (rasterizer_isa.h).
#include "gpu/rasterizer_isa.h"

#include <atomic>
#include <cstring>

namespace gpu {

namespace {
bool cpuHasAvx2() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    return __builtin_cpu_supports("avx2");
#else
    return false;
#endif
}

std::atomic<RasterIsa>& current() {
    static std::atomic<RasterIsa> isa{bestRasterizerIsa()};
    return isa;
}
} // namespace

bool rasterizerIsaSupported(RasterIsa isa) {
    switch (isa) {
    case RasterIsa::Scalar: return true;
#if defined(__x86_64__)
    case RasterIsa::Sse2: return true; // part of x86-64's baseline
    case RasterIsa::Avx2: return cpuHasAvx2();
#endif
    default: return false;
    }
}

RasterIsa bestRasterizerIsa() {
    if (rasterizerIsaSupported(RasterIsa::Avx2)) return RasterIsa::Avx2;
    if (rasterizerIsaSupported(RasterIsa::Sse2)) return RasterIsa::Sse2;
    return RasterIsa::Scalar;
}

void setRasterizerIsa(RasterIsa isa) {
    while (!rasterizerIsaSupported(isa))
        isa = static_cast<RasterIsa>(static_cast<int>(isa) - 1);
    current().store(isa, std::memory_order_relaxed);
}

RasterIsa rasterizerIsa() {
    return current().load(std::memory_order_relaxed);
}

bool parseRasterizerIsa(const char* text, RasterIsa& out) {
    if (!text) return false;
    if (!std::strcmp(text, "scalar")) {
        out = RasterIsa::Scalar;
    } else if (!std::strcmp(text, "sse2")) {
        out = RasterIsa::Sse2;
    } else if (!std::strcmp(text, "avx2")) {
        out = RasterIsa::Avx2;
    } else if (!std::strcmp(text, "auto")) {
        out = bestRasterizerIsa();
    } else {
        return false;
    }
    return true;
}

const char* rasterizerIsaName(RasterIsa isa) {
    switch (isa) {
    case RasterIsa::Sse2: return "sse2";
    case RasterIsa::Avx2: return "avx2";
    default: return "scalar";
    }
}

} // namespace gpu
