#pragma once
// The machine's list of devices (core/device.h): System adds each device once, in the order of
// their state sections; the registry maps their I/O ranges into the bus, plugs their DMA ports
// into the controller, and resets and serialises them in that order.
#include <vector>

#include "core/device.h"
#include "savestate/state_io.h"

namespace core {

class Bus;
class Dma;

class DeviceRegistry {
  public:
    // Registration order is the order of the state sections (and of the power-on reset):
    // changing it changes the state bytes, and older saved states stop loading.
    void add(const DeviceInfo& device) { devices_.push_back(device); }
    // Every I/O range into the bus, every DMA port into the controller.
    void connect(Bus& bus, Dma& dma) const;
    void reset() const;
    void serialize(savestate::StateIO& io) const;
    const std::vector<DeviceInfo>& devices() const { return devices_; }

  private:
    std::vector<DeviceInfo> devices_;
};

} // namespace core
