// skipjack-strenc: makes a test movie as STR sectors (assets/tools/str_format.h): generated
// frames (a colour field with a moving bar and ring, so consecutive frames differ everywhere)
// through the MDEC encoder, each frame cut into 2048-byte sectors with STR headers.
//   skipjack-strenc OUT.str [--frames N] [--width W] [--height H] [--qscale Q]
// The file is the movie's data as a program reads it with 2048-byte sectors; a disc builder
// places it in a file of the disc image. Written to a temporary file, then renamed.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "assets/tools/mdec_encoder.h"
#include "assets/tools/str_format.h"

namespace {

std::vector<uint8_t> frame(int n, int w, int h) {
    std::vector<uint8_t> rgb(size_t(w) * h * 3);
    const int bar = (n * 7) % w, cx = w / 2 + (n * 3) % (w / 4), cy = h / 2;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = &rgb[(size_t(y) * w + x) * 3];
            const int dx = x - cx, dy = y - cy, ring = (dx * dx + dy * dy) / 64;
            p[0] = uint8_t((x * 255) / w);
            p[1] = uint8_t((ring & 4) ? 230 : (y * 200) / h);
            p[2] = uint8_t(std::abs(x - bar) < 12 ? 250 : 40 + n % 64);
        }
    return rgb;
}

bool number(const char* s, int lo, int hi, int& out) {
    char* end = nullptr;
    long v = std::strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return false;
    out = int(v);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: skipjack-strenc OUT.str [--frames N] [--width W] "
                             "[--height H] [--qscale Q]\n");
        return 2;
    }
    int frames = 30, width = 320, height = 240, qScale = 8;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        int* target = a == "--frames"   ? &frames
                      : a == "--width"  ? &width
                      : a == "--height" ? &height
                      : a == "--qscale" ? &qScale
                                        : nullptr;
        const int hi = target == &qScale ? 63 : 4096;
        if (!target || i + 1 >= argc || !number(argv[++i], 1, hi, *target)) {
            std::fprintf(stderr, "skipjack-strenc: bad option '%s'\n", a.c_str());
            return 2;
        }
    }
    if (width % 16 || height % 16) {
        std::fprintf(stderr, "skipjack-strenc: width and height must be multiples of 16\n");
        return 2;
    }
    const std::string out = argv[1], tmp = out + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary);
        for (int n = 0; n < frames && f; ++n) {
            const auto rgb = frame(n, width, height);
            const auto stream = tools::mdec::encodePicture(rgb.data(), width, height, qScale,
                                                           tools::mdec::defaultTables());
            for (const auto& s : tools::str::frameSectors(
                     uint32_t(n + 1), uint16_t(width), uint16_t(height), uint16_t(qScale), stream))
                f.write(reinterpret_cast<const char*>(s.data()), std::streamsize(s.size()));
        }
        if (!f) {
            std::fprintf(stderr, "skipjack-strenc: cannot write %s\n", tmp.c_str());
            return 2;
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, out, ec);
    if (ec) {
        std::fprintf(stderr, "skipjack-strenc: cannot rename to %s\n", out.c_str());
        return 2;
    }
    return 0;
}
