#include "core/gpu_device.h"

#include "core/irq.h"

// Hardware notes (graphicsprocessingunitgpu.md, iomap.md):
// - 1F801810h: GP0 (write) / GPUREAD (read); 1F801814h: GP1 (write) / GPUSTAT (read). Both are
//   32-bit ports: a narrower store still latches the whole shifted bus word.
// - DMA channel 2 feeds GP0 (RAM -> GPU) or drains GPUREAD (GPU -> RAM); its DRQ is GPUSTAT.25.

namespace core {

GpuDevice::GpuDevice(Scheduler& scheduler, Irq& irq)
    : scheduler_(scheduler), irq_(irq), gpu_(static_cast<gpu::GpuHost&>(*this)) {}

DeviceInfo GpuDevice::describe() {
    DeviceInfo d("gpu", this);
    d.ioRange<&GpuDevice::read, &GpuDevice::write>(0x1f801810, 0x1f801818);
    d.dmaChannelPort(2, DmaPort{nullptr, &dmaRequest, &dmaWrite, &dmaRead});
    d.state<&GpuDevice::reset, &GpuDevice::serialize>();
    return d;
}

void GpuDevice::gpuInterrupt() {
    irq_.raise(IrqSource::Gpu);
}

uint32_t GpuDevice::read(uint32_t addr, unsigned size) {
    (void)size; // the bus takes the bytes it wants from the shifted word
    uint64_t now = scheduler_.now();
    uint32_t word = (addr & 4) ? gpu_.readGPUSTAT(now) : gpu_.readGPUREAD(now);
    return word >> ((addr & 3) * 8);
}

void GpuDevice::write(uint32_t addr, uint32_t value, unsigned size) {
    (void)size;
    uint64_t now = scheduler_.now();
    uint32_t latched = value << ((addr & 3) * 8);
    if (addr & 4)
        gpu_.writeGP1(latched, now);
    else
        gpu_.writeGP0(latched, now);
}

bool GpuDevice::dmaRequest(void* self, Cycles now) {
    return static_cast<GpuDevice*>(self)->gpu_.dmaRequest(now);
}

// The GPU's busy timing depends on when each word arrives: every word gets its own cycle.
void GpuDevice::dmaWrite(void* self, std::span<const uint32_t> words, const DmaClock& clock) {
    gpu::Gpu& gpu = static_cast<GpuDevice*>(self)->gpu_;
    for (uint32_t i = 0; i < words.size(); ++i)
        gpu.dmaWrite(words[i], clock.at(i));
}

void GpuDevice::dmaRead(void* self, std::span<uint32_t> words, const DmaClock& clock) {
    gpu::Gpu& gpu = static_cast<GpuDevice*>(self)->gpu_;
    for (uint32_t i = 0; i < words.size(); ++i)
        words[i] = gpu.dmaRead(clock.at(i));
}

} // namespace core
