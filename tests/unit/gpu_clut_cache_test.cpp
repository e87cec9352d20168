// The GPU's CLUT cache (graphicsprocessingunitgpu.md "GPU Texture Caching": "There is also a
// CLUT cache that is preserved between GPU drawing commands. The CLUT cache is invalidated when
// different CLUT index values are used or when GP0(01h) is issued."; "GP1(01h) - Reset Command
// Buffer": "Resets the command buffer and CLUT cache."; GP1(00h) includes GP1(01h)).
//
// A 4-bit/8-bit textured primitive whose CLUT attribute (and depth) equals the cached one with
// no invalidation in between draws with the cached palette, even when VRAM under the CLUT
// changed since. The expected colours below follow from that rule alone: each scene uploads a
// palette whose every non-zero entry is one colour, so a pixel tells which palette was used.
// The second half checks the determinism rule (DESIGN.md §2, §3): with frame skipping forced,
// deferred loaders, loaders that die unexecuted and a cache that carries over a frame boundary
// give the VRAM (and state) of the FULL render.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "gpu/pacing_evaluator.h"
#include "gpu_test_rig.h"
#include "savestate/state_io.h"

using namespace gpu;
using gputest::Rig;

namespace {

constexpr int kPageIndex = 10;                        // texture page X = 10*64 = 640, Y = 0
constexpr uint16_t kClutA = uint16_t(0 | (480 << 6)); // CLUT at (0, 480)
constexpr uint16_t kClutB = uint16_t(2 | (481 << 6)); // CLUT at (32, 481)
constexpr uint16_t kRed = 0x001F, kGreen = 0x03E0, kBlue = 0x7C00, kGrey = 0x4210;

uint32_t xy(int x, int y) {
    return (uint32_t(y & 0x7FF) << 16) | uint32_t(x & 0x7FF);
}

// GP0(A0h) CPU->VRAM of a w x h block, every pixel `value`.
void upload(Rig& r, int x, int y, int w, int h, uint16_t value) {
    r.gp0({0xA0000000u, xy(x, y), xy(w, h)});
    for (int i = 0; i < (w * h + 1) / 2; ++i)
        r.gp0(uint32_t(value) | uint32_t(value) << 16);
}

// A 256-entry palette at the CLUT attribute's place: entry 0 stays 0000h (transparent), every
// other entry is `color` (so texel index 1 in 4-bit and 11h in 8-bit both give `color`).
void palette(Rig& r, uint16_t clut, uint16_t color) {
    int x = (clut & 0x3F) * 16, y = (clut >> 6) & 0x1FF;
    upload(r, x, y, 256, 1, color);
    upload(r, x, y, 1, 1, 0); // 1x1: one word, the second halfword is padding
}

void setup(Rig& r) {
    r.gp0(0xE3000000u);                        // drawing area (0,0) ..
    r.gp0(0xE4000000u | (511u << 10) | 1023u); // .. (1023,511)
    r.gp0(0xE5000000u);                        // no offset
    // Texture: every halfword 1111h, i.e. 4-bit texels 1, 8-bit texels 11h.
    upload(r, kPageIndex * 64, 0, 64, 32, 0x1111);
}

// GP0(65h) raw-textured opaque 16x16 rectangle; depth 0 (4-bit), 1 (8-bit) or 2 (15-bit).
void sprite(Rig& r, int x, int y, uint16_t clut, int depth = 0) {
    r.gp0(0xE1000000u | uint32_t(depth) << 7 | kPageIndex);
    r.gp0({0x65000000u, xy(x, y), uint32_t(clut) << 16, xy(16, 16)});
}

// GP0(2Dh) raw-textured opaque quad 16x16 (two triangles), 4-bit.
void quad(Rig& r, int x, int y, uint16_t clut) {
    uint32_t texpage = kPageIndex;
    r.gp0({0x2D000000u, xy(x, y), uint32_t(clut) << 16, xy(x + 16, y), texpage << 16 | 0x0F,
           xy(x, y + 16), 0x0F00, xy(x + 16, y + 16), 0x0F0F});
}

// Renders what was sent (no evaluator: FULL) and returns the pixel at (x, y).
uint16_t pixel(Rig& r, int x, int y) {
    r.idle();
    r.gpu.endFrame();
    return r.gpu.vram()[y * kVramWidth + x];
}

} // namespace

