// Cue sheet parsing: the commands that shape the layout, the edge cases real sheets have,
// and errors that name the sheet and line.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/disc/cue_bin.h"
#include "core/disc/cue_sheet.h"

using namespace core::disc;

namespace {
std::string parseError(const std::string& text) {
    CueSheet s;
    std::string error;
    REQUIRE_FALSE(parseCueSheet(text, "t.cue", s, error));
    return error;
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("skipjack-cue-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& content) {
        std::ofstream(path / name, std::ios::binary) << content;
        return (path / name).string();
    }
};
} // namespace

TEST_CASE("Disc cue parser reads files tracks indexes and gaps") {
    CueSheet s;
    std::string error;
    const char* text = "\xEF\xBB\xBFREM COMMENT \"x\"\r\n"
                       "CATALOG 0000000000000\r\n"
                       "FILE \"My Game (Track 1).bin\" BINARY\r\n"
                       "  TRACK 01 MODE2/2352\r\n"
                       "    TITLE \"A\"\r\n"
                       "    INDEX 01 00:00:00\r\n"
                       "  track 02 audio\r\n"
                       "    FLAGS DCP\r\n"
                       "    INDEX 00 08:09:29\r\n"
                       "    INDEX 01 08:11:29\r\n"
                       "    INDEX 02 08:20:00\r\n"
                       "FILE t3.bin MOTOROLA\r\n"
                       "   TRACK 3 AUDIO\r\n"
                       "   PREGAP 00:02:00\r\n"
                       "   INDEX 1 00:00:00\r\n"
                       "   POSTGAP 00:00:10\r\n";
    REQUIRE(parseCueSheet(text, "t.cue", s, error));
    REQUIRE(s.files.size() == 2);
    CHECK(s.files[0].name == "My Game (Track 1).bin");
    CHECK_FALSE(s.files[0].bigEndianAudio);
    REQUIRE(s.files[0].tracks.size() == 2);
    CHECK(s.files[0].tracks[0].type == TrackType::Mode2);
    CHECK(s.files[0].tracks[0].sectorSize == 2352);
    const CueTrack& t2 = s.files[0].tracks[1];
    CHECK(t2.type == TrackType::Audio);
    CHECK(*t2.index0 == (8 * 60 + 9) * 75 + 29);
    CHECK(*t2.index1 == (8 * 60 + 11) * 75 + 29);
    CHECK(s.files[1].bigEndianAudio);
    const CueTrack& t3 = s.files[1].tracks[0];
    CHECK(t3.number == 3);
    CHECK(t3.pregap == 150);
    CHECK(t3.postgap == 10);
    CHECK(*t3.index1 == 0);
}

TEST_CASE("Disc cue parser knows every supported track type") {
    for (auto [type, size] : {std::pair{"MODE1/2048", 2048u},
                              {"MODE1/2352", 2352u},
                              {"MODE2/2336", 2336u},
                              {"MODE2/2352", 2352u},
                              {"AUDIO", 2352u}}) {
        CueSheet s;
        std::string error;
        const std::string text =
            std::string("FILE a.bin BINARY\nTRACK 01 ") + type + "\nINDEX 01 00:00:00\n";
        REQUIRE(parseCueSheet(text, "t.cue", s, error));
        CHECK(s.files[0].tracks[0].sectorSize == size);
    }
}

TEST_CASE("Disc cue parser errors name the sheet and line") {
    CHECK(parseError("TRACK 01 AUDIO\n") == "t.cue:1: TRACK before any FILE");
    CHECK(parseError("FILE a.bin BINARY\n\nINDEX 01 00:00:00\n") ==
          "t.cue:3: INDEX before any TRACK");
    CHECK(parseError("FILE a.bin BINARY\nTRACK 01 MODE1/2352\nINDEX 01 00:60:00\n")
              .find("t.cue:3: bad time") == 0);
    CHECK(parseError("FILE a.bin BINARY\nTRACK 01 MODE1/2352\nINDEX 01 00:00:75\n")
              .find("t.cue:3: bad time") == 0);
    CHECK(parseError("FILE a.bin BINARY\nTRACK 02 AUDIO\nINDEX 01 00:00:00\n")
              .find("t.cue:2: track 2 follows track 0") == 0);
    CHECK(parseError("FILE a.bin WAVE\n").find("t.cue:1: FILE type WAVE") == 0);
    CHECK(parseError("FILE \"a.bin BINARY\n") == "t.cue:1: unterminated quoted string");
    CHECK(parseError("FILE a.bin BINARY\nTRACK 01 CDG\n").find("t.cue:2: track type CDG") == 0);
    CHECK(parseError("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 00 00:00:05\nINDEX 01 00:00:01\n") ==
          "t.cue:4: INDEX 01 lies before INDEX 00");
    CHECK(parseError("FILE a.bin BINARY\nTRACK 01 AUDIO\nBOGUS 1\n") ==
          "t.cue:3: unknown command 'BOGUS'");
    CHECK(parseError("FILE a.bin BINARY\nTRACK 01 AUDIO\n") == "t.cue:2: track 1 has no INDEX 01");
    CHECK(parseError("") == "t.cue: no FILE in the cue sheet");
    CHECK(parseError("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nPREGAP 00:02:00\n") ==
          "t.cue:4: PREGAP must come before the track's INDEX");
    CHECK(parseError("FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:10\nTRACK 02 AUDIO\n"
                     "INDEX 01 00:00:05\n") ==
          "t.cue:4: track 2 starts before the previous track in the same file");
    CHECK(parseError(std::string("FILE a.bin BINARY\n\0\n", 20)).find("binary data") !=
          std::string::npos);
}

