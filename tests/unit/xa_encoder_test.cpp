// The host XA-ADPCM encoder (assets/tools/xa_encoder.h) that makes the movie's audio. Its
// sectors are decoded here by a decoder written from the reference, not by the encoder or the
// drive: cdromformat.md "ADPCM Sectors" (18 portions of 128 bytes: header bytes 04h..0Bh with
// copies at 00h..03h and 0Ch..0Fh, then 28 data words), "XA-ADPCM Header Bytes" (shift in bits
// 0-3, filter in bits 4-5), "decode_sector" / "decode_28_nibbles" (stereo: low nibbles left,
// high nibbles right; mono: low then high nibbles) and "Pos/neg Tables".
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "xa_encoder.h"

namespace {

struct Channel {
    int old = 0, older = 0;
};

void decode28(const uint8_t* src, int blk, int nibble, std::vector<int16_t>& dst, Channel& c) {
    static const int pos[4] = {0, 60, 115, 98};
    static const int neg[4] = {0, 0, -52, -55};
    const uint8_t header = src[4 + blk * 2 + nibble];
    const int shift = 12 - (header & 0x0F);
    const int filter = (header & 0x30) >> 4;
    for (int j = 0; j < 28; ++j) {
        int t = (src[16 + blk + j * 4] >> (nibble * 4)) & 0x0F;
        if (t >= 8) t -= 16; // signed4bit
        // (old*f0 + older*f1 + 32) / 64, rounding down
        const int p = int(std::floor((c.old * pos[filter] + c.older * neg[filter] + 32) / 64.0));
        int s = t * (1 << shift) + p;
        s = s < -32768 ? -32768 : s > 32767 ? 32767 : s;
        dst.push_back(int16_t(s));
        c.older = c.old;
        c.old = s;
    }
}

// One sector's 900h data bytes; appends left/right (stereo) or mono samples.
void decodeSector(const uint8_t* src, bool stereo, std::vector<int16_t>& left,
                  std::vector<int16_t>& right, Channel ch[2]) {
    for (int i = 0; i < 18; ++i, src += 128)
        for (int blk = 0; blk < 4; ++blk) {
            if (stereo) {
                decode28(src, blk, 0, left, ch[0]);
                decode28(src, blk, 1, right, ch[1]);
            } else {
                decode28(src, blk, 0, left, ch[0]);
                decode28(src, blk, 1, left, ch[0]);
            }
        }
}

double snrDb(const std::vector<double>& want, const std::vector<int16_t>& got) {
    double sig = 0, noise = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        sig += want[i] * want[i];
        noise += (want[i] - got[i]) * (want[i] - got[i]);
    }
    return 10 * std::log10(sig / (noise > 0 ? noise : 1e-9));
}

} // namespace

TEST_CASE("XA encoder: stereo 4-bit sectors decode by the reference formula to the input",
          "[xa][encoder]") {
    const int sectors = 6;
    const size_t n = tools::xa::kStereoFrames;
    REQUIRE(n == 2016); // 18 portions x 4 blocks x 28 samples per channel
    std::vector<double> wantL, wantR;
    std::vector<int16_t> gotL, gotR;
    tools::xa::State state;
    Channel ch[2];
    std::vector<uint8_t> data(tools::xa::kDataBytes);
    for (int s = 0; s < sectors; ++s) {
        std::vector<int16_t> pcm(n * 2);
        for (size_t i = 0; i < n; ++i) {
            const double t = double(s * n + i) / 37800.0;
            const double l =
                12000 * std::sin(2 * M_PI * 440 * t) + 3000 * std::sin(2 * M_PI * 3100 * t);
            const double r = 9000 * std::sin(2 * M_PI * 660 * t + 1);
            pcm[i * 2] = int16_t(std::lround(l));
            pcm[i * 2 + 1] = int16_t(std::lround(r));
            wantL.push_back(pcm[i * 2]);
            wantR.push_back(pcm[i * 2 + 1]);
        }
        tools::xa::encodeSector(state, pcm.data(), true, data.data());
        for (int p = 0; p < 18; ++p) {
            const uint8_t* h = &data[size_t(p) * 128];
            for (int k = 0; k < 4; ++k) {
                CHECK(h[k] == h[4 + k]);      // 00h..03h copy 04h..07h
                CHECK(h[12 + k] == h[8 + k]); // 0Ch..0Fh copy 08h..0Bh
            }
            for (int k = 4; k < 12; ++k) {
                CHECK((h[k] & 0x0f) <= 12); // shift 0..12 (13..15 reserved)
                CHECK((h[k] & 0xc0) == 0);  // bits 6-7 unused; filter 0..3 in bits 4-5
            }
        }
        decodeSector(data.data(), true, gotL, gotR, ch);
    }
    REQUIRE(gotL.size() == wantL.size());
    REQUIRE(gotR.size() == wantR.size());
    // 4-bit ADPCM with a per-28-sample shift: about 6 dB per bit plus the prediction gain.
    CHECK(snrDb(wantL, gotL) > 30);
    CHECK(snrDb(wantR, gotR) > 30);
}

TEST_CASE("XA encoder: stereo channels are independent (a silent left decodes to zero)",
          "[xa][encoder]") {
    std::vector<int16_t> pcm(tools::xa::kStereoFrames * 2, 0);
    for (size_t i = 0; i < tools::xa::kStereoFrames; ++i)
        pcm[i * 2 + 1] = int16_t(std::lround(10000 * std::sin(i * 0.07)));
    tools::xa::State state;
    std::vector<uint8_t> data(tools::xa::kDataBytes);
    tools::xa::encodeSector(state, pcm.data(), true, data.data());
    std::vector<int16_t> left, right;
    Channel ch[2];
    decodeSector(data.data(), true, left, right, ch);
    for (int16_t v : left)
        REQUIRE(v == 0);
    std::vector<double> want;
    for (size_t i = 0; i < tools::xa::kStereoFrames; ++i)
        want.push_back(pcm[i * 2 + 1]);
    CHECK(snrDb(want, right) > 30);
}

TEST_CASE("XA encoder: mono 4-bit sectors (low nibbles, then high nibbles, per block)",
          "[xa][encoder]") {
    const size_t n = tools::xa::kMonoSamples;
    REQUIRE(n == 4032); // 18 portions x 8 units x 28 samples
    tools::xa::State state;
    Channel ch[2];
    std::vector<uint8_t> data(tools::xa::kDataBytes);
    std::vector<double> want;
    std::vector<int16_t> got, unused;
    for (int s = 0; s < 3; ++s) {
        std::vector<int16_t> pcm(n);
        for (size_t i = 0; i < n; ++i) {
            // A rising sweep: every unit sees a different frequency.
            const double t = double(s * n + i) / 37800.0;
            pcm[i] = int16_t(std::lround(14000 * std::sin(2 * M_PI * (200 + 2000 * t) * t)));
            want.push_back(pcm[i]);
        }
        tools::xa::encodeSector(state, pcm.data(), false, data.data());
        decodeSector(data.data(), false, got, unused, ch);
    }
    REQUIRE(unused.empty());
    REQUIRE(got.size() == want.size());
    CHECK(snrDb(want, got) > 30);
}