TEST_CASE("CLUT cache hit: a fill or upload over the CLUT leaves the cached palette in use",
          "[gpu][clut]") {
    for (int overwrite = 0; overwrite < 2; ++overwrite) {
        Rig r;
        setup(r);
        palette(r, kClutA, kRed);
        sprite(r, 0, 0, kClutA);
        if (overwrite == 0)
            palette(r, kClutA, kGreen); // CPU->VRAM
        else
            r.gp0({0x02FF0000u, xy(0, 480), xy(256, 1)}); // GP0(02h) fill, blue
        sprite(r, 32, 0, kClutA);
        quad(r, 64, 0, kClutA); // polygons share the cache with rectangles
        CHECK(pixel(r, 0, 0) == kRed);
        CHECK(pixel(r, 40, 8) == kRed);
        CHECK(pixel(r, 70, 5) == kRed);
        // VRAM did change: a palette load now gives the new colour.
        r.gp0(0x01000000u);
        sprite(r, 96, 0, kClutA);
        CHECK(pixel(r, 100, 4) == (overwrite == 0 ? kGreen : kBlue));
    }
}

TEST_CASE("CLUT cache: a copy or a draw over the CLUT does not invalidate it", "[gpu][clut]") {
    for (int overwrite = 0; overwrite < 2; ++overwrite) {
        Rig r;
        setup(r);
        palette(r, kClutA, kRed);
        palette(r, kClutB, kBlue);
        sprite(r, 0, 0, kClutA);
        if (overwrite == 0)
            r.gp0({0x80000000u, xy(32, 481), xy(0, 480), xy(256, 1)}); // GP0(80h): B over A
        else
            r.gp0({0x60000000u | 0x00FF00, xy(0, 480), xy(256, 1)}); // green rectangle over A
        sprite(r, 32, 0, kClutA);
        CHECK(pixel(r, 40, 8) == kRed);
        CHECK(r.gpu.vram()[480 * kVramWidth + 5] != kRed); // the CLUT in VRAM did change
    }
}

TEST_CASE("CLUT cache: GP0(01h) - GP1(01h) and GP1(00h) invalidate it", "[gpu][clut]") {
    for (uint32_t invalidate : {0x01000000u, 0x01000001u, 0x00000000u}) {
        INFO("command " << std::hex << invalidate);
        Rig r;
        setup(r);
        palette(r, kClutA, kRed);
        sprite(r, 0, 0, kClutA);
        palette(r, kClutA, kGreen);
        if (invalidate == 0x01000000u)
            r.gp0(invalidate); // GP0(01h) clear cache
        else if (invalidate == 0x01000001u)
            r.gp1(0x01000000u); // GP1(01h) reset command buffer
        else {
            r.gp1(0x00000000u); // GP1(00h) reset GPU: drawing area and offset too
            setup(r);
            palette(r, kClutA, kGreen);
        }
        sprite(r, 32, 0, kClutA);
        CHECK(pixel(r, 0, 0) == kRed);
        CHECK(pixel(r, 40, 8) == kGreen);
    }
}

TEST_CASE("CLUT cache: another CLUT index in between - then back loads the new palette",
          "[gpu][clut]") {
    Rig r;
    setup(r);
    palette(r, kClutA, kRed);
    palette(r, kClutB, kBlue);
    sprite(r, 0, 0, kClutA);
    palette(r, kClutA, kGreen);
    sprite(r, 32, 0, kClutB); // a different index: the cache now holds B
    sprite(r, 64, 0, kClutA); // A again: loaded from VRAM
    CHECK(pixel(r, 4, 4) == kRed);
    CHECK(pixel(r, 36, 4) == kBlue);
    CHECK(pixel(r, 68, 4) == kGreen);
}

