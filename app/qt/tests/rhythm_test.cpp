// The frame-timing overlay's rhythm data (presented frames marked on the timeline, the
// longest recent gap between presents) and the audio ring's underruns as `skipjack-cli bench
// frameskip` models them (app/cli/audio_ring_model.h) against the ring itself.
#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <vector>

#include "../../cli/audio_ring_model.h"
#include "../audio_ring.h"
#include "../frame_timeline.h"

TEST_CASE("presented frames are marked on the timeline, partial ones not", "[timeline][rhythm]") {
    // Issue 21 item 4: the overlay marks the frames the presenter showed. fixed:1 presents
    // every other frame; the presenter reports those.
    app::FrameTimeline t;
    int64_t now = 1'000'000'000;
    for (uint64_t f = 1; f <= 10; ++f) {
        now += app::kNtscFrameNs;
        const bool shown = f % 2 == 1;
        t.recordEmulated(f, 5.0f, 0.5f,
                         shown ? app::FrameDecision::Full : app::FrameDecision::Partial, now);
        if (shown) t.recordPresented(f, 1.0f, now + 1000);
    }
    const auto s = t.snapshot(10, now + 1000);
    REQUIRE(s.frames.size() == 10);
    for (const app::FrameRecord& r : s.frames) {
        INFO("frame " << r.frame);
        CHECK(r.presented == (r.frame % 2 == 1));
    }
    // A frame published but never put on screen (the GUI fell behind) is not marked.
    t.recordEmulated(11, 5.0f, 0.5f, app::FrameDecision::Full, now + app::kNtscFrameNs);
    CHECK_FALSE(t.snapshot(1, now + app::kNtscFrameNs).frames.back().presented);
}

TEST_CASE("the longest gap between presents covers the last five seconds", "[timeline][rhythm]") {
    app::FrameTimeline t;
    const int64_t frame = app::kNtscFrameNs; // 16 683 333 ns
    int64_t now = 1'000'000'000;
    // Presents 2 frames apart (33.4 ms), one 5-frame gap (83.4 ms), then 2 apart again.
    std::vector<int> gaps = {2, 2, 2, 5, 2, 2, 2};
    t.recordPresented(0, 1.0f, now);
    for (int g : gaps) {
        now += g * frame;
        t.recordPresented(0, 1.0f, now);
    }
    CHECK(t.snapshot(0, now).longestGapMs == Approx(5 * 16.683333).epsilon(1e-6));
    // Evenly spaced presents for 5.1 more seconds push the long gap out of the window.
    const int64_t end = now + 5'100'000'000;
    while (now < end) {
        now += 2 * frame;
        t.recordPresented(0, 1.0f, now);
    }
    CHECK(t.snapshot(0, now).longestGapMs == Approx(2 * 16.683333).epsilon(1e-6));
    // Nothing presented yet: no gap.
    CHECK(app::FrameTimeline().snapshot(0, now).longestGapMs == 0.0);
}

namespace {

// Drives the app's ring (SDL's 512-frame callbacks at 44.1 kHz, the default 60 ms target) and
// the bench's model with the same producer schedule: `frameEndUs(i)` is when emulated frame i's
// 735 samples arrive. Returns {ring underruns, model underruns}.
std::pair<uint64_t, uint64_t> underrunsOf(const std::function<double(int)>& frameEndUs,
                                          int frames) {
    app::AudioRing ring;
    ring.configure(44100, 44100, 60 * 44100 / 1000);
    cli::AudioRingModel model(60, 512, 44100);
    model.start(0);
    const double callbackUs = 1e6 * 512 / 44100;
    double nextCallback = 0;
    std::vector<int16_t> samples(735 * 2, 100), out(512 * 2);
    for (int i = 0; i < frames; ++i) {
        const double t = frameEndUs(i);
        while (nextCallback <= t) {
            ring.pull(out.data(), 512, 1.0f);
            nextCallback += callbackUs;
        }
        model.advanceTo(t);
        ring.push(samples.data(), 735);
        model.push(735);
    }
    return {ring.underruns(), model.underruns()};
}

} // namespace

TEST_CASE("bench frameskip's audio model counts the ring's underruns", "[audio][rhythm]") {
    const double frameUs = 1e6 / 59.94; // 735 samples take 16 667 us to play
    SECTION("full speed: none in either") {
        auto r = underrunsOf([&](int i) { return (i + 1) * frameUs; }, 600);
        INFO("ring " << r.first << ", model " << r.second);
        CHECK(r.first == 0);
        CHECK(r.second == 0);
    }
    SECTION("a 150 ms stall every two seconds: one underrun per stall in both") {
        auto r = underrunsOf(
            [&](int i) { return (i + 1) * frameUs + 150'000.0 * ((i + 60) / 120); }, 600);
        // Stalls before frames 60, 180, 300, 420, 540: 60 ms of buffer cannot cover 150 ms.
        CHECK(r.first == 5);
        CHECK(r.second == 5);
    }
    SECTION("80% speed: a dry-out every ~300 ms in both") {
        auto r = underrunsOf([&](int i) { return (i + 1) * frameUs / 0.8; }, 600);
        // Each cycle: wait for 60 ms of audio (75 ms at 80%), then play while 80% as much
        // arrives, until a callback finds less than its 512 frames: (60 - 11.6) / 0.2, about
        // 240 ms, less as the 735-frame lumps arrive. Some 40 cycles in 12.5 s.
        INFO("ring " << r.first << ", model " << r.second);
        CHECK(r.first > 30);
        CHECK(r.first < 60);
        CHECK(double(r.second) == Approx(double(r.first)).epsilon(0.05));
    }
}
