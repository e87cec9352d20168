#pragma once
// PLACEHOLDER: the devices helper replaces this with the real DMA controller (dmachannels.md).
#include <array>
#include <cstdint>

#include "savestate/state_io.h"

namespace core {

class Bus;
class Scheduler;
class Irq;

// The device end of one DMA channel. System wires GPU (2), OTC (6), and the CD-ROM (3),
// SPU (4), MDEC in/out (0/1) and PIO (5) ports, which later issues fill in.
class DmaPort {
  public:
    virtual ~DmaPort() = default;
    virtual bool request() { return true; }           // the channel's DRQ line
    virtual void write(uint32_t word) { (void)word; } // RAM -> device
    virtual uint32_t read() { return 0xffffffff; }    // device -> RAM
};

class Dma {
  public:
    Dma(Bus& bus, Scheduler& scheduler, Irq& irq) : bus_(bus), scheduler_(scheduler), irq_(irq) {}
    void connect(unsigned channel, DmaPort* port) { ports_[channel] = port; }
    void reset() {}
    uint32_t read(uint32_t addr, unsigned size) {
        (void)addr, (void)size;
        return 0;
    }
    void write(uint32_t addr, uint32_t value, unsigned size) {
        (void)addr, (void)value, (void)size;
    }
    void serialize(savestate::StateIO& io) {
        io.beginSection("dma", 1);
        io.endSection();
    }

  private:
    [[maybe_unused]] Bus& bus_;
    [[maybe_unused]] Scheduler& scheduler_;
    [[maybe_unused]] Irq& irq_;
    std::array<DmaPort*, 7> ports_{};
};

} // namespace core