TEST_CASE("CLUT cache: a dropped textured polygon or a size-0 rectangle still loads it",
          "[gpu][clut]") {
    // The CLUT is loaded when the CLUT attribute is taken in, before the size check that drops
    // the primitive (the peers' rule, gp0.cpp): the dropped primitive draws nothing but leaves
    // its CLUT in the cache, so the next use of A misses and loads A's new palette.
    for (int dropped = 0; dropped < 2; ++dropped) {
        INFO("dropped primitive " << dropped);
        Rig r;
        setup(r);
        palette(r, kClutA, kRed);
        palette(r, kClutB, kBlue);
        sprite(r, 0, 0, kClutA);    // loads A (red)
        palette(r, kClutA, kGreen); // VRAM under A changes; the cache still holds red
        if (dropped == 0) {
            // GP0(25h) raw-textured triangle, 4-bit, vertices 1100 columns apart: dropped.
            r.gp0({0x25000000u, xy(-600, 100), uint32_t(kClutB) << 16, xy(500, 100),
                   uint32_t(kPageIndex) << 16, xy(0, 120), 0u});
        } else {
            // GP0(65h) raw-textured rectangle of width 0: draws nothing.
            r.gp0(0xE1000000u | kPageIndex);
            r.gp0({0x65000000u, xy(0, 100), uint32_t(kClutB) << 16, xy(0, 16)});
        }
        sprite(r, 32, 0, kClutA); // A misses (the cache holds B): loads green
        CHECK(pixel(r, 4, 4) == kRed);
        CHECK(pixel(r, 36, 4) == kGreen);
        // The dropped primitive drew nothing.
        CHECK(r.region(0, 100, 1024, 121) == Rig{}.region(0, 100, 1024, 121));
    }
}

TEST_CASE("CLUT cache: bit 15 of the CLUT attribute is not part of the index", "[gpu][clut]") {
    // "Clut Attribute": bits 0-5 X/16, 6-14 Y, 15 unused; Mednafen notes the GPU ignores it
    // (tested on a SCPH-5501), so A and A+8000h are the same index: a hit.
    Rig r;
    setup(r);
    palette(r, kClutA, kRed);
    sprite(r, 0, 0, kClutA);
    palette(r, kClutA, kGreen);
    sprite(r, 32, 0, uint16_t(kClutA | 0x8000));
    CHECK(pixel(r, 36, 4) == kRed);
}

TEST_CASE("CLUT cache: untextured and 15-bit textured primitives neither use nor invalidate it",
          "[gpu][clut]") {
    Rig r;
    setup(r);
    palette(r, kClutA, kRed);
    upload(r, 704, 64, 16, 16, kGrey); // a 15-bit texture at (704,64): page 11, V 64..79
    sprite(r, 0, 0, kClutA);
    palette(r, kClutA, kGreen);
    r.gp0({0x60000000u | 0xFF0000, xy(32, 0), xy(16, 16)}); // untextured rectangle
    r.gp0({0x40FFFFFFu, xy(32, 20), xy(60, 20)});           // line
    // 15-bit textured rectangle with a different (ignored) CLUT attribute.
    r.gp0(0xE1000000u | 2u << 7 | 11u);
    r.gp0({0x65000000u, xy(64, 0), uint32_t(kClutB) << 16 | 64u << 8, xy(16, 16)});
    sprite(r, 96, 0, kClutA);
    CHECK(pixel(r, 68, 4) == kGrey);
    CHECK(pixel(r, 100, 4) == kRed); // still the palette loaded before the upload
}

