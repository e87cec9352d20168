// Unit tests of the desktop app's logic that needs no window: viewport maths, frame-rate
// figures, and the audio ring's rate control.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "../audio_ring.h"
#include "../frame_timeline.h"
#include "../viewport.h"

using app::AspectMode;
using app::computeViewport;

TEST_CASE("4:3 viewport is the largest 4:3 rectangle - centred", "[viewport]") {
    const app::ViewRect r = computeViewport({1000, 600}, {320, 240}, AspectMode::Ratio4x3);
    CHECK(r.size.x == 800);
    CHECK(r.size.y == 600);
    CHECK(r.origin.x == 100);
    CHECK(r.origin.y == 0);
    // The frame's own pixel count does not change a 4:3 picture's shape.
    const app::ViewRect w = computeViewport({640, 960}, {640, 480}, AspectMode::Ratio4x3);
    CHECK(w.size.x == 640);
    CHECK(w.size.y == 480);
    CHECK(w.origin.y == 240);
}

TEST_CASE("stretched viewport fills the window", "[viewport]") {
    const app::ViewRect r = computeViewport({1000, 600}, {256, 240}, AspectMode::Stretch);
    CHECK(r.size.x == 1000);
    CHECK(r.size.y == 600);
    CHECK(r.origin.x == 0);
}

TEST_CASE("integer viewport uses whole multiples of the frame - near 4:3", "[viewport]") {
    // 320x240 is 4:3 with square pixels: equal factors, limited by the window's width.
    app::ViewRect r = computeViewport({1000, 1000}, {320, 240}, AspectMode::Integer);
    CHECK(r.size.x == 960);
    CHECK(r.size.y == 720);
    CHECK(r.origin.x == 20);
    CHECK(r.origin.y == 140);
    // 256 dots: 2x vertically, 2.5x would be 4:3; 3x does not fit 640, so 2x.
    r = computeViewport({640, 480}, {256, 240}, AspectMode::Integer);
    CHECK(r.size.x == 512);
    CHECK(r.size.y == 480);
    // 640x240 (high-res, non-interlaced): 1x wide, 2x tall is the 4:3 picture.
    r = computeViewport({1280, 960}, {640, 240}, AspectMode::Integer);
    CHECK(r.size.x == 1280);
    CHECK(r.size.y == 960);
    // A window smaller than the frame shows it at 1x, cropped around the centre.
    r = computeViewport({200, 100}, {320, 240}, AspectMode::Integer);
    CHECK(r.size.x == 320);
    CHECK(r.origin.x == -60);
    CHECK(r.origin.y == -70);
}

TEST_CASE("internal FPS and speed come from the last second of frames", "[timeline]") {
    app::FrameTimeline t;
    int64_t now = 1'000'000'000;
    for (int i = 0; i < 120; ++i) {
        now += app::kNtscFrameNs;
        t.recordEmulated(uint64_t(i + 1), 2.0f, 0.5f, app::FrameDecision::Full, now);
    }
    const auto s = t.rates(now);
    CHECK(s.internalFps == Approx(60000.0 / 1001.0).epsilon(1e-4));
    CHECK(s.speedPercent == Approx(100.0).epsilon(1e-3));
    // Half a second without frames (paused) reads as zero, not the last rate.
    CHECK(t.rates(now + 600'000'000).internalFps == 0.0);
    // Running at half speed reads as 50%.
    app::FrameTimeline slow;
    for (int i = 0; i < 60; ++i) {
        now += 2 * app::kNtscFrameNs;
        slow.recordEmulated(uint64_t(i + 1), 30.0f, 0.5f, app::FrameDecision::Full, now);
    }
    CHECK(slow.rates(now).speedPercent == Approx(50.0).epsilon(1e-3));
}

TEST_CASE("presenting a frame adds its render time to that frame's record", "[timeline]") {
    app::FrameTimeline t;
    t.recordEmulated(7, 3.0f, 0.25f, app::FrameDecision::Full, 100);
    t.recordEmulated(8, 4.0f, 0.25f, app::FrameDecision::Full, 200);
    t.recordPresented(7, 1.5f, 300);
    const auto s = t.snapshot(10, 300);
    REQUIRE(s.frames.size() == 2);
    CHECK(s.frames[0].frame == 7);
    CHECK(s.frames[0].renderMs == Approx(1.75f));
    CHECK(s.frames[1].renderMs == Approx(0.25f));
    CHECK(s.frames[1].emuMs == Approx(4.0f));
}

