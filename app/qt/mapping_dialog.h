#pragma once
// Pad mapping: two keyboard keys (keyboard 1 and keyboard 2) and a game-controller binding for
// each pad button, and who drives each pad socket (pad_routing.h: a port's pad or a multitap
// slot; a keyboard and a controller, "auto" taking the next free controller in plug order).
// The controller column can listen: press a button or push a stick on any controller. With an
// analog device (pad_devices.h), the sticks too: an SDL axis for each of the pad's four axes,
// the dead zone and the sensitivity, and the Analog button.
#include <QDialog>
#include <array>

#include "settings.h"

class QComboBox;
class QKeySequenceEdit;
class QPushButton;
class QSpinBox;

namespace app {

class InputManager;

class MappingDialog : public QDialog {
    Q_OBJECT
  public:
    // `settings` gives the current mapping; `ports` and `taps` what the ports will hold (the
    // sockets listed are those padSockets(ports) gives).
    MappingDialog(const Settings& settings, const std::array<QString, 2>& ports,
                  InputManager& input, QWidget* parent = nullptr);
    std::array<int, kPadButtons> keys() const { return keys(0); }
    std::array<int, kPadButtons> keys2() const { return keys(1); }
    std::array<QString, kPadButtons> padBindings() const;
    // Adds the analog section (sticks, dead zone, sensitivity, Analog button) with these
    // values; `title` names the device(s).
    void addAnalog(const Settings& settings, const QString& title);
    // Everything the dialog shows written into `settings`: both keyboards, the controller
    // bindings, the listed sockets' keyboard and controller, and the analog section if shown.
    void apply(Settings& settings) const;
    // The socket's keyboard and controller choices (null for a socket not listed). For tests.
    QComboBox* socketKeyboard(int socket) const { return socketKeyboard_[size_t(socket)]; }
    QComboBox* socketController(int socket) const { return socketController_[size_t(socket)]; }
    QKeySequenceEdit* keyEdit(int keyboard, int button) const {
        return keyEdits_[size_t(keyboard & 1)][size_t(button)];
    }

  private:
    void restoreDefaults();
    std::array<int, kPadButtons> keys(int keyboard) const;
    std::array<std::array<QKeySequenceEdit*, kPadButtons>, 2> keyEdits_{};
    std::array<QComboBox*, kPadButtons> padCombos_{};
    std::array<QComboBox*, kPadSockets> socketKeyboard_{};
    std::array<QComboBox*, kPadSockets> socketController_{};
    int listening_ = -1;
    std::array<QComboBox*, 4> stickCombos_{};
    QSpinBox* deadZone_ = nullptr;
    QSpinBox* sensitivity_ = nullptr;
    QComboBox* analogButton_ = nullptr;
    int analogAt_ = 0; // where the analog section goes in the dialog's layout
};

} // namespace app
