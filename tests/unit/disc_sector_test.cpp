// Disc addressing, subchannel Q and sector encoding, each checked against an independent
// rendering of the reference's rule (psx-spx cdromformat.md / ECMA-130).
#include <array>
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "core/disc/msf.h"
#include "core/disc/sector.h"
#include "core/disc/subchannel_q.h"

using namespace core::disc;

TEST_CASE("Disc MSF and LBA use the 150-sector offset") {
    CHECK(lbaToMsf(0) == Msf{0, 2, 0});
    CHECK(lbaToMsf(-150) == Msf{0, 0, 0});
    CHECK(lbaToMsf(74) == Msf{0, 2, 74});
    CHECK(lbaToMsf(75 * 58) == Msf{1, 0, 0});
    CHECK(msfToLba(Msf{74, 59, 74}) == 74 * 4500 + 59 * 75 + 74 - 150);
    for (int32_t lba = -150; lba < 400000; lba += 997)
        CHECK(msfToLba(lbaToMsf(lba)) == lba);
    CHECK(toBcd(59) == 0x59);
    CHECK(fromBcd(0x74) == 74);
    CHECK(isValidBcd(0x99));
    CHECK_FALSE(isValidBcd(0x1A));
}

namespace {
// The reference's adjust_crc_16_ccitt, literally (nibble-wise, lsb/msb bytes).
uint16_t referenceQCrc(const uint8_t* a, int len) {
    uint8_t lsb = 0, msb = 0;
    for (int i = 0; i < len; ++i) {
        uint8_t x = a[i] ^ msb;
        x = x ^ (x >> 4);
        msb = static_cast<uint8_t>(lsb ^ (x >> 3) ^ (x << 4));
        lsb = static_cast<uint8_t>(x ^ (x << 5));
    }
    return static_cast<uint16_t>((msb ^ 0xFF) << 8 | (lsb ^ 0xFF));
}

Toc twoTracks() {
    Toc toc;
    Track t1;
    t1.number = 1;
    t1.type = TrackType::Mode2;
    t1.pregapStart = -150;
    t1.start = 0;
    t1.length = 1000;
    Track t2;
    t2.number = 2;
    t2.type = TrackType::Audio;
    t2.pregapStart = 1000;
    t2.start = 1150;
    t2.length = 500;
    toc.tracks = {t1, t2};
    toc.leadOut = 1650;
    return toc;
}
} // namespace

TEST_CASE("Disc subchannel Q CRC matches the reference algorithm") {
    const Toc toc = twoTracks();
    for (int32_t lba : {-150, -1, 0, 17, 999, 1000, 1149, 1150, 1649, 1650, 1700}) {
        SubchannelQ q = computeSubchannelQ(toc, lba);
        const uint16_t want = referenceQCrc(q.bytes.data(), 10);
        CHECK(q.bytes[10] == want >> 8);
        CHECK(q.bytes[11] == (want & 0xFF));
        CHECK(q.crcValid());
        q.bytes[4] ^= 1;
        CHECK_FALSE(q.crcValid());
    }
}

TEST_CASE("Disc subchannel Q reports track index and times from the TOC") {
    const Toc toc = twoTracks();
    auto q = [&](int32_t lba) { return computeSubchannelQ(toc, lba).bytes; };
    // Data track 1 at LBA 17 = 00:02:17, relative 00:00:17.
    CHECK(q(17)[0] == 0x41);
    CHECK(q(17)[1] == 0x01);
    CHECK(q(17)[2] == 0x01);
    CHECK((q(17)[3] == 0x00 && q(17)[4] == 0x00 && q(17)[5] == 0x17));
    CHECK((q(17)[7] == 0x00 && q(17)[8] == 0x02 && q(17)[9] == 0x17));
    // Track 1's pregap: index 0, relative time counting down to index 1.
    CHECK(q(-150)[2] == 0x00);
    CHECK((q(-150)[4] == 0x02 && q(-150)[5] == 0x00));
    CHECK((q(-1)[4] == 0x00 && q(-1)[5] == 0x01));
    // Audio track 2: pregap at 1000..1149 (index 0), index 1 from 1150, control 0.
    CHECK(q(1000)[0] == 0x01);
    CHECK(q(1000)[1] == 0x02);
    CHECK(q(1000)[2] == 0x00);
    CHECK((q(1000)[4] == 0x02 && q(1000)[5] == 0x00));
    CHECK(q(1151)[2] == 0x01);
    CHECK((q(1151)[4] == 0x00 && q(1151)[5] == 0x01));
    // Lead-out: track AAh, index 01, relative time from the lead-out.
    CHECK(q(1652)[1] == 0xAA);
    CHECK(q(1652)[2] == 0x01);
    CHECK(q(1652)[5] == 0x02);
    // Absolute 1652 + 150 = 1802 = 00:24:02.
    CHECK((q(1652)[8] == 0x24 && q(1652)[9] == 0x02));
}

