// XA-ADPCM: the decoder against the reference algorithm, the zigzag interpolation against the
// reference tables, and the drive's routing of XA sectors with the filter, volume matrix and
// mute (cdromformat.md "CDROM XA Audio ADPCM Compression", cdromdrive.md "Setfilter").
#include <catch2/catch.hpp>

#include "cdrom_test_util.h"

using cdtest::Rig;
using core::Cdrom;
using core::cdrom::XaAdpcm;

namespace {
uint32_t lcg(uint32_t& seed) {
    seed = seed * 1103515245u + 12345u;
    return seed >> 16;
}
// 900h bytes of ADPCM: random data, block headers with shift 0..12 and filter 0..3, the
// header copies in place.
std::vector<uint8_t> randomAdpcm(uint32_t seed, unsigned maxShift = 12) {
    std::vector<uint8_t> d(0x900);
    for (auto& b : d)
        b = uint8_t(lcg(seed));
    for (size_t p = 0; p < 18; ++p) {
        uint8_t* h = d.data() + p * 128;
        for (int i = 0; i < 8; ++i)
            h[4 + i] = uint8_t((lcg(seed) % (maxShift + 1)) | ((lcg(seed) % 4) << 4));
        std::memcpy(h, h + 4, 4);
        std::memcpy(h + 12, h + 8, 4);
    }
    return d;
}

int floorDiv64(int32_t v) {
    return v >= 0 ? v / 64 : -((-v + 63) / 64);
}
int16_t clampRef(int32_t v) {
    return int16_t(v < -0x8000 ? -0x8000 : v > 0x7fff ? 0x7fff : v);
}

// cdromformat.md decode_sector / decode_28_nibbles, written out as the reference gives them.
struct RefDecoder {
    int32_t old[2] = {}, older[2] = {};
    std::vector<int16_t> left, right, mono;
    void nibbles(const uint8_t* src, int blk, int nibble, std::vector<int16_t>& dst, int ch) {
        const int pos[4] = {0, 60, 115, 98}, neg[4] = {0, 0, -52, -55};
        int shift = 12 - (src[4 + blk * 2 + nibble] & 0x0f);
        int filter = (src[4 + blk * 2 + nibble] & 0x30) >> 4;
        for (int j = 0; j < 28; ++j) {
            int t = (src[16 + blk + j * 4] >> (nibble * 4)) & 0x0f;
            if (t >= 8) t -= 16;
            int32_t s =
                t * (1 << shift) + floorDiv64(old[ch] * pos[filter] + older[ch] * neg[filter] + 32);
            s = clampRef(s);
            dst.push_back(int16_t(s));
            older[ch] = old[ch];
            old[ch] = s;
        }
    }
    void sector4(const uint8_t* src, bool stereo) {
        for (int i = 0; i < 18; ++i, src += 128)
            for (int blk = 0; blk < 4; ++blk) {
                if (stereo) {
                    nibbles(src, blk, 0, left, 0);
                    nibbles(src, blk, 1, right, 1);
                } else {
                    nibbles(src, blk, 0, mono, 0);
                    nibbles(src, blk, 1, mono, 0);
                }
            }
    }
    // 8-bit: "expanded to 16bit by left-shifting them by 8, then right-shifted by shift";
    // the four bytes of each data word are the four blocks (L,R,L,R in stereo).
    void sector8(const uint8_t* src, bool stereo) {
        const int pos[4] = {0, 60, 115, 98}, neg[4] = {0, 0, -52, -55};
        for (int i = 0; i < 18; ++i, src += 128)
            for (int blk = 0; blk < 4; ++blk) {
                int ch = stereo ? (blk & 1) : 0;
                auto& dst = stereo ? (ch ? right : left) : mono;
                int shift = src[4 + blk] & 0x0f;
                int filter = (src[4 + blk] & 0x30) >> 4;
                for (int j = 0; j < 28; ++j) {
                    int t = int8_t(src[16 + blk + j * 4]) * 256; // 16-bit value
                    int32_t s = (t >> shift) +
                                floorDiv64(old[ch] * pos[filter] + older[ch] * neg[filter] + 32);
                    s = clampRef(s);
                    dst.push_back(int16_t(s));
                    older[ch] = old[ch];
                    old[ch] = s;
                }
            }
    }
};
} // namespace