TEST_CASE("the overlay's pacing record is the newest frame's, partial frames counted",
          "[timeline]") {
    // DESIGN.md section 3: a frame that is not presented is a PARTIAL one (the presenter
    // repeats the last image); the overlay shows the newest record and how many were partial.
    app::FrameTimeline t;
    CHECK_FALSE(t.pacing().valid);
    for (uint64_t i = 0; i < 9; ++i) {
        gpu::FrameStats s;
        s.frame = i;
        s.presented = i % 3 == 0; // fixed:2
        s.decision = s.presented ? gpu::FrameDecision::Full : gpu::FrameDecision::Partial;
        s.reason = gpu::DecisionReason::FixedSchedule;
        s.recordsDied = uint32_t(i);
        t.recordPacing(s, 0.5);
    }
    const auto p = t.pacing();
    REQUIRE(p.valid);
    CHECK(p.frames == 9);
    CHECK(p.partialFrames == 6);
    CHECK(p.last.frame == 8);
    CHECK_FALSE(p.last.presented);
    CHECK(p.last.recordsDied == 8);
    CHECK(p.dieRatio == 0.5);
    t.clear(); // a new session starts counting afresh
    CHECK_FALSE(t.pacing().valid);
    CHECK(t.pacing().partialFrames == 0);
}

TEST_CASE("audio ring resamples a constant signal to the same constant", "[audio]") {
    app::AudioRing ring;
    ring.configure(44100, 48000, 2048);
    std::vector<int16_t> in(4096 * 2);
    for (size_t i = 0; i < in.size(); i += 2) {
        in[i] = 1000;
        in[i + 1] = -2000;
    }
    REQUIRE(ring.push(in.data(), 4096) == 4096);
    std::vector<int16_t> out(512 * 2);
    REQUIRE(ring.pull(out.data(), 512, 1.0f) == 512);
    for (size_t i = 0; i < out.size(); i += 2) {
        CHECK(out[i] == 1000);
        CHECK(out[i + 1] == -2000);
    }
}

TEST_CASE("audio ring rate control holds the fill near target across clock drift", "[audio]") {
    // The emulator produces 735 frames per 1001/60000 s (44.06 kHz, not 44.1), and the
    // device clock runs 0.2% fast: without rate control the ring would drain in seconds.
    for (double drift : {1.002, 0.998}) {
        app::AudioRing ring;
        const int target = 2646; // 60 ms
        ring.configure(44100, 48000, target);
        std::vector<int16_t> block(735 * 2, 0);
        std::vector<int16_t> out(512 * 2);
        const double producerPeriod = 1001.0 / 60000.0;
        const double consumerPeriod = 512.0 / (48000.0 * drift);
        double nextProduce = 0, nextConsume = 0.05; // device starts 50 ms in
        uint64_t underrunsAfterStart = 0;
        uint64_t minFill = UINT64_MAX, maxFill = 0;
        for (double time = 0; time < 120.0;) {
            if (nextProduce <= nextConsume) {
                ring.push(block.data(), 735);
                time = nextProduce;
                nextProduce += producerPeriod;
            } else {
                const uint64_t before = ring.underruns();
                ring.pull(out.data(), 512, 1.0f);
                if (time > 10.0) {
                    underrunsAfterStart += ring.underruns() - before;
                    minFill = std::min(minFill, ring.fill());
                    maxFill = std::max(maxFill, ring.fill());
                }
                time = nextConsume;
                nextConsume += consumerPeriod;
            }
        }
        INFO("drift " << drift << " fill " << minFill << ".." << maxFill);
        CHECK(underrunsAfterStart == 0);
        CHECK(minFill > uint64_t(target) / 2);
        CHECK(maxFill < uint64_t(target) * 2);
    }
}

TEST_CASE("audio ring drops a burst far above target instead of keeping the latency", "[audio]") {
    app::AudioRing ring;
    ring.configure(44100, 44100, 1000);
    std::vector<int16_t> in(8000 * 2, 0);
    ring.push(in.data(), 8000);
    std::vector<int16_t> out(100 * 2);
    ring.pull(out.data(), 100, 1.0f);
    CHECK(ring.fill() <= 1000);
    CHECK(ring.fill() >= 850);
}

TEST_CASE("audio ring underrun gives silence and is counted", "[audio]") {
    app::AudioRing ring;
    ring.configure(44100, 44100, 500);
    std::vector<int16_t> in(600 * 2, 500);
    ring.push(in.data(), 600); // more than the target: playback starts
    std::vector<int16_t> out(1000 * 2, 123);
    const int got = ring.pull(out.data(), 1000, 1.0f);
    // 600 frames read at most 1% slower or faster, less the last (interpolation needs two)
    CHECK(got >= 590);
    CHECK(got <= 607);
    CHECK(ring.underruns() == 1);
    CHECK(out[0] == 500);
    // No click: from the last value down to silence over a short ramp, not a step.
    for (int i = got; i < 1000; ++i)
        CHECK(std::abs(out[i * 2] - out[(i - 1) * 2]) <= 500 / 128 + 1);
    CHECK(out[1998] == 0);
    CHECK(out[1999] == 0);
    // Playback resumes (once the target is back) with a ramp up, not a step.
    ring.push(in.data(), 600);
    REQUIRE(ring.pull(out.data(), 200, 1.0f) == 200);
    CHECK(std::abs(out[0]) <= 500 / 128 + 1);
    for (int i = 1; i < 200; ++i)
        CHECK(std::abs(out[i * 2] - out[(i - 1) * 2]) <= 500 / 128 + 1);
    CHECK(out[398] == 500);
}

