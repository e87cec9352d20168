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
}

InputManager::~InputManager() {
    for (SDL_GameController* c : controllers_)
        SDL_GameControllerClose(c);
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
    keys_ = keys;
    for (int i = 0; i < kPadButtons; ++i)
        bindings_[i] = parse(padBindings[i]);
    releaseKeys();
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

core::PadState InputManager::padState() const {
    core::PadState state;
    state.buttons = buttons();
    for (int i = 0; i < 4; ++i)
        state.axes[i] = axes_[i];
    state.analogButton = analogHeld_;
    return state;
}

void InputManager::readSticks(uint8_t (&axes)[4], bool& analogButton) const {
    for (int i = 0; i < 4; ++i)
        axes[i] = 0x80;
    analogButton = false;
    if (controllers_.empty()) return;
    SDL_GameController* c = controllers_.front();
    for (int i = 0; i < 4; ++i)
        if (stickAxes_[size_t(i)] >= 0)
            axes[i] = stickByte(
                SDL_GameControllerGetAxis(c, SDL_GameControllerAxis(stickAxes_[size_t(i)])),
                deadZone_, sensitivity_);
    if (analogBinding_.button >= 0)
        analogButton =
            SDL_GameControllerGetButton(c, SDL_GameControllerButton(analogBinding_.button));
    else if (analogBinding_.axis >= 0)
        analogButton = SDL_GameControllerGetAxis(c, SDL_GameControllerAxis(analogBinding_.axis)) *
                           analogBinding_.sign >
                       kAxisThreshold;
}

void InputManager::setRumbleSource(std::function<uint16_t()> source, bool enabled) {
    rumbleSource_ = std::move(source);
    rumbleEnabled_ = enabled;
}

void InputManager::updateRumble() {
    // Every 8th poll (about 32 ms); a running motor is renewed for 100 ms each time, so it
    // stops by itself if the emulation stops asking.
    if (++rumbleTicks_ % 8 != 0) return;
    const uint16_t motors = rumbleEnabled_ && rumbleSource_ ? rumbleSource_() : 0;
    if (motors == rumbleSent_ && motors == 0) return;
    const Uint16 low = Uint16((motors >> 8) * 257); // large motor: 00h..FFh
    const Uint16 high = (motors & 1) ? 0xffff : 0;  // small motor: on/off
    for (SDL_GameController* c : controllers_)
        SDL_GameControllerRumble(c, low, high, 100);
    rumbleSent_ = motors;
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
    const uint16_t before = buttons();
    for (int i = 0; i < kPadButtons; ++i) {
        if (keys_[i] == 0 || keys_[i] != key) continue;
        mapped = true;
        if (pressed)
            keyButtons_ |= padButtons()[i].bit;
        else
            keyButtons_ &= uint16_t(~padButtons()[i].bit);
    }
    if (buttons() != before) Q_EMIT buttonsChanged(buttons());
    return mapped;
}

void InputManager::releaseKeys() {
    const uint16_t before = buttons();
    keyButtons_ = 0;
    if (buttons() != before) Q_EMIT buttonsChanged(buttons());
}

QStringList InputManager::controllerNames() const {
    QStringList names;
    for (SDL_GameController* c : controllers_) {
        const char* name = SDL_GameControllerName(c);
        names << QString::fromUtf8(name ? name : "Unknown controller");
    }
    return names;
}

void InputManager::openController(int deviceIndex) {
    if (!SDL_IsGameController(deviceIndex)) return;
    SDL_GameController* c = SDL_GameControllerOpen(deviceIndex);
    if (!c) return;
    const SDL_JoystickID id = SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(c));
    for (SDL_GameController* existing : controllers_)
        if (SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(existing)) == id) {
            SDL_GameControllerClose(c);
            return;
        }
    controllers_.push_back(c);
    Q_EMIT controllersChanged();
}

void InputManager::closeController(int instanceId) {
    for (auto it = controllers_.begin(); it != controllers_.end(); ++it) {
        if (SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(*it)) == instanceId) {
            SDL_GameControllerClose(*it);
            controllers_.erase(it);
            Q_EMIT controllersChanged();
            return;
        }
    }
}

uint16_t InputManager::readControllers() const {
    uint16_t bits = 0;
    for (SDL_GameController* c : controllers_) {
        for (int i = 0; i < kPadButtons; ++i) {
            const Binding& b = bindings_[i];
            bool held = false;
            if (b.button >= 0)
                held = SDL_GameControllerGetButton(c, SDL_GameControllerButton(b.button));
            else if (b.axis >= 0)
                held = SDL_GameControllerGetAxis(c, SDL_GameControllerAxis(b.axis)) * b.sign >
                       kAxisThreshold;
            if (held) bits |= padButtons()[i].bit;
        }
    }
    return bits;
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
    const uint16_t bits = readControllers();
    uint8_t axes[4];
    bool analog = false;
    readSticks(axes, analog);
    const bool sticksChanged = std::memcmp(axes, axes_, sizeof(axes)) != 0 || analog != analogHeld_;
    std::memcpy(axes_, axes, sizeof(axes));
    analogHeld_ = analog;
    if (bits != padButtons_ || sticksChanged) {
        padButtons_ = bits;
        Q_EMIT buttonsChanged(buttons());
    }
    updateRumble();
}

} // namespace app
