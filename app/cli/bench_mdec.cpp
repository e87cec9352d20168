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
#include "core/dma.h"
#include "core/mdec/mdec.h"
#include "core/mdec/mdec_tables.h"

namespace cli {

namespace {

constexpr uint32_t kMdec0 = 0x1f801820, kMdec1 = 0x1f801824;
constexpr unsigned kFrameMacroblocks = 20 * 15; // 320x240

// A movie-like stream: per block a DC and about a dozen AC values with short runs (what
// quantised natural pictures give), the end code, FE00h padding to whole words. The same
// pseudo-random sequence every run.
std::vector<uint32_t> makeStream(unsigned macroblocks) {
    std::vector<uint16_t> h;
    uint32_t rng = 0x15u;
    auto next = [&rng] {
        rng = rng * 1664525u + 1013904223u;
        return rng >> 8;
    };
    for (unsigned mb = 0; mb < macroblocks; ++mb)
        for (unsigned b = 0; b < 6; ++b) {
            h.push_back(uint16_t(8u << 10 | (next() & 0x3ff)));
            unsigned k = 0, entries = 6 + next() % 12;
            for (unsigned e = 0; e < entries; ++e) {
                unsigned run = next() % 4;
                if (k + run + 1 > 63) break;
                k += run + 1;
                int v = int(next() % 61) - 30;
                h.push_back(uint16_t(run << 10 | (uint32_t(v) & 0x3ff)));
            }
            h.push_back(core::mdec::kEndCode);
        }
    if (h.size() & 1) h.push_back(core::mdec::kEndCode);
    std::vector<uint32_t> w;
    for (size_t i = 0; i < h.size(); i += 2)
        w.push_back(uint32_t(h[i]) | uint32_t(h[i + 1]) << 16);
    return w;
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
    const std::vector<uint32_t> stream = makeStream(kFrameMacroblocks);
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
