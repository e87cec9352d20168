#pragma once
// Persistent settings: an INI file in QStandardPaths::AppConfigLocation.
#include <QKeySequence>
#include <QString>
#include <QStringList>
#include <array>
#include <cstdint>

#include "gpu/pacing_evaluator.h"
#include "pad_routing.h"
#include "viewport.h"

namespace app {

constexpr int kPadButtons = 16;

struct PadButtonInfo {
    const char* name;       // shown in the mapping dialog, used as the settings key
    uint16_t bit;           // core::PadState::Button
    int defaultKey;         // Qt::Key, 0 = unbound
    const char* defaultPad; // SDL binding ("button:a", "axis:triggerleft+"), "" = unbound
    int defaultKey2;        // keyboard 2's Qt::Key: none shared with keyboard 1 or a hotkey
};
const std::array<PadButtonInfo, kPadButtons>& padButtons();

// Appended at the end only: the settings file stores hotkeys by index.
enum class Hotkey {
    Pause,
    FrameAdvance,
    FastForward,
    Overlay,
    Fullscreen,
    Screenshot,
    PacingPanel,
    QuickSave,
    QuickLoad,
    NextSlot,
    PreviousSlot,
    Rewind,
    SlowMotion,
    Count
};
constexpr int kHotkeyCount = int(Hotkey::Count);
const char* hotkeyName(Hotkey h);
QKeySequence hotkeyDefault(Hotkey h);

// Frame-skip mode as text: "off", "auto" or "fixed:N" (the --frameskip syntax).
QString pacingModeText(const gpu::PacingSettings& p);
// Ranges of the pacing parameters the settings file, the panel and the command line accept.
struct PacingLimits {
    static constexpr int kMaxFixedSkip = 9;
    static constexpr int kMaxConsecutivePartial = 30;
    static constexpr double kMinHeadroom = 0.3, kMaxHeadroom = 1.0;
    static constexpr double kMaxDebtLimitFrames = 10.0;
    static constexpr double kMaxFrameRateHz = 240.0;
    static constexpr int kMaxWarmupFrames = 600;
    static constexpr int kMaxReprobeFrames = 36000;
};
// Clamps every pacing parameter into its range (values from the INI file are untrusted).
gpu::PacingSettings clampPacing(gpu::PacingSettings p);

struct Settings {
    // BIOS: empty path (or useHleBios) = the built-in HLE BIOS.
    bool useHleBios = true;
    QString biosPath;
    // The console's region for discs (core::System::ConsoleRegion): 0 auto (the disc's
    // licence sector), 1 NTSC-U, 2 NTSC-J, 3 PAL.
    int consoleRegion = 0;
    // With a BIOS image: skip the BIOS's intro for discs (core::System::setFastBoot).
    bool fastBoot = false;
    // The console log (View > Log) also appended to a file, INI group [log]: toFile, file.
    bool logToFile = false;
    QString logFile;
    // Frame skipping (DESIGN.md section 3), INI group [pacing]: mode (off | auto | fixed:N),
    // maxConsecutivePartial, frameRateHz (0: the emulated rate), debtLimitFrames, headroom,
    // warmupFrames, learningRate, minSavingFraction, reprobeFrames; see gpu::PacingSettings.
    gpu::PacingSettings pacing = defaultPacing();
    // Rendering made this many times slower (>= 1; a test and tuning aid; not saved).
    double hostSlowdown = 1.0;
    ScaleFilter filter = ScaleFilter::SharpBilinear;
    AspectMode aspect = AspectMode::Ratio4x3;
    int windowScale = 2; // 1..4
    bool vsync = true;
    bool audioEnabled = true;
    int volume = 100; // percent
    bool audioMuted = false;
    // Fast-forward and slow motion: true = time stretch (tempo follows the speed, pitch
    // stays), false = mute. INI: audio/speedMode = stretch | mute.
    bool speedAudioStretch = true;
    int audioLatencyMs = 60; // ring target
    // What each pad port holds (pad_devices.h ids); INI input/port1, input/port2.
    std::array<QString, 2> portDevices{QString("digital"), QString("digital")};
    // Analog sticks of port 1's device (pad_devices.h): the SDL axis bound to each pad axis in
    // core::PadState::Axis order (RightX, RightY, LeftX, LeftY; "axis:leftx", "" = none),
    // the dead zone and the sensitivity in percent, the Analog button's SDL binding, and
    // whether the motors reach the game controllers. INI group [analog].
    std::array<QString, 4> stickAxes{QString("axis:rightx"), QString("axis:righty"),
                                     QString("axis:leftx"), QString("axis:lefty")};
    int stickDeadZone = 10;     // 0..50
    int stickSensitivity = 100; // 50..200
    QString analogButton = "button:guide";
    bool rumble = true;
    std::array<int, kPadButtons> keys{};
    std::array<QString, kPadButtons> padBindings{};
    std::array<QKeySequence, kHotkeyCount> hotkeys{};
    QStringList recentFiles;
    bool overlayVisible = false;
    QString lastDirectory;
    // Savestates (savestate_menu.h).
    int saveSlot = 0;
    bool rewindEnabled = true;
    int rewindInterval = 10; // frames between snapshots
    int rewindBudgetMiB = 64;
    int runAhead = 0; // 0-4 frames
    // Memory cards named by the game id instead of the shared card1/card2 (savestate_paths.h).
    bool memoryCardsPerGame = false;
    // Game list (game_list.h): the folders it scans.
    QStringList gameFolders;
    // The CPU engine (core::Cpu::setEngine), INI cpu/engine = interpreter | recompiler.
    bool cpuRecompiler = false;

    // --- Second keyboard, multitaps and their cards (issue 17) ---
    // Keyboard 2's key for each pad button (INI group [keyboard2]).
    std::array<int, kPadButtons> keys2{};
    // The device in each multitap slot A-D while portDevices[port] is "multitap" (pad-driven
    // ids of pad_devices.h); INI input/tap1, input/tap2 = "digital,dualshock,digital,digital".
    std::array<std::array<QString, 4>, 2> tapDevices{};
    // Who drives each pad socket (pad_routing.h): socketKeyboard 0 none, 1 or 2;
    // socketController kControllerAuto, kControllerNone or controller N. INI input/keyboard1A..,
    // input/controller1A.. (slot A is the port's own pad without a multitap).
    std::array<int, kPadSockets> socketKeyboard{1, 0, 0, 0, 2, 0, 0, 0};
    std::array<int, kPadSockets> socketController{-1, -1, -1, -1, -1, -1, -1, -1};
    // A memory card in multitap slots B-D of each port ([port][slot - 1]); the files are
    // savestate_paths.h memoryCardPath(.., card, ..). INI memcards/tap1B.. .
    std::array<std::array<bool, 3>, 2> tapCards{};
    // The GPU's drawing on a worker thread (gpu::Gpu::setRenderThread; issue 16 item 1).
    // INI video/renderThread.
    bool renderThread = false;

    Settings();                                 // defaults
    static gpu::PacingSettings defaultPacing(); // the evaluator's defaults, mode auto
    void load();
    void save() const;
    void addRecent(const QString& path);
    static QString filePath();
};

} // namespace app
