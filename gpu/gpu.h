#pragma once
// PLACEHOLDER interface: the GPU issue replaces this file. The signatures below are the
// contract the core relies on; keep them (or update core/ in the same change).
#include <cstdint>
#include <vector>

#include "savestate/state_io.h"

namespace gpu {

// What the core's video timing generator needs from the display mode (GP1(08h) etc.).
struct DisplayTiming {
    bool pal = false;         // GPUSTAT.20
    bool interlace = false;   // GPUSTAT.22 (vertical interlace requested)
    bool vres480 = false;     // GPUSTAT.19
    uint32_t dotDivider = 10; // video clocks per dot: 10 (256), 8 (320), 5 (512), 4 (640), 7 (368)
};

// Services the GPU needs from the machine it sits in.
class GpuHost {
  public:
    virtual ~GpuHost() = default;
    virtual void gpuInterrupt() = 0; // GP0(1Fh): IRQ1
};

class Gpu {
  public:
    explicit Gpu(GpuHost& host) : host_(host) {}
    void reset() { stat_ = 0x14802000; }

    // CPU ports (1F801810h / 1F801814h). `now` is the CPU cycle count.
    void writeGP0(uint32_t value, uint64_t now) { (void)value, (void)now; }
    void writeGP1(uint32_t value, uint64_t now) { (void)value, (void)now; }
    uint32_t readGPUREAD(uint64_t now) {
        (void)now;
        return 0;
    }
    uint32_t readGPUSTAT(uint64_t now) {
        (void)now;
        return stat_;
    }

    // DMA channel 2.
    bool dmaRequest(uint64_t now) const {
        (void)now;
        return true;
    }
    void dmaWrite(uint32_t value, uint64_t now) { writeGP0(value, now); }
    uint32_t dmaRead(uint64_t now) { return readGPUREAD(now); }

    // Video timing generator feed.
    DisplayTiming displayTiming() const { return {}; }
    void scanline(uint32_t line, bool inVblank, bool oddField) {
        (void)line, (void)inVblank, (void)oddField;
    }
    // Called once per vblank: executes the frame's cached commands.
    void endFrame() {}

    // Displayed image as RGBA8 (width*height*4 bytes). Returns false when display is off.
    bool scanout(std::vector<uint8_t>& rgba, uint32_t& width, uint32_t& height) const {
        (void)rgba, (void)width, (void)height;
        return false;
    }
    const uint16_t* vram() const { return nullptr; }

    void serialize(savestate::StateIO& io) {
        io.beginSection("gpu", 1);
        io.value(stat_);
        io.endSection();
    }

  private:
    GpuHost& host_;
    uint32_t stat_ = 0x14802000;
};

} // namespace gpu
