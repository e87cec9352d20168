// CD-ROM controller: registers, FIFOs, interrupt queueing and the command responses
// (cdromdrive.md), driven through the ports as a program would.
#include <catch2/catch.hpp>

#include "cdrom_test_util.h"

using cdtest::bytes;
using cdtest::Rig;
using core::Cdrom;
using core::Cycles;

TEST_CASE("cdromdrive.md HSTS: bank bits and parameter FIFO flags", "[cdrom]") {
    Rig rig;
    CHECK(rig.hsts() == 0x18); // PRMEMPT + PRMWRDY, bank 0
    rig.setBank(3);
    CHECK(rig.hsts() == 0x1b);
    // A 32-bit read of 1F801800h is HSTS four times (no auto-increment).
    CHECK(rig.cd.read(0x1f801800, 4) == 0x1b1b1b1bu);
    rig.setBank(0);
    rig.cd.write(0x1f801802, 0x12, 1);
    CHECK(rig.hsts() == 0x10); // not empty, still room
    for (int i = 1; i < 16; ++i)
        rig.cd.write(0x1f801802, i, 1);
    CHECK(rig.hsts() == 0x00); // full: PRMWRDY clear
    rig.setBank(1);
    rig.cd.write(0x1f801803, 0x40, 1); // HCLRCTL.6 clears the parameter FIFO
    CHECK(rig.hsts() == 0x19);
    // HINTMSK/HINTSTS read with bits 5-7 set.
    CHECK(rig.cd.read(0x1f801803, 1) == 0xe0);
    rig.setBank(0);
    CHECK(rig.cd.read(0x1f801803, 1) == 0xff); // HINTMSK = 1Fh
}

TEST_CASE("cdromdrive.md COMMAND: Nop answers INT3 with stat after the first-response delay",
          "[cdrom]") {
    Rig rig;
    rig.command(0x01);
    CHECK((rig.hsts() & Cdrom::kHstsBusySts) != 0);
    testutil::runFor(rig.sched, Cdrom::kFirstResponseMotorOn - 1);
    CHECK(rig.intType() == 0);
    CHECK((rig.irq.state().stat & 4) == 0);
    testutil::runFor(rig.sched, 1);
    CHECK(rig.intType() == 3);
    CHECK((rig.irq.state().stat & 4) != 0); // I_STAT.2 (interrupts.md CDROM)
    CHECK((rig.hsts() & (Cdrom::kHstsBusySts | Cdrom::kHstsRslRrdy)) == Cdrom::kHstsRslRrdy);
    rig.setBank(1);
    CHECK(rig.cd.read(0x1f801803, 1) == 0xe3);
    rig.setBank(0);
    // RESULT: the response, then 00h padding to 16 bytes, then the response again.
    CHECK(rig.cd.read(0x1f801801, 1) == 0x02);
    CHECK((rig.hsts() & Cdrom::kHstsRslRrdy) == 0);
    for (int i = 1; i < 16; ++i)
        CHECK(rig.cd.read(0x1f801801, 1) == 0x00);
    CHECK(rig.cd.read(0x1f801801, 1) == 0x02);
}

TEST_CASE("cdromdrive.md Response/Data Queueing: GetID's second response waits for the "
          "acknowledge",
          "[cdrom]") {
    Rig rig;
    rig.command(0x1a);
    rig.waitInt();
    CHECK(rig.intType() == 3);
    CHECK(rig.response() == bytes({0x02}));
    // Not acknowledged: INT3 stays, INT2 is not ORed in.
    testutil::runFor(rig.sched, Cdrom::kGetIdSecond * 4);
    CHECK(rig.intType() == 3);
    Cycles ackAt = rig.sched.now();
    rig.ack();
    CHECK(rig.intType() == 0);
    rig.waitInt();
    CHECK(rig.sched.now() - ackAt == Cdrom::kAsyncAfterAck);
    CHECK(rig.intType() == 2);
    CHECK(rig.response() == bytes({0x02, 0x00, 0x20, 0x00, 'S', 'C', 'E', 'A'}));
}

