#pragma once
// Two keyboard mappings and SDL2 game controllers (hot-plugged, mapped through SDL's built-in
// mapping database) turned into the input of each pad socket (pad_routing.h: a port's pad or a
// multitap slot). Lives on the GUI thread; SDL events are polled from a timer.
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/pad_state.h"

#include "settings.h"

struct _SDL_GameController;

namespace app {

class InputManager : public QObject {
    Q_OBJECT
  public:
    explicit InputManager(QObject* parent = nullptr);
    ~InputManager() override;

    // Starts SDL's game controller subsystem; false (with the reason) leaves keyboard only.
    bool initControllers(QString& error);
    // Keyboard 1's keys and the bindings every game controller uses.
    void setMapping(const std::array<int, kPadButtons>& keys,
                    const std::array<QString, kPadButtons>& padBindings);
    // Keyboard 2's keys (0 = unbound).
    void setSecondKeys(const std::array<int, kPadButtons>& keys);
    // Which sockets hold a pad the host drives and who drives each (pad_routing.h routeInput);
    // controllers are routed again whenever one is plugged in or out. Default: ports 1 and 2
    // hold pads, keyboard 1 drives port 1, keyboard 2 port 2, controllers in plug order.
    void setRouting(const std::array<bool, kPadSockets>& padSockets,
                    const std::array<int, kPadSockets>& keyboard,
                    const std::array<int, kPadSockets>& controller);
    const InputRoute& route() const { return route_; }

    // Analog sticks (of every analog device a controller drives): the SDL axis ("axis:leftx", "" =
    // none) for each core::PadState::Axis, the dead zone and sensitivity in percent (pad_devices.h
    // stickByte), and the binding of the Analog button.
    void setAnalogMapping(const std::array<QString, 4>& axes, int deadZonePercent,
                          int sensitivityPercent, const QString& analogButton);
    // A socket's buttons (its keyboards' and its controller's), stick bytes (its controller's;
    // centred without one) and the Analog button.
    core::PadState socketState(int socket) const;
    // The first pad socket's (port 1's pad by default).
    core::PadState padState() const;
    // Rumble: polled every few milliseconds for the motors of the emulated pad in a socket
    // (large motor speed in the high byte, small motor on in bit 0) and forwarded to the
    // controller driving that socket with SDL_GameControllerRumble (large -> low frequency,
    // small -> high frequency). An empty function (or `enabled` false) stops the motors.
    void setRumbleSource(std::function<uint16_t(int socket)> source, bool enabled);

    // Returns true when the key is bound to a pad button.
    bool keyEvent(int key, bool pressed);
    void releaseKeys();
    uint16_t buttons() const { return padState().buttons; }
    // Connected controllers in plug order (controller N of the settings is entry N - 1).
    QStringList controllerNames() const;

    // Every binding string the mapping dialog offers ("button:a", "axis:leftx-", ...).
    static QStringList allBindings();
    // Handles pending SDL events now (the timer does this every 4 ms).
    void pollNow() { poll(); }

  Q_SIGNALS:
    // The buttons changed, or a stick or the Analog button (padState() has them all).
    void buttonsChanged(quint16 buttons);
    void controllersChanged();
    // A controller button pressed or axis pushed past half way (for the mapping dialog).
    void controllerInput(QString binding);

  private:
    void poll();
    void openController(int deviceIndex);
    void closeController(int instanceId);
    void reroute();
    struct Pad;
    // Buttons, sticks and the Analog button of one controller as the bindings read them.
    void readController(Pad& pad) const;
    void updateRumble();

    struct Binding {
        int button = -1; // SDL_GameControllerButton
        int axis = -1;   // SDL_GameControllerAxis
        int sign = 0;    // +1 / -1 for axes
    };
    static Binding parse(const QString& text);

    struct Pad {
        _SDL_GameController* controller = nullptr;
        uint16_t buttons = 0;
        uint8_t axes[4] = {0x80, 0x80, 0x80, 0x80};
        bool analog = false;
        uint16_t rumbleSent = 0;
    };

    QTimer timer_;
    bool sdlReady_ = false;
    std::vector<Pad> controllers_; // plug order
    std::array<std::array<int, kPadButtons>, 2> keys_{};
    std::array<Binding, kPadButtons> bindings_{};
    std::vector<int> axisLatched_;    // for controllerInput edge detection
    uint16_t keyButtons_[2] = {0, 0}; // per keyboard
    std::array<bool, kPadSockets> padSockets_{true, false, false, false, true};
    std::array<int, kPadSockets> socketKeyboard_{1, 0, 0, 0, 2};
    std::array<int, kPadSockets> socketController_{-1, -1, -1, -1, -1, -1, -1, -1};
    InputRoute route_;
    std::array<int, 4> stickAxes_{-1, -1, -1, -1}; // SDL_GameControllerAxis per pad axis
    int deadZone_ = 10, sensitivity_ = 100;
    Binding analogBinding_;
    std::function<uint16_t(int)> rumbleSource_;
    bool rumbleEnabled_ = false;
    unsigned rumbleTicks_ = 0;
};

} // namespace app
