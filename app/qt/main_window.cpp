#include "main_window.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeyEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVulkanFunctions>
#include <cstdio>
#include <filesystem>

#include "assets/embedded.h"
#include "memcard_dialog.h"
#include "pad_devices.h"
#include "savestate_paths.h"
#include "settings_dialog.h"
#include "test_pattern.h"

namespace app {

namespace {
constexpr glm::ivec2 kBaseSize{320, 240}; // 1x window scale: a 320x240 4:3 picture

bool readFile(const QString& path, std::vector<uint8_t>& out, QString& why) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        why = f.errorString();
        return false;
    }
    const QByteArray data = f.readAll();
    out.assign(data.begin(), data.end());
    return true;
}

bool isDiscImage(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == "cue" || suffix == "bin" || suffix == "iso" || suffix == "chd" ||
           suffix == "img" || suffix == "m3u";
}

const char* const kDiscFilter = "Disc images (*.cue *.bin *.iso *.chd *.img *.m3u);;All files (*)";
} // namespace

MainWindow::MainWindow(Settings& settings, const LaunchOptions& options)
    : settings_(settings), options_(options), input_(this), emu_(mailbox_, timeline_, &audio_) {
    setWindowTitle("Skipjack");
    setAcceptDrops(true);
    // The start page (game list) and, once initPresenter ran, the picture.
    stack_ = new QStackedWidget(this);
    gameList_ = new GameListWidget(QDir(appDataDir()).filePath("gamelist.json"), stack_);
    stack_->addWidget(gameList_);
    setCentralWidget(stack_);
    if (!options_.gameFolders.isEmpty()) settings_.gameFolders = options_.gameFolders;
    connect(gameList_, &GameListWidget::startRequested, this,
            [this](const QString& path) { openPath(path); });
    connect(gameList_, &GameListWidget::foldersChanged, this, [this](const QStringList& folders) {
        settings_.gameFolders = folders;
        if (!options_.quit) settings_.save();
    });
    connect(gameList_, &GameListWidget::scanFinished, this, &MainWindow::onGameListScanned);
    pacingPanel_ = new PacingPanel(this);
    addDockWidget(Qt::RightDockWidgetArea, pacingPanel_);
    pacingPanel_->hide();
    buildMenus();
    applyLogFile();
    connect(
        pacingPanel_, &PacingPanel::changed, this,
        [this](const gpu::PacingSettings& p, double slowdown) { applyPacing(p, slowdown, true); });
    connect(pacingPanel_, &QDockWidget::visibilityChanged, this,
            [this](bool visible) { pacingAction_->setChecked(visible); });
    applyPacing(settings_.pacing, settings_.hostSlowdown);

    gameLabel_ = new QLabel(this);
    stateLabel_ = new QLabel(this);
    speedLabel_ = new QLabel(this);
    fpsLabel_ = new QLabel(this);
    statusBar()->addWidget(gameLabel_, 1);
    statusBar()->addPermanentWidget(stateLabel_);
    statusBar()->addPermanentWidget(speedLabel_);
    statusBar()->addPermanentWidget(fpsLabel_);
    connect(&statusTimer_, &QTimer::timeout, this, &MainWindow::updateStatus);
    statusTimer_.start(500);
    // While paused no frames arrive; keep a visible overlay live anyway.
    connect(&overlayTimer_, &QTimer::timeout, this, [this] {
        if (presenter_ && presenter_->overlayVisible()) presenter_->requestUpdate();
    });
    overlayTimer_.start(100);

    // Signals of a session that has since been stopped or replaced are stale.
    connect(
        &emu_, &EmuThread::programExited, this,
        [this](int code, quint64 session) {
            if (session == emu_.session()) onProgramExited(code);
        },
        Qt::QueuedConnection);
    connect(
        &emu_, &EmuThread::stopAfterReached, this,
        [this](quint64, quint64 session) {
            if (session == emu_.session()) maybeCapture();
        },
        Qt::QueuedConnection);
    connect(&input_, &InputManager::buttonsChanged, this, [this](quint16) { publishInput(); });
    pointer_.onMotion = [this](unsigned port, int dx, int dy) {
        emu_.addMouseMotion(port, dx, dy);
    };
    connect(&pointer_, &PointerCapture::changed, this, [this] { publishInput(); });
    connect(&pointer_, &PointerCapture::captureChanged, this, [this](bool captured) {
        if (!captured) emu_.clearMouseMotion();
        if (captured)
            statusBar()->showMessage("Mouse captured by the game: press Escape to release it");
        else
            statusBar()->clearMessage();
    });

    QString why;
    if (!input_.initControllers(why))
        std::fprintf(stderr, "skipjack: game controllers unavailable: %s\n", qPrintable(why));
    applyInputSettings();
    applyAudioSettings();
    setupSavestates();
    qApp->installEventFilter(this);
}

MainWindow::~MainWindow() {
    qApp->removeEventFilter(this);
    emu_.stop();
    audio_.close();
    pointer_.setWindow(nullptr);
    delete container_; // the presenter window goes with its container, before the instance
    container_ = nullptr;
    presenter_ = nullptr;
}

