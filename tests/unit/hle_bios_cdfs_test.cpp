// The HLE BIOS's "cdrom:" file functions (kernelbios.md "BIOS File Functions", "BIOS CDROM
// Functions") on the test disc of tests/discs (mode2.cue: SYSTEM.CNF, SLUS_012.34 and
// DATA\LINES.TXT, whose line N reads "line N").
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "core/cpu/cpu.h"
#include "core/cpu/encoder.h"
#include "core/disc/open_disc.h"
#include "core/hle_bios.h"
#include "core/system.h"
#include "hle_kernel_rig.h"

using core::HleBios;

namespace {
using hletest::kRa;
constexpr uint32_t kName = 0x80100000; // file names
constexpr uint32_t kBuf = 0x80110000;  // read buffers
constexpr uint32_t kDirent = 0x80120000;
constexpr uint32_t kFail = 0xffffffff;
constexpr uint32_t kA = 0xa0, kB = 0xb0;

const std::string kSystemCnf =
    "BOOT = cdrom:\\SLUS_012.34;1\r\nTCB = 4\r\nEVENT = 10\r\nSTACK = 801FFF00\r\n";

std::string lines() {
    std::string t;
    for (int i = 1; i <= 1000; ++i)
        t += "line " + std::to_string(i) + "\n";
    return t;
}

// The shared kernel rig with the test disc handed to the kernel.
struct Kernel : hletest::Kernel {
    std::unique_ptr<core::disc::Disc> disc;

    explicit Kernel(bool withDisc = true) {
        if (withDisc) {
            std::string error;
            disc = core::disc::openDisc(std::string(SKIPJACK_TEST_DISC_DIR) + "/mode2.cue", error);
            INFO(error);
            REQUIRE(disc);
            bios.setDisc(disc.get());
        }
    }
    std::string bytes(uint32_t a, uint32_t n) {
        std::string r;
        for (uint32_t i = 0; i < n; ++i)
            r += static_cast<char>(bus.read(a + i, 1));
        return r;
    }
    // Every file function returns straight to its caller.
    uint32_t call(uint32_t table, uint32_t n, std::initializer_list<uint32_t> args = {}) {
        uint32_t v0 = hletest::Kernel::call(table, n, args);
        REQUIRE(cpu.pc() == kRa);
        return v0;
    }
    uint32_t open(const std::string& name, uint32_t mode = 1) {
        str(kName, name);
        return call(kB, 0x32, {kName, mode});
    }
};
} // namespace

TEST_CASE("cdrom files: open, read, lseek and close give the file's bytes (BIOS File Functions: "
          "open/lseek/read/close)",
          "[bios][hle][cdfs]") {
    Kernel k;
    uint32_t fd = k.open("cdrom:\\SYSTEM.CNF;1");
    // "2 handles are always reserved for std_io": the first file gets fd 2.
    REQUIRE(fd == 2);
    uint32_t size = static_cast<uint32_t>(kSystemCnf.size());
    // read returns the bytes actually read: the file ends before the requested 800h.
    CHECK(k.call(kB, 0x34, {fd, kBuf, 0x800}) == size);
    CHECK(k.bytes(kBuf, size) == kSystemCnf);
    // fpos >= filesize: -1, error 16h (File Error Numbers), also in FCB[18h] (_get_error).
    CHECK(k.call(kB, 0x34, {fd, kBuf, 0x800}) == kFail);
    CHECK(k.call(kB, 0x54) == 0x16);
    CHECK(k.call(kB, 0x55, {fd}) == 0x16);
    // lseek type 0 from the start, type 1 relative (negative too); returns the new position.
    CHECK(k.call(kB, 0x33, {fd, 7, 0}) == 7);
    CHECK(k.call(kB, 0x34, {fd, kBuf, 5}) == 5);
    CHECK(k.bytes(kBuf, 5) == kSystemCnf.substr(7, 5));
    CHECK(k.call(kB, 0x33, {fd, uint32_t(-4), 1}) == 8);
    CHECK(k.call(kB, 0x34, {fd, kBuf, 3}) == 3);
    CHECK(k.bytes(kBuf, 3) == kSystemCnf.substr(8, 3));
    // getc A(08h): one byte, sign-expanded.
    CHECK(k.call(kA, 0x08, {fd}) == uint32_t(uint8_t(kSystemCnf[11])));
    // An unknown seektype is error 16h.
    CHECK(k.call(kB, 0x33, {fd, 0, 3}) == kFail);
    // write to the cdrom returns 0 (read-only device).
    CHECK(k.call(kB, 0x35, {fd, kBuf, 4}) == 0);
    // close returns fd; the handle is then invalid (09h) and _get_error says FFFFFFFFh.
    CHECK(k.call(kB, 0x36, {fd}) == fd);
    CHECK(k.call(kB, 0x36, {fd}) == kFail);
    CHECK(k.call(kB, 0x54) == 0x09);
    CHECK(k.call(kB, 0x34, {fd, kBuf, 4}) == kFail);
    CHECK(k.call(kB, 0x55, {fd}) == kFail);
    // The A-table entries are the same functions (A(00h..04h) = B(32h..36h)).
    uint32_t fd2 = k.call(kA, 0x00, {kName, 1});
    CHECK(fd2 == 2);
    CHECK(k.call(kA, 0x02, {fd2, kBuf, 4}) == 4);
    CHECK(k.bytes(kBuf, 4) == "BOOT");
    CHECK(k.call(kA, 0x04, {fd2}) == fd2);
}

