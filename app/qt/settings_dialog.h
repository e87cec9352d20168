#pragma once
// The settings dialog: BIOS, video, audio, controllers and hotkeys. Works on a copy; the
// caller applies result() on accept.
#include <QDialog>
#include <array>

#include "settings.h"

class QCheckBox;
class QComboBox;
class QKeySequenceEdit;
class QLineEdit;
class QRadioButton;
class QSlider;
class QSpinBox;

namespace app {

class InputManager;
class SavestateSettingsPage;

class SettingsDialog : public QDialog {
    Q_OBJECT
  public:
    SettingsDialog(const Settings& settings, InputManager& input, QWidget* parent = nullptr);
    Settings result() const;

  private:
    Settings s_;
    InputManager& input_;
    QRadioButton* hleBios_ = nullptr;
    QRadioButton* fileBios_ = nullptr;
    QLineEdit* biosPath_ = nullptr;
    QComboBox* consoleRegion_ = nullptr;
    QCheckBox* fastBoot_ = nullptr;
    QCheckBox* cpuRecompiler_ = nullptr;
    QCheckBox* logToFile_ = nullptr;
    QLineEdit* logFile_ = nullptr;
    QComboBox* frameSkip_ = nullptr;
    QComboBox* filter_ = nullptr;
    QComboBox* aspect_ = nullptr;
    QCheckBox* vsync_ = nullptr;
    QCheckBox* renderThread_ = nullptr;
    QCheckBox* audioEnabled_ = nullptr;
    QSlider* volume_ = nullptr;
    QCheckBox* muted_ = nullptr;
    QComboBox* speedAudio_ = nullptr;
    QSpinBox* latency_ = nullptr;
    std::array<QKeySequenceEdit*, kHotkeyCount> hotkeys_{};
    std::array<QComboBox*, 2> portDevices_{};
    std::array<std::array<QComboBox*, 4>, 2> tapDevices_{};
    std::array<std::array<QCheckBox*, 3>, 2> tapCards_{};
    QCheckBox* rumble_ = nullptr;
    SavestateSettingsPage* savestates_ = nullptr;
};

} // namespace app
