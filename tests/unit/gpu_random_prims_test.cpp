// Thousands of random triangles and quads through the rasterizer, checking what the polygon
// rules imply ("GPU Render Polygon Commands": lower-right edges excluded, so primitives that
// share an edge tile; the interpolation rule of gpu_interp_model.h):
// - every pixel (coverage, colour, UV) equals the independent model, in every vertex order;
// - triangles sharing edges draw every pixel of their union exactly once (no gaps, no overlaps);
// - a pixel drawn at a vertex shows that vertex's colour and UV, and every drawn value lies
//   between the vertex values (the truncated gradients never drift a whole step);
// - a flat triangle equals a gouraud one whose vertices share its colour.
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/unit/gpu_interp_model.h"
#include "tests/unit/rasterizer_test_util.h"

using namespace rastertest;
using namespace gpu;

namespace {
struct Rng {
    uint32_t state;
    int next(int range) {
        state = state * 1664525u + 1013904223u;
        return static_cast<int>((state >> 8) % static_cast<uint32_t>(range));
    }
    int between(int lo, int hi) { return lo + next(hi - lo + 1); }
};

Vertex randomVertex(Rng& rng, int x0, int y0, int w, int h) {
    return vtx(x0 + rng.next(w), y0 + rng.next(h), static_cast<uint8_t>(rng.next(256)),
               static_cast<uint8_t>(rng.next(256)), static_cast<uint8_t>(rng.next(256)),
               static_cast<uint8_t>(rng.next(256)), static_cast<uint8_t>(rng.next(256)));
}

// Raw 15-bit texture whose texel shows the UV it was sampled at (see gpu_interp_test.cpp).
constexpr int kPageX = 768, kPageY = 256;
void fillUvPage(Vram& vram) {
    for (int v = 0; v < 256; ++v)
        for (int u = 0; u < 256; ++u)
            vram.at(kPageX + u, kPageY + v) = static_cast<uint16_t>(0x8000 ^ (u | v << 8));
}
DrawState uvPage(const DrawState& base) {
    DrawState s = base;
    s.texpage = texpage(kPageX / 64, kPageY / 256, 0, 2);
    return s;
}

struct Clip {
    int left, top, right, bottom; // inclusive
};

// Compares the box [x0, x1) x [y0, y1) of `vram` with the model; returns mismatches.
int compareGouraud(Vram& vram, const interpmodel::Triangle& m, int x0, int y0, int x1, int y1,
                   bool dither, const Clip& clip) {
    int wrong = 0;
    for (int y = std::max(y0, 0); y < std::min(y1, kVramHeight); ++y) {
        for (int x = std::max(x0, 0); x < std::min(x1, kVramWidth); ++x) {
            uint16_t want = 0;
            const bool inClip =
                x >= clip.left && x <= clip.right && y >= clip.top && y <= clip.bottom;
            if (inClip && m.covers(x, y)) {
                want = rgb15(interpmodel::to5(m.attr(0, x, y), dither, x, y),
                             interpmodel::to5(m.attr(1, x, y), dither, x, y),
                             interpmodel::to5(m.attr(2, x, y), dither, x, y));
            }
            if (vram.at(x, y) != want) {
                if (++wrong < 4)
                    UNSCOPED_INFO("pixel " << x << "," << y << " = " << vram.at(x, y) << " want "
                                           << want);
            }
        }
    }
    return wrong;
}
} // namespace