TEST_CASE("cdromdrive.md Mainloop: a command written while an INT is pending runs after the "
          "acknowledge",
          "[cdrom]") {
    Rig rig;
    rig.command(0x01);
    rig.waitInt();
    rig.command(0x0f); // Getparam, while INT3 of Nop is pending
    testutil::runFor(rig.sched, Cdrom::kFirstResponseMotorOn * 3);
    CHECK(rig.intType() == 3);
    CHECK(rig.response() == bytes({0x02})); // still Nop's
    CHECK((rig.hsts() & Cdrom::kHstsBusySts) != 0);
    Cycles ackAt = rig.sched.now();
    rig.ack();
    rig.waitInt();
    CHECK(rig.sched.now() - ackAt == Cdrom::kFirstResponseMotorOn);
    CHECK(rig.response() == bytes({0x02, 0x00, 0x00, 0x00, 0x00}));
}

TEST_CASE("cdromdrive.md Status code: parameter count and invalid command errors", "[cdrom]") {
    Rig rig;
    auto r = rig.run(0x02, {0x00, 0x02}); // Setloc with two parameters
    CHECK(r.type == 5);
    CHECK(r.bytes == bytes({0x03, 0x20}));
    r = rig.run(0x02, {0x00, 0x60, 0x00}); // seconds 60h: out of range
    CHECK(r.bytes == bytes({0x03, 0x10}));
    r = rig.run(0x02, {0x0a, 0x00, 0x00}); // not BCD
    CHECK(r.bytes == bytes({0x03, 0x10}));
    r = rig.run(0x02, {0x00, 0x59, 0x74});
    CHECK(r.type == 3);
    r = rig.run(0x00); // Sync
    CHECK(r.type == 5);
    CHECK(r.bytes == bytes({0x03, 0x40}));
    r = rig.run(0x17);
    CHECK(r.bytes == bytes({0x03, 0x40}));
    r = rig.run(0x01, {0x00}); // Nop takes no parameter
    CHECK(r.bytes == bytes({0x03, 0x20}));
    r = rig.run(0x0e); // Setmode needs one
    CHECK(r.bytes == bytes({0x03, 0x20}));
}

TEST_CASE("cdromdrive.md Unsupported GetQ/VCD/SecretUnlock: VideoCD keeps its parameters",
          "[cdrom]") {
    Rig rig;
    auto r = rig.run(0x1f, {0x01, 0x02});
    CHECK(r.bytes == bytes({0x03, 0x40}));
    CHECK((rig.hsts() & Cdrom::kHstsPrmEmpty) == 0);
    // They reach the next command: Setloc with two stale + one new = three parameters.
    r = rig.run(0x02, {0x03});
    CHECK(r.type == 3);
    r = rig.run(0x10); // GetlocL before any read: no header yet
    CHECK(r.bytes == bytes({0x03, 0x80}));
}

TEST_CASE("cdromdrive.md Getparam: mode and filter from Setmode and Setfilter", "[cdrom]") {
    Rig rig;
    CHECK(rig.run(0x0e, {0xa8}).type == 3);
    CHECK(rig.run(0x0d, {0x05, 0x1f}).type == 3);
    auto r = rig.run(0x0f);
    CHECK(r.bytes == bytes({0x02, 0xa8, 0x00, 0x05, 0x1f}));
}

TEST_CASE("cdromdrive.md GetTN and GetTD: track numbers and starts in BCD", "[cdrom]") {
    Rig rig;
    CHECK(rig.run(0x13).bytes == bytes({0x02, 0x01, 0x02}));
    CHECK(rig.run(0x14, {0x01}).bytes == bytes({0x02, 0x00, 0x02}));
    // Track 2 starts at 1150 = 00:15:25, rounded down to the second.
    CHECK(rig.run(0x14, {0x02}).bytes == bytes({0x02, 0x00, 0x15}));
    // 00h: the lead-out, 1450 = 00:19:25.
    CHECK(rig.run(0x14, {0x00}).bytes == bytes({0x02, 0x00, 0x19}));
    CHECK(rig.run(0x14, {0x03}).bytes == bytes({0x03, 0x10}));
    CHECK(rig.run(0x14, {0x1a}).bytes == bytes({0x03, 0x10}));
}

