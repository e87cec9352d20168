// The desktop app's disc features without a window: the game list scanner on the test discs
// the build makes (tests/discs/make_discs.cmake), its cache, damaged images; per-game memory
// cards; and the Change disc requests the emulation thread runs.
//
// Expected values come from how make_discs.cmake builds the discs, not from the code under
// test: disc.iso's SYSTEM.CNF boots "cdrom:\SLUS_012.34;1", whose serial (the boot name with
// '_' as '-' and the '.' dropped) is SLUS-01234; genisoimage -V gives the volume ids
// SKIPJACK_TEST and NOCNF; genisoimage writes no licence text (sector 4 stays empty), so the
// region comes from the serial's SLUS prefix (a US title: NTSC-U); the memory card is 128 KiB
// (memcard.md: 16 blocks of 8 KiB).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

#include "../emu_requests.h"
#include "../game_scanner.h"
#include "../savestate_paths.h"
#include "core/disc/open_disc.h"
#include "core/system.h"
#include "savestate/memcard_journal.h"

namespace fs = std::filesystem;

namespace {
const fs::path kDiscs = SKIPJACK_TEST_DISC_DIR;

fs::path scratchDir(const char* name) {
    fs::path p = fs::temp_directory_path() /
                 ("skipjack-disc-app-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

void copyTo(const fs::path& dir, std::initializer_list<const char*> names) {
    for (const char* n : names)
        fs::copy_file(kDiscs / n, dir / n, fs::copy_options::overwrite_existing);
}

void writeFile(const fs::path& p, const std::string& bytes) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << bytes;
}

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

std::map<std::string, app::GameEntry> byName(const std::vector<app::GameEntry>& entries) {
    std::map<std::string, app::GameEntry> out;
    for (const app::GameEntry& e : entries)
        out[e.fileName().toStdString()] = e;
    return out;
}

// A folder with good images of each format, an .m3u of two discs, a BIOS-sized .bin that is
// no disc, and damaged images.
fs::path gameFolder(const char* name) {
    const fs::path dir = scratchDir(name);
    fs::create_directories(dir / "sub");
    copyTo(dir, {"disc.iso", "nocnf.iso", "mode1.chd"});
    // The cue/bin sets with every file their cue names.
    for (const auto& f : fs::directory_iterator(kDiscs)) {
        const std::string n = f.path().filename().string();
        if (n.rfind("mode1", 0) == 0 && (n.ends_with(".bin") || n == "mode1.cue"))
            fs::copy_file(f.path(), dir / "sub" / n);
        if (n.rfind("mode2", 0) == 0 && (n.ends_with(".bin") || n == "mode2.cue"))
            fs::copy_file(f.path(), dir / "sub" / n);
    }
    writeFile(dir / "sub" / "game.m3u", "mode1.cue\nmode2.cue\n");
    writeFile(dir / "bios.bin", std::string(512 * 1024, '\x11'));
    // Damaged: a cue naming a missing bin, a CHD cut after its first bytes, an ISO of zeros.
    writeFile(dir / "missing.cue",
              "FILE \"nothere.bin\" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\n");
    {
        std::ifstream in(kDiscs / "mode1.chd", std::ios::binary);
        std::string head(64, '\0');
        in.read(head.data(), 64);
        writeFile(dir / "cut.chd", head);
    }
    writeFile(dir / "zeros.iso", std::string(40 * 2048, '\0'));
    return dir;
}
} // namespace

TEST_CASE("regions: the licence text's region, else the serial's publisher prefix", "[gamelist]") {
    // cdromdrive.md "Licence strings": "...Inc." Japan, "...Amer ica" NTSC-U, "...Euro pe" PAL.
    CHECK(app::regionFromLicence('I') == "NTSC-J");
    CHECK(app::regionFromLicence('A') == "NTSC-U");
    CHECK(app::regionFromLicence('E') == "PAL");
    CHECK(app::regionFromLicence(0).isEmpty());
    CHECK(app::regionFromSerialPrefix("SLUS-01234") == "NTSC-U");
    CHECK(app::regionFromSerialPrefix("SCES-00344") == "PAL");
    CHECK(app::regionFromSerialPrefix("SLPS-01234") == "NTSC-J");
    CHECK(app::regionFromSerialPrefix("ABCD-00001").isEmpty());
}

TEST_CASE("a folder scan lists each game once with its serial, title, region and format",
          "[gamelist]") {
    const fs::path dir = gameFolder("scan");
    app::GameScanner scanner(q(dir / "cache" / "gamelist.json"));
    const app::GameScanner::Result r = scanner.scan({q(dir)});
    auto games = byName(r.entries);

    // The mode1/mode2 .bin files are named by their cues and bios.bin has no sync pattern:
    // neither is a game of its own.
    for (const auto& [name, e] : games)
        CHECK_FALSE(QFileInfo(e.path).suffix() == "bin");
    CHECK(r.entries.size() == 9); // disc.iso nocnf.iso mode1.chd mode1.cue mode2.cue game.m3u
                                  // missing.cue cut.chd zeros.iso
    CHECK(r.probed == 9);
    CHECK(r.cached == 0);

    const app::GameEntry& iso = games.at("disc.iso");
    CHECK(iso.error.isEmpty());
    CHECK(iso.serial == "SLUS-01234");
    CHECK(iso.volumeId == "SKIPJACK_TEST");
    CHECK(iso.title() == "SKIPJACK_TEST");
    CHECK(iso.region == "NTSC-U");
    CHECK(iso.regionFromSerial);
    CHECK(iso.format == "iso");
    CHECK(iso.discs == 1);
    CHECK(iso.size == qint64(fs::file_size(dir / "disc.iso")));
    CHECK(iso.imageSize == iso.size);

    const app::GameEntry& chd = games.at("mode1.chd");
    CHECK(chd.error.isEmpty());
    CHECK(chd.serial == "SLUS-01234");
    CHECK(chd.format == "chd");
    const app::GameEntry& cue = games.at("mode1.cue");
    CHECK(cue.error.isEmpty());
    CHECK(cue.serial == "SLUS-01234");
    CHECK(cue.format == "cue/bin");
    // skipjack-mkdisc's mode1.cue names mode1.bin, "mode1 audio.bin" and mode1_3.bin.
    const auto bytes = [&](const char* name) { return qint64(fs::file_size(dir / "sub" / name)); };
    const qint64 mode1 =
        bytes("mode1.cue") + bytes("mode1.bin") + bytes("mode1 audio.bin") + bytes("mode1_3.bin");
    const qint64 mode2 =
        bytes("mode2.cue") + bytes("mode2.bin") + bytes("mode2 audio.bin") + bytes("mode2_3.bin");
    CHECK(cue.size == bytes("mode1.cue"));
    CHECK(cue.imageSize == mode1);
    const app::GameEntry& m3u = games.at("game.m3u");
    CHECK(m3u.error.isEmpty());
    CHECK(m3u.discs == 2);
    CHECK(m3u.format == "m3u: 2 x cue/bin");
    CHECK(m3u.serial == "SLUS-01234");
    CHECK(m3u.imageSize == bytes("game.m3u") + mode1 + mode2);

    // Booted from PSX.EXE (no SYSTEM.CNF): no serial, so the title is the volume id and the
    // region is unknown.
    const app::GameEntry& nocnf = games.at("nocnf.iso");
    CHECK(nocnf.error.isEmpty());
    CHECK(nocnf.serial.isEmpty());
    CHECK(nocnf.title() == "NOCNF");
    CHECK(nocnf.region.isEmpty());

    // Damaged images are listed with the reader's message naming the file.
    for (const char* bad : {"missing.cue", "cut.chd", "zeros.iso"}) {
        INFO(bad);
        const app::GameEntry& e = games.at(bad);
        CHECK_FALSE(e.error.isEmpty());
        CHECK(e.serial.isEmpty());
        CHECK(e.title() == QString(bad)); // no volume id or serial: the file name
    }
    CHECK(games.at("missing.cue").error.contains("nothere.bin"));
    CHECK(games.at("cut.chd").error.contains("cut.chd"));
}

TEST_CASE("a second scan takes unchanged images from the cache", "[gamelist]") {
    const fs::path dir = gameFolder("cache");
    const QString cache = q(dir / "cache" / "gamelist.json");
    app::GameScanner scanner(cache);
    const auto first = scanner.scan({q(dir)});
    REQUIRE(first.cacheError.isEmpty());
    REQUIRE(QFileInfo::exists(cache));
    // Written through a temporary file and a rename: nothing else is left in its directory.
    CHECK(std::distance(fs::directory_iterator(dir / "cache"), fs::directory_iterator()) == 1);

    const auto second = app::GameScanner(cache).scan({q(dir)});
    // The 6 readable images come from the cache; the 3 damaged ones are read again (a missing
    // bin may have been put back), so they are never cached.
    CHECK(second.cached == 6);
    CHECK(second.probed == 3);
    auto games = byName(second.entries);
    CHECK(games.at("disc.iso").serial == "SLUS-01234");
    CHECK(games.at("disc.iso").volumeId == "SKIPJACK_TEST");
    CHECK(games.at("game.m3u").discs == 2);
    CHECK(games.at("game.m3u").imageSize == byName(first.entries).at("game.m3u").imageSize);
    CHECK(games.at("nocnf.iso").title() == "NOCNF");

    // A file whose modification time changed is read again.
    const auto path = dir / "disc.iso";
    fs::last_write_time(path, fs::last_write_time(path) - std::chrono::hours(1));
    const auto third = app::GameScanner(cache).scan({q(dir)});
    CHECK(third.cached == 5);
    CHECK(third.probed == 4);

    // A changed .bin behind an unchanged .cue: that cue and the .m3u that lists it are read
    // again.
    fs::path bin;
    for (const auto& f : fs::directory_iterator(dir / "sub"))
        if (f.path().filename().string().rfind("mode2", 0) == 0 && f.path().extension() == ".bin")
            bin = f.path();
    REQUIRE(!bin.empty());
    fs::last_write_time(bin, fs::last_write_time(bin) - std::chrono::hours(1));
    const auto binChanged = app::GameScanner(cache).scan({q(dir)});
    CHECK(binChanged.cached == 4);
    CHECK(binChanged.probed == 5);

    // A damaged cache is no cache: everything is read again, nothing crashes.
    writeFile(dir / "cache" / "gamelist.json", "{\"version\": 1, \"entries\": [ {\"path\": 3");
    const auto fourth = app::GameScanner(cache).scan({q(dir)});
    CHECK(fourth.cached == 0);
    CHECK(fourth.probed == 9);
    CHECK(byName(fourth.entries).at("disc.iso").serial == "SLUS-01234");
    // ... and the rewritten cache is valid JSON again.
    QFile f(cache);
    REQUIRE(f.open(QIODevice::ReadOnly));
    CHECK(QJsonDocument::fromJson(f.readAll()).object()["entries"].toArray().size() == 6);
}

TEST_CASE("a cancelled scan writes no cache", "[gamelist]") {
    const fs::path dir = gameFolder("cancel");
    const QString cache = q(dir / "cache" / "gamelist.json");
    std::atomic<bool> cancel{true};
    const auto r = app::GameScanner(cache).scan({q(dir)}, &cancel);
    CHECK(r.cancelled);
    CHECK_FALSE(QFileInfo::exists(cache));
}

TEST_CASE("a folder that does not exist gives an empty list", "[gamelist]") {
    const fs::path dir = scratchDir("nofolder");
    const auto r = app::GameScanner(q(dir / "gamelist.json")).scan({q(dir / "absent")});
    CHECK(r.entries.empty());
    CHECK(r.cacheError.isEmpty());
}

namespace {
bool bootDisc(core::System& system, const fs::path& image) {
    std::string error;
    system.useHleBios();
    system.reset();
    const bool ok = system.bootDisc(image.string(), error);
    INFO(error);
    return ok;
}
} // namespace

TEST_CASE("memory cards per game are named by the disc's serial and created on first use",
          "[memcard-per-game]") {
    const fs::path appData = scratchDir("cards");
    core::System system;
    REQUIRE(bootDisc(system, kDiscs / "disc.iso"));
    REQUIRE(system.gameId() == "SLUS-01234");
    CHECK(app::memoryCardPath(appData.string(), 0, "SLUS-01234", true) ==
          (appData / "memcards" / "SLUS-01234_1.mcd").string());
    CHECK(app::memoryCardPath(appData.string(), 1, "exe:ab12", true) ==
          (appData / "memcards" / "exe-ab12_2.mcd").string());
    CHECK(app::memoryCardPath(appData.string(), 1, "SLUS-01234", false) ==
          (appData / "memcards" / "card2.mcd").string());

    app::SavestateConfig config;
    config.appData = appData.string();
    config.rewind = false;
    config.memoryCardsPerGame = true;
    {
        app::SavestateSession session(system, config);
        std::string error;
        REQUIRE(session.openMemoryCards(error));
        CHECK(fs::file_size(appData / "memcards" / "SLUS-01234_1.mcd") == 128 * 1024);
        CHECK(fs::file_size(appData / "memcards" / "SLUS-01234_2.mcd") == 128 * 1024);
        CHECK_FALSE(fs::exists(appData / "memcards" / "card1.mcd"));
        REQUIRE(session.memoryCard(0));
        CHECK(session.memoryCard(0)->path() ==
              (appData / "memcards" / "SLUS-01234_1.mcd").string());
        REQUIRE(session.closeMemoryCards(error));
    }
    // The option off: the shared cards, as before.
    config.memoryCardsPerGame = false;
    {
        app::SavestateSession session(system, config);
        std::string error;
        REQUIRE(session.openMemoryCards(error));
        CHECK(fs::file_size(appData / "memcards" / "card1.mcd") == 128 * 1024);
        REQUIRE(session.memoryCard(0));
        CHECK(session.memoryCard(0)->path() == (appData / "memcards" / "card1.mcd").string());
    }
}

TEST_CASE("Change disc requests swap discs of the set or another image, or change nothing",
          "[change-disc]") {
    core::System system;
    REQUIRE(bootDisc(system, kDiscs / "game.m3u"));
    const std::string id = system.gameId();
    app::DiscList list = app::discList(system);
    REQUIRE(list.paths.size() == 2);
    CHECK(list.current == 0);

    app::SavestateSession session(system, app::SavestateConfig{});
    app::EmuRequestResult r = session.handle({app::EmuRequestKind::ChangeDisc, 1, {}});
    CHECK(r.ok);
    CHECK(app::discList(system).current == 1);
    CHECK(system.discs()->currentIndex() == 1);

    // Not a disc of the set: refused, the drive keeps its disc.
    r = session.handle({app::EmuRequestKind::ChangeDisc, 2, {}});
    CHECK_FALSE(r.ok);
    CHECK(system.discs()->currentIndex() == 1);
    r = session.handle({app::EmuRequestKind::ChangeDisc, -1, {}});
    CHECK_FALSE(r.ok);

    // An image that cannot be opened: the reader's message, nothing changed.
    const fs::path dir = scratchDir("swap");
    writeFile(dir / "missing.cue",
              "FILE \"nothere.bin\" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\n");
    r = session.handle({app::EmuRequestKind::InsertDisc, 0, (dir / "missing.cue").string()});
    CHECK_FALSE(r.ok);
    CHECK(r.message.find("nothere.bin") != std::string::npos);
    CHECK(app::discList(system).paths.size() == 2);
    CHECK(app::discList(system).current == 1);

    // Another image: the set is that image now; the game (its id, cards, states) stays.
    r = session.handle({app::EmuRequestKind::InsertDisc, 0, (kDiscs / "nocnf.iso").string()});
    CHECK(r.ok);
    list = app::discList(system);
    REQUIRE(list.paths.size() == 1);
    CHECK(fs::path(list.paths[0]).filename() == "nocnf.iso");
    CHECK(system.gameId() == id);
    CHECK(fs::path(system.discs()->current().path()).filename() == "nocnf.iso");
}
