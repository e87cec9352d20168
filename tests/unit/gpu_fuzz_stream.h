#pragma once
// The hostile GP0/GP1 streams of gpu_fuzz_test.cpp, shared with rasterizer_simd_test.cpp.
#include <random>

#include "gpu_test_rig.h"

namespace gputest {

// One word of a hostile stream: command bytes the reference lists (polygons 20h-3Fh, lines
// 40h-5Fh, rectangles 60h-7Fh, transfers 80h-DFh, E1h-E6h, fills, NOPs, odd opcodes), vertex
// words at and past the 11-bit range, sizes of 0 and of the whole VRAM, the polyline
// terminator pattern, and plain noise.
inline uint32_t hostileWord(std::mt19937& rng) {
    auto pick = [&](uint32_t n) { return uint32_t(rng() % n); };
    switch (pick(8)) {
    case 0: { // a command word
        static constexpr uint8_t kOps[] = {
            0x00, 0x01, 0x02, 0x03, 0x1F, 0x20, 0x24, 0x28, 0x2C, 0x30, 0x34, 0x38, 0x3C, 0x3E,
            0x40, 0x42, 0x48, 0x4A, 0x50, 0x58, 0x5A, 0x60, 0x64, 0x68, 0x6C, 0x70, 0x74, 0x78,
            0x7C, 0x7E, 0x80, 0xA0, 0xC0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xFF};
        return uint32_t(kOps[pick(sizeof kOps)]) << 24 | (rng() & 0xFFFFFF);
    }
    case 1: return 0x55555555; // polyline terminator (also a valid vertex)
    case 2: {                  // coordinates at the edges of the signed 11-bit range
        static constexpr uint16_t kEdges[] = {0,    1,     511,   512,   1023,
                                              1024, 0x3FF, 0x400, 0x7FF, 0xFFFF};
        return uint32_t(kEdges[pick(10)]) << 16 | kEdges[pick(10)];
    }
    case 3: return 0xE1000000u | (rng() & 0x3FFF); // texpage / drawing mode with every bit
    default: return rng();
    }
}

inline uint32_t hostileGp1(std::mt19937& rng) {
    uint32_t cmd = rng() % 0x50;              // 00h-3Fh plus the 40h+ mirrors
    if (cmd == 0x00 && rng() % 8) cmd = 0x08; // full resets are rare: they hide other state
    return cmd << 24 | (rng() & 0xFFFFFF);
}

inline void feed(Rig& r, std::mt19937& rng, int words) {
    for (int i = 0; i < words; ++i) {
        uint32_t roll = rng() % 100;
        if (roll < 1) {
            r.gp1(hostileGp1(rng));
        } else if (roll < 5) {
            r.read(); // GPUREAD while a read-back may or may not be in progress
        } else if (roll < 6) {
            r.stat();
        } else {
            r.gp0(hostileWord(rng));
        }
        r.now += rng() % 64;
        if (rng() % 2048 == 0) r.gpu.scanline(rng() % 314, rng() & 1, rng() & 1);
    }
}

// One frame of the fuzz stream: 3000 hostile words, then well-formed drawing into one of two
// 320x240 display buffers (so that frame skipping defers and kills records) that textured
// sprites also sample. True when the texture cache tracker is live afterwards.
inline bool fuzzFrame(Rig& r, std::mt19937& g, int frame) {
    // Most frames draw into one of two 320x240 display buffers, until the stream's own
    // E3h/E4h/GP1 words move things.
    uint32_t y = (frame & 1) ? 240 : 0;
    r.gp1(0x05000000u | (y << 10));
    r.gp1(0x08000001u);
    r.gp0({0xE3000000u | (y << 10), 0xE4000000u | ((y + 239) << 10) | 319u});
    feed(r, g, 3000);
    r.idle();
    r.gp1(0x01000000u);                                         // drop a half-received packet
    r.gp1(0x03000000u);                                         // display on
    r.gp1(0x05000000u | (((frame + 1) & 1 ? 240u : 0u) << 10)); // shows the other
    // 15-bit texture page 0: sprites sample the buffer at Y 0 (the texture cache turns live
    // when drawing lands on lines already fetched).
    r.gp0({0xE1000500u, 0xE3000000u | (y << 10), 0xE4000000u | ((y + 239) << 10) | 319u,
           0xE5000000u, 0xE6000000u});
    for (int i = 0; i < 40; ++i) {
        auto v = [&] { return (uint32_t(y + g() % 240) << 16) | uint32_t(g() % 320); };
        r.gp0({0x20000000u | uint32_t(g() & 0xFFFFFF), v(), v(), v()});
        r.gp0({0x60000000u | uint32_t(g() & 0xFFFFFF), v(), uint32_t(8 + g() % 64) << 16 | 64u});
        r.gp0({0x65000000u, v(), uint32_t(g() & 0xFFFF),
               uint32_t(4 + g() % 32) << 16 | uint32_t(4 + g() % 32)});
        if (g() % 16 == 0) r.gp0(0x01000000u);
    }
    return r.gpu.textureCacheTracker().live();
}

} // namespace gputest