TEST_CASE("cdromdrive.md Test 20h 21h 22h: version switches and region", "[cdrom]") {
    Rig rig;
    CHECK(rig.run(0x19, {0x20}).bytes == bytes({0x97, 0x01, 0x10, 0xc2}));
    CHECK(rig.run(0x19, {0x21}).bytes == bytes({0x00}));
    auto r = rig.run(0x19, {0x22});
    CHECK(std::string(r.bytes.begin(), r.bytes.end()) == "for U/C");
    rig.cd.setRegion(Cdrom::Region::Europe);
    r = rig.run(0x19, {0x22});
    CHECK(std::string(r.bytes.begin(), r.bytes.end()) == "for Europe");
    // Unsupported subfunctions: 10h, or 20h with extra parameters.
    CHECK(rig.run(0x19, {0x06}).bytes == bytes({0x03, 0x10}));
    CHECK(rig.run(0x19, {0x06, 0x01}).bytes == bytes({0x03, 0x20}));
    CHECK(rig.run(0x19).bytes == bytes({0x03, 0x20}));
    rig.cd.setLidOpen(true);
    auto lid = rig.next(); // INT5 08h: the door opened
    CHECK(lid.type == 5);
    CHECK(lid.bytes == bytes({0x11, 0x08}));
    CHECK(rig.run(0x19, {0x21}).bytes == bytes({0x02}));
}

TEST_CASE("cdromdrive.md Nop: the shell-open latch clears only by Nop after the lid closes",
          "[cdrom]") {
    Rig rig;
    rig.cd.setLidOpen(true);
    CHECK(rig.next().bytes == bytes({0x11, 0x08}));
    CHECK(rig.run(0x01).bytes == bytes({0x10}));
    CHECK(rig.run(0x01).bytes == bytes({0x10}));       // still open: the latch stays
    CHECK(rig.run(0x13).bytes == bytes({0x11, 0x80})); // GetTN: no disc while open
    rig.cd.setLidOpen(false);
    CHECK(rig.run(0x13).bytes == bytes({0x11, 0x80})); // spinning up: TOC not read yet
    testutil::runFor(rig.sched, Cdrom::kSpinUp + Cdrom::kTocRead);
    CHECK(rig.run(0x13).bytes == bytes({0x12, 0x01, 0x02})); // GetTN keeps the latch
    CHECK(rig.run(0x01).bytes == bytes({0x12}));
    CHECK(rig.run(0x01).bytes == bytes({0x02}));
}

TEST_CASE("cdromdrive.md GetID: licensed unlicensed audio no-disc and door-open answers",
          "[cdrom]") {
    SECTION("licensed Mode 2") {
        Rig rig;
        rig.disc.licence = 'E';
        CHECK(rig.run(0x1a).type == 3);
        auto r = rig.next();
        CHECK(r.type == 2);
        CHECK(r.bytes == bytes({0x02, 0x00, 0x20, 0x00, 'S', 'C', 'E', 'E'}));
    }
    SECTION("unlicensed Mode 2 with an audio track") {
        Rig rig;
        rig.disc.licence = 0;
        rig.run(0x1a);
        auto r = rig.next();
        CHECK(r.type == 5);
        CHECK(r.bytes == bytes({0x0a, 0x90, 0x20, 0x00, 0, 0, 0, 0}));
    }
    SECTION("unlicensed Mode 1 with a modchip") {
        Rig rig;
        rig.disc.licence = 0;
        rig.disc.dataMode = 1;
        rig.cd.setModchip(true);
        rig.run(0x1a);
        auto r = rig.next();
        CHECK(r.type == 2);
        CHECK(r.bytes == bytes({0x02, 0x00, 0x00, 0x00, 'S', 'C', 'E', 'A'}));
    }
    SECTION("audio disc") {
        Rig rig;
        rig.disc.audioOnly = true;
        rig.run(0x1a);
        CHECK(rig.next().bytes == bytes({0x0a, 0x90, 0x00, 0x00, 0, 0, 0, 0}));
    }
    SECTION("no disc") {
        Rig rig(false);
        CHECK(rig.run(0x1a).bytes == bytes({0x00}));
        auto r = rig.next();
        CHECK(r.type == 5);
        CHECK(r.bytes == bytes({0x08, 0x40, 0, 0, 0, 0, 0, 0}));
    }
    SECTION("door open") {
        Rig rig;
        rig.cd.setLidOpen(true);
        rig.next();
        CHECK(rig.run(0x1a).bytes == bytes({0x11, 0x80}));
    }
}

