// The SPU's sample clock against soundprocessingunitspu.md: Key On/Off, loop flags and ENDX,
// the repeat address, ENVX read-back, capture buffers, IRQ9 on voice reads and capture
// writes, the CD input, the mixer's output to the host, and savestates mid-note. Expected
// values are worked out here from the reference's formulas.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "core/irq.h"
#include "core/spu.h"
#include "device_test_util.h"
#include "recording_host.h"
#include "savestate/state_io.h"

using core::Spu;

namespace {
constexpr uint32_t kBase = 0x1f801c00;
constexpr uint32_t kKon = 0x1f801d88, kKoff = 0x1f801d8c, kEndx = 0x1f801d9c, kIrqAddr = 0x1f801da4,
                   kSpucnt = 0x1f801daa, kXferCtrl = 0x1f801dac, kSpustat = 0x1f801dae,
                   kMainVol = 0x1f801d80, kCdVol = 0x1f801db0;
constexpr core::Cycles kTick = 768;

struct Rig {
    core::Scheduler sched;
    core::Irq irq;
    Spu spu{sched, irq};
    testutil::RecordingHost host;
    Rig() { spu.setHost(&host); }
    void w(uint32_t addr, uint32_t v) { spu.write(addr, v, 2); }
    uint16_t r(uint32_t addr) { return uint16_t(spu.read(addr, 2)); }
    uint32_t voice(unsigned v, unsigned reg) { return kBase + v * 0x10 + reg; }
    // A 16-byte ADPCM block at byte address `at`: header shift/filter, flags, all nibbles `nib`.
    void block(uint32_t at, uint8_t shiftFilter, uint8_t flags, uint8_t nib) {
        uint8_t* p = spu.ram() + at;
        p[0] = shiftFilter;
        p[1] = flags;
        std::memset(p + 2, nib * 0x11, 14);
    }
    uint16_t ram16(uint32_t a) const {
        uint16_t v;
        std::memcpy(&v, spu.ram() + a, 2);
        return v;
    }
    // Runs to tick n (tick k happens at cycle k*768), firing events on the way.
    void toTick(uint64_t n) {
        testutil::runUntil(sched, n * kTick);
        spu.catchUp(); // RAM is read directly below: run the ticks a batch still holds
    }
    bool irq9() const { return (irq.state().stat >> 9) & 1; }
};

// The reference's Gaussian sum at index i = 0 with its table values gauss[0FFh], gauss[1FFh],
// gauss[100h], gauss[000h] = 12C7h, 59B3h, 1307h, -1.
int32_t gauss0(int32_t oldest, int32_t older, int32_t old, int32_t nw) {
    return ((0x12c7 * oldest) >> 15) + ((0x59b3 * older) >> 15) + ((0x1307 * old) >> 15) +
           ((-1 * nw) >> 15);
}
} // namespace

TEST_CASE("soundprocessingunitspu.md Key On - ADSR and capture: voice 1's output after the "
          "envelope goes to 800h.. one halfword per tick - ENVX reads the envelope",
          "[spu]") {
    Rig r;
    r.w(kSpucnt, 0xc000);
    r.block(0x1000, 0x00, 0x07, 0x7); // shift 0 filter 0: every sample 7000h; loop on itself
    r.w(r.voice(1, 0x6), 0x1000 / 8);
    r.w(r.voice(1, 0x4), 0x1000); // 44.1 kHz: one sample per tick, Gauss index 0
    r.w(r.voice(1, 0x8), 0x00ff); // attack linear shift 0 step 0 (+3800h), decay shift Fh, SL Fh
    r.w(r.voice(1, 0xa), 0x1fc0); // sustain: never steps (shift 1Fh, step 3)
    r.w(kKon, 0x0002);
    // Tick 1: the envelope is 0 (Key On "initializes ADSR Volume to zero"): output 0.
    // Tick k (k >= 2) plays sample k-1 with the history samples before it, level after k-1
    // attack steps: 3800h, 7000h, 7FFFh.
    const int32_t s = 0x7000;
    const int32_t expect[5] = {
        0, (gauss0(0, 0, s, s) * 0x3800) >> 15, (gauss0(0, s, s, s) * 0x7000) >> 15,
        (gauss0(s, s, s, s) * 0x7fff) >> 15, (gauss0(s, s, s, s) * 0x7fff) >> 15};
    r.toTick(1);
    CHECK(r.r(r.voice(1, 0xc)) == 0x3800);
    r.toTick(5);
    for (int k = 0; k < 5; ++k) {
        INFO("tick " << k + 1);
        CHECK(int16_t(r.ram16(0x800 + 2 * k)) == expect[k]);
    }
    CHECK(r.ram16(0x800 + 2 * 5) == 0); // not written yet
    // Attack reached 7FFFh in tick 3; decay shift Fh steps once per 16 ticks (8000h SHR 4), so
    // tick 4 changes nothing and ends the decay (7FFFh <= SL Fh's 8000h); sustain never steps.
    CHECK(r.r(r.voice(1, 0xc)) == 0x7fff);
    // Voice 3 never played: its capture buffer holds zeros; the CD buffers too (no CD input).
    CHECK(r.ram16(0xc00 + 2) == 0);
    CHECK(r.ram16(0x000 + 2) == 0);
    // The loop start flag copied the block address to the repeat address register.
    CHECK(r.r(r.voice(1, 0xe)) == 0x1000 / 8);
}