bool MainWindow::initPresenter(QString& message) {
    const bool showList = container_ && gameListShown();
    if (container_) {
        pointer_.setWindow(nullptr);
        delete container_; // leaves the stack with it
        container_ = nullptr;
        presenter_ = nullptr;
    }
    vulkan_.reset();
    // QVulkanWindow always asks for FIFO; Mesa's drivers honour this override, read when
    // the instance enumerates its devices, so vsync changes rebuild the instance.
    if (settings_.vsync)
        qunsetenv("MESA_VK_WSI_PRESENT_MODE");
    else
        qputenv("MESA_VK_WSI_PRESENT_MODE", "immediate");
    vulkan_ = std::make_unique<QVulkanInstance>();
    if (!vulkan_->create()) {
        message = QString("Vulkan is not available (vkCreateInstance failed, VkResult %1). "
                          "Install a Vulkan driver; Mesa's software driver (lavapipe) is enough.")
                      .arg(vulkan_->errorCode());
        vulkan_.reset();
        return false;
    }
    QVulkanFunctions* f = vulkan_->functions();
    uint32_t count = 0;
    f->vkEnumeratePhysicalDevices(vulkan_->vkInstance(), &count, nullptr);
    if (count == 0) {
        message = "No Vulkan device was found. Install a Vulkan driver; Mesa's software driver "
                  "(lavapipe, package mesa-vulkan-drivers) is enough.";
        vulkan_.reset();
        return false;
    }
    presenter_ = new PresenterWindow(mailbox_, timeline_);
    presenter_->setVulkanInstance(vulkan_.get());
    presenter_->setFilter(settings_.filter);
    presenter_->setAspect(settings_.aspect);
    presenter_->setOverlayPainter(
        [this](QSize maxPixels, qreal dpr) { return overlayImage(maxPixels, dpr); });
    presenter_->setOverlayVisible(settings_.overlayVisible);
    connect(&emu_, &EmuThread::frameReady, presenter_, &QWindow::requestUpdate,
            Qt::QueuedConnection);
    connect(presenter_, &PresenterWindow::presented, this, [this](quint64) {
        maybeCapture();
        // The picture's size may have changed under a still cursor.
        if (pointer_.pointer().hasGun()) pointer_.reaim();
    });
    pointer_.setWindow(presenter_);
    connect(presenter_, &PresenterWindow::rendererFailed, this,
            [this](const QString& what) { error("Vulkan presenter", what); });
    container_ = QWidget::createWindowContainer(presenter_, this);
    container_->setMinimumSize(160, 120);
    container_->setFocusPolicy(Qt::StrongFocus);
    stack_->addWidget(container_);
    showGameList(showList);
    return true;
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu("&File");
    file->addAction("Open &disc image...", QKeySequence::Open, this, &MainWindow::openDiscDialog);
    file->addAction("Open PS-&EXE...", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                    &MainWindow::openExeDialog);
    recentMenu_ = file->addMenu("Open &recent");
    rebuildRecentMenu();
    // Files come and go while the app runs: look again each time the menu opens.
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    gameListAction_ = file->addAction("&Game list", QKeySequence(Qt::CTRL | Qt::Key_L), this,
                                      [this] { showGameList(!gameListShown()); });
    gameListAction_->setCheckable(true);
    file->addAction("Run built-in &demo", this, [this] { openBuiltIn(); });
    file->addSeparator();
    file->addAction("Save &screenshot\tF12", this, &MainWindow::takeScreenshot);
    file->addSeparator();
    file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);

    QMenu* emu = menuBar()->addMenu("&Emulation");
    emu->addAction("&Start", this, [this] {
        if (!program_.empty() || !discPath_.empty())
            startProgram(std::vector<uint8_t>(program_), title_, std::string(discPath_));
        else
            openBuiltIn();
    });
    pauseAction_ = emu->addAction("&Pause", this, &MainWindow::togglePause);
    pauseAction_->setCheckable(true);
    emu->addAction("&Frame advance", this, &MainWindow::frameAdvance);
    emu->addAction("&Reset", QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::resetProgram);
    emu->addAction("S&top", this, &MainWindow::stopProgram);
    emu->addSeparator();
    discMenu_ = emu->addMenu("Change &disc");
    connect(discMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildDiscMenu);
    rebuildDiscMenu();

    savestateMenu_ = new SavestateMenu(this);
    menuBar()->addMenu(savestateMenu_);

    QMenu* view = menuBar()->addMenu("&View");
    fullscreenAction_ = view->addAction("&Fullscreen", this, &MainWindow::toggleFullscreen);
    fullscreenAction_->setCheckable(true);
    QMenu* scale = view->addMenu("Window &scale");
    for (int s = 1; s <= 4; ++s)
        scale->addAction(QString("%1x").arg(s), this, [this, s] { setWindowScale(s); });
    QMenu* aspect = view->addMenu("&Aspect ratio");
    aspectGroup_ = new QActionGroup(this);
    for (AspectMode m : {AspectMode::Ratio4x3, AspectMode::Stretch, AspectMode::Integer}) {
        QAction* a = aspect->addAction(aspectName(m), this, [this, m] { setAspect(m); });
        a->setCheckable(true);
        a->setChecked(m == settings_.aspect);
        a->setData(int(m));
        aspectGroup_->addAction(a);
    }
    QMenu* filter = view->addMenu("Scaling &filter");
    filterGroup_ = new QActionGroup(this);
    for (ScaleFilter f :
         {ScaleFilter::Nearest, ScaleFilter::Bilinear, ScaleFilter::SharpBilinear}) {
        QAction* a = filter->addAction(filterName(f), this, [this, f] { setFilter(f); });
        a->setCheckable(true);
        a->setChecked(f == settings_.filter);
        a->setData(int(f));
        filterGroup_->addAction(a);
    }
    overlayAction_ = view->addAction("Frame-timing &overlay", this,
                                     [this] { setOverlayVisible(!presenter_->overlayVisible()); });
    overlayAction_->setCheckable(true);
    overlayAction_->setChecked(settings_.overlayVisible);
    pacingAction_ = view->addAction("Frame &pacing panel", this, &MainWindow::togglePacingPanel);
    pacingAction_->setCheckable(true);
    // The emulated console's text (what programs print), kept while the window is hidden.
    logWindow_ = new LogWindow(emu_.consoleLog(), this);
    view->addAction("&Log", this, [this] {
        logWindow_->show();
        logWindow_->raise();
        logWindow_->activateWindow();
    });

    QMenu* tools = menuBar()->addMenu("&Settings");
    tools->addAction("&Settings...", this, &MainWindow::showSettings);
    QMenu* toolsMenu = menuBar()->addMenu("&Tools");
    toolsMenu->addAction("&Memory Card Manager...", this, &MainWindow::showMemoryCardManager);
}

