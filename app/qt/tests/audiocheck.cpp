// skipjack-audiocheck RAW: checks a recording of the app's audio output (SDL's disk driver:
// raw 16-bit stereo at 44.1 kHz) made with --audio-test-tone (a 440 Hz sine of amplitude 8000
// as the machine's audio). Between the first second (the ring filling up) and the last half
// second (shutdown) the tone must be there without a gap (no run of near-silence longer than a
// zero crossing) and without a click: no step between neighbouring samples larger than the
// sine's steepest slope, 2*pi*440/44100*8000 = 502, plus the ramp of an underrun's edge
// (8000/128 = 63) and some resampling slack: 640. Its pitch must be 440 Hz within 3%: the
// disk driver's clock is only roughly 44.1 kHz (it sleeps between buffers), so this catches a
// wrong rate (48 kHz data played as 44.1 is 9% off), not the device's drift. --clicks-only
// (the app counted underruns: gaps happened and must ramp) checks the clicks and the level,
// --level-only (the ring overflowed or skipped: SDL's thread stalled) only the level. Exit
// code 0 when it holds, 1 with a message otherwise.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

// --not-silent: a recording of the machine's own audio (the demo's music) must carry sound
// after its first second: an RMS level of at least 1/100 of full scale (the demo's mix sits
// near 1/5), so a silent or nearly silent path fails.
static int notSilent(const char* path) {
    std::ifstream f(path, std::ios::binary);
    std::vector<char> bytes{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
    const size_t samples = bytes.size() / 2, begin = 44100 * 2;
    if (samples <= begin + 44100) {
        std::fprintf(stderr, "recording too short: %zu samples\n", samples);
        return 1;
    }
    double sum = 0;
    for (size_t i = begin; i < samples; ++i) {
        const int v = static_cast<int16_t>(static_cast<uint8_t>(bytes[i * 2]) |
                                           (static_cast<uint8_t>(bytes[i * 2 + 1]) << 8));
        sum += double(v) * v;
    }
    const double rms = std::sqrt(sum / double(samples - begin));
    std::printf("audiocheck: RMS %.0f over %zu samples after the first second\n", rms,
                samples - begin);
    if (rms < 327.68) {
        std::fprintf(stderr, "the recording is silent or nearly (RMS %.0f)\n", rms);
        return 1;
    }
    return 0;
}

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[2]) == "--not-silent") return notSilent(argv[1]);
    const bool levelOnly = argc == 3 && std::string(argv[2]) == "--level-only";
    const bool clicksOnly = levelOnly || (argc == 3 && std::string(argv[2]) == "--clicks-only");
    if (argc != 2 && !clicksOnly) {
        std::fprintf(stderr,
                     "usage: skipjack-audiocheck RECORDING.raw [--clicks-only|--level-only]\n");
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
    if (maxStep > 640 && !levelOnly) {
        std::fprintf(stderr, "a click: a step of %d between neighbouring samples\n", maxStep);
        ok = false;
    }
    // |8000 sin| < 300 lasts about 2.4 samples around each zero crossing.
    if (longestQuiet > 6 && !clicksOnly) {
        std::fprintf(stderr, "a gap: %zu frames of near-silence\n", longestQuiet);
        ok = false;
    }
    if (std::abs(hz - 440.0) > 13.2 && !clicksOnly) {
        std::fprintf(stderr, "the tone plays at %.2f Hz, not 440\n", hz);
        ok = false;
    }
    return ok ? 0 : 1;
}
