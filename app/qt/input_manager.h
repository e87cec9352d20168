#pragma once
// Keyboard and SDL2 game controllers (hot-plugged, mapped through SDL's built-in mapping
// database) combined into the digital pad's button bits. Lives on the GUI thread; SDL events
// are polled from a timer.
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
    void setMapping(const std::array<int, kPadButtons>& keys,
                    const std::array<QString, kPadButtons>& padBindings);

    // Analog sticks (a DualShock in port 1): the SDL axis ("axis:leftx", "" = none) for each
    // core::PadState::Axis, the dead zone and sensitivity in percent (pad_devices.h
    // stickByte), and the binding of the Analog button.
    void setAnalogMapping(const std::array<QString, 4>& axes, int deadZonePercent,
                          int sensitivityPercent, const QString& analogButton);
    // Buttons, stick bytes (from the first controller; centred without one) and the Analog
    // button.
    core::PadState padState() const;
    // Rumble: polled every few milliseconds for the motors of the emulated pad (large motor
    // speed in the high byte, small motor on in bit 0) and forwarded to every controller with
    // SDL_GameControllerRumble (large -> low frequency, small -> high frequency). An empty
    // function (or `enabled` false) stops the motors.
    void setRumbleSource(std::function<uint16_t()> source, bool enabled);

    // Returns true when the key is bound to a pad button.
    bool keyEvent(int key, bool pressed);
    void releaseKeys();
    uint16_t buttons() const { return keyButtons_ | padButtons_; }
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
    uint16_t readControllers() const;
    void readSticks(uint8_t (&axes)[4], bool& analogButton) const;
    void updateRumble();

    struct Binding {
        int button = -1; // SDL_GameControllerButton
        int axis = -1;   // SDL_GameControllerAxis
        int sign = 0;    // +1 / -1 for axes
    };
    static Binding parse(const QString& text);

    QTimer timer_;
    bool sdlReady_ = false;
    std::vector<_SDL_GameController*> controllers_;
    std::array<int, kPadButtons> keys_{};
    std::array<Binding, kPadButtons> bindings_{};
    std::vector<int> axisLatched_; // for controllerInput edge detection
    uint16_t keyButtons_ = 0;
    uint16_t padButtons_ = 0;
    std::array<int, 4> stickAxes_{-1, -1, -1, -1}; // SDL_GameControllerAxis per pad axis
    int deadZone_ = 10, sensitivity_ = 100;
    Binding analogBinding_;
    uint8_t axes_[4] = {0x80, 0x80, 0x80, 0x80};
    bool analogHeld_ = false;
    std::function<uint16_t()> rumbleSource_;
    bool rumbleEnabled_ = false;
    uint16_t rumbleSent_ = 0;
    unsigned rumbleTicks_ = 0;
};

} // namespace app
