// The multitap (SCPH-1070) on SIO0, driven byte by byte through JOY_DATA. Expected bytes are
// written out from controllersandmemorycards.md "Controller and Memory Card Multitap Adaptor"
// (and the device sections for what each slot answers), not computed by the code.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "core/memory_card.h"
#include "savestate/memcard_journal.h"
#include "sio0_rig.h"

using core::Controller;
using core::PadState;
using core::Sio0;
using testutil::Acks;
using testutil::acksFor;
using testutil::Bytes;

namespace {
Bytes access(uint8_t address, uint8_t tap, size_t n) {
    Bytes b(n, 0x00);
    b[0] = address;
    b[1] = 0x42;
    b[2] = tap;
    return b;
}

// Slots: A digital pad (Cross held), B DualShock (digital mode, Start held), C empty, D mouse
// (Left held, moved +2/-1).
struct TapRig : testutil::Sio0Rig {
    explicit TapRig(unsigned port = 0) {
        sio.setPadType(port, Sio0::PadType::Multitap);
        sio.setTapPadType(port, 1, Controller::Type::DualShock);
        sio.setTapPadType(port, 3, Controller::Type::Mouse);
        PadState a, b, c, d;
        a.buttons = PadState::Cross;
        b.buttons = PadState::Start;
        c.connected = false;
        d.buttons = PadState::MouseLeft;
        d.mouseDx = 2;
        d.mouseDy = -1;
        sio.setPad(port, 0, a);
        sio.setPad(port, 1, b);
        sio.setPad(port, 2, c);
        sio.setPad(port, 3, d);
    }
};

// Halfwords 1..16 of the long reply for TapRig's slots: ID, buttons, analog inputs, padded
// with FFFFh; an empty slot all FFFFh.
const Bytes kSlotsLong = {
    0x41, 0x5a, 0xff, 0xbf, 0xff, 0xff, 0xff, 0xff, // A: 5A41h, Cross (bit 14) low
    0x41, 0x5a, 0xf7, 0xff, 0xff, 0xff, 0xff, 0xff, // B: 5A41h (digital mode), Start (bit 3)
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // C: empty
    0x12, 0x5a, 0xff, 0xf4, 0x02, 0xff, 0xff, 0xff, // D: 5A12h, Left (bit 11), X +2, Y -1
};
Bytes longReply() {
    Bytes r(3 + kSlotsLong.size());
    r[0] = 0xff; // HiZ, then ID 5A80h
    r[1] = 0x80;
    r[2] = 0x5a;
    for (size_t i = 0; i < kSlotsLong.size(); ++i)
        r[3 + i] = kSlotsLong[i];
    return r;
}
} // namespace

TEST_CASE("Multitap Controller Access method 2: 0nh 42h reads the controller in slot n like a "
          "normal read - an empty slot aborts after the first byte",
          "[devices][pad][multitap]") {
    TapRig r;
    Acks acks;
    CHECK(r.transfer(access(0x01, 0x00, 5), &acks) == Bytes{0xff, 0x41, 0x5a, 0xff, 0xbf});
    CHECK(acks == acksFor(4, 5));
    acks.clear();
    CHECK(r.transfer(access(0x02, 0x00, 5), &acks) == Bytes{0xff, 0x41, 0x5a, 0xf7, 0xff});
    CHECK(acks == acksFor(4, 5));
    acks.clear();
    CHECK(r.transfer(access(0x03, 0x00, 5), &acks) == Bytes{0xff, 0xff, 0xff, 0xff, 0xff});
    CHECK(acks == acksFor(0, 5));
    acks.clear();
    CHECK(r.transfer(access(0x04, 0x00, 7), &acks) ==
          Bytes{0xff, 0x12, 0x5a, 0xff, 0xf4, 0x02, 0xff});
    CHECK(acks == acksFor(6, 7));
    // Address 05h is nobody's.
    acks.clear();
    CHECK(r.transfer(access(0x05, 0x00, 3), &acks) == Bytes{0xff, 0xff, 0xff});
    CHECK(acks == acksFor(0, 3));
}

TEST_CASE("Multitap method 1: REQ=01h in the TAP byte asks the NEXT access for all four slots "
          "(5A80h + 4 x 4 halfwords) - toggling REQ alternates slot A and long replies",
          "[devices][pad][multitap]") {
    TapRig r;
    // "sending that byte does NOT affect the current response".
    CHECK(r.transfer(access(0x01, 0x01, 5)) == Bytes{0xff, 0x41, 0x5a, 0xff, 0xbf});
    Acks acks;
    CHECK(r.transfer(access(0x01, 0x00, 35), &acks) == longReply());
    CHECK(acks == acksFor(34, 35));
    // "Previous access had REQ=0 and returned Slot A-D data -> returns Slot A data".
    CHECK(r.transfer(access(0x01, 0x01, 5)) == Bytes{0xff, 0x41, 0x5a, 0xff, 0xbf});
    Bytes again = longReply();
    again[3 + 24 + 4] = 0x00; // the mouse's motion was read by the last long reply
    again[3 + 24 + 5] = 0x00;
    CHECK(r.transfer(access(0x01, 0x00, 35)) == again);
}

