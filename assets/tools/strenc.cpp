// skipjack-strenc: makes a test movie as STR sectors (assets/tools/str_format.h): generated
// frames (a colour field with a moving bar and rings, so consecutive frames differ everywhere)
// through the MDEC encoder and the BS v2 variable-length stage (bs_encoder.h), each frame cut
// into 2048-byte sectors with STR headers.
//   skipjack-strenc OUT.str [--frames N] [--width W] [--height H] [--qscale Q] [--xa RAW]
// The file is the movie's data as a program reads it with 2048-byte sectors; a disc builder
// places it in a file of the disc image. Written to a temporary file, then renamed.
// --xa RAW adds XA audio (cdromformat.md "Audio/Video Interleave"): every 8th sector from the
// first is a real-time Form 2 audio sector (4-bit stereo 37.8 kHz: the 1/8 interleave of
// double speed) of a tone sequence the tool synthesizes; video sectors become real-time data
// sectors of the same file/channel (kXaFile/kXaChannel, the player's Setfilter). RAW gets
// every sector as MODE2/2336 (the subheader twice, then 920h bytes: Form 1 data + zeros for
// EDC/ECC, or the Form 2 data) for skipjack-mkdisc --raw-file; OUT.str then holds each
// sector's first 800h bytes, so the ISO file has the stream's size.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "assets/tools/bs_encoder.h"
#include "assets/tools/mdec_encoder.h"
#include "assets/tools/str_format.h"
#include "assets/tools/xa_encoder.h"

namespace {

std::vector<uint8_t> frame(int n, int w, int h) {
    std::vector<uint8_t> rgb(size_t(w) * h * 3);
    const int bar = (n * 7) % w, cx = w / 2 + (n * 3) % (w / 4), cy = h / 2;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = &rgb[(size_t(y) * w + x) * 3];
            // Diamond rings 16 pixels wide: sharp edges, none finer than a block at any size.
            const int ring = std::abs(x - cx) + std::abs(y - cy);
            p[0] = uint8_t((x * 255) / w);
            p[1] = uint8_t((ring & 16) ? 230 : (y * 200) / h);
            p[2] = uint8_t(std::abs(x - bar) < 12 ? 250 : 40 + n % 64);
        }
    return rgb;
}

// The file/channel of the movie's sectors (assets/movie/player.c Setfilter).
constexpr uint8_t kXaFile = 1, kXaChannel = 1;
// Submode (cdromformat.md "3rd Subheader byte"): audio, Form 2, real time; data, real time.
constexpr uint8_t kSubmodeAudio = 0x64, kSubmodeVideo = 0x48;
constexpr size_t kRawBytes = 2336;

// The source audio, committed as this table: a tone sequence at 37.8 kHz, one note per audio
// sector (2016 frames, 53 ms), the right channel a fourth below the left; each note fades in
// and out over 64 samples so the joins do not click.
void toneSector(int n, int16_t* pcm) {
    static const double kNotes[] = {523.25, 659.26, 783.99, 1046.50, 880.00, 698.46, 587.33};
    const double left = kNotes[n % 7], right = left * 0.75;
    const int frames = int(tools::xa::kStereoFrames);
    for (int i = 0; i < frames; ++i) {
        const double t = double(n * frames + i) / 37800.0;
        const double env = std::min({1.0, i / 64.0, (frames - 1 - i) / 64.0});
        pcm[i * 2] = int16_t(std::lround(9000 * env * std::sin(6.283185307179586 * left * t)));
        pcm[i * 2 + 1] = int16_t(std::lround(9000 * env * std::sin(6.283185307179586 * right * t)));
    }
}

bool writeThenRename(const std::string& out, const std::vector<uint8_t>& data) {
    const std::string tmp = out + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary);
        if (!f.write(reinterpret_cast<const char*>(data.data()), std::streamsize(data.size())))
            return false;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, out, ec);
    return !ec;
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
                             "[--height H] [--qscale Q] [--xa RAW]\n");
        return 2;
    }
    int frames = 30, width = 320, height = 240, qScale = 8;
    std::string xaOut;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--xa" && i + 1 < argc) {
            xaOut = argv[++i];
            continue;
        }
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
    std::vector<tools::str::Sector> video;
    for (int n = 0; n < frames; ++n) {
        const auto rgb = frame(n, width, height);
        const auto stream = tools::mdec::encodePicture(rgb.data(), width, height, qScale,
                                                       tools::mdec::defaultTables());
        const size_t blocks = size_t(width / 16) * size_t(height / 16) * 6;
        const auto bs = tools::bs::encodeFrame(stream, blocks, uint16_t(qScale));
        if (bs.empty()) {
            std::fprintf(stderr, "skipjack-strenc: frame %d cannot be BS-coded\n", n + 1);
            return 2;
        }
        for (const auto& s :
             tools::str::frameSectors(uint32_t(n + 1), uint16_t(width), uint16_t(height), bs))
            video.push_back(s);
    }
    std::vector<uint8_t> str, raw;
    if (xaOut.empty()) {
        for (const auto& s : video)
            str.insert(str.end(), s.begin(), s.end());
    } else {
        tools::xa::State state;
        std::vector<int16_t> pcm(tools::xa::kStereoFrames * 2);
        int notes = 0;
        for (size_t k = 0, v = 0; v < video.size(); ++k) {
            uint8_t sector[kRawBytes] = {};
            const bool audio = k % 8 == 0;
            const uint8_t sub[4] = {kXaFile, kXaChannel, audio ? kSubmodeAudio : kSubmodeVideo,
                                    audio ? tools::xa::kCodingStereo : uint8_t(0)};
            std::memcpy(sector, sub, 4);
            std::memcpy(sector + 4, sub, 4);
            if (audio) {
                toneSector(notes++, pcm.data());
                tools::xa::encodeSector(state, pcm.data(), true, sector + 8);
            } else {
                std::memcpy(sector + 8, video[v++].data(), tools::str::kSectorBytes);
            }
            raw.insert(raw.end(), sector, sector + kRawBytes);
            str.insert(str.end(), sector + 8, sector + 8 + tools::str::kSectorBytes);
        }
    }
    if (!writeThenRename(argv[1], str) || (!xaOut.empty() && !writeThenRename(xaOut, raw))) {
        std::fprintf(stderr, "skipjack-strenc: cannot write %s\n", argv[1]);
        return 2;
    }
    return 0;
}
