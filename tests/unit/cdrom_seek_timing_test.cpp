// The drive's head-move timing (core/cdrom/seek_timing.h). cdromdrive.md "CDROM - Response
// Timings" says the seek timings are unknown; the expected values here come from the drive
// measurements the model follows (sectors per turn per minute, lens moves of 50/100 ms, sled
// moves of 50 ms + 0.85 s * (0.4 * ln d / ln 324000 + 0.6 * d / 324000)), computed here in
// floating point, independently of the integer code under test.
#include <catch2/catch.hpp>
#include <cmath>

#include "cdrom_test_util.h"
#include "core/cdrom/seek_timing.h"

using namespace cdtest;
using core::Cdrom;
using core::kCpuClockHz;
using core::cdrom::log2Q16;
using core::cdrom::sectorsPerTurn;
using core::cdrom::seekCycles;

namespace {
constexpr uint32_t kMinute = 4500;
constexpr Cycles kSector = Cdrom::kSectorSingle;
double seconds(Cycles c) {
    return double(c) / double(kCpuClockHz);
}
} // namespace

TEST_CASE("Seek timing: sectors per turn of the spiral by minute", "[cdrom]") {
    CHECK(sectorsPerTurn(0) == 8);
    CHECK(sectorsPerTurn(kMinute) == 9);
    CHECK(sectorsPerTurn(kMinute * 5 - 1) == 9);
    CHECK(sectorsPerTurn(kMinute * 5) == 10);
    CHECK(sectorsPerTurn(kMinute * 33) == 16);
    CHECK(sectorsPerTurn(kMinute * 71) == 21);
    CHECK(sectorsPerTurn(kMinute * 79) == 21); // past 71: the 71-minute figure
}

TEST_CASE("Seek timing: integer log2 matches the real logarithm", "[cdrom]") {
    CHECK(log2Q16(1) == 0);
    CHECK(log2Q16(2) == 65536);
    CHECK(log2Q16(1024) == 10u << 16);
    for (uint32_t x : {3u, 7u, 100u, 7200u, 123457u, 324000u, 0xffffffffu})
        CHECK(std::abs(double(log2Q16(x)) / 65536.0 - std::log2(double(x))) < 2.0 / 65536.0);
}

TEST_CASE("Seek timing: short moves wait for the sector or jump one turn back", "[cdrom]") {
    // Ahead within a turn: the sectors pass under the head (at least two).
    CHECK(seekCycles(1000, 1005, kSector) == 5 * kSector);
    CHECK(seekCycles(1000, 1001, kSector) == 2 * kSector);
    CHECK(seekCycles(1000, 1005, kSector / 2) == 5 * (kSector / 2)); // double speed
    // Behind within a turn (8 sectors at minute 0): back one turn, then forward to it.
    CHECK(seekCycles(1000, 997, kSector) == 5 * kSector);
    CHECK(seekCycles(1000, 1000, kSector) == 8 * kSector);
}

TEST_CASE("Seek timing: lens moves take 50 or 100 ms with the switch moving inwards", "[cdrom]") {
    // At minute 1 the switch is at 330 sectors, at minute 71 at 330 - 63.13 * ln 71 = 60.9.
    CHECK(seekCycles(kMinute, kMinute + 300, kSector) == kCpuClockHz / 20);
    CHECK(seekCycles(kMinute, kMinute + 400, kSector) == kCpuClockHz / 10);
    CHECK(seekCycles(kMinute + 400, kMinute, kSector) == kCpuClockHz / 10);
    CHECK(seekCycles(kMinute * 71, kMinute * 71 + 50, kSector) == kCpuClockHz / 20);
    CHECK(seekCycles(kMinute * 71, kMinute * 71 + 70, kSector) == kCpuClockHz / 10);
    CHECK(seekCycles(0, 7199, kSector) == kCpuClockHz / 10);
}

TEST_CASE("Seek timing: sled moves from 0.3 s to 0.9 s for the whole disc", "[cdrom]") {
    auto model = [](double d) {
        const double full = 72 * 4500;
        return 0.05 + 0.85 * (0.4 * std::log(d) / std::log(full) + 0.6 * d / full);
    };
    for (uint32_t d : {7200u, 20000u, 100000u, 200000u, 324000u}) {
        CHECK(std::abs(seconds(seekCycles(0, d, kSector)) - model(d)) < 0.001);
        CHECK(std::abs(seconds(seekCycles(d + 10, 10, kSector)) - model(d)) < 0.001);
    }
    CHECK(std::abs(seconds(seekCycles(0, 324000, kSector)) - 0.9) < 0.001);
    // Longer than a 72-minute disc: no longer than the full sweep.
    CHECK(seekCycles(0, 360000, kSector) == seekCycles(0, 324000, kSector));
}

TEST_CASE("cdromdrive.md SeekL: the second response after the head move", "[cdrom]") {
    Rig rig;
    // Head at 00:02:00 after the reset, motor on: 00:04:00 is 150 sectors away, a 50 ms
    // lens move (under the 330-sector switch of the first minutes).
    rig.run(0x02, {0x00, 0x04, 0x00});
    auto ack = rig.run(0x15);
    auto done = rig.next();
    CHECK(done.type == 2);
    CHECK(done.at - ack.at == kCpuClockHz / 20);
    // Five sectors ahead: they pass under the head.
    rig.run(0x02, {0x00, 0x04, 0x05});
    ack = rig.run(0x15);
    done = rig.next();
    CHECK(done.at - ack.at == 5 * kSector);
    // With the motor stopped the head is back at 0 (Stop), and the 1 s spin-up comes first;
    // 00:02:00 is then 150 sectors away.
    rig.run(0x08);
    CHECK(rig.next().type == 2);
    rig.run(0x02, {0x00, 0x02, 0x00});
    ack = rig.run(0x15);
    done = rig.next();
    CHECK(done.type == 2);
    CHECK(done.at - ack.at == Cdrom::kSpinUp + kCpuClockHz / 20);
}

TEST_CASE("Setmode speed change: seeks and reads wait for the spindle", "[cdrom]") {
    // Not in the reference: 0.6 s from single to double speed, 0.7 s back (measured with
    // DuckStation; Cdrom::kSpeedUp/kSpeedDown).
    Rig rig;
    auto mode = rig.run(0x0e, {0x80}); // motor on, idle: the change starts now
    rig.run(0x02, {0x00, 0x04, 0x00});
    rig.run(0x15);
    auto done = rig.next();
    CHECK(done.type == 2);
    CHECK(done.at - mode.at == Cdrom::kSpeedUp + kCpuClockHz / 20);
    // Reading at double speed, then back to single: the next sector is 0.7 s late.
    rig.run(0x06);
    rig.waitInt();
    REQUIRE(rig.intType() == 1);
    rig.response();
    rig.ack();
    rig.waitInt();
    const Cycles second = rig.sched.now();
    rig.response();
    rig.ack();
    rig.command(0x0e, {0x00});
    const Cycles sent = rig.sched.now();
    auto ack = rig.next(); // Setmode's INT3 (the next INT1 is far off)
    CHECK(ack.type == 3);
    CHECK(ack.at - sent < Cdrom::kSectorDouble);
    rig.waitInt();
    REQUIRE(rig.intType() == 1);
    CHECK(rig.sched.now() - second == Cdrom::kSectorDouble + Cdrom::kSpeedDown);
    // No change of speed: no delay.
    Rig same;
    auto m2 = same.run(0x0e, {0x00});
    same.run(0x02, {0x00, 0x04, 0x00});
    same.run(0x15);
    CHECK(same.next().at - m2.at < kCpuClockHz / 10);
}