TEST_CASE("Multitap method 1: REQ=1 in every access alternates garbage (HiZ 80h 5Ah, the LSB of "
          "slot A's ID, abort) and the long reply",
          "[devices][pad][multitap]") {
    TapRig r(1); // on port 2, as some games want it
    CHECK(r.transfer(access(0x01, 0x01, 5), nullptr, 1) == Bytes{0xff, 0x41, 0x5a, 0xff, 0xbf});
    Bytes long1 = r.transfer(access(0x01, 0x01, 35), nullptr, 1);
    CHECK(long1 == longReply());
    // "Previous access had REQ=1 and returned Slot A-D data -> returns garbage".
    Acks acks;
    CHECK(r.transfer(access(0x01, 0x01, 6), &acks, 1) == Bytes{0xff, 0x80, 0x5a, 0x41, 0xff, 0xff});
    CHECK(acks == acksFor(3, 6));
    // "Previous access had REQ=1 and returned garbage -> returns Slot A-D data".
    Bytes long2 = r.transfer(access(0x01, 0x00, 35), nullptr, 1);
    CHECK(Bytes(long2.begin(), long2.begin() + 27) == Bytes(long1.begin(), long1.begin() + 27));
    // REQ=0 then: slot A.
    CHECK(r.transfer(access(0x01, 0x00, 5), nullptr, 1) == Bytes{0xff, 0x41, 0x5a, 0xff, 0xbf});
}

TEST_CASE("Multitap method 1 needs a controller in slot A: with slot A empty the access aborts "
          "after the first byte and no request is made",
          "[devices][pad][multitap]") {
    TapRig r;
    PadState none;
    none.connected = false;
    r.sio.setPad(0, 0, none);
    Acks acks;
    CHECK(r.transfer(access(0x01, 0x01, 5), &acks) == Bytes(5, 0xff));
    CHECK(acks == acksFor(0, 5));
    PadState a;
    r.sio.setPad(0, 0, a);
    CHECK(r.transfer(access(0x01, 0x00, 5)) == Bytes{0xff, 0x41, 0x5a, 0xff, 0xff});
}

TEST_CASE("Multitap: a DualShock behind it takes its configuration commands through 0nh "
          "(43h enters config mode: 5AF3h) and the long reply shows its mode",
          "[devices][pad][multitap]") {
    TapRig r;
    r.transfer({0x02, 0x43, 0x00, 0x01, 0x00}); // enter config mode
    CHECK(r.sio.multitap(0).slot(1).dualShock().configMode());
    // 44h 01h 03h: analog mode (LED on), locked; 43h 00h: leave config mode.
    r.transfer({0x02, 0x44, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00});
    r.transfer({0x02, 0x43, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
    CHECK(r.sio.multitap(0).slot(1).dualShock().analog());
    r.transfer(access(0x01, 0x01, 5));
    Bytes reply = r.transfer(access(0x01, 0x00, 35));
    // Slot B: 5A73h, Start low, then its four sticks centred (80h).
    CHECK(Bytes(reply.begin() + 11, reply.begin() + 19) ==
          Bytes{0x73, 0x5a, 0xf7, 0xff, 0x80, 0x80, 0x80, 0x80});
}

TEST_CASE("Multitap Memory Card Access: 8nh reaches the card in slot n - without a multitap "
          "only 81h answers",
          "[devices][pad][multitap]") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("skipjack-tapcard-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string error;
    savestate::MemoryCardJournal journal;
    REQUIRE(journal.open((dir / "card.mcd").string(), error));
    TapRig r;
    core::MemoryCard card(r.sched);
    card.insert(&journal);
    r.sio.setMemoryCard(0, 2, &card); // slot C
    // "Get ID" (memory card section): 81h/-, 53h/FLAG, 5Ah, 5Dh, 5Ch, 5Dh, 04h, 00h, 00h, 80h.
    const Bytes getId{0x83, 0x53, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    const Bytes idReply{0xff, 0x08, 0x5a, 0x5d, 0x5c, 0x5d, 0x04, 0x00, 0x00, 0x80};
    CHECK(r.transfer(getId) == idReply);
    Bytes slotB = getId;
    slotB[0] = 0x82; // slot B has no card
    CHECK(r.transfer(slotB) == Bytes(10, 0xff));
    // The same card in a port without a multitap answers 81h only.
    r.sio.setPadType(0, Sio0::PadType::Digital);
    r.sio.setMemoryCard(0, &card);
    CHECK(r.transfer(getId) == Bytes(10, 0xff));
    Bytes plain = getId;
    plain[0] = 0x81;
    CHECK(r.transfer(plain) == idReply);
    card.insert(nullptr);
    fs::remove_all(dir);
}
