// skipjack-cli: the headless front end (run, info, bench).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/cli/common.h"
#include "app/cli/options.h"
#include "gpu/rasterizer_isa.h"

int main(int argc, char** argv) {
    // SKIPJACK_RASTER_ISA=scalar|sse2|avx2|auto forces the rasterizer's span loops (all draw
    // the same pixels; for benchmarks and tests).
    if (const char* isa = std::getenv("SKIPJACK_RASTER_ISA")) {
        gpu::RasterIsa choice;
        if (!gpu::parseRasterizerIsa(isa, choice)) {
            std::fprintf(stderr,
                         "skipjack-cli: SKIPJACK_RASTER_ISA: unknown value '%s' "
                         "(scalar, sse2, avx2 or auto)\n",
                         isa);
            return cli::kExitBadInput;
        }
        gpu::setRasterizerIsa(choice);
    }
    cli::Options o;
    std::string error;
    if (!cli::parseOptions(argc, argv, o, error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        cli::printUsage(stderr);
        return cli::kExitBadInput;
    }
    if (o.command == "help") {
        cli::printUsage(stdout);
        return cli::kExitOk;
    }
    if (o.command == "info") return cli::infoCommand(o);
    if (o.command == "bench") return cli::benchCommand(o);
    return cli::runCommand(o);
}