TEST_CASE("CLUT cache: a colour depth change with the same attribute counts as a new index",
          "[gpu][clut]") {
    // 4-bit loads 16 entries and 8-bit 256, so the same attribute at another depth loads.
    Rig r;
    setup(r);
    palette(r, kClutA, kRed);
    sprite(r, 0, 0, kClutA, 0);
    palette(r, kClutA, kGreen);
    sprite(r, 32, 0, kClutA, 1); // 8-bit: loads (green)
    palette(r, kClutA, kBlue);
    sprite(r, 64, 0, kClutA, 1); // 8-bit again: hit (green)
    sprite(r, 96, 0, kClutA, 0); // 4-bit: loads (blue)
    CHECK(pixel(r, 4, 4) == kRed);
    CHECK(pixel(r, 36, 4) == kGreen);
    CHECK(pixel(r, 68, 4) == kGreen);
    CHECK(pixel(r, 100, 4) == kBlue);
}

TEST_CASE("CLUT cache: the palette is executed GPU state - a savestate carries it", "[gpu][clut]") {
    Rig a;
    setup(a);
    palette(a, kClutA, kRed);
    sprite(a, 0, 0, kClutA);
    palette(a, kClutA, kGreen); // the cache still holds red
    savestate::StateIO out = savestate::StateIO::writer();
    a.gpu.serialize(out);
    std::vector<uint8_t> bytes = out.take();
    Rig b;
    savestate::StateIO in = savestate::StateIO::reader(bytes);
    b.gpu.serialize(in);
    REQUIRE(in.ok());
    sprite(a, 32, 0, kClutA);
    sprite(b, 32, 0, kClutA);
    CHECK(pixel(a, 36, 4) == kRed);
    CHECK(pixel(b, 36, 4) == kRed);
    // A GPU reset (power-on) forgets it.
    b.gpu.reset();
    setup(b);
    palette(b, kClutA, kGreen);
    sprite(b, 32, 0, kClutA);
    CHECK(pixel(b, 36, 4) == kGreen);
}

TEST_CASE("CLUT cache: a state written before the cache was saved loads with an empty cache",
          "[gpu][clut]") {
    // Section "gpu" stores named fields (savestate/state_io.h); a state from before the cache
    // lacks the "clut.*" fields. Drop them from a state written now.
    Rig a;
    setup(a);
    palette(a, kClutA, kRed);
    sprite(a, 0, 0, kClutA);
    palette(a, kClutA, kGreen);
    savestate::StateIO out = savestate::StateIO::writer();
    a.gpu.serialize(out);
    std::vector<uint8_t> bytes = out.take();
    // Marker: length (4) + "gpu" (3); then version (4) and length (4); then the fields, each a
    // tag (4), a length (4) and the bytes.
    const uint32_t dropped[] = {savestate::FieldName("clut.key").tag,
                                savestate::FieldName("clut.valid").tag,
                                savestate::FieldName("clut.palette").tag};
    uint32_t sectionLength = 0;
    std::memcpy(&sectionLength, bytes.data() + 11, 4);
    REQUIRE(bytes.size() == 15 + size_t(sectionLength));
    std::vector<uint8_t> older(bytes.begin(), bytes.begin() + 15);
    int removed = 0;
    for (size_t at = 15; at < bytes.size();) {
        uint32_t tag = 0, length = 0;
        std::memcpy(&tag, bytes.data() + at, 4);
        std::memcpy(&length, bytes.data() + at + 4, 4);
        size_t end = at + 8 + length;
        REQUIRE(end <= bytes.size());
        if (std::find(std::begin(dropped), std::end(dropped), tag) != std::end(dropped))
            ++removed;
        else
            older.insert(older.end(), bytes.begin() + long(at), bytes.begin() + long(end));
        at = end;
    }
    REQUIRE(removed == 3);
    sectionLength = uint32_t(older.size() - 15);
    std::memcpy(older.data() + 11, &sectionLength, 4);
    Rig b;
    setup(b);
    palette(b, kClutA, kBlue);
    sprite(b, 0, 0, kClutA); // b's cache holds blue before the load
    savestate::StateIO in = savestate::StateIO::reader(older);
    b.gpu.serialize(in);
    REQUIRE(in.ok());
    sprite(b, 32, 0, kClutA); // no cache after the load: reads the CLUT in VRAM (green)
    CHECK(pixel(b, 36, 4) == kGreen);
}

