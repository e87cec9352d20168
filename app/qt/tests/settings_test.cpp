// Settings round trip through skipjack.ini: every pacing parameter (DESIGN.md section 3) and
// the frame-skip mode survive save() and load(); bad values from the file are clamped; the
// placeholder setting of earlier versions migrates.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QGuiApplication>
#include <QSettings>
#include <QTemporaryDir>

#include "../settings.h"

using Mode = gpu::PacingSettings::Mode;

namespace {
void removeIni() {
    QFile::remove(app::Settings::filePath());
}
} // namespace

TEST_CASE("frame skipping defaults to auto with the evaluator's parameters", "[settings]") {
    removeIni();
    app::Settings s;
    s.load(); // no file: defaults
    const gpu::PacingSettings evaluatorDefaults;
    CHECK(s.pacing.mode == Mode::Auto);
    CHECK(s.pacing.maxConsecutivePartial == evaluatorDefaults.maxConsecutivePartial);
    CHECK(s.pacing.headroom == evaluatorDefaults.headroom);
    CHECK(app::pacingModeText(s.pacing) == "auto");
}

TEST_CASE("pacing settings survive a save and load", "[settings]") {
    removeIni();
    app::Settings a;
    a.pacing.mode = Mode::Fixed;
    a.pacing.fixedSkip = 3;
    a.pacing.maxConsecutivePartial = 5;
    a.pacing.frameRateHz = 75;
    a.pacing.debtLimitFrames = 3.5;
    a.pacing.headroom = 0.8;
    a.pacing.warmupFrames = 20;
    a.pacing.learningRate = 0.4;
    a.pacing.minSavingFraction = 0.1;
    a.pacing.reprobeFrames = 1200;
    a.save();
    app::Settings b;
    b.load();
    CHECK(app::pacingModeText(b.pacing) == "fixed:3");
    CHECK(b.pacing.mode == Mode::Fixed);
    CHECK(b.pacing.fixedSkip == 3);
    CHECK(b.pacing.maxConsecutivePartial == 5);
    CHECK(b.pacing.frameRateHz == 75);
    CHECK(b.pacing.debtLimitFrames == 3.5);
    CHECK(b.pacing.headroom == 0.8);
    CHECK(b.pacing.warmupFrames == 20);
    CHECK(b.pacing.learningRate == 0.4);
    CHECK(b.pacing.minSavingFraction == 0.1);
    CHECK(b.pacing.reprobeFrames == 1200);

    // Off and auto round-trip as well.
    for (Mode m : {Mode::Off, Mode::Auto}) {
        a.pacing.mode = m;
        a.save();
        app::Settings c;
        c.load();
        CHECK(c.pacing.mode == m);
    }
}

TEST_CASE("audio settings survive a save and load; bad values are clamped", "[settings]") {
    removeIni();
    app::Settings d;
    d.load();
    CHECK(d.volume == 100);
    CHECK_FALSE(d.audioMuted);
    CHECK(d.speedAudioStretch);
    CHECK(d.hotkeys[int(app::Hotkey::SlowMotion)] == QKeySequence(Qt::Key_Backslash));
    app::Settings a;
    a.volume = 35;
    a.audioMuted = true;
    a.speedAudioStretch = false;
    a.save();
    app::Settings b;
    b.load();
    CHECK(b.volume == 35);
    CHECK(b.audioMuted);
    CHECK_FALSE(b.speedAudioStretch);
    {
        QSettings ini(app::Settings::filePath(), QSettings::IniFormat);
        CHECK(ini.value("audio/speedMode").toString() == "mute");
        ini.setValue("audio/volume", 250);
        ini.setValue("audio/speedMode", "stretch");
    }
    app::Settings c;
    c.load();
    CHECK(c.volume == 100);
    CHECK(c.speedAudioStretch);
}

