#pragma once
// The desktop app's side of core::Host (core/host.h), owned by the EmuThread: console text to
// stdout, messages to stderr, pad 0 from the input manager (set by the GUI thread, read by the
// machine once per frame), audio into the audio ring, and the last frame notification.
#include <atomic>
#include <cstdint>

#include "core/host.h"

namespace app {

class AudioOutput;

class EmuHost : public core::Host {
  public:
    explicit EmuHost(AudioOutput* audio) : audio_(audio) {}

    // GUI thread: the buttons held on pad 0 (core::PadState bits).
    void setPad(uint16_t buttons) { pad_.store(buttons); }

    // Emulation thread, after each emulated host frame: keeps the audio device fed with one
    // NTSC frame of silence when the machine handed no samples since the last call (the SPU
    // does not produce any yet).
    void finishAudioFrame();
    // Emulation thread: the last frame the machine finished, and whether it was presented.
    const core::FrameInfo& lastFrame() const { return lastFrame_; }

    // core::Host (emulation thread).
    void frameDone(const core::FrameInfo& frame) override { lastFrame_ = frame; }
    void audioSamples(std::span<const int16_t> samples) override;
    void consoleText(char c) override;
    void message(core::MessageLevel level, std::string_view text) override;
    core::PadState pad(unsigned port) override;

  private:
    AudioOutput* audio_;
    std::atomic<uint16_t> pad_{0};
    core::FrameInfo lastFrame_;
    bool audioThisFrame_ = false;
};

} // namespace app