// ---------------------------------------------------------------------------------------------
// Frame skipping: the same stream, FULL (no evaluator) and under fixed:N.

namespace {

struct Run {
    Rig rig;
    PacingEvaluator eval;
    double clock = 0;

    explicit Run(const std::string& mode = "") {
        setup(rig);
        rig.gp1(0x03000000); // display on
        rig.gp1(0x08000000); // 256x240, 15-bit
        if (mode.empty()) return;
        PacingSettings s;
        std::string error;
        REQUIRE(s.parseMode(mode, error));
        s.judgeFixed = false; // the exact schedule, deferring every skipped frame (as run keeps it)
        eval.setSettings(s);
        rig.gpu.setPacing(&eval, [this] { return clock += 1; });
    }
    void vblank() {
        rig.idle();
        rig.gpu.syncRender(); // the clock is the render worker's while it holds frames
        clock += 1000;
        rig.gpu.endFrame();
    }
    uint64_t region(int x0, int y0, int x1, int y1) const { return rig.region(x0, y0, x1, y1); }
    std::vector<uint8_t> state() { return rig.state(); }
};

// Grey levels 0421h..7FFFh: three consecutive values always differ.
uint16_t colorOf(int k) {
    return uint16_t(0x0421 * (k % 31 + 1));
}

// A double-buffered frame: the back buffer is cleared, then a sprite in it loads CLUT A
// (deferred under frame skipping, and it dies when the buffer is cleared two frames later), the
// CLUT is rewritten, and a render-to-texture draw at (576,256) - outside the display buffers,
// so executed on time - hits the cache: it must draw with the palette the dead sprite loaded.
// The frame ends with another sprite that loads A; the next frame's first render-to-texture
// draw, after the CLUT is rewritten again, hits that one across the frame boundary.
void scene(Rig& r, int k) {
    int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
    r.gp1(0x05000000u | uint32_t(front) << 10);
    r.gp0({0x02000000u | uint32_t(k * 40) & 0xFF, xy(0, back), xy(256, 240)});
    palette(r, kClutA, colorOf(3 * k)); // the palette rewritten since the previous frame's load
    r.gp0({0xE3000000u | (256u << 10) | 576u, 0xE4000000u | (319u << 10) | 639u}); // texture
    sprite(r, 576 + (k % 3) * 16, 256, kClutA); // hit across the frame boundary (frame 0: load)
    r.gp0({0xE3000000u | uint32_t(back) << 10, 0xE4000000u | uint32_t(back + 239) << 10 | 255u});
    palette(r, kClutB, colorOf(5 * k + 2));
    sprite(r, 20 + k % 5, back + 30, kClutA); // hit, still the previous frame's palette
    sprite(r, 60, back + 30, kClutB);         // B: loads (deferred)
    sprite(r, 100, back + 40, kClutA);        // A: loads (deferred; dies unless presented)
    palette(r, kClutA, colorOf(3 * k + 1));   // CLUT rewritten...
    r.gp0({0xE3000000u | (256u << 10) | 576u, 0xE4000000u | (319u << 10) | 639u});
    sprite(r, 576 + (k % 3) * 16, 272, kClutA); // ...render-to-texture hit: the dead loader's
    r.gp0({0xE3000000u | uint32_t(back) << 10, 0xE4000000u | uint32_t(back + 239) << 10 | 255u});
    sprite(r, 140, back + 50, kClutA); // hit, deferred
    r.gp0(0x01000000u);                // GP0(01h)...
    sprite(r, 180, back + 60, kClutA); // ...so this one loads the new palette
    // Texture sampled by the display: a 15-bit draw of the render target into the back buffer.
    r.gp0(0xE1000000u | 2u << 7 | 9u | 1u << 4); // page X=576, Y=256, 15-bit
    r.gp0({0x65000000u, xy(200, back + 100), 0, xy(48, 32)});
    sprite(r, 220, back + 200, kClutA); // hit: the cache carries the load above to next frame
}

} // namespace