TEST_CASE("Disc cue image lays out gaps and finds bins ignoring case") {
    TempDir dir;
    dir.write("DATA.BIN", std::string(2352 * 10, '\x11'));
    dir.write("Audio Two.bin", std::string(2352 * 30, '\x22'));
    const std::string cue = dir.write("g.cue", "FILE \"C:\\Games\\data.bin\" BINARY\n"
                                               "  TRACK 01 MODE1/2352\n"
                                               "    INDEX 01 00:00:00\n"
                                               "FILE \"audio two.BIN\" BINARY\n"
                                               "  TRACK 02 AUDIO\n"
                                               "    PREGAP 00:00:05\n"
                                               "    INDEX 00 00:00:00\n"
                                               "    INDEX 01 00:00:10\n"
                                               "  TRACK 03 AUDIO\n"
                                               "    INDEX 01 00:00:20\n"
                                               "    POSTGAP 00:00:03\n");
    std::string error;
    auto disc = openCueBin(cue, error);
    REQUIRE(disc);
    const Toc& toc = disc->toc();
    REQUIRE(toc.tracks.size() == 3);
    CHECK(toc.tracks[0].start == 0);
    CHECK(toc.tracks[0].length == 10);
    CHECK(toc.tracks[1].pregapStart == 10);
    CHECK(toc.tracks[1].start == 10 + 5 + 10);
    CHECK(toc.tracks[1].length == 10);
    CHECK(toc.tracks[2].pregapStart == 35);
    CHECK(toc.tracks[2].start == 35);
    CHECK(toc.tracks[2].length == 10 + 3);
    CHECK(toc.leadOut == 48);
    std::array<uint8_t, 2352> s;
    REQUIRE(disc->readSector(9, s, error));
    CHECK(s[100] == 0x11);
    REQUIRE(disc->readSector(12, s, error)); // PREGAP: silence, not in the file
    CHECK(s[100] == 0);
    REQUIRE(disc->readSector(15, s, error)); // INDEX 00: stored
    CHECK(s[100] == 0x22);
    REQUIRE(disc->readSector(46, s, error)); // POSTGAP
    CHECK(s[100] == 0);
    REQUIRE(disc->readSector(-3, s, error)); // track 1's pregap: an empty Mode 1 sector
    CHECK(s[15] == 1);
    CHECK_FALSE(disc->readSector(48, s, error));
    CHECK(error.find("outside the disc") != std::string::npos);
    CHECK(disc->subchannelQ(12).bytes[2] == 0x00);
    CHECK(disc->subchannelQ(25).bytes[2] == 0x01);
}

TEST_CASE("Disc cue image errors name the missing or short file") {
    TempDir dir;
    std::string error;
    const std::string missing =
        dir.write("m.cue", "FILE \"gone.bin\" BINARY\n TRACK 01 MODE2/2352\n  INDEX 01 00:00:00\n");
    CHECK_FALSE(openCueBin(missing, error));
    CHECK(error == missing + ":1: the file gone.bin named here does not exist");
    dir.write("short.bin", std::string(2352 * 3 + 100, '\0'));
    const std::string shortCue =
        dir.write("s.cue", "FILE short.bin BINARY\n TRACK 01 MODE2/2352\n  INDEX 01 00:00:00\n");
    CHECK_FALSE(openCueBin(shortCue, error));
    CHECK(error.find("short.bin: the file is 7156 bytes, not a whole number") != std::string::npos);
    const std::string past =
        dir.write("p.cue", "FILE short.bin BINARY\n TRACK 01 MODE2/2352\n  INDEX 01 00:00:00\n"
                           " TRACK 02 AUDIO\n  INDEX 01 00:01:00\n");
    CHECK_FALSE(openCueBin(past, error));
    CHECK(error.find("p.cue:2: track 1 runs past the end") != std::string::npos);
    CHECK_FALSE(openCueBin((dir.path / "none.cue").string(), error));
    CHECK(error.find("none.cue") != std::string::npos);
}
