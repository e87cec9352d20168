// skipjack-cli: headless front end (PLACEHOLDER for `run`; the CLI helper completes it).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/system.h"

namespace {
bool readFile(const std::string& path, std::vector<uint8_t>& out, std::string& error) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        error = "cannot open " + path;
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(f), {});
    return true;
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 3 || std::strcmp(argv[1], "run") != 0) {
        std::fprintf(stderr, "usage: skipjack-cli run PROGRAM.exe [--frames N] [--tty]\n");
        return 2;
    }
    std::string program = argv[2];
    long frames = 600;
    bool tty = false;
    for (int i = 3; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--frames") && i + 1 < argc)
            frames = std::atol(argv[++i]);
        else if (!std::strcmp(argv[i], "--tty"))
            tty = true;
    }
    std::vector<uint8_t> data;
    std::string error;
    if (!readFile(program, data, error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        return 2;
    }
    core::System system;
    if (tty) system.ttyOut = [](char c) { std::fputc(c, stdout); };
    if (!system.loadExe(data, error)) {
        std::fprintf(stderr, "skipjack-cli: %s: %s\n", program.c_str(), error.c_str());
        return 2;
    }
    for (long f = 0; f < frames && !system.exited(); ++f)
        system.runFrame();
    std::fflush(stdout);
    return system.exited() ? system.exitCode() : 0;
}
