// Unit tests of the desktop app's savestate plumbing: where slot files and memory cards live,
// slot stepping, the request queue, and SavestateSession on a real machine (the built-in demo,
// and app/qt/tests/memcard.c for the memory cards, "[memcard]").
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

#include "../emu_requests.h"
#include "../memcard_access.h"
#include "../savestate_paths.h"
#include "assets/embedded.h"
#include "core/memory_card.h"
#include "core/savestates.h"
#include "core/system.h"
#include "savestate/memcard_journal.h"

namespace fs = std::filesystem;

namespace {
fs::path scratchDir(const char* name) {
    fs::path p = fs::temp_directory_path() /
                 ("skipjack-savestate-app-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

bool bootDemo(core::System& system) {
    std::span<const uint8_t> demo = assets::embeddedProgram("skipjack-demo");
    if (demo.empty()) return false;
    std::string error;
    system.useHleBios();
    system.reset();
    return system.loadExe(std::vector<uint8_t>(demo.begin(), demo.end()), error);
}
} // namespace

TEST_CASE("game directory names are one safe path component", "[savestate-paths]") {
    CHECK(app::gameDirectoryName("exe:0123abcd") == "exe-0123abcd");
    CHECK(app::gameDirectoryName("SLUS-00594") == "SLUS-00594");
    CHECK(app::gameDirectoryName("a/b\\c d") == "a-b-c-d");
    CHECK(app::gameDirectoryName("") == "nogame");
    CHECK(app::gameDirectoryName("..") == "nogame");
    CHECK(app::gameDirectoryName(".") == "nogame");
}

TEST_CASE("slot files are where core QuickSaves writes them", "[savestate-paths]") {
    core::System system;
    for (const char* id : {"exe:2044b1c7bf9c6425", "SCES-00344", ""}) {
        system.setGameId(id);
        const std::string appData = "/data/skipjack";
        core::QuickSaves quick(system, app::savestateDirectory(appData, id));
        for (int slot = 0; slot < app::kQuickSaveSlots; ++slot)
            CHECK(app::slotFilePath(appData, id, slot) == quick.slotPath(slot));
    }
    CHECK(app::slotFilePath("/d", "exe:ab", 3) == "/d/savestates/exe-ab/exe-ab.slot3.sjstate");
}

TEST_CASE("memory cards are card1.mcd and card2.mcd under memcards", "[savestate-paths]") {
    CHECK(app::memoryCardPath("/d", 0) == "/d/memcards/card1.mcd");
    CHECK(app::memoryCardPath("/d", 1) == "/d/memcards/card2.mcd");
    // Multitap slots B-D: card = port + 2 * slot.
    CHECK(app::cardOf(0, 1) == 2);
    CHECK(app::cardOf(1, 3) == 7);
    CHECK(app::memoryCardPath("/d", app::cardOf(0, 1)) == "/d/memcards/card1b.mcd");
    CHECK(app::memoryCardPath("/d", app::cardOf(1, 3)) == "/d/memcards/card2d.mcd");
    CHECK(app::memoryCardPath("/d", app::cardOf(1, 2), "SLUS-00001", true) ==
          "/d/memcards/SLUS-00001_2c.mcd");
    CHECK(app::cardName(app::cardOf(1, 2)) == "2C");
    CHECK(app::cardName(1) == "2");
}

TEST_CASE("cards chosen for multitap slots B-D are opened and reach the machine",
          "[savestate-paths]") {
    core::System system;
    REQUIRE(bootDemo(system));
    const fs::path dir = scratchDir("tapcards");
    app::SavestateConfig config;
    config.appData = dir.string();
    config.tapCards[0][0] = true; // port 1 slot B
    config.tapCards[1][2] = true; // port 2 slot D
    app::SavestateSession session(system, config);
    std::string error;
    REQUIRE(session.openMemoryCards(error));
    CHECK(session.memoryCard(0));
    CHECK(session.memoryCard(1));
    REQUIRE(session.memoryCard(app::cardOf(0, 1)));
    REQUIRE(session.memoryCard(app::cardOf(1, 3)));
    CHECK_FALSE(session.memoryCard(app::cardOf(0, 2)));
    CHECK(fs::exists(dir / "memcards" / "card1b.mcd"));
    CHECK(fs::exists(dir / "memcards" / "card2d.mcd"));
    CHECK_FALSE(fs::exists(dir / "memcards" / "card1c.mcd"));
    CHECK(system.memoryCard(0, 1).inserted());
    CHECK(system.memoryCard(1, 3).inserted());
    CHECK_FALSE(system.memoryCard(0, 2).inserted());
    // The manager reads slot 2D's card; one not chosen is an error naming it.
    app::CardAccessRequest read;
    read.port = app::cardOf(1, 3);
    auto readDone = read.done.get_future();
    session.handleCardAccess(read);
    const app::CardAccessResult r = readDone.get();
    CHECK(r.ok);
    CHECK(r.image.size() == 128 * 1024);
    app::CardAccessRequest missing;
    missing.port = app::cardOf(0, 2);
    auto missingDone = missing.done.get_future();
    session.handleCardAccess(missing);
    const app::CardAccessResult m = missingDone.get();
    CHECK_FALSE(m.ok);
    CHECK(m.error == "no memory card is open in slot 1C");
    REQUIRE(session.closeMemoryCards(error));
    CHECK_FALSE(system.memoryCard(1, 3).inserted());
    fs::remove_all(dir);
}

TEST_CASE("slot selection wraps within 0 to 9", "[savestate-paths]") {
    CHECK(app::stepSlot(0, 1) == 1);
    CHECK(app::stepSlot(9, 1) == 0);
    CHECK(app::stepSlot(0, -1) == 9);
    CHECK(app::stepSlot(5, -1) == 4);
    CHECK(app::stepSlot(3, 20) == 3);
}

TEST_CASE("the request queue keeps the order of requests from another thread", "[requests]") {
    app::EmuRequestQueue queue;
    CHECK_FALSE(queue.pending());
    std::thread gui([&] {
        for (int i = 0; i < 100; ++i)
            queue.push({app::EmuRequestKind::QuickSave, i % 10});
    });
    gui.join();
    CHECK(queue.pending());
    auto all = queue.takeAll();
    REQUIRE(all.size() == 100);
    for (int i = 0; i < 100; ++i)
        CHECK(all[size_t(i)].slot == i % 10);
    CHECK_FALSE(queue.pending());
}

TEST_CASE("a quick-load returns the machine to the saved frame", "[session]") {
    core::System system;
    REQUIRE(bootDemo(system));
    const fs::path dir = scratchDir("load");
    {
        app::SavestateConfig config;
        config.appData = dir.string();
        app::SavestateSession session(system, config);
        std::string error;
        REQUIRE(session.openMemoryCards(error));
        for (int i = 0; i < 30; ++i) {
            system.runFrame();
            session.afterFrame();
        }
        const uint64_t saved = system.frameCount();
        auto r = session.handle({app::EmuRequestKind::QuickSave, 4});
        CHECK(r.ok);
        CHECK_FALSE(r.stateChanged);
        for (int i = 0; i < 20; ++i)
            system.runFrame();
        r = session.handle({app::EmuRequestKind::QuickLoad, 4});
        CHECK(r.ok);
        CHECK(r.stateChanged);
        CHECK(system.frameCount() == saved);
        // An empty slot is an error message, not a crash, and changes nothing.
        r = session.handle({app::EmuRequestKind::QuickLoad, 7});
        CHECK_FALSE(r.ok);
        CHECK_FALSE(r.stateChanged);
        CHECK(system.frameCount() == saved);
        // Rewind after a load starts from the loaded state, not from the frames after it.
        CHECK_FALSE(session.rewindStep());
        for (int i = 0; i < 10; ++i) {
            system.runFrame();
            session.afterFrame();
        }
        REQUIRE(session.rewindStep());
        CHECK(system.frameCount() == saved + 10);
        r = session.handle({app::EmuRequestKind::QuickLoad, 4});
        REQUIRE(r.ok);
        // Undo load goes back to before the load.
        r = session.handle({app::EmuRequestKind::UndoLoad, 0});
        CHECK(r.ok);
        CHECK(system.frameCount() == saved + 10);
    }
    CHECK(fs::exists(app::slotFilePath(dir.string(), system.gameId(), 4)));
    CHECK(fs::exists(app::memoryCardPath(dir.string(), 0)));
    CHECK(fs::exists(app::memoryCardPath(dir.string(), 1)));
    fs::remove_all(dir);
}

TEST_CASE("a damaged slot file is refused with a message", "[session]") {
    core::System system;
    REQUIRE(bootDemo(system));
    const fs::path dir = scratchDir("damaged");
    const std::string path = app::slotFilePath(dir.string(), system.gameId(), 2);
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << "this is not a savestate";
    app::SavestateConfig config;
    config.appData = dir.string();
    config.memoryCards = false;
    app::SavestateSession session(system, config);
    for (int i = 0; i < 5; ++i)
        system.runFrame();
    auto r = session.handle({app::EmuRequestKind::QuickLoad, 2});
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.message.empty());
    CHECK(system.frameCount() == 5);
    fs::remove_all(dir);
}

TEST_CASE("undo save puts back what the slot held", "[session]") {
    core::System system;
    REQUIRE(bootDemo(system));
    const fs::path dir = scratchDir("undosave");
    app::SavestateConfig config;
    config.appData = dir.string();
    config.memoryCards = false;
    {
        app::SavestateSession session(system, config);
        for (int i = 0; i < 10; ++i)
            system.runFrame();
        REQUIRE(session.handle({app::EmuRequestKind::QuickSave, 5}).ok);
        for (int i = 0; i < 10; ++i)
            system.runFrame();
        REQUIRE(session.handle({app::EmuRequestKind::QuickSave, 5}).ok);
        system.snapshots().waitForWorker();
        REQUIRE(session.handle({app::EmuRequestKind::UndoSave, 0}).ok);
        system.runFrame();
        REQUIRE(session.handle({app::EmuRequestKind::QuickLoad, 5}).ok);
        CHECK(system.frameCount() == 10);
    }
    {
        // The file went back too: a new session loads the first save from it.
        app::SavestateSession session(system, config);
        system.runFrame();
        REQUIRE(session.handle({app::EmuRequestKind::QuickLoad, 5}).ok);
        CHECK(system.frameCount() == 10);
    }
    fs::remove_all(dir);
}

TEST_CASE("a slot file that cannot be written is reported once", "[session]") {
    core::System system;
    REQUIRE(bootDemo(system));
    const fs::path dir = scratchDir("unwritable");
    std::ofstream(dir / "savestates") << "a file where the directory should be";
    app::SavestateConfig config;
    config.appData = dir.string();
    config.memoryCards = false;
    app::SavestateSession session(system, config);
    system.runFrame();
    CHECK(session.handle({app::EmuRequestKind::QuickSave, 1}).ok); // the capture itself
    system.snapshots().waitForWorker();
    CHECK_FALSE(session.takeWriteError().empty());
    CHECK(session.takeWriteError().empty());
    fs::remove_all(dir);
}

TEST_CASE("rewind steps back one snapshot per step", "[session]") {
    core::System system;
    REQUIRE(bootDemo(system));
    app::SavestateConfig config;
    config.memoryCards = false;
    config.rewindInterval = 5;
    app::SavestateSession session(system, config);
    for (int i = 0; i < 20; ++i) {
        system.runFrame();
        session.afterFrame();
    }
    // Snapshots at frames 5, 10, 15, 20: the newest first, then one back per step.
    REQUIRE(session.rewindStep());
    CHECK(system.frameCount() == 20);
    REQUIRE(session.rewindStep());
    CHECK(system.frameCount() == 15);
    REQUIRE(session.rewindStep());
    CHECK(system.frameCount() == 10);
    REQUIRE(session.rewindStep());
    CHECK(system.frameCount() == 5);
    CHECK_FALSE(session.rewindStep());
    CHECK(system.frameCount() == 5);
}

#ifdef SKIPJACK_QT_MEMCARD_EXE
namespace {
// app/qt/tests/memcard.c: writes a counter to sector 100h of the card in port 1 every 8 of its
// frames and prints "MISMATCH" when the card does not hold what it last wrote.
std::vector<uint8_t> memcardProgram() {
    std::ifstream f(SKIPJACK_QT_MEMCARD_EXE, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

// The machine's console, kept (core/host.h).
struct ConsoleHost : core::Host {
    std::string text;
    void consoleText(char c) override { text += c; }
};

bool bootMemcard(core::System& system, ConsoleHost& tty) {
    std::string error;
    system.useHleBios();
    system.reset();
    system.setHost(&tty);
    return system.loadExe(memcardProgram(), error);
}

std::vector<uint8_t> cardImage(const app::SavestateSession& session) {
    const savestate::MemoryCardJournal* card = session.memoryCard(0);
    REQUIRE(card);
    return std::vector<uint8_t>(card->image().begin(), card->image().end());
}

uint32_t counterOf(const std::vector<uint8_t>& image) {
    const uint8_t* s = &image[0x100 * savestate::MemoryCardJournal::kSectorSize];
    return uint32_t(s[4]) | uint32_t(s[5]) << 8 | uint32_t(s[6]) << 16 | uint32_t(s[7]) << 24;
}

// The card of a straight run of `frames` frames from a fresh card (what the game wrote).
std::vector<uint8_t> referenceCard(const fs::path& dir, int frames) {
    core::System system;
    ConsoleHost tty;
    std::string error;
    REQUIRE(bootMemcard(system, tty));
    savestate::MemoryCardJournal journal;
    REQUIRE(journal.open((dir / ("ref" + std::to_string(frames) + ".mcd")).string(), error));
    system.memoryCard(0).insert(&journal);
    for (int i = 0; i < frames; ++i)
        system.runFrame();
    system.memoryCard(0).insert(nullptr);
    std::vector<uint8_t> image(journal.image().begin(), journal.image().end());
    REQUIRE(journal.close(error));
    return image;
}

std::vector<uint8_t> readFile(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

std::vector<std::string> leftovers(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.ends_with(".tmp") || name.ends_with(".journal")) out.push_back(e.path().string());
    }
    return out;
}
} // namespace

// DESIGN.md section 4: a savestate records the card's journal position, loading it rolls the
// card back with the machine, the rolled-back writes stay as a branch that undo load restores,
// and a clean close merges the journal into the card image.
TEST_CASE("a quick-load rolls the memory card back and undo load restores the later writes",
          "[session][memcard]") {
    const fs::path dir = scratchDir("memcard");
    const fs::path refDir = dir / "reference";
    fs::create_directories(refDir);
    const std::vector<uint8_t> ref80 = referenceCard(refDir, 80);
    const std::vector<uint8_t> ref130 = referenceCard(refDir, 130);
    core::System system;
    ConsoleHost tty;
    REQUIRE(bootMemcard(system, tty));
    app::SavestateConfig config;
    config.appData = (dir / "data").string();
    std::vector<uint8_t> atSave, atLoad, merged;
    {
        app::SavestateSession session(system, config);
        std::string error;
        REQUIRE(session.openMemoryCards(error));
        auto run = [&](int frames) {
            for (int i = 0; i < frames; ++i) {
                system.runFrame();
                session.afterFrame();
            }
        };
        run(60);
        REQUIRE(session.handle({app::EmuRequestKind::QuickSave, 1}).ok);
        atSave = cardImage(session);
        run(50);
        atLoad = cardImage(session);
        REQUIRE(counterOf(atLoad) > counterOf(atSave)); // the game wrote on after the save
        const size_t records = session.memoryCard(0)->recordCount();

        auto r = session.handle({app::EmuRequestKind::QuickLoad, 1});
        REQUIRE(r.ok);
        CHECK(r.memoryCardWarning.empty());
        CHECK(cardImage(session) == atSave);                    // the card as it was at the save
        CHECK(session.memoryCard(0)->recordCount() == records); // the later writes are kept
        run(20); // frame 80 again, on a new branch of the journal
        CHECK(cardImage(session) == ref80);

        r = session.handle({app::EmuRequestKind::UndoLoad, 0});
        REQUIRE(r.ok);
        CHECK(r.memoryCardWarning.empty());
        CHECK(system.frameCount() == 110);
        CHECK(cardImage(session) == atLoad); // the rolled-back writes are back
        run(20);
        CHECK(cardImage(session) == ref130);
        merged = cardImage(session);
        REQUIRE(session.closeMemoryCards(error));
    }
    // The game never saw a card that disagreed with its RAM.
    CHECK(tty.text.find("MISMATCH") == std::string::npos);
    CHECK(tty.text.find("wrote") != std::string::npos);
    // The clean close merged the journal: the parent image holds the last card, and neither a
    // journal nor a temporary file is left behind.
    const fs::path card1 = app::memoryCardPath(config.appData, 0);
    CHECK(readFile(card1) == merged);
    CHECK(readFile(app::memoryCardPath(config.appData, 1)) ==
          savestate::MemoryCardJournal::formattedCard());
    CHECK(leftovers(dir / "data").empty());

    // A new session: the slot file's card position is from before the merge, so the card
    // cannot roll back. The load still happens, the card keeps its contents, and the user is
    // told (the game's RAM and its card now disagree).
    {
        core::System again;
        ConsoleHost tty2;
        REQUIRE(bootMemcard(again, tty2));
        app::SavestateSession session(again, config);
        std::string error;
        REQUIRE(session.openMemoryCards(error));
        again.runFrame();
        auto r = session.handle({app::EmuRequestKind::QuickLoad, 1});
        REQUIRE(r.ok);
        CHECK(again.frameCount() == 60);
        CHECK(r.message.find("not rolled back") != std::string::npos);
        CHECK(r.memoryCardWarning.find("Memory card 1") != std::string::npos);
        CHECK(cardImage(session) == merged);
        CHECK(again.memoryCard(0).lastError().empty()); // reported once
        REQUIRE(session.closeMemoryCards(error));
    }
    fs::remove_all(dir);
}
// Run-ahead (core::RunAhead) runs frames and takes them back; the card writes of those frames
// stay in memory (MemoryCardJournal speculation) and never reach the journal file, so the card
// and the file are those of a run without run-ahead (DESIGN.md section 4).
TEST_CASE("run-ahead with a game that writes the memory card gives the card of a run without "
          "it and writes no speculative record",
          "[session][memcard]") {
    const fs::path dir = scratchDir("memcard-runahead");
    constexpr int kFrames = 130;
    std::string error;
    // Without run-ahead.
    std::vector<uint8_t> refImage;
    size_t refRecords = 0;
    {
        core::System system;
        ConsoleHost tty;
        REQUIRE(bootMemcard(system, tty));
        savestate::MemoryCardJournal journal;
        REQUIRE(journal.open((dir / "plain.mcd").string(), error));
        system.memoryCard(0).insert(&journal);
        for (int i = 0; i < kFrames; ++i)
            system.runFrame();
        refImage.assign(journal.image().begin(), journal.image().end());
        refRecords = journal.recordCount();
        system.memoryCard(0).insert(nullptr);
    }
    REQUIRE(refRecords > 10);
    REQUIRE(counterOf(refImage) > 0);
    // With 3 frames of run-ahead.
    const fs::path path = dir / "ahead.mcd";
    const std::string journalPath = path.string() + ".journal";
    core::System system;
    ConsoleHost tty;
    REQUIRE(bootMemcard(system, tty));
    savestate::MemoryCardJournal journal;
    REQUIRE(journal.open(path.string(), error));
    system.memoryCard(0).insert(&journal);
    app::RunAheadFrame frame(system);
    std::vector<uint8_t> rgba;
    uint32_t width = 0, height = 0;
    constexpr size_t kHeader = 16, kRecord = 24 + 128 + 8; // savestate/memcard_journal.cpp
    for (int i = 0; i < kFrames; ++i) {
        frame.run(3, rgba, width, height);
        // The file holds the real writes only: no speculative write, no head move.
        REQUIRE(fs::file_size(journalPath) == kHeader + journal.recordCount() * kRecord);
    }
    CHECK(system.frameCount() == uint64_t(kFrames));
    CHECK(journal.headMoveRecords() == 0);
    CHECK(journal.compactions() == 0);
    CHECK(journal.recordCount() == refRecords);
    // Speculative writes did happen (their sequence numbers are used up, never handed out
    // again): the head's number is past the count of real writes.
    CHECK(journal.position() > journal.recordCount());
    const std::vector<uint8_t> image(journal.image().begin(), journal.image().end());
    CHECK(image == refImage);
    CHECK(system.memoryCard(0).lastError().empty());
    CHECK(tty.text.find("MISMATCH") == std::string::npos);
    // A crash now reopens with the same card.
    {
        savestate::MemoryCardJournal again;
        REQUIRE(again.open(path.string(), error));
        CHECK(again.ignoredRecords() == 0);
        CHECK(std::vector<uint8_t>(again.image().begin(), again.image().end()) == refImage);
    }
    system.memoryCard(0).insert(nullptr);
    fs::remove_all(dir);
}
#endif