TEST_CASE("cdrom files: a missing file or device fails with the documented error number (File "
          "Error Numbers)",
          "[bios][hle][cdfs]") {
    Kernel k;
    CHECK(k.open("cdrom:\\NOFILE.TXT;1") == kFail);
    CHECK(k.call(kB, 0x54) == 0x02); // file not found
    CHECK(k.open("cdrom:\\DATA\\NOPE;1") == kFail);
    CHECK(k.call(kB, 0x54) == 0x02);
    CHECK(k.open("nodev:\\SYSTEM.CNF;1") == kFail);
    CHECK(k.call(kB, 0x54) == 0x13); // unknown device name
    // A passing function leaves the old error code (it is not reset to zero).
    uint32_t fd = k.open("cdrom0:\\system.cnf"); // port number ignored, no version, any case
    CHECK(fd == 2);
    CHECK(k.call(kB, 0x54) == 0x13);
    // 14 handles for files (fd 2..15), then error 18h.
    for (uint32_t i = 3; i < 16; ++i)
        CHECK(k.open("cdrom:\\SYSTEM.CNF;1") == i);
    CHECK(k.open("cdrom:\\SYSTEM.CNF;1") == kFail);
    CHECK(k.call(kB, 0x54) == 0x18);
    // erase/rename on the read-only cdrom fail (0); rename across devices is error 12h.
    CHECK(k.call(kB, 0x45, {kName}) == 0);
    k.str(kBuf, "bu00:X");
    CHECK(k.call(kB, 0x44, {kName, kBuf}) == 0);
    CHECK(k.call(kB, 0x54) == 0x12);
}

TEST_CASE("cdrom files: no disc in the drive finds no file (File Error Numbers 02h)",
          "[bios][hle][cdfs]") {
    Kernel k(false);
    CHECK(k.open("cdrom:\\SYSTEM.CNF;1") == kFail);
    CHECK(k.call(kB, 0x54) == 0x02);
    k.str(kName, "cdrom:\\*");
    CHECK(k.call(kB, 0x42, {kName, kDirent}) == 0);
}

TEST_CASE("cdrom files: reads cross sector boundaries (read: per 800h from cdrom)",
          "[bios][hle][cdfs]") {
    Kernel k;
    const std::string text = lines();
    REQUIRE(text.size() > 3 * 0x800);
    uint32_t fd = k.open("cdrom:\\DATA\\LINES.TXT;1");
    REQUIRE(fd == 2);
    // From 700h, 1200h bytes: the rest of sector 0, all of sector 1, the start of sector 2.
    CHECK(k.call(kB, 0x33, {fd, 0x700, 0}) == 0x700);
    CHECK(k.call(kB, 0x34, {fd, kBuf, 0x1200}) == 0x1200);
    CHECK(k.bytes(kBuf, 0x1200) == text.substr(0x700, 0x1200));
    // The position moved on: the next read continues at 1900h, up to the end of the file.
    uint32_t rest = static_cast<uint32_t>(text.size()) - 0x1900;
    CHECK(k.call(kB, 0x34, {fd, kBuf, 0x10000}) == rest);
    CHECK(k.bytes(kBuf, rest) == text.substr(0x1900));
    k.call(kB, 0x36, {fd});
}

