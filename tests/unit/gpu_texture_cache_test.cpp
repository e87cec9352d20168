// The GPU's 2 KB texture cache (graphicsprocessingunitgpu.md "GPU Texture Caching", "Clear
// Cache"): 256 entries of 8 bytes (4 halfwords); cache blocks of 64x64 texels (4-bit), 32x64
// (8-bit) and 32x32 (15-bit), entries numbered inside the block, one entry per number. Texels
// fetched from a cached line come from the cache even after VRAM changed ("it is possible to
// abuse the texture cache by changing pixels in VRAM that the GPU loaded in its cache"), until
// GP0(01h) flushes it. The other invalidations (GP1(00h), copies, transfers, a texture page
// change) follow the peer emulator that models the cache; texture_cache_tracker.h says why.
//
// Each probe below draws a 1x1 sprite that loads a line, overwrites the line in VRAM with an
// untextured rectangle, optionally does something in between, and samples the line again: the
// second sprite shows the old value (stale: the line was still cached) or the new one.
// The last cases check determinism (DESIGN.md §2, §3): with frame skipping the stale texels
// and the state are those of the FULL render, and a savestate carries the cache.
#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <vector>

#include "gpu/texture_cache.h"
#include "gpu_lockstep.h"
#include "gpu_test_rig.h"

using namespace gpu;
using gputest::drawArea;
using gputest::enableDisplay;
using gputest::lockstep;
using gputest::Rig;
using gputest::xy;
using Run = gputest::PacedRig;

namespace {

constexpr int kPageX = 640;             // texture page 10
constexpr uint16_t kOld = 0x1111;       // texture before: 4-bit index 1, 8-bit 11h, 15-bit 1111h
constexpr uint16_t kNew = 0x2222;       // after: 4-bit index 2, 8-bit 22h, 15-bit 2222h
constexpr uint32_t kNewRgb = 0x408810u; // 24-bit colour whose 15-bit form is 2222h
constexpr uint16_t kClut = uint16_t(0 | (480 << 6)); // CLUT at (0, 480)

// What a raw-textured sprite draws for a texture halfword `h` at colour depth `depth`: the
// palette maps index i to 0400h + i.
uint16_t shown(int depth, uint16_t h) {
    if (depth == 0) return uint16_t(0x0400 + (h & 0xF));
    if (depth == 1) return uint16_t(0x0400 + (h & 0xFF));
    return h;
}

void upload(Rig& r, int x, int y, int w, int h, const std::vector<uint16_t>& px) {
    r.gp0({0xA0000000u, xy(x, y), xy(w, h)});
    for (size_t i = 0; i < px.size(); i += 2)
        r.gp0(uint32_t(px[i]) | uint32_t(i + 1 < px.size() ? px[i + 1] : 0) << 16);
}

// Whole-VRAM drawing area, texture page 10 at `depth`, palette, texture filled with kOld,
// then GP0(01h).
void setup(Rig& r, int depth) {
    drawArea(r, 0, 0, 1024, 512);
    r.gp0(0xE5000000u);
    std::vector<uint16_t> pal(256);
    for (int i = 0; i < 256; ++i)
        pal[size_t(i)] = uint16_t(0x0400 + i);
    upload(r, 0, 480, 256, 1, pal);
    upload(r, kPageX, 0, 64, 256, std::vector<uint16_t>(64 * 256, kOld));
    r.gp0(0xE1000000u | uint32_t(depth) << 7 | 10u);
    r.gp0(0x01000000u);
}

// GP0(6Dh) 1x1 raw-textured sprite at (x, y) sampling the first texel of VRAM halfword
// (hx, hy) of the page (hx - 640 halfwords across at `depth`).
void sample(Rig& r, int depth, int x, int y, int hx, int hy) {
    uint32_t u = uint32_t(hx - kPageX) << (depth == 0 ? 2 : depth == 1 ? 1 : 0);
    r.gp0({0x6D000000u, xy(x, y), uint32_t(kClut) << 16 | uint32_t(hy) << 8 | u});
}

// GP0(60h) untextured w x h rectangle writing kNew.
void overwrite(Rig& r, int hx, int hy, int w = 4, int h = 1) {
    r.gp0({0x60000000u | kNewRgb, xy(hx, hy), xy(w, h)});
}

uint16_t pixel(Rig& r, int x, int y) {
    r.idle();
    r.gpu.endFrame(); // executes the frame's records
    return r.gpu.vram()[y * kVramWidth + x];
}

// Loads the line of halfword (hx, hy), overwrites the line, runs `between`, samples it again.
// Returns what the second sample drew.
uint16_t probe(int depth, int hx, int hy, const std::function<void(Rig&)>& between) {
    Rig r;
    setup(r, depth);
    sample(r, depth, 0, 500, hx, hy);
    overwrite(r, hx & ~3, hy);
    between(r);
    r.gp0(0xE1000000u | uint32_t(depth) << 7 | 10u); // the same page (no change)
    sample(r, depth, 1, 500, hx, hy);
    REQUIRE(pixel(r, 0, 500) == shown(depth, kOld));
    return pixel(r, 1, 500);
}

void nothing(Rig&) {}

} // namespace