TEST_CASE("cdromformat.md decode_28_nibbles: hand-computed first samples", "[cdrom][xa]") {
    std::vector<uint8_t> d(0x900, 0);
    d[4] = 0x1c; // block 0: filter 1, shift 12
    d[5] = 0x08; // block 1: filter 0, shift 8
    for (int j = 0; j < 28; ++j)
        d[16 + j * 4] = 0x81; // block 0 nibble 1, block 1 nibble -8
    XaAdpcm::State s;
    XaAdpcm::reset(s);
    std::vector<int16_t> pcm(18 * 224);
    REQUIRE(XaAdpcm::decode(s, d.data(), 0, pcm.data()) == 18 * 224);
    // s = 1 + (old*60 + 32) / 64: 1, 2, 3, 4 ...
    CHECK(pcm[0] == 1);
    CHECK(pcm[1] == 2);
    CHECK(pcm[2] == 3);
    CHECK(pcm[3] == 4);
    // Block 1 (filter 0): -8 << 12 >> 8 = -128 every sample.
    CHECK(pcm[28] == -128);
    CHECK(pcm[55] == -128);
}

TEST_CASE("cdromformat.md decode_sector: 4-bit mono and stereo match the reference algorithm",
          "[cdrom][xa]") {
    for (bool stereo : {false, true}) {
        XaAdpcm::State s;
        XaAdpcm::reset(s);
        RefDecoder ref;
        std::vector<int16_t> got;
        for (uint32_t sector = 0; sector < 3; ++sector) {
            auto d = randomAdpcm(sector * 77 + (stereo ? 5 : 9));
            std::vector<int16_t> pcm(18 * 224);
            size_t n = XaAdpcm::decode(s, d.data(), stereo ? XaAdpcm::kCiStereo : 0, pcm.data());
            CHECK(n == (stereo ? 2016u : 4032u));
            got.insert(got.end(), pcm.begin(), pcm.begin() + n * (stereo ? 2 : 1));
            ref.sector4(d.data(), stereo);
        }
        if (stereo) {
            REQUIRE(got.size() == ref.left.size() * 2);
            for (size_t i = 0; i < ref.left.size(); ++i) {
                REQUIRE(got[i * 2] == ref.left[i]);
                REQUIRE(got[i * 2 + 1] == ref.right[i]);
            }
        } else {
            CHECK(got == ref.mono);
        }
    }
}

TEST_CASE("cdromformat.md XA-ADPCM Header Bytes: 8-bit blocks and shifts 13-15 acting as 9",
          "[cdrom][xa]") {
    for (bool stereo : {false, true}) {
        XaAdpcm::State s;
        XaAdpcm::reset(s);
        RefDecoder ref;
        auto d = randomAdpcm(stereo ? 3 : 4, 8);
        std::vector<int16_t> pcm(18 * 224);
        uint8_t ci = uint8_t(XaAdpcm::kCiEightBit | (stereo ? XaAdpcm::kCiStereo : 0));
        size_t n = XaAdpcm::decode(s, d.data(), ci, pcm.data());
        CHECK(n == (stereo ? 1008u : 2016u));
        ref.sector8(d.data(), stereo);
        for (size_t i = 0; i < n; ++i) {
            if (stereo) {
                REQUIRE(pcm[i * 2] == ref.left[i]);
                REQUIRE(pcm[i * 2 + 1] == ref.right[i]);
            } else {
                REQUIRE(pcm[i] == ref.mono[i]);
            }
        }
    }
    // Shift 13..15 decode the same as 9.
    auto a = randomAdpcm(11, 0);
    auto b = a;
    for (size_t p = 0; p < 18; ++p)
        for (int i = 4; i < 12; ++i) {
            a[p * 128 + i] = uint8_t((a[p * 128 + i] & 0x30) | 9);
            b[p * 128 + i] = uint8_t((b[p * 128 + i] & 0x30) | (13 + i % 3));
        }
    XaAdpcm::State sa, sb;
    XaAdpcm::reset(sa);
    XaAdpcm::reset(sb);
    std::vector<int16_t> pa(18 * 224), pb(18 * 224);
    XaAdpcm::decode(sa, a.data(), 0, pa.data());
    XaAdpcm::decode(sb, b.data(), 0, pb.data());
    CHECK(pa == pb);
}

