#include "emu_host.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "audio_output.h"
#include "console_log.h"

namespace app {

namespace {
// One NTSC frame of audio at 44.1 kHz: 44100 / 59.94 = 735.735; 735 per frame of silence.
constexpr int kSilenceFramesPerFrame = 735;
// Mouse motion kept for one frame at most: what a PadState's int16 can carry.
constexpr int32_t kMotionLimit = 32767;
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

void EmuHost::setPortState(unsigned port, const core::PadState& state) {
    if (port > 1) return;
    setSocketState(port * 4, state);
}

void EmuHost::setSocketState(unsigned socket, const core::PadState& state) {
    if (socket > 7) return;
    std::lock_guard lock(padMutex_);
    sockets_[socket] = state;
}

core::PadState EmuHost::tapPad(unsigned port, unsigned slot) {
    if (slot == 0) return pad(port); // the mouse's motion goes with slot A
    if (port > 1 || slot > 3) return {};
    std::lock_guard lock(padMutex_);
    core::PadState state = sockets_[port * 4 + slot];
    state.mouseDx = state.mouseDy = 0;
    return state;
}

void EmuHost::addMouseMotion(unsigned port, int dx, int dy) {
    if (port > 1) return;
    std::lock_guard lock(padMutex_);
    // Bounded so a long pause cannot overflow; a frame's motion is clamped to the PadState's
    // int16 when taken anyway.
    motion_[port][0] = std::clamp<int32_t>(motion_[port][0] + dx, -kMotionLimit, kMotionLimit);
    motion_[port][1] = std::clamp<int32_t>(motion_[port][1] + dy, -kMotionLimit, kMotionLimit);
}

void EmuHost::clearMouseMotion() {
    std::lock_guard lock(padMutex_);
    for (auto& m : motion_)
        m[0] = m[1] = 0;
}

core::PadState EmuHost::pad(unsigned port) {
    core::PadState state;
    if (port > 1) return state;
    std::lock_guard lock(padMutex_);
    state = sockets_[port * 4];
    state.mouseDx = state.mouseDy = 0;
    // Run-ahead's speculative frames are taken back: the motion belongs to the real frame
    // (the batch's first), which takes it; they see the mouse still.
    if (runAhead_ && framesInBatch_ > 0) return state;
    state.mouseDx = int16_t(motion_[port][0]);
    state.mouseDy = int16_t(motion_[port][1]);
    motion_[port][0] = motion_[port][1] = 0;
    return state;
}

} // namespace app
