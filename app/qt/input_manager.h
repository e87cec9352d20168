#pragma once
// Keyboard and SDL2 game controllers (hot-plugged, mapped through SDL's built-in mapping
// database) combined into the digital pad's button bits. Lives on the GUI thread; SDL events
// are polled from a timer.
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <array>
#include <cstdint>
#include <vector>

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
    void buttonsChanged(quint16 buttons);
    void controllersChanged();
    // A controller button pressed or axis pushed past half way (for the mapping dialog).
    void controllerInput(QString binding);

  private:
    void poll();
    void openController(int deviceIndex);
    void closeController(int instanceId);
    uint16_t readControllers() const;

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
};

} // namespace app
