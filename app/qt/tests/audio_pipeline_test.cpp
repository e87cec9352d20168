// The emulation thread's audio path (audio_pipeline.h): exact at 100%, tempo without pitch
// change under fast-forward and slow motion, silence when set to mute, and a crossfade (no
// step, no gap) where the stream jumps. Expected values come from the signals built here.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "../audio_pipeline.h"

namespace {
// One emulated frame (735 stereo frames) of a sine of `hz`, continuing from `phase`.
std::vector<int16_t> sineFrame(double hz, double& phase, int frames = 735, double amp = 12000) {
    std::vector<int16_t> v;
    for (int i = 0; i < frames; ++i) {
        const auto s = static_cast<int16_t>(std::lround(amp * std::sin(phase)));
        v.push_back(s);
        v.push_back(s);
        phase += 2 * M_PI * hz / app::AudioPipeline::kRate;
    }
    return v;
}

// Frequency of the left channel from its rising zero crossings (skipping a lead-in).
double frequency(const std::vector<int16_t>& stereo, size_t skipFrames) {
    size_t first = 0, last = 0, count = 0;
    for (size_t i = skipFrames + 1; i < stereo.size() / 2; ++i) {
        if (stereo[(i - 1) * 2] < 0 && stereo[i * 2] >= 0) {
            if (count == 0) first = i;
            last = i;
            ++count;
        }
    }
    if (count < 2) return 0;
    return (count - 1) * double(app::AudioPipeline::kRate) / double(last - first);
}

std::vector<int16_t> run(app::AudioPipeline& p, double speed, app::SpeedAudio mode, int frames,
                         double hz, double& phase) {
    std::vector<int16_t> out;
    for (int f = 0; f < frames; ++f) {
        const auto in = sineFrame(hz, phase);
        p.add(in);
        const auto o = p.finishFrame(speed, mode, 0.0);
        out.insert(out.end(), o.begin(), o.end());
    }
    return out;
}
} // namespace

TEST_CASE("audio pipeline: at 100% the samples pass unchanged", "[audio]") {
    app::AudioPipeline p;
    double phase = 0;
    for (int f = 0; f < 10; ++f) {
        const auto in = sineFrame(440, phase, 735 + f); // odd sizes too
        p.add(std::span(in).subspan(0, 100));
        p.add(std::span(in).subspan(100));
        const auto out = p.finishFrame(1.0, app::SpeedAudio::Stretch, 0.3);
        REQUIRE(out.size() == in.size());
        CHECK(std::equal(out.begin(), out.end(), in.begin()));
    }
}

TEST_CASE("audio pipeline: time stretch keeps the pitch and gives real-time length", "[audio]") {
    for (double speed : {2.0, 0.5}) {
        app::AudioPipeline p;
        double phase = 0;
        const int frames = 240; // 4 s of emulated audio
        const auto out = run(p, speed, app::SpeedAudio::Stretch, frames, 440, phase);
        const double want = frames * 735 / speed;
        INFO("speed " << speed << ": " << out.size() / 2 << " frames for " << want);
        // SoundTouch keeps back less than a sequence (30 ms) plus its overlap.
        CHECK(out.size() / 2 > want - 0.1 * app::AudioPipeline::kRate);
        CHECK(out.size() / 2 <= want + 1);
        // The tempo changed, the pitch did not: still 440 Hz (a resampler would give 880 or
        // 220).
        CHECK(frequency(out, 4410) == Approx(440).epsilon(0.03));
    }
}

TEST_CASE("audio pipeline: the fill error shortens or lengthens the stretched output", "[audio]") {
    auto total = [](double fillError) {
        app::AudioPipeline p;
        double phase = 0;
        size_t n = 0;
        for (int f = 0; f < 120; ++f) {
            const auto in = sineFrame(440, phase);
            p.add(in);
            n += p.finishFrame(2.0, app::SpeedAudio::Stretch, fillError).size() / 2;
        }
        return n;
    };
    CHECK(total(0.4) < total(0.0));
    CHECK(total(-0.4) > total(0.0));
}

TEST_CASE("audio pipeline: mute gives real-time worth of silence, faded in and out", "[audio]") {
    app::AudioPipeline p;
    double phase = 0;
    auto before = run(p, 1.0, app::SpeedAudio::Mute, 5, 440, phase);
    const int16_t lastLeft = before[before.size() - 2];
    const auto muted = run(p, 4.0, app::SpeedAudio::Mute, 40, 440, phase);
    CHECK(muted.size() / 2 == Approx(40 * 735 / 4.0).margin(2));
    // Into the silence without a step: the first frame continues from the last one played.
    CHECK(std::abs(muted[0] - lastLeft) < 12000 / 100 + 2);
    for (size_t i = app::AudioPipeline::kCrossfadeFrames * 2; i < muted.size(); ++i)
        REQUIRE(muted[i] == 0);
    // Out of it with a fade-in: no full-scale step at the first frame.
    const auto after = run(p, 1.0, app::SpeedAudio::Mute, 2, 440, phase);
    CHECK(std::abs(after[0]) < 12000 / 100 + 2);
}

TEST_CASE("audio pipeline: a jump (savestate load) crossfades, never steps or goes silent",
          "[audio]") {
    app::AudioPipeline p;
    // Before the load: a constant +10000.
    std::vector<int16_t> high(735 * 2, 10000), low(735 * 2, -10000);
    p.add(high);
    (void)p.finishFrame(1.0, app::SpeedAudio::Stretch, 0.0);
    p.discontinuity();
    // After it: a constant -10000, a full 20000 step without the crossfade.
    p.add(low);
    const auto out = p.finishFrame(1.0, app::SpeedAudio::Stretch, 0.0);
    REQUIRE(out.size() == low.size());
    const int n = app::AudioPipeline::kCrossfadeFrames;
    int maxStep = std::abs(out[0] - 10000);
    for (size_t i = 2; i < out.size(); i += 2)
        maxStep = std::max(maxStep, std::abs(out[i] - out[i - 2]));
    CHECK(maxStep <= 20000 / n + 2);
    // A ramp, not a gap: only the one crossing passes near zero.
    int nearZero = 0;
    for (size_t i = 0; i < out.size(); i += 2)
        nearZero += std::abs(out[i]) < 100;
    CHECK(nearZero <= 6);
    CHECK(out[size_t(n) * 2] == -10000); // the new audio, untouched, after the crossfade
    CHECK(out[out.size() - 1] == -10000);
}
