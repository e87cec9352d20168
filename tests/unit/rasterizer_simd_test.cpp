// The SIMD span loops (gpu/span_sse2.cpp, gpu/span_avx2.cpp) against the scalar ones, which are
// the reference (their rules are checked pixel by pixel against graphicsprocessingunitgpu.md by
// the other [raster] tests; ctest also runs all of those under each ISA, tests/CMakeLists.txt).
// Every ISA must leave VRAM, and the texture cache, bit-identical to the scalar loops:
// - thousands of random triangles and rectangles over random VRAM, in every mode: flat,
//   gouraud, textured 4/8/15-bit with CLUT and texture window, raw and modulated,
//   semi-transparency modes 0-3, dithering, mask set and check, interlaced rows, flips,
//   drawing area clips, the absent texture bank, fetches through the texture cache
//   (kTexCacheLive), and primitives that sample the very row they draw;
// - the GPU fuzz streams of gpu_fuzz_test.cpp through the whole GPU;
// - the built-in demo and the bench-gpu program through the whole machine, frame by frame.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "assets/embedded.h"
#include "core/system.h"
#include "gpu/rasterizer_isa.h"
#include "gpu_fuzz_stream.h"
#include "savestate/state_io.h"
#include "tests/unit/rasterizer_test_util.h"

using namespace gpu;