TEST_CASE("pacing values from the file are validated", "[settings]") {
    removeIni();
    {
        QSettings ini(app::Settings::filePath(), QSettings::IniFormat);
        ini.setValue("pacing/mode", "fixed:42"); // out of range: keeps the default mode
        ini.setValue("pacing/headroom", 7.0);
        ini.setValue("pacing/maxConsecutivePartial", 0);
        ini.setValue("pacing/learningRate", "nonsense");
    }
    app::Settings s;
    s.load();
    CHECK(s.pacing.mode == Mode::Auto);
    CHECK(s.pacing.headroom == app::PacingLimits::kMaxHeadroom);
    CHECK(s.pacing.maxConsecutivePartial == 1);
    CHECK(s.pacing.learningRate == gpu::PacingSettings().learningRate);
}

TEST_CASE("the placeholder frame-skip setting migrates", "[settings]") {
    removeIni();
    {
        QSettings ini(app::Settings::filePath(), QSettings::IniFormat);
        ini.setValue("video/frameSkip", 0);
    }
    app::Settings s;
    s.load();
    CHECK(s.pacing.mode == Mode::Off);
    s.save();
    QSettings ini(app::Settings::filePath(), QSettings::IniFormat);
    CHECK_FALSE(ini.contains("video/frameSkip"));
    CHECK(ini.value("pacing/mode").toString() == "off");
}

TEST_CASE("game folders, recent files and per-game memory cards survive a save and load",
          "[settings]") {
    removeIni();
    app::Settings a;
    CHECK_FALSE(a.memoryCardsPerGame); // shared cards by default, like a real console
    a.memoryCardsPerGame = true;
    a.gameFolders = {"/games/psx", "/media/discs"};
    a.addRecent("/games/psx/a.cue");
    a.addRecent("/games/psx/b.chd");
    a.save();
    app::Settings b;
    b.load();
    CHECK(b.memoryCardsPerGame);
    CHECK(b.gameFolders == QStringList{"/games/psx", "/media/discs"});
    CHECK(b.recentFiles == QStringList{"/games/psx/b.chd", "/games/psx/a.cue"});
}

TEST_CASE("the console region survives a save and load, and a bad value loads as auto",
          "[settings]") {
    removeIni();
    app::Settings a;
    CHECK(a.consoleRegion == 0); // auto: the disc's licence sector decides
    a.consoleRegion = 3;         // PAL
    a.save();
    app::Settings b;
    b.load();
    CHECK(b.consoleRegion == 3);
    {
        QSettings ini(app::Settings::filePath(), QSettings::IniFormat);
        ini.setValue("bios/consoleRegion", 9);
    }
    app::Settings c;
    c.load();
    CHECK(c.consoleRegion == 0); // not a region: auto
}

TEST_CASE("fast boot is off by default and survives a save and load", "[settings]") {
    removeIni();
    app::Settings a;
    CHECK_FALSE(a.fastBoot);
    a.fastBoot = true;
    a.save();
    app::Settings b;
    b.load();
    CHECK(b.fastBoot);
}

TEST_CASE("pad devices and analog settings survive a save and load", "[settings]") {
    removeIni();
    app::Settings a;
    CHECK(a.portDevices[0] == "digital");
    CHECK(a.portDevices[1] == "digital");
    a.portDevices[0] = "dualshock";
    a.stickAxes[0] = "axis:leftx";
    a.stickDeadZone = 25;
    a.stickSensitivity = 150;
    a.analogButton = "button:back";
    a.rumble = false;
    a.save();
    app::Settings b;
    b.load();
    CHECK(b.portDevices[0] == "dualshock");
    CHECK(b.portDevices[1] == "digital");
    CHECK(b.stickAxes[0] == "axis:leftx");
    CHECK(b.stickDeadZone == 25);
    CHECK(b.stickSensitivity == 150);
    CHECK(b.analogButton == "button:back");
    CHECK_FALSE(b.rumble);
    {
        QSettings ini(app::Settings::filePath(), QSettings::IniFormat);
        ini.setValue("input/port2", "lightsaber"); // unknown: the digital pad
        ini.setValue("analog/deadZone", 99);       // clamped to 50
    }
    app::Settings c;
    c.load();
    CHECK(c.portDevices[1] == "digital");
    CHECK(c.stickDeadZone == 50);
}

