#include "input_manager.h"

#include <SDL.h>
#include <cstring>

#include "pad_devices.h"

namespace app {

namespace {
constexpr int kAxisThreshold = 16384; // half deflection
}

InputManager::InputManager(QObject* parent) : QObject(parent) {
    connect(&timer_, &QTimer::timeout, this, &InputManager::poll);
    reroute();
}

InputManager::~InputManager() {
    for (const Pad& p : controllers_)
        SDL_GameControllerClose(p.controller);
    if (sdlReady_) SDL_QuitSubSystem(SDL_INIT_GAMECONTROLLER);
}

bool InputManager::initControllers(QString& error) {
    // No SDL window exists: controller events must arrive while a Qt window has focus.
    SDL_SetHint(SDL_HINT_JOYSTICK_ALLOW_BACKGROUND_EVENTS, "1");
    if (SDL_InitSubSystem(SDL_INIT_GAMECONTROLLER) != 0) {
        error = QString::fromUtf8(SDL_GetError());
        return false;
    }
    sdlReady_ = true;
    // Devices present at start arrive as SDL_CONTROLLERDEVICEADDED events too.
    timer_.start(4);
    return true;
}

void InputManager::setMapping(const std::array<int, kPadButtons>& keys,
                              const std::array<QString, kPadButtons>& padBindings) {
    keys_[0] = keys;
    for (int i = 0; i < kPadButtons; ++i)
        bindings_[i] = parse(padBindings[i]);
    releaseKeys();
}

void InputManager::setSecondKeys(const std::array<int, kPadButtons>& keys) {
    keys_[1] = keys;
    releaseKeys();
}

void InputManager::setRouting(const std::array<bool, kPadSockets>& padSockets,
                              const std::array<int, kPadSockets>& keyboard,
                              const std::array<int, kPadSockets>& controller) {
    padSockets_ = padSockets;
    socketKeyboard_ = keyboard;
    socketController_ = controller;
    reroute();
    Q_EMIT buttonsChanged(buttons());
}

void InputManager::reroute() {
    route_ = routeInput(padSockets_, socketKeyboard_, socketController_, int(controllers_.size()));
}

void InputManager::setAnalogMapping(const std::array<QString, 4>& axes, int deadZonePercent,
                                    int sensitivityPercent, const QString& analogButton) {
    for (int i = 0; i < 4; ++i) {
        stickAxes_[size_t(i)] = -1;
        if (axes[size_t(i)].startsWith("axis:"))
            stickAxes_[size_t(i)] =
                SDL_GameControllerGetAxisFromString(axes[size_t(i)].mid(5).toLatin1().constData());
    }
    deadZone_ = deadZonePercent;
    sensitivity_ = sensitivityPercent;
    analogBinding_ = parse(analogButton);
}

core::PadState InputManager::socketState(int socket) const {
    core::PadState state;
    if (socket < 0 || socket >= kPadSockets) return state;
    const unsigned keyboards = route_.keyboards[size_t(socket)];
    for (int k = 0; k < 2; ++k)
        if (keyboards & (1u << k)) state.buttons |= keyButtons_[k];
    const int c = route_.controller[size_t(socket)];
    if (c >= 0 && size_t(c) < controllers_.size()) {
        const Pad& pad = controllers_[size_t(c)];
        state.buttons |= pad.buttons;
        for (int i = 0; i < 4; ++i)
            state.axes[i] = pad.axes[i];
        state.analogButton = pad.analog;
    }
    return state;
}

core::PadState InputManager::padState() const {
    for (int socket = 0; socket < kPadSockets; ++socket)
        if (padSockets_[size_t(socket)]) return socketState(socket);
    return {};
}

void InputManager::readController(Pad& pad) const {
    SDL_GameController* c = pad.controller;
    pad.buttons = 0;
    for (int i = 0; i < kPadButtons; ++i) {
        const Binding& b = bindings_[i];
        bool held = false;
        if (b.button >= 0)
            held = SDL_GameControllerGetButton(c, SDL_GameControllerButton(b.button));
        else if (b.axis >= 0)
            held = SDL_GameControllerGetAxis(c, SDL_GameControllerAxis(b.axis)) * b.sign >
                   kAxisThreshold;
        if (held) pad.buttons |= padButtons()[i].bit;
    }
    for (int i = 0; i < 4; ++i)
        pad.axes[i] = stickAxes_[size_t(i)] >= 0
                          ? stickByte(SDL_GameControllerGetAxis(
                                          c, SDL_GameControllerAxis(stickAxes_[size_t(i)])),
                                      deadZone_, sensitivity_)
                          : uint8_t(0x80);
    pad.analog = false;
    if (analogBinding_.button >= 0)
        pad.analog =
            SDL_GameControllerGetButton(c, SDL_GameControllerButton(analogBinding_.button));
    else if (analogBinding_.axis >= 0)
        pad.analog = SDL_GameControllerGetAxis(c, SDL_GameControllerAxis(analogBinding_.axis)) *
                         analogBinding_.sign >
                     kAxisThreshold;
}

void InputManager::setRumbleSource(std::function<uint16_t(int)> source, bool enabled) {
    rumbleSource_ = std::move(source);
    rumbleEnabled_ = enabled;
}

void InputManager::updateRumble() {
    // Every 8th poll (about 32 ms); a running motor is renewed for 100 ms each time, so it
    // stops by itself if the emulation stops asking. Each controller feels its own socket's
    // motors.
    if (++rumbleTicks_ % 8 != 0) return;
    for (size_t i = 0; i < controllers_.size(); ++i) {
        Pad& pad = controllers_[i];
        const int socket = i < route_.socketOfController.size() ? route_.socketOfController[i] : -1;
        const uint16_t motors =
            rumbleEnabled_ && rumbleSource_ && socket >= 0 ? rumbleSource_(socket) : 0;
        if (motors == pad.rumbleSent && motors == 0) continue;
        const Uint16 low = Uint16((motors >> 8) * 257); // large motor: 00h..FFh
        const Uint16 high = (motors & 1) ? 0xffff : 0;  // small motor: on/off
        SDL_GameControllerRumble(pad.controller, low, high, 100);
        pad.rumbleSent = motors;
    }
}

InputManager::Binding InputManager::parse(const QString& text) {
    Binding b;
    if (text.startsWith("button:")) {
        b.button = SDL_GameControllerGetButtonFromString(text.mid(7).toLatin1().constData());
    } else if (text.startsWith("axis:") && text.size() > 6) {
        const QChar sign = text.back();
        b.axis = SDL_GameControllerGetAxisFromString(
            text.mid(5, text.size() - 6).toLatin1().constData());
        b.sign = sign == '-' ? -1 : 1;
        if (b.axis < 0) b.sign = 0;
    }
    return b;
}

QStringList InputManager::allBindings() {
    QStringList out;
    for (int b = 0; b < SDL_CONTROLLER_BUTTON_MAX; ++b)
        if (const char* name = SDL_GameControllerGetStringForButton(SDL_GameControllerButton(b)))
            out << QString("button:%1").arg(name);
    for (int a = 0; a < SDL_CONTROLLER_AXIS_MAX; ++a)
        if (const char* name = SDL_GameControllerGetStringForAxis(SDL_GameControllerAxis(a))) {
            out << QString("axis:%1+").arg(name);
            if (a < SDL_CONTROLLER_AXIS_TRIGGERLEFT) out << QString("axis:%1-").arg(name);
        }
    return out;
}

bool InputManager::keyEvent(int key, bool pressed) {
    bool mapped = false;
    bool changed = false;
    for (int k = 0; k < 2; ++k) {
        const uint16_t before = keyButtons_[k];
        for (int i = 0; i < kPadButtons; ++i) {
            if (keys_[k][i] == 0 || keys_[k][i] != key) continue;
            mapped = true;
            if (pressed)
                keyButtons_[k] |= padButtons()[i].bit;
            else
                keyButtons_[k] &= uint16_t(~padButtons()[i].bit);
        }
        changed = changed || keyButtons_[k] != before;
    }
    if (changed) Q_EMIT buttonsChanged(buttons());
    return mapped;
}

void InputManager::releaseKeys() {
    const bool held = keyButtons_[0] || keyButtons_[1];
    keyButtons_[0] = keyButtons_[1] = 0;
    if (held) Q_EMIT buttonsChanged(buttons());
}

QStringList InputManager::controllerNames() const {
    QStringList names;
    for (const Pad& p : controllers_) {
        const char* name = SDL_GameControllerName(p.controller);
        names << QString::fromUtf8(name ? name : "Unknown controller");
    }
    return names;
}

void InputManager::openController(int deviceIndex) {
    if (!SDL_IsGameController(deviceIndex)) return;
    SDL_GameController* c = SDL_GameControllerOpen(deviceIndex);
    if (!c) return;
    const SDL_JoystickID id = SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(c));
    for (const Pad& existing : controllers_)
        if (SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(existing.controller)) == id) {
            SDL_GameControllerClose(c);
            return;
        }
    Pad pad;
    pad.controller = c;
    controllers_.push_back(pad);
    reroute();
    Q_EMIT controllersChanged();
}

