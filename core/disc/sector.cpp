// Sector encoding facts (cdromformat.md "CDROM Sector Encoding", ECMA-130 Annex A):
// - EDC: CRC-32, reflected polynomial D8018001h, start value 0, stored little-endian.
//   Mode 1 covers 000h..80Fh, Mode 2 Form 1 covers 010h..817h, Form 2 covers 010h..92Bh.
// - ECC works on the 2064 bytes from 00Ch (header onwards) as 1032 16-bit words whose low
//   and high bytes form two independent byte planes over GF(2^8) (x^8+x^4+x^3+x^2+1).
//   P: 43 columns of 24 words (word 43*row+col) get 2 parity words each (words 1032+col,
//   1075+col); Q: 26 diagonals of 43 words (word (44*k+43*d) mod 1118) get 2 parity words
//   (1118+d, 1144+d), Q covering the P parity too. Each code word v satisfies
//   sum(v_i) = 0 and sum(alpha^(n-1-i) v_i) = 0 (n = 26 for P, 45 for Q).
// - Mode 2 Form 1 computes ECC with the 4 header bytes taken as zero.
#include "core/disc/sector.h"

#include <array>
#include <cstring>

#include "core/disc/msf.h"

namespace core::disc {

namespace {

struct Tables {
    std::array<uint32_t, 256> edc{};
    std::array<uint8_t, 256> exp{}; // alpha^i
    std::array<uint8_t, 256> log{};
    Tables() {
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t x = i;
            for (int b = 0; b < 8; ++b)
                x = (x >> 1) ^ ((x & 1) ? 0xD8018001u : 0);
            edc[i] = x;
        }
        uint32_t x = 1;
        for (int i = 0; i < 255; ++i) {
            exp[static_cast<size_t>(i)] = static_cast<uint8_t>(x);
            log[x] = static_cast<uint8_t>(i);
            x <<= 1;
            if (x & 0x100) x ^= 0x11D;
        }
        exp[255] = exp[0];
    }
    uint8_t mul(uint8_t a, uint8_t b) const {
        if (a == 0 || b == 0) return 0;
        return exp[(log[a] + log[b]) % 255];
    }
    uint8_t div(uint8_t a, uint8_t b) const { // b != 0
        if (a == 0) return 0;
        return exp[(log[a] + 255 - log[b]) % 255];
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

// Two parity symbols p0, p1 (at positions n-2, n-1) that make the code word valid:
// s0 = sum(d_i), s1 = sum(alpha^(n-1-i) d_i) over the data; p0 + p1 = s0 and
// alpha*p0 + p1 = s1, so p0 = (s0 + s1) / (alpha + 1) and p1 = s0 + p0.
struct ParityAccumulator {
    uint8_t s0 = 0, s1 = 0;
    void add(uint8_t v, int weight) {
        s0 ^= v;
        s1 ^= tables().mul(v, tables().exp[static_cast<size_t>(weight)]);
    }
    void finish(uint8_t& p0, uint8_t& p1) const {
        const auto& t = tables();
        p0 = t.div(static_cast<uint8_t>(s0 ^ s1), static_cast<uint8_t>(t.exp[1] ^ 1));
        p1 = static_cast<uint8_t>(s0 ^ p0);
    }
};

} // namespace

uint32_t computeEdc(std::span<const uint8_t> data) {
    const auto& t = tables();
    uint32_t x = 0;
    for (uint8_t b : data)
        x = (x >> 8) ^ t.edc[(x ^ b) & 0xFF];
    return x;
}

static void putLe32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<uint8_t>(v >> (8 * i));
}

void writeSyncAndHeader(uint8_t* sector, int32_t lba, uint8_t mode) {
    sector[0] = 0;
    std::memset(sector + 1, 0xFF, 10);
    sector[11] = 0;
    Msf m = lbaToMsf(lba);
    sector[12] = toBcd(m.minute);
    sector[13] = toBcd(m.second);
    sector[14] = toBcd(m.frame);
    sector[15] = mode;
}

void writeEccParity(uint8_t* sector) {
    uint8_t* w = sector + 12; // word k: bytes w[2k] (plane 0) and w[2k+1] (plane 1)
    for (int plane = 0; plane < 2; ++plane) {
        for (int col = 0; col < 43; ++col) { // P: 24 data words, weights 25..2
            ParityAccumulator acc;
            for (int row = 0; row < 24; ++row)
                acc.add(w[2 * (43 * row + col) + plane], 25 - row);
            acc.finish(w[2 * (1032 + col) + plane], w[2 * (1075 + col) + plane]);
        }
        for (int d = 0; d < 26; ++d) { // Q: 43 data words, weights 44..2
            ParityAccumulator acc;
            for (int k = 0; k < 43; ++k)
                acc.add(w[2 * ((44 * k + 43 * d) % 1118) + plane], 44 - k);
            acc.finish(w[2 * (1118 + d) + plane], w[2 * (1144 + d) + plane]);
        }
    }
}

void finishMode1(uint8_t* sector) {
    putLe32(sector + 0x810, computeEdc({sector, 0x810}));
    std::memset(sector + 0x814, 0, 8);
    writeEccParity(sector);
}

void finishMode2Form1(uint8_t* sector) {
    std::memcpy(sector + 0x14, sector + 0x10, 4);
    putLe32(sector + 0x818, computeEdc({sector + 0x10, 0x808}));
    uint8_t header[4];
    std::memcpy(header, sector + 12, 4);
    std::memset(sector + 12, 0, 4);
    writeEccParity(sector);
    std::memcpy(sector + 12, header, 4);
}

void finishMode2Form2(uint8_t* sector) {
    std::memcpy(sector + 0x14, sector + 0x10, 4);
    putLe32(sector + 0x92C, computeEdc({sector + 0x10, 0x91C}));
}

void encodeMode1(uint8_t* sector, int32_t lba, std::span<const uint8_t, 2048> userData) {
    writeSyncAndHeader(sector, lba, 1);
    std::memcpy(sector + 16, userData.data(), 2048);
    finishMode1(sector);
}

void encodeEmptyMode1(uint8_t* sector, int32_t lba) {
    writeSyncAndHeader(sector, lba, 1);
    std::memset(sector + 16, 0, kRawSectorSize - 16);
    finishMode1(sector);
}

void encodeEmptyMode2(uint8_t* sector, int32_t lba) {
    writeSyncAndHeader(sector, lba, 2);
    std::memset(sector + 16, 0, kRawSectorSize - 16);
    sector[0x12] = 0x20; // submode: Form 2
    finishMode2Form2(sector);
}

} // namespace core::disc