void MainWindow::applyInputSettings() {
    input_.setMapping(settings_.keys, settings_.padBindings);
    input_.setSecondKeys(settings_.keys2);
    input_.setAnalogMapping(settings_.stickAxes, settings_.stickDeadZone,
                            settings_.stickSensitivity, settings_.analogButton);
    const PadDeviceInfo& port1 = padDevice(settings_.portDevices[0]);
    const PadDeviceInfo& port2 = padDevice(settings_.portDevices[1]);
    emu_.setPadTypes(port1.type, port2.type); // from the next start
    for (unsigned port = 0; port < 2; ++port) {
        std::array<core::Controller::Type, 4> tap{};
        for (int slot = 0; slot < 4; ++slot)
            tap[size_t(slot)] = controllerType(tapSlotDevice(settings_.tapDevices[port][slot]));
        emu_.setTapTypes(port, tap);
    }
    if (!emu_.active()) runningPorts_ = settings_.portDevices;
    // Who drives what applies at once, to the sockets of the running machine.
    input_.setRouting(padSockets(runningPorts_), settings_.socketKeyboard,
                      settings_.socketController);
    // Each controller feels the motors of the DualShock in its own socket.
    input_.setRumbleSource([this](int socket) { return emu_.motors(socket); }, settings_.rumble);
}

void MainWindow::showMemoryCardManager() {
    // Console cards: the running game's (through the emulation thread, edits between frames),
    // else the shared card files through their journals.
    CardSlot::ConsoleAccess access;
    access.gameRunning = [this] { return emu_.active(); };
    access.running = [this](int port, std::vector<uint8_t> base, std::vector<uint8_t> edited) {
        return emu_.accessMemoryCard(port, std::move(base), std::move(edited));
    };
    const std::string appData = appDataDir().toStdString();
    access.path = [appData](int port) {
        std::error_code ec;
        std::filesystem::create_directories(
            std::filesystem::path(memoryCardPath(appData, port)).parent_path(), ec);
        return memoryCardPath(appData, port);
    };
    MemoryCardDialog dialog(access, settings_.lastDirectory, this);
    dialog.exec();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    recentMenu_->setToolTipsVisible(true);
    bool missing = false;
    for (const QString& path : settings_.recentFiles) {
        const bool exists = QFileInfo::exists(path);
        missing = missing || !exists;
        QAction* a = recentMenu_->addAction(exists ? QFileInfo(path).fileName()
                                                   : QFileInfo(path).fileName() + " (missing)",
                                            this, [this, path] { openPath(path); });
        a->setToolTip(path);
        a->setEnabled(exists); // greyed: the file was moved or deleted
    }
    if (!settings_.recentFiles.isEmpty()) {
        recentMenu_->addSeparator();
        QAction* prune = recentMenu_->addAction("Remove &missing files", this, [this] {
            const qsizetype before = settings_.recentFiles.size();
            settings_.recentFiles.removeIf([](const QString& p) { return !QFileInfo::exists(p); });
            statusBar()->showMessage(QString("Removed %1 missing file(s) from the recent list")
                                         .arg(before - settings_.recentFiles.size()),
                                     4000);
            // Not from inside the action's own signal: rebuilding deletes the action.
            QTimer::singleShot(0, this, &MainWindow::rebuildRecentMenu);
        });
        prune->setEnabled(missing);
        recentMenu_->addAction("&Clear list", this, [this] {
            settings_.recentFiles.clear();
            QTimer::singleShot(0, this, &MainWindow::rebuildRecentMenu);
        });
    }
    recentMenu_->setEnabled(!settings_.recentFiles.isEmpty());
}

void MainWindow::rebuildDiscMenu() {
    discMenu_->clear();
    const bool running = emu_.active() && running_;
    const DiscList discs = running ? emu_.discs() : DiscList{};
    for (size_t i = 0; i < discs.paths.size(); ++i) {
        const QString name = QFileInfo(QString::fromStdString(discs.paths[i])).fileName();
        QAction* a = discMenu_->addAction(QString("Disc &%1: %2").arg(i + 1).arg(name), this,
                                          [this, i] { changeDisc(int(i)); });
        a->setCheckable(true);
        a->setChecked(i == discs.current);
        a->setToolTip(QString::fromStdString(discs.paths[i]));
    }
    if (!discs.paths.empty()) discMenu_->addSeparator();
    discMenu_->addAction("&Other image...", this, &MainWindow::insertOtherDisc)
        ->setEnabled(running);
    discMenu_->setToolTipsVisible(true);
}

void MainWindow::changeDisc(int index) {
    if (!emu_.active() || !running_) return;
    // The emulation thread opens the lid, swaps and closes it between frames (emu_requests.h).
    emu_.request({EmuRequestKind::ChangeDisc, index, {}});
}

void MainWindow::insertOtherDisc() {
    if (!emu_.active() || !running_) return;
    const QString path =
        QFileDialog::getOpenFileName(this, "Change disc", settings_.lastDirectory, kDiscFilter);
    if (path.isEmpty()) return;
    settings_.lastDirectory = QFileInfo(path).path();
    emu_.request({EmuRequestKind::InsertDisc, 0, QFileInfo(path).absoluteFilePath().toStdString()});
}

bool MainWindow::gameListShown() const {
    return stack_->currentWidget() == gameList_;
}

void MainWindow::showGameList(bool show) {
    if (show == gameListShown() && (show || stack_->currentWidget() == container_)) return;
    if (show) {
        // A running game waits while the list is in front, and goes on when it leaves.
        if (emu_.active() && running_ && !emu_.paused()) {
            setPaused(true);
            pausedForList_ = true;
        }
        pointer_.release(); // the host mouse is the list's now
        stack_->setCurrentWidget(gameList_);
        gameList_->setFocus();
    } else if (container_) {
        stack_->setCurrentWidget(container_);
        container_->setFocus();
        if (pausedForList_ && emu_.active() && running_) setPaused(false);
        pausedForList_ = false;
    }
    if (gameListAction_) gameListAction_->setChecked(gameListShown());
}