TEST_CASE("audio ring: a ramp down that outlasts the callback goes on in the next", "[audio]") {
    // The ring runs dry a few frames before the callback's end: the rest of the ramp to
    // silence is played by the following (silent, waiting) callbacks, never a step to zero.
    app::AudioRing ring;
    ring.configure(44100, 44100, 500);
    std::vector<int16_t> in(700 * 2, 8000);
    ring.push(in.data(), 700); // dry about 70 frames before the third callback ends
    std::vector<int16_t> all;
    std::vector<int16_t> out(256 * 2);
    for (int call = 0; call < 4; ++call) {
        ring.pull(out.data(), 256, 1.0f);
        all.insert(all.end(), out.begin(), out.end());
    }
    REQUIRE(ring.underruns() == 1);
    for (size_t i = 2; i < all.size(); i += 2)
        CHECK(std::abs(all[i] - all[i - 2]) <= 8000 / 128 + 1);
    CHECK(all.back() == 0);
}

TEST_CASE("audio ring waits for its target after an underrun, in silence", "[audio]") {
    // Reading the first frames the moment they arrive would underrun again on every callback;
    // starting from the whole target leaves room for uneven frame times.
    app::AudioRing ring;
    ring.configure(44100, 44100, 1000);
    std::vector<int16_t> in(600 * 2, 700);
    std::vector<int16_t> out(256 * 2, 123);
    ring.push(in.data(), 600); // 600 of 1000: not yet
    CHECK(ring.pull(out.data(), 256, 1.0f) == 0);
    CHECK(out[0] == 0);
    CHECK(ring.underruns() == 0); // waiting is not an underrun
    CHECK(ring.fill() == 600);    // and consumes nothing
    ring.push(in.data(), 399);    // 999: one short
    CHECK(ring.pull(out.data(), 256, 1.0f) == 0);
    ring.push(in.data(), 1); // 1000: the target reached
    CHECK(ring.pull(out.data(), 256, 1.0f) == 256);
    CHECK(out[0] == 700);
}

TEST_CASE("audio ring: a device clock 0.5% fast or slow neither underruns nor drifts", "[audio]") {
    // The emulated machine makes 44100 frames per emulated second: 737.24 per NTSC frame
    // (566203 CPU cycles at 33.8688 MHz / 768), and the emulation thread runs frames every
    // 1001/60000 s of host time, so the source runs 0.2% fast; the device (44.1 or 48 kHz)
    // runs 0.5% fast or slow on top. The simulated clocks are exact; SDL asks for 512 frames
    // per callback. Over ten simulated minutes, after the first 20 s (playback starts with the
    // whole target, and the integral term needs some seconds to learn the mismatch): no
    // underrun, the fill stays between half and twice the target.
    for (int deviceRate : {44100, 48000}) {
        for (double drift : {1.005, 0.995}) {
            app::AudioRing ring;
            const int target = 2646; // 60 ms
            ring.configure(44100, deviceRate, target);
            std::vector<int16_t> block(800 * 2, 0);
            std::vector<int16_t> out(512 * 2);
            const double producerPeriod = 1001.0 / 60000.0;
            const double consumerPeriod = 512.0 / (deviceRate * drift);
            const double framesPerFrame = 33868800.0 / 768.0 * (3413.0 * 263.0 / 53693175.0);
            double produced = 0;
            uint64_t pushed = 0;
            double nextProduce = 0, nextConsume = 0.05, time = 0;
            uint64_t underrunsLate = 0, minFill = UINT64_MAX, maxFill = 0;
            while (time < 600.0) {
                if (nextProduce <= nextConsume) {
                    time = nextProduce;
                    produced += framesPerFrame;
                    const int n = static_cast<int>(static_cast<uint64_t>(produced) - pushed);
                    ring.push(block.data(), n);
                    pushed += static_cast<uint64_t>(n);
                    nextProduce += producerPeriod;
                } else {
                    time = nextConsume;
                    const uint64_t before = ring.underruns();
                    ring.pull(out.data(), 512, 1.0f);
                    if (time > 20.0) {
                        underrunsLate += ring.underruns() - before;
                        minFill = std::min(minFill, ring.fill());
                        maxFill = std::max(maxFill, ring.fill());
                    }
                    nextConsume += consumerPeriod;
                }
            }
            INFO("device " << deviceRate << " drift " << drift << " fill " << minFill << ".."
                           << maxFill << " integral " << ring.integral());
            CHECK(underrunsLate == 0);
            CHECK(minFill > uint64_t(target) / 2);
            CHECK(maxFill < uint64_t(target) * 2);
            // The learned correction is the clocks' actual mismatch (source 0.2% fast, device
            // 0.5% fast or slow): the steps the consumer takes match the producer's rate.
            const double mismatch = (framesPerFrame / producerPeriod) / (44100.0 * drift) - 1;
            CHECK(ring.integral() == Approx(mismatch).margin(0.001));
        }
    }
}
