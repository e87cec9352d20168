#pragma once
// The host's input sorted onto the two pad ports by what each port holds (pad_devices.h
// HostDrive): the host mouse drives a Mouse (its buttons, while the window has it captured)
// and a GunCon (aim and buttons); ports holding a pad or a multitap take the keyboards' and
// game controllers' input as pad_routing.h routes it (MainWindow::publishInput). Plain logic on the
// GUI thread, no Qt: PointerCapture (pointer_capture.h) feeds it from the presenter window's
// events, and the mouse's motion goes straight to EmuHost.
#include <cstdint>

#include <glm/vec2.hpp>

#include "core/pad_state.h"
#include "pad_devices.h"

namespace app {

class HostPointer {
  public:
    // Host mouse buttons (bit set = held).
    enum Button : unsigned { Left = 1, Right = 2, Middle = 4 };

    // What the running machine's ports hold. Forgets held buttons and the capture.
    void setDrives(HostDrive port1, HostDrive port2);
    HostDrive drive(int port) const { return drives_[port & 1]; }
    bool hasMouse() const {
        return drives_[0] == HostDrive::Mouse || drives_[1] == HostDrive::Mouse;
    }
    bool hasGun() const { return drives_[0] == HostDrive::Gun || drives_[1] == HostDrive::Gun; }
    // The port the keyboard and game controllers drive: the first holding a pad, -1 if none.
    int padPort() const;

    // The window holds the host mouse for the emulated mouse (PointerCapture).
    // The buttons held when the capture starts (and the left button whose click captures)
    // stay the window's until released: the mouse never sees the capturing click.
    void setCaptured(bool captured) {
        captured_ = captured;
        windowButtons_ = captured ? buttons_ | Left : 0;
    }
    bool captured() const { return captured_; }
    void setButtons(unsigned held) {
        buttons_ = held;
        windowButtons_ &= held;
    }
    unsigned buttons() const { return buttons_; }
    // Where the GunCon points, in picture pixels (viewport.h windowToPicture); negative = off
    // the picture.
    void aim(glm::ivec2 picture) { aim_ = picture; }
    glm::ivec2 aimed() const { return aim_; }

    // The input of `port` for the machine, `pad` being the keyboard's and controllers'.
    // Mouse: Left -> left button, Right -> right button (only while captured: the click that
    // captures is not the game's). GunCon: Left -> trigger, Right -> A, Middle -> B, and the
    // aim. Motion is not here: it is accumulated by EmuHost::addMouseMotion.
    core::PadState portState(int port, const core::PadState& pad) const;

  private:
    HostDrive drives_[2] = {HostDrive::Pad, HostDrive::Pad};
    bool captured_ = false;
    unsigned buttons_ = 0;
    unsigned windowButtons_ = 0; // held buttons the mouse does not see (setCaptured)
    glm::ivec2 aim_{-1, -1};
};

} // namespace app
