#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <vector>

#include "mdec_test_rig.h"
#include "savestate/state_io.h"

// macroblockdecodermdec.md "MDEC I/O Ports" and "MDEC Commands": the device through its
// registers and DMA ends. Expected pixels come from tests/unit/mdec_reference.h.

using namespace mdectest;

namespace {

uint8_t kLuma[64], kChroma[64];
struct Tables {
    Tables() {
        for (int i = 0; i < 64; ++i) {
            kLuma[i] = uint8_t(2 + i);
            kChroma[i] = uint8_t(3 + i / 2);
        }
    }
} tables;

// The reference's decode of one block of `s` at `pos` (clipped IDCT output).
std::vector<int> refBlock(const std::vector<uint16_t>& s, size_t& pos, const uint8_t* qt) {
    int blk[64], out[64];
    int used = mdecref::rlDecodeBlock(blk, s, pos, qt);
    REQUIRE(used > 0);
    pos += size_t(used);
    mdecref::realIdctCore(blk, mdecref::kScale, out);
    std::vector<int> v(64);
    for (int i = 0; i < 64; ++i)
        v[i] = mdecref::yToMono(out[i]);
    return v;
}

// A 16x16 test picture as four Y blocks, Cr and Cb (signed values).
void picture(int frame, int y[4][64], int cr[64], int cb[64]) {
    for (int py = 0; py < 16; ++py)
        for (int px = 0; px < 16; ++px)
            y[(py / 8) * 2 + px / 8][(py % 8) * 8 + px % 8] =
                std::clamp((px * 13 + py * 7 + frame * 5) % 200 - 100, -128, 127);
    for (int i = 0; i < 64; ++i) {
        cr[i] = (i % 8) * 9 - 40 + frame;
        cb[i] = 30 - (i / 8) * 7;
    }
}

std::vector<uint16_t> encodeColour(int frame) {
    int y[4][64], cr[64], cb[64];
    picture(frame, y, cr, cb);
    std::vector<uint16_t> s;
    mdecref::encodeBlock(cr, kChroma, 2, s);
    mdecref::encodeBlock(cb, kChroma, 2, s);
    for (auto& b : y)
        mdecref::encodeBlock(b, kLuma, 2, s);
    return s;
}

} // namespace

TEST_CASE("mdec: status after reset is 80040000h and control bit 31 resets", "[mdec]") {
    Rig r;
    CHECK(r.status() == 0x80040000u);
    r.command(decodeCommand(3, true, true, 0x20)); // a decode waiting for parameters
    CHECK(r.status() != 0x80040000u);
    r.mdec.write(kMdec1, 0x80000000u, 4);
    CHECK(r.status() == 0x80040000u);
    // Halfword and byte reads of the status register.
    CHECK(r.mdec.read(kMdec1 + 2, 2) == 0x8004u);
    CHECK(r.mdec.read(kMdec1 + 3, 1) == 0x80u);
}

TEST_CASE("mdec: MDEC(0) and MDEC(4..7) reflect CMD.0-15 and CMD.25-28", "[mdec]") {
    Rig r;
    r.command(0x1e001234); // MDEC(0) with bits 25-28 set
    // 31 (out empty), 26-23 = Fh, 18-16 = 4, 15-0 = 1234h (no minus one), not busy.
    CHECK(r.status() == (0x80000000u | 0xfu << 23 | 4u << 16 | 0x1234));
    r.command(0xa000abcd); // MDEC(5)
    CHECK(r.status() == (0x80000000u | 4u << 16 | 0xabcd));
    r.command(0); // the next word is a command again
    CHECK(r.status() == 0x80040000u);
}

TEST_CASE("mdec: MDEC(2) takes 16 or 32 words and MDEC(3) 32 as STAT counts them", "[mdec]") {
    Rig r;
    r.command(0x40000001); // luma and chroma
    CHECK(r.status() == (0x80000000u | 1u << 29 | 4u << 16 | 31));
    for (uint32_t i = 0; i < 31; ++i)
        r.command(0x03020100u + 0x04040404u * (i % 16));
    CHECK((r.status() & 0xffff) == 0);
    CHECK((r.status() >> 29 & 1) == 1);
    r.command(0x3f3e3d3c);
    CHECK(r.status() == (0x80000000u | 4u << 16 | 0xffff));
    for (int i = 0; i < 64; ++i) {
        CHECK(r.mdec.state().iqY[i] == i);
        CHECK(r.mdec.state().iqUV[i] == i);
    }
    r.command(0x40000000, std::vector<uint32_t>(16, 0x09090909)); // luma only
    CHECK(r.mdec.state().iqY[5] == 9);
    CHECK(r.mdec.state().iqUV[5] == 5);
    CHECK((r.status() >> 29 & 1) == 0);
    r.command(0x60000000);
    CHECK((r.status() & 0xffff) == 31);
    for (int i = 0; i < 32; ++i)
        r.command(0x8000u << 16 | uint32_t(i));
    CHECK(r.mdec.state().scale[2] == 1);
    CHECK(r.mdec.state().scale[3] == -0x8000);
    CHECK((r.status() >> 29 & 1) == 0);
}

