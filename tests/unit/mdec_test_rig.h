#pragma once
// A lone MDEC on a scheduler (no CPU, no DMA controller), driven through its ports, with
// helpers that build command streams as a program would.
#include <algorithm>
#include <span>
#include <vector>

#include "core/mdec/mdec.h"
#include "core/scheduler.h"
#include "device_test_util.h"
#include "mdec_reference.h"

namespace mdectest {

constexpr uint32_t kMdec0 = 0x1f801820, kMdec1 = 0x1f801824;

// MDEC(1) command word (macroblockdecodermdec.md "MDEC(1) - Decode Macroblock(s)").
inline uint32_t decodeCommand(uint32_t depth, bool isSigned, bool bit15, uint32_t words) {
    return 1u << 29 | depth << 27 | uint32_t(isSigned) << 26 | uint32_t(bit15) << 25 | words;
}

// Halfwords -> words (low halfword first), padded with FE00h.
inline std::vector<uint32_t> toWords(std::vector<uint16_t> h) {
    if (h.size() & 1) h.push_back(0xfe00);
    std::vector<uint32_t> w;
    for (size_t i = 0; i < h.size(); i += 2)
        w.push_back(uint32_t(h[i]) | uint32_t(h[i + 1]) << 16);
    return w;
}

// A block that is DC only: q_scale 1, DC `dc` (10-bit signed), then the end code.
inline void dcBlock(std::vector<uint16_t>& s, int dc) {
    s.push_back(uint16_t(1 << 10 | (dc & 0x3ff)));
    s.push_back(0xfe00);
}

struct Rig {
    core::Scheduler sched;
    core::Mdec mdec{sched};

    uint32_t status() { return mdec.read(kMdec1, 4); }
    void command(uint32_t word, const std::vector<uint32_t>& params = {}) {
        mdec.write(kMdec0, word, 4);
        for (uint32_t p : params)
            mdec.write(kMdec0, p, 4);
    }
    // MDEC(2) with both tables, MDEC(3) with the reference's standard table.
    void setTables(const uint8_t luma[64], const uint8_t chroma[64]) {
        std::vector<uint32_t> q;
        for (int t = 0; t < 2; ++t)
            for (int i = 0; i < 64; i += 4) {
                const uint8_t* src = t ? chroma : luma;
                q.push_back(uint32_t(src[i]) | uint32_t(src[i + 1]) << 8 |
                            uint32_t(src[i + 2]) << 16 | uint32_t(src[i + 3]) << 24);
            }
        command(0x40000001, q);
        std::vector<uint32_t> sc;
        for (int i = 0; i < 64; i += 2)
            sc.push_back(uint32_t(mdecref::kScale[i]) | uint32_t(mdecref::kScale[i + 1]) << 16);
        command(0x60000000, sc);
    }
    void params(const std::vector<uint32_t>& words) {
        for (uint32_t p : words)
            mdec.write(kMdec0, p, 4);
    }
    void run(core::Cycles cycles) { testutil::runFor(sched, cycles); }
    // As DMA0 and DMA1 in slice mode with 20h-word blocks (requests enabled): feeds `words`
    // from `pos` on and collects every output word, running the decode time in between.
    std::vector<uint32_t> stream(const std::vector<uint32_t>& words, size_t pos = 0) {
        std::vector<uint32_t> out;
        for (;;) {
            if (pos < words.size() && mdec.dataInRequest()) {
                size_t n = std::min<size_t>(32, words.size() - pos);
                mdec.dmaIn(std::span<const uint32_t>(words.data() + pos, n),
                           core::DmaClock{sched.now(), 0, 0x110});
                pos += n;
                run(n);
            } else if (mdec.dataOutRequest()) {
                std::vector<uint32_t> block = readDma(32);
                out.insert(out.end(), block.begin(), block.end());
                run(32);
            } else if (sched.nextDue() != UINT64_MAX) {
                run(sched.nextDue() - sched.now());
            } else {
                return out;
            }
        }
    }
    std::vector<uint32_t> readPort(size_t n) {
        std::vector<uint32_t> v;
        for (size_t i = 0; i < n; ++i)
            v.push_back(mdec.read(kMdec0, 4));
        return v;
    }
    std::vector<uint32_t> readDma(size_t n) {
        std::vector<uint32_t> v(n);
        mdec.dmaOut(v);
        return v;
    }
    void writeDma(const std::vector<uint32_t>& words) {
        mdec.dmaIn(words, core::DmaClock{sched.now(), 0, 0});
    }
};

} // namespace mdectest