TEST_CASE("cdrom files: firstfile2/nextfile list a directory into the documented direntry "
          "(B(42h) firstfile2, B(43h) nextfile)",
          "[bios][hle][cdfs]") {
    Kernel k;
    k.str(kName, "cdrom:\\*");
    // Fill the direntry so the fields written are seen; 1Ch and 24h are left alone.
    for (uint32_t i = 0; i < 0x28; i += 4)
        k.bus.write(kDirent + i, 0xaaaaaaaa, 4);
    std::vector<std::string> names;
    for (uint32_t r = k.call(kB, 0x42, {kName, kDirent}); r != 0; r = k.call(kB, 0x43, {kDirent})) {
        CHECK(r == kDirent);
        names.push_back(k.cstr(kDirent + 0x00)); // 00h filename
        CHECK(k.rd(kDirent + 0x14) == 0);        // 14h attribute: always 0 for cdrom
        CHECK(k.rd(kDirent + 0x1c) == 0xaaaaaaaa);
        CHECK(k.rd(kDirent + 0x24) == 0xaaaaaaaa);
        if (names.back() == "SYSTEM.CNF;1") {
            CHECK(k.rd(kDirent + 0x18) == kSystemCnf.size()); // 18h size
            // 20h first sector: the one CdGetLbn names, and CdReadSector reads the file there.
            uint32_t lba = k.rd(kDirent + 0x20);
            k.str(kName + 0x100, "cdrom:\\SYSTEM.CNF;1");
            CHECK(k.call(kA, 0xa4, {kName + 0x100}) == lba);
            CHECK(k.call(kA, 0xa5, {1, lba, kBuf}) == 1);
            CHECK(k.bytes(kBuf, uint32_t(kSystemCnf.size())) == kSystemCnf);
        }
    }
    CHECK(names == std::vector<std::string>{"DATA", "SLUS_012.34;1", "SYSTEM.CNF;1"});
    // "?" matches one character cell; firstfile2/nextfile leave _get_errno alone.
    k.open("cdrom:\\MISSING;1");
    k.str(kName, "cdrom:\\S?STEM.CNF");
    CHECK(k.call(kB, 0x42, {kName, kDirent}) == kDirent);
    CHECK(k.cstr(kDirent) == "SYSTEM.CNF;1");
    CHECK(k.call(kB, 0x43, {kDirent}) == 0);
    CHECK(k.call(kB, 0x54) == 0x02);
    // A subdirectory; a pattern matching nothing returns 0.
    k.str(kName, "cdrom:\\DATA\\L*");
    CHECK(k.call(kB, 0x42, {kName, kDirent}) == kDirent);
    CHECK(k.cstr(kDirent) == "LINES.TXT;1");
    CHECK(k.rd(kDirent + 0x18) == lines().size());
    k.str(kName, "cdrom:\\X*");
    CHECK(k.call(kB, 0x42, {kName, kDirent}) == 0);
    CHECK(k.call(kB, 0x43, {kDirent}) == 0);
    // CdGetLbn of a missing file: -1.
    k.str(kName, "cdrom:\\MISSING;1");
    CHECK(k.call(kA, 0xa4, {kName}) == kFail);
}

TEST_CASE(
    "cdrom files: cd sets the directory that names without a leading backslash start in (B(40h) "
    "cd)",
    "[bios][hle][cdfs]") {
    Kernel k;
    k.str(kName, "cdrom:\\DATA");
    CHECK(k.call(kB, 0x40, {kName}) == 1);
    CHECK(k.open("cdrom:LINES.TXT;1") == 2);
    CHECK(k.open("cdrom:\\SYSTEM.CNF;1") == 3); // a leading "\" is from the root
    CHECK(k.open("cdrom:SYSTEM.CNF;1") == kFail);
    k.str(kName, "cdrom:*");
    CHECK(k.call(kB, 0x42, {kName, kDirent}) == kDirent);
    CHECK(k.cstr(kDirent) == "LINES.TXT;1");
    k.str(kName, "cdrom:\\SY*");
    CHECK(k.call(kB, 0x42, {kName, kDirent}) == kDirent);
    CHECK(k.cstr(kDirent) == "SYSTEM.CNF;1");
    // "The function doesn't verify if the directory exists."
    k.str(kName, "cdrom:\\NODIR");
    CHECK(k.call(kB, 0x40, {kName}) == 1);
    CHECK(k.open("cdrom:LINES.TXT;1") == kFail);
    k.str(kName, "nodev:\\DATA");
    CHECK(k.call(kB, 0x40, {kName}) == 0);
    CHECK(k.call(kB, 0x54) == 0x13);
    // The current directory is kernel state: a savestate keeps it.
    k.str(kName, "cdrom:\\DATA");
    k.call(kB, 0x40, {kName});
    savestate::StateIO w = savestate::StateIO::writer();
    k.bios.serialize(w);
    Kernel k2;
    savestate::StateIO r = savestate::StateIO::reader(w.buffer());
    k2.bios.serialize(r);
    REQUIRE(r.ok());
    CHECK(k2.open("cdrom:LINES.TXT;1") == 4); // fd 2 and 3 are still open in the state
}