void InputManager::closeController(int instanceId) {
    for (auto it = controllers_.begin(); it != controllers_.end(); ++it) {
        if (SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(it->controller)) == instanceId) {
            SDL_GameControllerClose(it->controller);
            controllers_.erase(it);
            reroute();
            Q_EMIT controllersChanged();
            Q_EMIT buttonsChanged(buttons());
            return;
        }
    }
}

void InputManager::poll() {
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        switch (e.type) {
        case SDL_CONTROLLERDEVICEADDED: openController(e.cdevice.which); break;
        case SDL_CONTROLLERDEVICEREMOVED: closeController(e.cdevice.which); break;
        case SDL_CONTROLLERBUTTONDOWN:
            if (const char* name = SDL_GameControllerGetStringForButton(
                    SDL_GameControllerButton(e.cbutton.button)))
                Q_EMIT controllerInput(QString("button:%1").arg(name));
            break;
        case SDL_CONTROLLERAXISMOTION: {
            const int axis = e.caxis.axis;
            if (axisLatched_.size() <= size_t(axis)) axisLatched_.resize(axis + 1, 0);
            const int dir = e.caxis.value > kAxisThreshold    ? 1
                            : e.caxis.value < -kAxisThreshold ? -1
                                                              : 0;
            if (dir != 0 && axisLatched_[axis] != dir) {
                if (const char* name =
                        SDL_GameControllerGetStringForAxis(SDL_GameControllerAxis(axis)))
                    Q_EMIT controllerInput(QString("axis:%1%2").arg(name).arg(dir > 0 ? '+' : '-'));
            }
            axisLatched_[axis] = dir;
            break;
        }
        default: break;
        }
    }
    bool changed = false;
    for (Pad& pad : controllers_) {
        const Pad before = pad;
        readController(pad);
        changed = changed || pad.buttons != before.buttons || pad.analog != before.analog ||
                  std::memcmp(pad.axes, before.axes, sizeof(pad.axes)) != 0;
    }
    if (changed) Q_EMIT buttonsChanged(buttons());
    updateRumble();
}

} // namespace app
