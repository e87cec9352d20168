#pragma once
// The devices a pad port can hold, as the settings and the mapping dialog list them. Data, not
// code: a device the core learns (core/sio0.h PadType) is one more row here.
#include <QString>
#include <array>
#include <cstdint>
#include <vector>

#include "core/sio0.h"
#include "pad_routing.h"

namespace app {

// What on the host drives a port's device: the keyboard and game controllers (a pad), the
// host mouse's motion (captured by the window) or the host mouse's position over the picture.
enum class HostDrive { Pad, Mouse, Gun };

struct PadDeviceInfo {
    const char* id;   // settings value ("digital", "dualshock", "mouse", "guncon")
    const char* name; // shown to the user
    core::Sio0::PadType type;
    bool analog; // has sticks (the mapping dialog's axes)
    bool rumble; // has motors (forwarded to SDL game controllers)
    HostDrive drive;
};
const std::vector<PadDeviceInfo>& padDevices();
// The device with `id`; the digital pad for an unknown id (an INI file from a newer build).
const PadDeviceInfo& padDevice(const QString& id);
// The device row of a core type (the digital pad's for a type the list lacks).
const PadDeviceInfo& padDevice(core::Sio0::PadType type);

// What a multitap slot can hold in the app: the devices the keyboard and game controllers
// drive (the host mouse drives only a Mouse or GunCon in a port of its own).
std::vector<const PadDeviceInfo*> tapSlotDevices();
// The slot device with `id`; the digital pad for any other id.
const PadDeviceInfo& tapSlotDevice(const QString& id);
// The core's controller type of a slot device.
core::Controller::Type controllerType(const PadDeviceInfo& device);
// The sockets (pad_routing.h) whose device the keyboard and game controllers drive: slot A of a
// port holding a pad, every slot of a port holding a multitap.
std::array<bool, kPadSockets> padSockets(const std::array<QString, 2>& ports);
// The sockets whose device has sticks (pad_devices.h `analog`), likewise.
std::array<bool, kPadSockets> analogSockets(const std::array<QString, 2>& ports,
                                            const std::array<std::array<QString, 4>, 2>& taps);
bool isMultitap(const QString& id);

// A stick axis from SDL (-32768..32767) to the pad's byte (00h left/up, 80h centre, FFh
// right/down; controllersandmemorycards.md "Analog Joypad Range"): inside the dead zone
// (percent of full deflection) it is centred, outside it the rest of the range is scaled to
// full deflection and multiplied by the sensitivity (percent), clamped at the ends.
uint8_t stickByte(int raw, int deadZonePercent, int sensitivityPercent);

} // namespace app