TEST_CASE("CLUT cache under frame skipping: deferred and dead loaders give the FULL VRAM",
          "[gpu][clut][frameskip]") {
    for (const char* mode : {"fixed:1", "fixed:2", "fixed:4"}) {
        INFO("mode " << mode);
        Run ref, run(mode);
        uint64_t deferred = 0, died = 0;
        for (int k = 0; k < 24; ++k) {
            scene(ref.rig, k);
            scene(run.rig, k);
            ref.vblank();
            run.vblank();
            deferred += run.rig.gpu.lastFrameStats().recordsDeferred;
            died += run.rig.gpu.lastFrameStats().recordsDied;
            // The render target is current after every frame and equals the FULL render's.
            INFO("frame " << k);
            REQUIRE(run.region(576, 256, 640, 320) == ref.region(576, 256, 640, 320));
            // The rule itself: the render-to-texture hits drew with the palettes the sprites
            // loaded, not with the CLUT as rewritten after them.
            const uint16_t* v = run.rig.gpu.vram();
            int x = 576 + (k % 3) * 16 + 4;
            CHECK(v[260 * kVramWidth + x] == (k == 0 ? colorOf(0) : colorOf(3 * (k - 1) + 1)));
            CHECK(v[276 * kVramWidth + x] == colorOf(3 * k));
        }
        CHECK(deferred > 0);
        CHECK(died > 0); // loaders among them died unexecuted
        CHECK(run.state() == ref.state());
        bool sameVram = std::equal(
            ref.rig.gpu.vram(), ref.rig.gpu.vram() + kVramWidth * kVramHeight, run.rig.gpu.vram());
        CHECK(sameVram);
    }
}

TEST_CASE("CLUT cache under frame skipping: a savestate amid deferred loaders is the FULL one",
          "[gpu][clut][frameskip]") {
    Run ref, run("fixed:3");
    for (int k = 0; k < 7; ++k) {
        scene(ref.rig, k);
        scene(run.rig, k);
        ref.vblank();
        run.vblank();
    }
    REQUIRE(run.rig.gpu.frameCommands().deferredCount() > 0);
    scene(ref.rig, 7); // mid-frame
    scene(run.rig, 7);
    std::vector<uint8_t> a = ref.state(), b = run.state();
    CHECK(a == b);
    // Loaded into a fresh paced GPU, the stream goes on as in the FULL run.
    Run loaded("fixed:3");
    CHECK(gputest::continuesLike(ref, loaded, a, 8, 14, scene));
}

TEST_CASE("CLUT cache under frame skipping: a deferred loader sees deferred writes to its CLUT",
          "[gpu][clut][frameskip]") {
    // The CLUT lies inside the back buffer; a rectangle drawn there first (deferred) writes it,
    // then a sprite in the same buffer loads it (deferred too): in stream order the sprite reads
    // the rectangle's colour. After it, an upload outside the buffer rewrites nothing of it,
    // and a render-to-texture hit must draw with that colour as well.
    auto frame = [](Rig& r, int k) {
        int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
        uint16_t clut = uint16_t((back + 200) << 6); // (0, back + 200)
        r.gp1(0x05000000u | uint32_t(front) << 10);
        r.gp0(
            {0xE3000000u | uint32_t(back) << 10, 0xE4000000u | uint32_t(back + 239) << 10 | 255u});
        r.gp0({0x02000000u, xy(0, back), xy(256, 240)});
        // Entry 0 stays transparent: the rectangle covers entries 1..255 of the row.
        uint32_t bgr = uint32_t(8 * (k % 31 + 1)) << 8; // green, 5-bit level k % 31 + 1
        r.gp0({0x60000000u | bgr, xy(1, back + 200), xy(255, 1)});
        sprite(r, 16, back + 16, clut); // loads
        r.gp0({0xE3000000u | (256u << 10) | 576u, 0xE4000000u | (319u << 10) | 639u});
        sprite(r, 576, 256 + (k % 4) * 16, clut); // hit, on time
    };
    for (const char* mode : {"fixed:1", "fixed:3"}) {
        INFO("mode " << mode);
        Run ref, run(mode);
        for (int k = 0; k < 12; ++k) {
            frame(ref.rig, k);
            frame(run.rig, k);
            ref.vblank();
            run.vblank();
            INFO("frame " << k);
            uint16_t expected = uint16_t((k % 31 + 1) << 5);
            CHECK(run.rig.gpu.vram()[(260 + (k % 4) * 16) * kVramWidth + 580] == expected);
            REQUIRE(run.region(576, 256, 640, 320) == ref.region(576, 256, 640, 320));
        }
        CHECK(run.state() == ref.state());
    }
}

