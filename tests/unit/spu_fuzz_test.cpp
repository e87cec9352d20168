// Bad input (issue 14 item 10, soundprocessingunitspu.md): any register value, voices pointed
// at the end of sound RAM ("Addresses wrap" within 512 KiB), damaged savestate fields: the SPU
// keeps every address inside sound RAM and never crashes.
#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <vector>

#include "core/irq.h"
#include "core/spu.h"
#include "device_test_util.h"
#include "savestate/state_io.h"

using core::Spu;

namespace {
struct Rng {
    uint32_t s = 0x9e3779b9;
    uint32_t next() {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        return s;
    }
};
} // namespace

TEST_CASE("soundprocessingunitspu.md bad input: random registers and sound RAM - voices at the "
          "end of RAM - addresses stay in range",
          "[spu]") {
    core::Scheduler sched;
    core::Irq irq;
    Spu spu(sched, irq);
    Rng rng;
    for (uint32_t i = 0; i < Spu::kRamSize; i += 4) {
        uint32_t v = rng.next();
        std::memcpy(spu.ram() + i, &v, 4);
    }
    for (int round = 0; round < 200; ++round) {
        for (int k = 0; k < 40; ++k) {
            uint32_t off = (rng.next() % 0x280) & ~1u; // voices, control, reverb, internal
            if (off == 0x1aa) continue;                // keep the transfer mode out of the way
            spu.write(0x1f801c00 + off, rng.next(), 2);
        }
        // Every voice starts in the last block of sound RAM (FFFFh * 8 = 7FFF8h: the block's
        // second half wraps to 00000h).
        for (unsigned v = 0; v < 24; ++v)
            spu.write(0x1f801c06 + 16 * v, rng.next() & 1 ? 0xffff : 0xfffe, 2);
        spu.write(0x1f801daa, 0xc000 | (rng.next() & 0x3fcf), 2);
        spu.write(0x1f801d88, rng.next(), 4);
        testutil::runFor(sched, 768 * (1 + rng.next() % 200));
        spu.catchUp();
        for (const core::spu::Voice& v : spu.mixer().voices) {
            REQUIRE(v.addr < Spu::kRamSize);
            REQUIRE((v.addr & 7) == 0);
            REQUIRE(v.counter < (28u << 12));
            REQUIRE(v.adsr.phase <= core::spu::kAdsrRelease);
        }
        REQUIRE(spu.mixer().captureIndex < 0x200);
    }
}

TEST_CASE("soundprocessingunitspu.md bad input: a state with out-of-range mixer fields loads "
          "clamped into range",
          "[spu]") {
    core::Scheduler sched;
    core::Irq irq;
    Spu spu(sched, irq);
    // Write a state, then patch its fields with bad values through a reader of our own: a
    // field list that writes garbage under the real names.
    auto io = savestate::StateIO::writer();
    io.beginSection("spu", 5);
    std::array<uint16_t, 512> regs{};
    io.field("regs", regs);
    uint8_t badFifo = 0xff;
    io.field("fifoCount", badFifo);
    io.field("fifoHead", badFifo);
    uint32_t bad = 0xfffffff1;
    uint16_t badIndex = 0xffff;
    uint8_t badPhase = 0xee;
    io.field("v.addr", 3, bad);
    io.field("v.counter", 3, bad);
    io.field("v.adsrPhase", 3, badPhase);
    io.field("captureIndex", badIndex);
    io.field("cdRead", bad);
    io.field("cdCount", bad);
    io.endSection();
    std::vector<uint8_t> state = io.take();
    auto rd = savestate::StateIO::reader(state);
    spu.serialize(rd);
    REQUIRE(rd.ok());
    const auto& m = spu.mixer();
    CHECK(m.voices[3].addr < Spu::kRamSize);
    CHECK(m.voices[3].counter < (28u << 12));
    CHECK(m.voices[3].adsr.phase == core::spu::kAdsrOff);
    CHECK(m.captureIndex < 0x200);
    CHECK(m.cdRead < Spu::kCdRingFrames);
    CHECK(m.cdCount <= Spu::kCdRingFrames);
    CHECK(spu.state().fifoCount <= Spu::kFifoSize);
    CHECK(spu.state().fifoHead < Spu::kFifoSize);
    // And it runs.
    testutil::runFor(sched, 768 * 100);
    spu.catchUp();
    CHECK(spu.mixer().captureIndex < 0x200);
}

TEST_CASE("soundprocessingunitspu.md savestate: a version 3 state (before the voices) loads with "
          "the voices silent and the sample clock running",
          "[spu]") {
    core::Scheduler sched;
    core::Irq irq;
    Spu spu(sched, irq);
    auto io = savestate::StateIO::writer();
    io.beginSection("spu", 3);
    std::array<uint16_t, 512> regs{};
    regs[0x1aa >> 1] = 0xc000;
    regs[0x0c >> 1] = 0x1234; // version 3 kept the ADSR volume in the register file
    io.field("regs", regs);
    io.endSection();
    std::vector<uint8_t> state = io.take();
    auto rd = savestate::StateIO::reader(state);
    spu.serialize(rd);
    REQUIRE(rd.ok());
    CHECK(spu.read(0x1f801c0c, 2) == 0); // voices reset
    CHECK(spu.read(0x1f801daa, 2) == 0xc000);
    uint16_t before = spu.mixer().captureIndex;
    testutil::runFor(sched, 768 * 10);
    spu.catchUp();
    CHECK(spu.mixer().captureIndex == before + 10);
}
