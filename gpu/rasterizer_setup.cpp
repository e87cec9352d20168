// Triangle setup: sorting, edge bounds and attribute gradients (rules in rasterizer_setup.h).
#include "gpu/rasterizer_setup.h"

#include <cstdlib>
#include <utility>

namespace gpu::raster {

namespace {
constexpr int64_t kOne = int64_t{1} << 32; // 1.0 in the 32.32 bounds

// A bound at a vertex: x + 1 - 2^-21, so that floor() of a bound that is exactly on a pixel
// column gives that column and any other gives the column to its right (a ceiling).
int64_t boundAt(int64_t x) {
    return x * kOne + kOne - 2048;
}

// Per-row step of an edge rising `dx` over `dy` > 0 rows, rounded away from zero.
int64_t boundStep(int64_t dx, int64_t dy) {
    int64_t n = dx * kOne;
    if (n < 0)
        n -= dy - 1;
    else if (n > 0)
        n += dy - 1;
    return n / dy; // truncates toward zero
}

// The plane's slope num/den with 12 fraction bits, truncated toward zero, then widened to the
// accumulators' 24 fraction bits (the low 12 bits stay zero). Negative slopes wrap.
uint32_t gradient(int64_t num, int64_t den) {
    const int64_t q = num * 4096 / den;
    return static_cast<uint32_t>(q) << 12;
}

int attrOf(const Vertex& v, int attr) {
    switch (attr) {
    case kAttrR: return v.r;
    case kAttrG: return v.g;
    case kAttrB: return v.b;
    case kAttrU: return v.u;
    default: return v.v;
    }
}
} // namespace

bool setupTriangle(const Vertex (&v)[3], TriangleSetup& out) {
    const Vertex* core = &v[coreVertex(v)];
    // The three-step sort, kept as the hardware rule does it: it decides which vertex is the
    // middle one when two share a Y.
    const Vertex* s[3] = {&v[0], &v[1], &v[2]};
    if (s[2]->y < s[1]->y) std::swap(s[2], s[1]);
    if (s[1]->y < s[0]->y) std::swap(s[1], s[0]);
    if (s[2]->y < s[1]->y) std::swap(s[2], s[1]);
    const Vertex &a = *s[0], &b = *s[1], &c = *s[2];
    if (a.y == c.y) return false;
    // "Vertex": polygons with a vertex distance over 1023 horizontally or 511 vertically are
    // not rendered.
    if (int64_t{c.y} - a.y >= 512 || std::llabs(int64_t{c.x} - a.x) >= 1024 ||
        std::llabs(int64_t{c.x} - b.x) >= 1024 || std::llabs(int64_t{b.x} - a.x) >= 1024) {
        return false;
    }
    const int64_t abx = int64_t{b.x} - a.x, aby = int64_t{b.y} - a.y;
    const int64_t bcx = int64_t{c.x} - b.x, bcy = int64_t{c.y} - b.y;
    const int64_t den = abx * bcy - bcx * aby; // twice the signed area
    if (den == 0) return false;

    for (int k = 0; k < kAttrCount; ++k) {
        const int64_t ab = attrOf(b, k) - attrOf(a, k), bc = attrOf(c, k) - attrOf(b, k);
        out.dx[k] = gradient(ab * bcy - bc * aby, den);
        out.dy[k] = gradient(abx * bc - bcx * ab, den);
        // +0.5 at the core vertex, then moved to the origin so a pixel's value needs no
        // subtraction: start + dx*x + dy*y.
        const uint32_t atCore = (static_cast<uint32_t>(attrOf(*core, k)) << kAttrShift) | 0x800000u;
        out.start[k] = atCore - out.dx[k] * static_cast<uint32_t>(core->x) -
                       out.dy[k] * static_cast<uint32_t>(core->y);
    }

    out.originX = a.x;
    const int64_t longStep = boundStep(int64_t{c.x} - a.x, int64_t{c.y} - a.y);
    int64_t upperStep = 0;
    bool rightFacing; // the short edges lie right of the long edge
    if (aby == 0) {
        rightFacing = b.x > a.x;
    } else {
        upperStep = boundStep(abx, aby);
        rightFacing = upperStep > longStep;
    }
    const int64_t lowerStep = bcy == 0 ? 0 : boundStep(bcx, bcy);
    const int sh = rightFacing ? 1 : 0; // index of the short edge's bound
    auto longAt = [&](const Vertex& p) { return boundAt(0) + (int64_t{p.y} - a.y) * longStep; };

    // Walking order: from the top when the core vertex is the top one, else from the middle
    // (core in the middle) or from the bottom (core at the bottom).
    const int coreSorted = core == s[0] ? 0 : core == s[1] ? 1 : 2;
    const int first = coreSorted == 0 ? 0 : 1; // index of the top part in parts[]
    const bool bottomUp = coreSorted == 2;     // the bottom part is walked upwards
    TrianglePart& top = out.parts[first];
    TrianglePart& bottom = out.parts[first ^ 1];

    const Vertex& topFrom = coreSorted == 0 ? a : b; // top part starts at a (down) or b (up)
    top.yStart = topFrom.y;
    top.yEnd = coreSorted == 0 ? b.y : a.y;
    top.upward = coreSorted != 0;
    top.bound[sh] = boundAt(int64_t{topFrom.x} - a.x);
    top.step[sh] = upperStep;
    top.bound[sh ^ 1] = longAt(topFrom);
    top.step[sh ^ 1] = longStep;

    const Vertex& bottomFrom = bottomUp ? c : b;
    bottom.yStart = bottomFrom.y;
    bottom.yEnd = bottomUp ? b.y : c.y;
    bottom.upward = bottomUp;
    bottom.bound[sh] = boundAt(int64_t{bottomFrom.x} - a.x);
    bottom.step[sh] = lowerStep;
    bottom.bound[sh ^ 1] = longAt(bottomFrom);
    bottom.step[sh ^ 1] = longStep;
    return true;
}

} // namespace gpu::raster
