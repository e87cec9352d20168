#pragma once
// SDL2 audio output fed from the emulation thread through a lock-free ring buffer. The SDL
// callback drains the ring with a small resampling-rate adjustment (dynamic rate control) so
// the ring stays near its target fill whatever the drift between the emulated and the host
// sample clocks, instead of underrunning or piling up latency.
#include <SDL_audio.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace app {

class AudioOutput {
  public:
    static constexpr int kSourceRate = 44100; // SPU output rate

    AudioOutput();
    ~AudioOutput();
    AudioOutput(const AudioOutput&) = delete;
    AudioOutput& operator=(const AudioOutput&) = delete;

    // Opens the default device. `targetMs`: ring fill the rate control aims for.
    bool open(int targetMs, std::string& error);
    void close();
    bool isOpen() const { return device_ != 0; }
    void setVolume(float volume) { volume_.store(volume); }
    void setMuted(bool muted) { muted_.store(muted); }

    // Emulation thread: appends interleaved stereo frames at kSourceRate. Frames that do not
    // fit (fast-forward, no device draining) are dropped.
    void push(const int16_t* stereo, int frames);

    // Any thread: ring fill in milliseconds of source audio and its target.
    double fillMs() const;
    double targetMs() const { return targetFrames_ * 1000.0 / kSourceRate; }
    uint64_t underruns() const { return underruns_.load(); }
    std::string deviceName() const { return deviceName_; }

  private:
    static void callback(void* self, Uint8* stream, int len);
    void fill(int16_t* out, int frames);

    static constexpr uint32_t kRingFrames = 16384; // power of two, ~370 ms
    std::vector<int16_t> ring_;                    // kRingFrames * 2
    std::atomic<uint64_t> writePos_{0};            // in frames, only the producer writes
    std::atomic<uint64_t> readPos_{0};             // in frames, only the callback writes
    double phase_ = 0;                             // fractional read position (callback)
    int targetFrames_ = 2048;
    int deviceRate_ = kSourceRate;
    SDL_AudioDeviceID device_ = 0;
    std::string deviceName_;
    std::atomic<float> volume_{1.0f};
    std::atomic<bool> muted_{false};
    std::atomic<uint64_t> underruns_{0};
};

} // namespace app
