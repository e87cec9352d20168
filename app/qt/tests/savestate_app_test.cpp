// Unit tests of the desktop app's savestate plumbing: where slot files and memory cards live,
// slot stepping, the request queue, and SavestateSession on a real machine (the built-in demo).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

#include "../emu_requests.h"
#include "../savestate_paths.h"
#include "assets/embedded.h"
#include "core/savestates.h"
#include "core/system.h"

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
