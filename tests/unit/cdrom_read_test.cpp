// CD-ROM sector reader: seeks, ReadN/ReadS delivery at 75/150 sectors per second, the data FIFO
// by port and DMA, Pause/resume, CD-DA play with report and auto-pause, and savestates taken
// during a read (cdromdrive.md "Read Commands", "Response/Data Queueing", "CD Audio Commands").
#include <catch2/catch.hpp>
#include <set>

#include "cdrom_test_util.h"
#include "savestate/state_io.h"

using cdtest::bytes;
using cdtest::MemoryDisc;
using cdtest::Rig;
using core::Cdrom;
using core::Cycles;

namespace {
std::vector<uint8_t> rawSector(MemoryDisc& disc, uint32_t lba) {
    std::vector<uint8_t> s(core::cdrom::kRawSectorSize);
    disc.readRaw(lba, s.data());
    return s;
}
// Takes the INT1 the way the kernel does: BFRD, acknowledge, then read `size` bytes.
std::vector<uint8_t> takeSector(Rig& rig, size_t size, bool dma = false) {
    rig.bfrd(false);
    rig.bfrd(true);
    rig.ack();
    std::vector<uint8_t> out;
    if (dma) {
        for (size_t i = 0; i < size / 4; ++i) {
            uint32_t w = rig.cd.dmaReadWord();
            for (int b = 0; b < 4; ++b)
                out.push_back(uint8_t(w >> (8 * b)));
        }
    } else {
        for (size_t i = 0; i < size; ++i)
            out.push_back(uint8_t(rig.cd.read(0x1f801802, 1)));
    }
    return out;
}
} // namespace

TEST_CASE("cdromdrive.md ReadN: INT1 at 75 sectors/s with 800h bytes through RDDATA", "[cdrom]") {
    Rig rig;
    CHECK(rig.run(0x02, {0x00, 0x02, 0x00}).type == 3);
    auto readAck = rig.run(0x06);
    CHECK(readAck.bytes == bytes({0x02})); // seek first: no read bit yet
    Cycles last = 0;
    for (uint32_t k = 0; k < 4; ++k) {
        rig.waitInt();
        REQUIRE(rig.intType() == 1);
        CHECK(rig.response() == bytes({0x22}));
        Cycles at = rig.sched.now();
        // The head rests on 00:02:00 after a reset: seeking the sector under it is one turn
        // back (8 sectors at minute 0, seek_timing.h) and reading up to it; then the first
        // sector passes the head.
        if (k == 0) CHECK(at - readAck.at == 8 * Cdrom::kSectorSingle + Cdrom::kSectorSingle);
        if (k > 0) CHECK(at - last == Cdrom::kSectorSingle);
        last = at;
        CHECK((rig.hsts() & Cdrom::kHstsDrqSts) == 0);
        auto data = takeSector(rig, 0x800);
        CHECK((rig.hsts() & Cdrom::kHstsDrqSts) == 0);
        auto raw = rawSector(rig.disc, 150 + k);
        CHECK(std::equal(data.begin(), data.end(), raw.begin() + 24));
        // Past the end: the byte at 800h-8 again.
        CHECK(rig.cd.read(0x1f801802, 1) == raw[24 + 0x7f8]);
        // 16-bit reads take two bytes (after reloading the FIFO there is nothing: BFRD=0).
        rig.bfrd(false);
        CHECK(rig.cd.read(0x1f801802, 2) == 0);
    }
}

