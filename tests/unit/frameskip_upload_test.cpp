// Frame skipping with movies (DESIGN.md §3 "Defer, don't drop", issue 15 item 3): a player's
// CPU->VRAM uploads (GP0 A0h) into a display buffer are deferred like draws on a PARTIAL frame;
// they run late when their frame is presented or something reads their pixels (C0h, a copy),
// and die unexecuted when the next movie frame's uploads wholly cover them first. Every image
// presented and every value read back equals the FULL render.
#include <catch2/catch.hpp>

#include <vector>

#include "gpu_lockstep.h"
#include "gpu_test_rig.h"

using namespace gpu;
using gputest::enableDisplay;
using gputest::lockstep;
using gputest::Rig;
using gputest::xy;
using Run = gputest::PacedRig;

namespace {

constexpr int kWidth = 256, kHeight = 240, kColumn = 16;

// Movie frame m's pixel (15-bit, bit 15 clear).
uint16_t moviePixel(int m, int x, int y) {
    return uint16_t(((x + m * 3) & 31) | ((y + m) & 31) << 5 | ((x ^ y ^ m) & 31) << 10);
}

// Vblank k of a movie shown `hold` vblanks per frame: on a new frame's first vblank, the
// player uploads it column by column into the back buffer and shows it (double buffering at
// Y=0 and Y=256, as assets/movie/player.c does).
void movieVblank(Rig& r, int k, int hold) {
    if (k % hold) return;
    const int m = k / hold, y0 = (m & 1) ? 256 : 0;
    for (int cx = 0; cx < kWidth; cx += kColumn) {
        r.gp0({0xA0000000u, xy(cx, y0), xy(kColumn, kHeight)});
        for (int y = 0; y < kHeight; ++y)
            for (int x = 0; x < kColumn; x += 2)
                r.gp0(uint32_t(moviePixel(m, cx + x, y)) | uint32_t(moviePixel(m, cx + x + 1, y))
                                                               << 16);
    }
    r.gp1(0x05000000u | uint32_t(y0) << 10);
}

struct UploadTotals {
    uint64_t deferred = 0, late = 0, died = 0, presented = 0;
};

UploadTotals play(Run& ref, Run& run, int vblanks, int hold) {
    UploadTotals t;
    enableDisplay(ref.rig);
    enableDisplay(run.rig);
    for (int k = 0; k < vblanks; ++k) {
        lockstep(ref, run, 1, [k, hold](Rig& r, int) { movieVblank(r, k, hold); });
        const FrameStats& s = run.stats();
        t.deferred += s.uploadsDeferred;
        t.late += s.uploadsExecutedLate;
        t.died += s.uploadsDied;
        t.presented += s.presented;
    }
    return t;
}

} // namespace

TEST_CASE("movie uploads: a frame presented runs its deferred uploads late - none die",
          "[frameskip]") {
    // fixed:2 presents one vblank in three; each movie frame stays up three vblanks, so every
    // movie frame is presented once: its uploads are deferred, then run for the presentation.
    Run ref, run("fixed:2");
    const UploadTotals t = play(ref, run, 30, 3);
    CHECK(t.presented == 10);
    CHECK(t.deferred > 0);
    CHECK(t.died == 0);
    CHECK(t.late > 0);
    CHECK(run.state() == ref.state());
}

TEST_CASE("movie uploads: a frame never presented dies under the next frame's uploads",
          "[frameskip]") {
    // fixed:9 presents one vblank in ten; a movie frame shown for two vblanks is presented only
    // when one of its two vblanks is a presented one: 1 frame in 5. The other frames' uploads
    // (16 columns each) die when the frame two later covers its buffer.
    Run ref, run("fixed:9");
    const UploadTotals t = play(ref, run, 60, 2);
    CHECK(t.presented == 6);
    CHECK(t.died > 0);
    CHECK(t.died % (kWidth / kColumn) == 0); // whole frames die, column by column
    CHECK(t.late % (kWidth / kColumn) == 0);
    CHECK(t.deferred >= t.died + t.late);
    CHECK(run.state() == ref.state());
    // Detaching the evaluator runs what is still deferred: VRAM equals the FULL render.
    run.rig.gpu.setPacing(nullptr, nullptr);
    CHECK(run.region(0, 0, 1024, 512) == ref.region(0, 0, 1024, 512));
}

TEST_CASE("movie uploads: a read-back or a copy of a deferred upload sees its pixels",
          "[frameskip]") {
    Run ref, run("fixed:4");
    enableDisplay(ref.rig);
    enableDisplay(run.rig);
    uint64_t late = 0, deferred = 0;
    for (int k = 0; k < 20; ++k) {
        std::vector<uint32_t> words[2]; // read back by ref, by run
        lockstep(ref, run, 1, [k, &words, &ref](Rig& r, int) {
            // The buffer uploaded in the previous movie frame, before anything presents it:
            // 8 x 4 pixels = 16 words.
            const int prev = (k & 1) ? 0 : 256;
            r.idle();
            r.gp0({0xC0000000u, xy(40, prev + 30), xy(8, 4)});
            for (int i = 0; i < 16; ++i)
                words[&r == &ref.rig ? 0 : 1].push_back(r.read());
            // A copy out of it into VRAM no display shows (a "thumbnail").
            r.gp0({0x80000000u, xy(64, prev + 64), xy(600, 300), xy(16, 16)});
            movieVblank(r, k, 1);
        });
        REQUIRE(words[0] == words[1]);
        late += run.stats().uploadsExecutedLate;
        deferred += run.stats().uploadsDeferred;
    }
    CHECK(deferred > 0);
    CHECK(late > 0);
    CHECK(run.region(600, 300, 616, 316) == ref.region(600, 300, 616, 316));
    CHECK(run.state() == ref.state());
}
