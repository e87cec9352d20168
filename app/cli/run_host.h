#pragma once
// `skipjack-cli run`'s side of core::Host (core/host.h).
#include <cstdio>
#include <string_view>

#include "app/cli/pacing.h"
#include "app/cli/wav_writer.h"
#include "core/host.h"
#include "gpu/gpu.h"

namespace cli {

// What the machine hands `run`: the console (with --tty), messages on stderr, and the end of
// each frame, which feeds the pacing statistics.
class RunHost : public core::Host {
  public:
    RunHost(bool tty, gpu::Gpu& gpu) : tty_(tty), gpu_(gpu) {}
    void setPacing(PacingSession* pacing) { pacing_ = pacing; }
    // --dump-audio: every sample the machine mixes goes to this open writer.
    void setAudioDump(WavWriter* wav) { wav_ = wav; }

    void audioSamples(std::span<const int16_t> samples) override {
        if (wav_) wav_->append(samples); // a failure is kept and reported by finish()
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

  private:
    bool tty_;
    gpu::Gpu& gpu_;
    PacingSession* pacing_ = nullptr;
    WavWriter* wav_ = nullptr;
};

} // namespace cli
