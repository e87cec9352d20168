#include "settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "core/cpu/cpu.h"
#include "input_manager.h"
#include "mapping_dialog.h"
#include "pad_devices.h"
#include "savestate_menu.h"

namespace app {

SettingsDialog::SettingsDialog(const Settings& settings, InputManager& input, QWidget* parent)
    : QDialog(parent), s_(settings), input_(input) {
    setWindowTitle("Skipjack settings");
    auto* tabs = new QTabWidget(this);

    // BIOS
    auto* bios = new QWidget;
    auto* biosLayout = new QVBoxLayout(bios);
    hleBios_ = new QRadioButton("Built-in HLE BIOS (no BIOS file needed)");
    fileBios_ = new QRadioButton("BIOS image file (512 KiB):");
    biosPath_ = new QLineEdit(s_.biosPath);
    auto* browse = new QPushButton("Browse...");
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, "Choose BIOS image", biosPath_->text(),
                                         "BIOS images (*.bin *.rom);;All files (*)");
        if (!path.isEmpty()) {
            biosPath_->setText(path);
            fileBios_->setChecked(true);
        }
    });
    (s_.useHleBios ? hleBios_ : fileBios_)->setChecked(true);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(biosPath_);
    pathRow->addWidget(browse);
    biosLayout->addWidget(hleBios_);
    biosLayout->addWidget(fileBios_);
    biosLayout->addLayout(pathRow);
    auto* regionRow = new QHBoxLayout;
    consoleRegion_ = new QComboBox;
    consoleRegion_->addItems({"Auto (from the disc's licence)", "NTSC-U", "NTSC-J", "PAL"});
    consoleRegion_->setCurrentIndex(std::clamp(s_.consoleRegion, 0, 3));
    regionRow->addWidget(new QLabel("Console region (drive, video clock):"));
    regionRow->addWidget(consoleRegion_);
    biosLayout->addLayout(regionRow);
    fastBoot_ = new QCheckBox("Fast boot: skip the BIOS intro for discs (BIOS image only)");
    fastBoot_->setChecked(s_.fastBoot);
    biosLayout->addWidget(fastBoot_);
    cpuRecompiler_ = new QCheckBox("CPU recompiler (same results and timing, faster)");
    cpuRecompiler_->setChecked(s_.cpuRecompiler);
    cpuRecompiler_->setEnabled(core::Cpu::recompilerAvailable());
    biosLayout->addWidget(cpuRecompiler_);
    biosLayout->addWidget(new QLabel("Takes effect when a program is next started or reset."));
    // The console log (View > Log) appended to a file as well.
    logToFile_ = new QCheckBox("Append the console log to a file:");
    logToFile_->setChecked(s_.logToFile);
    logFile_ = new QLineEdit(s_.logFile);
    auto* logBrowse = new QPushButton("Browse...");
    connect(logBrowse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, "Console log file", logFile_->text(), "Log files (*.log *.txt);;All files (*)",
            nullptr, QFileDialog::DontConfirmOverwrite); // appended to, never overwritten
        if (!path.isEmpty()) {
            logFile_->setText(path);
            logToFile_->setChecked(true);
        }
    });
    auto* logRow = new QHBoxLayout;
    logRow->addWidget(logFile_);
    logRow->addWidget(logBrowse);
    biosLayout->addWidget(logToFile_);
    biosLayout->addLayout(logRow);
    biosLayout->addStretch();
    tabs->addTab(bios, "BIOS");

    // Video
    auto* video = new QWidget;
    auto* videoForm = new QFormLayout(video);
    filter_ = new QComboBox;
    for (int i = 0; i < 3; ++i)
        filter_->addItem(filterName(ScaleFilter(i)));
    filter_->setCurrentIndex(int(s_.filter));
    aspect_ = new QComboBox;
    for (int i = 0; i < 3; ++i)
        aspect_->addItem(aspectName(AspectMode(i)));
    aspect_->setCurrentIndex(int(s_.aspect));
    vsync_ = new QCheckBox("Wait for vertical sync (FIFO presentation)");
    vsync_->setChecked(s_.vsync);
    frameSkip_ = new QComboBox;
    frameSkip_->addItem("Off (render every frame)", "off");
    frameSkip_->addItem("Auto (partial frames when the host falls behind)", "auto");
    for (int n = 1; n <= PacingLimits::kMaxFixedSkip; ++n)
        frameSkip_->addItem(QString("Fixed: render 1 frame in %1").arg(n + 1),
                            QString("fixed:%1").arg(n));
    frameSkip_->setCurrentIndex(std::max(0, frameSkip_->findData(pacingModeText(s_.pacing))));
    videoForm->addRow("Scaling filter:", filter_);
    videoForm->addRow("Aspect ratio:", aspect_);
    videoForm->addRow("", vsync_);
    videoForm->addRow("Frame skipping:", frameSkip_);
    videoForm->addRow("", new QLabel("The pacing parameters are in View > Frame pacing."));
    renderThread_ = new QCheckBox("Draw on a second thread (render worker)");
    renderThread_->setChecked(s_.renderThread);
    videoForm->addRow("", renderThread_);
    tabs->addTab(video, "Video");

    // Audio
    auto* audio = new QWidget;
    auto* audioForm = new QFormLayout(audio);
    audioEnabled_ = new QCheckBox("Audio output");
    audioEnabled_->setChecked(s_.audioEnabled);
    volume_ = new QSlider(Qt::Horizontal);
    volume_->setRange(0, 100);
    volume_->setValue(s_.volume);
    latency_ = new QSpinBox;
    latency_->setRange(20, 200);
    latency_->setSuffix(" ms");
    latency_->setValue(s_.audioLatencyMs);
    muted_ = new QCheckBox("Mute");
    muted_->setChecked(s_.audioMuted);
    speedAudio_ = new QComboBox;
    speedAudio_->addItem("Time stretch (tempo changes, pitch stays)");
    speedAudio_->addItem("Mute");
    speedAudio_->setCurrentIndex(s_.speedAudioStretch ? 0 : 1);
    audioForm->addRow("", audioEnabled_);
    audioForm->addRow("Volume:", volume_);
    audioForm->addRow("", muted_);
    audioForm->addRow("Fast-forward / slow motion:", speedAudio_);
    audioForm->addRow("Buffer target:", latency_);
    tabs->addTab(audio, "Audio");

    // Controllers
    auto* pads = new QWidget;
    auto* padLayout = new QVBoxLayout(pads);
    auto* connected = new QLabel;
    auto refresh = [this, connected] {
        const QStringList names = input_.controllerNames();
        connected->setText(names.isEmpty() ? "No game controller connected (keyboard only)."
                                           : "Game controllers: " + names.join(", "));
    };
    refresh();
    connect(&input_, &InputManager::controllersChanged, connected, refresh);
    // What each port holds (pad_devices.h), used from the next start; a multitap's four slots
    // and the memory cards of its slots B-D (slot A's card is the port's own).
    auto* portForm = new QFormLayout;
    for (int port = 0; port < 2; ++port) {
        QComboBox*& combo = portDevices_[size_t(port)];
        combo = new QComboBox;
        combo->setObjectName(QString("port%1").arg(port + 1));
        for (const PadDeviceInfo& d : padDevices())
            combo->addItem(d.name, QString::fromLatin1(d.id));
        combo->setCurrentIndex(
            combo->findData(QString::fromLatin1(padDevice(s_.portDevices[size_t(port)]).id)));
        portForm->addRow(QString("Port %1:").arg(port + 1), combo);
        auto* tapRow = new QHBoxLayout;
        for (int slot = 0; slot < 4; ++slot) {
            QComboBox*& slotCombo = tapDevices_[size_t(port)][size_t(slot)];
            slotCombo = new QComboBox;
            slotCombo->setObjectName(QString("tap%1%2").arg(port + 1).arg(QChar('A' + slot)));
            for (const PadDeviceInfo* d : tapSlotDevices())
                slotCombo->addItem(QString("%1: %2").arg(QChar('A' + slot)).arg(d->name),
                                   QString::fromLatin1(d->id));
            slotCombo->setCurrentIndex(
                std::max(0, slotCombo->findData(QString::fromLatin1(
                                tapSlotDevice(s_.tapDevices[size_t(port)][size_t(slot)]).id))));
            tapRow->addWidget(slotCombo);
        }
        auto* cardRow = new QHBoxLayout;
        cardRow->addWidget(new QLabel("Memory cards:"));
        for (int slot = 1; slot < 4; ++slot) {
            QCheckBox*& card = tapCards_[size_t(port)][size_t(slot - 1)];
            card = new QCheckBox(QString("slot %1").arg(QChar('A' + slot)));
            card->setToolTip(QString("card%1%2.mcd beside card%1.mcd (<game>_%1%2.mcd with memory "
                                     "cards per game); the Memory Card Manager lists it as "
                                     "Memory card %1%3")
                                 .arg(port + 1)
                                 .arg(QChar('a' + slot))
                                 .arg(QChar('A' + slot)));
            card->setObjectName(QString("card%1%2").arg(port + 1).arg(QChar('A' + slot)));
            card->setChecked(s_.tapCards[size_t(port)][size_t(slot - 1)]);
            cardRow->addWidget(card);
        }
        cardRow->addStretch();
        auto* tapBox = new QWidget;
        auto* tapLayout = new QVBoxLayout(tapBox);
        tapLayout->setContentsMargins(0, 0, 0, 0);
        tapLayout->addLayout(tapRow);
        tapLayout->addLayout(cardRow);
        portForm->addRow(QString("Multitap %1:").arg(port + 1), tapBox);
        auto enable = [combo, tapBox] {
            tapBox->setEnabled(isMultitap(combo->currentData().toString()));
        };
        enable();
        connect(combo, &QComboBox::currentIndexChanged, tapBox, enable);
    }
    rumble_ = new QCheckBox("Vibration reaches the game controller (DualShock motors)");
    rumble_->setChecked(s_.rumble);
    portForm->addRow("", rumble_);
    auto* map = new QPushButton("Map keyboards, controllers and sticks...");
    connect(map, &QPushButton::clicked, this, [this] {
        const Settings now = result(); // the ports and slots as chosen so far
        MappingDialog dialog(now, now.portDevices, input_, this);
        // The analog section when a pad the host drives has sticks.
        const std::array<bool, kPadSockets> analog = analogSockets(now.portDevices, now.tapDevices);
        const std::array<bool, kPadSockets> pads = padSockets(now.portDevices);
        QStringList analogNames;
        for (int socket = 0; socket < kPadSockets; ++socket)
            if (analog[size_t(socket)] && pads[size_t(socket)])
                analogNames << QString("port %1").arg(QString::fromStdString(
                    socketName(socket, isMultitap(now.portDevices[size_t(socket / 4)]))));
        if (!analogNames.isEmpty()) dialog.addAnalog(s_, analogNames.join(", "));
        if (dialog.exec() == QDialog::Accepted) dialog.apply(s_);
    });
    padLayout->addWidget(connected);
    padLayout->addLayout(portForm);
    padLayout->addWidget(new QLabel("A new pad device is plugged in when a game starts."));
    padLayout->addWidget(map);
    padLayout->addStretch();
    tabs->addTab(pads, "Controllers");

    savestates_ = new SavestateSettingsPage(s_);
    tabs->addTab(savestates_, "Savestates");

    // Hotkeys
    auto* keys = new QWidget;
    auto* keyForm = new QFormLayout(keys);
    for (int i = 0; i < kHotkeyCount; ++i) {
        hotkeys_[i] = new QKeySequenceEdit(s_.hotkeys[i]);
        keyForm->addRow(QString(hotkeyName(Hotkey(i))) + ":", hotkeys_[i]);
    }
    keyForm->addRow("", new QLabel("Alt+Enter also toggles fullscreen."));
    tabs->addTab(keys, "Hotkeys");

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
}

