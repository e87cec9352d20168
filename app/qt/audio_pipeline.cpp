#include "audio_pipeline.h"

#include <SoundTouch.h>

#include <algorithm>
#include <cmath>

namespace app {

namespace {
constexpr size_t kReserveFrames = 16384;
int16_t toInt16(float v) {
    return static_cast<int16_t>(std::lround(std::clamp(v, -32768.0f, 32767.0f)));
}
} // namespace

AudioPipeline::AudioPipeline() : st_(std::make_unique<soundtouch::SoundTouch>()) {
    st_->setSampleRate(kRate);
    st_->setChannels(2);
    // Short sequences keep SoundTouch's latency (and the lag when fast-forward starts) low.
    st_->setSetting(SETTING_USE_QUICKSEEK, 1);
    st_->setSetting(SETTING_SEQUENCE_MS, 30);
    st_->setSetting(SETTING_SEEKWINDOW_MS, 15);
    st_->setSetting(SETTING_OVERLAP_MS, 8);
    in_.reserve(kReserveFrames * 2);
    out_.reserve(kReserveFrames * 2);
    floats_.reserve(kReserveFrames * 2);
}

AudioPipeline::~AudioPipeline() = default;

void AudioPipeline::add(std::span<const int16_t> stereo) {
    in_.insert(in_.end(), stereo.begin(), stereo.end());
}

std::span<const int16_t> AudioPipeline::finishFrame(double speed, SpeedAudio mode,
                                                    double fillError) {
    out_.clear();
    const bool realTime = std::abs(speed - 1.0) < 0.005 || !(speed > 0);
    const Path path = realTime                      ? Path::Direct
                      : mode == SpeedAudio::Stretch ? Path::Stretch
                                                    : Path::Silence;
    if (path != path_) {
        // Entering or leaving fast-forward / slow motion: SoundTouch lags by a sequence and
        // what it still holds is dropped; the crossfade hides the seam (into silence it is a
        // short fade-out, out of it a fade-in).
        if (path_ == Path::Stretch) st_->clear();
        silenceCarry_ = 0;
        path_ = path;
        discontinuity();
    }
    // Real-time worth of output, nudged by the ring's fill (above target: a little less).
    const double correction = std::clamp(1.0 + 0.5 * fillError, 0.8, 1.25);
    switch (path_) {
    case Path::Direct: out_.assign(in_.begin(), in_.end()); break;
    case Path::Stretch: stretch(speed * correction); break;
    case Path::Silence: {
        silenceCarry_ += static_cast<double>(in_.size() / 2) / (speed * correction);
        const auto n = static_cast<size_t>(silenceCarry_);
        silenceCarry_ -= static_cast<double>(n);
        out_.assign(n * 2, 0);
        break;
    }
    }
    in_.clear();
    crossfade();
    if (out_.size() >= 2) {
        last_[0] = out_[out_.size() - 2];
        last_[1] = out_[out_.size() - 1];
    }
    return out_;
}

void AudioPipeline::stretch(double tempo) {
    st_->setTempo(tempo);
    floats_.resize(in_.size());
    for (size_t i = 0; i < in_.size(); ++i)
        floats_[i] = in_[i];
    if (!in_.empty()) st_->putSamples(floats_.data(), static_cast<unsigned>(in_.size() / 2));
    const unsigned ready = st_->numSamples();
    floats_.resize(static_cast<size_t>(ready) * 2);
    const unsigned got = ready ? st_->receiveSamples(floats_.data(), ready) : 0;
    out_.resize(static_cast<size_t>(got) * 2);
    for (size_t i = 0; i < out_.size(); ++i)
        out_[i] = toInt16(floats_[i]);
}

void AudioPipeline::crossfade() {
    // The first kCrossfadeFrames frames after a jump: from the last frame played (held)
    // linearly into the new signal, so the wave never steps. Spans several calls if needed.
    const size_t frames = out_.size() / 2;
    for (size_t i = 0; i < frames && fadeLeft_ > 0; ++i, --fadeLeft_) {
        const float g = 1.0f - static_cast<float>(fadeLeft_) / (kCrossfadeFrames + 1);
        for (int c = 0; c < 2; ++c) {
            const float v = fadeFrom_[c] * (1.0f - g) + out_[i * 2 + c] * g;
            out_[i * 2 + c] = toInt16(v);
        }
    }
}

} // namespace app