void MainWindow::onGameListScanned(int games, int probed, int cached, const QString& cacheError) {
    if (!options_.gameList && games == 0) return; // no folders: nothing to say
    std::printf("skipjack: game list: %d entries (%d read, %d from the cache)\n", games, probed,
                cached);
    for (const GameEntry& e : gameList_->entries())
        std::printf("skipjack: game list: %s | %s | %s | %s | %s%s\n", qPrintable(e.fileName()),
                    qPrintable(e.title()), qPrintable(e.serial), qPrintable(e.region),
                    qPrintable(e.format), e.error.isEmpty() ? "" : qPrintable(" | " + e.error));
    if (!cacheError.isEmpty()) std::fprintf(stderr, "skipjack: %s\n", qPrintable(cacheError));
    std::fflush(stdout);
    // --game-list with --screenshot-window / --quit: the scanned list is the picture. With
    // --frames the run goes on: a game started from the list is captured at that frame.
    if (!options_.gameList || !gameListShown() || running_ || options_.frames > 0) return;
    if (!options_.screenshotWindow.isEmpty() && !grab()
                                                     .toImage()
                                                     .convertToFormat(QImage::Format_RGB888)
                                                     .save(options_.screenshotWindow, "PNG")) {
        std::fprintf(stderr, "skipjack: --screenshot-window: cannot write %s\n",
                     qPrintable(options_.screenshotWindow));
        exitCode_ = 1;
    }
    if (options_.quit) QApplication::exit(exitCode_);
}

void MainWindow::error(const QString& title, const QString& text) {
    std::fprintf(stderr, "skipjack: %s: %s\n", qPrintable(title), qPrintable(text));
    if (options_.interactive) QMessageBox::critical(this, title, text);
}

void MainWindow::warning(const QString& title, const QString& text) {
    std::fprintf(stderr, "skipjack: %s: %s\n", qPrintable(title), qPrintable(text));
    std::fflush(stderr);
    if (!options_.interactive) return;
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::reportMemoryCardFiles() {
    const std::string why = emu_.takeMemoryCardFileError();
    if (why.empty()) return;
    error("Memory cards",
          QString::fromStdString(why) +
              "\nThe card's writes stay in its journal file (beside the card image) and are "
              "merged the next time the card opens cleanly.");
}

void MainWindow::startInitial() {
    if (options_.testPattern) {
        publishTestPattern();
        if (options_.frames > 0) {
            captureArmed_ = true;
            captureFrame_ = 1;
        }
        return;
    }
    gameList_->setFolders(settings_.gameFolders); // scans on its worker thread
    // With nothing to open: the game list once the user has game folders, else the demo.
    if (options_.path.isEmpty() && (options_.gameList || !settings_.gameFolders.isEmpty())) {
        showGameList(true);
        return;
    }
    bool ok = options_.path.isEmpty() ? openBuiltIn() : openPath(options_.path);
    if (!ok && !options_.interactive) {
        exitCode_ = 2;
        QTimer::singleShot(0, qApp, [] { QApplication::exit(2); });
    }
}

void MainWindow::openDiscDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, "Open disc image", settings_.lastDirectory, kDiscFilter);
    if (path.isEmpty()) return;
    settings_.lastDirectory = QFileInfo(path).path();
    openPath(path);
}

void MainWindow::openExeDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, "Open PS-EXE", settings_.lastDirectory,
                                     "PlayStation programs (*.exe *.psx *.ps-exe);;All files (*)");
    if (path.isEmpty()) return;
    settings_.lastDirectory = QFileInfo(path).path();
    openPath(path);
}

bool MainWindow::openPath(const QString& path) {
    const QFileInfo info(path);
    const QString absolute = info.absoluteFilePath();
    if (!info.isFile()) {
        // Typically a recent entry whose file was moved or deleted: it leaves the list.
        const bool wasRecent = settings_.recentFiles.removeAll(absolute) > 0;
        if (wasRecent) rebuildRecentMenu();
        error("Cannot open",
              QString("Cannot read %1: the file does not exist%2.")
                  .arg(absolute, wasRecent ? " (removed from the recent list)" : ""));
        return false;
    }
    bool ok = false;
    if (isDiscImage(path)) {
        // The core reads the image itself (lazily: a disc is not loaded into memory).
        ok = startProgram({}, info.fileName(), absolute.toStdString());
    } else {
        std::vector<uint8_t> data;
        QString why;
        if (!readFile(path, data, why)) {
            error("Cannot open program", QString("Cannot read %1: %2").arg(absolute, why));
            return false;
        }
        ok = startProgram(data, info.fileName());
    }
    if (!ok) return false; // nothing recorded: the recent list only holds what started
    settings_.addRecent(absolute);
    rebuildRecentMenu();
    return true;
}

bool MainWindow::openBuiltIn() {
    std::span<const uint8_t> demo = assets::embeddedProgram("skipjack-demo");
    QString name = "skipjack-demo";
    if (demo.empty()) {
        const auto names = assets::embeddedProgramNames();
        if (names.empty()) {
            error("No built-in program", "This build has no built-in program; open one instead.");
            return false;
        }
        name = QString::fromUtf8(names.front().data(), qsizetype(names.front().size()));
        demo = assets::embeddedProgram(names.front());
    }
    return startProgram(std::vector<uint8_t>(demo.begin(), demo.end()), name + " (built in)");
}

