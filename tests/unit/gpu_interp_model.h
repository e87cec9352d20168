#pragma once
// A second, independent statement of the polygon rules the rasterizer implements (see
// gpu/rasterizer_setup.h), written for clarity instead of speed: exact rational geometry for
// which pixels a triangle covers, and each pixel's colour/texture coordinate evaluated directly
// from the plane rule (no stepping, no shared code with the rasterizer).
//
// Coverage ("GPU Render Polygon Commands": polygons exclude their lower-right edges): rows
// top <= y < bottom; in a row, the pixels x with left edge <= x < right edge, where the edges
// are the exact lines between the vertices.
// Attributes (the accurate emulators' rule, psx-spx being silent): the "core" vertex is the
// leftmost one (ties: v1 over v0 and v2 over v1, but v0 over v2, in command order); the slopes
// are the plane's cross products times 4096 divided by twice the area, truncated toward zero;
// value = bits 24-31 of V(core)*2^24 + 2^23 + slope_x*2^12*(x-cx) + slope_y*2^12*(y-cy), mod 2^32.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "gpu/commands.h"

namespace interpmodel {

inline int attrOf(const gpu::Vertex& v, int k) {
    const int values[5] = {v.r, v.g, v.b, v.u, v.v};
    return values[k];
}

struct Triangle {
    gpu::Vertex v[3];  // command order
    gpu::Vertex s[3];  // sorted by Y (ties in any order: coverage does not depend on it)
    bool drawn = true; // false: degenerate or over the size limits
    int core = 0;
    int64_t gx[5] = {}, gy[5] = {};

    Triangle(const gpu::Vertex& a, const gpu::Vertex& b, const gpu::Vertex& c) : v{a, b, c} {
        if (v[1].x <= v[0].x)
            core = v[2].x <= v[1].x ? 2 : 1;
        else
            core = v[2].x < v[0].x ? 2 : 0;
        s[0] = a;
        s[1] = b;
        s[2] = c;
        std::stable_sort(s, s + 3,
                         [](const gpu::Vertex& p, const gpu::Vertex& q) { return p.y < q.y; });
        const int64_t xs[3] = {a.x, b.x, c.x}, ys[3] = {a.y, b.y, c.y};
        const int64_t w = *std::max_element(xs, xs + 3) - *std::min_element(xs, xs + 3);
        const int64_t h = *std::max_element(ys, ys + 3) - *std::min_element(ys, ys + 3);
        const int64_t den = area2();
        if (w >= 1024 || h >= 512 || den == 0) {
            drawn = false;
            return;
        }
        // Cross products over the sorted vertices A, B, C (the sign cancels with den's).
        const gpu::Vertex &A = s[0], &B = s[1], &C = s[2];
        for (int k = 0; k < 5; ++k) {
            const int64_t ab = attrOf(B, k) - attrOf(A, k), bc = attrOf(C, k) - attrOf(B, k);
            gx[k] = (ab * (C.y - B.y) - bc * (B.y - A.y)) * 4096 / den;
            gy[k] = ((int64_t{B.x} - A.x) * bc - (int64_t{C.x} - B.x) * ab) * 4096 / den;
        }
    }

    int64_t area2() const {
        return (int64_t{s[1].x} - s[0].x) * (s[2].y - s[1].y) -
               (int64_t{s[2].x} - s[1].x) * (s[1].y - s[0].y);
    }

    // Edge p->q (p.y < q.y) at row y: x = num / den exactly, den > 0.
    static void edgeAt(const gpu::Vertex& p, const gpu::Vertex& q, int64_t y, int64_t& num,
                       int64_t& den) {
        den = int64_t{q.y} - p.y;
        num = int64_t{p.x} * den + (y - p.y) * (int64_t{q.x} - p.x);
    }

    bool covers(int64_t x, int64_t y) const {
        if (!drawn || y < s[0].y || y >= s[2].y) return false;
        int64_t ln, ld, sn, sd;
        edgeAt(s[0], s[2], y, ln, ld);
        if (y < s[1].y)
            edgeAt(s[0], s[1], y, sn, sd);
        else
            edgeAt(s[1], s[2], y, sn, sd);
        // left = the smaller of ln/ld and sn/sd
        const bool longIsLeft = ln * sd < sn * ld;
        const int64_t lN = longIsLeft ? ln : sn, lD = longIsLeft ? ld : sd;
        const int64_t rN = longIsLeft ? sn : ln, rD = longIsLeft ? sd : ld;
        return x * lD >= lN && x * rD < rN;
    }

    // Attribute k (0-2 colour, 3 U, 4 V) at pixel (x, y).
    int attr(int k, int64_t x, int64_t y) const {
        const gpu::Vertex& c = v[core];
        const int64_t acc = (int64_t{attrOf(c, k)} * 4096 + 2048) * 4096 +
                            gx[k] * 4096 * (x - c.x) + gy[k] * 4096 * (y - c.y);
        return static_cast<int>((static_cast<uint64_t>(acc) & 0xFFFFFFFFu) >> 24);
    }
};

// "24bit RGB to 15bit RGB Dithering": offset, saturate to 0..FFh, divide by 8.
inline int to5(int c8, bool dither, int x, int y) {
    static constexpr int kOffsets[4][4] = {
        {-4, 0, -3, 1}, {2, -2, 3, -1}, {-3, 1, -4, 0}, {3, -1, 2, -2}};
    if (dither) c8 = std::clamp(c8 + kOffsets[y & 3][x & 3], 0, 255);
    return c8 >> 3;
}

} // namespace interpmodel