TEST_CASE("cdromdrive.md ReadS: double speed at 150 sectors/s with 924h bytes by DMA words",
          "[cdrom]") {
    Rig rig;
    rig.run(0x0e, {0xa0}); // double speed, 924h
    rig.run(0x02, {0x00, 0x05, 0x00});
    rig.run(0x1b);
    int drqRaised = 0;
    // The DMA controller's end of the DRQ line (core/device.h) counts the notifications.
    core::DeviceInfo info = rig.cd.describe();
    REQUIRE(info.dmaChannel == 3);
    info.dmaLine->connect(
        &drqRaised, [](void* count, unsigned) { ++*static_cast<int*>(count); }, 3);
    Cycles last = 0;
    for (uint32_t k = 0; k < 3; ++k) {
        rig.waitInt();
        REQUIRE(rig.intType() == 1);
        if (k > 0) CHECK(rig.sched.now() - last == Cdrom::kSectorDouble);
        last = rig.sched.now();
        CHECK_FALSE(rig.cd.dmaRequest());
        rig.bfrd(true);
        CHECK(rig.cd.dmaRequest());
        CHECK(drqRaised == 2 * int(k) + 1); // takeSector reloads once more
        auto data = takeSector(rig, 0x924, true);
        CHECK_FALSE(rig.cd.dmaRequest());
        auto raw = rawSector(rig.disc, 375 + k);
        CHECK(std::equal(data.begin(), data.end(), raw.begin() + 12));
        CHECK(data[0] == 0x00);
        CHECK(data[1] == 0x05);
        CHECK(data[2] == k);
        CHECK(rig.cd.read(0x1f801802, 1) == raw[12 + 0x920]); // 924h-4 repeats
    }
}

TEST_CASE("cdromdrive.md Setmode: the ignore bit keeps the last sector size and sets IdError",
          "[cdrom]") {
    Rig rig;
    rig.run(0x0e, {0x20});
    rig.run(0x0e, {0x10}); // bit 5 clear, but ignored
    rig.run(0x02, {0x00, 0x02, 0x00});
    rig.run(0x06);
    rig.waitInt();
    CHECK(rig.response() == bytes({0x2a})); // read + motor + IdError
    auto data = takeSector(rig, 0x924);
    CHECK(data[3] == 0x02); // the header's mode byte: a 924h sector
    rig.command(0x0e, {0x00});
    // The INT1s and the Setmode answer interleave; wait for Setmode's INT3.
    for (;;) {
        rig.waitInt();
        uint8_t t = rig.intType();
        rig.response();
        if (t == 3) {
            rig.ack();
            break;
        }
        takeSector(rig, 0);
    }
    rig.waitInt();
    REQUIRE(rig.intType() == 1);
    CHECK(rig.response() == bytes({0x22}));
    rig.bfrd(true);
    CHECK((rig.hsts() & Cdrom::kHstsDrqSts) != 0);
    for (int i = 0; i < 0x800; ++i)
        rig.cd.read(0x1f801802, 1);
    CHECK((rig.hsts() & Cdrom::kHstsDrqSts) == 0); // 800h bytes
}

TEST_CASE("cdromdrive.md Setmode: with the ignore bit, data comes from Setloc minus 0..3 sectors",
          "[cdrom]") {
    Rig rig;
    rig.run(0x0e, {0x20});
    rig.run(0x0e, {0x30}); // ignore bit: 924h kept, so the header shows which sector came
    std::set<int> offsets;
    for (int i = 0; i < 12; ++i) {
        // Start each read at another point of the disc's turn.
        testutil::runUntil(rig.sched,
                           rig.sched.now() + Cycles(i) * (Cdrom::kSectorSingle / 3 + 777));
        rig.run(0x02, {0x00, 0x10, 0x00});
        rig.run(0x06);
        rig.waitInt();
        REQUIRE(rig.intType() == 1);
        auto data = takeSector(rig, 0x924);
        // Header MSF in BCD; 00:10:00 minus k sectors is 00:09:(75-k) for k = 1..3.
        int m = data[0], s = (data[1] >> 4) * 10 + (data[1] & 15),
            f = (data[2] >> 4) * 10 + (data[2] & 15);
        int offset = (0 * 60 + 10) * 75 - ((m * 60 + s) * 75 + f);
        CHECK(offset >= 0);
        CHECK(offset <= 3);
        offsets.insert(offset);
        rig.run(0x09);
        while (rig.next().type != 2) {
        }
    }
    CHECK(offsets.size() > 1); // not the exact position every time
}

