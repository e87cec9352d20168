#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "savestate/memcard_journal.h"
#include "savestate/state_file.h"

using namespace savestate;
namespace fs = std::filesystem;

namespace {
fs::path tempDir(const char* name) {
    fs::path p = fs::temp_directory_path() /
                 ("skipjack-test-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

StateFileInfo sampleInfo() {
    StateFileInfo info;
    info.emulatorVersion = "skipjack test";
    info.gameId = "exe:0123456789abcdef";
    info.biosId = "HLE";
    info.frame = 1234;
    info.thumbWidth = 2;
    info.thumbHeight = 1;
    info.thumbnail = {1, 2, 3, 4, 5, 6, 7, 8};
    return info;
}
} // namespace

TEST_CASE("state file round trip keeps header - thumbnail and state", "[savestate]") {
    std::vector<uint8_t> state(100000);
    for (size_t i = 0; i < state.size(); ++i)
        state[i] = uint8_t(i * 7 / 13);
    auto file = encodeStateFile(sampleInfo(), state);
    CHECK(file.size() < state.size()); // compressed
    StateFileInfo info;
    std::vector<uint8_t> out;
    std::string error;
    REQUIRE(decodeStateFile(file, "exe:0123456789abcdef", info, out, error));
    CHECK(out == state);
    CHECK(info.frame == 1234);
    CHECK(info.thumbnail == sampleInfo().thumbnail);
}

TEST_CASE("state file refuses another game - a newer format and damage", "[savestate]") {
    std::vector<uint8_t> state(5000, 0x5a);
    auto file = encodeStateFile(sampleInfo(), state);
    StateFileInfo info;
    std::vector<uint8_t> out;
    std::string error;
    CHECK_FALSE(decodeStateFile(file, "exe:other", info, out, error));
    CHECK(error.find("another game") != std::string::npos);

    auto newer = file;
    newer[8] = kStateFormatVersion + 1;
    CHECK_FALSE(decodeStateFile(newer, "", info, out, error));
    CHECK(error.find("newer") != std::string::npos);

    // Every truncation and every single-byte corruption is refused, never crashes.
    for (size_t n = 0; n < file.size(); n += 7) {
        std::vector<uint8_t> cut(file.begin(), file.begin() + long(n));
        CHECK_FALSE(decodeStateFile(cut, "", info, out, error));
    }
    for (size_t i = 0; i < file.size(); ++i) {
        auto bad = file;
        bad[i] ^= 0x41;
        if (i >= 8 && i < 12) continue; // a lower version number is still a valid version
        CHECK_FALSE(decodeStateFile(bad, "", info, out, error));
    }
    CHECK(out.empty());
}

TEST_CASE("writeFileAtomic replaces the file and leaves no temp file", "[savestate]") {
    fs::path dir = tempDir("atomic");
    std::string path = (dir / "x.bin").string();
    std::string error;
    std::vector<uint8_t> a(10, 1), b(20, 2), got;
    REQUIRE(writeFileAtomic(path, a, error));
    REQUIRE(writeFileAtomic(path, b, error));
    REQUIRE(readWholeFile(path, got, error));
    CHECK(got == b);
    CHECK_FALSE(fs::exists(path + ".tmp"));
    CHECK_FALSE(writeFileAtomic((dir / "no/such/dir/x").string(), a, error));
    fs::remove_all(dir);
}

TEST_CASE("a missing memory card is created formatted", "[savestate][memcard]") {
    fs::path dir = tempDir("mcnew");
    MemoryCardJournal card;
    std::string error;
    REQUIRE(card.open((dir / "card.mcd").string(), error));
    // controllersandmemorycards.md: header frame "MC" with XOR checksum 0Eh, free directory.
    CHECK(card.sector(0)[0] == 'M');
    CHECK(card.sector(0)[1] == 'C');
    CHECK(card.sector(0)[127] == 0x0e);
    CHECK(card.sector(1)[0] == 0xa0);
    CHECK(fs::file_size(dir / "card.mcd") == MemoryCardJournal::kCardSize);
    REQUIRE(card.close(error));
    fs::remove_all(dir);
}

TEST_CASE("memory card writes go to the journal - not the parent - until commit",
          "[savestate][memcard]") {
    fs::path dir = tempDir("mcjournal");
    std::string path = (dir / "card.mcd").string();
    std::string error;
    std::vector<uint8_t> parentBefore;
    uint8_t data[128];
    {
        MemoryCardJournal card;
        REQUIRE(card.open(path, error));
        REQUIRE(readWholeFile(path, parentBefore, error));
        std::fill(data, data + 128, 0x11);
        REQUIRE(card.writeSector(100, data, 5, error));
        std::vector<uint8_t> parentNow;
        REQUIRE(readWholeFile(path, parentNow, error));
        CHECK(parentNow == parentBefore); // the parent is untouched while running
        CHECK(card.sector(100)[0] == 0x11);
        // destroyed without close(): as after a crash
    }
    MemoryCardJournal card;
    REQUIRE(card.open(path, error));
    CHECK(card.sector(100)[0] == 0x11); // replayed from the journal
    REQUIRE(card.commit(error));
    std::vector<uint8_t> merged;
    REQUIRE(readWholeFile(path, merged, error));
    CHECK(merged[100 * 128] == 0x11);
    CHECK(card.position() == 0);
    REQUIRE(card.close(error));
    fs::remove_all(dir);
}

TEST_CASE("rolling back to a savestate's journal position keeps the branch for undo",
          "[savestate][memcard]") {
    fs::path dir = tempDir("mcrollback");
    MemoryCardJournal card;
    std::string error;
    REQUIRE(card.open((dir / "card.mcd").string(), error));
    uint8_t a[128], b[128], c[128];
    std::fill(a, a + 128, 0xaa);
    std::fill(b, b + 128, 0xbb);
    std::fill(c, c + 128, 0xcc);
    REQUIRE(card.writeSector(200, a, 1, error));
    uint32_t saved = card.position(); // a savestate taken here
    REQUIRE(card.writeSector(200, b, 2, error));
    REQUIRE(card.rollbackTo(saved, error)); // load the state
    CHECK(card.sector(200)[0] == 0xaa);
    REQUIRE(card.undoRollback(error)); // undo load: the later write is back
    CHECK(card.sector(200)[0] == 0xbb);
    REQUIRE(card.rollbackTo(saved, error));
    REQUIRE(card.writeSector(201, c, 3, error)); // a new branch after the load
    CHECK(card.sector(200)[0] == 0xaa);
    CHECK(card.sector(201)[0] == 0xcc);
    // Reopening follows the newest branch.
    std::string p = card.path();
    MemoryCardJournal again;
    REQUIRE(again.open(p, error));
    CHECK(again.sector(200)[0] == 0xaa);
    CHECK(again.sector(201)[0] == 0xcc);
    fs::remove_all(dir);
}

TEST_CASE("a torn or corrupt journal record is ignored - never applied", "[savestate][memcard]") {
    fs::path dir = tempDir("mctorn");
    std::string path = (dir / "card.mcd").string();
    std::string error;
    uint8_t a[128], b[128];
    std::fill(a, a + 128, 0x12);
    std::fill(b, b + 128, 0x34);
    {
        MemoryCardJournal card;
        REQUIRE(card.open(path, error));
        REQUIRE(card.writeSector(300, a, 1, error));
        REQUIRE(card.writeSector(300, b, 2, error));
    }
    std::string journal = path + ".journal";
    auto size = fs::file_size(journal);
    SECTION("torn tail") {
        fs::resize_file(journal, size - 50);
    }
    SECTION("flipped byte in the last record's data") {
        std::fstream f(journal, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(long(size) - 60);
        f.put(char(0x99));
    }
    MemoryCardJournal card;
    REQUIRE(card.open(path, error));
    CHECK(card.sector(300)[0] == 0x12); // the intact first write only
    CHECK(card.ignoredRecords() == 1);
    fs::remove_all(dir);
}

TEST_CASE("a memory card image of the wrong size is refused", "[savestate][memcard]") {
    fs::path dir = tempDir("mcbad");
    std::string path = (dir / "bad.mcd").string();
    std::string error;
    std::vector<uint8_t> junk(1000, 0);
    REQUIRE(writeFileAtomic(path, junk, error));
    MemoryCardJournal card;
    CHECK_FALSE(card.open(path, error));
    CHECK(error.find("128 KiB") != std::string::npos);
    CHECK(fs::file_size(path) == 1000); // untouched
    fs::remove_all(dir);
}
