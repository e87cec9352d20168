#pragma once
// Persistent settings: an INI file in QStandardPaths::AppConfigLocation.
#include <QKeySequence>
#include <QString>
#include <QStringList>
#include <array>
#include <cstdint>

#include "viewport.h"

namespace app {

constexpr int kPadButtons = 16;

struct PadButtonInfo {
    const char* name;       // shown in the mapping dialog, used as the settings key
    uint16_t bit;           // core::PadState::Button
    int defaultKey;         // Qt::Key, 0 = unbound
    const char* defaultPad; // SDL binding ("button:a", "axis:triggerleft+"), "" = unbound
};
const std::array<PadButtonInfo, kPadButtons>& padButtons();

// Appended only: the settings file stores hotkeys by index.
enum class Hotkey {
    Pause,
    FrameAdvance,
    FastForward,
    Overlay,
    Fullscreen,
    Screenshot,
    QuickSave,
    QuickLoad,
    NextSlot,
    PreviousSlot,
    Rewind,
    Count
};
constexpr int kHotkeyCount = int(Hotkey::Count);
const char* hotkeyName(Hotkey h);
QKeySequence hotkeyDefault(Hotkey h);

// Placeholder until the pacing evaluator lands: stored and shown, not yet acted on.
enum class FrameSkipMode { Off = 0, Auto = 1, Aggressive = 2 };
const char* frameSkipName(FrameSkipMode m);

struct Settings {
    // BIOS: empty path (or useHleBios) = the built-in HLE BIOS.
    bool useHleBios = true;
    QString biosPath;
    FrameSkipMode frameSkip = FrameSkipMode::Auto;
    ScaleFilter filter = ScaleFilter::SharpBilinear;
    AspectMode aspect = AspectMode::Ratio4x3;
    int windowScale = 2; // 1..4
    bool vsync = true;
    bool audioEnabled = true;
    int volume = 100;        // percent
    int audioLatencyMs = 60; // ring target
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

    Settings(); // defaults
    void load();
    void save() const;
    void addRecent(const QString& path);
    static QString filePath();
};

} // namespace app
