#include "audio_ring.h"

#include <algorithm>
#include <cmath>

namespace app {

void AudioRing::configure(int sourceRate, int deviceRate, int targetFrames) {
    sourceRate_ = sourceRate;
    deviceRate_ = deviceRate;
    targetFrames_ = std::clamp(targetFrames, 64, int(kCapacity / 2));
}

int AudioRing::push(const int16_t* stereo, int frames) {
    const uint64_t w = writePos_.load(std::memory_order_relaxed);
    const uint64_t r = readPos_.load(std::memory_order_acquire);
    const uint64_t space = kCapacity - 1 - (w - r);
    const uint64_t n = std::min<uint64_t>(space, static_cast<uint64_t>(std::max(frames, 0)));
    for (uint64_t i = 0; i < n; ++i) {
        const uint32_t at = static_cast<uint32_t>((w + i) & (kCapacity - 1)) * 2;
        data_[at] = stereo[i * 2];
        data_[at + 1] = stereo[i * 2 + 1];
    }
    writePos_.store(w + n, std::memory_order_release);
    if (n < static_cast<uint64_t>(std::max(frames, 0))) overflows_.fetch_add(1);
    return static_cast<int>(n);
}

int AudioRing::pull(int16_t* out, int frames, float gain) {
    const uint64_t w = writePos_.load(std::memory_order_acquire);
    uint64_t r = readPos_.load(std::memory_order_relaxed);
    // Far above target (a burst after a stall, or fast-forward): drop the excess at once
    // rather than carry the latency; the rate control below handles ordinary drift.
    if (w - r > uint64_t(targetFrames_) * 3) {
        r = w - uint64_t(targetFrames_);
        skips_.fetch_add(1);
    }
    const double available = static_cast<double>(w - r);
    // After an underrun (or at the start) wait, in silence, until the ring holds its whole
    // target: reading the first frames the moment they arrive would keep the fill near zero
    // and underrun on every callback (crackle), and starting from half the target left the
    // fill there for many seconds (the rate control moves it by about 0.25%), too little for
    // the uneven frame times of frame skipping: bench frameskip counted underruns at 100%
    // speed in 22 of its 120 cells then, none since (docs/frameskip.md).
    if (!primed_) {
        if (available < targetFrames_) {
            fadeOut(out, frames);
            return 0;
        }
        primed_ = true;
    }
    // Rate control: read up to kMaxAdjust faster when the ring is above target, slower below
    // it. The proportional part reacts to the fill's jitter; the slowly integrated part
    // cancels a steady clock mismatch (the device's clock error plus the emulated frame rate,
    // 59.83 Hz, against the 59.94 Hz the emulation thread paces at: about 0.2%), so the fill
    // settles at the target instead of at an offset proportional to the mismatch.
    const double error = std::clamp((available - targetFrames_) / targetFrames_, -1.0, 1.0);
    integral_ = std::clamp(integral_ + error * 5e-5, -kMaxAdjust, kMaxAdjust);
    const double adjust = std::clamp(error * 0.005 + integral_, -kMaxAdjust, kMaxAdjust);
    const double step = static_cast<double>(sourceRate_) / deviceRate_ * (1.0 + adjust);
    lastStep_ = step;
    int produced = 0;
    for (; produced < frames; ++produced) {
        // Linear interpolation between the frame at r and the next one.
        if (r + 1 >= w) break;
        const uint32_t a = static_cast<uint32_t>(r & (kCapacity - 1)) * 2;
        const uint32_t b = static_cast<uint32_t>((r + 1) & (kCapacity - 1)) * 2;
        const float t = static_cast<float>(phase_);
        // Playback (re)starting after silence ramps up instead of jumping in.
        const float edge = fadeIn_ > 0 ? 1.0f - static_cast<float>(fadeIn_--) / kEdgeFrames : 1.0f;
        for (int c = 0; c < 2; ++c) {
            const float v = (data_[a + c] * (1.0f - t) + data_[b + c] * t) * gain * edge;
            lastOut_[c] = std::clamp(v, -32768.0f, 32767.0f);
            out[produced * 2 + c] = static_cast<int16_t>(std::lround(lastOut_[c]));
        }
        phase_ += step;
        const double whole = std::floor(phase_);
        r += static_cast<uint64_t>(whole);
        phase_ -= whole;
    }
    if (produced < frames) {
        underruns_.fetch_add(1);
        primed_ = false;
        // The ring ran dry: ramp from the last value down to silence rather than stepping
        // there (a step is a click), continuing into the next callbacks when this one ends
        // first; then silence until the ring fills again.
        fadeFrom_[0] = lastOut_[0];
        fadeFrom_[1] = lastOut_[1];
        fadeOut_ = kEdgeFrames;
        fadeOut(out + produced * 2, frames - produced);
        lastOut_[0] = lastOut_[1] = 0;
        fadeIn_ = kEdgeFrames; // and ramp up again when playback resumes
    }
    readPos_.store(std::min(r, w), std::memory_order_release);
    return produced;
}

void AudioRing::fadeOut(int16_t* out, int frames) {
    for (int i = 0; i < frames; ++i) {
        const float g = fadeOut_ > 0 ? static_cast<float>(--fadeOut_) / kEdgeFrames : 0.0f;
        out[i * 2] = static_cast<int16_t>(std::lround(fadeFrom_[0] * g));
        out[i * 2 + 1] = static_cast<int16_t>(std::lround(fadeFrom_[1] * g));
    }
}

} // namespace app
