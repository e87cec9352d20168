#pragma once
// One controller socket: a port of SIO0 or a slot of a multitap, and the controller plugged
// into it. It holds every kind of controller and passes the transfer to the one plugged in
// (a switch, not a virtual call: each kind is a plain class of its own).
#include <cstdint>

#include "core/pad_state.h"
#include "core/pads/analog_joystick.h"
#include "core/pads/digital_pad.h"
#include "core/pads/dualshock.h"
#include "core/pads/guncon.h"
#include "core/pads/mouse.h"
#include "savestate/state_io.h"

namespace core {

class Controller {
  public:
    // What is plugged in; the numbers are stored in savestates.
    enum class Type : uint8_t {
        Digital = 0,        // SCPH-1080
        DualShock = 1,      // SCPH-1200
        AnalogJoystick = 2, // SCPH-1110
        Mouse = 3,          // SCPH-1090
        GunCon = 4,         // NPC-103
    };
    static constexpr uint8_t kTypeCount = 5;
    static const char* typeName(Type t);

    // Plugs a controller of `type` in, powered up.
    void plug(Type type) {
        type_ = type;
        reset();
    }
    Type type() const { return type_; }
    // Power-on state of every controller (the console's reset).
    void reset();
    // The host's input for the frame (buttons, sticks, motion; whether anything is plugged).
    void setInput(const PadState& pad);
    const PadState& input() const { return pad_; }
    bool connected() const { return pad_.connected; }
    // A GunCon takes the coordinates of the picture point it is aimed at.
    void latchSight(const gpu::DisplaySettings& display) {
        if (type_ == Type::GunCon) gun_.latch(GunCon::sight(display, pad_.gunX, pad_.gunY));
    }
    // The controller's ID low byte now (its mode), without touching its state.
    uint8_t idLow() const;

    // Address byte 01h accepted: the transfer goes on with the command byte.
    void select();
    // One byte after the address (see core/pads/standard_reply.h): /ACK follows if `ack`;
    // `done` ends the transfer.
    uint8_t exchange(uint8_t tx, bool& ack, bool& done);

    // Where a GunCon asks for the beam position (wiring, not state).
    void setBeamSource(const GunCon::BeamSource* source) { gun_.setBeamSource(source); }

    const DualShock& dualShock() const { return dualShock_; }
    const DigitalPad& digitalPad() const { return digital_; }
    DigitalPad& digitalPad() { return digital_; }
    const Mouse& mouse() const { return mouse_; }
    const GunCon& gunCon() const { return gun_; }

    // Named fields of socket `index` (0/1: the ports, as in "sio0" version 3; 2..: multitap
    // slots). The type is stored by the owner (Sio0).
    void serializeFields(savestate::StateIO& io, uint32_t index);

  private:
    Type type_ = Type::Digital; // plugged in: machine configuration, stored in states
    PadState pad_;              // host input, not machine state
    DigitalPad digital_;
    DualShock dualShock_;
    AnalogJoystick joystick_;
    Mouse mouse_;
    GunCon gun_;
};

} // namespace core
