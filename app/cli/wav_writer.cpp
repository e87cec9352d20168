#include "wav_writer.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace cli {

namespace {
// A RIFF chunk size is 32 bits: the data chunk may hold at most this many bytes (so that the
// RIFF size, data + 36, still fits).
constexpr uint64_t kMaxDataBytes = 0xFFFFFFFFull - 36;
constexpr long kHeaderBytes = 44;

void put16(uint8_t* p, uint16_t v) {
    p[0] = static_cast<uint8_t>(v);
    p[1] = static_cast<uint8_t>(v >> 8);
}
void put32(uint8_t* p, uint32_t v) {
    put16(p, static_cast<uint16_t>(v));
    put16(p + 2, static_cast<uint16_t>(v >> 16));
}

// The canonical 44-byte header of a PCM WAVE file: RIFF, "fmt " (16 bytes, format 1) and the
// start of the "data" chunk.
std::array<uint8_t, kHeaderBytes> header(uint32_t rate, uint16_t channels, uint32_t dataBytes) {
    std::array<uint8_t, kHeaderBytes> h{};
    std::memcpy(h.data(), "RIFF", 4);
    put32(h.data() + 4, dataBytes + 36);
    std::memcpy(h.data() + 8, "WAVEfmt ", 8);
    put32(h.data() + 16, 16);
    put16(h.data() + 20, 1); // PCM
    put16(h.data() + 22, channels);
    put32(h.data() + 24, rate);
    put32(h.data() + 28, rate * channels * 2);                 // bytes per second
    put16(h.data() + 32, static_cast<uint16_t>(channels * 2)); // block align
    put16(h.data() + 34, 16);                                  // bits per sample
    std::memcpy(h.data() + 36, "data", 4);
    put32(h.data() + 40, dataBytes);
    return h;
}
} // namespace

WavWriter::~WavWriter() {
    abandon();
}

bool WavWriter::open(const std::string& path, uint32_t sampleRate, uint16_t channels,
                     std::string& error) {
    abandon();
    path_ = path;
    tempPath_ = path + ".part";
    channels_ = channels == 0 ? 1 : channels;
    samples_ = 0;
    failed_ = false;
    rate_ = sampleRate;
    file_ = std::fopen(tempPath_.c_str(), "wb");
    if (!file_) {
        error = "cannot write " + tempPath_ + ": " + std::strerror(errno);
        return false;
    }
    const auto h = header(sampleRate, channels_, 0);
    if (std::fwrite(h.data(), 1, h.size(), file_) != h.size()) {
        error = "cannot write " + tempPath_ + ": " + std::strerror(errno);
        abandon();
        return false;
    }
    return true;
}

bool WavWriter::append(std::span<const int16_t> samples) {
    if (!file_ || failed_) return false;
    if ((samples_ + samples.size()) * 2 > kMaxDataBytes) {
        failed_ = true; // finish() reports it
        return false;
    }
    // Little-endian bytes, written in small batches (no allocation per call).
    uint8_t buffer[4096];
    size_t done = 0;
    while (done < samples.size()) {
        const size_t n = std::min(samples.size() - done, sizeof(buffer) / 2);
        for (size_t i = 0; i < n; ++i)
            put16(buffer + 2 * i, static_cast<uint16_t>(samples[done + i]));
        if (std::fwrite(buffer, 2, n, file_) != n) {
            failed_ = true;
            return false;
        }
        done += n;
    }
    samples_ += samples.size();
    return true;
}

bool WavWriter::finish(std::string& error) {
    if (!file_) {
        error = "no audio file open";
        return false;
    }
    if (failed_) {
        error = "cannot write " + tempPath_ +
                ((samples_ + 1) * 2 > kMaxDataBytes ? ": more audio than a WAV file can hold"
                                                    : ": write failed");
        abandon();
        return false;
    }
    const auto h = header(rate_, channels_, static_cast<uint32_t>(samples_ * 2));
    const bool ok = std::fseek(file_, 0, SEEK_SET) == 0 &&
                    std::fwrite(h.data(), 1, h.size(), file_) == h.size() &&
                    std::fflush(file_) == 0;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!ok || !closed) {
        error = "cannot write " + tempPath_ + ": " + std::strerror(errno);
        std::remove(tempPath_.c_str());
        return false;
    }
    if (std::rename(tempPath_.c_str(), path_.c_str()) != 0) {
        error = "cannot rename " + tempPath_ + " to " + path_ + ": " + std::strerror(errno);
        std::remove(tempPath_.c_str());
        return false;
    }
    return true;
}

void WavWriter::abandon() {
    if (file_) {
        std::fclose(file_);
        file_ = nullptr;
        std::remove(tempPath_.c_str());
    }
}

} // namespace cli