TEST_CASE("soundprocessingunitspu.md Flag Bits: End+Mute sets ENDX - jumps to the repeat "
          "address and releases at level zero - End+Repeat keeps playing - Key On clears ENDX",
          "[spu]") {
    Rig r;
    r.w(kSpucnt, 0xc000);
    r.block(0x1000, 0x00, 0x01, 0x3); // code 1: End+Mute
    r.block(0x2000, 0x00, 0x07, 0x2); // a looping block elsewhere
    r.w(r.voice(0, 0x6), 0x1000 / 8);
    r.w(r.voice(0, 0xe), 0x2000 / 8); // where the one-shot goes after its end
    r.w(r.voice(0, 0x4), 0x1000);
    r.w(r.voice(0, 0x8), 0x000f);
    r.w(r.voice(0, 0xa), 0x1fc0);
    r.w(kKon, 1);
    // 28 samples at one per tick: the block ends in tick 28.
    r.toTick(27);
    CHECK((r.spu.read(kEndx, 4) & 1) == 0);
    CHECK(r.r(r.voice(0, 0xc)) != 0); // playing
    r.toTick(28);
    CHECK((r.spu.read(kEndx, 4) & 1) == 1);
    CHECK(r.r(r.voice(0, 0xc)) == 0); // "Release, Env=0000h"
    CHECK(r.spu.mixer().voices[0].addr == 0x2000);
    // Key On clears ENDX and restarts at the start address.
    r.w(kKon, 1);
    CHECK((r.spu.read(kEndx, 4) & 1) == 0);
    CHECK(r.spu.mixer().voices[0].addr == 0x1000);

    // End+Repeat (code 3) on a single block: ENDX set every 28 ticks, the envelope keeps on.
    r.block(0x1000, 0x00, 0x07, 0x3);
    r.w(kKon, 1);
    uint64_t t0 = r.sched.now() / kTick; // Key On between ticks t0 and t0+1
    r.toTick(t0 + 28);
    CHECK((r.spu.read(kEndx, 4) & 1) == 1);
    CHECK(r.r(r.voice(0, 0xc)) != 0);
    CHECK(r.spu.mixer().voices[0].addr == 0x1000);
    // Key Off starts the release: linear, shift 3 (release bits 20-16): -8 SHL 8 = -800h per
    // tick from the sustain level 3FFFh (attack to 7FFFh, one exponential decay step of
    // -4000h): zero after 8 ticks.
    CHECK(r.r(r.voice(0, 0xc)) == 0x3fff);
    r.w(r.voice(0, 0xa), 0x1fc3);
    r.w(kKoff, 1);
    CHECK(r.spu.read(kKoff, 2) == 1);
    r.toTick(t0 + 28 + 7);
    CHECK(r.r(r.voice(0, 0xc)) == 0x3fff - 7 * 0x800);
    r.toTick(t0 + 28 + 8);
    CHECK(r.r(r.voice(0, 0xc)) == 0);
}

TEST_CASE("soundprocessingunitspu.md Voice Interrupt: a voice reading the block at the IRQ "
          "address raises IRQ9 at that tick",
          "[spu]") {
    Rig r;
    r.block(0x1000, 0x00, 0x00, 0x1);
    r.block(0x1010, 0x00, 0x07, 0x1);
    for (unsigned v = 0; v < 24; ++v) // the other voices loop at 0 (their start), far away
        r.w(r.voice(v, 0x6), 0);
    r.w(r.voice(5, 0x6), 0x1000 / 8);
    r.w(r.voice(5, 0x4), 0x1000);
    r.w(kIrqAddr, 0x1010 / 8);
    r.w(kSpucnt, 0xc040);
    r.w(kKon, 1 << 5);
    // Ticks 1..28 play block 1000h; the header of 1010h is read in tick 29 (cycle 29*768).
    testutil::runUntil(r.sched, 29 * kTick - 1);
    CHECK(!r.irq9());
    CHECK(((r.r(kSpustat) >> 6) & 1) == 0);
    testutil::runUntil(r.sched, 29 * kTick);
    CHECK(r.irq9());
    CHECK(((r.r(kSpustat) >> 6) & 1) == 1);
    // Acknowledge (SPUCNT.6 = 0): the flag clears.
    r.w(kSpucnt, 0xc000);
    CHECK(((r.r(kSpustat) >> 6) & 1) == 0);
}

