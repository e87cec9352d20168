// skipjack-cli: the headless front end (run, info, bench).
#include <cstdio>
#include <string>

#include "app/cli/common.h"
#include "app/cli/options.h"

int main(int argc, char** argv) {
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
