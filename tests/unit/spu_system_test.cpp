// DESIGN.md §2 and §8 "Audio is emulated state": the SPU's samples (Host::audioSamples) are the
// same under every frame-skip mode and across a save and load mid-note. The demo runs as the
// CPU load; the test plays 24 voices (pitch modulation, noise, sweeps, a one-shot and loops).
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "assets/embedded.h"
#include "core/bus.h"
#include "core/savestates.h"
#include "core/spu.h"
#include "core/system.h"
#include "gpu/gpu.h"
#include "gpu/pacing_evaluator.h"
#include "recording_host.h"
#include "savestate/state_io.h"

namespace {

void startVoices(core::System& sys) {
    core::Bus& bus = sys.bus();
    uint8_t* ram = sys.spu().ram();
    // Two blocks that loop, one one-shot (End+Mute): shift/filter, flags, data.
    const uint8_t heads[3][2] = {{0x14, 0x04}, {0x22, 0x03}, {0x30, 0x01}};
    for (unsigned b = 0; b < 3; ++b) {
        uint8_t* p = ram + 0x1000 + 16 * b;
        p[0] = heads[b][0];
        p[1] = heads[b][1];
        for (unsigned i = 2; i < 16; ++i)
            p[i] = uint8_t(0x93 * (i + b) + 0x1d);
    }
    auto w = [&](uint32_t off, uint16_t v) { bus.write(0x1f801c00 + off, v, 2); };
    for (unsigned v = 0; v < 24; ++v) {
        w(v * 16 + 0x0, uint16_t(0x2000 + v * 0x80));
        w(v * 16 + 0x2, uint16_t(0xc000 | (v & 0x1f) << 2)); // an exponential sweep
        w(v * 16 + 0x4, uint16_t(0x0600 + v * 0x1a3));
        w(v * 16 + 0x6, uint16_t((0x1000 + 16 * (v % 3)) / 8));
        w(v * 16 + 0x8, uint16_t(0x28e3 + v * 0x101));
        w(v * 16 + 0xa, uint16_t(0x8c8a - v));
    }
    w(0x180, 0x3fff);
    w(0x182, 0x3800);
    w(0x190, 0x5554); // PMON
    w(0x194, 0x0810); // NON
    w(0x198, 0x00ff); // EON (the reverb input sum)
    w(0x1aa, 0xc000 | 0x1d00 | 0x80);
    w(0x188, 0xffff);
    w(0x18a, 0x00ff);
}

std::vector<int16_t> runMode(const char* mode, int frames) {
    core::System sys;
    testutil::RecordingHost host;
    sys.setHost(&host);
    std::string error;
    auto demo = assets::embeddedProgram("skipjack-demo");
    REQUIRE(sys.loadExe(demo, error));
    gpu::PacingEvaluator evaluator;
    gpu::PacingSettings settings;
    REQUIRE(settings.parseMode(mode, error));
    evaluator.setSettings(settings);
    // A host clock that runs slow (each reading 9 ms later) so auto and fixed modes skip.
    double clock = 0;
    sys.gpu().setPacing(&evaluator, [&clock] { return clock += 9000.0; });
    startVoices(sys);
    for (int i = 0; i < frames; ++i)
        sys.runFrame();
    sys.gpu().setPacing(nullptr, nullptr);
    return host.audio;
}

} // namespace

TEST_CASE("DESIGN.md 8: audio samples are identical under off - fixed:2 and auto",
          "[spu][frameskip]") {
    std::vector<int16_t> off = runMode("off", 90);
    // 90 frames of audio at 44.1 kHz: 768 cycles per frame of 564480 (NTSC ~ 735 per frame).
    REQUIRE(off.size() > 2 * 90 * 700);
    bool sound = false;
    for (int16_t s : off)
        sound = sound || s != 0;
    CHECK(sound);
    CHECK(runMode("fixed:2", 90) == off);
    CHECK(runMode("auto", 90) == off);
    CHECK(savestate::hash64(off.data(), off.size() * 2) != 0);
}

TEST_CASE("DESIGN.md 4/8: a savestate taken mid-note loads to identical samples", "[spu]") {
    core::System sys;
    testutil::RecordingHost host;
    sys.setHost(&host);
    std::string error;
    REQUIRE(sys.loadExe(assets::embeddedProgram("skipjack-demo"), error));
    startVoices(sys);
    for (int i = 0; i < 20; ++i)
        sys.runFrame();
    std::vector<uint8_t> saved = sys.saveState();
    host.audio.clear();
    for (int i = 0; i < 40; ++i)
        sys.runFrame();
    std::vector<int16_t> first = host.audio;
    uint64_t hashAfter = sys.stateHash();

    host.audio.clear();
    REQUIRE(sys.loadState(saved, error));
    for (int i = 0; i < 40; ++i)
        sys.runFrame();
    CHECK(host.audio == first);
    CHECK(sys.stateHash() == hashAfter);

    core::System other;
    testutil::RecordingHost otherHost;
    other.setHost(&otherHost);
    REQUIRE(other.loadState(saved, error));
    for (int i = 0; i < 40; ++i)
        other.runFrame();
    CHECK(otherHost.audio == first);
}

TEST_CASE("DESIGN.md 4/8: run-ahead's speculative frames are never heard - the host gets the "
          "plain run's samples",
          "[spu]") {
    core::System plain, ahead;
    testutil::RecordingHost plainHost, aheadHost;
    plain.setHost(&plainHost);
    ahead.setHost(&aheadHost);
    std::string error;
    REQUIRE(plain.loadExe(assets::embeddedProgram("skipjack-demo"), error));
    REQUIRE(ahead.loadExe(assets::embeddedProgram("skipjack-demo"), error));
    startVoices(plain);
    startVoices(ahead);
    core::RunAhead runAhead(ahead);
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    for (int i = 0; i < 20; ++i) {
        plain.runFrame();
        runAhead.runFrame(1 + unsigned(i % 3), rgba, w, h);
    }
    REQUIRE(!plainHost.audio.empty());
    CHECK(aheadHost.audio == plainHost.audio);
}