TEST_CASE("soundprocessingunitspu.md Voice Interrupt: voices never keyed on keep reading their "
          "block at address 0 through a long silence, so IRQ9 armed later comes at the next tick",
          "[spu]") {
    // "the SPU keeps reading sound RAM for all voices (even if they are silent)": after reset
    // every voice's current address is 0, so with the IRQ address 0 each tick reads it. The
    // reverb (disabled, registers 0) reads at BufferAddress, 2 bytes further each other tick,
    // and capture writes check the IRQ address only with 1F801DACh bit 2 or 3 (clear here).
    Rig r;
    r.w(kIrqAddr, 0);
    r.w(kSpucnt, 0xc000); // enabled, IRQ off
    r.toTick(300);
    CHECK(!r.irq9());
    testutil::runUntil(r.sched, 300 * kTick + 100);
    r.w(kSpucnt, 0xc040); // IRQ enable between ticks 300 and 301
    testutil::runUntil(r.sched, 301 * kTick - 1);
    CHECK(!r.irq9());
    testutil::runUntil(r.sched, 301 * kTick);
    CHECK(r.irq9());
    // Acknowledged and enabled again: the next tick's reads raise it again.
    r.w(kSpucnt, 0xc000);
    r.w(kSpucnt, 0xc040);
    r.irq.write(0x1f801070, ~(1u << 9), 4);
    CHECK(!r.irq9());
    testutil::runUntil(r.sched, 302 * kTick);
    CHECK(r.irq9());
}

TEST_CASE("soundprocessingunitspu.md Capture Interrupt: capture writes at the IRQ address raise "
          "IRQ9 only with 1F801DACh bit 2 or 3 - SPUSTAT.11 tells the half",
          "[spu]") {
    for (uint16_t ctrl : {0, 4, 8}) {
        Rig r;
        r.w(kXferCtrl, ctrl);
        r.w(kIrqAddr, (0x800 + 2 * 0x10) / 8); // voice 1 buffer, halfword 10h (tick 11h)
        r.w(kSpucnt, 0xc040);
        r.toTick(0x10);
        CHECK(!r.irq9());
        r.toTick(0x11);
        CHECK(r.irq9() == (ctrl != 0));
        r.toTick(0xff);
        CHECK(((r.r(kSpustat) >> 11) & 1) == 0);
        r.toTick(0x100);
        CHECK(((r.r(kSpustat) >> 11) & 1) == (ctrl != 0 ? 1 : 0));
        r.toTick(0x200);
        CHECK(((r.r(kSpustat) >> 11) & 1) == 0);
    }
}

TEST_CASE("soundprocessingunitspu.md CD input: raw frames to the CD capture buffers - times the "
          "CD volume and main volume to the output - also while the SPU is muted",
          "[spu]") {
    Rig r;
    r.w(kMainVol, 0x3fff); // 7FFEh
    r.w(kMainVol + 2, 0x2000);
    r.w(kCdVol, 0x4000);     // CD left 0.5
    r.w(kCdVol + 2, 0x7fff); // CD right
    r.w(kSpucnt, 0x0001);    // SPU off and muted, CD audio enabled ("Don't care for CD Audio")
    r.toTick(1);             // the main volume applies from tick 2 on
    std::vector<int16_t> frames;
    for (int i = 0; i < 8; ++i)
        frames.push_back(int16_t(1000 * (i + 1))), frames.push_back(int16_t(-3000 * (i + 1)));
    r.spu.cdAudio(frames.data(), 8);
    r.toTick(10);
    r.spu.flushAudio();
    REQUIRE(r.host.audio.size() == 20);
    for (int i = 0; i < 8; ++i) {
        int32_t l = 1000 * (i + 1), rr = -3000 * (i + 1);
        CHECK(int16_t(r.ram16(0x000 + 2 * (1 + i))) == l); // capture: before the volume
        CHECK(int16_t(r.ram16(0x400 + 2 * (1 + i))) == rr);
        int32_t outL = (((l * 0x4000) >> 15) * 0x7ffe) >> 15;
        int32_t outR = (((rr * 0x7fff) >> 15) * 0x4000) >> 15;
        INFO("frame " << i);
        CHECK(r.host.audio[size_t(2 + 2 * i)] == outL);
        CHECK(r.host.audio[size_t(3 + 2 * i)] == outR);
    }
    // The ring ran dry: silence, and the capture holds zero.
    CHECK(r.host.audio[18] == 0);
    CHECK(r.ram16(0x000 + 2 * 9) == 0);
    // SPUCNT.0 off: the CD input is still captured but not heard.
    r.w(kSpucnt, 0x0000);
    r.spu.cdAudio(frames.data(), 1);
    r.toTick(11);
    r.spu.flushAudio();
    CHECK(r.ram16(0x000 + 2 * 10) == 1000);
    CHECK(r.host.audio[20] == 0);
}

