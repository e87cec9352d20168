// The memory card manager's logic (app/qt/memcard_manager.h, memcard_access.h): edits reach a
// console card only through its journal (DESIGN.md §4), so a quick-load rolls an edit back and
// undo load brings it back; card files of every format are edited in place; undo; refusals
// leave everything as it was. No window needed.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <unistd.h>

#include "../emu_requests.h"
#include "../memcard_access.h"
#include "../memcard_manager.h"
#include "../savestate_paths.h"
#include "assets/embedded.h"
#include "core/memory_card.h"
#include "core/system.h"
#include "savestate/memcard_journal.h"

namespace fs = std::filesystem;

namespace {
fs::path scratchDir(const char* name) {
    fs::path p = fs::temp_directory_path() /
                 ("skipjack-memcard-app-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

memcard::SaveFile makeSave(const char* name, int blocks, uint8_t fill) {
    memcard::SaveFile save;
    save.filename = name;
    save.data.assign(size_t(blocks) * memcard::kBlockSize, fill);
    save.data[0] = 'S', save.data[1] = 'C', save.data[2] = 0x11;
    std::memset(&save.data[4], 0, 0x40);
    std::memcpy(&save.data[4], name, std::strlen(name));
    return save;
}

memcard::Card cardWith(std::initializer_list<memcard::SaveFile> saves) {
    memcard::Card card = memcard::Card::formatted();
    std::string error;
    for (const auto& s : saves)
        REQUIRE(card.importSave(s, error));
    return card;
}

std::vector<uint8_t> bytes(const memcard::Card& c) {
    return {c.bytes().begin(), c.bytes().end()};
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

TEST_CASE("an edit writes only the changed frames into the journal", "[memcard-manager]") {
    const fs::path dir = scratchDir("journal");
    const std::string path = (dir / "card.mcd").string();
    savestate::MemoryCardJournal journal;
    std::string error;
    REQUIRE(journal.open(path, error));
    const memcard::Card base = *memcard::Card::fromImage(journal.image(), error);
    const memcard::Card edited = cardWith({makeSave("BASLUS-00001A", 2, 0x5a)});
    const auto frames = memcard::changedFrames(base.bytes(), edited.bytes());
    const uint32_t before = journal.position();
    REQUIRE(app::applyCardEdit(journal, base.bytes(), edited.bytes(), 7, error));
    CHECK(journal.recordCount() == frames.size());
    CHECK(bytes(edited) == std::vector<uint8_t>(journal.image().begin(), journal.image().end()));
    // A second edit from the old base is refused: the card is no longer what it was read as.
    CHECK_FALSE(app::applyCardEdit(journal, base.bytes(), base.bytes(), 8, error));
    CHECK(error.find("changed") != std::string::npos);
    CHECK(journal.recordCount() == frames.size());
    // Rolling the journal back (what a savestate load does) takes the edit back.
    REQUIRE(journal.rollbackTo(before, error));
    CHECK(bytes(base) == std::vector<uint8_t>(journal.image().begin(), journal.image().end()));
    REQUIRE(journal.undoRollback(error));
    CHECK(bytes(edited) == std::vector<uint8_t>(journal.image().begin(), journal.image().end()));
    REQUIRE(journal.close(error));
    fs::remove_all(dir);
}

TEST_CASE("copy and move and delete and undo between a card file and a console card",
          "[memcard-manager]") {
    const fs::path dir = scratchDir("slots");
    std::string error;
    const std::string consolePath = app::memoryCardPath(dir.string(), 0);
    fs::create_directories(fs::path(consolePath).parent_path());
    app::CardSlot::ConsoleAccess access;
    access.gameRunning = [] { return false; };
    access.path = [&](int) { return consolePath; };
    for (const char* fileName : {"other.gme", "other.vmp", "other.mcr"}) {
        INFO(fileName);
        const std::string filePath = (dir / fileName).string();
        REQUIRE(memcard::writeCardFile(
            filePath, cardWith({makeSave("BISLPS-00002A", 1, 1), makeSave("BISLPS-00002B", 3, 2)}),
            error));
        fs::remove(consolePath);
        fs::remove(consolePath + ".journal");
        app::CardSlot file = app::CardSlot::file(filePath);
        app::CardSlot console = app::CardSlot::console(0, access);
        REQUIRE(file.load(error));
        REQUIRE(console.load(error)); // created formatted
        CHECK(console.card().saves().empty());

        REQUIRE(app::copyBetween(file, 2, console, false, error)); // the 3-block save
        REQUIRE(app::copyBetween(file, 1, console, true, error));  // move the 1-block one
        CHECK(file.card().saves().size() == 1);
        CHECK(console.card().saves().size() == 2);
        // What is on disk is what the slots show: the file in its format, the console card
        // merged from its journal.
        CHECK(bytes(*memcard::readCardFile(filePath, error)) == bytes(file.card()));
        std::vector<uint8_t> image;
        REQUIRE(app::readCardThroughJournal(consolePath, image, error));
        CHECK(image == bytes(console.card()));
        // A copy onto a card that has the save already is refused and changes neither.
        CHECK_FALSE(app::copyBetween(file, 2, console, false, error));
        CHECK(error.find("already") != std::string::npos);

        REQUIRE(app::deleteFrom(console, 1, error));
        CHECK(console.card().saves().size() == 1);
        REQUIRE(console.undo(error)); // the delete
        CHECK(console.card().saves().size() == 2);
        REQUIRE(file.undo(error)); // the move's delete on the file
        CHECK(file.card().saves().size() == 2);
        CHECK(bytes(*memcard::readCardFile(filePath, error)) == bytes(file.card()));

        // Export and import a single save.
        const std::string savePath = (dir / "one.psv").string();
        REQUIRE(app::exportFrom(file, 1, savePath, error));
        REQUIRE(app::deleteFrom(file, 1, error));
        REQUIRE(app::importInto(file, savePath, error));
        CHECK(file.card().save(1)->filename == "BISLPS-00002A");
        // A damaged save file is refused and the card stays.
        const std::vector<uint8_t> before = bytes(file.card());
        fs::resize_file(savePath, fs::file_size(savePath) - 1);
        CHECK_FALSE(app::importInto(file, savePath, error));
        CHECK(bytes(file.card()) == before);
    }
    fs::remove_all(dir);
}

TEST_CASE("an emulator card opened as a file goes through its journal and waits for the game",
          "[memcard-manager]") {
    const fs::path dir = scratchDir("journalfile");
    const std::string path = (dir / "card1.mcd").string();
    std::string error;
    {
        // A card whose journal holds a write not merged yet (as after a crash).
        savestate::MemoryCardJournal journal;
        REQUIRE(journal.open(path, error));
        memcard::Card edited = *memcard::Card::fromImage(journal.image(), error);
        REQUIRE(edited.importSave(makeSave("BASLUS-00001J", 1, 3), error));
        REQUIRE(app::applyCardEdit(journal, journal.image(), edited.bytes(), 1, error));
    } // destroyed without close(): the journal stays beside the card
    REQUIRE(fs::exists(path + ".journal"));
    bool running = true;
    app::CardSlot slot = app::CardSlot::file(path, [&] { return running; });
    CHECK_FALSE(slot.load(error));
    CHECK(error.find("running") != std::string::npos);
    running = false;
    REQUIRE(slot.load(error));
    REQUIRE(slot.card().saves().size() == 1); // the journal's write is there
    CHECK(slot.card().saves()[0].filename == "BASLUS-00001J");
    REQUIRE(app::deleteFrom(slot, slot.card().saves()[0].firstBlock, error));
    std::vector<uint8_t> image;
    REQUIRE(app::readCardThroughJournal(path, image, error));
    CHECK(image == bytes(slot.card()));
    fs::remove_all(dir);
}

TEST_CASE("a manager edit of the running game's card rolls back with a quick-load",
          "[memcard-manager]") {
    core::System system;
    REQUIRE(bootDemo(system));
    const fs::path dir = scratchDir("session");
    app::SavestateConfig config;
    config.appData = dir.string();
    app::SavestateSession session(system, config);
    std::string error;
    REQUIRE(session.openMemoryCards(error));
    auto access = [&](int port, std::vector<uint8_t> base, std::vector<uint8_t> edited) {
        app::CardAccessRequest request;
        request.port = port;
        request.base = std::move(base);
        request.edited = std::move(edited);
        auto done = request.done.get_future();
        session.handleCardAccess(request);
        return done.get();
    };
    app::CardSlot::ConsoleAccess consoleAccess;
    consoleAccess.gameRunning = [] { return true; };
    consoleAccess.running = access;
    app::CardSlot card = app::CardSlot::console(1, consoleAccess);
    for (int i = 0; i < 5; ++i)
        system.runFrame();
    REQUIRE(card.load(error));
    const std::vector<uint8_t> empty = bytes(card.card());
    REQUIRE(session.handle({app::EmuRequestKind::QuickSave, 2}).ok);

    memcard::Card edited = card.card();
    REQUIRE(edited.importSave(makeSave("BESCES-00003X", 2, 9), error));
    REQUIRE(card.commit(edited, error));
    const auto* journal = session.memoryCard(1);
    REQUIRE(journal);
    CHECK(std::vector<uint8_t>(journal->image().begin(), journal->image().end()) == bytes(edited));
    // The card was re-inserted: FLAG bit 3 (a new card) is set for the game.
    CHECK(system.memoryCard(1).state().flag & core::MemoryCard::kFlagFresh);

    for (int i = 0; i < 5; ++i)
        system.runFrame();
    REQUIRE(session.handle({app::EmuRequestKind::QuickLoad, 2}).ok);
    CHECK(std::vector<uint8_t>(journal->image().begin(), journal->image().end()) == empty);
    REQUIRE(session.handle({app::EmuRequestKind::UndoLoad, 0}).ok);
    CHECK(std::vector<uint8_t>(journal->image().begin(), journal->image().end()) == bytes(edited));
    // A port without a card is an error, not a crash.
    app::CardAccessRequest bad;
    bad.port = 5;
    auto badDone = bad.done.get_future();
    session.handleCardAccess(bad);
    CHECK_FALSE(badDone.get().ok);
    std::string ignored;
    session.closeMemoryCards(ignored);
    fs::remove_all(dir);
}
