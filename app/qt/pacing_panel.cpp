#include "pacing_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

#include "settings.h"

namespace app {

namespace {
QDoubleSpinBox* realBox(double lo, double hi, double step, int decimals, const QString& tip) {
    auto* b = new QDoubleSpinBox;
    b->setRange(lo, hi);
    b->setSingleStep(step);
    b->setDecimals(decimals);
    b->setToolTip(tip);
    b->setKeyboardTracking(false);
    return b;
}
QSpinBox* intBox(int lo, int hi, const QString& tip) {
    auto* b = new QSpinBox;
    b->setRange(lo, hi);
    b->setToolTip(tip);
    b->setKeyboardTracking(false);
    return b;
}
} // namespace

PacingPanel::PacingPanel(QWidget* parent) : QDockWidget("Frame pacing", parent) {
    setObjectName("framePacing");
    using L = PacingLimits;
    auto* body = new QWidget;
    auto* form = new QFormLayout(body);
    mode_ = new QComboBox;
    mode_->addItem("Off (render every frame)", int(gpu::PacingSettings::Mode::Off));
    mode_->addItem("Auto", int(gpu::PacingSettings::Mode::Auto));
    mode_->addItem("Fixed", int(gpu::PacingSettings::Mode::Fixed));
    fixedSkip_ = intBox(1, L::kMaxFixedSkip, "fixed:N renders one frame in N+1");
    maxPartial_ =
        intBox(1, L::kMaxConsecutivePartial, "Auto: at most this many partial frames in a row");
    headroom_ = realBox(L::kMinHeadroom, L::kMaxHeadroom, 0.01, 2,
                        "Auto: plan to use this fraction of the frame budget");
    debtLimit_ = realBox(0, L::kMaxDebtLimitFrames, 0.5, 1,
                         "Auto: the time debt never grows past this many frame budgets");
    minSaving_ = realBox(0, 1, 0.01, 2, "Auto: partial only if it saves this fraction of a render");
    frameRate_ = realBox(0, L::kMaxFrameRateHz, 1, 2,
                         "Frame budget rate in Hz; 0: the emulated rate (59.94 or 50)");
    frameRate_->setSpecialValueText("emulated");
    warmup_ = intBox(0, L::kMaxWarmupFrames,
                     "Auto: frames rendered in full before the cost "
                     "model is trusted");
    learningRate_ = realBox(0.01, 1, 0.05, 2, "Weight of the newest measurement");
    reprobe_ = intBox(0, L::kMaxReprobeFrames,
                      "Auto: after this many no-saving frames, one partial frame re-measures");
    reprobe_->setSpecialValueText("never");
    slowdown_ = realBox(1, 100, 0.5, 1, "Rendering made this many times slower (testing aid)");
    slowdown_->setSuffix("x");
    auto* defaults = new QPushButton("Defaults");
    form->addRow("Mode:", mode_);
    form->addRow("Fixed N:", fixedSkip_);
    form->addRow("Max consecutive partial:", maxPartial_);
    form->addRow("Headroom:", headroom_);
    form->addRow("Debt limit (frames):", debtLimit_);
    form->addRow("Min saving fraction:", minSaving_);
    form->addRow("Frame rate (Hz):", frameRate_);
    form->addRow("Warm-up frames:", warmup_);
    form->addRow("Learning rate:", learningRate_);
    form->addRow("Re-probe after (frames):", reprobe_);
    form->addRow("Host slowdown:", slowdown_);
    form->addRow("", defaults);
    auto* note = new QLabel("Changes apply from the next frame. Partial frames repeat the "
                            "last presented image (F3 shows the overlay).");
    note->setWordWrap(true);
    form->addRow(note);
    setWidget(body);

    connect(mode_, &QComboBox::currentIndexChanged, this, [this] { emitChanged(); });
    for (QSpinBox* b : {fixedSkip_, maxPartial_, warmup_, reprobe_})
        connect(b, &QSpinBox::valueChanged, this, [this] { emitChanged(); });
    for (QDoubleSpinBox* b :
         {headroom_, debtLimit_, minSaving_, frameRate_, learningRate_, slowdown_})
        connect(b, &QDoubleSpinBox::valueChanged, this, [this] { emitChanged(); });
    connect(defaults, &QPushButton::clicked, this, [this] {
        setValues(Settings::defaultPacing(), 1.0);
        emitChanged();
    });
    setValues(Settings::defaultPacing(), 1.0);
}

void PacingPanel::setValues(const gpu::PacingSettings& s, double hostSlowdown) {
    updating_ = true;
    base_ = s;
    mode_->setCurrentIndex(mode_->findData(int(s.mode)));
    fixedSkip_->setValue(int(s.fixedSkip));
    maxPartial_->setValue(int(s.maxConsecutivePartial));
    headroom_->setValue(s.headroom);
    debtLimit_->setValue(s.debtLimitFrames);
    minSaving_->setValue(s.minSavingFraction);
    frameRate_->setValue(s.frameRateHz);
    warmup_->setValue(int(s.warmupFrames));
    learningRate_->setValue(s.learningRate);
    reprobe_->setValue(int(s.reprobeFrames));
    slowdown_->setValue(hostSlowdown);
    updating_ = false;
    updateEnabled();
}

gpu::PacingSettings PacingPanel::settings() const {
    gpu::PacingSettings s = base_;
    s.mode = gpu::PacingSettings::Mode(mode_->currentData().toInt());
    s.fixedSkip = uint32_t(fixedSkip_->value());
    s.maxConsecutivePartial = uint32_t(maxPartial_->value());
    s.headroom = headroom_->value();
    s.debtLimitFrames = debtLimit_->value();
    s.minSavingFraction = minSaving_->value();
    s.frameRateHz = frameRate_->value();
    s.warmupFrames = uint32_t(warmup_->value());
    s.learningRate = learningRate_->value();
    s.reprobeFrames = uint32_t(reprobe_->value());
    return clampPacing(s);
}

double PacingPanel::hostSlowdown() const {
    return slowdown_->value();
}

void PacingPanel::updateEnabled() {
    const bool fixed = mode_->currentData().toInt() == int(gpu::PacingSettings::Mode::Fixed);
    const bool autoMode = mode_->currentData().toInt() == int(gpu::PacingSettings::Mode::Auto);
    fixedSkip_->setEnabled(fixed);
    for (QWidget* w : std::initializer_list<QWidget*>{maxPartial_, headroom_, debtLimit_,
                                                      minSaving_, warmup_, reprobe_})
        w->setEnabled(autoMode);
}

void PacingPanel::emitChanged() {
    updateEnabled();
    if (updating_) return;
    base_ = settings();
    Q_EMIT changed(base_, hostSlowdown());
}

} // namespace app