bool MainWindow::startProgram(const std::vector<uint8_t>& program, const QString& title,
                              const std::string& discPath) {
    std::vector<uint8_t> bios;
    const bool useFile = !settings_.useHleBios && !settings_.biosPath.isEmpty();
    if (useFile) {
        QString why;
        if (!readFile(settings_.biosPath, bios, why)) {
            error("Cannot load BIOS",
                  QString("Cannot read the BIOS file %1: %2\nChoose another file or the "
                          "built-in HLE BIOS in Settings.")
                      .arg(settings_.biosPath, why));
            return false;
        }
    }
    std::string why;
    emu_.setStopAfter(options_.frames);
    emu_.setAudioTestTone(options_.audioTestTone);
    emu_.setConsoleRegion(static_cast<core::System::ConsoleRegion>(settings_.consoleRegion));
    emu_.setFastBoot(settings_.fastBoot);
    emu_.setCpuRecompiler(settings_.cpuRecompiler);
    emu_.setScriptedSaves(options_.quicksaveAt, options_.quickloadAt, settings_.saveSlot,
                          options_.undoloadAt);
    emu_.setScriptedDiscChange(options_.changeDiscAt, options_.changeDiscIndex);
    // A file that does not start leaves the running game running (EmuThread::start builds the
    // new machine first) and changes nothing here.
    if (!emu_.start(program, useFile ? &bios : nullptr, why, false, discPath)) {
        error("Cannot start", QString("%1: %2").arg(title, QString::fromStdString(why)));
        updateStatus();
        return false;
    }
    reportMemoryCardFiles();
    // The devices this machine was started with (applyInputSettings chose them).
    pointer_.setDrives(padDevice(settings_.portDevices[0]).drive,
                       padDevice(settings_.portDevices[1]).drive);
    runningPorts_ = settings_.portDevices;
    input_.setRouting(padSockets(runningPorts_), settings_.socketKeyboard,
                      settings_.socketController);
    publishInput();
    if (program_.data() != program.data()) program_ = program;
    discPath_ = discPath;
    title_ = title;
    // A disc's serial (its game id) names its savestates and memory cards: show it.
    const QString id = QString::fromStdString(emu_.gameId());
    if (!discPath.empty() && !id.isEmpty() && !title.contains(id)) title_ += " [" + id + "]";
    running_ = true;
    exitedCode_ = -1;
    captureArmed_ = options_.frames > 0 && !captureDone_;
    captureFrame_ = options_.frames;
    pauseAction_->setChecked(false);
    savestateMenu_->setGame(appDataDir(), emu_.gameId(), true);
    setWindowTitle(QString("%1 - Skipjack").arg(title_));
    std::printf("skipjack: started %s\n", qPrintable(title_));
    std::fflush(stdout);
    pausedForList_ = false;
    showGameList(false);
    updateStatus();
    return true;
}

void MainWindow::resetProgram() {
    if (program_.empty() && discPath_.empty()) return;
    const std::vector<uint8_t> program = program_;
    const std::string disc = discPath_;
    startProgram(program, title_, disc);
}

void MainWindow::stopProgram() {
    pointer_.release();
    emu_.stop();
    reportMemoryCardFiles();
    running_ = false;
    exitedCode_ = -1;
    mailbox_.clear();
    savestateMenu_->setGame(appDataDir(), {}, false);
    if (presenter_) presenter_->requestUpdate();
    setWindowTitle("Skipjack");
    showGameList(true); // the start page: pick the next game
    updateStatus();
}

void MainWindow::onProgramExited(int code) {
    running_ = false;
    exitedCode_ = code;
    statusBar()->showMessage(QString("Program exited with code %1").arg(code), 5000);
    updateStatus();
    if (captureArmed_) {
        // The program ended before --frames: capture what it left on screen.
        captureFrame_ = emu_.framesRun();
        maybeCapture();
    }
}

void MainWindow::setPaused(bool paused) {
    if (!emu_.active() || !running_) return;
    emu_.setPaused(paused);
    pauseAction_->setChecked(paused);
    audio_.setMuted(paused || settings_.audioMuted);
    updateStatus();
}

void MainWindow::togglePause() {
    setPaused(!emu_.paused());
}

void MainWindow::frameAdvance() {
    if (!emu_.active() || !running_) return;
    emu_.frameAdvance();
    pauseAction_->setChecked(true);
    updateStatus();
}

void MainWindow::toggleFullscreen() {
    if (isFullScreen()) {
        showNormal();
        menuBar()->show();
        statusBar()->show();
    } else {
        menuBar()->hide();
        statusBar()->hide();
        showFullScreen();
        // Without a window manager (bare X servers, Xvfb) nothing resizes the window for
        // the fullscreen state: cover the screen ourselves.
        QTimer::singleShot(150, this, [this] {
            if (isFullScreen() && screen() && geometry() != screen()->geometry())
                setGeometry(screen()->geometry());
        });
    }
    fullscreenAction_->setChecked(isFullScreen());
}

void MainWindow::setWindowScale(int scale) {
    settings_.windowScale = std::clamp(scale, 1, 4);
    if (isFullScreen()) toggleFullscreen();
    if (isMaximized()) showNormal();
    // Menu and status bar heights from their size hints: valid before the first layout.
    const int extra = (menuBar()->isVisible() ? menuBar()->sizeHint().height() : 0) +
                      (statusBar()->isVisible() ? statusBar()->sizeHint().height() : 0);
    resize(QSize(kBaseSize.x, kBaseSize.y) * settings_.windowScale + QSize(0, extra));
}

void MainWindow::setFilter(ScaleFilter filter) {
    settings_.filter = filter;
    if (presenter_) presenter_->setFilter(filter);
    for (QAction* a : filterGroup_->actions())
        a->setChecked(a->data().toInt() == int(filter));
}

void MainWindow::setAspect(AspectMode aspect) {
    settings_.aspect = aspect;
    if (presenter_) presenter_->setAspect(aspect);
    pointer_.reaim();
    for (QAction* a : aspectGroup_->actions())
        a->setChecked(a->data().toInt() == int(aspect));
}

void MainWindow::setOverlayVisible(bool visible) {
    settings_.overlayVisible = visible;
    if (presenter_) presenter_->setOverlayVisible(visible);
    overlayAction_->setChecked(visible);
}

void MainWindow::togglePacingPanel() {
    if (pacingPanel_->isVisible()) {
        pacingPanel_->hide();
        return;
    }
    // First shown floating beside the window, so the picture keeps its size; it can be
    // docked by the user.
    if (!pacingPanelPlaced_) {
        pacingPanelPlaced_ = true;
        pacingPanel_->setFloating(true);
        pacingPanel_->adjustSize();
        pacingPanel_->move(frameGeometry().topRight() + QPoint(8, 0));
    }
    pacingPanel_->show();
    pacingPanel_->raise();
}

