#pragma once
// The emulation thread's side of the audio path (DESIGN.md section 8: the front end owns rate
// control and time stretch). It gathers the samples of one emulated frame (44.1 kHz stereo,
// from core::Host::audioSamples) and, once per frame, turns them into what the audio ring
// should play at the current emulation speed:
//   - 100%: the samples unchanged (the ring's rate control absorbs clock drift);
//   - fast-forward / slow motion, "time stretch": SoundTouch changes the tempo by the speed,
//     not the pitch, so the ring gets real-time worth of audio whatever the speed;
//   - fast-forward / slow motion, "mute": real-time worth of silence;
//   - after a jump in the stream (a savestate loaded, rewind, leaving fast-forward) a short
//     crossfade from the last frame played into the new audio: no click, no gap of silence.
// Why here and not in SDL's callback: the callback must return within a few milliseconds
// every time, and SoundTouch works in bursts (one 30 ms sequence at a time); on the emulation
// thread it costs a fraction of a millisecond per frame, and only while the speed is not 100%.
// Buffers are reserved up front: nothing is allocated per sample.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace soundtouch {
class SoundTouch;
}

namespace app {

enum class SpeedAudio { Stretch, Mute };

class AudioPipeline {
  public:
    static constexpr int kRate = 44100;
    static constexpr int kCrossfadeFrames = 441; // 10 ms

    AudioPipeline();
    ~AudioPipeline();
    AudioPipeline(const AudioPipeline&) = delete;
    AudioPipeline& operator=(const AudioPipeline&) = delete;

    // Interleaved stereo frames of the frame being emulated.
    void add(std::span<const int16_t> stereo);
    size_t pendingFrames() const { return in_.size() / 2; }
    // The next output continues from the last one by a crossfade, not a jump.
    void discontinuity() {
        fadeFrom_[0] = last_[0];
        fadeFrom_[1] = last_[1];
        fadeLeft_ = kCrossfadeFrames;
    }
    // Ends the frame: returns the frames for the ring (valid until the next call). `speed` is
    // emulated time per host time (1 = 100%); `fillError` is (ring fill - target) / target,
    // which nudges the stretched or muted output so the ring stays near its target.
    std::span<const int16_t> finishFrame(double speed, SpeedAudio mode, double fillError);

  private:
    enum class Path { Direct, Stretch, Silence };
    void stretch(double tempo);
    void crossfade();

    std::unique_ptr<soundtouch::SoundTouch> st_;
    std::vector<int16_t> in_, out_;
    std::vector<float> floats_;
    Path path_ = Path::Direct;
    double silenceCarry_ = 0;
    int fadeLeft_ = 0;
    int16_t last_[2] = {0, 0};     // the last frame handed to the ring
    int16_t fadeFrom_[2] = {0, 0}; // last_ when the jump happened
};

} // namespace app
