#pragma once
// The GPU as a device of this machine. gpu::Gpu knows nothing of core/ (DESIGN.md §1), so this
// binds it: GP0/GP1 and GPUREAD/GPUSTAT at 1F801810h..1F801817h with the scheduler's time,
// DMA channel 2 with each word's own time, IRQ1, and its "gpu" state section.
#include <cstdint>
#include <span>

#include "core/device.h"
#include "gpu/gpu.h"

namespace core {

class Irq;

class GpuDevice : private gpu::GpuHost {
  public:
    GpuDevice(Scheduler& scheduler, Irq& irq);
    GpuDevice(const GpuDevice&) = delete;
    GpuDevice& operator=(const GpuDevice&) = delete;

    gpu::Gpu& gpu() { return gpu_; }
    DeviceInfo describe();

  private:
    void gpuInterrupt() override;
    uint32_t read(uint32_t addr, unsigned size);
    void write(uint32_t addr, uint32_t value, unsigned size);
    void reset() { gpu_.reset(); }
    void serialize(savestate::StateIO& io) { gpu_.serialize(io); }
    static bool dmaRequest(void* self, Cycles now);
    static void dmaWrite(void* self, std::span<const uint32_t> words, const DmaClock& clock);
    static void dmaRead(void* self, std::span<uint32_t> words, const DmaClock& clock);

    Scheduler& scheduler_;
    Irq& irq_;
    gpu::Gpu gpu_;
};

} // namespace core