TEST_CASE("mdec: a mono 8-bit block by port - output and busy and timing", "[mdec]") {
    Rig r;
    r.setTables(kLuma, kChroma);
    // DC 400 * qt[0] (2) = 800: the IDCT gives 100 everywhere (worked out in
    // mdec_decode_test.cpp); unsigned 8-bit: 100 + 128 = E4h.
    std::vector<uint16_t> s;
    dcBlock(s, 400);
    auto words = toWords(s);
    r.command(decodeCommand(1, false, false, uint32_t(words.size())));
    CHECK((r.status() & 0xffff) == words.size() - 1);
    r.params(words);
    uint32_t st = r.status();
    CHECK((st >> 29 & 1) == 1);     // busy: the block is being decoded
    CHECK((st >> 30 & 1) == 1);     // last word received
    CHECK((st & 0xffff) == 0xffff); // no parameters remaining
    CHECK((st >> 31) == 1);         // nothing to read yet
    r.run(core::Mdec::kCyclesPerBlock - 1);
    CHECK((r.status() >> 31) == 1);
    r.run(1);
    st = r.status();
    CHECK((st >> 31) == 0);
    CHECK((st >> 29 & 1) == 0);
    CHECK((st >> 16 & 7) == 4); // mono: always block 4
    auto out = r.readPort(16);
    for (uint32_t w : out)
        CHECK(w == 0xe4e4e4e4u);
    CHECK((r.status() >> 31) == 1);
    CHECK(r.readPort(1)[0] == 0); // an empty FIFO gives no data
}

TEST_CASE("mdec: colour 15-bit - port gives 8x8 blocks and DMA1 gives 16x16 rows", "[mdec]") {
    Rig r;
    r.setTables(kLuma, kChroma);
    std::vector<uint16_t> s;
    dcBlock(s, 0); // Cr
    dcBlock(s, 0); // Cb
    const int dcs[4] = {40, -60, 100, -120};
    for (int dc : dcs)
        dcBlock(s, dc);
    auto words = toWords(s);
    // Expected grey per block from the reference: DC * qt[0], IDCT, clip; then unsigned
    // 5-bit components (v + 128 + 4) >> 3 and bit 15.
    uint32_t px[4];
    for (int b = 0; b < 4; ++b) {
        int blk[64] = {dcs[b] * kLuma[0]}, out[64];
        mdecref::realIdctCore(blk, mdecref::kScale, out);
        int v = mdecref::yToMono(out[0]);
        uint32_t c = uint32_t(std::min(31, (v + 128 + 4) >> 3));
        px[b] = 0x8000 | c | c << 5 | c << 10;
    }
    for (int pass = 0; pass < 2; ++pass) {
        r.command(decodeCommand(3, false, true, uint32_t(words.size())), words);
        r.run(6 * core::Mdec::kCyclesPerBlock);
        REQUIRE((r.status() >> 31) == 0);
        CHECK((r.status() >> 16 & 7) == 0); // output block Y1
        auto out = pass == 0 ? r.readPort(128) : r.readDma(128);
        for (int i = 0; i < 128; ++i) {
            int blk;
            if (pass == 0) {
                blk = i / 32; // 8 rows of 4 words per block
            } else {
                int row = i / 8, col = i % 8; // 16 pixels = 8 words per row
                blk = (row >= 8 ? 2 : 0) + (col >= 4 ? 1 : 0);
            }
            REQUIRE(out[i] == (px[blk] | px[blk] << 16));
        }
    }
}

