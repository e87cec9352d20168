#include "core/device_registry.h"

#include "core/bus.h"
#include "core/dma.h"

namespace core {

void DeviceRegistry::connect(Bus& bus, Dma& dma) const {
    for (const DeviceInfo& d : devices_) {
        bus.map(d);
        dma.connect(d);
    }
}

void DeviceRegistry::reset() const {
    for (const DeviceInfo& d : devices_)
        if (d.reset) d.reset(d.self);
}

void DeviceRegistry::serialize(savestate::StateIO& io) const {
    for (const DeviceInfo& d : devices_)
        if (d.serialize) d.serialize(d.self, io);
}

} // namespace core