TEST_CASE("keyboard 2's default keys clash with no key of keyboard 1 and no hotkey", "[settings]") {
    const app::Settings d;
    for (int i = 0; i < app::kPadButtons; ++i) {
        if (d.keys2[i] == 0) continue;
        for (int j = 0; j < app::kPadButtons; ++j) {
            CHECK(d.keys2[i] != d.keys[j]);
            if (j != i) CHECK(d.keys2[i] != d.keys2[j]);
        }
        for (int h = 0; h < app::kHotkeyCount; ++h)
            CHECK(QKeySequence(d.keys2[i]) != d.hotkeys[h]);
    }
    // Every d-pad direction and face button has a key of its own on keyboard 2.
    for (int i = 0; i < 14; ++i)
        CHECK(d.keys2[i] != 0);
    // Keyboard 1 drives port 1 and keyboard 2 port 2; controllers go to free ports.
    CHECK(d.socketKeyboard[0] == 1);
    CHECK(d.socketKeyboard[4] == 2);
    for (int socket = 0; socket < app::kPadSockets; ++socket)
        CHECK(d.socketController[socket] == app::kControllerAuto);
}

TEST_CASE("keyboard 2, multitap slots, socket drivers and tap cards survive a save and load",
          "[settings]") {
    removeIni();
    app::Settings a;
    a.keys2[0] = Qt::Key_W;
    a.portDevices[1] = "multitap";
    a.tapDevices[1] = {QString("dualshock"), QString("digital"), QString("analog-joystick"),
                       QString("dualshock")};
    a.socketKeyboard[5] = 2;
    a.socketController[6] = 3;
    a.socketController[7] = app::kControllerNone;
    a.tapCards[1][2] = true; // port 2 slot D
    a.save();
    app::Settings b;
    b.load();
    CHECK(b.keys2[0] == Qt::Key_W);
    CHECK(b.keys2[1] == Qt::Key_G); // untouched default
    CHECK(b.portDevices[1] == "multitap");
    CHECK(b.tapDevices[1][0] == "dualshock");
    CHECK(b.tapDevices[1][2] == "analog-joystick");
    CHECK(b.tapDevices[0][3] == "digital");
    CHECK(b.socketKeyboard[5] == 2);
    CHECK(b.socketController[6] == 3);
    CHECK(b.socketController[7] == app::kControllerNone);
    CHECK(b.tapCards[1][2]);
    CHECK_FALSE(b.tapCards[0][0]);
    {
        QSettings ini(app::Settings::filePath(), QSettings::IniFormat);
        ini.setValue("input/tap2", "multitap,guncon,junk"); // not slot devices: digital
        ini.setValue("input/keyboard2B", 7);                // clamped to keyboard 2
        ini.setValue("input/controller2C", -9);             // clamped to auto
    }
    app::Settings c;
    c.load();
    CHECK(c.tapDevices[1][0] == "digital");
    CHECK(c.tapDevices[1][1] == "digital");
    CHECK(c.tapDevices[1][2] == "digital");
    CHECK(c.tapDevices[1][3] == "digital"); // the list was short: the default
    CHECK(c.socketKeyboard[5] == 2);
    CHECK(c.socketController[6] == app::kControllerAuto);
}

TEST_CASE("the console log file option survives a save and load", "[settings]") {
    removeIni();
    app::Settings a;
    a.load();
    CHECK_FALSE(a.logToFile); // off by default
    a.logToFile = true;
    a.logFile = "/tmp/skipjack-console.log";
    a.save();
    app::Settings b;
    b.load();
    CHECK(b.logToFile);
    CHECK(b.logFile == "/tmp/skipjack-console.log");
}

int main(int argc, char** argv) {
    QTemporaryDir dir;
    if (!dir.isValid()) return 1;
    qputenv("XDG_CONFIG_HOME", dir.path().toUtf8());
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication qapp(argc, argv);
    QGuiApplication::setApplicationName("skipjack-settings-test");
    return Catch::Session().run(argc, argv);
}
