#pragma once
// SDL2 audio output fed from the emulation thread through an AudioRing; SDL's callback drains
// it with the ring's rate control.
#include <SDL_audio.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "audio_ring.h"

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
    void push(const int16_t* stereo, int frames) { ring_.push(stereo, frames); }

    // Any thread: ring fill in milliseconds of source audio and its target.
    double fillMs() const { return ring_.fill() * 1000.0 / kSourceRate; }
    double targetMs() const { return ring_.targetFrames() * 1000.0 / kSourceRate; }
    uint64_t underruns() const { return ring_.underruns(); }
    uint64_t overflows() const { return ring_.overflows(); }
    uint64_t skips() const { return ring_.skips(); }
    std::string deviceName() const { return deviceName_; }

  private:
    static void callback(void* self, Uint8* stream, int len);

    AudioRing ring_;
    SDL_AudioDeviceID device_ = 0;
    std::string deviceName_;
    std::atomic<float> volume_{1.0f};
    std::atomic<bool> muted_{false};
};

} // namespace app
