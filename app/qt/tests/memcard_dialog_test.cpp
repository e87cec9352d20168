// The Memory Card Manager dialog offscreen: two card files side by side, titles converted from
// Shift-JIS, animated icons (controllersandmemorycards.md "Title Frame": 2 frames change every
// 16 PAL frames), copy and move between the sides, refusals shown without a modal box, undo.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <cstring>

#include "../memcard_dialog.h"

namespace {
memcard::SaveFile makeSave(const char* name, uint8_t iconFlag) {
    memcard::SaveFile save;
    save.filename = name;
    save.data.assign(memcard::kBlockSize, 0);
    save.data[0] = 'S', save.data[1] = 'C', save.data[2] = iconFlag;
    // "Skip" in 16-bit Shift-JIS: 82h,72h 82h,8Bh 82h,89h 82h,90h.
    const uint8_t title[] = {0x82, 0x72, 0x82, 0x8b, 0x82, 0x89, 0x82, 0x90};
    std::memcpy(&save.data[4], title, sizeof(title));
    return save;
}

void waitMs(int ms) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QApplication::processEvents(QEventLoop::AllEvents, 5);
}
} // namespace

TEST_CASE("the manager lists, animates, copies, moves and undoes between two card files",
          "[memcard-dialog]") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string left = dir.filePath("left.gme").toStdString();
    const std::string right = dir.filePath("right.mcd").toStdString();
    memcard::Card a = memcard::Card::formatted();
    std::string error;
    REQUIRE(a.importSave(makeSave("BASLUS-00001A", 0x12), error));
    REQUIRE(a.importSave(makeSave("BASLUS-00001B", 0x11), error));
    REQUIRE(memcard::writeCardFile(left, a, error));
    REQUIRE(memcard::writeCardFile(right, memcard::Card::formatted(), error));

    app::CardSlot::ConsoleAccess console;
    console.gameRunning = [] { return false; };
    console.path = [&](int port) {
        return dir.filePath(QString("card%1.mcd").arg(port + 1)).toStdString();
    };
    app::MemoryCardDialog dialog(console, dir.path());
    dialog.openFile(0, QString::fromStdString(left));
    dialog.openFile(1, QString::fromStdString(right));
    CHECK(dialog.listed(0) == QStringList{"Skip | BASLUS-00001A | 1", "Skip | BASLUS-00001B | 1"});
    CHECK(dialog.listed(1).isEmpty());

    // The 2-frame icon changes every 16 PAL frames, whatever the phase the dialog's own 20 ms
    // timer left it in; the static one never does.
    const int start = dialog.iconFrameShown(0, 0);
    dialog.advanceIcons(16);
    CHECK(dialog.iconFrameShown(0, 0) == 1 - start);
    dialog.advanceIcons(16);
    CHECK(dialog.iconFrameShown(0, 0) == start);
    CHECK(dialog.iconFrameShown(0, 1) == 0);
    waitMs(100); // the timer animates by itself without trouble

    dialog.select(0, 0);
    dialog.transfer(0, false);
    CHECK(dialog.lastError().isEmpty());
    CHECK(dialog.listed(1) == QStringList{"Skip | BASLUS-00001A | 1"});
    // Again: the name is taken; the refusal is shown, nothing changes.
    dialog.select(0, 0);
    dialog.transfer(0, false);
    CHECK(dialog.lastError().contains("already"));
    CHECK(dialog.listed(1).size() == 1);
    dialog.select(0, 1);
    dialog.transfer(0, true); // move
    CHECK(dialog.listed(0) == QStringList{"Skip | BASLUS-00001A | 1"});
    CHECK(dialog.listed(1).size() == 2);
    // The files hold what the dialog shows.
    CHECK(memcard::readCardFile(left, error)->saves().size() == 1);
    CHECK(memcard::readCardFile(right, error)->saves().size() == 2);
    dialog.undo(0); // the move's delete
    CHECK(dialog.listed(0).size() == 2);
    CHECK(memcard::readCardFile(left, error)->saves().size() == 2);
    dialog.select(1, 0);
    dialog.deleteSelected(1);
    CHECK(dialog.listed(1).size() == 1);
}

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