TEST_CASE("cdromformat.md 25-point Zigzag Interpolation: the impulse response is the tables",
          "[cdrom][xa]") {
    XaAdpcm::State s;
    XaAdpcm::reset(s);
    std::vector<int16_t> in(12, 0);
    in[0] = 0x4000; // half scale: each output is table * 4000h / 8000h
    std::vector<int16_t> out(14 * 2);
    REQUIRE(XaAdpcm::resample(s, in.data(), 12, 0, out.data()) == 14);
    // Index 6 of Table1..7: -2, +3, -5, +5, +0Ah, +1Ah, -44h, halved (rounded down).
    const int16_t row6[7] = {-1, 1, -3, 2, 5, 13, -34};
    // Index 12: +9, +132h, -39Eh, +9B8h, -1780h, +53E0h, +53E0h, halved.
    const int16_t row12[7] = {4, 153, -463, 1244, -3008, 10736, 10736};
    for (int t = 0; t < 7; ++t) {
        CHECK(out[t * 2] == row6[t]);
        CHECK(out[t * 2 + 1] == row6[t]); // mono: both sides
        CHECK(out[(7 + t) * 2] == row12[t]);
    }
}

TEST_CASE("cdromformat.md Audio/Video Interleave: output frames per sector at 44.1 kHz",
          "[cdrom][xa]") {
    XaAdpcm::State s;
    XaAdpcm::reset(s);
    auto d = randomAdpcm(21);
    uint8_t ci = XaAdpcm::kCiStereo | XaAdpcm::kCiHalfRate;
    std::vector<int16_t> pcm(18 * 224 * 2), out(XaAdpcm::kMaxOutputFrames * 2);
    size_t n = XaAdpcm::decode(s, d.data(), ci, pcm.data());
    CHECK(n == 2016);
    CHECK(XaAdpcm::resample(s, pcm.data(), n, ci, out.data()) == 4704);
    // 37.8 kHz mono: 4032 samples, 4704 frames.
    n = XaAdpcm::decode(s, d.data(), 0, pcm.data());
    CHECK(XaAdpcm::resample(s, pcm.data(), n, 0, out.data()) == 4704);
    // 18.9 kHz mono, the most a sector gives: 4032 samples, 9408 frames.
    n = XaAdpcm::decode(s, d.data(), XaAdpcm::kCiHalfRate, pcm.data());
    CHECK(XaAdpcm::resample(s, pcm.data(), n, XaAdpcm::kCiHalfRate, out.data()) ==
          XaAdpcm::kMaxOutputFrames);
    CHECK(XaAdpcm::kMaxOutputFrames == 9408);
}

namespace {
// The drive output of one XA sector decoded by itself from a fresh decoder (volume 80h).
std::vector<int16_t> decodeAlone(const std::vector<uint8_t>& adpcm, uint8_t ci) {
    XaAdpcm::State s;
    XaAdpcm::reset(s);
    std::vector<int16_t> pcm(18 * 224 * 2), out(XaAdpcm::kMaxOutputFrames * 2);
    size_t n = XaAdpcm::decode(s, adpcm.data(), ci, pcm.data());
    size_t f = XaAdpcm::resample(s, pcm.data(), n, ci, out.data());
    out.resize(f * 2);
    return out;
}
} // namespace

