#include "settings.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <algorithm>
#include <cmath>

#include "core/pad_state.h"
#include "pad_devices.h"

namespace app {

const std::array<PadButtonInfo, kPadButtons>& padButtons() {
    using B = core::PadState;
    static const std::array<PadButtonInfo, kPadButtons> buttons = {{
        {"Up", B::Up, Qt::Key_Up, "button:dpup", Qt::Key_T},
        {"Down", B::Down, Qt::Key_Down, "button:dpdown", Qt::Key_G},
        {"Left", B::Left, Qt::Key_Left, "button:dpleft", Qt::Key_F},
        {"Right", B::Right, Qt::Key_Right, "button:dpright", Qt::Key_H},
        {"Cross", B::Cross, Qt::Key_X, "button:a", Qt::Key_K},
        {"Circle", B::Circle, Qt::Key_C, "button:b", Qt::Key_L},
        {"Square", B::Square, Qt::Key_Z, "button:x", Qt::Key_J},
        {"Triangle", B::Triangle, Qt::Key_S, "button:y", Qt::Key_I},
        {"L1", B::L1, Qt::Key_Q, "button:leftshoulder", Qt::Key_U},
        {"R1", B::R1, Qt::Key_E, "button:rightshoulder", Qt::Key_O},
        {"L2", B::L2, Qt::Key_1, "axis:lefttrigger+", Qt::Key_7},
        {"R2", B::R2, Qt::Key_3, "axis:righttrigger+", Qt::Key_9},
        {"Start", B::Start, Qt::Key_Return, "button:start", Qt::Key_P},
        {"Select", B::Select, Qt::Key_Backspace, "button:back", Qt::Key_Y},
        {"L3", B::L3, 0, "button:leftstick", 0},
        {"R3", B::R3, 0, "button:rightstick", 0},
    }};
    return buttons;
}

const char* hotkeyName(Hotkey h) {
    switch (h) {
    case Hotkey::Pause: return "Pause / resume";
    case Hotkey::FrameAdvance: return "Frame advance";
    case Hotkey::FastForward: return "Fast-forward (hold)";
    case Hotkey::Overlay: return "Frame-timing overlay";
    case Hotkey::Fullscreen: return "Fullscreen";
    case Hotkey::Screenshot: return "Screenshot";
    case Hotkey::PacingPanel: return "Frame pacing panel";
    case Hotkey::QuickSave: return "Quick-save (current slot)";
    case Hotkey::QuickLoad: return "Quick-load (current slot)";
    case Hotkey::NextSlot: return "Next savestate slot";
    case Hotkey::PreviousSlot: return "Previous savestate slot";
    case Hotkey::Rewind: return "Rewind (hold)";
    case Hotkey::SlowMotion: return "Slow motion 50% (toggle)";
    case Hotkey::Count: break;
    }
    return "?";
}

QKeySequence hotkeyDefault(Hotkey h) {
    switch (h) {
    case Hotkey::Pause: return QKeySequence(Qt::Key_Space);
    case Hotkey::FrameAdvance: return QKeySequence(Qt::Key_Period);
    case Hotkey::FastForward: return QKeySequence(Qt::Key_Tab);
    case Hotkey::Overlay: return QKeySequence(Qt::Key_F3);
    case Hotkey::Fullscreen: return QKeySequence(Qt::Key_F11);
    case Hotkey::Screenshot: return QKeySequence(Qt::Key_F12);
    case Hotkey::PacingPanel: return QKeySequence(Qt::Key_F4);
    case Hotkey::QuickSave: return QKeySequence(Qt::Key_F1);
    case Hotkey::QuickLoad: return QKeySequence(Qt::Key_F2);
    case Hotkey::NextSlot: return QKeySequence(Qt::Key_F6);
    case Hotkey::PreviousSlot: return QKeySequence(Qt::SHIFT | Qt::Key_F6);
    case Hotkey::Rewind: return QKeySequence(Qt::Key_R);
    case Hotkey::SlowMotion: return QKeySequence(Qt::Key_Backslash);
    case Hotkey::Count: break;
    }
    return {};
}

QString pacingModeText(const gpu::PacingSettings& p) {
    switch (p.mode) {
    case gpu::PacingSettings::Mode::Off: return "off";
    case gpu::PacingSettings::Mode::Auto: return "auto";
    case gpu::PacingSettings::Mode::Fixed: return QString("fixed:%1").arg(p.fixedSkip);
    }
    return "off";
}

gpu::PacingSettings clampPacing(gpu::PacingSettings p) {
    using L = PacingLimits;
    auto finite = [](double v, double fallback) { return std::isfinite(v) ? v : fallback; };
    const gpu::PacingSettings d;
    p.fixedSkip = std::clamp<uint32_t>(p.fixedSkip, 1, L::kMaxFixedSkip);
    p.maxConsecutivePartial =
        std::clamp<uint32_t>(p.maxConsecutivePartial, 1, L::kMaxConsecutivePartial);
    p.frameRateHz = std::clamp(finite(p.frameRateHz, 0), 0.0, L::kMaxFrameRateHz);
    if (p.frameRateHz > 0 && p.frameRateHz < 10) p.frameRateHz = 10;
    p.debtLimitFrames =
        std::clamp(finite(p.debtLimitFrames, d.debtLimitFrames), 0.0, L::kMaxDebtLimitFrames);
    p.headroom = std::clamp(finite(p.headroom, d.headroom), L::kMinHeadroom, L::kMaxHeadroom);
    p.warmupFrames = std::min<uint32_t>(p.warmupFrames, L::kMaxWarmupFrames);
    p.learningRate = std::clamp(finite(p.learningRate, d.learningRate), 0.01, 1.0);
    p.minSavingFraction = std::clamp(finite(p.minSavingFraction, d.minSavingFraction), 0.0, 1.0);
    p.reprobeFrames = std::min<uint32_t>(p.reprobeFrames, L::kMaxReprobeFrames);
    return p;
}

gpu::PacingSettings Settings::defaultPacing() {
    gpu::PacingSettings p;
    p.mode = gpu::PacingSettings::Mode::Auto;
    return p;
}

Settings::Settings() {
    for (int i = 0; i < kPadButtons; ++i) {
        keys[i] = padButtons()[i].defaultKey;
        padBindings[i] = QString::fromLatin1(padButtons()[i].defaultPad);
        keys2[i] = padButtons()[i].defaultKey2;
    }
    for (auto& tap : tapDevices)
        tap.fill(QString("digital"));
    for (int i = 0; i < kHotkeyCount; ++i)
        hotkeys[i] = hotkeyDefault(Hotkey(i));
}

namespace {
void loadPacing(QSettings& s, gpu::PacingSettings& p) {
    std::string error;
    if (s.contains("pacing/mode")) {
        gpu::PacingSettings parsed = p;
        if (parsed.parseMode(s.value("pacing/mode").toString().toStdString(), error)) p = parsed;
    } else if (s.contains("video/frameSkip")) {
        // The placeholder setting of earlier versions: 0 off, 1 auto, 2 aggressive.
        const int old = s.value("video/frameSkip").toInt();
        p.mode = old == 0 ? gpu::PacingSettings::Mode::Off : gpu::PacingSettings::Mode::Auto;
    }
    auto u32 = [&](const char* key, uint32_t& v) {
        bool ok = false;
        const qlonglong n = s.value(key, qlonglong(v)).toLongLong(&ok);
        if (ok) v = uint32_t(std::clamp<qlonglong>(n, 0, 1 << 30));
    };
    auto real = [&](const char* key, double& v) {
        bool ok = false;
        const double d = s.value(key, v).toDouble(&ok);
        if (ok) v = d;
    };
    u32("pacing/maxConsecutivePartial", p.maxConsecutivePartial);
    real("pacing/frameRateHz", p.frameRateHz);
    real("pacing/debtLimitFrames", p.debtLimitFrames);
    real("pacing/headroom", p.headroom);
    u32("pacing/warmupFrames", p.warmupFrames);
    real("pacing/learningRate", p.learningRate);
    real("pacing/minSavingFraction", p.minSavingFraction);
    u32("pacing/reprobeFrames", p.reprobeFrames);
    p = clampPacing(p);
}
QString socketKey(const char* what, int socket) {
    return QString("input/%1%2").arg(what).arg(QString::fromStdString(socketName(socket, true)));
}

// Keyboard 2, the multitap slots, who drives each socket and the cards in slots B-D.
void loadPadSockets(QSettings& s, Settings& out) {
    for (int i = 0; i < kPadButtons; ++i)
        out.keys2[i] =
            s.value("keyboard2/" + QString::fromLatin1(padButtons()[i].name), out.keys2[i]).toInt();
    for (int port = 0; port < 2; ++port) {
        const QStringList ids = s.value(QString("input/tap%1").arg(port + 1)).toString().split(',');
        for (int slot = 0; slot < 4 && slot < ids.size(); ++slot)
            out.tapDevices[port][slot] = QString::fromLatin1(tapSlotDevice(ids[slot]).id);
        for (int slot = 1; slot < 4; ++slot)
            out.tapCards[port][slot - 1] =
                s.value(QString("memcards/tap%1%2").arg(port + 1).arg(QChar('A' + slot)),
                        out.tapCards[port][slot - 1])
                    .toBool();
    }
    for (int socket = 0; socket < kPadSockets; ++socket) {
        out.socketKeyboard[socket] = std::clamp(
            s.value(socketKey("keyboard", socket), out.socketKeyboard[socket]).toInt(), 0, 2);
        out.socketController[socket] = std::clamp(
            s.value(socketKey("controller", socket), out.socketController[socket]).toInt(),
            kControllerAuto, 16);
    }
}

void savePadSockets(QSettings& s, const Settings& in) {
    for (int i = 0; i < kPadButtons; ++i)
        s.setValue("keyboard2/" + QString::fromLatin1(padButtons()[i].name), in.keys2[i]);
    for (int port = 0; port < 2; ++port) {
        QStringList ids;
        for (const QString& id : in.tapDevices[port])
            ids << id;
        s.setValue(QString("input/tap%1").arg(port + 1), ids.join(','));
        for (int slot = 1; slot < 4; ++slot)
            s.setValue(QString("memcards/tap%1%2").arg(port + 1).arg(QChar('A' + slot)),
                       in.tapCards[port][slot - 1]);
    }
    for (int socket = 0; socket < kPadSockets; ++socket) {
        s.setValue(socketKey("keyboard", socket), in.socketKeyboard[socket]);
        s.setValue(socketKey("controller", socket), in.socketController[socket]);
    }
}
} // namespace

QString Settings::filePath() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath("skipjack.ini");
}