Settings SettingsDialog::result() const {
    Settings s = s_;
    s.useHleBios = hleBios_->isChecked() || biosPath_->text().isEmpty();
    s.biosPath = biosPath_->text();
    s.consoleRegion = consoleRegion_->currentIndex();
    s.fastBoot = fastBoot_->isChecked();
    s.cpuRecompiler = cpuRecompiler_->isChecked();
    s.logToFile = logToFile_->isChecked() && !logFile_->text().isEmpty();
    s.logFile = logFile_->text();
    s.filter = ScaleFilter(filter_->currentIndex());
    s.aspect = AspectMode(aspect_->currentIndex());
    s.vsync = vsync_->isChecked();
    s.renderThread = renderThread_->isChecked();
    std::string error;
    s.pacing.parseMode(frameSkip_->currentData().toString().toStdString(), error);
    s.audioEnabled = audioEnabled_->isChecked();
    s.volume = volume_->value();
    s.audioMuted = muted_->isChecked();
    s.speedAudioStretch = speedAudio_->currentIndex() == 0;
    s.audioLatencyMs = latency_->value();
    for (int i = 0; i < kHotkeyCount; ++i)
        s.hotkeys[i] = hotkeys_[i]->keySequence().isEmpty()
                           ? QKeySequence()
                           : QKeySequence(hotkeys_[i]->keySequence()[0]);
    for (int port = 0; port < 2; ++port) {
        s.portDevices[size_t(port)] = portDevices_[size_t(port)]->currentData().toString();
        for (int slot = 0; slot < 4; ++slot)
            s.tapDevices[size_t(port)][size_t(slot)] =
                tapDevices_[size_t(port)][size_t(slot)]->currentData().toString();
        for (int slot = 1; slot < 4; ++slot)
            s.tapCards[size_t(port)][size_t(slot - 1)] =
                tapCards_[size_t(port)][size_t(slot - 1)]->isChecked();
    }
    s.rumble = rumble_->isChecked();
    savestates_->apply(s);
    return s;
}

} // namespace app
