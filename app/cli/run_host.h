#pragma once
// `skipjack-cli run`'s side of core::Host (core/host.h).
#include <cstdint>
#include <cstdio>
#include <span>
#include <string_view>

#include "app/cli/input_script.h"
#include "app/cli/pacing.h"
#include "app/cli/wav_writer.h"
#include "core/host.h"
#include "gpu/gpu.h"
#include "savestate/state_io.h"

namespace cli {

// What the machine hands `run`: the console (with --tty), messages on stderr, the end of each
// frame, which feeds the pacing statistics, and the audio, hashed (--state-hash prints it) and
// written to --dump-audio.
class RunHost : public core::Host {
  public:
    RunHost(bool tty, gpu::Gpu& gpu) : tty_(tty), gpu_(gpu) {}
    void setPacing(PacingSession* pacing) { pacing_ = pacing; }
    // --dump-audio: every sample the machine mixes goes to this open writer.
    void setAudioDump(WavWriter* wav) { wav_ = wav; }
    // --input-script: the controllers' input comes from it (else nothing held).
    void setInputScript(const InputScript* script) { script_ = script; }
    core::PadState pad(unsigned port) override {
        return script_ ? script_->pad(port, 0) : core::PadState{};
    }
    core::PadState tapPad(unsigned port, unsigned slot) override {
        return script_ ? script_->pad(port, slot) : core::PadState{};
    }

    void consoleText(char c) override {
        // The BIOS console ends lines with CR LF; a terminal wants LF.
        if (tty_ && c != '\r') std::fputc(c, stdout);
    }
    void message(core::MessageLevel level, std::string_view text) override {
        const char* kind = level == core::MessageLevel::Error     ? "error: "
                           : level == core::MessageLevel::Warning ? "warning: "
                                                                  : "";
        std::fprintf(stderr, "skipjack-cli: %s%.*s\n", kind, static_cast<int>(text.size()),
                     text.data());
    }
    void frameDone(const core::FrameInfo&) override {
        if (pacing_) pacing_->frameDone(gpu_.lastFrameStats());
    }
    void audioSamples(std::span<const int16_t> samples) override {
        audioFrames_ += samples.size() / 2;
        audioHash_ = savestate::hash64(samples.data(), samples.size_bytes(), audioHash_);
        if (wav_) wav_->append(samples); // a failure is kept and reported by finish()
    }
    // Stereo frames so far and a hash of them all (FNV-1a, continued across calls).
    uint64_t audioFrames() const { return audioFrames_; }
    uint64_t audioHash() const { return audioHash_; }

  private:
    bool tty_;
    gpu::Gpu& gpu_;
    PacingSession* pacing_ = nullptr;
    uint64_t audioFrames_ = 0;
    uint64_t audioHash_ = savestate::hash64(nullptr, 0);
    WavWriter* wav_ = nullptr;
    const InputScript* script_ = nullptr;
};

} // namespace cli
