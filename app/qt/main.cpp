// skipjack: the desktop app.
#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <SDL.h>
#include <cstdio>

#include "main_window.h"

namespace {
bool parseChoice(const QString& text, const QStringList& names, int& out) {
    const int at = names.indexOf(text.toLower());
    if (at < 0) return false;
    out = at;
    return true;
}
} // namespace

int main(int argc, char** argv) {
    QApplication qapp(argc, argv);
    QApplication::setApplicationName("skipjack");
    QApplication::setApplicationDisplayName("Skipjack");
    QApplication::setApplicationVersion("0.1.0");

    QCommandLineParser cl;
    cl.setApplicationDescription("Skipjack PlayStation emulator");
    cl.addHelpOption();
    cl.addVersionOption();
    cl.addPositionalArgument("file", "PS-EXE program (or disc image) to run; default: the "
                                     "built-in demo");
    QCommandLineOption frames("frames", "Run N frames, then pause (and capture).", "N");
    QCommandLineOption shot("screenshot", "After --frames: save the emulated frame as PNG.",
                            "file");
    QCommandLineOption shotWin("screenshot-window",
                               "After --frames: save the presented window as PNG.", "file");
    QCommandLineOption quit("quit", "Quit after --frames and the screenshots; no dialogs.");
    QCommandLineOption overlay("overlay", "Show the frame-timing overlay.");
    QCommandLineOption noOverlay("no-overlay", "Hide the frame-timing overlay.");
    QCommandLineOption filter("filter", "Scaling: nearest, bilinear or sharp.", "mode");
    QCommandLineOption aspect("aspect", "Aspect: 4:3, stretch or integer.", "mode");
    QCommandLineOption scale("scale", "Window scale 1-4.", "N");
    QCommandLineOption bios("bios", "BIOS image to use (512 KiB).", "file");
    QCommandLineOption hle("hle-bios", "Use the built-in HLE BIOS.");
    QCommandLineOption noAudio("no-audio", "No audio output.");
    QCommandLineOption pattern("test-pattern",
                               "Present a generated test pattern (presenter check).");
    QCommandLineOption fullscreen("fullscreen", "Start in fullscreen.");
    QCommandLineOption quicksaveAt("quicksave-at",
                                   "Quick-save the current slot after N frames (tests).", "N");
    QCommandLineOption quickloadAt("quickload-at",
                                   "Quick-load the current slot after N frames (tests).", "N");
    QCommandLineOption undoloadAt("undoload-at", "Undo the quick-load after N frames (tests).",
                                  "N");
    QCommandLineOption testTone("audio-test-tone",
                                "Play a 440 Hz tone instead of the machine's audio (tests).");
    QCommandLineOption slot("slot", "Current savestate slot 0-9.", "N");
    QCommandLineOption runAhead("run-ahead", "Run-ahead frames 0-4 (hides input latency).", "N");
    QCommandLineOption vsync("vsync", "Wait for vertical sync: on or off.", "on|off");
    QCommandLineOption frameskip(
        "frameskip", "Frame skipping: off, auto or fixed:N (render one frame in N+1).", "mode");
    QCommandLineOption slowdown("host-slowdown",
                                "Make rendering X times slower (>= 1; testing aid).", "X");
    QCommandLineOption gameList("game-list", "Start on the game list (with --quit: quit, and "
                                             "--screenshot-window: capture it, once scanned).");
    QCommandLineOption gameFolder("game-folder",
                                  "A folder for the game list (repeatable; replaces the "
                                  "settings' folders).",
                                  "dir");
    QCommandLineOption changeDiscAt("change-disc-at",
                                    "Change to disc I (1-based) of the set after N frames "
                                    "(tests).",
                                    "N:I");
    QCommandLineOption cardsPerGame("memcards-per-game",
                                    "Memory cards per game (named by the game id).");
    cl.addOptions({frames,       shot,         shotWin,  quit,       overlay,  noOverlay,
                   filter,       aspect,       scale,    bios,       hle,      noAudio,
                   pattern,      fullscreen,   vsync,    frameskip,  slowdown, quicksaveAt,
                   quickloadAt,  slot,         runAhead, undoloadAt, gameList, gameFolder,
                   changeDiscAt, cardsPerGame, testTone});
    cl.process(qapp);

    app::Settings settings;
    settings.load();
    app::LaunchOptions options;
    if (!cl.positionalArguments().isEmpty()) options.path = cl.positionalArguments().front();
    options.frames = cl.value(frames).toULongLong();
    options.screenshot = cl.value(shot);
    options.screenshotWindow = cl.value(shotWin);
    options.quit = cl.isSet(quit);
    options.interactive = !options.quit;
    options.testPattern = cl.isSet(pattern);
    options.quicksaveAt = cl.value(quicksaveAt).toULongLong();
    options.audioTestTone = cl.isSet(testTone);
    options.quickloadAt = cl.value(quickloadAt).toULongLong();
    options.undoloadAt = cl.value(undoloadAt).toULongLong();
    options.gameList = cl.isSet(gameList);
    // --game-list --frames N: the frame count belongs to the game started from the list.
    options.gameFolders = cl.values(gameFolder);
    if (cl.isSet(cardsPerGame)) settings.memoryCardsPerGame = true;
    if (cl.isSet(changeDiscAt)) {
        const QStringList parts = cl.value(changeDiscAt).split(':');
        bool okFrame = false, okDisc = false;
        if (parts.size() == 2) {
            options.changeDiscAt = parts[0].toULongLong(&okFrame);
            options.changeDiscIndex = parts[1].toInt(&okDisc) - 1;
        }
        if (!okFrame || !okDisc || options.changeDiscAt == 0 || options.changeDiscIndex < 0) {
            std::fprintf(stderr, "skipjack: --change-disc-at: N:I with N >= 1 and I >= 1\n");
            return 2;
        }
    }
    if (cl.isSet(slot)) settings.saveSlot = std::clamp(cl.value(slot).toInt(), 0, 9);
    if (cl.isSet(runAhead)) settings.runAhead = std::clamp(cl.value(runAhead).toInt(), 0, 4);
    if ((options.quit || !options.screenshot.isEmpty() || !options.screenshotWindow.isEmpty()) &&
        options.frames == 0 && !options.gameList)
        options.frames = 1;
    if (cl.isSet(overlay)) settings.overlayVisible = true;
    if (cl.isSet(noOverlay)) settings.overlayVisible = false;
    int choice = 0;
    if (cl.isSet(filter)) {
        if (!parseChoice(cl.value(filter), {"nearest", "bilinear", "sharp"}, choice)) {
            std::fprintf(stderr, "skipjack: --filter: nearest, bilinear or sharp\n");
            return 2;
        }
        settings.filter = app::ScaleFilter(choice);
    }
    if (cl.isSet(aspect)) {
        if (!parseChoice(cl.value(aspect), {"4:3", "stretch", "integer"}, choice)) {
            std::fprintf(stderr, "skipjack: --aspect: 4:3, stretch or integer\n");
            return 2;
        }
        settings.aspect = app::AspectMode(choice);
    }
    if (cl.isSet(scale)) settings.windowScale = std::clamp(cl.value(scale).toInt(), 1, 4);
    if (cl.isSet(bios)) {
        settings.useHleBios = false;
        settings.biosPath = cl.value(bios);
    }
    if (cl.isSet(hle)) settings.useHleBios = true;
    if (cl.isSet(noAudio)) settings.audioEnabled = false;
    if (cl.isSet(vsync)) {
        if (!parseChoice(cl.value(vsync), {"off", "on"}, choice)) {
            std::fprintf(stderr, "skipjack: --vsync: on or off\n");
            return 2;
        }
        settings.vsync = choice == 1;
    }

    if (cl.isSet(frameskip)) {
        std::string why;
        if (!settings.pacing.parseMode(cl.value(frameskip).toStdString(), why)) {
            std::fprintf(stderr, "skipjack: --frameskip: %s\n", why.c_str());
            return 2;
        }
    }
    if (cl.isSet(slowdown)) {
        bool ok = false;
        const double x = cl.value(slowdown).toDouble(&ok);
        if (!ok || !(x >= 1.0) || x > 100.0) {
            std::fprintf(stderr, "skipjack: --host-slowdown: a number from 1 to 100\n");
            return 2;
        }
        settings.hostSlowdown = x;
    }

    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    if (SDL_Init(0) != 0)
        std::fprintf(stderr, "skipjack: SDL_Init: %s (no controllers or audio)\n", SDL_GetError());

    int code = 0;
    {
        app::MainWindow window(settings, options);
        QString why;
        if (!window.initPresenter(why)) {
            std::fprintf(stderr, "skipjack: %s\n", qPrintable(why));
            if (options.interactive) QMessageBox::critical(nullptr, "Skipjack: no Vulkan", why);
            SDL_Quit();
            return 1;
        }
        window.show();
        window.applyWindowScale();
        if (cl.isSet(fullscreen)) window.showFullScreen();
        window.startInitial();
        code = qapp.exec();
        if (code == 0) code = window.exitCode();
    }
    SDL_Quit();
    return code;
}