TEST_CASE("Random polygons - every pixel equals the model in every vertex order - clipped",
          "[raster][interp][random]") {
    Rng rng{20240601u};
    int drawn = 0;
    for (int i = 0; i < 1500; ++i) {
        // Mostly small triangles, some up to the size limit; some partly outside the drawing
        // area (negative coordinates and a random clip rectangle).
        const bool large = rng.next(10) == 0;
        const int w = large ? 1023 : rng.between(1, 60), h = large ? 511 : rng.between(1, 60);
        const int x0 = large ? 0 : rng.between(-30, 300), y0 = large ? 0 : rng.between(-30, 200);
        Vertex v[3] = {randomVertex(rng, x0, y0, w, h), randomVertex(rng, x0, y0, w, h),
                       randomVertex(rng, x0, y0, w, h)};
        DrawState s = fullArea();
        if (rng.next(4) == 0) {
            s.areaLeft = static_cast<int16_t>(rng.between(0, 200));
            s.areaTop = static_cast<int16_t>(rng.between(0, 150));
            s.areaRight = static_cast<int16_t>(s.areaLeft + rng.between(0, 300));
            s.areaBottom = static_cast<int16_t>(s.areaTop + rng.between(0, 200));
        }
        const bool dither = rng.next(2) == 0;
        s.texpage = texpage(0, 0, 0, 0, dither);
        const int perm[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        const int* p = perm[rng.next(6)];
        const Vertex a = v[p[0]], b = v[p[1]], c = v[p[2]];
        Vram vram;
        const uint64_t n = vram.raster.drawTriangle(triangle(kGouraud, a, b, c, s));
        const interpmodel::Triangle m(a, b, c);
        const Clip clip = {std::max<int>(s.areaLeft, 0), std::max<int>(s.areaTop, 0),
                           std::min<int>(s.areaRight, kVramWidth - 1),
                           std::min<int>(s.areaBottom, kVramHeight - 1)};
        INFO("triangle " << i << ": " << a.x << "," << a.y << " " << b.x << "," << b.y << " " << c.x
                         << "," << c.y);
        const int wrong =
            compareGouraud(vram, m, x0 - 2, y0 - 2, x0 + w + 2, y0 + h + 2, dither, clip);
        CHECK(wrong == 0);
        drawn += n > 0;
    }
    CHECK(drawn > 1000);
}

TEST_CASE("Random textured polygons - UV of every pixel equals the model",
          "[raster][interp][random]") {
    Rng rng{777u};
    Vram vram;
    fillUvPage(vram);
    const DrawState s = uvPage(fullArea());
    for (int i = 0; i < 1500; ++i) {
        const int w = rng.between(1, 80), h = rng.between(1, 80);
        const int x0 = rng.between(0, 500), y0 = rng.between(0, 150);
        const Vertex a = randomVertex(rng, x0, y0, w, h), b = randomVertex(rng, x0, y0, w, h),
                     c = randomVertex(rng, x0, y0, w, h);
        vram.raster.drawTriangle(triangle(kTextured | kRawTexture, a, b, c, s));
        const interpmodel::Triangle m(a, b, c);
        int wrong = 0;
        for (int y = y0; y < y0 + h; ++y) {
            for (int x = x0; x < x0 + w; ++x) {
                uint16_t& px = vram.at(x, y);
                const uint16_t want =
                    m.covers(x, y)
                        ? static_cast<uint16_t>(0x8000 ^ (m.attr(3, x, y) | m.attr(4, x, y) << 8))
                        : 0;
                wrong += px != want;
                px = 0; // clean for the next triangle
            }
        }
        INFO("triangle " << i << ": " << a.x << "," << a.y << " " << b.x << "," << b.y << " " << c.x
                         << "," << c.y);
        CHECK(wrong == 0);
    }
}

TEST_CASE("Random polygons - fans and quads that share edges draw each pixel exactly once",
          "[raster][interp][random]") {
    // Semi-transparent B+F with a colour of one 5-bit step counts how often each pixel is
    // drawn: the parts must give exactly the pixels of the whole, each once.
    Rng rng{4242u};
    DrawState s = fullArea();
    s.texpage = texpage(0, 0, 1, 0);
    int tested = 0;
    for (int i = 0; i < 3000; ++i) {
        const int w = rng.between(2, 120), h = rng.between(2, 120);
        Vertex a = randomVertex(rng, 0, 0, w, h), b = randomVertex(rng, 0, 0, w, h),
               c = randomVertex(rng, 0, 0, w, h);
        for (Vertex* p : {&a, &b, &c})
            p->r = p->g = p->b = 8;
        const interpmodel::Triangle whole(a, b, c);
        if (!whole.drawn) continue;
        // An inner or edge point with integer coordinates: a random convex combination,
        // rounded, kept only if it lies in the closed triangle.
        const int wa = rng.next(5), wb = rng.next(5), wc = rng.next(5) + (wa + wb == 0);
        Vertex p = vtx((wa * a.x + wb * b.x + wc * c.x) / (wa + wb + wc),
                       (wa * a.y + wb * b.y + wc * c.y) / (wa + wb + wc), 8, 8, 8);
        auto cross = [](const Vertex& o, const Vertex& q, const Vertex& r) {
            return (q.x - o.x) * (r.y - o.y) - (q.y - o.y) * (r.x - o.x);
        };
        const int sign = cross(a, b, c) > 0 ? 1 : -1;
        if (sign * cross(a, b, p) < 0 || sign * cross(b, c, p) < 0 || sign * cross(c, a, p) < 0)
            continue;
        ++tested;
        Vram one, parts;
        const uint64_t n = one.raster.drawTriangle(triangle(kSemiTransparent, a, b, c, s));
        uint64_t m = 0;
        // The fan in a random vertex order per part (orders must not matter to coverage).
        const Vertex fan[3][3] = {{p, a, b}, {b, p, c}, {c, a, p}};
        for (const auto& t : fan)
            m += parts.raster.drawTriangle(triangle(kSemiTransparent, t[0], t[1], t[2], s));
        INFO("triangle " << a.x << "," << a.y << " " << b.x << "," << b.y << " " << c.x << ","
                         << c.y << " split at " << p.x << "," << p.y);
        CHECK(n == m);
        bool same = true;
        for (int y = 0; y <= h && same; ++y)
            for (int x = 0; x <= w && same; ++x)
                same = one.at(x, y) == parts.at(x, y) &&
                       (one.at(x, y) == 0 || one.at(x, y) == rgb15(1, 1, 1));
        CHECK(same);
        // A quad over the same box, split by the GPU's rule (v0 v1 v2, v1 v2 v3): the union
        // of its halves is drawn once per pixel (checked against the model of each half).
        Vram quad;
        const Vertex d = randomVertex(rng, 0, 0, w, h);
        Vertex dq = d;
        dq.r = dq.g = dq.b = 8;
        drawQuad(quad, triangle(kSemiTransparent, a, b, c, s), dq);
        const interpmodel::Triangle h1(a, b, c), h2(b, c, dq);
        bool tiles = true;
        for (int y = 0; y <= h && tiles; ++y) {
            for (int x = 0; x <= w && tiles; ++x) {
                const int times = (h1.covers(x, y) ? 1 : 0) + (h2.covers(x, y) ? 1 : 0);
                tiles = quad.at(x, y) == rgb15(times, times, times);
            }
        }
        CHECK(tiles);
    }
    CHECK(tested > 1500);
}

TEST_CASE("Random polygons - vertex pixels show the vertex values - values stay in range",
          "[raster][interp][random]") {
    Rng rng{99u};
    Vram vram;
    fillUvPage(vram);
    const DrawState s = uvPage(fullArea());
    int vertexPixels = 0;
    for (int i = 0; i < 2000; ++i) {
        // Up to the size limits: the truncated gradients' error grows with distance.
        const bool large = rng.next(4) == 0;
        const int w = large ? 700 : rng.between(1, 100), h = large ? 250 : rng.between(1, 100);
        const int x0 = large ? 0 : rng.between(0, 600), y0 = large ? 0 : rng.between(0, 150);
        const Vertex v[3] = {randomVertex(rng, x0, y0, w, h), randomVertex(rng, x0, y0, w, h),
                             randomVertex(rng, x0, y0, w, h)};
        vram.raster.drawTriangle(triangle(kTextured | kRawTexture, v[0], v[1], v[2], s));
        int lo[2] = {255, 255}, hi[2] = {0, 0};
        for (const Vertex& p : v) {
            lo[0] = std::min<int>(lo[0], p.u), hi[0] = std::max<int>(hi[0], p.u);
            lo[1] = std::min<int>(lo[1], p.v), hi[1] = std::max<int>(hi[1], p.v);
        }
        bool inRange = true;
        for (int y = y0; y < y0 + h; ++y) {
            for (int x = x0; x < x0 + w; ++x) {
                uint16_t& px = vram.at(x, y);
                if (px == 0) continue;
                const int u = (px ^ 0x8000) & 0xFF, vv = (px ^ 0x8000) >> 8;
                inRange &= u >= lo[0] && u <= hi[0] && vv >= lo[1] && vv <= hi[1];
            }
        }
        CHECK(inRange);
        for (const Vertex& p : v) {
            const uint16_t px = vram.at(p.x, p.y);
            if (px == 0) continue; // vertices on a right or bottom edge are not drawn
            // Two vertices on the same pixel (a sliver) may show either one's values.
            bool shared = false;
            for (const Vertex& o : v)
                shared |= &o != &p && o.x == p.x && o.y == p.y;
            if (shared) continue;
            ++vertexPixels;
            INFO("vertex " << p.x << "," << p.y << " of triangle " << i);
            CHECK((px ^ 0x8000) == (p.u | p.v << 8));
        }
        for (int y = y0; y < y0 + h; ++y)
            std::fill_n(&vram.at(x0, y), w, uint16_t{0});
    }
    CHECK(vertexPixels > 800);
}

TEST_CASE("Random polygons - flat equals gouraud with one colour at every vertex",
          "[raster][interp][random]") {
    Rng rng{31337u};
    for (int i = 0; i < 1000; ++i) {
        const int w = rng.between(1, 200), h = rng.between(1, 150);
        Vertex v[3] = {randomVertex(rng, 10, 10, w, h), randomVertex(rng, 10, 10, w, h),
                       randomVertex(rng, 10, 10, w, h)};
        DrawState s = fullArea();
        s.texpage = texpage(0, 0, 0, 0, rng.next(2) == 0);
        Vram flat, shaded;
        // Flat: the other vertices' colours are ignored (only vertex 0's is sent).
        flat.raster.drawTriangle(triangle(0, v[0], v[1], v[2], s));
        for (int k = 1; k < 3; ++k) {
            v[k].r = v[0].r;
            v[k].g = v[0].g;
            v[k].b = v[0].b;
        }
        shaded.raster.drawTriangle(triangle(kGouraud, v[0], v[1], v[2], s));
        // Gouraud dithers and flat does not ("Dither enable ... affects ONLY polygons that do
        // use gouraud shading"): compare with dithering off only.
        if (s.texpage & (1 << 9)) {
            const int e = interpmodel::to5(v[0].r, false, 0, 0);
            for (int y = 10; y < 10 + h; ++y)
                for (int x = 10; x < 10 + w; ++x)
                    if (flat.at(x, y) != 0) REQUIRE((flat.at(x, y) & 31) == e);
            continue;
        }
        INFO("triangle " << i);
        CHECK((flat.pixels == shaded.pixels));
    }
}
