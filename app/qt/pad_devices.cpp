#include "pad_devices.h"

#include <algorithm>
#include <cmath>

namespace app {

const std::vector<PadDeviceInfo>& padDevices() {
    static const std::vector<PadDeviceInfo> devices = {
        {"digital", "Digital pad (SCPH-1080)", core::Sio0::PadType::Digital, false, false,
         HostDrive::Pad},
        {"dualshock", "DualShock (SCPH-1200)", core::Sio0::PadType::DualShock, true, true,
         HostDrive::Pad},
        {"analog-joystick", "Analog joystick (SCPH-1110)", core::Sio0::PadType::AnalogJoystick,
         true, false, HostDrive::Pad},
        {"mouse", "Mouse (SCPH-1090)", core::Sio0::PadType::Mouse, false, false, HostDrive::Mouse},
        {"guncon", "GunCon (NPC-103)", core::Sio0::PadType::GunCon, false, false, HostDrive::Gun},
    };
    return devices;
}

const PadDeviceInfo& padDevice(const QString& id) {
    for (const PadDeviceInfo& d : padDevices())
        if (id == QLatin1String(d.id)) return d;
    return padDevices().front();
}

const PadDeviceInfo& padDevice(core::Sio0::PadType type) {
    for (const PadDeviceInfo& d : padDevices())
        if (d.type == type) return d;
    return padDevices().front();
}

uint8_t stickByte(int raw, int deadZonePercent, int sensitivityPercent) {
    const double v = std::clamp(raw / 32767.0, -1.0, 1.0);
    const double dead = std::clamp(deadZonePercent, 0, 90) / 100.0;
    const double magnitude = std::abs(v);
    if (magnitude <= dead) return 0x80;
    double scaled = (magnitude - dead) / (1.0 - dead) * std::max(sensitivityPercent, 0) / 100.0;
    scaled = std::min(scaled, 1.0);
    // 80h + 7Fh to the right/down, 80h - 80h to the left/up.
    const double out = v > 0 ? 128.0 + scaled * 127.0 : 128.0 - scaled * 128.0;
    return uint8_t(std::lround(out));
}

} // namespace app
