// The built-in demo's sound driver (assets/demo/lib/spu.c, game/music.c) programs the SPU the
// way soundprocessingunitspu.md describes: the instruments land in sound RAM at 1000h as
// SPU-ADPCM blocks with the loop flags of "Flag Bits", the reverb registers hold the "Studio
// Small" example with mBASE = (80000h - 1F40h) / 8, and SPUCNT ends enabled, unmuted, with
// reverb on and the transfer mode Stop. Expected values are the reference's tables, typed here.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "assets/embedded.h"
#include "core/spu.h"
#include "core/system.h"

namespace {
uint16_t spuReg(core::System& sys, uint32_t addr) {
    return static_cast<uint16_t>(sys.spu().read(addr, 2));
}
} // namespace

TEST_CASE("demo sound: instruments, reverb preset and SPUCNT as the reference gives them",
          "[demo][sound]") {
    core::System sys;
    sys.useHleBios();
    sys.reset();
    std::string error;
    const auto demo = assets::embeddedProgram("skipjack-demo");
    REQUIRE(!demo.empty());
    REQUIRE(sys.loadExe(demo, error));
    for (int i = 0; i < 30; ++i)
        sys.runFrame();

    // "SPU Reverb Examples", Studio Small, 1F801DC0h..1F801DFEh.
    static const uint16_t studioSmall[32] = {
        0x0033, 0x0025, 0x70F0, 0x4FA8, 0xBCE0, 0x4410, 0xC0F0, 0x9C00, 0x5280, 0x4EC0, 0x03E4,
        0x031B, 0x03A4, 0x02AF, 0x0372, 0x0266, 0x031C, 0x025D, 0x025C, 0x018E, 0x022F, 0x0135,
        0x01D2, 0x00B7, 0x018F, 0x00B5, 0x00B4, 0x0080, 0x004C, 0x0026, 0x8000, 0x8000};
    for (int i = 0; i < 32; ++i) {
        INFO("reverb register " << i);
        CHECK(spuReg(sys, 0x1F801DC0 + 2 * i) == studioSmall[i]);
    }
    CHECK(spuReg(sys, 0x1F801DA2) == (0x80000 - 0x1F40) / 8); // mBASE
    CHECK(spuReg(sys, 0x1F801DAC) == 0x0004);                 // transfer control
    // SPUCNT: 15 enable, 14 unmute, 7 reverb master; 5-4 transfer mode Stop.
    const uint16_t spucnt = spuReg(sys, 0x1F801DAA);
    CHECK((spucnt & 0xC080) == 0xC080);
    CHECK((spucnt & 0x0030) == 0);
    CHECK(spuReg(sys, 0x1F801D98) != 0); // EON: some voices to the reverb

    // The bank at 1000h: lead (4 blocks) and bass (4 blocks) are single cycles looped whole:
    // Loop Start on the first block, End+Repeat on the last; then the kick, a one-shot whose
    // blocks carry no flags until its silent block (start, end, repeat).
    const uint8_t* ram = sys.spu().ram();
    const uint8_t loopFlags[8] = {0x04, 0, 0, 0x03, 0x04, 0, 0, 0x03};
    for (int b = 0; b < 8; ++b) {
        INFO("block " << b);
        CHECK(ram[0x1000 + 16 * b + 1] == loopFlags[b]);
        CHECK((ram[0x1000 + 16 * b] & 0x0F) <= 12); // shift 0..12
        CHECK((ram[0x1000 + 16 * b] >> 4) <= 4);    // filter 0..4
    }
    uint32_t at = 0x1080;
    while (at < 0x8000 && ram[at + 1] == 0)
        at += 16;
    CHECK(at > 0x1080 + 16 * 100); // the kick is 0.2 s at 22050 Hz: 158 blocks
    CHECK(ram[at + 1] == 0x07);
    for (int i = 2; i < 16; ++i)
        CHECK(ram[at + i] == 0);
}
