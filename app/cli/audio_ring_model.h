#pragma once
// The desktop app's audio ring (app/qt/audio_ring.h) reduced to what decides its underruns, on
// a clock of our choosing, so `bench frameskip` counts the underruns a player would hear on
// the host it simulates. Like the ring:
//   - the consumer is SDL's callback, `callbackFrames` output frames at a time at the device
//     rate, whatever the producer does;
//   - it starts (and restarts after an underrun) only once the ring holds its target;
//   - a callback that finds fewer frames than it needs plays what there is, counts one
//     underrun and waits for the ring to fill again (so a long stall is one underrun, not one
//     per callback);
//   - a fill above three targets (a burst after a stall) is cut back to the target;
//   - the rate control reads up to 1% slower below the target and faster above it (the same
//     proportional and integral terms), which absorbs the emulated rate's 0.1% shortfall
//     against the device (735 frames per 59.94 Hz frame) and nothing like a slow host.
// Left out: the interpolation itself (the model counts frames, not samples). The desktop
// app's tests (app/qt/tests/rhythm_test.cpp) drive the ring and this model with the same
// schedules and compare their counts.
#include <algorithm>
#include <cstdint>

namespace cli {

class AudioRingModel {
  public:
    // Defaults: the app's (Settings::audioLatencyMs = 60, SDL buffer of 512 frames, 44.1 kHz).
    explicit AudioRingModel(double targetMs = 60, int callbackFrames = 512,
                            double deviceRate = 44100)
        : target_(targetMs * deviceRate / 1000.0), callback_(callbackFrames),
          periodUs_(1e6 * callbackFrames / deviceRate) {}

    // Starts the consumer's clock (its first callback runs at `us`).
    void start(double us) { nextCallbackUs_ = us; }
    // Runs every callback due up to host time `us`.
    void advanceTo(double us) {
        while (nextCallbackUs_ <= us) {
            callback();
            nextCallbackUs_ += periodUs_;
        }
    }
    // Producer: `frames` more source frames arrive (the ring's capacity is never the limit in
    // the bench: the consumer skips a burst first).
    void push(double frames) { fill_ += frames; }

    uint64_t underruns() const { return underruns_; }
    uint64_t skips() const { return skips_; }
    double fill() const { return fill_; }

  private:
    void callback() {
        if (fill_ > 3 * target_) {
            fill_ = target_;
            ++skips_;
        }
        if (!primed_) {
            if (fill_ < target_) return; // silence while filling
            primed_ = true;
        }
        // AudioRing::pull's rate control, term for term.
        const double error = std::clamp((fill_ - target_) / target_, -1.0, 1.0);
        integral_ = std::clamp(integral_ + error * 5e-5, -kMaxAdjust, kMaxAdjust);
        const double adjust = std::clamp(error * 0.005 + integral_, -kMaxAdjust, kMaxAdjust);
        const double need = callback_ * (1.0 + adjust);
        // The ring interpolates between two frames: it needs one beyond what it consumes.
        if (fill_ >= need + 1) {
            fill_ -= need;
            return;
        }
        fill_ = 0;
        ++underruns_;
        primed_ = false;
    }

    static constexpr double kMaxAdjust = 0.01; // AudioRing::kMaxAdjust
    double integral_ = 0;
    double target_;
    double callback_;
    double periodUs_;
    double nextCallbackUs_ = 0;
    double fill_ = 0;
    bool primed_ = false;
    uint64_t underruns_ = 0, skips_ = 0;
};

} // namespace cli