void Settings::load() {
    QSettings s(filePath(), QSettings::IniFormat);
    useHleBios = s.value("bios/hle", useHleBios).toBool();
    biosPath = s.value("bios/path", biosPath).toString();
    consoleRegion = s.value("bios/consoleRegion", 0).toInt();
    if (consoleRegion < 0 || consoleRegion > 3) consoleRegion = 0; // not a region: auto
    fastBoot = s.value("bios/fastBoot", false).toBool();
    logToFile = s.value("log/toFile", logToFile).toBool();
    logFile = s.value("log/file", logFile).toString();
    loadPacing(s, pacing);
    filter = ScaleFilter(std::clamp(s.value("video/filter", int(filter)).toInt(), 0, 2));
    aspect = AspectMode(std::clamp(s.value("video/aspect", int(aspect)).toInt(), 0, 2));
    windowScale = std::clamp(s.value("video/windowScale", windowScale).toInt(), 1, 4);
    vsync = s.value("video/vsync", vsync).toBool();
    overlayVisible = s.value("video/overlay", overlayVisible).toBool();
    audioEnabled = s.value("audio/enabled", audioEnabled).toBool();
    volume = std::clamp(s.value("audio/volume", volume).toInt(), 0, 100);
    audioMuted = s.value("audio/muted", audioMuted).toBool();
    speedAudioStretch =
        s.value("audio/speedMode", speedAudioStretch ? "stretch" : "mute").toString() != "mute";
    audioLatencyMs = std::clamp(s.value("audio/latencyMs", audioLatencyMs).toInt(), 20, 200);
    for (int port = 0; port < 2; ++port) {
        const QString key = QString("input/port%1").arg(port + 1);
        portDevices[port] =
            QString::fromLatin1(padDevice(s.value(key, portDevices[port]).toString()).id);
    }
    for (int axis = 0; axis < 4; ++axis)
        stickAxes[axis] = s.value(QString("analog/axis%1").arg(axis), stickAxes[axis]).toString();
    stickDeadZone = std::clamp(s.value("analog/deadZone", stickDeadZone).toInt(), 0, 50);
    stickSensitivity = std::clamp(s.value("analog/sensitivity", stickSensitivity).toInt(), 50, 200);
    analogButton = s.value("analog/analogButton", analogButton).toString();
    rumble = s.value("analog/rumble", rumble).toBool();
    for (int i = 0; i < kPadButtons; ++i) {
        const QString name = QString::fromLatin1(padButtons()[i].name);
        keys[i] = s.value("keyboard/" + name, keys[i]).toInt();
        padBindings[i] = s.value("controller/" + name, padBindings[i]).toString();
    }
    for (int i = 0; i < kHotkeyCount; ++i) {
        const QString key = QString("hotkeys/%1").arg(i);
        if (s.contains(key))
            hotkeys[i] =
                QKeySequence::fromString(s.value(key).toString(), QKeySequence::PortableText);
    }
    recentFiles = s.value("recent/files").toStringList();
    lastDirectory = s.value("recent/directory").toString();
    saveSlot = std::clamp(s.value("savestates/slot", saveSlot).toInt(), 0, 9);
    rewindEnabled = s.value("savestates/rewind", rewindEnabled).toBool();
    rewindInterval =
        std::clamp(s.value("savestates/rewindInterval", rewindInterval).toInt(), 1, 120);
    rewindBudgetMiB =
        std::clamp(s.value("savestates/rewindBudgetMiB", rewindBudgetMiB).toInt(), 8, 2048);
    runAhead = std::clamp(s.value("savestates/runAhead", runAhead).toInt(), 0, 4);
    memoryCardsPerGame = s.value("memcards/perGame", memoryCardsPerGame).toBool();
    gameFolders = s.value("gamelist/folders").toStringList();
    loadPadSockets(s, *this);
    cpuRecompiler = s.value("cpu/engine", "interpreter").toString() == "recompiler";
    renderThread = s.value("video/renderThread", renderThread).toBool();
}