TEST_CASE("cdromdrive.md Sector Buffer: an unacknowledged INT1 is followed by the newest sector",
          "[cdrom]") {
    Rig rig;
    rig.run(0x0e, {0x20});
    rig.run(0x02, {0x00, 0x02, 0x00});
    rig.run(0x06);
    rig.waitInt();
    Cycles first = rig.sched.now();
    CHECK(takeSector(rig, 0x924)[2] == 0x00); // 00:02:00
    // Leave the next INT1 pending while three more sectors pass.
    rig.waitInt();
    testutil::runFor(rig.sched, Cdrom::kSectorSingle * 3 + Cdrom::kSectorSingle / 2);
    rig.ack();
    rig.waitInt();
    CHECK(rig.sched.now() - first ==
          Cdrom::kSectorSingle * 4 + Cdrom::kSectorSingle / 2 + Cdrom::kAsyncAfterAck);
    CHECK(takeSector(rig, 0x924)[2] == 0x04); // the newest: 00:02:04
    rig.waitInt();
    CHECK(rig.sched.now() - first == Cdrom::kSectorSingle * 5);
    CHECK(takeSector(rig, 0x924)[2] == 0x05);
}

TEST_CASE("cdromdrive.md SeekL and GetlocL/GetlocP: the position at the Setloc target", "[cdrom]") {
    Rig rig;
    rig.run(0x02, {0x00, 0x10, 0x00}); // LBA 750: a seek longer than a command's delay
    auto first = rig.run(0x15);
    CHECK(first.bytes == bytes({0x02}));
    rig.command(0x10); // GetlocL while seeking: error 80h
    auto during = rig.next();
    CHECK(during.bytes == bytes({0x43, 0x80}));
    auto done = rig.next();
    CHECK(done.type == 2);
    CHECK(done.bytes == bytes({0x02}));
    CHECK(rig.run(0x10).bytes == bytes({0x00, 0x10, 0x00, 0x02, 0x01, 0x00, 0x08, 0x00}));
    CHECK(rig.run(0x11).bytes == bytes({0x01, 0x01, 0x00, 0x08, 0x00, 0x00, 0x10, 0x00}));
    // SeekL onto the audio track: seek error 04h, then the motor stops.
    rig.run(0x02, {0x00, 0x16, 0x00});
    rig.run(0x15);
    auto err = rig.next();
    CHECK(err.type == 5);
    CHECK(err.bytes == bytes({0x06, 0x04}));
    CHECK(rig.run(0x01).bytes == bytes({0x00}));
    // SeekP works there (subchannel Q): track 2, 00:00:50 into it.
    rig.run(0x02, {0x00, 0x16, 0x00});
    rig.run(0x16);
    CHECK(rig.next().type == 2);
    CHECK(rig.run(0x11).bytes == bytes({0x02, 0x01, 0x00, 0x00, 0x50, 0x00, 0x16, 0x00}));
}

TEST_CASE("cdromdrive.md Pause: reading stops and ReadN resumes at the last received sector",
          "[cdrom]") {
    Rig rig;
    rig.run(0x0e, {0x20});
    rig.run(0x02, {0x00, 0x02, 0x00});
    rig.run(0x06);
    rig.waitInt();
    takeSector(rig, 0x924);
    rig.waitInt();
    CHECK(takeSector(rig, 0x924)[2] == 0x01);
    auto first = rig.run(0x09);
    CHECK(first.bytes == bytes({0x22})); // still reading in the first response
    auto second = rig.next();
    CHECK(second.type == 2);
    CHECK(second.bytes == bytes({0x02}));
    CHECK(second.at - first.at == Cdrom::kPauseSecondSingle);
    auto resume = rig.run(0x06);
    rig.waitInt();
    CHECK(rig.sched.now() - resume.at == Cdrom::kSectorSingle);
    CHECK(takeSector(rig, 0x924)[2] == 0x01); // the same sector once more
}