namespace {

// Restores the process-wide ISA choice when a test ends.
struct IsaGuard {
    RasterIsa saved = rasterizerIsa();
    ~IsaGuard() { setRasterizerIsa(saved); }
};

// The SIMD ISAs this host runs. x86-64 always has SSE2, so the list is never empty there.
std::vector<RasterIsa> simdIsas() {
    std::vector<RasterIsa> out;
    for (RasterIsa isa : {RasterIsa::Sse2, RasterIsa::Avx2})
        if (rasterizerIsaSupported(isa)) out.push_back(isa);
#if defined(__x86_64__)
    REQUIRE(!out.empty());
#endif
    if (!rasterizerIsaSupported(RasterIsa::Avx2)) WARN("this CPU has no AVX2: not compared");
    return out;
}

// A random drawing state: any texture page, depth, semi mode, dither, window, clip, mask bits.
DrawState randomState(std::mt19937& g) {
    DrawState s = rastertest::fullArea();
    s.texpage = static_cast<uint16_t>(g() & 0x3FF); // E1h bits 0-9
    if (g() % 3 == 0) {
        s.texWindowMaskX = static_cast<uint8_t>(g() & 0x1F);
        s.texWindowMaskY = static_cast<uint8_t>(g() & 0x1F);
        s.texWindowOffX = static_cast<uint8_t>(g() & 0x1F);
        s.texWindowOffY = static_cast<uint8_t>(g() & 0x1F);
    }
    if (g() % 4 == 0) {
        s.areaLeft = static_cast<int16_t>(g() % 600);
        s.areaTop = static_cast<int16_t>(g() % 300);
        s.areaRight = static_cast<int16_t>(s.areaLeft + g() % 500);
        s.areaBottom = static_cast<int16_t>(s.areaTop + g() % 300);
    }
    s.setMask = g() % 4 == 0;
    s.checkMask = g() % 3 == 0;
    s.rectFlipX = g() % 4 == 0;
    s.rectFlipY = g() % 4 == 0;
    if (g() % 6 == 0) {
        s.interlaced = true;
        s.skipRowParity = static_cast<uint8_t>(g() & 1);
    }
    s.textureBankAbsent = g() % 32 == 0;
    return s;
}

uint8_t randomFlags(std::mt19937& g) {
    uint8_t f = static_cast<uint8_t>(g() & (kGouraud | kTextured | kSemiTransparent | kRawTexture));
    if ((f & kTextured) && g() % 5 == 0) f |= kTexCacheLive;
    return f;
}

Vertex randomVertex(std::mt19937& g, int x0, int y0, int w, int h) {
    return rastertest::vtx(x0 + static_cast<int>(g() % w), y0 + static_cast<int>(g() % h),
                           static_cast<uint8_t>(g()), static_cast<uint8_t>(g()),
                           static_cast<uint8_t>(g()), static_cast<uint8_t>(g()),
                           static_cast<uint8_t>(g()));
}

Command randomTriangle(std::mt19937& g) {
    const bool large = g() % 12 == 0;
    const int w = large ? 1023 : 1 + static_cast<int>(g() % 120);
    const int h = large ? 511 : 1 + static_cast<int>(g() % 100);
    const int x0 = large ? -100 + static_cast<int>(g() % 200) : -20 + static_cast<int>(g() % 1000);
    const int y0 = large ? -50 + static_cast<int>(g() % 100) : -20 + static_cast<int>(g() % 500);
    const uint8_t flags = randomFlags(g);
    const Vertex a = randomVertex(g, x0, y0, w, h), b = randomVertex(g, x0, y0, w, h),
                 c = randomVertex(g, x0, y0, w, h);
    TriangleCmd t = rastertest::triangle(flags, a, b, c, randomState(g));
    t.clut = static_cast<uint16_t>(g() & 0x7FFF);
    return Command(t);
}

Command randomRectangle(std::mt19937& g) {
    RectangleCmd r;
    r.flags = randomFlags(g) & ~kGouraud;
    r.x = -40 + static_cast<int>(g() % 1080);
    r.y = -40 + static_cast<int>(g() % 560);
    r.width = static_cast<uint16_t>(g() % 5 == 0 ? g() % 1024 : g() % 80);
    r.height = static_cast<uint16_t>(g() % 5 == 0 ? g() % 512 : g() % 80);
    r.r = static_cast<uint8_t>(g());
    r.g = static_cast<uint8_t>(g());
    r.b = static_cast<uint8_t>(g());
    r.u = static_cast<uint8_t>(g());
    r.v = static_cast<uint8_t>(g());
    r.clut = static_cast<uint16_t>(g() & 0x7FFF);
    r.state = randomState(g);
    return Command(r);
}

// A textured rectangle or triangle whose 15-bit (or 8-bit) texture page covers the pixels it
// draws, with texture coordinates a few texels off its own position: each pixel samples the
// row being drawn, before or after the pixels around it are written.
Command feedbackPrimitive(std::mt19937& g) {
    Command c = g() % 2 ? randomRectangle(g) : randomTriangle(g);
    DrawState& s = c.kind == CommandKind::Rectangle ? c.rectangle.state : c.triangle.state;
    const int depth = g() % 3 == 0 ? 1 : 2;
    const int x = 64 * static_cast<int>(g() % 14) + static_cast<int>(g() % 40);
    const int y = static_cast<int>(g() % 400);
    s.texpage = static_cast<uint16_t>((x / 64) | ((y / 256) << 4) | (g() & 3) << 5 | depth << 7 |
                                      (g() & 1) << 9);
    s.texWindowMaskX = s.texWindowMaskY = 0;
    s.interlaced = false;
    s.textureBankAbsent = false;
    const int scale = depth == 2 ? 1 : 2; // texels per halfword
    const int u = (x - (x / 64) * 64) * scale + static_cast<int>(g() % 9) - 4;
    const int v = y - (y / 256) * 256;
    if (c.kind == CommandKind::Rectangle) {
        c.rectangle.x = x;
        c.rectangle.y = y;
        c.rectangle.width = static_cast<uint16_t>(8 + g() % 40);
        c.rectangle.height = static_cast<uint16_t>(1 + g() % 8);
        c.rectangle.u = static_cast<uint8_t>(u);
        c.rectangle.v = static_cast<uint8_t>(v);
    } else {
        // A right triangle whose UVs follow its screen position texel for texel.
        const int w = 8 + static_cast<int>(g() % 40), h = 2 + static_cast<int>(g() % 8);
        Vertex* p = c.triangle.v;
        p[0] =
            rastertest::vtx(x, y, 128, 128, 128, static_cast<uint8_t>(u), static_cast<uint8_t>(v));
        p[1] = rastertest::vtx(x + w, y, 128, 128, 128, static_cast<uint8_t>(u + w * scale),
                               static_cast<uint8_t>(v));
        p[2] = rastertest::vtx(x, y + h, 128, 128, 128, static_cast<uint8_t>(u),
                               static_cast<uint8_t>(v + h));
    }
    return c;
}

void randomVram(std::vector<uint16_t>& vram, std::mt19937& g) {
    for (uint16_t& p : vram) {
        const uint32_t roll = g() % 8;
        // Transparent texels, set mask bits and plain noise.
        p = roll == 0 ? 0 : roll == 1 ? 0x8000 : static_cast<uint16_t>(g());
    }
}

uint64_t hashCache(const TextureCache& cache) {
    TextureCache copy = cache;
    return savestate::hash64(copy.tags(), sizeof(uint32_t) * TextureCache::kEntries,
                             savestate::hash64(copy.data(), 2 * 4 * TextureCache::kEntries));
}

// Draws `count` random primitives from `seed` with `isa`; returns VRAM hashes after every 50
// and the texture cache's hash at the end.
std::vector<uint64_t> drawRandom(RasterIsa isa, uint32_t seed, int count, uint64_t& pixels) {
    setRasterizerIsa(isa);
    std::mt19937 g(seed);
    rastertest::Vram vram;
    randomVram(vram.pixels, g);
    std::vector<uint64_t> hashes;
    const uint16_t* noUploads = nullptr;
    for (int i = 0; i < count; ++i) {
        const uint32_t kind = g() % 10;
        const Command c = kind < 5   ? randomTriangle(g)
                          : kind < 8 ? randomRectangle(g)
                                     : feedbackPrimitive(g);
        if (g() % 64 == 0) vram.raster.textureCache().invalidate();
        pixels += vram.raster.execute(c, noUploads);
        if (i % 50 == 49)
            hashes.push_back(savestate::hash64(vram.pixels.data(), 2 * vram.pixels.size()));
    }
    hashes.push_back(hashCache(vram.raster.textureCache()));
    return hashes;
}

} // namespace

