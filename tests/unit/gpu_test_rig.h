#pragma once
// Shared helpers of the [gpu] unit tests: a GPU with a fake host that counts IRQ1 requests.
#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <stdexcept>
#include <string>

#include <vector>

#include "gpu/gpu.h"
#include "gpu/pacing_evaluator.h"
#include "savestate/state_io.h"

namespace gputest {

struct FakeHost : gpu::GpuHost {
    int interrupts = 0;
    void gpuInterrupt() override { ++interrupts; }
};

// ctest runs the [gpu] and [frameskip] tests a second time with SKIPJACK_TEST_RENDER_THREAD=1
// (tests/CMakeLists.txt, label render-thread): every rig's GPU then executes its records on the
// render worker, and each test must pass unchanged (issue 16 item 1: identical results).
inline bool renderThreadFromEnvironment() {
    const char* v = std::getenv("SKIPJACK_TEST_RENDER_THREAD");
    return v && v[0] == '1';
}

struct Rig {
    FakeHost host;
    gpu::Gpu gpu{host};
    uint64_t now = 0;

    Rig() { gpu.setRenderThread(renderThreadFromEnvironment()); }

    // Sends like a program that polls GPUSTAT: a word that would find the 16-word command FIFO
    // full waits for room (a word sent into a full FIFO is lost).
    void gp0(uint32_t w) {
        now = gpu.fifoRoomAt(now);
        gpu.writeGP0(w, now);
    }
    void gp0(std::initializer_list<uint32_t> words) {
        for (uint32_t w : words)
            gp0(w);
    }
    void gp1(uint32_t w) { gpu.writeGP1(w, now); }
    uint32_t stat() { return gpu.readGPUSTAT(now); }
    uint32_t read() { return gpu.readGPUREAD(now); }
    // Lets every queued command finish.
    void idle() { now = std::max(now, gpu.busyUntil()) + 1; }
    size_t records() const { return gpu.frameCommands().size(); }
    const gpu::Command& cmd(size_t i) const { return gpu.frameCommands().record(i).cmd; }
    const gpu::Footprint& fp(size_t i) const { return gpu.frameCommands().record(i).footprint; }
    // Hash of VRAM rows y0..y1-1, columns x0..x1-1.
    uint64_t region(int x0, int y0, int x1, int y1) const {
        uint64_t h = 0;
        for (int y = y0; y < y1; ++y)
            h = savestate::hash64(gpu.vram() + y * gpu::kVramWidth + x0, size_t(x1 - x0) * 2, h);
        return h;
    }
    // The GPU's savestate bytes.
    std::vector<uint8_t> state() {
        savestate::StateIO io = savestate::StateIO::writer();
        gpu.serialize(io);
        return io.take();
    }
};

inline uint32_t xy(int x, int y) {
    return (uint32_t(y & 0x7FF) << 16) | uint32_t(x & 0x7FF);
}

// A GPU plus, optionally, a pacing evaluator driven by a fake host clock: every clock read
// advances it by `step` µs, and the test adds emulation time before each vblank.
struct PacedRig {
    Rig rig;
    gpu::PacingEvaluator eval;
    double clock = 0;
    double step = 1;
    double emulationUs = 1000;
    bool paced = false;
    int presentedCount = 0;

    explicit PacedRig(const std::string& mode = "") {
        if (mode.empty()) return;
        gpu::PacingSettings s;
        std::string error;
        if (!s.parseMode(mode, error)) throw std::invalid_argument(error);
        // The rig's clock is synthetic: fixed:N keeps its exact schedule from the first frame
        // (as in skipjack-cli run), which is what these tests check.
        s.judgeFixed = false;
        eval.setSettings(s);
        rig.gpu.setPacing(&eval, [this] { return clock += step; });
        paced = true;
    }
    void vblank() {
        rig.idle();
        rig.gpu.syncRender(); // the clock is the worker's while it runs (Gpu::markEmulationStart)
        clock += emulationUs;
        rig.gpu.endFrame();
        if (rig.gpu.framePresented()) ++presentedCount;
    }
    uint64_t image() {
        std::vector<uint8_t> rgba;
        uint32_t w = 0, h = 0;
        rig.gpu.scanout(rgba, w, h);
        return savestate::hash64(rgba.data(), rgba.size(), w * 1000003ull + h);
    }
    uint64_t region(int x0, int y0, int x1, int y1) const { return rig.region(x0, y0, x1, y1); }
    std::vector<uint8_t> state() { return rig.state(); }
    const gpu::FrameStats& stats() const { return rig.gpu.lastFrameStats(); }
};

inline void enableDisplay(Rig& r) {
    r.gp1(0x03000000); // display on
    r.gp1(0x08000000); // 256x240, NTSC, 15-bit
}

inline void drawArea(Rig& r, int x, int y, int w, int h) {
    r.gp0(0xE3000000u | uint32_t(y) << 10 | uint32_t(x));
    r.gp0(0xE4000000u | uint32_t(y + h - 1) << 10 | uint32_t(x + w - 1));
    r.gp0(0xE5000000u | uint32_t(y & 0x7FF) << 11 | uint32_t(x & 0x7FF));
}

// Loads `state` into `loaded`, then plays frames [from, to) of `scene(rig, k)` on it and on
// `ref` (any run type with `rig`, vblank() and state()). True when the load worked and the
// loaded run ends with the state of the one that never stopped.
template <class Run, class Scene>
bool continuesLike(Run& ref, Run& loaded, const std::vector<uint8_t>& state, int from, int to,
                   Scene scene) {
    savestate::StateIO in = savestate::StateIO::reader(state);
    loaded.rig.gpu.serialize(in);
    if (!in.ok()) return false;
    for (int k = from; k < to; ++k) {
        scene(ref.rig, k);
        scene(loaded.rig, k);
        ref.vblank();
        loaded.vblank();
    }
    return loaded.state() == ref.state();
}

inline bool sameRect(const gpu::Rect& r, int x0, int y0, int x1, int y1) {
    return r.x0 == x0 && r.y0 == y0 && r.x1 == x1 && r.y1 == y1;
}

} // namespace gputest