TEST_CASE("cdromdrive.md Data/ADPCM Sector Filtering: XA sectors matching the filter are played "
          "and not delivered",
          "[cdrom][xa]") {
    Rig rig;
    auto adpcm = randomAdpcm(99);
    rig.disc.xa.push_back({300, 1, 1, XaAdpcm::kCiStereo, adpcm});
    rig.disc.xa.push_back({301, 1, 2, XaAdpcm::kCiStereo, randomAdpcm(100)});
    rig.run(0x0e, {0xe8});             // double speed, XA-ADPCM, 924h, filter
    rig.run(0x0d, {0x01, 0x01});       // file 1, channel 1
    rig.run(0x02, {0x00, 0x03, 0x73}); // LBA 298
    rig.run(0x1b);
    std::vector<uint8_t> frames;
    for (int i = 0; i < 3; ++i) {
        rig.waitInt();
        REQUIRE(rig.intType() == 1);
        rig.bfrd(false);
        rig.bfrd(true);
        rig.ack();
        uint8_t hdr[3];
        for (auto& h : hdr)
            h = uint8_t(rig.cd.read(0x1f801802, 1));
        frames.push_back(hdr[2]);
    }
    // 298, 299 (data, channel 0: the first attempt ignores the channel), then 302: 300 went to
    // the decoder, 301 (audio of another channel) was dropped.
    CHECK(frames == std::vector<uint8_t>({0x73, 0x74, 0x02}));
    // HSTS.ADPBUSY while the 2352 frames of sector 300 play (from its arrival at 300).
    CHECK((rig.hsts() & Cdrom::kHstsAdpBusy) != 0);
    testutil::runFor(rig.sched, 2352 * Cdrom::kCyclesPerSample);
    CHECK((rig.hsts() & Cdrom::kHstsAdpBusy) == 0);
    CHECK(rig.audio.calls == 1);
    CHECK(rig.audio.samples == decodeAlone(adpcm, XaAdpcm::kCiStereo));
}

TEST_CASE("cdromdrive.md ATV0-ATV3 and ADPCTL: volume matrix and XA mute", "[cdrom][xa]") {
    auto adpcm = randomAdpcm(7);
    auto expect = decodeAlone(adpcm, XaAdpcm::kCiStereo);
    for (int variant = 0; variant < 3; ++variant) {
        Rig rig;
        rig.disc.xa.push_back({150, 0, 0, XaAdpcm::kCiStereo, adpcm});
        // Mono mix: all four 40h, applied by ADPCTL.5; variant 1 also mutes XA (ADPCTL.0),
        // variant 2 writes the volumes without applying them.
        rig.setBank(2);
        rig.cd.write(0x1f801802, 0x40, 1);
        rig.cd.write(0x1f801803, 0x40, 1);
        rig.setBank(3);
        rig.cd.write(0x1f801801, 0x40, 1);
        rig.cd.write(0x1f801802, 0x40, 1);
        rig.cd.write(0x1f801803, variant == 1 ? 0x21 : variant == 2 ? 0x00 : 0x20, 1);
        rig.setBank(0);
        rig.run(0x0e, {0x40});
        rig.run(0x02, {0x00, 0x02, 0x00});
        rig.run(0x1b);
        // One turn back onto 00:02:00 under the head (8 sectors, seek_timing.h), then the sector.
        testutil::runFor(rig.sched, 9 * Cdrom::kSectorSingle);
        REQUIRE(rig.audio.samples.size() == expect.size());
        for (size_t i = 0; i < expect.size(); i += 2) {
            int32_t l = expect[i], r = expect[i + 1];
            int32_t mix = std::clamp((l * 0x40 + r * 0x40) >> 7, -0x8000, 0x7fff);
            if (variant == 0) {
                REQUIRE(rig.audio.samples[i] == mix);
                REQUIRE(rig.audio.samples[i + 1] == mix);
            } else if (variant == 1) {
                REQUIRE(rig.audio.samples[i] == 0);
            } else {
                REQUIRE(rig.audio.samples[i] == l);
                REQUIRE(rig.audio.samples[i + 1] == r);
            }
        }
    }
}
