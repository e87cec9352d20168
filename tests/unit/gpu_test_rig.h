#pragma once
// Shared helpers of the [gpu] unit tests: a GPU with a fake host that counts IRQ1 requests.
#include <algorithm>
#include <initializer_list>

#include <vector>

#include "gpu/gpu.h"
#include "savestate/state_io.h"

namespace gputest {

struct FakeHost : gpu::GpuHost {
    int interrupts = 0;
    void gpuInterrupt() override { ++interrupts; }
};

struct Rig {
    FakeHost host;
    gpu::Gpu gpu{host};
    uint64_t now = 0;

    void gp0(uint32_t w) { gpu.writeGP0(w, now); }
    void gp0(std::initializer_list<uint32_t> words) {
        for (uint32_t w : words)
            gpu.writeGP0(w, now);
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

inline bool sameRect(const gpu::Rect& r, int x0, int y0, int x1, int y1) {
    return r.x0 == x0 && r.y0 == y0 && r.x1 == x1 && r.y1 == y1;
}

} // namespace gputest
