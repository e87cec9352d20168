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

#include <algorithm>

#include "input_manager.h"
#include "pad_devices.h"

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

MappingDialog::MappingDialog(const Settings& settings, const std::array<QString, 2>& ports,
                             InputManager& input, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle("Controller mapping");
    auto* grid = new QGridLayout;
    grid->addWidget(new QLabel("<b>Button</b>"), 0, 0);
    grid->addWidget(new QLabel("<b>Keyboard 1</b>"), 0, 1);
    grid->addWidget(new QLabel("<b>Keyboard 2</b>"), 0, 2);
    grid->addWidget(new QLabel("<b>Game controller</b>"), 0, 3);
    const QStringList bindings = InputManager::allBindings();
    for (int i = 0; i < kPadButtons; ++i) {
        grid->addWidget(new QLabel(padButtons()[i].name), i + 1, 0);
        for (int k = 0; k < 2; ++k) {
            QKeySequenceEdit*& edit = keyEdits_[size_t(k)][size_t(i)];
            edit = new QKeySequenceEdit(this);
            edit->setObjectName(QString("key%1_%2").arg(k + 1).arg(padButtons()[i].name));
            setKey(edit, k == 0 ? settings.keys[i] : settings.keys2[i]);
            grid->addWidget(edit, i + 1, 1 + k);
        }
        padCombos_[i] = new QComboBox(this);
        padCombos_[i]->addItem("(none)", QString());
        for (const QString& b : bindings)
            padCombos_[i]->addItem(b, b);
        setBinding(padCombos_[i], settings.padBindings[i]);
        grid->addWidget(padCombos_[i], i + 1, 3);
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
        grid->addWidget(listen, i + 1, 4);
    }
    auto* layout = new QVBoxLayout(this);
    const QStringList names = input.controllerNames();
    layout->addWidget(new QLabel(names.isEmpty() ? "No game controller connected."
                                                 : "Connected: " + names.join(", ")));
    layout->addLayout(grid);

    // Who drives each socket. Controllers are numbered in the order they were plugged in.
    auto* who = new QGroupBox("Who drives each pad");
    auto* whoGrid = new QGridLayout(who);
    const std::array<bool, kPadSockets> pads = padSockets(ports);
    int row = 0;
    for (int socket = 0; socket < kPadSockets; ++socket) {
        if (!pads[size_t(socket)]) continue;
        const bool tap = isMultitap(ports[size_t(socket / 4)]);
        const QString name = QString::fromStdString(socketName(socket, tap));
        auto* keyboard = new QComboBox(who);
        keyboard->setObjectName("keyboard" + name);
        keyboard->addItem("No keyboard", 0);
        keyboard->addItem("Keyboard 1", 1);
        keyboard->addItem("Keyboard 2", 2);
        keyboard->setCurrentIndex(std::max(0, keyboard->findData(settings.socketKeyboard[socket])));
        auto* controller = new QComboBox(who);
        controller->setObjectName("controller" + name);
        controller->addItem("Next free controller", kControllerAuto);
        controller->addItem("No controller", kControllerNone);
        for (int n = 1; n <= 4; ++n)
            controller->addItem(n <= names.size()
                                    ? QString("Controller %1: %2").arg(n).arg(names[n - 1])
                                    : QString("Controller %1").arg(n),
                                n);
        controller->setCurrentIndex(
            std::max(0, controller->findData(settings.socketController[socket])));
        const QString label =
            tap ? QString("Port %1 slot %2:").arg(socket / 4 + 1).arg(QChar('A' + socket % 4))
                : QString("Port %1:").arg(socket / 4 + 1);
        whoGrid->addWidget(new QLabel(label), row, 0);
        whoGrid->addWidget(keyboard, row, 1);
        whoGrid->addWidget(controller, row, 2);
        socketKeyboard_[size_t(socket)] = keyboard;
        socketController_[size_t(socket)] = controller;
        ++row;
    }
    if (row == 0) whoGrid->addWidget(new QLabel("No port holds a pad."), 0, 0);
    layout->addWidget(who);
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

void MappingDialog::apply(Settings& settings) const {
    settings.keys = keys(0);
    settings.keys2 = keys(1);
    settings.padBindings = padBindings();
    for (int socket = 0; socket < kPadSockets; ++socket) {
        if (!socketKeyboard_[size_t(socket)]) continue;
        settings.socketKeyboard[socket] = socketKeyboard_[size_t(socket)]->currentData().toInt();
        settings.socketController[socket] =
            socketController_[size_t(socket)]->currentData().toInt();
    }
    if (!deadZone_) return;
    for (int i = 0; i < 4; ++i)
        settings.stickAxes[size_t(i)] = stickCombos_[size_t(i)]->currentData().toString();
    settings.stickDeadZone = deadZone_->value();
    settings.stickSensitivity = sensitivity_->value();
    settings.analogButton = analogButton_->currentData().toString();
}

void MappingDialog::restoreDefaults() {
    const Settings defaults;
    for (int socket = 0; socket < kPadSockets; ++socket) {
        if (!socketKeyboard_[size_t(socket)]) continue;
        QComboBox* k = socketKeyboard_[size_t(socket)];
        QComboBox* c = socketController_[size_t(socket)];
        k->setCurrentIndex(std::max(0, k->findData(defaults.socketKeyboard[socket])));
        c->setCurrentIndex(std::max(0, c->findData(defaults.socketController[socket])));
    }
    for (int i = 0; i < kPadButtons; ++i) {
        setKey(keyEdits_[0][i], padButtons()[i].defaultKey);
        setKey(keyEdits_[1][i], padButtons()[i].defaultKey2);
        setBinding(padCombos_[i], QString::fromLatin1(padButtons()[i].defaultPad));
    }
}

std::array<int, kPadButtons> MappingDialog::keys(int keyboard) const {
    std::array<int, kPadButtons> out{};
    for (int i = 0; i < kPadButtons; ++i) {
        const QKeySequence seq = keyEdits_[size_t(keyboard & 1)][size_t(i)]->keySequence();
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