TEST_CASE("Texture cache geometry: entry numbers per colour depth", "[gpu][texcache]") {
    // 4-bit and 8-bit: 16 halfwords x 64 rows per block, 4 entries per row.
    CHECK(TextureCache::entryOf(0, 0, 0) == 0);
    CHECK(TextureCache::entryOf(0, 4, 0) == 1);
    CHECK(TextureCache::entryOf(0, 12, 0) == 3);
    CHECK(TextureCache::entryOf(0, 16, 0) == 0); // next block across
    CHECK(TextureCache::entryOf(0, 0, 1) == 4);
    CHECK(TextureCache::entryOf(1, 15, 63) == 255);
    CHECK(TextureCache::entryOf(1, 0, 64) == 0); // next block down
    // 15-bit: 32 halfwords x 32 rows, 8 entries per row.
    CHECK(TextureCache::entryOf(2, 16, 0) == 4);
    CHECK(TextureCache::entryOf(2, 28, 0) == 7);
    CHECK(TextureCache::entryOf(2, 32, 0) == 0);
    CHECK(TextureCache::entryOf(2, 0, 31) == 248);
    CHECK(TextureCache::entryOf(2, 0, 32) == 0);
}

TEST_CASE("Texture cache: a cached line stays in use after VRAM changes until GP0(01h)",
          "[gpu][texcache]") {
    for (int depth = 0; depth < 3; ++depth) {
        INFO("depth " << depth);
        CHECK(probe(depth, kPageX + 8, 5, nothing) == shown(depth, kOld));
        CHECK(probe(depth, kPageX + 8, 5, [](Rig& r) { r.gp0(0x01000000u); }) ==
              shown(depth, kNew));
    }
    // A fill over the texture does not invalidate either.
    CHECK(probe(2, kPageX + 8, 5, [](Rig& r) {
              r.gp0({0x02000000u | kNewRgb, xy(kPageX, 5), xy(16, 1)});
          }) == shown(2, kOld));
}

TEST_CASE("Texture cache: a line is 4 halfwords - a neighbour comes from the load",
          "[gpu][texcache]") {
    // Sample halfword 1 of a line, overwrite halfword 2, sample halfword 2: the line was loaded
    // whole, so the old value shows.
    Rig r;
    setup(r, 2);
    sample(r, 2, 0, 500, kPageX + 9, 7);
    overwrite(r, kPageX + 10, 7, 1, 1);
    sample(r, 2, 1, 500, kPageX + 10, 7);
    sample(r, 2, 2, 500, kPageX + 12, 7); // the next line: loaded now, never stale
    overwrite(r, kPageX + 12, 7, 1, 1);
    r.gp0(0x01000000u);
    sample(r, 2, 3, 500, kPageX + 10, 7);
    CHECK(pixel(r, 1, 500) == kOld);
    CHECK(pixel(r, 2, 500) == kOld);
    CHECK(pixel(r, 3, 500) == kNew);
}