void Settings::save() const {
    QDir().mkpath(QFileInfo(filePath()).path());
    QSettings s(filePath(), QSettings::IniFormat);
    s.setValue("bios/hle", useHleBios);
    s.setValue("bios/path", biosPath);
    s.setValue("bios/consoleRegion", consoleRegion);
    s.setValue("bios/fastBoot", fastBoot);
    s.setValue("log/toFile", logToFile);
    s.setValue("log/file", logFile);
    s.setValue("pacing/mode", pacingModeText(pacing));
    s.setValue("pacing/maxConsecutivePartial", pacing.maxConsecutivePartial);
    s.setValue("pacing/frameRateHz", pacing.frameRateHz);
    s.setValue("pacing/debtLimitFrames", pacing.debtLimitFrames);
    s.setValue("pacing/headroom", pacing.headroom);
    s.setValue("pacing/warmupFrames", pacing.warmupFrames);
    s.setValue("pacing/learningRate", pacing.learningRate);
    s.setValue("pacing/minSavingFraction", pacing.minSavingFraction);
    s.setValue("pacing/reprobeFrames", pacing.reprobeFrames);
    s.remove("video/frameSkip");
    s.setValue("video/filter", int(filter));
    s.setValue("video/aspect", int(aspect));
    s.setValue("video/windowScale", windowScale);
    s.setValue("video/vsync", vsync);
    s.setValue("video/overlay", overlayVisible);
    s.setValue("audio/enabled", audioEnabled);
    s.setValue("audio/volume", volume);
    s.setValue("audio/muted", audioMuted);
    s.setValue("audio/speedMode", speedAudioStretch ? "stretch" : "mute");
    s.setValue("audio/latencyMs", audioLatencyMs);
    for (int port = 0; port < 2; ++port)
        s.setValue(QString("input/port%1").arg(port + 1), portDevices[port]);
    for (int axis = 0; axis < 4; ++axis)
        s.setValue(QString("analog/axis%1").arg(axis), stickAxes[axis]);
    s.setValue("analog/deadZone", stickDeadZone);
    s.setValue("analog/sensitivity", stickSensitivity);
    s.setValue("analog/analogButton", analogButton);
    s.setValue("analog/rumble", rumble);
    for (int i = 0; i < kPadButtons; ++i) {
        const QString name = QString::fromLatin1(padButtons()[i].name);
        s.setValue("keyboard/" + name, keys[i]);
        s.setValue("controller/" + name, padBindings[i]);
    }
    for (int i = 0; i < kHotkeyCount; ++i)
        s.setValue(QString("hotkeys/%1").arg(i), hotkeys[i].toString(QKeySequence::PortableText));
    s.setValue("recent/files", recentFiles);
    s.setValue("recent/directory", lastDirectory);
    s.setValue("savestates/slot", saveSlot);
    s.setValue("savestates/rewind", rewindEnabled);
    s.setValue("savestates/rewindInterval", rewindInterval);
    s.setValue("savestates/rewindBudgetMiB", rewindBudgetMiB);
    s.setValue("savestates/runAhead", runAhead);
    s.setValue("memcards/perGame", memoryCardsPerGame);
    s.setValue("gamelist/folders", gameFolders);
    savePadSockets(s, *this);
    s.setValue("cpu/engine", cpuRecompiler ? "recompiler" : "interpreter");
    s.setValue("video/renderThread", renderThread);
}

void Settings::addRecent(const QString& path) {
    recentFiles.removeAll(path);
    recentFiles.prepend(path);
    while (recentFiles.size() > 10)
        recentFiles.removeLast();
}

} // namespace app
