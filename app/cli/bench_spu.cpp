// `skipjack-cli bench spu`: the SPU alone (core/spu.h), 24 voices with pitch modulation,
// noise, a sweeping main volume and reverb enabled (the reference's "Room" preset), run for N/60
// emulated seconds; prints emulated audio seconds per host second as JSON. The SPU is driven
// by its own scheduler event, as in the machine, with a host that only counts samples.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <span>

#include "app/cli/common.h"
#include "core/host.h"
#include "core/irq.h"
#include "core/scheduler.h"
#include "core/spu.h"

namespace cli {

namespace {

struct CountingHost : core::Host {
    uint64_t frames = 0;
    int64_t checksum = 0; // keeps the mixing from being optimised away
    void audioSamples(std::span<const int16_t> samples) override {
        frames += samples.size() / 2;
        for (int16_t s : samples)
            checksum += s;
    }
};

// soundprocessingunitspu.md "SPU Reverb Examples", Room (size 26C0h): 1F801DC0h..1F801DFEh.
constexpr uint16_t kRoom[32] = {0x007D, 0x005B, 0x6D80, 0x54B8, 0xBED0, 0x0000, 0x0000, 0xBA80,
                                0x5800, 0x5300, 0x04D6, 0x0333, 0x03F0, 0x0227, 0x0374, 0x01EF,
                                0x0334, 0x01B5, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
                                0x0000, 0x0000, 0x01B4, 0x0136, 0x00B8, 0x005C, 0x8000, 0x8000};

void setUp(core::Spu& spu) {
    // Sample data: a few looping blocks of varied nibbles after the capture buffers.
    uint8_t* ram = spu.ram();
    for (unsigned b = 0; b < 8; ++b) {
        uint8_t* p = ram + 0x1000 + 16 * b;
        p[0] = uint8_t((b % 5) << 4 | (b + 2));
        p[1] = b == 0 ? 0x04 : (b == 7 ? 0x03 : 0x00);
        for (unsigned i = 2; i < 16; ++i)
            p[i] = uint8_t(0x5b * (i + 3 * b) + 0x17);
    }
    auto w = [&](uint32_t off, uint16_t v) { spu.write(0x1f801c00 + off, v, 2); };
    for (unsigned v = 0; v < 24; ++v) {
        w(v * 16 + 0x0, uint16_t(0x1800 + v * 0x40));
        w(v * 16 + 0x2, uint16_t(0x1c00 - v * 0x40));
        w(v * 16 + 0x4, uint16_t(0x0400 + v * 0x2a1)); // up to 44.1 kHz * 4
        w(v * 16 + 0x6, uint16_t(0x1000 / 8));
        w(v * 16 + 0x8, uint16_t(0x38ef));
        w(v * 16 + 0xa, uint16_t(0x1fc0)); // sustain at the decay's end
    }
    for (unsigned i = 0; i < 32; ++i)
        w(0x1c0 + 2 * i, kRoom[i]);
    w(0x1a2, uint16_t((0x80000 - 0x26c0) / 8)); // mBASE
    w(0x184, 0x3000);                           // vLOUT
    w(0x186, 0x3000);                           // vROUT
    w(0x180, 0x3fff);
    w(0x182, 0xc000 | 20 << 2); // an exponential sweep up
    w(0x190, 0xfffe);           // PMON on voices 1..23
    w(0x192, 0x00ff);
    w(0x194, 0x1001); // NON: voices 0 and 12 play noise
    w(0x198, 0xffff); // EON: everything to the reverb
    w(0x19a, 0x00ff);
    w(0x1ac, 0x0004);
    w(0x1aa, 0xc000 | 0x3e00 | 0x0080 | 0x0005); // on, noise clock, reverb, CD audio + reverb
    w(0x188, 0xffff);
    w(0x18a, 0x00ff);
}

} // namespace

int benchSpuCommand(const Options& o) {
    core::Scheduler scheduler;
    core::Irq irq;
    core::Spu spu(scheduler, irq);
    CountingHost host;
    spu.setHost(&host);
    setUp(spu);
    long frames = o.frames < 0 ? 600 : o.frames;
    const core::Cycles perFrame = core::kCpuClockHz / 60;
    // Wall time, and this thread's CPU time (what "one core" costs when the host is busy).
    auto cpuNow = [] {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
    };
    double c0 = cpuNow();
    auto t0 = std::chrono::steady_clock::now();
    for (long f = 0; f < frames; ++f) {
        core::Cycles end = scheduler.now() + perFrame;
        while (scheduler.now() < end) {
            core::Cycles next = std::min(end, scheduler.nextDue());
            scheduler.advance(next - scheduler.now());
            scheduler.runDue();
        }
        spu.flushAudio();
    }
    auto t1 = std::chrono::steady_clock::now();
    double cpuSecs = cpuNow() - c0;
    double secs = std::chrono::duration<double>(t1 - t0).count();
    double emulated = double(host.frames) / core::Host::kAudioRate;
    double ratio = secs > 0 ? emulated / secs : 0.0;
    double cpuRatio = cpuSecs > 0 ? emulated / cpuSecs : 0.0;
    std::printf("{\"benchmark\":\"spu\",\"voices\":24,\"audio_frames\":%llu,"
                "\"emulated_seconds\":%.3f,\"host_seconds\":%.6f,\"cpu_seconds\":%.6f,"
                "\"audio_seconds_per_host_second\":%.1f,"
                "\"audio_seconds_per_cpu_second\":%.1f,\"checksum\":%lld}\n",
                static_cast<unsigned long long>(host.frames), emulated, secs, cpuSecs, ratio,
                cpuRatio, static_cast<long long>(host.checksum));
    return kExitOk;
}

} // namespace cli
