#include "audio_output.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>

namespace app {

AudioOutput::AudioOutput() : ring_(kRingFrames * 2, 0) {}

AudioOutput::~AudioOutput() {
    close();
}

bool AudioOutput::open(int targetMs, std::string& error) {
    close();
    if (!(SDL_WasInit(SDL_INIT_AUDIO) & SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        error = std::string("SDL audio: ") + SDL_GetError();
        return false;
    }
    targetFrames_ = std::clamp(targetMs * kSourceRate / 1000, 256, int(kRingFrames / 2));
    SDL_AudioSpec want{};
    want.freq = kSourceRate;
    want.format = AUDIO_S16SYS;
    want.channels = 2;
    want.samples = 512;
    want.callback = &AudioOutput::callback;
    want.userdata = this;
    SDL_AudioSpec have{};
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, SDL_AUDIO_ALLOW_FREQUENCY_CHANGE);
    if (device_ == 0) {
        error = std::string("SDL audio: ") + SDL_GetError();
        return false;
    }
    deviceRate_ = have.freq;
    deviceName_ = SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "?";
    readPos_ = writePos_.load();
    phase_ = 0;
    SDL_PauseAudioDevice(device_, 0);
    return true;
}

void AudioOutput::close() {
    if (device_ != 0) {
        SDL_CloseAudioDevice(device_);
        device_ = 0;
    }
}

void AudioOutput::push(const int16_t* stereo, int frames) {
    const uint64_t w = writePos_.load(std::memory_order_relaxed);
    const uint64_t r = readPos_.load(std::memory_order_acquire);
    const uint64_t space = kRingFrames - 1 - (w - r);
    const uint64_t n = std::min<uint64_t>(space, static_cast<uint64_t>(frames));
    for (uint64_t i = 0; i < n; ++i) {
        const uint32_t at = static_cast<uint32_t>((w + i) & (kRingFrames - 1)) * 2;
        ring_[at] = stereo[i * 2];
        ring_[at + 1] = stereo[i * 2 + 1];
    }
    writePos_.store(w + n, std::memory_order_release);
}

double AudioOutput::fillMs() const {
    const uint64_t w = writePos_.load(std::memory_order_acquire);
    const uint64_t r = readPos_.load(std::memory_order_acquire);
    return static_cast<double>(w - r) * 1000.0 / kSourceRate;
}

void AudioOutput::callback(void* self, Uint8* stream, int len) {
    static_cast<AudioOutput*>(self)->fill(reinterpret_cast<int16_t*>(stream),
                                          len / static_cast<int>(sizeof(int16_t) * 2));
}

void AudioOutput::fill(int16_t* out, int frames) {
    const uint64_t w = writePos_.load(std::memory_order_acquire);
    uint64_t r = readPos_.load(std::memory_order_relaxed);
    // Far above target (a burst after a stall, or fast-forward): drop the excess at once
    // rather than carry the latency; the rate control below handles ordinary drift.
    if (w - r > uint64_t(targetFrames_) * 3) r = w - uint64_t(targetFrames_);
    const double available = static_cast<double>(w - r);
    // Rate control: read up to 0.5% faster when the ring is above target, slower below it,
    // in proportion to the error; a change that small is inaudible.
    const double error = (available - targetFrames_) / targetFrames_;
    const double adjust = std::clamp(error * 0.005, -0.005, 0.005);
    const double step = static_cast<double>(kSourceRate) / deviceRate_ * (1.0 + adjust);
    const float gain = muted_.load() ? 0.0f : volume_.load();
    int produced = 0;
    for (; produced < frames; ++produced) {
        // Linear interpolation between the frame at r and the next one.
        if (r + 1 >= w) break;
        const uint32_t a = static_cast<uint32_t>(r & (kRingFrames - 1)) * 2;
        const uint32_t b = static_cast<uint32_t>((r + 1) & (kRingFrames - 1)) * 2;
        const float t = static_cast<float>(phase_);
        for (int c = 0; c < 2; ++c) {
            const float v = (ring_[a + c] * (1.0f - t) + ring_[b + c] * t) * gain;
            out[produced * 2 + c] = static_cast<int16_t>(std::clamp(v, -32768.0f, 32767.0f));
        }
        phase_ += step;
        const double whole = std::floor(phase_);
        r += static_cast<uint64_t>(whole);
        phase_ -= whole;
    }
    if (produced < frames) {
        underruns_.fetch_add(1);
        std::fill(out + produced * 2, out + frames * 2, int16_t{0});
    }
    readPos_.store(std::min(r, w), std::memory_order_release);
}

} // namespace app
