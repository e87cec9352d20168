#pragma once
// The main window: menus, status bar, the embedded Vulkan presenter, hotkeys, and the
// emulation session (EmuThread) it starts, pauses, resets and stops.
#include <QLabel>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <QVulkanInstance>
#include <memory>
#include <vector>

#include "audio_output.h"
#include "emu_thread.h"
#include "frame_timeline.h"
#include "game_list.h"
#include "input_manager.h"
#include "log_window.h"
#include "overlay.h"
#include "pacing_panel.h"
#include "pointer_capture.h"
#include "presenter.h"
#include "savestate_menu.h"
#include "settings.h"

class QMenu;
class QAction;
class QActionGroup;
class QStackedWidget;

namespace app {

struct LaunchOptions {
    QString path;               // program or disc to open ("" = built-in demo)
    uint64_t frames = 0;        // run this many frames, then pause (0 = run on)
    QString screenshot;         // after --frames: the emulated frame as PNG
    QString screenshotWindow;   // after --frames: the presented window as PNG
    bool quit = false;          // quit once the frames ran and the screenshots are written
    bool testPattern = false;   // present a generated test pattern instead of emulating
    bool interactive = true;    // false: errors go to stderr, no dialogs (tests)
    uint64_t quicksaveAt = 0;   // quick-save the current slot after this many frames (tests)
    bool audioTestTone = false; // a 440 Hz tone instead of the machine's audio (tests)
    uint64_t quickloadAt = 0;   // quick-load it after this many frames (tests)
    uint64_t undoloadAt = 0;    // undo the load after this many frames (tests)
    bool gameList = false;      // start on the game list (with --quit: capture it once scanned)
    QStringList gameFolders;    // replace the settings' game folders for this run (non-empty)
    uint64_t changeDiscAt = 0;  // change to disc changeDiscIndex after this many frames (tests)
    int changeDiscIndex = 0;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    MainWindow(Settings& settings, const LaunchOptions& options);
    ~MainWindow() override;

    // Creates the Vulkan instance and presenter; false with a message when there is no
    // usable Vulkan device.
    bool initPresenter(QString& error);
    // Opens what the command line asked for (or the built-in demo).
    void startInitial();
    int exitCode() const { return exitCode_; }
    void applyWindowScale() { setWindowScale(settings_.windowScale); }

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;

  private:
    void buildMenus();
    void rebuildRecentMenu();
    void rebuildDiscMenu();
    void openDiscDialog();
    void openExeDialog();
    bool openPath(const QString& path);
    bool openBuiltIn();
    // Starts `program`, or the disc image at `discPath` when that is not empty. On failure a
    // dialog says why and whatever ran before runs on.
    bool startProgram(const std::vector<uint8_t>& program, const QString& title,
                      const std::string& discPath = {});
    // The game list page (true) or the picture (false) in the window.
    void showGameList(bool show);
    bool gameListShown() const;
    void onGameListScanned(int games, int probed, int cached, const QString& cacheError);
    void changeDisc(int index);
    void insertOtherDisc();
    void resetProgram();
    void stopProgram();
    void togglePause();
    void setPaused(bool paused);
    void frameAdvance();
    void toggleFullscreen();
    void setWindowScale(int scale);
    void setFilter(ScaleFilter filter);
    void setAspect(AspectMode aspect);
    void setOverlayVisible(bool visible);
    void togglePacingPanel();
    void applyLogFile(); // the console log's file from the settings
    // Keeps the pacing settings and hands them to the emulation thread (and the panel).
    void applyPacing(const gpu::PacingSettings& pacing, double hostSlowdown,
                     bool fromPanel = false);
    void takeScreenshot();
    void showSettings();
    void showMemoryCardManager();
    // Key and controller mapping, sticks, the pad devices of the next start, rumble.
    void applyInputSettings();
    void applyAudioSettings();
    void updateStatus();
    void error(const QString& title, const QString& text);
    // Like error(), but the dialog does not wait: the game runs on behind it.
    void warning(const QString& title, const QString& text);
    // Memory card files that could not be opened or merged by the last start or stop.
    void reportMemoryCardFiles();
    bool handleKey(QKeyEvent* event, bool pressed);
    // Sends every socket's input to the machine: keyboards and controllers as routed
    // (pad_routing.h) to pads and multitap slots, the host mouse to a Mouse or GunCon
    // (pointer_capture.h).
    void publishInput();
    void maybeCapture();
    void publishTestPattern();
    void onProgramExited(int code);
    QImage overlayImage(QSize maxPixels, qreal dpr);
    bool saveFrame(const QString& file, QString& why);
    // Savestates: everything goes through EmuThread::request (the emulation thread's queue).
    void setupSavestates();
    void applySavestateSettings();
    void saveRequest(EmuRequestKind kind, int slot);
    void selectSlot(int slot);
    void onSavestateMessage(const QString& text, bool ok);
    QString appDataDir() const;

    Settings& settings_;
    LaunchOptions options_;
    FrameMailbox mailbox_;
    FrameTimeline timeline_;
    AudioOutput audio_;
    InputManager input_;
    PointerCapture pointer_;
    // What the running machine's ports hold (settings' portDevices at its start).
    std::array<QString, 2> runningPorts_;
    EmuThread emu_;
    TimingOverlay overlay_;
    std::unique_ptr<QVulkanInstance> vulkan_;
    PresenterWindow* presenter_ = nullptr;
    QWidget* container_ = nullptr;
    QStackedWidget* stack_ = nullptr; // the game list page and the picture (container_)
    GameListWidget* gameList_ = nullptr;
    bool pausedForList_ = false; // the game list paused the running game

    std::vector<uint8_t> program_; // what Reset restarts (or the disc at discPath_)
    std::string discPath_;
    QString title_;
    bool running_ = false;
    int exitedCode_ = -1; // the program's exit code once it exited, else -1
    bool captureArmed_ = false;
    uint64_t captureFrame_ = 0;
    bool captureDone_ = false;
    int exitCode_ = 0;

    QMenu* recentMenu_ = nullptr;
    QMenu* discMenu_ = nullptr;
    QAction* gameListAction_ = nullptr;
    QAction* pauseAction_ = nullptr;
    QAction* overlayAction_ = nullptr;
    QAction* pacingAction_ = nullptr;
    PacingPanel* pacingPanel_ = nullptr;
    LogWindow* logWindow_ = nullptr;
    bool pacingPanelPlaced_ = false;
    QAction* fullscreenAction_ = nullptr;
    QActionGroup* filterGroup_ = nullptr;
    QActionGroup* aspectGroup_ = nullptr;
    SavestateMenu* savestateMenu_ = nullptr;
    QLabel* gameLabel_ = nullptr;
    QLabel* speedLabel_ = nullptr;
    QLabel* fpsLabel_ = nullptr;
    QLabel* stateLabel_ = nullptr;
    QTimer statusTimer_;
    QTimer overlayTimer_;
    QTimer rewindRelease_;
};

} // namespace app
