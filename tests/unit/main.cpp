// Catch2's runner. SKIPJACK_RASTER_ISA=scalar|sse2|avx2|auto chooses the rasterizer's span
// loops for the whole run (ctest runs the [raster] and [gpu] tests under each, see
// tests/CMakeLists.txt).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>

#include "gpu/rasterizer_isa.h"

int main(int argc, char** argv) {
    if (const char* isa = std::getenv("SKIPJACK_RASTER_ISA")) {
        gpu::RasterIsa choice;
        if (!gpu::parseRasterizerIsa(isa, choice)) {
            std::fprintf(stderr, "SKIPJACK_RASTER_ISA: unknown value '%s'\n", isa);
            return 2;
        }
        gpu::setRasterizerIsa(choice);
    }
    return Catch::Session().run(argc, argv);
}
