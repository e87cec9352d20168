#pragma once
// Pad mapping: a keyboard key and a game-controller binding for each pad button. The
// controller column can listen: press a button or push a stick on any controller. With an
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
    MappingDialog(const std::array<int, kPadButtons>& keys,
                  const std::array<QString, kPadButtons>& pad, InputManager& input,
                  QWidget* parent = nullptr);
    std::array<int, kPadButtons> keys() const;
    std::array<QString, kPadButtons> padBindings() const;
    // Adds the analog section (sticks, dead zone, sensitivity, Analog button) with these
    // values; `title` names the device.
    void addAnalog(const Settings& settings, const QString& title);
    // The analog section's values written into `settings` (unchanged without the section).
    void applyAnalog(Settings& settings) const;

  private:
    void restoreDefaults();
    std::array<QKeySequenceEdit*, kPadButtons> keyEdits_{};
    std::array<QComboBox*, kPadButtons> padCombos_{};
    int listening_ = -1;
    std::array<QComboBox*, 4> stickCombos_{};
    QSpinBox* deadZone_ = nullptr;
    QSpinBox* sensitivity_ = nullptr;
    QComboBox* analogButton_ = nullptr;
    int analogAt_ = 0; // where the analog section goes in the dialog's layout
};

} // namespace app