TEST_CASE("cdromdrive.md Init: late INT3 then INT2 and mode 20h", "[cdrom]") {
    Rig rig;
    rig.run(0x0e, {0x80});
    rig.command(0x0a);
    Cycles t0 = rig.sched.now();
    auto first = rig.next();
    CHECK(first.type == 3);
    CHECK(first.at - t0 == Cdrom::kFirstResponseInit);
    auto second = rig.next();
    CHECK(second.type == 2);
    CHECK(second.bytes == bytes({0x02}));
    CHECK(second.at - first.at == Cdrom::kInitSecond);
    CHECK(rig.run(0x0f).bytes == bytes({0x02, 0x20, 0x00, 0x00, 0x00}));
}

TEST_CASE("cdromdrive.md MotorOn: error 20h while the motor runs and INT2 after spin-up",
          "[cdrom]") {
    Rig rig;
    CHECK(rig.run(0x07).bytes == bytes({0x03, 0x20}));
    rig.run(0x08); // Stop
    auto stopped = rig.next();
    CHECK(stopped.type == 2);
    CHECK(stopped.bytes == bytes({0x00}));
    auto first = rig.run(0x07);
    CHECK(first.bytes == bytes({0x00}));
    auto second = rig.next();
    CHECK(second.type == 2);
    CHECK(second.bytes == bytes({0x02}));
    CHECK(second.at - first.at >= Cdrom::kSpinUp);
}

TEST_CASE("cdromdrive.md Stop and Pause when idle: INT3 then INT2 after the idle delays",
          "[cdrom]") {
    Rig rig;
    auto first = rig.run(0x09);
    CHECK(first.bytes == bytes({0x02}));
    auto second = rig.next();
    CHECK(second.type == 2);
    CHECK(second.at - first.at == Cdrom::kPauseSecondIdle);
    first = rig.run(0x08);
    second = rig.next();
    CHECK(second.bytes == bytes({0x00}));
    CHECK(second.at - first.at == Cdrom::kStopSecondSingle);
}

TEST_CASE("cdromdrive.md Secret Unlock Commands: ReadN of an unlicensed disc after the unlock",
          "[cdrom]") {
    Rig rig;
    rig.disc.licence = 0;
    CHECK(rig.run(0x06).bytes == bytes({0x03, 0x40})); // ReadN refused
    const char* strings[] = {"Licensed by", "Sony", "Computer", "Entertainment", "of America"};
    CHECK(rig.run(0x50).bytes == bytes({0x03, 0x40}));
    for (int i = 0; i < 5; ++i) {
        rig.setBank(0);
        for (const char* c = strings[i]; *c; ++c)
            rig.cd.write(0x1f801802, uint8_t(*c), 1);
        auto r = rig.run(uint8_t(0x51 + i));
        CHECK(r.bytes == bytes({0x03, 0x40})); // INT5 even when it works
    }
    CHECK(rig.run(0x56).bytes == bytes({0x03, 0x40}));
    CHECK(rig.run(0x02, {0x00, 0x02, 0x00}).type == 3);
    auto r = rig.run(0x06);
    CHECK(r.type == 3);
    // Lock again: refused.
    rig.run(0x09);
    rig.next();
    CHECK(rig.run(0x57).bytes == bytes({0x03, 0x40}));
    CHECK(rig.run(0x06).bytes == bytes({0x03, 0x40}));
}

