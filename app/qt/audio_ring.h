#pragma once
// Single-producer single-consumer ring of interleaved stereo int16 frames with dynamic rate
// control on the consumer side: the reader resamples by up to ±0.5% so the fill level stays
// near its target whatever the drift between the producer's and the consumer's clocks. No
// SDL here, so it is testable on its own.
#include <atomic>
#include <cstdint>
#include <vector>

namespace app {

class AudioRing {
  public:
    // Frames, a power of two: 1.5 s, room for the largest target (200 ms) three times over, so
    // a stalled consumer is caught by the burst rule in pull() before the ring overflows.
    static constexpr uint32_t kCapacity = 65536;
    // The rate control's range: 1% (17 cents) at the very most, reached only when the clocks
    // differ that much; the usual mismatch is a few tenths of a percent.
    static constexpr double kMaxAdjust = 0.01;

    AudioRing() : data_(kCapacity * 2, 0) {}

    // Consumer setup (before the consumer runs).
    void configure(int sourceRate, int deviceRate, int targetFrames);

    // Producer: appends frames; what does not fit is dropped. Returns frames taken.
    int push(const int16_t* stereo, int frames);
    // Consumer: writes `frames` output frames at the device rate (silence past an underrun).
    // Returns the frames that came from the ring.
    int pull(int16_t* out, int frames, float gain);

    uint64_t fill() const {
        return writePos_.load(std::memory_order_acquire) - readPos_.load(std::memory_order_acquire);
    }
    int targetFrames() const { return targetFrames_; }
    uint64_t underruns() const { return underruns_.load(); }
    // Pushes that did not fit (frames dropped by the producer) and bursts the consumer skipped
    // (fill above three times the target): both only when one side stalled for long.
    uint64_t overflows() const { return overflows_.load(); }
    uint64_t skips() const { return skips_.load(); }
    // The step (source frames per output frame) of the last pull.
    double lastStep() const { return lastStep_; }
    // Consumer: forgets the queued frames (device reopened) and waits for the ring to fill.
    void resync() {
        readPos_.store(writePos_.load());
        phase_ = 0;
        integral_ = 0;
        primed_ = false;
    }
    // The rate control's integrated correction (a steady clock mismatch it has learned).
    double integral() const { return integral_; }

  private:
    std::vector<int16_t> data_;
    std::atomic<uint64_t> writePos_{0}; // written by the producer only
    std::atomic<uint64_t> readPos_{0};  // written by the consumer only
    double phase_ = 0;
    double integral_ = 0;
    bool primed_ = false; // consumer: the fill reached the target since the last underrun
    // Consumer: ramps at the edges of a gap (an underrun, the start), in output frames.
    static constexpr int kEdgeFrames = 128;
    int fadeIn_ = 0;
    int fadeOut_ = 0; // frames of the ramp down to silence still to play (it may span callbacks)
    float fadeFrom_[2] = {0, 0};
    float lastOut_[2] = {0, 0};
    void fadeOut(int16_t* out, int frames);
    double lastStep_ = 1;
    int sourceRate_ = 44100;
    int deviceRate_ = 44100;
    int targetFrames_ = 2048;
    std::atomic<uint64_t> underruns_{0};
    std::atomic<uint64_t> overflows_{0};
    std::atomic<uint64_t> skips_{0};
};

} // namespace app
