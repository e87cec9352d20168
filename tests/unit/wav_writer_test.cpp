// `run --dump-audio`'s WAV writer (app/cli/wav_writer.h). Expected bytes follow the RIFF/WAVE
// PCM layout (Microsoft's "Multimedia Programming Interface and Data Specifications 1.0":
// RIFF size = file size - 8, fmt chunk of 16 bytes with format 1, block align = channels *
// bytes per sample, data chunk size = sample bytes), written out by hand here.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "app/cli/wav_writer.h"

namespace {
std::filesystem::path scratch(const char* name) {
    auto dir = std::filesystem::temp_directory_path() / "skipjack-wav-test";
    std::filesystem::create_directories(dir);
    auto p = dir / name;
    std::filesystem::remove(p);
    std::filesystem::remove(p.string() + ".part");
    return p;
}
std::vector<uint8_t> readAll(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
uint32_t le32(const std::vector<uint8_t>& b, size_t at) {
    return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (uint32_t(b[at + 3]) << 24);
}
uint16_t le16(const std::vector<uint8_t>& b, size_t at) {
    return static_cast<uint16_t>(b[at] | (b[at + 1] << 8));
}
std::string tag(const std::vector<uint8_t>& b, size_t at) {
    return std::string(b.begin() + long(at), b.begin() + long(at) + 4);
}
} // namespace

TEST_CASE("wav writer: 44.1 kHz stereo header and the samples given, in order", "[wav]") {
    const auto path = scratch("sine.wav");
    // A 1 kHz sine, left and right in opposite phase, in three appends of different sizes.
    std::vector<int16_t> samples;
    for (int i = 0; i < 1000; ++i) {
        const auto v = static_cast<int16_t>(std::lround(20000 * std::sin(i * 2 * M_PI / 44.1)));
        samples.push_back(v);
        samples.push_back(static_cast<int16_t>(-v));
    }
    samples[0] = -32768; // extremes survive
    samples[1] = 32767;
    cli::WavWriter wav;
    std::string error;
    REQUIRE(wav.open(path.string(), 44100, 2, error));
    REQUIRE(wav.append(std::span(samples).subspan(0, 2)));
    REQUIRE(wav.append(std::span(samples).subspan(2, 998)));
    REQUIRE(wav.append(std::span(samples).subspan(1000)));
    // Until finish() the target does not exist: only the temporary file.
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(std::filesystem::exists(wav.tempPath()));
    REQUIRE(wav.finish(error));
    CHECK_FALSE(std::filesystem::exists(path.string() + ".part"));

    const auto b = readAll(path);
    const uint32_t dataBytes = 1000 * 2 * 2;
    REQUIRE(b.size() == 44 + dataBytes);
    CHECK(tag(b, 0) == "RIFF");
    CHECK(le32(b, 4) == b.size() - 8);
    CHECK(tag(b, 8) == "WAVE");
    CHECK(tag(b, 12) == "fmt ");
    CHECK(le32(b, 16) == 16);
    CHECK(le16(b, 20) == 1);         // PCM
    CHECK(le16(b, 22) == 2);         // channels
    CHECK(le32(b, 24) == 44100);     // sample rate
    CHECK(le32(b, 28) == 44100 * 4); // byte rate
    CHECK(le16(b, 32) == 4);         // block align
    CHECK(le16(b, 34) == 16);        // bits per sample
    CHECK(tag(b, 36) == "data");
    CHECK(le32(b, 40) == dataBytes);
    for (size_t i = 0; i < samples.size(); ++i)
        REQUIRE(static_cast<int16_t>(le16(b, 44 + 2 * i)) == samples[i]);
}

TEST_CASE("wav writer: an empty run gives a valid header with no data", "[wav]") {
    const auto path = scratch("empty.wav");
    cli::WavWriter wav;
    std::string error;
    REQUIRE(wav.open(path.string(), 44100, 2, error));
    REQUIRE(wav.finish(error));
    const auto b = readAll(path);
    REQUIRE(b.size() == 44);
    CHECK(le32(b, 4) == 36);
    CHECK(le32(b, 40) == 0);
}

TEST_CASE("wav writer: an abandoned dump leaves no file behind", "[wav]") {
    const auto path = scratch("abandoned.wav");
    {
        cli::WavWriter wav;
        std::string error;
        REQUIRE(wav.open(path.string(), 44100, 2, error));
        const int16_t s[4] = {1, 2, 3, 4};
        REQUIRE(wav.append(s));
        // Destroyed without finish(): an error path of `run`.
    }
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(path.string() + ".part"));
}

TEST_CASE("wav writer: an unwritable path is an error, not a crash", "[wav]") {
    cli::WavWriter wav;
    std::string error;
    CHECK_FALSE(wav.open("/nonexistent-dir/x/y.wav", 44100, 2, error));
    CHECK(error.find("/nonexistent-dir/x/y.wav") != std::string::npos);
    const int16_t s[2] = {1, 2};
    CHECK_FALSE(wav.append(s));
    CHECK_FALSE(wav.finish(error));
}
