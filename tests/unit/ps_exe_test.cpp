// PS-EXE header validation (kernelbios.md / cdromfileformats.md "PS-X EXE" header).
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "core/ps_exe.h"

namespace {
std::vector<uint8_t> makeExe(uint32_t pc, uint32_t load, uint32_t size, uint32_t fileText) {
    std::vector<uint8_t> f(2048 + fileText, 0);
    std::memcpy(f.data(), "PS-X EXE", 8);
    auto put = [&](size_t off, uint32_t v) { std::memcpy(f.data() + off, &v, 4); };
    put(0x10, pc);
    put(0x14, 0x80018000);
    put(0x18, load);
    put(0x1c, size);
    put(0x30, 0x801fff00);
    std::memcpy(f.data() + 0x4c, "Sony Computer Entertainment Inc. for Europe area", 49);
    return f;
}
} // namespace

TEST_CASE("PS-EXE: a valid header decodes every field", "[psexe]") {
    auto f = makeExe(0x80010000, 0x80010000, 0x800, 0x800);
    core::PsExe exe;
    std::string error;
    REQUIRE(core::parsePsExe(f, exe, error));
    CHECK(exe.pc == 0x80010000);
    CHECK(exe.gp == 0x80018000);
    CHECK(exe.loadSize == 0x800);
    CHECK(exe.stackBase == 0x801fff00);
    CHECK(exe.region == "Sony Computer Entertainment Inc. for Europe area");
    CHECK(exe.text.size() == 0x800);
}

TEST_CASE("PS-EXE: files shorter than the 2048-byte header are rejected", "[psexe]") {
    std::vector<uint8_t> f(100, 0);
    std::memcpy(f.data(), "PS-X EXE", 8);
    core::PsExe exe;
    std::string error;
    CHECK_FALSE(core::parsePsExe(f, exe, error));
    CHECK(error.find("2048") != std::string::npos);
}

TEST_CASE("PS-EXE: the magic must be \"PS-X EXE\"", "[psexe]") {
    auto f = makeExe(0x80010000, 0x80010000, 0x800, 0x800);
    f[3] = 'Y';
    core::PsExe exe;
    std::string error;
    CHECK_FALSE(core::parsePsExe(f, exe, error));
}

TEST_CASE("PS-EXE: truncated text is rejected", "[psexe]") {
    auto f = makeExe(0x80010000, 0x80010000, 0x1000, 0x800);
    core::PsExe exe;
    std::string error;
    CHECK_FALSE(core::parsePsExe(f, exe, error));
    CHECK(error.find("truncated") != std::string::npos);
}

TEST_CASE("PS-EXE: load area - entry point and memfill must lie in the 2 MiB of RAM", "[psexe]") {
    core::PsExe exe;
    std::string error;
    CHECK_FALSE(core::parsePsExe(makeExe(0x80010000, 0x801ff800, 0x1000, 0x1000), exe, error));
    CHECK_FALSE(core::parsePsExe(makeExe(0x80010000, 0x1f800000, 0x800, 0x800), exe, error));
    CHECK_FALSE(core::parsePsExe(makeExe(0xbfc00000, 0x80010000, 0x800, 0x800), exe, error));
    CHECK(core::parsePsExe(makeExe(0x00010000, 0x00010000, 0x800, 0x800), exe, error)); // KUSEG
    CHECK(core::parsePsExe(makeExe(0xa0010000, 0xa0010000, 0x800, 0x800), exe, error)); // KSEG1
    auto f = makeExe(0x80010000, 0x80010000, 0x800, 0x800);
    uint32_t bss = 0x80200000, bssSize = 16;
    std::memcpy(f.data() + 0x28, &bss, 4);
    std::memcpy(f.data() + 0x2c, &bssSize, 4);
    CHECK_FALSE(core::parsePsExe(f, exe, error));
    CHECK_FALSE(core::parsePsExe(makeExe(0x80010000, 0x80010000, 0, 0), exe, error)); // empty
}
