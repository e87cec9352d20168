// skipjack-cli's --render-thread on|off (issue 16 item 1): accepted by run and bench gpu/cpu,
// refused with another value and by bench frameskip (its simulated host clock is its own).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "app/cli/options.h"

namespace {
bool parse(std::vector<std::string> args, cli::Options& o, std::string& error) {
    args.insert(args.begin(), "skipjack-cli");
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    return cli::parseOptions(int(argv.size()), argv.data(), o, error);
}
} // namespace

TEST_CASE("cli: --render-thread on|off", "[cli][render-thread]") {
    std::string error;
    cli::Options run;
    CHECK_FALSE(run.renderThread); // off unless asked for
    REQUIRE(parse({"run", "--render-thread", "on"}, run, error));
    CHECK(run.renderThread);
    cli::Options off;
    REQUIRE(parse({"run", "--render-thread", "on", "--render-thread", "off"}, off, error));
    CHECK_FALSE(off.renderThread);
    cli::Options bench;
    REQUIRE(parse({"bench", "gpu", "--render-thread", "on"}, bench, error));
    CHECK(bench.renderThread);
    cli::Options bad;
    CHECK_FALSE(parse({"run", "--render-thread", "yes"}, bad, error));
    CHECK(error.find("on or off") != std::string::npos);
    cli::Options frameskip;
    CHECK_FALSE(parse({"bench", "frameskip", "--render-thread", "on"}, frameskip, error));
}