TEST_CASE("mdec: a colour picture in 24 bits matches the reference pipeline", "[mdec]") {
    Rig r;
    r.setTables(kLuma, kChroma);
    std::vector<uint16_t> s;
    for (int f = 0; f < 3; ++f) {
        auto mb = encodeColour(f);
        s.insert(s.end(), mb.begin(), mb.end());
    }
    auto words = toWords(s);
    r.mdec.write(kMdec1, 0x60000000, 4); // both requests enabled
    r.command(decodeCommand(2, false, false, uint32_t(words.size())));
    auto all = r.stream(words);
    REQUIRE(all.size() == 3 * 192);
    size_t pos = 0;
    int worst = 0, worstPicture = 0;
    for (int f = 0; f < 3; ++f) {
        auto cr = refBlock(s, pos, kChroma);
        auto cb = refBlock(s, pos, kChroma);
        std::vector<int> y[4];
        for (auto& b : y)
            b = refBlock(s, pos, kLuma);
        std::vector<uint32_t> out(all.begin() + f * 192, all.begin() + (f + 1) * 192);
        const uint8_t* bytes = reinterpret_cast<const uint8_t*>(out.data());
        int py[4][64], pcr[64], pcb[64];
        picture(f, py, pcr, pcb);
        for (int row = 0; row < 16; ++row)
            for (int col = 0; col < 16; ++col) {
                int b = (row / 8) * 2 + col / 8, i = (row % 8) * 8 + col % 8;
                int c = (row / 2) * 8 + col / 2;
                mdecref::Rgb want = mdecref::yuvToRgb(y[b][i], cr[c], cb[c]);
                const uint8_t* p = bytes + (row * 16 + col) * 3;
                worst = std::max({worst, std::abs(p[0] - 128 - want.r),
                                  std::abs(p[1] - 128 - want.g), std::abs(p[2] - 128 - want.b)});
                // And the picture survives the trip (lossy: quantisation).
                mdecref::Rgb orig = mdecref::yuvToRgb(py[b][i], pcr[c], pcb[c]);
                worstPicture = std::max(worstPicture, std::abs(p[0] - 128 - orig.r));
            }
    }
    CHECK(worst <= 1); // the reference leaves yuv_to_rgb's fixed-point resolution open
    CHECK(worstPicture < 24);
    CHECK((r.status() >> 29 & 1) == 0);
}

TEST_CASE("mdec: request bits follow the enables and the FIFOs and the command", "[mdec]") {
    Rig r;
    r.setTables(kLuma, kChroma);
    std::vector<uint16_t> s;
    for (int mb = 0; mb < 4; ++mb)
        for (int b = 0; b < 6; ++b)
            dcBlock(s, b * 10 - mb);
    auto words = toWords(s);
    r.command(decodeCommand(3, false, false, uint32_t(words.size())));
    CHECK((r.status() >> 27 & 3) == 0); // requests disabled
    r.mdec.write(kMdec1, 0x40000000, 4);
    CHECK((r.status() >> 28 & 1) == 1); // data-in request
    CHECK((r.status() >> 27 & 1) == 0);
    r.mdec.write(kMdec1, 0x60000000, 4);
    // The decoder keeps one macroblock pending: feeding all four stalls it, the data-in FIFO
    // fills and its request drops.
    r.writeDma(words);
    CHECK((r.status() >> 28 & 1) == 0);
    r.run(6 * core::Mdec::kCyclesPerBlock);
    CHECK((r.status() >> 27 & 1) == 1); // data-out request: 128 words to read
    CHECK((r.status() >> 16 & 7) == 0);
    auto first = r.readDma(32);
    CHECK((r.status() >> 16 & 7) == 1); // reading Y2 now (port order: 32 words per block)
    r.readDma(96);
    r.run(6 * core::Mdec::kCyclesPerBlock * 4);
    r.readDma(128 * 3);
    CHECK((r.status() >> 29 & 1) == 0);
    CHECK((r.status() >> 27 & 1) == 0);
    CHECK((r.status() >> 31) == 1);
}

TEST_CASE("mdec: a state saved mid-decode resumes to the same output", "[mdec]") {
    std::vector<uint16_t> s;
    for (int f = 0; f < 2; ++f) {
        auto mb = encodeColour(f);
        s.insert(s.end(), mb.begin(), mb.end());
    }
    auto words = toWords(s);
    Rig a;
    a.setTables(kLuma, kChroma);
    a.mdec.write(kMdec1, 0x60000000, 4); // the requests are state too
    a.command(decodeCommand(2, true, false, uint32_t(words.size())));
    size_t half = words.size() / 2 + 3;
    for (size_t i = 0; i < half; ++i)
        a.command(words[i]);
    a.run(100);
    auto io = savestate::StateIO::writer();
    a.sched.serialize(io);
    a.mdec.serialize(io);
    REQUIRE(io.ok());
    Rig b;
    auto in = savestate::StateIO::reader(io.buffer());
    b.sched.serialize(in);
    b.mdec.serialize(in);
    REQUIRE(in.ok());
    std::vector<uint32_t> outA, outB;
    outA = a.stream(words, half);
    outB = b.stream(words, half);
    REQUIRE(outA.size() == 2 * 192);
    CHECK(outA == outB);
    CHECK(std::count(outA.begin(), outA.end(), 0u) < 50); // real output, not an empty FIFO
}