TEST_CASE("cdromdrive.md Play: report INT1 on frame 20 and auto-pause INT4 at the track end",
          "[cdrom]") {
    Rig rig;
    rig.run(0x0e, {0x06});             // report + auto-pause
    rig.run(0x02, {0x00, 0x15, 0x15}); // LBA 1140, the end of the data track
    rig.run(0x03);
    auto report = rig.next();
    CHECK(report.type == 1);
    // LBA 1145 = 00:15:20: absolute time, silence (data track) so peak 0.
    CHECK(report.bytes == bytes({0x82, 0x01, 0x01, 0x00, 0x15, 0x20, 0x00, 0x00}));
    auto end = rig.next();
    CHECK(end.type == 4);
    CHECK(end.bytes == bytes({0x02}));
    CHECK(rig.audio.samples.size() == 10 * 588 * 2); // ten sectors of silence
    for (int16_t v : rig.audio.samples)
        CHECK(v == 0);
}

TEST_CASE("cdromdrive.md Play: CD-DA samples reach the audio output with track-time reports",
          "[cdrom]") {
    Rig rig;
    rig.run(0x0e, {0x04});
    rig.run(0x03, {0x02}); // Play track 2 (LBA 1150 = frame 25)
    auto report = rig.next();
    CHECK(report.type == 1);
    // LBA 1155 (frame 30): time within the track, seconds + 80h.
    int32_t peak = 0;
    for (size_t f = 0; f < 588; ++f)
        for (unsigned c = 0; c < 2; ++c)
            peak = std::max(peak, std::abs(int32_t(MemoryDisc::audioSample(1155, f, c))));
    CHECK(report.bytes ==
          bytes({0x82, 0x02, 0x01, 0x00, 0x80, 0x05, uint8_t(peak & 0xff), uint8_t(peak >> 8)}));
    REQUIRE(rig.audio.samples.size() == 6 * 588 * 2);
    for (size_t f = 0; f < 588; ++f) {
        CHECK(rig.audio.samples[f * 2] == MemoryDisc::audioSample(1150, f, 0));
        CHECK(rig.audio.samples[f * 2 + 1] == MemoryDisc::audioSample(1150, f, 1));
    }
    // Mute silences the output; Play goes on.
    rig.run(0x0b);
    size_t before = rig.audio.samples.size();
    testutil::runFor(rig.sched, Cdrom::kSectorSingle * 2);
    rig.response();
    rig.ack();
    REQUIRE(rig.audio.samples.size() > before);
    for (size_t i = before; i < rig.audio.samples.size(); ++i)
        CHECK(rig.audio.samples[i] == 0);
}

TEST_CASE("cdromdrive.md Play: the end of the disc gives INT4 and stops the motor", "[cdrom]") {
    Rig rig;
    rig.run(0x02, {0x00, 0x19, 0x20}); // LBA 1445
    rig.run(0x03);
    auto end = rig.next();
    CHECK(end.type == 4);
    CHECK(end.bytes == bytes({0x00}));
    CHECK(rig.audio.samples.size() == 5 * 588 * 2);
}

namespace {
struct Trace {
    std::vector<Cycles> times;
    std::vector<std::vector<uint8_t>> sectors;
};
// Reads `count` sectors (double speed, 924h) collecting when each INT1 came and its data.
void collect(Rig& rig, Trace& t, int count) {
    for (int i = 0; i < count; ++i) {
        rig.waitInt();
        REQUIRE(rig.intType() == 1);
        t.times.push_back(rig.sched.now());
        t.sectors.push_back(takeSector(rig, 0x924));
    }
}
void start(Rig& rig) {
    rig.run(0x0e, {0xa0});
    rig.run(0x02, {0x00, 0x02, 0x30});
    rig.run(0x06);
}
std::vector<uint8_t> save(Rig& rig) {
    auto io = savestate::StateIO::writer();
    rig.sched.serialize(io);
    rig.cd.serialize(io);
    return io.take();
}
std::vector<uint8_t> driveState(Rig& rig) {
    auto io = savestate::StateIO::writer();
    rig.cd.serialize(io);
    return io.take();
}
} // namespace

