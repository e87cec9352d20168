#include "core/pads/controller.h"

namespace core {

const char* Controller::typeName(Type t) {
    switch (t) {
    case Type::Digital: return "digital";
    case Type::DualShock: return "dualshock";
    case Type::AnalogJoystick: return "analog-joystick";
    case Type::Mouse: return "mouse";
    case Type::GunCon: return "guncon";
    }
    return "?";
}

void Controller::reset() {
    digital_.reset();
    dualShock_.reset(); // powered up with the console: digital mode
    joystick_.reset();
    mouse_.reset();
    gun_.reset();
}

void Controller::setInput(const PadState& pad) {
    pad_ = pad;
    switch (type_) {
    case Type::DualShock: dualShock_.setInput(pad); break;
    case Type::Mouse: mouse_.setInput(pad); break;
    default: break;
    }
}

uint8_t Controller::idLow() const {
    switch (type_) {
    case Type::Digital: return DigitalPad::kIdLow;
    case Type::DualShock: {
        const DualShock::State& s = dualShock_.state();
        return s.config ? DualShock::kIdConfig
                        : (s.analog ? DualShock::kIdAnalog : DualShock::kIdDigital);
    }
    case Type::AnalogJoystick: return AnalogJoystick::kIdLow;
    case Type::Mouse: return Mouse::kIdLow;
    case Type::GunCon: return GunCon::kIdLow;
    }
    return 0xff;
}

void Controller::select() {
    switch (type_) {
    case Type::Digital: digital_.select(); return;
    case Type::DualShock: dualShock_.select(); return;
    case Type::AnalogJoystick: joystick_.select(); return;
    case Type::Mouse: mouse_.select(); return;
    case Type::GunCon: gun_.select(); return;
    }
}

uint8_t Controller::exchange(uint8_t tx, bool& ack, bool& done) {
    switch (type_) {
    case Type::Digital: return digital_.exchange(tx, pad_, ack, done);
    case Type::DualShock: return dualShock_.exchange(tx, pad_, ack, done);
    case Type::AnalogJoystick: return joystick_.exchange(tx, pad_, ack, done);
    case Type::Mouse: return mouse_.exchange(tx, pad_, ack, done);
    case Type::GunCon: return gun_.exchange(tx, pad_, ack, done);
    }
    ack = false;
    done = true;
    return 0xff;
}

void Controller::serializeFields(savestate::StateIO& io, uint32_t index) {
    // Every kind's state is kept, so a state stores what each would answer; only the plugged
    // one changes during a run.
    digital_.serializeFields(io, index);
    dualShock_.serializeFields(io, index);
    joystick_.serializeFields(io, index);
    mouse_.serializeFields(io, index);
    gun_.serializeFields(io, index);
}

} // namespace core