namespace {
// EDC bit by bit from the polynomial (x^16+x^15+x^2+1)(x^16+x^2+x+1), LSB first.
uint32_t bitwiseEdc(const uint8_t* d, size_t n) {
    uint32_t crc = 0;
    for (size_t i = 0; i < n; ++i)
        for (int b = 0; b < 8; ++b) {
            const uint32_t in = (d[i] >> b) & 1;
            const uint32_t out = (crc ^ in) & 1;
            crc >>= 1;
            if (out) crc ^= 0xD8018001u;
        }
    return crc;
}

uint8_t gfMul(uint8_t a, uint8_t b) { // shift-and-add in GF(2^8) mod x^8+x^4+x^3+x^2+1
    uint8_t r = 0;
    while (b) {
        if (b & 1) r ^= a;
        a = static_cast<uint8_t>((a << 1) ^ ((a & 0x80) ? 0x1D : 0));
        b >>= 1;
    }
    return r;
}

// ECMA-130 Annex A check matrices: every P and Q code word has zero syndromes
// sum(v_i) and sum(alpha^(n-1-i) v_i), alpha = 2.
bool parityHolds(const uint8_t* sector) {
    const uint8_t* w = sector + 12;
    auto check = [](const std::vector<uint8_t>& v) {
        uint8_t s0 = 0, s1 = 0;
        for (uint8_t x : v) {
            s0 ^= x;
            s1 = static_cast<uint8_t>(gfMul(s1, 2) ^ x); // Horner: sum alpha^(n-1-i) v_i
        }
        return s0 == 0 && s1 == 0;
    };
    for (int plane = 0; plane < 2; ++plane) {
        for (int col = 0; col < 43; ++col) {
            std::vector<uint8_t> v;
            for (int row = 0; row < 26; ++row)
                v.push_back(w[2 * (43 * row + col) + plane]);
            if (!check(v)) return false;
        }
        for (int d = 0; d < 26; ++d) {
            std::vector<uint8_t> v;
            for (int k = 0; k < 43; ++k)
                v.push_back(w[2 * ((44 * k + 43 * d) % 1118) + plane]);
            v.push_back(w[2 * (1118 + d) + plane]);
            v.push_back(w[2 * (1144 + d) + plane]);
            if (!check(v)) return false;
        }
    }
    return true;
}

// The reference's calc_parity / init_tables pseudo code, literally, as a second oracle.
struct ReferenceEcc {
    uint8_t log[256]{}, ilog[256]{};
    uint16_t product[43][256]{};
    uint8_t subfunc(uint8_t a, int b) {
        if (a > 0) {
            int x = log[a] - b;
            if (x < 0) x += 255;
            a = ilog[x];
        }
        return a;
    }
    ReferenceEcc() {
        log[0] = 0;
        ilog[255] = 0;
        int x = 1;
        for (int i = 0; i <= 0xFE; ++i) {
            log[x] = static_cast<uint8_t>(i);
            ilog[i] = static_cast<uint8_t>(x);
            x <<= 1;
            if (x & 0x100) x ^= 0x11D;
        }
        for (int j = 0; j <= 42; ++j) {
            uint8_t xx = ilog[44 - j];
            uint8_t yy = subfunc(xx ^ 1, 0x19);
            xx = subfunc(xx, 0x01);
            xx = subfunc(xx ^ 1, 0x18);
            xx = log[xx];
            yy = log[yy];
            product[j][0] = 0;
            for (int i = 1; i <= 255; ++i) {
                int a = xx + log[i];
                if (a >= 255) a -= 255;
                int b = yy + log[i];
                if (b >= 255) b -= 255;
                product[j][i] = static_cast<uint16_t>(ilog[a] + (ilog[b] << 8));
            }
        }
    }
    void parity(uint8_t* sector, int offs, int len, int j0, int step1, int step2) {
        int src = 0x0C, dst = 0x81C + offs;
        const int srcmax = dst;
        for (int i = 0; i < len; ++i) {
            const int base = src;
            uint16_t x = 0, y = 0;
            for (int j = j0; j <= 42; ++j) {
                x ^= product[j][sector[src + 0]];
                y ^= product[j][sector[src + 1]];
                src += step1;
                if (step1 == 2 * 44 && src >= srcmax) src -= 2 * 1118;
            }
            sector[dst + 2 * len + 0] = static_cast<uint8_t>(x & 0xFF);
            sector[dst + 0] = static_cast<uint8_t>(x >> 8);
            sector[dst + 2 * len + 1] = static_cast<uint8_t>(y & 0xFF);
            sector[dst + 1] = static_cast<uint8_t>(y >> 8);
            dst += 2;
            src = base + step2;
        }
    }
    void run(uint8_t* s) {
        parity(s, 0, 43, 19, 2 * 43, 2);
        parity(s, 43 * 4, 26, 0, 2 * 44, 2 * 43);
    }
};

std::array<uint8_t, 2048> pattern(uint32_t seed) {
    std::array<uint8_t, 2048> d;
    for (auto& b : d) {
        seed = seed * 1103515245u + 12345u;
        b = static_cast<uint8_t>(seed >> 16);
    }
    return d;
}
} // namespace