TEST_CASE("CLUT cache under frame skipping: a dropped primitive loads after deferred CLUT writes",
          "[gpu][clut][frameskip]") {
    // A CLUT inside the back buffer is written by a flat rectangle (deferred under frame
    // skipping: it writes only the display buffer), then a dropped textured polygon loads it:
    // the load must see the rectangle, as in the FULL render. The row is rewritten after, and
    // a render-to-texture sprite (executed on time) hits the cache: the first colour.
    for (const char* mode : {"fixed:1", "fixed:3"}) {
        INFO("mode " << mode);
        Run ref, run(mode);
        uint64_t deferred = 0;
        for (int k = 0; k < 12; ++k) {
            for (Run* r : {&ref, &run}) {
                Rig& g = r->rig;
                int back = (k & 1) ? 256 : 0, front = (k & 1) ? 0 : 256;
                uint16_t clut = uint16_t((back + 100) << 6); // CLUT at (0, back + 100)
                uint32_t grey = uint32_t(16 + 8 * k) & 0xF8;
                g.gp1(0x05000000u | uint32_t(front) << 10);
                g.gp0({0xE3000000u | uint32_t(back) << 10,
                       0xE4000000u | uint32_t(back + 239) << 10 | 255u});
                g.gp0({0x02000000u, xy(0, back), xy(256, 240)});                       // clear
                g.gp0({0x60000000u | grey * 0x010101u, xy(0, back + 100), xy(16, 1)}); // CLUT
                g.gp0(0x01000000u);                                                    // flush
                g.gp0(0xE1000000u | kPageIndex);
                g.gp0({0x25000000u, xy(-600, back + 10), uint32_t(clut) << 16, xy(500, back + 10),
                       uint32_t(kPageIndex) << 16, xy(0, back + 30), 0u});      // dropped: loads
                g.gp0({0x60000000u | 0xF8F8F8u, xy(0, back + 100), xy(16, 1)}); // rewritten
                g.gp0({0xE3000000u | (256u << 10) | 576u, 0xE4000000u | (319u << 10) | 639u});
                sprite(g, 576 + (k % 3) * 16, 256, clut); // hit: the loaded palette
                r->vblank();
            }
            deferred += run.rig.gpu.lastFrameStats().recordsDeferred;
            INFO("frame " << k);
            const uint32_t grey5 = ((16 + 8 * k) & 0xF8) >> 3;
            CHECK(run.rig.gpu.vram()[260 * kVramWidth + 576 + (k % 3) * 16 + 4] ==
                  uint16_t(grey5 * 0x0421));
            REQUIRE(run.region(576, 256, 640, 320) == ref.region(576, 256, 640, 320));
        }
        CHECK(deferred > 0); // the CLUT writers were deferred
        CHECK(run.state() == ref.state());
        CHECK(std::equal(ref.rig.gpu.vram(), ref.rig.gpu.vram() + kVramWidth * kVramHeight,
                         run.rig.gpu.vram()));
    }
}
