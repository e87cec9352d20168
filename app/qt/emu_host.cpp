#include "emu_host.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include "audio_output.h"
#include "console_log.h"

namespace app {

namespace {
// One NTSC frame of audio at 44.1 kHz: 44100 / 59.94 = 735.735; 735 per frame of silence.
constexpr int kSilenceFramesPerFrame = 735;
} // namespace

void EmuHost::finishAudioFrame(double speed, SpeedAudio mode) {
    if (testTone_) {
        tone_.resize(kSilenceFramesPerFrame * 2);
        for (int i = 0; i < kSilenceFramesPerFrame; ++i) {
            const auto v = static_cast<int16_t>(std::lround(8000.0 * std::sin(tonePhase_)));
            tone_[i * 2] = tone_[i * 2 + 1] = v;
            tonePhase_ += 2 * M_PI * 440.0 / 44100.0;
        }
        tonePhase_ = std::fmod(tonePhase_, 2 * M_PI);
        pipeline_.add(tone_);
        audioThisFrame_ = true;
    }
    if (audio_ && !audioThisFrame_) {
        static const std::vector<int16_t> silence(kSilenceFramesPerFrame * 2, 0);
        pipeline_.add(silence);
    }
    audioThisFrame_ = false;
    framesInBatch_ = 0;
    if (!audio_) return;
    const double target = audio_->targetMs();
    const double fillError = target > 0 ? (audio_->fillMs() - target) / target : 0.0;
    const std::span<const int16_t> out = pipeline_.finishFrame(speed, mode, fillError);
    audio_->push(out.data(), static_cast<int>(out.size() / 2));
}

void EmuHost::audioSamples(std::span<const int16_t> samples) {
    // Run-ahead's speculative frames (after the batch's first frame) are taken back: so is
    // their audio.
    if ((runAhead_ && framesInBatch_ > 0) || testTone_) return;
    audioThisFrame_ = true;
    if (audio_) pipeline_.add(samples);
}

void EmuHost::consoleText(char c) {
    // Run-ahead's speculative frames are taken back, and so is what they printed.
    if (runAhead_ && framesInBatch_ > 0) return;
    std::fputc(c, stdout);
    if (consoleLog_) consoleLog_->append(c);
}

void EmuHost::message(core::MessageLevel level, std::string_view text) {
    const char* kind = level == core::MessageLevel::Error     ? "error: "
                       : level == core::MessageLevel::Warning ? "warning: "
                                                              : "";
    std::fprintf(stderr, "skipjack: %s%.*s\n", kind, static_cast<int>(text.size()), text.data());
}

core::PadState EmuHost::pad(unsigned port) {
    core::PadState state;
    if (port == 0) {
        const uint64_t packed = pad_.load();
        state.buttons = uint16_t(packed);
        for (int i = 0; i < 4; ++i)
            state.axes[i] = uint8_t(packed >> (16 + 8 * i));
        state.analogButton = (packed >> 48) & 1;
    }
    return state;
}

} // namespace app
