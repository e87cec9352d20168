#pragma once
// Streams 16-bit PCM into a RIFF/WAVE file (`run --dump-audio`). The data goes to a temporary
// file beside the target; finish() patches the RIFF and data sizes and renames it over the
// target, so an error or an early exit never leaves a half-written WAV under the real name
// (DESIGN.md section 5). A writer destroyed without finish() removes its temporary file.
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

namespace cli {

class WavWriter {
  public:
    WavWriter() = default;
    ~WavWriter();
    WavWriter(const WavWriter&) = delete;
    WavWriter& operator=(const WavWriter&) = delete;

    // Creates the temporary file and writes a header with empty sizes.
    bool open(const std::string& path, uint32_t sampleRate, uint16_t channels, std::string& error);
    // Appends interleaved samples (little-endian on disk whatever the host's order).
    bool append(std::span<const int16_t> samples);
    // Writes the sizes, closes and renames the temporary file to the target.
    bool finish(std::string& error);
    // Closes and removes the temporary file (nothing appears under the target name).
    void abandon();

    bool isOpen() const { return file_ != nullptr; }
    uint64_t framesWritten() const { return samples_ / channels_; }
    const std::string& tempPath() const { return tempPath_; }

  private:
    std::FILE* file_ = nullptr;
    std::string path_, tempPath_;
    uint32_t rate_ = 44100;
    uint16_t channels_ = 2;
    uint64_t samples_ = 0;
    bool failed_ = false;
};

} // namespace cli
