// skipjack-audiocheck RAW: checks a recording of the app's audio output (SDL's disk driver:
// raw 16-bit stereo at 44.1 kHz) made with --audio-test-tone (a 440 Hz sine of amplitude 8000
// as the machine's audio). Between the first second (the ring filling up) and the last half
// second (shutdown) the tone must be there without a gap (no run of near-silence longer than a
// zero crossing), without a click (no step between neighbouring samples larger than the
// sine's steepest slope, 2*pi*440/44100*8000 = 502, plus the 1% of resampling) and at 440 Hz
// within the rate control's 1%. With --clicks-only (the host fell behind real time, so the
// ring ran dry for want of samples) only the clicks and the tone's level are checked. Exit
// code 0 when it holds, 1 with a message otherwise.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const bool clicksOnly = argc == 3 && std::string(argv[2]) == "--clicks-only";
    if (argc != 2 && !clicksOnly) {
        std::fprintf(stderr, "usage: skipjack-audiocheck RECORDING.raw [--clicks-only]\n");
        return 2;
    }
    std::ifstream f(argv[1], std::ios::binary);
    std::vector<char> bytes{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
    const size_t frames = bytes.size() / 4;
    std::vector<int> left(frames);
    for (size_t i = 0; i < frames; ++i)
        left[i] = static_cast<int16_t>(static_cast<uint8_t>(bytes[i * 4]) |
                                       (static_cast<uint8_t>(bytes[i * 4 + 1]) << 8));
    const size_t begin = 44100, end = frames > 22050 ? frames - 22050 : 0;
    if (end <= begin + 44100) {
        std::fprintf(stderr, "recording too short: %zu frames\n", frames);
        return 1;
    }
    int maxStep = 0, peak = 0;
    size_t quietRun = 0, longestQuiet = 0, crossings = 0, firstCross = 0, lastCross = 0;
    for (size_t i = begin; i < end; ++i) {
        maxStep = std::max(maxStep, std::abs(left[i] - left[i - 1]));
        peak = std::max(peak, std::abs(left[i]));
        quietRun = std::abs(left[i]) < 300 ? quietRun + 1 : 0;
        longestQuiet = std::max(longestQuiet, quietRun);
        if (left[i - 1] < 0 && left[i] >= 0) {
            if (crossings == 0) firstCross = i;
            lastCross = i;
            ++crossings;
        }
    }
    const double hz =
        crossings > 1 ? (crossings - 1) * 44100.0 / double(lastCross - firstCross) : 0;
    std::printf("audiocheck: %zu frames checked, peak %d, largest step %d, longest quiet run %zu "
                "frames, %.2f Hz\n",
                end - begin, peak, maxStep, longestQuiet, hz);
    bool ok = true;
    if (peak < 7000 || peak > 8200) {
        std::fprintf(stderr, "the tone's peak is %d, not about 8000\n", peak);
        ok = false;
    }
    if (maxStep > 520) {
        std::fprintf(stderr, "a click: a step of %d between neighbouring samples\n", maxStep);
        ok = false;
    }
    // |8000 sin| < 300 lasts about 2.4 samples around each zero crossing.
    if (longestQuiet > 6 && !clicksOnly) {
        std::fprintf(stderr, "a gap: %zu frames of near-silence\n", longestQuiet);
        ok = false;
    }
    if (std::abs(hz - 440.0) > 4.4 && !clicksOnly) {
        std::fprintf(stderr, "the tone plays at %.2f Hz, not 440\n", hz);
        ok = false;
    }
    return ok ? 0 : 1;
}
