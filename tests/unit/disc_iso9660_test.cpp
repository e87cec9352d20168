// ISO 9660 lookup and SYSTEM.CNF on the test images.
#include <catch2/catch.hpp>

#include "core/disc/iso9660.h"
#include "core/disc/open_disc.h"
#include "core/disc/system_cnf.h"

using namespace core::disc;

namespace {
const std::string kDir = SKIPJACK_TEST_DISC_DIR;
}

TEST_CASE("Disc iso9660 finds files ignoring case and versions") {
    for (const char* image : {"disc.iso", "mode2.cue", "mode1.chd", "mode2.chd"}) {
        INFO(image);
        std::string error;
        auto d = openDisc(kDir + "/" + image, error);
        REQUIRE(d);
        Iso9660 fs(*d);
        REQUIRE(fs.open(error));
        CHECK(fs.volumeId() == "SKIPJACK_TEST");
        CHECK(fs.systemId() == "PLAYSTATION");
        IsoEntry e;
        REQUIRE(fs.find("cdrom:\\data\\lines.txt;1", e, error));
        CHECK_FALSE(e.directory);
        std::vector<uint8_t> bytes;
        REQUIRE(fs.readFile(e, bytes, error));
        std::string text(bytes.begin(), bytes.end());
        CHECK(text.rfind("line 1\nline 2\n", 0) == 0);
        CHECK(text.find("line 1000\n") == text.size() - 10);
        REQUIRE(fs.find("/DATA", e, error));
        CHECK(e.directory);
        CHECK_FALSE(fs.find("cdrom:\\DATA\\NOPE.TXT", e, error));
        CHECK(error.find("NOPE.TXT not found") != std::string::npos);
        CHECK_FALSE(fs.find("SYSTEM.CNF\\X", e, error));
        BootInfo boot;
        REQUIRE(readBootInfo(fs, boot, error));
        CHECK(boot.hasSystemCnf);
        CHECK(boot.boot == "cdrom:\\SLUS_012.34;1");
        CHECK(boot.serial == "SLUS-01234");
        CHECK(boot.event == 0x10);
        CHECK(boot.stack == 0x801FFF00);
        REQUIRE(fs.find(boot.boot, e, error));
        CHECK(e.size == 6144);
    }
}

TEST_CASE("Disc without SYSTEM.CNF boots PSX.EXE") {
    std::string error;
    auto d = openDisc(kDir + "/nocnf.iso", error);
    REQUIRE(d);
    Iso9660 fs(*d);
    REQUIRE(fs.open(error));
    BootInfo boot;
    REQUIRE(readBootInfo(fs, boot, error));
    CHECK_FALSE(boot.hasSystemCnf);
    CHECK(boot.boot == "cdrom:\\PSX.EXE;1");
    CHECK(boot.serial.empty());
}

TEST_CASE("Disc SYSTEM.CNF parsing") {
    BootInfo b;
    std::string error;
    REQUIRE(parseSystemCnf("BOOT=cdrom:\\EXE\\SCUS_946.06;1 arg1\rTCB = 8\n  stack = 801fff00\r\n",
                           b, error));
    CHECK(b.boot == "cdrom:\\EXE\\SCUS_946.06;1");
    CHECK(b.argument == "arg1");
    CHECK(b.tcb == 8);
    CHECK(b.event == 0x10);
    CHECK(b.serial == "SCUS-94606");
    CHECK_FALSE(parseSystemCnf("TCB = 4\n", b, error));
    CHECK(error == "SYSTEM.CNF has no BOOT line");
    CHECK_FALSE(parseSystemCnf("BOOT = x\nEVENT = 1G\n", b, error));
    CHECK(error == "SYSTEM.CNF:2: EVENT value '1G' is not a hex number");
    CHECK_FALSE(parseSystemCnf("BOOT cdrom:\\A\n", b, error));
    CHECK(error == "SYSTEM.CNF:1: not a KEY = VALUE line");
    CHECK(serialFromBootPath("cdrom:\\slps_000.01;1") == "SLPS-00001");
    CHECK(serialFromBootPath("cdrom:\\PSX.EXE;1").empty());
    CHECK(serialFromBootPath("cdrom:SLES_123.4").empty());
}

TEST_CASE("Disc audio-only disc has no file system") {
    std::string error;
    auto d = openDisc(kDir + "/mode1.cue", error);
    REQUIRE(d);
    std::array<uint8_t, 2048> u;
    Iso9660 fs(*d);
    CHECK_FALSE(fs.readUserData(d->toc().tracks[1].start, u.data(), error));
    CHECK(error.find("audio") != std::string::npos);
}
