#pragma once
// Shared helpers for the rasterizer tests: a VRAM, a full-screen drawing state and record
// builders.
#include <cstdint>
#include <vector>

#include "gpu/commands.h"
#include "gpu/rasterizer.h"

namespace rastertest {

struct Vram {
    std::vector<uint16_t> pixels = std::vector<uint16_t>(gpu::kVramWidth * gpu::kVramHeight, 0);
    gpu::Rasterizer raster{pixels.data()};
    uint16_t& at(int x, int y) { return pixels[y * gpu::kVramWidth + x]; }
    int countNonZero() const {
        int n = 0;
        for (uint16_t p : pixels)
            n += p != 0;
        return n;
    }
};

inline gpu::DrawState fullArea() {
    gpu::DrawState s;
    s.areaLeft = 0;
    s.areaTop = 0;
    s.areaRight = 1023;
    s.areaBottom = 511;
    return s;
}

// E1h texpage value: X base (N*64), Y base (N*256), semi mode, depth (0=4,1=8,2=15 bit), dither.
inline uint16_t texpage(int xBase64, int yBase256, int semi, int depth, bool dither = false) {
    return static_cast<uint16_t>((xBase64 & 0xF) | ((yBase256 & 1) << 4) | ((semi & 3) << 5) |
                                 ((depth & 3) << 7) | (dither ? 1 << 9 : 0));
}

inline gpu::Vertex vtx(int x, int y, uint8_t r = 0, uint8_t g = 0, uint8_t b = 0, uint8_t u = 0,
                       uint8_t v = 0) {
    gpu::Vertex p;
    p.x = x;
    p.y = y;
    p.r = r;
    p.g = g;
    p.b = b;
    p.u = u;
    p.v = v;
    return p;
}

inline gpu::TriangleCmd triangle(uint8_t flags, gpu::Vertex a, gpu::Vertex b, gpu::Vertex c,
                                 const gpu::DrawState& state = fullArea()) {
    gpu::TriangleCmd t;
    t.flags = flags;
    t.v[0] = a;
    t.v[1] = b;
    t.v[2] = c;
    t.state = state;
    t.texpage = state.texpage;
    return t;
}

// Draws the quad a b c d as the GPU does: triangles a b c and b c d.
inline uint64_t drawQuad(Vram& vram, gpu::TriangleCmd first, gpu::Vertex d) {
    uint64_t n = vram.raster.drawTriangle(first);
    gpu::TriangleCmd second = first;
    second.v[0] = first.v[1];
    second.v[1] = first.v[2];
    second.v[2] = d;
    if (!(first.flags & gpu::kGouraud)) { // a flat quad has one colour for both halves
        second.v[0].r = first.v[0].r;
        second.v[0].g = first.v[0].g;
        second.v[0].b = first.v[0].b;
    }
    return n + vram.raster.drawTriangle(second);
}

inline gpu::RectangleCmd rectangle(uint8_t flags, int x, int y, int w, int h,
                                   const gpu::DrawState& state = fullArea()) {
    gpu::RectangleCmd r;
    r.flags = flags;
    r.x = x;
    r.y = y;
    r.width = static_cast<uint16_t>(w);
    r.height = static_cast<uint16_t>(h);
    r.state = state;
    return r;
}

inline uint16_t rgb15(int r, int g, int b) {
    return static_cast<uint16_t>(r | (g << 5) | (b << 10));
}

} // namespace rastertest
