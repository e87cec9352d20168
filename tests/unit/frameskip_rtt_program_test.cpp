// The render-to-texture workload (assets/demo/bench-rtt: every frame draws into VRAM (640,256)
// and samples it in the displayed buffer; Cross held changes both) run under frame skipping in
// lockstep with a run without, frame by frame, with the same pad input. DESIGN.md §3 and
// docs/frameskip.md "Guarantees": emulated state is identical in every mode, every presented
// image is bit-identical to the full render of the same frame, and a savestate's bytes equal
// the full render's.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "assets/embedded.h"
#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/host.h"
#include "core/system.h"
#include "gpu/gpu.h"
#include "gpu/pacing_evaluator.h"
#include "savestate/state_io.h"

namespace {

// Cross held for 12 frames every 60 from frame 20.
struct CrossHost : core::Host {
    long frame = 0;
    bool presses = true;
    core::PadState pad(unsigned port) override {
        core::PadState s;
        if (presses && port == 0 && frame >= 20 && (frame - 20) % 60 < 12)
            s.buttons = core::PadState::Cross;
        return s;
    }
};

struct Machine {
    CrossHost host;
    core::System sys;
    gpu::PacingEvaluator eval;
    double clock = 0;
    long frames = 0;

    // `mode` empty: no evaluator (every frame rendered and presented).
    explicit Machine(const std::string& mode, bool presses = true) {
        host.presses = presses;
        sys.setHost(&host);
        std::string error;
        REQUIRE(sys.loadExe(assets::embeddedProgram("bench-rtt"), error));
        if (mode.empty()) return;
        gpu::PacingSettings s;
        REQUIRE(s.parseMode(mode, error));
        s.judgeFixed = false; // fixed:N's exact schedule from the first frame, as run keeps it
        eval.setSettings(s);
        // A host far too slow to render every frame (bench frameskip's simulated host at 40x):
        // each frame's emulation takes 6 ms, rendering 20 us per record and 0.2 us per pixel
        // drawn so far, so a full frame costs over two frame budgets and auto must skip.
        sys.gpu().setPacing(&eval, [this] {
            const auto& c = sys.gpu().frameCommands().counters();
            return double(frames) * 6000.0 +
                   20.0 * double(c.recordsExecuted + c.recordsExecutedLate) +
                   0.2 * double(c.pixelsDrawn);
        });
    }
    void frame() {
        host.frame = frames;
        sys.gpu().markEmulationStart();
        ++frames; // the clock moves on by this frame's emulation
        sys.runFrame();
    }
    uint64_t image() {
        std::vector<uint8_t> rgba;
        uint32_t w = 0, h = 0;
        sys.gpu().scanout(rgba, w, h);
        return savestate::hash64(rgba.data(), rgba.size(), w * 1000003ull + h);
    }
};

} // namespace

TEST_CASE("bench-rtt under fixed:1, fixed:3 and auto: skipped frames keep every observable exact",
          "[frameskip]") {
    REQUIRE_FALSE(assets::embeddedProgram("bench-rtt").empty());
    // The frames of a run without input: a frame that differs shows Cross held.
    const int kFrames = 240;
    std::vector<uint64_t> quiet;
    Machine noInput("", false);
    for (int f = 0; f < kFrames; ++f) {
        noInput.frame();
        quiet.push_back(noInput.image());
    }
    // auto is checked for exactness but not required to skip: on this program it learns during
    // its warm-up (every frame presented, so all deferred work runs late) that deferring saves
    // nothing (docs/frameskip.md, bench-rtt).
    for (const char* mode : {"fixed:1", "fixed:3", "auto"}) {
        const bool mustSkip = std::string(mode) != "auto";
        INFO("mode " << mode);
        Machine ref(""), run(mode);
        int presented = 0, shownPressed = 0;
        uint64_t died = 0;
        for (int f = 0; f < kFrames; ++f) {
            ref.frame();
            run.frame();
            INFO("frame " << f);
            // What the CPU sees: its registers and RAM, the GPU's status and busy time.
            REQUIRE(run.sys.cpu().state().pc == ref.sys.cpu().state().pc);
            REQUIRE(run.sys.scheduler().now() == ref.sys.scheduler().now());
            const uint64_t now = run.sys.scheduler().now();
            REQUIRE(run.sys.gpu().readGPUSTAT(now) == ref.sys.gpu().readGPUSTAT(now));
            REQUIRE(run.sys.gpu().busyUntil() == ref.sys.gpu().busyUntil());
            REQUIRE(savestate::hash64(run.sys.bus().ram(), core::Bus::kRamSize) ==
                    savestate::hash64(ref.sys.bus().ram(), core::Bus::kRamSize));
            REQUIRE(ref.sys.gpu().framePresented());
            const uint64_t refImage = ref.image();
            died += run.sys.gpu().lastFrameStats().recordsDied;
            if (run.sys.gpu().framePresented()) {
                ++presented;
                REQUIRE(run.image() == refImage);
                shownPressed += refImage != quiet[size_t(f)];
            }
        }
        // The checks above only mean something if frames were skipped, deferred work died,
        // and presented frames showed the button held.
        if (mustSkip) {
            // fixed:N presents one frame in N+1.
            CHECK(presented == kFrames / (mode[6] - '0' + 1));
            CHECK(died > 0);
        }
        CHECK(shownPressed > 0);
        // The whole machine, VRAM included (a savestate runs what is still deferred).
        CHECK(run.sys.stateHash() == ref.sys.stateHash());
    }
}