void MainWindow::applyPacing(const gpu::PacingSettings& pacing, double hostSlowdown,
                             bool fromPanel) {
    settings_.pacing = clampPacing(pacing);
    settings_.hostSlowdown = std::max(hostSlowdown, 1.0);
    emu_.setPacing(settings_.pacing);
    emu_.setHostSlowdown(settings_.hostSlowdown);
    if (!fromPanel) pacingPanel_->setValues(settings_.pacing, settings_.hostSlowdown);
}

QImage MainWindow::overlayImage(QSize maxPixels, qreal dpr) {
    OverlayInfo info;
    info.timeline = timeline_.snapshot(TimingOverlay::kFrames, hostNowNs());
    info.audioOpen = audio_.isOpen();
    info.audioFillMs = audio_.fillMs();
    info.audioTargetMs = audio_.targetMs();
    info.audioUnderruns = audio_.underruns();
    info.pacing = timeline_.pacing();
    info.settings = settings_.pacing;
    info.hostSlowdown = settings_.hostSlowdown;
    info.paused = emu_.active() && emu_.paused();
    info.fastForward = emu_.fastForward();
    return overlay_.paint(info, maxPixels, dpr);
}

bool MainWindow::saveFrame(const QString& file, QString& why) {
    const DisplayFrame f = mailbox_.copyLatest();
    if (!f.displayOn || f.width == 0 || f.height == 0) {
        why = "the display is off: there is no picture";
        return false;
    }
    QImage img(f.rgba.data(), int(f.width), int(f.height), int(f.width) * 4,
               QImage::Format_RGBA8888);
    if (!img.copy().convertToFormat(QImage::Format_RGB888).save(file, "PNG")) {
        why = "cannot write " + file;
        return false;
    }
    return true;
}

