#pragma once
// A core::Host for tests: records everything the machine hands out (console text, frames,
// audio, messages) and answers pad() from `pads`.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/host.h"

namespace testutil {

struct RecordingHost : core::Host {
    std::string console;
    std::vector<core::FrameInfo> frames;
    std::vector<int16_t> audio; // interleaved L, R
    std::vector<std::pair<core::MessageLevel, std::string>> messages;
    core::PadState pads[2];
    unsigned padReads = 0;

    void frameDone(const core::FrameInfo& frame) override { frames.push_back(frame); }
    void audioSamples(std::span<const int16_t> samples) override {
        audio.insert(audio.end(), samples.begin(), samples.end());
    }
    void consoleText(char c) override { console += c; }
    void message(core::MessageLevel level, std::string_view text) override {
        messages.emplace_back(level, std::string(text));
    }
    core::PadState pad(unsigned port) override {
        ++padReads;
        return pads[port & 1];
    }
};

} // namespace testutil