TEST_CASE("cdromdrive.md SetSession: session 0 error then INT2 for 1 and a seek error for 2",
          "[cdrom]") {
    Rig rig;
    CHECK(rig.run(0x12, {0x00}).bytes == bytes({0x03, 0x10}));
    auto first = rig.run(0x12, {0x01});
    CHECK(first.bytes == bytes({0x02}));
    CHECK(rig.run(0x01).bytes == bytes({0x42})); // seeking to the session
    auto second = rig.next();
    CHECK(second.type == 2);
    CHECK(second.bytes == bytes({0x02}));
    CHECK(second.at - first.at == Cdrom::kSetSessionSecond);
    rig.run(0x12, {0x02}); // a single-session disc
    auto fail = rig.next();
    CHECK(fail.type == 5);
    CHECK(fail.bytes == bytes({0x06, 0x40}));
    CHECK(rig.run(0x01).bytes == bytes({0x00})); // stopped
    auto again = rig.next();
    CHECK(again.type == 5);
    CHECK(again.bytes == bytes({0x06, 0x40}));
    CHECK(again.at - fail.at == Cdrom::kSpinUp);
    CHECK(rig.run(0x13).bytes == bytes({0x01, 0x80})); // GetTN: the TOC is gone
    CHECK(rig.run(0x11).bytes == bytes({0x01, 0x80}));
    rig.run(0x1e); // ReadTOC brings it back
    CHECK(rig.next().type == 2);
    CHECK(rig.run(0x13).bytes == bytes({0x02, 0x01, 0x02}));
}

TEST_CASE("cdromdrive.md ReadTOC: late INT3 then INT2 about a second later", "[cdrom]") {
    Rig rig;
    rig.command(0x1e);
    Cycles t0 = rig.sched.now();
    auto first = rig.next();
    CHECK(first.type == 3);
    CHECK(first.at - t0 == Cdrom::kFirstResponseInit);
    auto second = rig.next();
    CHECK(second.type == 2);
    CHECK(second.bytes == bytes({0x02}));
    CHECK(second.at - first.at == Cdrom::kReadTocSecond);
}

TEST_CASE("cdromdrive.md GetQ: lead-in subchannel Q of a track and of the lead-out", "[cdrom]") {
    Rig rig;
    CHECK(rig.run(0x1d, {0x01, 0x02}).type == 3);
    auto q = rig.next();
    CHECK(q.type == 2);
    // Track 2 (audio) starts at 00:15:25.
    CHECK(q.bytes == bytes({0x01, 0x00, 0x02, 0, 0, 0, 0, 0x00, 0x15, 0x25, 0x00}));
    rig.run(0x1d, {0x01, 0xa2});
    CHECK(rig.next().bytes == bytes({0x41, 0x00, 0xa2, 0, 0, 0, 0, 0x00, 0x19, 0x25, 0x00}));
    rig.run(0x1d, {0x01, 0xa0});
    CHECK(rig.next().bytes == bytes({0x41, 0x00, 0xa0, 0, 0, 0, 0, 0x01, 0x20, 0x00, 0x00}));
    CHECK(rig.run(0x1d, {0x01}).bytes == bytes({0x03, 0x20}));
}