TEST_CASE("cdrom files: open handles and the search survive a savestate mid-file (FCB fields)",
          "[bios][hle][cdfs]") {
    const std::string text = lines();
    Kernel k;
    uint32_t fd = k.open("cdrom:\\DATA\\LINES.TXT;1");
    REQUIRE(fd == 2);
    CHECK(k.call(kB, 0x34, {fd, kBuf, 0x7f0}) == 0x7f0);
    k.str(kName, "cdrom:\\S*");
    CHECK(k.call(kB, 0x42, {kName, kDirent}) == kDirent);
    CHECK(k.cstr(kDirent) == "SLUS_012.34;1");
    k.open("cdrom:\\MISSING;1");

    savestate::StateIO w = savestate::StateIO::writer();
    k.bios.serialize(w);
    Kernel k2;
    savestate::StateIO r = savestate::StateIO::reader(w.buffer());
    k2.bios.serialize(r);
    REQUIRE(r.ok());
    CHECK(k2.call(kB, 0x54) == 0x02);
    // The read continues where it stopped, across the sector boundary.
    CHECK(k2.call(kB, 0x34, {fd, kBuf, 0x20}) == 0x20);
    CHECK(k2.bytes(kBuf, 0x20) == text.substr(0x7f0, 0x20));
    // nextfile continues the search.
    CHECK(k2.call(kB, 0x43, {kDirent}) == kDirent);
    CHECK(k2.cstr(kDirent) == "SYSTEM.CNF;1");
    CHECK(k2.call(kB, 0x43, {kDirent}) == 0);
}

TEST_CASE("cdrom files: a program booted from disc reads the disc through the BIOS file API "
          "(BIOS CDROM Functions: General File Functions)",
          "[bios][hle][cdfs][system]") {
    using namespace core::mips;
    using namespace core::mips::enc;
    core::System s;
    std::string error;
    REQUIRE(s.bootDisc(std::string(SKIPJACK_TEST_DISC_DIR) + "/mode2.cue", error));
    // MIPS code: fd = open(name, 1); read(fd, buf, 4); then "b ." - calls through B0h.
    constexpr uint32_t kCode = 0x80180000, kLoop = kCode + 4 * 13;
    const std::string name = "cdrom:\\SYSTEM.CNF;1";
    for (size_t i = 0; i <= name.size(); ++i)
        s.bus().write(kName + uint32_t(i), i < name.size() ? uint8_t(name[i]) : 0, 1);
    const uint32_t code[] = {lui(kA0, kName >> 16),
                             addiu(kA1, kZero, 1),
                             addiu(kT1, kZero, 0x32),
                             jal(0xb0 >> 2),
                             kNop,
                             addu(kA0, kV0, kZero),
                             lui(kA1, kBuf >> 16),
                             addiu(kA2, kZero, 4),
                             addiu(kT1, kZero, 0x34),
                             jal(0xb0 >> 2),
                             kNop,
                             addu(kS0, kV0, kZero),
                             kNop,
                             beq(kZero, kZero, -1),
                             kNop};
    for (size_t i = 0; i < std::size(code); ++i)
        s.bus().write(kCode + 4 * uint32_t(i), code[i], 4);
    s.cpu().setPc(kCode);
    for (int i = 0; i < 200 && s.cpu().pc() != kLoop; ++i)
        s.cpu().step();
    REQUIRE(s.cpu().pc() == kLoop);
    CHECK(s.cpu().reg(kS0) == 4);
    std::string got;
    for (uint32_t i = 0; i < 4; ++i)
        got += static_cast<char>(s.bus().read(kBuf + i, 1));
    CHECK(got == "BOOT");
}
