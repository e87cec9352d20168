#pragma once
// Pad mapping: a keyboard key and a game-controller binding for each pad button. The
// controller column can listen: press a button or push a stick on any controller.
#include <QDialog>
#include <array>

#include "settings.h"

class QComboBox;
class QKeySequenceEdit;
class QPushButton;

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

  private:
    void restoreDefaults();
    std::array<QKeySequenceEdit*, kPadButtons> keyEdits_{};
    std::array<QComboBox*, kPadButtons> padCombos_{};
    int listening_ = -1;
};

} // namespace app