TEST_CASE("DESIGN.md Savestates: a state saved during a read resumes it exactly", "[cdrom]") {
    Rig a;
    start(a);
    Trace ta;
    collect(a, ta, 10);

    Rig b;
    start(b);
    Trace tb;
    collect(b, tb, 4);
    // Mid-sector, with the next sector's event pending.
    testutil::runFor(b.sched, Cdrom::kSectorDouble / 3);
    std::vector<uint8_t> state = save(b);

    Rig c;
    auto in = savestate::StateIO::reader(state);
    c.sched.serialize(in);
    c.cd.serialize(in);
    REQUIRE(in.ok());
    collect(c, tb, 6);
    CHECK(tb.times == ta.times);
    CHECK(tb.sectors == ta.sectors);
    CHECK(c.sched.now() == a.sched.now());
    CHECK(c.sched.nextDue() == a.sched.nextDue());
    CHECK(driveState(c) == driveState(a));
}

TEST_CASE("DESIGN.md Savestates: a version 1 (placeholder) cdrom section loads as a reset",
          "[cdrom]") {
    auto io = savestate::StateIO::writer();
    io.beginSection("cdrom", 1);
    uint8_t regs[16] = {1, 2, 3};
    uint32_t bank = 2;
    io.bytes(regs, sizeof regs);
    io.value(bank);
    io.endSection();
    std::vector<uint8_t> old = io.take();
    Rig rig;
    rig.run(0x0e, {0x80});
    auto in = savestate::StateIO::reader(old);
    rig.cd.serialize(in);
    REQUIRE(in.ok());
    CHECK(rig.cd.state().mode == 0);
    CHECK(rig.hsts() == 0x18);
}

TEST_CASE("cdromdrive.md Status code: a disc change through the lid during a read", "[cdrom]") {
    Rig rig;
    rig.run(0x02, {0x00, 0x02, 0x00});
    rig.run(0x06);
    CHECK(rig.next().type == 1);
    rig.cd.setLidOpen(true);
    auto opened = rig.next();
    CHECK(opened.type == 5);
    CHECK(opened.bytes == bytes({0x11, 0x08}));
    rig.cd.insertDisc(nullptr);
    testutil::runFor(rig.sched, Cdrom::kSectorSingle * 4);
    CHECK(rig.intType() == 0); // the read stopped
    MemoryDisc other;
    other.licence = 'A';
    rig.cd.insertDisc(&other);
    rig.cd.setLidOpen(false);
    testutil::runFor(rig.sched, Cdrom::kSpinUp + Cdrom::kTocRead);
    CHECK(rig.run(0x01).bytes == bytes({0x12}));
    CHECK(rig.run(0x01).bytes == bytes({0x02}));
    // A disc pulled out without the lid: the drive stops instead of reading nothing.
    rig.run(0x02, {0x00, 0x02, 0x00});
    rig.run(0x06);
    CHECK(rig.next().type == 1);
    rig.cd.insertDisc(nullptr);
    testutil::runFor(rig.sched, Cdrom::kSectorSingle * 3);
    CHECK(rig.intType() == 0);
    CHECK(rig.run(0x01).bytes == bytes({0x00}));
}

TEST_CASE("cdromformat.md Mode1: 800h data from 10h and 924h from 0Ch with the padding byte",
          "[cdrom]") {
    // cdromformat.md "Mode1 (Original CDROM)": 00Ch header, 010h 800h data; cdromdrive.md
    // Setmode.5: 800h is "DataOnly", 924h the whole sector except the 12 sync bytes;
    // "0x1f801802 RDDATA": reads past the end repeat the byte at [800h-8] or [924h-4].
    for (bool whole : {false, true}) {
        Rig rig;
        rig.disc.dataMode = 1;
        rig.run(0x0e, {uint8_t(whole ? 0x20 : 0x00)});
        rig.run(0x02, {0x00, 0x02, 0x10});
        rig.run(0x06);
        rig.waitInt();
        REQUIRE(rig.intType() == 1);
        rig.response();
        const size_t size = whole ? 0x924 : 0x800;
        auto data = takeSector(rig, size);
        auto raw = rawSector(rig.disc, 150 + 10); // 00:02:10
        CHECK(raw[15] == 1);
        const size_t from = whole ? 0x0c : 0x10;
        CHECK(std::equal(data.begin(), data.end(), raw.begin() + long(from)));
        CHECK(rig.cd.read(0x1f801802, 1) == raw[from + size - (whole ? 4 : 8)]);
    }
}
