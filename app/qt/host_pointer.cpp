#include "host_pointer.h"

namespace app {

void HostPointer::setDrives(HostDrive port1, HostDrive port2) {
    drives_[0] = port1;
    drives_[1] = port2;
    captured_ = false;
    buttons_ = 0;
    aim_ = {-1, -1};
}

int HostPointer::padPort() const {
    for (int port = 0; port < 2; ++port)
        if (drives_[port] == HostDrive::Pad) return port;
    return -1;
}

core::PadState HostPointer::portState(int port, const core::PadState& pad) const {
    using B = core::PadState;
    core::PadState state;
    switch (drive(port)) {
    case HostDrive::Pad:
        if (port == padPort()) state = pad;
        state.mouseDx = state.mouseDy = 0;
        state.gunX = state.gunY = -1;
        break;
    case HostDrive::Mouse:
        if (captured_) {
            const unsigned held = buttons_ & ~windowButtons_;
            if (held & Left) state.buttons |= B::MouseLeft;
            if (held & Right) state.buttons |= B::MouseRight;
        }
        break;
    case HostDrive::Gun:
        if (buttons_ & Left) state.buttons |= B::GunTrigger;
        if (buttons_ & Right) state.buttons |= B::GunA;
        if (buttons_ & Middle) state.buttons |= B::GunB;
        // Off the picture both are negative: the gun sees no light.
        const bool on = aim_.x >= 0 && aim_.y >= 0;
        state.gunX = int16_t(on ? aim_.x : -1);
        state.gunY = int16_t(on ? aim_.y : -1);
        break;
    }
    return state;
}

} // namespace app