TEST_CASE("Disc Mode 1 sectors have the reference EDC and ECC") {
    static ReferenceEcc ref;
    for (uint32_t seed : {1u, 2u, 77u}) {
        const auto data = pattern(seed);
        std::array<uint8_t, 2352> s{};
        encodeMode1(s.data(), static_cast<int32_t>(seed * 1000), data);
        CHECK(std::memcmp(s.data() + 16, data.data(), 2048) == 0);
        CHECK(s[15] == 1);
        const uint32_t edc = bitwiseEdc(s.data(), 0x810);
        CHECK((s[0x810] | s[0x811] << 8 | s[0x812] << 16 | uint32_t(s[0x813]) << 24) == edc);
        CHECK(parityHolds(s.data()));
        std::array<uint8_t, 2352> r = s;
        std::memset(r.data() + 0x81C, 0, 2352 - 0x81C);
        ref.run(r.data());
        CHECK(r == s);
        s[100] ^= 0x40; // one wrong byte breaks the parity
        CHECK_FALSE(parityHolds(s.data()));
    }
}

TEST_CASE("Disc Mode 2 Form 1 sectors compute ECC over a zero header") {
    const auto data = pattern(5);
    std::array<uint8_t, 2352> s{};
    writeSyncAndHeader(s.data(), 4321, 2);
    s[0x12] = 0x08;
    std::memcpy(s.data() + 24, data.data(), 2048);
    finishMode2Form1(s.data());
    CHECK(std::memcmp(s.data() + 0x10, s.data() + 0x14, 4) == 0);
    const uint32_t edc = bitwiseEdc(s.data() + 0x10, 0x808);
    CHECK((s[0x818] | s[0x819] << 8 | s[0x81A] << 16 | uint32_t(s[0x81B]) << 24) == edc);
    CHECK_FALSE(parityHolds(s.data()));
    std::memset(s.data() + 12, 0, 4);
    CHECK(parityHolds(s.data()));
}

TEST_CASE("Disc empty gap sectors are valid") {
    std::array<uint8_t, 2352> s{};
    encodeEmptyMode1(s.data(), -1);
    CHECK((s[12] == 0x00 && s[13] == 0x01 && s[14] == 0x74 && s[15] == 1));
    CHECK(parityHolds(s.data()));
    encodeEmptyMode2(s.data(), 0);
    CHECK((s[13] == 0x02 && s[15] == 2 && s[0x12] == 0x20 && s[0x16] == 0x20));
    const uint32_t edc = bitwiseEdc(s.data() + 0x10, 0x91C);
    CHECK((s[0x92C] | s[0x92D] << 8 | s[0x92E] << 16 | uint32_t(s[0x92F]) << 24) == edc);
}