TEST_CASE("Texture cache: copies - transfers - a page change and GP1(00h) invalidate it",
          "[gpu][texcache]") {
    const int hx = kPageX + 20, hy = 9;
    auto fresh = [&](const std::function<void(Rig&)>& f) { return probe(0, hx, hy, f); };
    CHECK(fresh([](Rig& r) {
              r.gp0({0x80000000u, xy(0, 300), xy(8, 300), xy(4, 4)});
          }) == shown(0, kNew));
    CHECK(fresh([](Rig& r) { upload(r, 0, 300, 2, 1, {1, 2}); }) == shown(0, kNew));
    CHECK(fresh([](Rig& r) {
              r.gp0({0xC0000000u, xy(0, 300), xy(2, 1)});
              r.read();
          }) == shown(0, kNew));
    CHECK(fresh([](Rig& r) { r.gp0(0xE1000000u | 11u); }) == shown(0, kNew));           // X base
    CHECK(fresh([](Rig& r) { r.gp0(0xE1000000u | 1u << 7 | 10u); }) == shown(0, kNew)); // depth
    CHECK(fresh([](Rig& r) {
              r.gp1(0x00000000u);
              drawArea(r, 0, 0, 1024, 512);
              r.gp0(0xE5000000u);
          }) == shown(0, kNew));
    // A textured polygon's texpage attribute changes the page like E1h does.
    CHECK(fresh([](Rig& r) {
              r.gp0({0x25000000u, xy(0, 400), 0, 11u << 16, xy(2, 400), 0, xy(0, 402), 0});
          }) == shown(0, kNew));
}

TEST_CASE("Texture cache: E2h - the same E1h page - GP1(01h) and drawing leave it alone",
          "[gpu][texcache]") {
    const int hx = kPageX + 20, hy = 9;
    auto stale = [&](const std::function<void(Rig&)>& f) { return probe(0, hx, hy, f); };
    CHECK(stale([](Rig& r) { r.gp0(0xE2000000u); }) == shown(0, kOld));
    CHECK(stale([](Rig& r) { r.gp0(0xE1000000u | 10u | 1u << 9 | 1u << 5); }) ==
          shown(0, kOld)); // dither and semi-transparency bits only
    CHECK(stale([](Rig& r) { r.gp1(0x01000000u); }) == shown(0, kOld));
    CHECK(stale([](Rig& r) {
              r.gp0({0x28000000u, xy(0, 400), xy(9, 400), xy(0, 409), xy(9, 409)});
          }) == shown(0, kOld));
}

TEST_CASE("Texture cache: lines at the same entry number of other blocks evict each other",
          "[gpu][texcache]") {
    const int hx = kPageX + 4, hy = 3;
    auto touching = [&](int depth, int dx, int dy) {
        return probe(depth, hx, hy, [=](Rig& r) { sample(r, depth, 5, 500, hx + dx, hy + dy); });
    };
    // 4-bit: blocks of 16 halfwords x 64 rows.
    CHECK(touching(0, 0, 64) == shown(0, kNew));
    CHECK(touching(0, 16, 0) == shown(0, kNew));
    CHECK(touching(0, 0, 32) == shown(0, kOld));
    CHECK(touching(0, 4, 0) == shown(0, kOld));
    // 8-bit: 32x64 texels, the same 16 halfwords x 64 rows.
    CHECK(touching(1, 0, 64) == shown(1, kNew));
    CHECK(touching(1, 16, 0) == shown(1, kNew));
    CHECK(touching(1, 0, 32) == shown(1, kOld));
    // 15-bit: 32 halfwords x 32 rows.
    CHECK(touching(2, 0, 32) == shown(2, kNew));
    CHECK(touching(2, 32, 0) == shown(2, kNew));
    CHECK(touching(2, 16, 0) == shown(2, kOld));
    CHECK(touching(2, 0, 16) == shown(2, kOld));
}

TEST_CASE("Texture cache: a pixel the mask test protects still fetches - a clipped one does not",
          "[gpu][texcache]") {
    const int hx = kPageX + 24, hy = 11;
    for (bool clipped : {false, true}) {
        INFO("clipped " << clipped);
        Rig r;
        setup(r, 0);
        upload(r, 0, 500, 1, 1, {0x8000}); // destination with bit 15 set
        if (clipped) drawArea(r, 100, 100, 10, 10);
        r.gp0(0xE6000002u); // check mask
        sample(r, 0, 0, 500, hx, hy);
        r.gp0(0xE6000000u);
        drawArea(r, 0, 0, 1024, 512);
        r.gp0(0xE5000000u);
        overwrite(r, hx & ~3, hy);
        sample(r, 0, 1, 500, hx, hy);
        CHECK(pixel(r, 0, 500) == 0x8000); // protected (or clipped): not written
        CHECK(pixel(r, 1, 500) == shown(0, clipped ? kNew : kOld));
    }
}