TEST_CASE("cdromdrive.md Forward/Backward: only while playing and the scan moves the head",
          "[cdrom]") {
    Rig rig;
    CHECK(rig.run(0x04).bytes == bytes({0x03, 0x80}));
    rig.run(0x03, {0x02});
    // The head moves 1000 sectors from 00:02:00 (a 100 ms lens move, seek_timing.h), then
    // plays LBA 1150 one sector later.
    testutil::runFor(rig.sched, core::kCpuClockHz / 10 + Cdrom::kSectorSingle * 3 / 2);
    auto fwd = rig.run(0x04);
    CHECK(fwd.bytes == bytes({0x82}));
    testutil::runFor(rig.sched, Cdrom::kSectorSingle * 3);
    auto p = rig.run(0x11); // GetlocP: track 2, past the 3 sectors a normal play covers
    CHECK(p.bytes[0] == 0x02);
    CHECK(p.bytes[4] == 0x21); // LBA 1171: 1151 then 10 sectors a step
    auto back = rig.run(0x05);
    CHECK(back.bytes == bytes({0x82}));
}

TEST_CASE("cdromdrive.md Reset: INT3 then the motor spins up again and the mode is cleared",
          "[cdrom]") {
    Rig rig;
    rig.run(0x0e, {0x80});
    CHECK(rig.run(0x1c).bytes == bytes({0x02}));
    CHECK(rig.run(0x01).bytes == bytes({0x00}));
    testutil::runFor(rig.sched, Cdrom::kSpinUp);
    CHECK(rig.run(0x0f).bytes == bytes({0x02, 0x00, 0x00, 0x00, 0x00}));
}

TEST_CASE("cdromdrive.md Mute/Demute: INT3 with stat", "[cdrom]") {
    Rig rig;
    CHECK(rig.run(0x0b).bytes == bytes({0x02}));
    CHECK(rig.cd.state().muted == 1);
    CHECK(rig.run(0x0c).bytes == bytes({0x02}));
    CHECK(rig.cd.state().muted == 0);
    Rig empty(false);
    CHECK(empty.run(0x0c).bytes == bytes({0x01, 0x80})); // needs the disc
}

TEST_CASE("cdromdrive.md BUSYSTS: a command between Stop's responses drops the second one",
          "[cdrom]") {
    Rig rig;
    rig.run(0x08);
    CHECK(rig.run(0x0e, {0x00}).type == 3); // Setmode before Stop's INT2
    testutil::runFor(rig.sched, Cdrom::kStopSecondSingle);
    CHECK(rig.intType() == 0);
    CHECK(rig.run(0x01).bytes == bytes({0x00})); // but the motor did stop
    // Pause during a read, then Setmode: both responses of Pause arrive.
    Rig reading;
    reading.run(0x02, {0x00, 0x02, 0x00});
    reading.run(0x06);
    CHECK(reading.next().type == 1);
    CHECK(reading.run(0x09).bytes == bytes({0x22}));
    CHECK(reading.run(0x0e, {0x00}).type == 3);
    auto second = reading.next();
    CHECK(second.type == 2);
    CHECK(second.bytes == bytes({0x02}));
}

TEST_CASE("cdromdrive.md Init: a second Init while the first is pending gets no response",
          "[cdrom]") {
    Rig rig;
    rig.run(0x08);
    rig.next(); // stopped: Init now spins the motor up (about a second)
    CHECK(rig.run(0x0a).type == 3);
    rig.command(0x0a);
    auto second = rig.next();
    CHECK(second.type == 2); // the first Init's INT2, nothing for the second
    CHECK(second.bytes == bytes({0x02}));
    testutil::runFor(rig.sched, Cdrom::kFirstResponseInit * 4);
    CHECK(rig.intType() == 0);
    CHECK((rig.hsts() & Cdrom::kHstsBusySts) == 0);
}

TEST_CASE("cdromdrive.md GetID: its second response does not stop a read", "[cdrom]") {
    Rig rig;
    rig.run(0x02, {0x00, 0x02, 0x00});
    rig.run(0x06);
    CHECK(rig.next().type == 1);
    rig.command(0x1a);
    int int1 = 0, int2 = 0;
    for (int i = 0; i < 6; ++i) {
        auto r = rig.next();
        int1 += r.type == 1;
        int2 += r.type == 2;
    }
    CHECK(int2 == 1);
    CHECK(int1 == 4); // INT3, INT2 and four more sectors
}
