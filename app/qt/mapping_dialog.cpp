#include "mapping_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "input_manager.h"

namespace app {

namespace {
void setKey(QKeySequenceEdit* edit, int key) {
    edit->setKeySequence(key ? QKeySequence(key) : QKeySequence());
}
void setBinding(QComboBox* combo, const QString& binding) {
    const int at = combo->findData(binding);
    combo->setCurrentIndex(at >= 0 ? at : 0);
}
} // namespace

MappingDialog::MappingDialog(const std::array<int, kPadButtons>& keys,
                             const std::array<QString, kPadButtons>& pad, InputManager& input,
                             QWidget* parent)
    : QDialog(parent) {
    setWindowTitle("Controller mapping (port 1)");
    auto* grid = new QGridLayout;
    grid->addWidget(new QLabel("<b>Button</b>"), 0, 0);
    grid->addWidget(new QLabel("<b>Keyboard</b>"), 0, 1);
    grid->addWidget(new QLabel("<b>Game controller</b>"), 0, 2);
    const QStringList bindings = InputManager::allBindings();
    for (int i = 0; i < kPadButtons; ++i) {
        grid->addWidget(new QLabel(padButtons()[i].name), i + 1, 0);
        keyEdits_[i] = new QKeySequenceEdit(this);
        setKey(keyEdits_[i], keys[i]);
        grid->addWidget(keyEdits_[i], i + 1, 1);
        padCombos_[i] = new QComboBox(this);
        padCombos_[i]->addItem("(none)", QString());
        for (const QString& b : bindings)
            padCombos_[i]->addItem(b, b);
        setBinding(padCombos_[i], pad[i]);
        grid->addWidget(padCombos_[i], i + 1, 2);
        auto* listen = new QPushButton("Listen", this);
        listen->setToolTip("Press a controller button or push a stick to bind it");
        connect(listen, &QPushButton::clicked, this, [this, i, listen] {
            listening_ = i;
            listen->setText("Press...");
        });
        connect(&input, &InputManager::controllerInput, listen, [this, i, listen](QString b) {
            if (listening_ != i) return;
            setBinding(padCombos_[i], b);
            listening_ = -1;
            listen->setText("Listen");
        });
        grid->addWidget(listen, i + 1, 3);
    }
    auto* layout = new QVBoxLayout(this);
    const QStringList names = input.controllerNames();
    layout->addWidget(new QLabel(names.isEmpty() ? "No game controller connected."
                                                 : "Connected: " + names.join(", ")));
    layout->addLayout(grid);
    analogAt_ = layout->count();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                         QDialogButtonBox::RestoreDefaults);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &MappingDialog::restoreDefaults);
    layout->addWidget(buttons);
}

void MappingDialog::addAnalog(const Settings& settings, const QString& title) {
    auto* box = new QGroupBox("Analog sticks (" + title + ")");
    auto* form = new QFormLayout(box);
    // core::PadState::Axis order.
    const char* names[4] = {"Right stick X", "Right stick Y", "Left stick X", "Left stick Y"};
    QStringList axes;
    for (const QString& b : InputManager::allBindings())
        if (b.startsWith("axis:") && b.endsWith('+')) axes << b.left(b.size() - 1);
    for (int i = 0; i < 4; ++i) {
        stickCombos_[size_t(i)] = new QComboBox(box);
        stickCombos_[size_t(i)]->addItem("(none)", QString());
        for (const QString& a : axes)
            stickCombos_[size_t(i)]->addItem(a, a);
        setBinding(stickCombos_[size_t(i)], settings.stickAxes[size_t(i)]);
        form->addRow(QString(names[i]) + ":", stickCombos_[size_t(i)]);
    }
    deadZone_ = new QSpinBox(box);
    deadZone_->setRange(0, 50);
    deadZone_->setSuffix(" %");
    deadZone_->setValue(settings.stickDeadZone);
    deadZone_->setToolTip("Stick movement inside this share of full deflection reads as centred");
    form->addRow("Dead zone:", deadZone_);
    sensitivity_ = new QSpinBox(box);
    sensitivity_->setRange(50, 200);
    sensitivity_->setSuffix(" %");
    sensitivity_->setValue(settings.stickSensitivity);
    sensitivity_->setToolTip("Above 100 % full deflection is reached before the stick's end");
    form->addRow("Sensitivity:", sensitivity_);
    analogButton_ = new QComboBox(box);
    analogButton_->addItem("(none)", QString());
    for (const QString& b : InputManager::allBindings())
        analogButton_->addItem(b, b);
    setBinding(analogButton_, settings.analogButton);
    form->addRow("Analog button:", analogButton_);
    static_cast<QVBoxLayout*>(layout())->insertWidget(analogAt_, box);
}

void MappingDialog::applyAnalog(Settings& settings) const {
    if (!deadZone_) return;
    for (int i = 0; i < 4; ++i)
        settings.stickAxes[size_t(i)] = stickCombos_[size_t(i)]->currentData().toString();
    settings.stickDeadZone = deadZone_->value();
    settings.stickSensitivity = sensitivity_->value();
    settings.analogButton = analogButton_->currentData().toString();
}

void MappingDialog::restoreDefaults() {
    for (int i = 0; i < kPadButtons; ++i) {
        setKey(keyEdits_[i], padButtons()[i].defaultKey);
        setBinding(padCombos_[i], QString::fromLatin1(padButtons()[i].defaultPad));
    }
}

std::array<int, kPadButtons> MappingDialog::keys() const {
    std::array<int, kPadButtons> out{};
    for (int i = 0; i < kPadButtons; ++i) {
        const QKeySequence seq = keyEdits_[i]->keySequence();
        out[i] = seq.isEmpty() ? 0 : seq[0].key();
    }
    return out;
}

std::array<QString, kPadButtons> MappingDialog::padBindings() const {
    std::array<QString, kPadButtons> out{};
    for (int i = 0; i < kPadButtons; ++i)
        out[i] = padCombos_[i]->currentData().toString();
    return out;
}

} // namespace app
