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
        {"multitap", "Multitap (SCPH-1070), four slots", core::Sio0::PadType::Multitap, false,
         false, HostDrive::Pad},
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

std::vector<const PadDeviceInfo*> tapSlotDevices() {
    std::vector<const PadDeviceInfo*> out;
    for (const PadDeviceInfo& d : padDevices())
        if (d.drive == HostDrive::Pad && d.type != core::Sio0::PadType::Multitap) out.push_back(&d);
    return out;
}

const PadDeviceInfo& tapSlotDevice(const QString& id) {
    for (const PadDeviceInfo* d : tapSlotDevices())
        if (id == QLatin1String(d->id)) return *d;
    return padDevices().front();
}

core::Controller::Type controllerType(const PadDeviceInfo& device) {
    using P = core::Sio0::PadType;
    using C = core::Controller::Type;
    switch (device.type) {
    case P::DualShock: return C::DualShock;
    case P::AnalogJoystick: return C::AnalogJoystick;
    case P::Mouse: return C::Mouse;
    case P::GunCon: return C::GunCon;
    case P::Digital:
    case P::Multitap: break;
    }
    return C::Digital;
}

bool isMultitap(const QString& id) {
    return padDevice(id).type == core::Sio0::PadType::Multitap;
}

std::array<bool, kPadSockets> padSockets(const std::array<QString, 2>& ports) {
    std::array<bool, kPadSockets> out{};
    for (int port = 0; port < 2; ++port) {
        const PadDeviceInfo& d = padDevice(ports[size_t(port)]);
        if (d.drive != HostDrive::Pad) continue;
        const int sockets = d.type == core::Sio0::PadType::Multitap ? 4 : 1;
        for (int slot = 0; slot < sockets; ++slot)
            out[size_t(socketOf(port, slot))] = true;
    }
    return out;
}

std::array<bool, kPadSockets> analogSockets(const std::array<QString, 2>& ports,
                                            const std::array<std::array<QString, 4>, 2>& taps) {
    std::array<bool, kPadSockets> out{};
    for (int port = 0; port < 2; ++port) {
        if (isMultitap(ports[size_t(port)])) {
            for (int slot = 0; slot < 4; ++slot)
                out[size_t(socketOf(port, slot))] =
                    tapSlotDevice(taps[size_t(port)][size_t(slot)]).analog;
        } else {
            out[size_t(socketOf(port, 0))] = padDevice(ports[size_t(port)]).analog;
        }
    }
    return out;
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
