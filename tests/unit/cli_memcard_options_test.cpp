// skipjack-cli's memory card options: --memcard1/--memcard2 are slot A of their port, and
// --memcard1b..d/--memcard2b..d the card slots B-D of a multitap there (README.md; the
// multitap's cards answer 82h..84h, controllersandmemorycards.md "Multitap Memory Card Access").
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "app/cli/options.h"

namespace {
bool parse(std::vector<std::string> args, cli::Options& o, std::string& error) {
    args.insert(args.begin(), {"skipjack-cli", "run"});
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    return cli::parseOptions(int(argv.size()), argv.data(), o, error);
}
} // namespace

TEST_CASE("cli: --memcard1b..d and --memcard2b..d fill the multitap's card slots B-D",
          "[cli][memcard][multitap]") {
    cli::Options o;
    std::string error;
    REQUIRE(parse({"--pad1", "multitap", "--pad2", "multitap:dualshock", "--memcard1", "a.mcd",
                   "--memcard1b", "b.mcd", "--memcard1d", "d.mcd", "--memcard2", "e.mcd",
                   "--memcard2c", "g.mcd"},
                  o, error));
    CHECK(o.memcard[0][0] == "a.mcd");
    CHECK(o.memcard[0][1] == "b.mcd");
    CHECK(o.memcard[0][2].empty());
    CHECK(o.memcard[0][3] == "d.mcd");
    CHECK(o.memcard[1][0] == "e.mcd");
    CHECK(o.memcard[1][2] == "g.mcd");
}

TEST_CASE("cli: a card in multitap slot B-D without a multitap on the port is refused",
          "[cli][memcard][multitap]") {
    cli::Options o;
    std::string error;
    CHECK_FALSE(parse({"--pad1", "multitap", "--memcard2b", "b.mcd"}, o, error));
    CHECK(error == "--memcard2b needs a multitap: --pad2 multitap");
    cli::Options plain;
    CHECK(parse({"--memcard1", "a.mcd", "--memcard2", "b.mcd"}, plain, error));
    CHECK(plain.memcard[1][0] == "b.mcd");
}

TEST_CASE("cli: one card image in two slots is refused - --memcard1a and --memcard1e are unknown",
          "[cli][memcard][multitap]") {
    cli::Options o;
    std::string error;
    CHECK_FALSE(
        parse({"--pad1", "multitap", "--memcard1", "x.mcd", "--memcard1c", "x.mcd"}, o, error));
    CHECK(error.find("x.mcd") != std::string::npos);
    cli::Options a;
    CHECK_FALSE(parse({"--pad1", "multitap", "--memcard1a", "x.mcd"}, a, error));
    CHECK(error == "unknown option '--memcard1a' for run");
    cli::Options e;
    CHECK_FALSE(parse({"--pad1", "multitap", "--memcard1e", "x.mcd"}, e, error));
    CHECK(error == "unknown option '--memcard1e' for run");
}