TEST_CASE("SIMD spans draw random primitives in every mode bit-identical to the scalar loop",
          "[raster][simd]") {
    IsaGuard guard;
    for (uint32_t seed : {11u, 12u, 13u, 14u}) {
        INFO("seed " << seed);
        uint64_t scalarPixels = 0;
        const std::vector<uint64_t> want = drawRandom(RasterIsa::Scalar, seed, 4000, scalarPixels);
        CHECK(scalarPixels > 5'000'000); // the primitives do draw
        for (RasterIsa isa : simdIsas()) {
            INFO("isa " << rasterizerIsaName(isa));
            uint64_t pixels = 0;
            const std::vector<uint64_t> got = drawRandom(isa, seed, 4000, pixels);
            CHECK(pixels == scalarPixels);
            for (size_t i = 0; i < want.size(); ++i) {
                INFO("after primitive " << (i + 1) * 50);
                REQUIRE(got[i] == want[i]);
            }
        }
    }
}

TEST_CASE("SIMD spans reproduce every small span and clip of each mode exactly", "[raster][simd]") {
    // One-pixel to 20-pixel spans at every alignment: the chunk tails and the dither columns.
    IsaGuard guard;
    for (RasterIsa isa : simdIsas()) {
        INFO("isa " << rasterizerIsaName(isa));
        std::mt19937 g(99);
        rastertest::Vram a, b;
        randomVram(a.pixels, g);
        b.pixels = a.pixels;
        for (int i = 0; i < 4000; ++i) {
            Command c = randomRectangle(g);
            c.rectangle.x = static_cast<int>(g() % 1024);
            c.rectangle.y = static_cast<int>(g() % 512);
            c.rectangle.width = static_cast<uint16_t>(1 + g() % 20);
            c.rectangle.height = static_cast<uint16_t>(1 + g() % 3);
            setRasterizerIsa(RasterIsa::Scalar);
            a.raster.execute(c, nullptr);
            setRasterizerIsa(isa);
            b.raster.execute(c, nullptr);
            INFO("rectangle " << i << " at " << c.rectangle.x << "," << c.rectangle.y << " width "
                              << c.rectangle.width << " flags " << int(c.rectangle.flags));
            REQUIRE(a.pixels == b.pixels);
        }
    }
}

TEST_CASE("SIMD spans render the GPU fuzz streams bit-identical to the scalar loop",
          "[gpu][simd][fuzz]") {
    IsaGuard guard;
    for (uint32_t seed : {1u, 2u}) {
        INFO("seed " << seed);
        auto play = [seed](RasterIsa isa) {
            setRasterizerIsa(isa);
            gputest::Rig r;
            std::mt19937 g(seed);
            std::vector<uint64_t> frames;
            for (int frame = 0; frame < 12; ++frame) {
                gputest::fuzzFrame(r, g, frame);
                r.gpu.endFrame();
                frames.push_back(r.region(0, 0, kVramWidth, kVramHeight));
            }
            frames.push_back(savestate::hash64(r.state().data(), r.state().size()));
            return frames;
        };
        const std::vector<uint64_t> want = play(RasterIsa::Scalar);
        for (RasterIsa isa : simdIsas()) {
            INFO("isa " << rasterizerIsaName(isa));
            CHECK(play(isa) == want);
        }
    }
}

TEST_CASE("SIMD spans render the demo and the GPU benchmark program bit-identical, frame by frame",
          "[gpu][simd]") {
    IsaGuard guard;
    for (const char* name : {"skipjack-demo", "bench-gpu"}) {
        INFO(name);
        const auto program = assets::embeddedProgram(name);
        REQUIRE(!program.empty());
        auto play = [&](RasterIsa isa) {
            setRasterizerIsa(isa);
            core::System system;
            std::string error;
            REQUIRE(system.loadExe(program, error));
            std::vector<uint64_t> frames;
            for (int i = 0; i < 90; ++i) {
                system.runFrame();
                frames.push_back(
                    savestate::hash64(system.gpu().vram(), 2 * kVramWidth * kVramHeight));
            }
            return frames;
        };
        const std::vector<uint64_t> want = play(RasterIsa::Scalar);
        for (RasterIsa isa : simdIsas()) {
            INFO("isa " << rasterizerIsaName(isa));
            CHECK(play(isa) == want);
        }
    }
}

TEST_CASE("Rasterizer ISA names parse and unsupported choices fall back", "[raster][simd]") {
    IsaGuard guard;
    RasterIsa isa = RasterIsa::Scalar;
    CHECK(parseRasterizerIsa("sse2", isa));
    CHECK(isa == RasterIsa::Sse2);
    CHECK(parseRasterizerIsa("avx2", isa));
    CHECK(isa == RasterIsa::Avx2);
    CHECK(parseRasterizerIsa("scalar", isa));
    CHECK(isa == RasterIsa::Scalar);
    CHECK_FALSE(parseRasterizerIsa("avx512", isa));
    CHECK_FALSE(parseRasterizerIsa(nullptr, isa));
    setRasterizerIsa(RasterIsa::Avx2);
    CHECK(rasterizerIsaSupported(rasterizerIsa()));
    CHECK((rasterizerIsa() == RasterIsa::Avx2) == rasterizerIsaSupported(RasterIsa::Avx2));
}
