#include "emu_host.h"

#include <cstdio>
#include <vector>

#include "audio_output.h"

namespace app {

namespace {
// One NTSC frame of audio at 44.1 kHz: 44100 / 59.94 = 735.735; 735 per frame of silence.
constexpr int kSilenceFramesPerFrame = 735;
} // namespace

void EmuHost::finishAudioFrame() {
    if (audio_ && !audioThisFrame_) {
        static const std::vector<int16_t> silence(kSilenceFramesPerFrame * 2, 0);
        audio_->push(silence.data(), kSilenceFramesPerFrame);
    }
    audioThisFrame_ = false;
}

void EmuHost::audioSamples(std::span<const int16_t> samples) {
    audioThisFrame_ = true;
    if (audio_) audio_->push(samples.data(), static_cast<int>(samples.size() / 2));
}

void EmuHost::consoleText(char c) {
    std::fputc(c, stdout);
}

void EmuHost::message(core::MessageLevel level, std::string_view text) {
    const char* kind = level == core::MessageLevel::Error     ? "error: "
                       : level == core::MessageLevel::Warning ? "warning: "
                                                              : "";
    std::fprintf(stderr, "skipjack: %s%.*s\n", kind, static_cast<int>(text.size()), text.data());
}

core::PadState EmuHost::pad(unsigned port) {
    core::PadState state;
    if (port == 0) state.buttons = pad_.load();
    return state;
}

} // namespace app