TEST_CASE("mdec: a version 2 state (status word only) loads as a reset MDEC", "[mdec]") {
    auto io = savestate::StateIO::writer();
    io.beginSection("mdec", 2);
    uint32_t status = 0x80040000;
    io.field("status", status);
    io.endSection();
    Rig r;
    r.setTables(kLuma, kChroma);
    r.command(decodeCommand(2, false, false, 8));
    auto in = savestate::StateIO::reader(io.buffer());
    r.mdec.serialize(in);
    REQUIRE(in.ok());
    CHECK(r.status() == 0x80040000u);
    CHECK(r.mdec.state().iqY[3] == 0);
}

TEST_CASE("mdec: random words and commands and control writes never break it", "[mdec][fuzz]") {
    std::mt19937 rng(0x5eed);
    for (int round = 0; round < 40; ++round) {
        Rig r;
        for (int op = 0; op < 4000; ++op) {
            uint32_t x = rng();
            switch (x % 16) {
            case 0: r.command((rng() & 0xe000ffffu) | (x & 0x1e000000)); break;
            case 1: r.mdec.write(kMdec1, rng() | (x & 0x100 ? 0 : 0x80000000u), 4); break;
            case 2: r.readPort(1 + rng() % 40); break;
            case 3: r.readDma(1 + rng() % 200); break;
            case 4: r.run(rng() % 5000); break;
            case 5: r.command(decodeCommand(rng() & 3, rng() & 1, rng() & 1, rng() % 300)); break;
            case 6: {
                std::vector<uint32_t> w(1 + rng() % 64);
                for (auto& v : w)
                    v = (rng() & 1) ? rng() : 0xfe00fe00u;
                r.writeDma(w);
                break;
            }
            default: r.command(rng() & 1 ? rng() : (rng() & 0x03ff03ffu) | 0x04000400u); break;
            }
            uint32_t st = r.status();
            const auto& s = r.mdec.state();
            REQUIRE(s.outHead + s.outCount <= core::Mdec::kOutWords);
            REQUIRE(s.inCount <= core::Mdec::kInFifoWords);
            REQUIRE(s.pendingCount <= core::Mdec::kPendingWords);
            REQUIRE((st >> 19 & 0xf) == 0); // bits 19-22 stay zero
        }
    }
}

TEST_CASE("mdec: damaged states load without breaking it", "[mdec][fuzz]") {
    // A state mid-decode, with words in every buffer.
    Rig a;
    a.setTables(kLuma, kChroma);
    auto words = toWords(encodeColour(0));
    auto more = toWords(encodeColour(1));
    words.insert(words.end(), more.begin(), more.end());
    a.command(decodeCommand(3, false, false, uint32_t(words.size())));
    a.writeDma(std::vector<uint32_t>(words.begin(), words.begin() + 60));
    a.run(3000);
    auto io = savestate::StateIO::writer();
    a.mdec.serialize(io);
    const std::vector<uint8_t> good = io.buffer();
    std::mt19937 rng(77);
    for (int round = 0; round < 300; ++round) {
        std::vector<uint8_t> bad = good;
        for (int i = 0; i < 1 + int(rng() % 40); ++i)
            bad[rng() % bad.size()] = uint8_t(rng());
        Rig r;
        auto in = savestate::StateIO::reader(bad);
        r.mdec.serialize(in); // may fail; what it loaded must stay within bounds
        r.mdec.write(kMdec1, 0x60000000, 4);
        for (int op = 0; op < 50; ++op) {
            r.readDma(1 + rng() % 64);
            r.readPort(1 + rng() % 8);
            r.writeDma(std::vector<uint32_t>(1 + rng() % 8, rng()));
            r.run(rng() % 4000);
            r.status();
        }
        const auto& s = r.mdec.state();
        REQUIRE(s.outHead + s.outCount <= core::Mdec::kOutWords);
    }
}
