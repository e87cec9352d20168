#pragma once
// The "Frame pacing" dock: frame-skip mode and the evaluator's parameters, changed live. Every
// edit emits changed() with the whole settings; the main window hands them to the emulation
// thread (EmuThread::setPacing) and keeps them in Settings.
#include <QDockWidget>

#include "gpu/pacing_evaluator.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace app {

class PacingPanel : public QDockWidget {
    Q_OBJECT
  public:
    explicit PacingPanel(QWidget* parent = nullptr);
    // Shows these values without emitting changed().
    void setValues(const gpu::PacingSettings& settings, double hostSlowdown);
    gpu::PacingSettings settings() const;
    double hostSlowdown() const;

  Q_SIGNALS:
    void changed(const gpu::PacingSettings& settings, double hostSlowdown);

  private:
    void emitChanged();
    void updateEnabled();

    bool updating_ = false;
    gpu::PacingSettings base_; // fields the panel does not show pass through unchanged
    QComboBox* mode_ = nullptr;
    QSpinBox* fixedSkip_ = nullptr;
    QSpinBox* maxPartial_ = nullptr;
    QDoubleSpinBox* headroom_ = nullptr;
    QDoubleSpinBox* debtLimit_ = nullptr;
    QDoubleSpinBox* minSaving_ = nullptr;
    QDoubleSpinBox* frameRate_ = nullptr;
    QSpinBox* warmup_ = nullptr;
    QDoubleSpinBox* learningRate_ = nullptr;
    QSpinBox* reprobe_ = nullptr;
    QDoubleSpinBox* slowdown_ = nullptr;
};

} // namespace app