TEST_CASE("GP1(09h) with texture page bit 11: textures in the absent VRAM bank disappear",
          "[gpu][texcache]") {
    // GP0(E1h) bit 11 with GP1(09h).0 = 1 on a 1 MB console: "textures disappearing", every
    // texel halfword reads 0000h: 15-bit texels are then transparent, 4-bit ones CLUT entry 0.
    for (bool upper : {false, true}) {
        INFO("GP1(09h).0 = " << upper);
        for (int depth : {0, 2}) {
            Rig r;
            setup(r, depth);
            r.gp1(0x09000000u | (upper ? 1u : 0u));
            upload(r, 0, 499, 1, 1, {0x1234});
            r.gp0(0xE1000000u | 1u << 11 | uint32_t(depth) << 7 | 10u);
            r.gp0({0x6D000000u, xy(0, 499), uint32_t(kClut) << 16});
            uint16_t expected = !upper ? shown(depth, kOld) : depth == 0 ? 0x0400 : 0x1234;
            CHECK(pixel(r, 0, 499) == expected);
            CHECK((r.stat() & (1u << 15)) != 0); // GPUSTAT.15 shows bit 11 either way
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Frame skipping and savestates.

namespace {

// A double-buffered frame whose display buffer is also the texture: a 15-bit page at the back
// buffer. A pattern is drawn, sampled by sprites (loading lines), overdrawn, and sampled
// again (stale texels), all inside the back buffer, so a PARTIAL render would like to defer it.
// Then a texture outside the display buffers is sampled at the end of the frame without a
// flush, and rewritten at the start of the next: its stale lines cross the frame boundary.
void staleScene(Rig& r, int k) {
    int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
    r.gp1(0x05000000u | uint32_t(front) << 10);
    drawArea(r, 0, 0, 1024, 512);
    r.gp0({0x60000000u | uint32_t(0x30 + k * 8) << 8, xy(512, 0), xy(32, 16)}); // rewrite tex
    // The back buffer; drawArea() also moves the drawing offset there (fills stay absolute).
    drawArea(r, 0, back, 256, 240);
    r.gp0({0x02000000u | uint32_t(k * 20) & 0xFF, xy(0, back), xy(256, 240)});
    r.gp0(0xE1000000u | 2u << 7 | 8u);                 // 15-bit page X=512
    r.gp0({0x65000000u, xy(200, 200), 0, xy(32, 16)}); // stale from the previous frame
    r.gp0({0x60000000u | uint32_t(0x1F + k * 5) & 0xFFu, xy(0, 0), xy(64, 8)});
    r.gp0(0xE1000000u | 2u << 7 | uint32_t(back ? 16 : 0)); // 15-bit page on the back buffer
    for (int i = 0; i < 4; ++i)
        r.gp0({0x65000000u, xy(80 + i * 20, 20), xy(i * 4, 0), xy(16, 4)});
    r.gp0({0x60000000u | 0x00FF00u, xy(0, 0), xy(64, 8)}); // overdraw the sampled pattern
    for (int i = 0; i < 4; ++i)
        r.gp0({0x65000000u, xy(80 + i * 20, 40), xy(i * 4 + 2, 0), xy(16, 4)});
    r.gp0({0x2C000000u, xy(10, 100), 0, xy(60, 100), 8u << 16 | 60u, xy(10, 150), 0x3C00u,
           xy(60, 150), 0x3C3Cu}); // textured quad, page 8
    r.gp0(0xE1000000u | 2u << 7 | 8u);
    r.gp0({0x65000000u, xy(150, 150), 0, xy(24, 12)}); // loads page 8 lines
}

} // namespace

TEST_CASE("Texture cache under frame skipping: stale texels and state equal the FULL render",
          "[gpu][texcache][frameskip]") {
    for (const char* mode : {"fixed:1", "fixed:2", "fixed:4"}) {
        INFO("mode " << mode);
        Run ref, run(mode);
        enableDisplay(ref.rig);
        enableDisplay(run.rig);
        uint64_t deferred = 0;
        for (int k = 0; k < 20; ++k) {
            lockstep(ref, run, 1, [k](Rig& r, int) { staleScene(r, k); });
            deferred += run.stats().recordsDeferred;
            INFO("frame " << k);
            REQUIRE(run.region(512, 0, 544, 16) == ref.region(512, 0, 544, 16));
        }
        CHECK(deferred > 0); // the fills and plain draws still defer
        CHECK(run.state() == ref.state());
        CHECK(std::equal(ref.rig.gpu.vram(), ref.rig.gpu.vram() + kVramWidth * kVramHeight,
                         run.rig.gpu.vram()));
    }
    // The rule itself, in the FULL render: the sprites after the overdraw show the pattern as
    // it was sampled (red), not the green rectangle now under it.
    Run full;
    enableDisplay(full.rig);
    staleScene(full.rig, 0);
    full.vblank();
    const uint16_t* v = full.rig.gpu.vram();
    CHECK(v[40 * kVramWidth + 80] == 0x0003);   // stale red (1Fh -> 3) from the cache
    CHECK(v[0 * kVramWidth + 0] == 0x03E0);     // VRAM itself is green
    CHECK(v[200 * kVramWidth + 200] == 0x00C0); // frame 0 sampled the fresh texture (30h -> 6)
}

TEST_CASE("Texture cache under frame skipping: a seed loads lines drawn by deferred records",
          "[gpu][texcache][frameskip]") {
    // In the back buffer: D draws a rectangle, S samples a texture area that includes it (its
    // lines now hold D's pixels), W writes a pixel elsewhere in S's area (the cache may now be
    // stale: the tags are seeded), L samples D's pixels from the cache. Under frame skipping D
    // and S are deferred; the seed must make D's pixels current before it loads the lines.
    auto frame = [](Rig& r, int k) {
        int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
        r.gp1(0x05000000u | uint32_t(front) << 10);
        drawArea(r, 0, back, 256, 240);
        r.gp0({0x02000000u, xy(0, back), xy(256, 240)});
        r.gp0({0x60000000u | uint32_t(8 * (k % 31 + 1)), xy(0, 0), xy(8, 4)}); // D
        r.gp0(0xE1000000u | 2u << 7 | uint32_t(back ? 16 : 0));
        r.gp0({0x65000000u, xy(100, 100), 0, xy(16, 4)});        // S
        r.gp0({0x68000000u | 0xFF0000u, xy(12, 0)});             // W (1x1)
        r.gp0({0x65000000u, xy(100, 120 + k % 8), 0, xy(4, 1)}); // L
        r.gp0(0xE1000000u | 2u << 7 | 8u);                       // another page: flush
    };
    for (const char* mode : {"fixed:1", "fixed:3"}) {
        INFO("mode " << mode);
        Run ref, run(mode);
        enableDisplay(ref.rig);
        enableDisplay(run.rig);
        lockstep(ref, run, 12, frame);
        CHECK(run.state() == ref.state());
    }
}

TEST_CASE("Texture cache under frame skipping: a seed that covers dead records loads their pixels",
          "[gpu][texcache][frameskip]") {
    // D draws into the back buffer, A samples it (its lines are cached), then an opaque fill F
    // clears the buffer: F is the seed, and it wholly covers D and A, which a PARTIAL render
    // deferred. L then samples D's lines from the cache: in the FULL render they hold D's red.
    // The seed must load the lines before F's own execution lets D die.
    auto frame = [](Rig& r, int k) {
        int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
        r.gp1(0x05000000u | uint32_t(front) << 10);
        drawArea(r, 0, back, 256, 240);
        r.gp0(0xE1000000u | 2u << 7 | uint32_t(back ? 16 : 0));      // 15-bit page on the buffer
        r.gp0({0x60000000u | 0x0000F8u, xy(0, 0), xy(8, 4)});        // D
        r.gp0({0x65000000u, xy(100, 100), 0, xy(8, 4)});             // A
        r.gp0({0x02000000u | 0x100000u, xy(0, back), xy(256, 240)}); // F
        r.gp0({0x65000000u, xy(100, 120), 0, xy(8, 4)});             // L
    };
    for (const char* mode : {"fixed:1", "fixed:2"}) {
        INFO("mode " << mode);
        Run ref, run(mode);
        enableDisplay(ref.rig);
        enableDisplay(run.rig);
        lockstep(ref, run, 6, frame);
        CHECK(run.rig.gpu.frameCommands().counters().recordsDied > 0);
        CHECK(ref.rig.gpu.vram()[(256 + 120) * kVramWidth + 100] == 0x001F); // stale red
        CHECK(run.state() == ref.state());
    }
}

TEST_CASE("Texture cache: a savestate carries the tags and lines - clean or stale",
          "[gpu][texcache][frameskip]") {
    for (int stop : {3, 4}) { // mid-frame in a clean epoch, then in a stale one
        INFO("stop " << stop);
        Run ref, run("fixed:3");
        enableDisplay(ref.rig);
        enableDisplay(run.rig);
        lockstep(ref, run, 6, staleScene);
        // Part of a frame: up to the back-buffer sprites (clean) or past the overdraw (stale).
        auto partial = [stop](Rig& r) {
            drawArea(r, 0, 0, 1024, 512);
            r.gp0({0x60000000u | 0x1Fu, xy(0, 0), xy(64, 8)});
            r.gp0(0xE1000000u | 2u << 7);
            r.gp0({0x65000000u, xy(80, 20), 0, xy(16, 4)});
            if (stop == 4) r.gp0({0x60000000u | 0x00FF00u, xy(0, 0), xy(64, 8)});
        };
        partial(ref.rig);
        partial(run.rig);
        CHECK(ref.rig.gpu.textureCacheTracker().live() == (stop == 4));
        std::vector<uint8_t> a = ref.state(), b = run.state();
        CHECK(a == b);
        Run loaded("fixed:3");
        CHECK(gputest::continuesLike(ref, loaded, a, 6, 12, staleScene));
    }
}

TEST_CASE("Texture cache: a long clean epoch folds its records into the same tags",
          "[gpu][texcache]") {
    // Thousands of sprites sampling one page without a flush (the tracker folds what it keeps),
    // then a write over the page and samples of every line: the stale texels equal those of a
    // GPU that executes every sprite through the cache (a stale epoch from the start).
    auto scene = [](Rig& r, bool liveFromStart) {
        setup(r, 2);
        if (liveFromStart) { // a sprite drawing over its own texel makes the epoch stale
            r.gp0({0x6D000000u, xy(kPageX + 252, 255), uint32_t(kClut) << 16 | 255u << 8 | 252u});
        }
        for (int i = 0; i < 3000; ++i) {
            int u = (i * 37) % 224, vv = (i * 53) % 240;
            r.gp0({0x65000000u, xy(300 + i % 64, 300 + (i / 64) % 64),
                   uint32_t(kClut) << 16 | uint32_t(vv) << 8 | uint32_t(u),
                   xy(i % 9 + 1, i % 5 + 1)});
        }
        r.gp0({0x02000000u | kNewRgb, xy(kPageX, 0), xy(64, 256)}); // overwrite the page
        for (int y = 0; y < 240; y += 3)
            r.gp0({0x65000000u, xy(0, 260 + y / 3), uint32_t(y) << 8, xy(240, 1)});
        r.idle();
        r.gpu.endFrame();
    };
    Rig folded, live;
    scene(folded, false);
    scene(live, true);
    CHECK(folded.gpu.textureCacheTracker().live());
    CHECK(live.gpu.textureCacheTracker().live());
    CHECK(folded.region(0, 260, 240, 340) == live.region(0, 260, 240, 340));
    // Some of the samples are stale (old texels), some were evicted (new ones).
    int stale = 0, fresh = 0;
    for (int y = 260; y < 340; ++y)
        for (int x = 0; x < 240; ++x) {
            uint16_t p = folded.gpu.vram()[y * kVramWidth + x];
            stale += p == kOld;
            fresh += p == kNew;
        }
    CHECK(stale > 0);
    CHECK(fresh > 0);
}

namespace {

// One random double-buffered frame: untextured and semi-transparent rectangles, textured
// sprites and polygons (4/8/15-bit pages on the back buffer, the front buffer or elsewhere,
// windows, flips, mask bits), fills in and beside the buffer, render-to-texture, GP0(01h) and
// read-backs (their words go to `reads`). Frame skipping meets clean and live epochs, seeds
// over dying records and stale lines across frames. `next(i)`, when given, names the GPU that
// takes operation i (a savestate test switches to the one it loaded the state into).
void randomFrame(Rig* rig, std::mt19937& rng, int k, std::vector<uint32_t>& reads,
                 const std::function<Rig*(int)>& next = {}) {
    auto R = [&rng](int n) { return int(rng() % uint32_t(n)); };
    auto bits = [&rng](uint32_t mask) { return uint32_t(rng()) & mask; };
    const int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
    const uint32_t pageX[] = {0, 3, 8, 12, 14, 15};
    auto page = [&] {
        int which = R(3);
        uint32_t y = which == 0   ? uint32_t(back ? 16 : 0)
                     : which == 1 ? uint32_t(front ? 16 : 0)
                                  : uint32_t(R(2) * 16);
        return uint32_t(R(3)) << 7 | y | pageX[R(6)];
    };
    auto clut = [&] { return uint32_t(R(4) | (480 + R(4)) << 6) << 16; };
    auto uv = [&] { return uint32_t(R(256)) << 8 | uint32_t(R(256)); };
    auto at = [&] { return xy(R(240), R(230)); };
    auto size = [&] { return xy(1 + R(40), 1 + R(20)); };
    rig->gp1(0x05000000u | uint32_t(front) << 10);
    drawArea(*rig, 0, back, 256, 240);
    if (R(2)) rig->gp0({0x02000000u | bits(0xFFFFFF), xy(0, back), xy(256, 240)});
    for (int i = 0, n = 10 + R(30); i < n; ++i) {
        if (next) rig = next(i);
        Rig& r = *rig;
        switch (R(15)) {
        case 0:
        case 1: r.gp0({0x60000000u | bits(0xFFFFFF), at(), size()}); break;
        case 2: r.gp0({0x62000000u | bits(0xFFFFFF), at(), size()}); break;
        case 3:
        case 4:
        case 5:
            if (R(6) == 0) r.gp0(0xE1000000u | page() | bits(0x3000));
            r.gp0({0x64000000u | bits(0x1FFFFFF), at(), clut() | uv(), size()});
            break;
        case 6:
            if (R(2))
                r.gp0({0x24000000u | bits(0x3FFFFFF), at(), clut() | uv(), at(),
                       page() << 16 | uv(), at(), uv()});
            else
                r.gp0({0x2C000000u | bits(0x3FFFFFF), at(), clut() | uv(), at(),
                       page() << 16 | uv(), at(), uv(), at(), uv()});
            break;
        case 7:
            if (R(4) == 0) r.gp0(0x01000000u);
            break;
        case 8: r.gp0(0xE2000000u | (R(3) ? 0u : bits(0xFFFFF))); break;
        case 9: r.gp0(0xE6000000u | (R(3) ? 0u : uint32_t(R(4)))); break;
        case 10: // render to texture beside the buffers
            drawArea(r, 512, 0, 256, 256);
            r.gp0({0x60000000u | bits(0xFFFFFF), xy(R(64), R(64)), size()});
            drawArea(r, 0, back, 256, 240);
            break;
        case 11:
            if (R(4) == 0) {
                r.gp0({0xC0000000u, xy(R(1024), R(512)), xy(1 + R(16), 1 + R(8))});
                r.idle();
                for (int w = 0; w < 64; ++w)
                    reads.push_back(r.read());
            }
            break;
        case 12:
            r.gp0({0x02000000u | bits(0xFFFFFF), xy(R(16) * 16, back + R(200)),
                   xy(16 + R(4) * 16, 1 + R(40))});
            break;
        case 13: r.gp0({0x02000000u | bits(0xFFFFFF), xy(0, back), xy(256, 240)}); break;
        default:
            r.gp0({0x02000000u | bits(0xFFFFFF), xy(512 + R(8) * 16, R(200)),
                   xy(16 + R(4) * 16, 1 + R(40))});
            break;
        }
    }
}

void randomSetup(Rig& r) {
    enableDisplay(r);
    std::vector<uint16_t> pal(1024);
    for (int i = 0; i < 1024; ++i)
        pal[size_t(i)] = uint16_t(i * 37 + 1);
    upload(r, 0, 480, 256, 4, pal);
}

uint64_t stateHash(Run& run) {
    std::vector<uint8_t> bytes = run.state();
    return savestate::hash64(bytes.data(), bytes.size(), 0);
}

} // namespace

TEST_CASE("Random texture cache scenes render the same with frame skipping",
          "[gpu][texcache][frameskip]") {
    int liveFrames = 0;
    for (uint32_t seed = 1; seed <= 120; ++seed) {
        for (const char* mode : {"fixed:1", "fixed:3"}) {
            INFO("seed " << seed << " mode " << mode);
            Run ref, run(mode);
            for (Run* x : {&ref, &run})
                randomSetup(x->rig);
            std::mt19937 a(seed), b(seed);
            std::vector<uint32_t> readsA, readsB;
            for (int k = 0; k < 16; ++k) {
                lockstep(ref, run, 1, [&](Rig& r, int) {
                    if (&r == &ref.rig)
                        randomFrame(&r, a, k, readsA);
                    else
                        randomFrame(&r, b, k, readsB);
                });
                liveFrames += run.rig.gpu.textureCacheTracker().live();
            }
            CHECK(readsA == readsB);
            CHECK(stateHash(run) == stateHash(ref));
        }
    }
    CHECK(liveFrames > 0);
}

TEST_CASE("Random texture cache scenes: a savestate anywhere continues as the FULL run",
          "[gpu][texcache][frameskip]") {
    // A state is taken mid-frame from a frame-skipping GPU (it must equal the FULL one's) and
    // loaded into a third GPU, which takes over the rest of the stream; at the end all three
    // agree. Until the load, a stand-in consumes the third copy of the random stream.
    for (uint32_t seed = 1; seed <= 40; ++seed) {
        INFO("seed " << seed);
        Run ref, run("fixed:3"), loaded("fixed:3");
        Rig standIn;
        randomSetup(ref.rig);
        randomSetup(run.rig);
        std::mt19937 a(seed), b(seed), c(seed);
        std::vector<uint32_t> reads;
        const int saveFrame = 1 + int(seed % 10), saveOp = int(seed * 7 % 10);
        std::vector<uint8_t> saved;
        uint64_t savedAt = 0, fullAtSave = 0;
        bool isLoaded = false;
        for (int k = 0; k < 14; ++k) {
            auto at = [&](Run& x, bool save) {
                return [&x, save, &saved, &savedAt, &fullAtSave, saveOp, k, saveFrame](int op) {
                    if (k == saveFrame && op == saveOp) {
                        std::vector<uint8_t> bytes = x.state();
                        if (save)
                            saved = bytes, savedAt = x.rig.now;
                        else
                            fullAtSave = savestate::hash64(bytes.data(), bytes.size(), 0);
                    }
                    return &x.rig;
                };
            };
            randomFrame(&ref.rig, a, k, reads, at(ref, false));
            randomFrame(&run.rig, b, k, reads, at(run, true));
            randomFrame(isLoaded ? &loaded.rig : &standIn, c, k, reads, [&](int op) {
                if (!isLoaded && k == saveFrame && op == saveOp) {
                    savestate::StateIO in = savestate::StateIO::reader(saved);
                    loaded.rig.gpu.serialize(in);
                    REQUIRE(in.ok());
                    loaded.rig.now = savedAt;
                    isLoaded = true;
                }
                return isLoaded ? &loaded.rig : &standIn;
            });
            ref.vblank();
            run.vblank();
            if (isLoaded)
                loaded.vblank();
            else
                standIn.gpu.endFrame();
        }
        REQUIRE(isLoaded);
        CHECK(savestate::hash64(saved.data(), saved.size(), 0) == fullAtSave);
        CHECK(stateHash(run) == stateHash(ref));
        CHECK(stateHash(loaded) == stateHash(ref));
    }
}