void MainWindow::takeScreenshot() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    QDir().mkpath(dir);
    const QString file =
        QDir(dir).filePath(QString("skipjack-%1.png")
                               .arg(QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss-zzz")));
    QString why;
    if (saveFrame(file, why))
        statusBar()->showMessage("Screenshot saved to " + file, 5000);
    else
        statusBar()->showMessage("No screenshot: " + why, 5000);
}

void MainWindow::maybeCapture() {
    if (!captureArmed_ || captureDone_ || !presenter_) return;
    const DisplayFrame latest = mailbox_.copyLatest();
    const bool reached = options_.testPattern || emu_.framesRun() >= captureFrame_ || !running_;
    if (!reached || presenter_->presentedFrame() != latest.frame) return;
    captureDone_ = true;
    captureArmed_ = false;
    // Leave the event handler (grab() renders a frame itself) before capturing.
    QTimer::singleShot(0, this, [this] {
        int failures = 0;
        QString why;
        if (!options_.screenshot.isEmpty() && !saveFrame(options_.screenshot, why)) {
            std::fprintf(stderr, "skipjack: --screenshot: %s\n", qPrintable(why));
            // A display that is off is a valid state to check, not a failure of the app.
            if (mailbox_.copyLatest().displayOn) ++failures;
        }
        if (!options_.screenshotWindow.isEmpty()) {
            QImage shot;
            if (presenter_->supportsGrab()) {
                shot = presenter_->grab();
                // grab() copies the swapchain bytes into an RGBA8888 QImage as they are; a
                // BGRA swapchain needs its red and blue exchanged.
                const VkFormat fmt = presenter_->colorFormat();
                if (fmt == VK_FORMAT_B8G8R8A8_UNORM || fmt == VK_FORMAT_B8G8R8A8_SRGB)
                    shot = shot.rgbSwapped();
            }
            if (shot.isNull() && screen())
                shot = screen()->grabWindow(container_->winId()).toImage();
            if (shot.isNull() || !shot.convertToFormat(QImage::Format_RGB888)
                                      .save(options_.screenshotWindow, "PNG")) {
                std::fprintf(stderr, "skipjack: --screenshot-window: cannot capture the window\n");
                ++failures;
            }
        }
        const FrameTimeline::Pacing pacing = timeline_.pacing();
        std::printf("skipjack: captured frame %llu (%dx%d presenter); frame skip %s: %llu of "
                    "%llu frames partial\n",
                    static_cast<unsigned long long>(presenter_->presentedFrame()),
                    presenter_->width(), presenter_->height(),
                    qPrintable(pacingModeText(settings_.pacing)),
                    static_cast<unsigned long long>(pacing.partialFrames),
                    static_cast<unsigned long long>(pacing.frames));
        std::printf("skipjack: audio: %llu underruns, %llu overflows, %llu skips; emulation fell "
                    "behind real time %llu times\n",
                    static_cast<unsigned long long>(audio_.underruns()),
                    static_cast<unsigned long long>(audio_.overflows()),
                    static_cast<unsigned long long>(audio_.skips()),
                    static_cast<unsigned long long>(emu_.fellBehind()));
        std::fflush(stdout);
        if (options_.quit) {
            // The clean close of a real quit (closeEvent): the memory cards are merged now,
            // and a failure is the run's failure.
            emu_.stop();
            if (!emu_.takeMemoryCardFileError().empty()) ++failures;
        }
        if (failures) exitCode_ = 1;
        if (options_.quit) QApplication::exit(exitCode_);
    });
}

void MainWindow::publishTestPattern() {
    DisplayFrame f;
    f.width = kPatternWidth;
    f.height = kPatternHeight;
    f.displayOn = true;
    f.frame = 1;
    makeTestPattern(f.rgba, f.width, f.height);
    mailbox_.publish(f);
    running_ = false;
    title_ = "test pattern";
    if (presenter_) presenter_->requestUpdate();
    updateStatus();
}

void MainWindow::applyAudioSettings() {
    if (!settings_.audioEnabled) {
        audio_.close();
        return;
    }
    std::string why;
    if (!audio_.isOpen() && !audio_.open(settings_.audioLatencyMs, why))
        std::fprintf(stderr, "skipjack: audio output unavailable: %s\n", why.c_str());
    audio_.setVolume(settings_.volume / 100.0f);
    audio_.setMuted(settings_.audioMuted || (emu_.active() && emu_.paused()));
    emu_.setSpeedAudio(settings_.speedAudioStretch ? SpeedAudio::Stretch : SpeedAudio::Mute);
}

void MainWindow::applyLogFile() {
    std::string why;
    const std::string path = settings_.logToFile ? settings_.logFile.toStdString() : std::string();
    if (!emu_.consoleLog().setFile(path, why)) error("Log file", QString::fromStdString(why));
}

void MainWindow::showSettings() {
    const bool oldVsync = settings_.vsync;
    const int oldLatency = settings_.audioLatencyMs;
    SettingsDialog dialog(settings_, input_, this);
    if (dialog.exec() != QDialog::Accepted) return;
    settings_ = dialog.result();
    applyPacing(settings_.pacing, settings_.hostSlowdown);
    applyInputSettings();
    setFilter(settings_.filter);
    setAspect(settings_.aspect);
    if (oldLatency != settings_.audioLatencyMs) audio_.close();
    applyAudioSettings();
    applySavestateSettings();
    applyLogFile();
    if (oldVsync != settings_.vsync) {
        QString why;
        if (!initPresenter(why)) error("Vulkan", why);
    }
    settings_.save();
}

void MainWindow::updateStatus() {
    const auto rates = timeline_.rates(hostNowNs());
    gameLabel_->setText(title_.isEmpty() ? "No program" : title_);
    QString state = exitedCode_ >= 0     ? QString("Exited (%1)").arg(exitedCode_)
                    : !running_          ? QString("Stopped")
                    : emu_.paused()      ? QString("Paused")
                    : emu_.rewinding()   ? QString("Rewind")
                    : emu_.fastForward() ? QString("Fast-forward")
                    : emu_.slowMotion()  ? QString("Slow motion")
                                         : QString("Running");
    stateLabel_->setText(state);
    speedLabel_->setText(QString("Speed %1%").arg(rates.speedPercent, 0, 'f', 0));
    fpsLabel_->setText(QString("FPS %1 / %2")
                           .arg(rates.internalFps, 0, 'f', 1)
                           .arg(rates.presentedFps, 0, 'f', 1));
}

bool MainWindow::handleKey(QKeyEvent* event, bool pressed) {
    const int key = event->key();
    // Escape gives back a host mouse captured for the emulated mouse (before any binding).
    if (key == Qt::Key_Escape && pointer_.captured()) {
        if (pressed) pointer_.release();
        return true;
    }
    const Qt::KeyboardModifiers mods =
        event->modifiers() &
        (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier);
    const QKeySequence seq(QKeyCombination(mods, Qt::Key(key)));
    auto is = [&](Hotkey h) {
        return !settings_.hotkeys[int(h)].isEmpty() && settings_.hotkeys[int(h)] == seq;
    };

    // Alt+Enter always toggles fullscreen, besides the configurable key.
    const bool altEnter =
        (key == Qt::Key_Return || key == Qt::Key_Enter) && mods == Qt::AltModifier;
    if (is(Hotkey::FastForward)) {
        if (!event->isAutoRepeat()) emu_.setFastForward(pressed);
        updateStatus();
        return true;
    }
    if (is(Hotkey::SlowMotion)) {
        if (pressed && !event->isAutoRepeat()) emu_.setSlowMotion(!emu_.slowMotion());
        updateStatus();
        return true;
    }
    if (is(Hotkey::Rewind)) {
        // Some X servers send auto-repeat as plain release/press pairs: a release only ends
        // the rewind when no press follows within the debounce time.
        if (event->isAutoRepeat() || !emu_.active()) return true;
        if (pressed) {
            rewindRelease_.stop();
            emu_.setRewinding(true);
        } else {
            rewindRelease_.start();
        }
        updateStatus();
        return true;
    }
    if (is(Hotkey::QuickSave) || is(Hotkey::QuickLoad) || is(Hotkey::NextSlot) ||
        is(Hotkey::PreviousSlot)) {
        if (!pressed || event->isAutoRepeat()) return true;
        if (is(Hotkey::QuickSave))
            saveRequest(EmuRequestKind::QuickSave, settings_.saveSlot);
        else if (is(Hotkey::QuickLoad))
            saveRequest(EmuRequestKind::QuickLoad, settings_.saveSlot);
        else
            selectSlot(stepSlot(settings_.saveSlot, is(Hotkey::NextSlot) ? 1 : -1));
        return true;
    }
    if (altEnter || is(Hotkey::Fullscreen) || is(Hotkey::Pause) || is(Hotkey::FrameAdvance) ||
        is(Hotkey::Overlay) || is(Hotkey::Screenshot) || is(Hotkey::PacingPanel)) {
        if (!pressed) return true;
        if (altEnter || is(Hotkey::Fullscreen)) {
            if (!event->isAutoRepeat()) toggleFullscreen();
        } else if (is(Hotkey::Pause)) {
            if (!event->isAutoRepeat()) togglePause();
        } else if (is(Hotkey::FrameAdvance)) {
            frameAdvance(); // repeats step on while held
        } else if (is(Hotkey::Overlay)) {
            if (!event->isAutoRepeat()) setOverlayVisible(!settings_.overlayVisible);
        } else if (is(Hotkey::Screenshot)) {
            if (!event->isAutoRepeat()) takeScreenshot();
        } else if (is(Hotkey::PacingPanel)) {
            if (!event->isAutoRepeat()) togglePacingPanel();
        }
        return true;
    }
    if (mods & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) return false;
    // X11 auto-repeat sends release/press pairs while a key is held: keep the button down.
    return input_.keyEvent(key, event->isAutoRepeat() ? true : pressed);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    const QEvent::Type type = event->type();
    if ((type == QEvent::KeyPress || type == QEvent::KeyRelease) && watched->isWindowType()) {
        // Keys reach a QWindow first (our window or the presenter); dialogs keep theirs.
        QWindow* w = static_cast<QWindow*>(watched);
        if (w != windowHandle() && w != presenter_) return false;
        if (QApplication::activeModalWidget() || QApplication::activePopupWidget()) return false;
        // The game list's table and filter box take the keys (arrows, Enter, typing).
        if (gameListShown()) return false;
        return handleKey(static_cast<QKeyEvent*>(event), type == QEvent::KeyPress);
    }
    if (watched == presenter_ && presenter_) {
        if (type == QEvent::DragEnter || type == QEvent::DragMove) {
            auto* e = static_cast<QDropEvent*>(event);
            if (e->mimeData()->hasUrls()) e->acceptProposedAction();
            return true;
        }
        if (type == QEvent::Drop) {
            dropEvent(static_cast<QDropEvent*>(event));
            return true;
        }
        if (type == QEvent::FocusOut) input_.releaseKeys();
    }
    if (type == QEvent::ApplicationDeactivate) {
        pointer_.release();
        input_.releaseKeys();
        emu_.setFastForward(false);
        if (emu_.active()) emu_.setRewinding(false);
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::publishInput() {
    const HostPointer& pointer = pointer_.pointer();
    for (int port = 0; port < 2; ++port) {
        if (pointer.drive(port) != HostDrive::Pad) {
            emu_.setPortState(unsigned(port), pointer.portState(port, {}));
            continue;
        }
        for (int slot = 0; slot < 4; ++slot) {
            const int socket = socketOf(port, slot);
            core::PadState state = input_.socketState(socket);
            state.mouseDx = state.mouseDy = 0;
            state.gunX = state.gunY = -1;
            emu_.setSocketState(unsigned(socket), state);
        }
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.front().isLocalFile()) return;
    event->acceptProposedAction();
    const QString path = urls.front().toLocalFile();
    QTimer::singleShot(0, this, [this, path] { openPath(path); });
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::WindowStateChange && fullscreenAction_)
        fullscreenAction_->setChecked(isFullScreen());
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    emu_.stop(); // a clean close: the memory card journals are merged into the card images
    reportMemoryCardFiles();
    if (!options_.quit) settings_.save();
    event->accept();
}

QString MainWindow::appDataDir() const {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

void MainWindow::setupSavestates() {
    rewindRelease_.setSingleShot(true);
    rewindRelease_.setInterval(80);
    connect(&rewindRelease_, &QTimer::timeout, this, [this] {
        if (emu_.active()) emu_.setRewinding(false);
        updateStatus();
    });
    savestateMenu_->setHotkeys(settings_);
    savestateMenu_->setCurrentSlot(settings_.saveSlot);
    savestateMenu_->setGame(appDataDir(), {}, false);
    connect(savestateMenu_, &SavestateMenu::saveRequested, this,
            [this](int slot) { saveRequest(EmuRequestKind::QuickSave, slot); });
    connect(savestateMenu_, &SavestateMenu::loadRequested, this,
            [this](int slot) { saveRequest(EmuRequestKind::QuickLoad, slot); });
    connect(savestateMenu_, &SavestateMenu::slotSelected, this, &MainWindow::selectSlot);
    connect(savestateMenu_, &SavestateMenu::undoLoadRequested, this,
            [this] { saveRequest(EmuRequestKind::UndoLoad, settings_.saveSlot); });
    connect(savestateMenu_, &SavestateMenu::undoSaveRequested, this,
            [this] { saveRequest(EmuRequestKind::UndoSave, settings_.saveSlot); });
    connect(
        &emu_, &EmuThread::savestateMessage, this,
        [this](const QString& text, bool ok, bool, quint64 session) {
            if (session == emu_.session()) onSavestateMessage(text, ok);
        },
        Qt::QueuedConnection);
    connect(
        &emu_, &EmuThread::discChanged, this,
        [this](const QString& text, bool ok, quint64 session) {
            if (session != emu_.session()) return;
            std::fprintf(ok ? stdout : stderr, "skipjack: %s\n", qPrintable(text));
            std::fflush(ok ? stdout : stderr);
            if (ok)
                statusBar()->showMessage(text, 5000);
            else
                warning("Change disc", text); // the game runs on with its disc
        },
        Qt::QueuedConnection);
    connect(
        &emu_, &EmuThread::savestateAlert, this,
        [this](const QString& title, const QString& text, quint64 session) {
            if (session == emu_.session()) warning(title, text);
        },
        Qt::QueuedConnection);
    applySavestateSettings();
}

void MainWindow::applySavestateSettings() {
    SavestateConfig config;
    config.appData = appDataDir().toStdString();
    config.rewind = settings_.rewindEnabled;
    config.rewindInterval = unsigned(settings_.rewindInterval);
    config.rewindBudgetBytes = size_t(settings_.rewindBudgetMiB) << 20;
    config.memoryCardsPerGame = settings_.memoryCardsPerGame;
    config.tapCards = settings_.tapCards;
    emu_.setSavestateConfig(config); // used from the next start
    emu_.setRunAhead(unsigned(settings_.runAhead));
    emu_.setRenderThread(settings_.renderThread);
}

void MainWindow::saveRequest(EmuRequestKind kind, int slot) {
    if (!emu_.active() || !running_) {
        statusBar()->showMessage("Savestates need a running program", 4000);
        return;
    }
    emu_.request({kind, slot});
}

void MainWindow::selectSlot(int slot) {
    settings_.saveSlot = slot;
    savestateMenu_->setCurrentSlot(slot);
    statusBar()->showMessage(QString("Savestate slot %1").arg(slot), 3000);
}

void MainWindow::onSavestateMessage(const QString& text, bool ok) {
    std::fprintf(ok ? stdout : stderr, "skipjack: %s\n", qPrintable(text));
    std::fflush(ok ? stdout : stderr);
    statusBar()->showMessage(text, ok ? 3000 : 8000);
}

} // namespace app