TEST_CASE("soundprocessingunitspu.md mixer: batching ticks never changes samples or state - a "
          "read at every tick gives what one read at the end gives",
          "[spu]") {
    auto setup = [](Rig& r) {
        r.block(0x1000, 0x24, 0x06, 0x5);
        r.block(0x1010, 0x31, 0x03, 0xb);
        for (unsigned v = 0; v < 24; ++v) {
            r.w(r.voice(v, 0x0), 0x3000 - v * 0x100);
            r.w(r.voice(v, 0x2), 0x9000 | v); // sweeps
            r.w(r.voice(v, 0x4), 0x0800 + v * 0x233);
            r.w(r.voice(v, 0x6), 0x1000 / 8);
            r.w(r.voice(v, 0x8), 0x38f3 + v);
            r.w(r.voice(v, 0xa), 0x4c45);
        }
        r.w(0x1f801d90, 0xaaaa); // PMON
        r.w(0x1f801d94, 0x0101); // NON
        r.w(kMainVol, 0x3fff);
        r.w(kMainVol + 2, 0x3fff);
        r.w(kSpucnt, 0xc000 | 0x2300);
        r.w(kKon, 0xffff);
        r.w(kKon + 2, 0xff);
    };
    Rig a, b;
    setup(a);
    setup(b);
    for (uint64_t t = 1; t <= 3000; ++t) {
        a.toTick(t);
        (void)a.r(kEndx); // catch up at every tick
    }
    b.sched.advance(3000 * kTick); // no events at all: one catch-up at the end
    CHECK(b.r(kEndx) == a.r(kEndx));
    a.spu.flushAudio();
    b.spu.flushAudio();
    REQUIRE(a.host.audio.size() == 6000);
    CHECK(a.host.audio == b.host.audio);
    bool sound = false;
    for (int16_t s : a.host.audio)
        sound = sound || s != 0;
    CHECK(sound);
    CHECK(std::memcmp(a.spu.ram(), b.spu.ram(), 0x1000) == 0);
}

TEST_CASE("soundprocessingunitspu.md savestate: saved mid-note - loaded into another SPU - the "
          "samples continue identically - bad values load in range",
          "[spu]") {
    Rig a;
    a.block(0x7fff0, 0x12, 0x00, 0x9); // the last block: the next one wraps to 00000h
    a.block(0x00000, 0x00, 0x07, 0x0);
    a.w(a.voice(2, 0x0), 0x3fff);
    a.w(a.voice(2, 0x2), 0x3fff);
    a.w(a.voice(2, 0x4), 0x3fff);
    a.w(a.voice(2, 0x6), 0x7fff0 / 8);
    a.w(a.voice(2, 0x8), 0x0a0f);
    a.w(kMainVol, 0x3fff);
    a.w(kMainVol + 2, 0x3fff);
    a.w(kSpucnt, 0xc000);
    a.w(kKon, 4);
    a.toTick(5);
    a.spu.flushAudio();
    auto io = savestate::StateIO::writer();
    a.spu.serialize(io);
    std::vector<uint8_t> saved = io.take();
    a.host.audio.clear();
    a.toTick(100);
    a.spu.flushAudio();

    Rig b;
    auto rd = savestate::StateIO::reader(saved);
    b.sched.advance(5 * kTick);
    b.spu.serialize(rd);
    REQUIRE(rd.ok());
    b.toTick(100);
    b.spu.flushAudio();
    REQUIRE(b.host.audio.size() == 2 * 95);
    CHECK(a.host.audio == b.host.audio);
    CHECK(a.spu.mixer().voices[2].addr < 0x80000);
}

TEST_CASE("soundprocessingunitspu.md Reverb Interrupt: the reverb's RAM accessor goes through "
          "the IRQ address check and the page table - addresses wrap in 512 KiB",
          "[spu]") {
    Rig r;
    r.spu.pages().trackDirty();
    r.w(kIrqAddr, 0x7fff8 / 8);
    r.w(kSpucnt, 0xc040);
    core::SpuRamAccess ram{r.spu};
    ram.write(0x7fff0, 0x1234);
    CHECK(!r.irq9());
    CHECK(ram.read(0x7fff0) == 0x1234);
    CHECK(ram.read(0x80000 + 0x7fff0) == 0x1234); // wraps
    CHECK(r.spu.pages().dirty(0x7f));             // the page is dirty for the next snapshot
    CHECK(!r.irq9());
    (void)ram.read(0x7fff8); // a reverb read at the IRQ address
    CHECK(r.irq9());
    CHECK(((r.r(kSpustat) >> 6) & 1) == 1);
}
