#include "audio_output.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>

namespace app {

AudioOutput::AudioOutput() = default;

AudioOutput::~AudioOutput() {
    close();
}

bool AudioOutput::open(int targetMs, std::string& error) {
    close();
    if (!(SDL_WasInit(SDL_INIT_AUDIO) & SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        error = std::string("SDL audio: ") + SDL_GetError();
        return false;
    }
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
    ring_.configure(kSourceRate, have.freq, targetMs * kSourceRate / 1000);
    deviceName_ = SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "?";
    ring_.resync();
    SDL_PauseAudioDevice(device_, 0);
    return true;
}

void AudioOutput::close() {
    if (device_ != 0) {
        SDL_CloseAudioDevice(device_);
        device_ = 0;
    }
}

void AudioOutput::callback(void* self, Uint8* stream, int len) {
    auto* out = static_cast<AudioOutput*>(self);
    const float gain = out->muted_.load() ? 0.0f : out->volume_.load();
    out->ring_.pull(reinterpret_cast<int16_t*>(stream), len / int(sizeof(int16_t) * 2), gain);
}

} // namespace app
