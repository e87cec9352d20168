#include "assets/tools/mdec_encoder.h"

#include <algorithm>
#include <cmath>

// Encoder notes (macroblockdecodermdec.md):
// - The MDEC's IDCT uses the orthonormal DCT basis (the standard MDEC(3) table is it times
//   10000h), so blocks are coded with the orthonormal forward DCT.
// - Dequantisation: DC = value * qt[0]; AC = value * qt[k] * q_scale / 8. The encoder divides
//   by the same factors and rounds; values are 10-bit signed.
// - yuv_to_rgb's constants (1.402, -0.3437, -0.7143, 1.772) are the JPEG ones, so the forward
//   conversion is JPEG's; Cr and Cb are the averages of 2x2 pixels.

namespace tools::mdec {

namespace {

constexpr int kZigzag[64] = {0,  1,  5,  6,  14, 15, 27, 28, 2,  4,  7,  13, 16, 26, 29, 42,
                             3,  8,  12, 17, 25, 30, 41, 43, 9,  11, 18, 24, 31, 40, 44, 53,
                             10, 19, 23, 32, 39, 45, 52, 54, 20, 22, 33, 38, 46, 51, 55, 60,
                             21, 34, 37, 47, 50, 56, 59, 61, 35, 36, 48, 49, 57, 58, 62, 63};

struct Basis {
    double c[8][8]; // c[u][x] = C(u) cos((2x + 1) u pi / 16)
    Basis() {
        const double pi = std::acos(-1.0);
        for (int u = 0; u < 8; ++u)
            for (int x = 0; x < 8; ++x)
                c[u][x] = (u ? 0.5 : std::sqrt(0.125)) * std::cos((2 * x + 1) * u * pi / 16);
    }
};

uint16_t value10(long v, long hi = 511) {
    return uint16_t(std::clamp<long>(v, -512, hi) & 0x3ff);
}

} // namespace

const QuantTables& defaultTables() {
    static const QuantTables t = [] {
        QuantTables q{};
        // Coarser with frequency (stream order), DC step 2.
        for (int k = 0; k < 64; ++k) {
            q.luma[k] = uint8_t(k == 0 ? 2 : 16 + k / 2);
            q.chroma[k] = uint8_t(k == 0 ? 2 : 20 + k / 2);
        }
        return q;
    }();
    return t;
}

void encodeBlock(const int samples[64], const uint8_t qt[64], int qScale,
                 std::vector<uint16_t>& out) {
    static const Basis basis;
    double rows[8][8]; // 1-D DCT of each row
    for (int y = 0; y < 8; ++y)
        for (int v = 0; v < 8; ++v) {
            double s = 0;
            for (int x = 0; x < 8; ++x)
                s += samples[y * 8 + x] * basis.c[v][x];
            rows[y][v] = s;
        }
    long coef[64]; // stream order
    for (int u = 0; u < 8; ++u)
        for (int v = 0; v < 8; ++v) {
            double s = 0;
            for (int y = 0; y < 8; ++y)
                s += rows[y][v] * basis.c[u][y];
            const int k = kZigzag[u * 8 + v];
            coef[k] = k == 0 ? std::lround(s / qt[0]) : std::lround(s * 8 / (qt[k] * qScale));
        }
    // DC +1FFh is BS's End of Frame code (cdromfileformats.md "DC v1/v2/ea"): at most +1FEh.
    out.push_back(uint16_t(qScale << 10) | value10(coef[0], 0x1fe));
    int run = 0;
    for (int k = 1; k < 64; ++k) {
        if (coef[k] == 0) {
            ++run;
            continue;
        }
        out.push_back(uint16_t(run << 10) | value10(coef[k]));
        run = 0;
    }
    out.push_back(0xfe00);
}

std::vector<uint16_t> encodePicture(const uint8_t* rgb, int width, int height, int qScale,
                                    const QuantTables& tables) {
    std::vector<uint16_t> out;
    auto at = [&](int x, int y, int c) { return double(rgb[(size_t(y) * width + x) * 3 + c]); };
    for (int mx = 0; mx < width / 16; ++mx)
        for (int my = 0; my < height / 16; ++my) {
            int cr[64], cb[64], yb[4][64];
            for (int y = 0; y < 16; ++y)
                for (int x = 0; x < 16; ++x) {
                    const int px = mx * 16 + x, py = my * 16 + y;
                    const double r = at(px, py, 0), g = at(px, py, 1), b = at(px, py, 2);
                    yb[(y / 8) * 2 + x / 8][(y % 8) * 8 + x % 8] =
                        int(std::lround(0.299 * r + 0.587 * g + 0.114 * b)) - 128;
                }
            for (int y = 0; y < 8; ++y)
                for (int x = 0; x < 8; ++x) {
                    double r = 0, g = 0, b = 0;
                    for (int d = 0; d < 4; ++d) {
                        const int px = mx * 16 + x * 2 + (d & 1), py = my * 16 + y * 2 + d / 2;
                        r += at(px, py, 0) / 4;
                        g += at(px, py, 1) / 4;
                        b += at(px, py, 2) / 4;
                    }
                    cr[y * 8 + x] = std::clamp(
                        int(std::lround(0.5 * r - 0.418688 * g - 0.081312 * b)), -128, 127);
                    cb[y * 8 + x] = std::clamp(
                        int(std::lround(-0.168736 * r - 0.331264 * g + 0.5 * b)), -128, 127);
                }
            encodeBlock(cr, tables.chroma, qScale, out);
            encodeBlock(cb, tables.chroma, qScale, out);
            for (auto& blk : yb)
                encodeBlock(blk, tables.luma, qScale, out);
        }
    while (out.size() % 64)
        out.push_back(0xfe00);
    return out;
}

std::vector<uint32_t> toWords(const std::vector<uint16_t>& h) {
    std::vector<uint32_t> w((h.size() + 1) / 2);
    for (size_t i = 0; i < h.size(); ++i)
        w[i / 2] |= uint32_t(h[i]) << (16 * (i & 1));
    if (h.size() & 1) w.back() |= 0xfe000000u;
    return w;
}

} // namespace tools::mdec
