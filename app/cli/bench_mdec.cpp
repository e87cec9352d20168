// `skipjack-cli bench mdec`: macroblocks decoded per host second through the MDEC's whole path
// (run-length stream in by DMA0 blocks, dequantisation, IDCT, YUV -> RGB, 16x16 words out by
// DMA1 blocks), as JSON. The hardware manages about 9 000 colour macroblocks per second (a
// 320x240 movie at 30 frames per second); the goal is 20 times that on one core.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <span>
#include <vector>

#include "app/cli/common.h"
#include "assets/tools/mdec_encoder.h"
#include "core/dma.h"
#include "core/mdec/mdec.h"
#include "core/mdec/mdec_tables.h"

namespace cli {

namespace {

constexpr uint32_t kMdec0 = 0x1f801820, kMdec1 = 0x1f801824;
constexpr unsigned kFrameMacroblocks = 20 * 15; // 320x240

// A movie-like stream: a generated 320x240 picture (gradients, rings and edges) through the
// encoder (assets/tools/mdec_encoder.h) at a movie's usual q_scale.
std::vector<uint32_t> makeStream() {
    constexpr int kW = 320, kH = 240;
    std::vector<uint8_t> rgb(size_t(kW) * kH * 3);
    for (int y = 0; y < kH; ++y)
        for (int x = 0; x < kW; ++x) {
            const int dx = x - 160, dy = y - 120, ring = (dx * dx + dy * dy) / 97;
            uint8_t* p = &rgb[(size_t(y) * kW + x) * 3];
            p[0] = uint8_t(x * 255 / kW);
            p[1] = uint8_t((ring & 8) ? 220 : 40 + y / 2);
            p[2] = uint8_t(((x / 24 + y / 24) & 1) ? 200 : 60);
        }
    return tools::mdec::toWords(
        tools::mdec::encodePicture(rgb.data(), kW, kH, 8, tools::mdec::defaultTables()));
}

struct Result {
    uint64_t macroblocks = 0, words = 0, checksum = 0;
    double seconds = 0;    // wall clock
    double cpuSeconds = 0; // this process's CPU time: the one-core figure on a busy host
};

// Decodes `frames` frames of the stream at `depth` (2: 24-bit, 3: 15-bit) as a movie player
// does: one MDEC(1) per frame, DMA0 and DMA1 in 20h-word blocks while the scheduler runs the
// decode time.
Result run(const std::vector<uint32_t>& stream, uint32_t depth, unsigned frames) {
    core::Scheduler sched;
    core::Mdec mdec(sched);
    mdec.write(kMdec1, 0x80000000u, 4);
    mdec.write(kMdec1, 0x60000000u, 4); // data-in and data-out requests on
    uint8_t q[64];
    for (unsigned i = 0; i < 64; ++i)
        q[i] = uint8_t(2 + i / 2);
    mdec.write(kMdec0, 0x40000001u, 4);
    for (unsigned t = 0; t < 2; ++t)
        for (unsigned i = 0; i < 64; i += 4)
            mdec.write(kMdec0, uint32_t(q[i]) | q[i + 1] << 8 | q[i + 2] << 16 | q[i + 3] << 24, 4);
    mdec.write(kMdec0, 0x60000000u, 4);
    for (unsigned i = 0; i < 64; i += 2)
        mdec.write(kMdec0,
                   uint32_t(uint16_t(core::mdec::kStandardScale[i])) |
                       uint32_t(uint16_t(core::mdec::kStandardScale[i + 1])) << 16,
                   4);
    Result r;
    uint32_t out[32];
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    for (unsigned f = 0; f < frames; ++f) {
        mdec.write(kMdec0, 1u << 29 | depth << 27 | uint32_t(stream.size()), 4);
        size_t pos = 0;
        for (;;) {
            bool progress = false;
            if (pos < stream.size() && mdec.dataInRequest()) {
                size_t n = std::min<size_t>(32, stream.size() - pos);
                mdec.dmaIn(std::span<const uint32_t>(stream.data() + pos, n),
                           core::DmaClock{sched.now(), 0, core::Dma::kWordCost[0]});
                sched.advance((n * core::Dma::kWordCost[0]) >> 8);
                pos += n;
                progress = true;
            }
            if (mdec.dataOutRequest()) {
                mdec.dmaOut(out);
                sched.advance((32 * core::Dma::kWordCost[1]) >> 8);
                for (uint32_t w : out)
                    r.checksum = r.checksum * 31 + w;
                r.words += 32;
                progress = true;
            }
            if (progress) continue;
            if (!(mdec.status() & (1u << 29)) || sched.nextDue() == UINT64_MAX) break;
            sched.advance(std::max(sched.nextDue(), sched.now()) - sched.now());
            sched.runDue();
        }
        r.macroblocks += kFrameMacroblocks;
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.cpuSeconds = double(std::clock() - c0) / CLOCKS_PER_SEC;
    return r;
}

} // namespace

int benchMdecCommand(const Options& o) {
    constexpr double kHardwareMacroblocksPerSecond = 9000.0;
    unsigned frames = o.frames > 0 ? unsigned(o.frames) : 300;
    const std::vector<uint32_t> stream = makeStream();
    std::printf("{\"benchmark\":\"mdec\",\"frames\":%u,\"macroblocks_per_frame\":%u", frames,
                kFrameMacroblocks);
    for (uint32_t depth : {3u, 2u}) {
        Result r = run(stream, depth, frames);
        double mbps = r.seconds > 0 ? double(r.macroblocks) / r.seconds : 0.0;
        double cpuMbps = r.cpuSeconds > 0 ? double(r.macroblocks) / r.cpuSeconds : 0.0;
        const char* name = depth == 3 ? "15bit" : "24bit";
        std::printf(",\"%s\":{\"macroblocks\":%llu,\"words_out\":%llu,\"host_seconds\":%.6f,"
                    "\"macroblocks_per_second\":%.0f,\"cpu_seconds\":%.6f,"
                    "\"macroblocks_per_cpu_second\":%.0f,\"times_hardware\":%.2f,"
                    "\"checksum\":\"%016llx\"}",
                    name, static_cast<unsigned long long>(r.macroblocks),
                    static_cast<unsigned long long>(r.words), r.seconds, mbps, r.cpuSeconds,
                    cpuMbps, cpuMbps / kHardwareMacroblocksPerSecond,
                    static_cast<unsigned long long>(r.checksum));
    }
    std::printf("}\n");
    return kExitOk;
}

} // namespace cli
