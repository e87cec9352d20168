// The memory card on SIO0 (controllersandmemorycards.md "Memory Card Read/Write Commands")
// backed by the journal, and its rollback with savestates (DESIGN.md §4).
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/irq.h"
#include "core/memory_card.h"
#include "core/savestates.h"
#include "core/sio0.h"
#include "core/system.h"
#include "device_test_util.h"

using namespace core;
namespace fs = std::filesystem;

namespace {
fs::path tempDir(const char* name) {
    fs::path p = fs::temp_directory_path() /
                 ("skipjack-mc-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

struct Wire {
    explicit Wire(MemoryCard& c) : card(c) {}
    MemoryCard& card;
    std::vector<bool> acks;
    std::vector<Cycles> delays;
    bool done = false;
    uint8_t send(uint8_t tx) {
        bool ack = false;
        Cycles delay = 0;
        uint8_t r = card.exchange(tx, 1088, ack, delay, done);
        acks.push_back(ack);
        delays.push_back(delay);
        return r;
    }
};

// Write command: returns the end byte.
uint8_t writeSector(MemoryCard& card, uint16_t sector, const uint8_t* data, bool badSum = false) {
    card.deselect();
    Wire w(card);
    w.send(0x81);
    w.send('W');
    CHECK(w.send(0) == 0x5a);
    CHECK(w.send(0) == 0x5d);
    uint8_t msb = uint8_t(sector >> 8), lsb = uint8_t(sector);
    w.send(msb);
    CHECK(w.send(lsb) == msb); // "pre": the previous byte
    uint8_t sum = msb ^ lsb;
    for (int i = 0; i < 128; ++i) {
        w.send(data[i]);
        sum ^= data[i];
    }
    w.send(badSum ? uint8_t(~sum) : sum);
    CHECK(w.send(0) == 0x5c);
    CHECK(w.send(0) == 0x5d);
    uint8_t end = w.send(0);
    CHECK(w.done);
    CHECK_FALSE(w.acks.back()); // the last byte has no /ACK
    return end;
}

std::vector<uint8_t> readSector(MemoryCard& card, uint16_t sector, uint8_t* flag = nullptr) {
    card.deselect();
    Wire w(card);
    CHECK(w.send(0x81) == 0xff);
    uint8_t f = w.send('R');
    if (flag) *flag = f;
    CHECK(w.send(0) == 0x5a);
    CHECK(w.send(0) == 0x5d);
    w.send(uint8_t(sector >> 8));
    w.send(uint8_t(sector));
    CHECK(w.send(0) == 0x5c);
    // Sony cards: circa 31000 extra cycles before the /ACK of the 7th byte.
    CHECK(w.delays.back() == MemoryCard::kAckFromByteStart - 1088 + MemoryCard::kReadExtraDelay);
    CHECK(w.send(0) == 0x5d);
    CHECK(w.send(0) == uint8_t(sector >> 8));
    CHECK(w.send(0) == uint8_t(sector));
    std::vector<uint8_t> data;
    uint8_t sum = uint8_t(sector >> 8) ^ uint8_t(sector);
    for (int i = 0; i < 128; ++i) {
        data.push_back(w.send(0));
        sum ^= data.back();
    }
    CHECK(w.send(0) == sum);
    CHECK(w.send(0) == 0x47);
    CHECK(w.done);
    return data;
}
} // namespace

TEST_CASE("memory card: read - write - get ID and the FLAG byte per the protocol",
          "[savestate][memcard]") {
    fs::path dir = tempDir("proto");
    savestate::MemoryCardJournal journal;
    std::string error;
    REQUIRE(journal.open((dir / "card.mcd").string(), error));
    Scheduler scheduler;
    MemoryCard card(scheduler);
    {
        Wire w(card);
        w.send(0x81); // no card inserted: nobody answers
        CHECK(w.done);
    }
    card.insert(&journal);

    // Sector 0 of a formatted card is the header frame "MC".
    uint8_t flag = 0;
    auto header = readSector(card, 0, &flag);
    CHECK(header[0] == 'M');
    CHECK(header[1] == 'C');
    CHECK(flag == 0x08); // directory not read yet: reading does not clear it

    uint8_t data[128];
    for (int i = 0; i < 128; ++i)
        data[i] = uint8_t(i * 3 + 1);
    auto before = readSector(card, 0x3f); // the write-test frame (a copy of the header)
    CHECK(writeSector(card, 0x3f, data, true) == 0x4e); // bad checksum: not written
    CHECK(readSector(card, 0x3f, &flag) == before);
    CHECK(flag == 0x08);
    CHECK(writeSector(card, 0x3f, data) == 0x47);
    auto back = readSector(card, 0x3f, &flag);
    CHECK(flag == 0x00); // a write clears bit 3
    CHECK(std::equal(back.begin(), back.end(), data));
    CHECK(writeSector(card, 0x400, data) == 0xff); // bad sector

    // Invalid sector on read: FFFFh confirmed address, transfer ends.
    card.deselect();
    Wire w(card);
    w.send(0x81);
    w.send('R');
    w.send(0), w.send(0), w.send(0x04), w.send(0x00), w.send(0), w.send(0);
    CHECK(w.send(0) == 0xff);
    CHECK(w.send(0) == 0xff);
    CHECK(w.done);

    // Get ID.
    card.deselect();
    Wire id(card);
    id.send(0x81);
    id.send('S');
    std::vector<uint8_t> reply;
    for (int i = 0; i < 8; ++i)
        reply.push_back(id.send(0));
    CHECK(reply == std::vector<uint8_t>{0x5a, 0x5d, 0x5c, 0x5d, 0x04, 0x00, 0x00, 0x80});
    CHECK(id.done);

    // Another command ends the transfer after the command byte.
    card.deselect();
    Wire bad(card);
    bad.send(0x81);
    bad.send('X');
    CHECK(bad.done);
    REQUIRE(journal.close(error));
    fs::remove_all(dir);
}

TEST_CASE("memory card: loading a savestate rolls the card back with the machine",
          "[savestate][memcard]") {
    fs::path dir = tempDir("rollback");
    savestate::MemoryCardJournal journal;
    std::string error;
    REQUIRE(journal.open((dir / "card.mcd").string(), error));
    System sys;
    sys.memoryCard(0).insert(&journal);
    uint8_t a[128], b[128];
    std::fill(a, a + 128, 0xaa);
    std::fill(b, b + 128, 0xbb);
    REQUIRE(writeSector(sys.memoryCard(0), 100, a) == 0x47);
    SnapshotRef snap = sys.snapshots().capture();
    std::vector<uint8_t> full = sys.saveState();
    REQUIRE(writeSector(sys.memoryCard(0), 100, b) == 0x47);
    REQUIRE(writeSector(sys.memoryCard(0), 101, b) == 0x47);
    CHECK(journal.sector(100)[0] == 0xbb);

    sys.snapshots().restore(snap); // the snapshot's journal position comes back
    CHECK(journal.sector(100)[0] == 0xaa);
    CHECK(journal.sector(101)[0] == 0x00);
    CHECK(journal.recordCount() == 3); // the rolled-back writes are kept
    REQUIRE(journal.undoRollback(error));
    CHECK(journal.sector(101)[0] == 0xbb);

    REQUIRE(sys.loadState(full, error)); // a full load does the same
    CHECK(journal.sector(100)[0] == 0xaa);

    // After a commit the old position means nothing: the card keeps its contents, the load
    // still succeeds, and the card says why it did not roll back.
    REQUIRE(writeSector(sys.memoryCard(0), 100, b) == 0x47);
    REQUIRE(journal.commit(error));
    REQUIRE(sys.loadState(full, error));
    CHECK(journal.sector(100)[0] == 0xbb);
    CHECK(sys.memoryCard(0).lastError().find("merged") != std::string::npos);
    REQUIRE(journal.close(error));
    fs::remove_all(dir);
}

TEST_CASE("memory card on SIO0: address 81h selects it - /ACK comes 1500 cycles after each "
          "byte starts, 31000 later after the 7th byte of Read",
          "[savestate][memcard]") {
    fs::path dir = tempDir("sio");
    savestate::MemoryCardJournal journal;
    std::string error;
    REQUIRE(journal.open((dir / "card.mcd").string(), error));
    Scheduler sched;
    Irq irq;
    Sio0 sio(sched, irq);
    MemoryCard card(sched);
    card.insert(&journal);
    sio.setMemoryCard(0, &card);
    constexpr uint32_t kData = 0x1f801040, kMode = 0x1f801048, kCtrl = 0x1f80104a,
                       kBaud = 0x1f80104e;
    sio.write(kCtrl, Sio0::kCtrlReset, 2);
    sio.write(kMode, 0x000d, 2);
    sio.write(kBaud, 0x0088, 2);
    sio.write(kCtrl, Sio0::kCtrlTxEnable | Sio0::kCtrlDtr | Sio0::kCtrlDsrIrq, 2);
    const Cycles byte = sio.byteCycles();
    auto irq7 = [&] { return (irq.state().stat >> 7) & 1; };
    // Sends a byte; returns the reply and the cycles from the byte's start to /ACK (0: none).
    auto xfer = [&](uint8_t b, Cycles limit, Cycles& ackAt) {
        irq.write(0x1f801070, ~(1u << 7), 4);
        sio.write(kCtrl, sio.state().ctrl | Sio0::kCtrlAcknowledge, 2);
        Cycles start = sched.now();
        sio.write(kData, b, 1);
        testutil::runFor(sched, byte);
        uint8_t v = static_cast<uint8_t>(sio.read(kData, 1));
        ackAt = 0;
        while (sched.now() - start < limit && !ackAt) {
            testutil::runFor(sched, 50);
            if (irq7()) ackAt = sched.now() - start;
        }
        testutil::runFor(sched, Sio0::kAckLowCycles + 50);
        return v;
    };
    Cycles ackAt = 0;
    CHECK(xfer(0x81, 5000, ackAt) == 0xff);
    CHECK(ackAt >= 1500);
    CHECK(ackAt <= 1550);
    CHECK(xfer('R', 5000, ackAt) == 0x08);
    CHECK(xfer(0, 5000, ackAt) == 0x5a);
    CHECK(xfer(0, 5000, ackAt) == 0x5d);
    CHECK(xfer(0, 5000, ackAt) == 0x00);
    CHECK(xfer(0, 5000, ackAt) == 0x00);
    CHECK(xfer(0, 40000, ackAt) == 0x5c); // the 7th byte
    CHECK(ackAt >= 1500 + 31000);
    CHECK(ackAt <= 1550 + 31000);
    CHECK(xfer(0, 5000, ackAt) == 0x5d);
    CHECK(xfer(0, 5000, ackAt) == 0x00);
    CHECK(xfer(0, 5000, ackAt) == 0x00);
    CHECK(xfer(0, 5000, ackAt) == 'M'); // sector 0: the header frame
    REQUIRE(journal.close(error));
    fs::remove_all(dir);
}

TEST_CASE("memory card journal without a sync per write still keeps every record for the next "
          "session",
          "[savestate][memcard]") {
    fs::path dir = tempDir("nosync");
    std::string error;
    uint8_t data[128];
    std::fill(data, data + 128, 0x5e);
    {
        savestate::MemoryCardJournal journal;
        REQUIRE(journal.open((dir / "card.mcd").string(), error));
        journal.setSyncEachWrite(false);
        REQUIRE(journal.writeSector(7, data, 1, error));
        REQUIRE(journal.sync(error));
        REQUIRE(journal.writeSector(8, data, 2, error));
        // No close: the emulator "crashes" here; the parent image is untouched.
    }
    savestate::MemoryCardJournal again;
    REQUIRE(again.open((dir / "card.mcd").string(), error));
    CHECK(again.sector(7)[0] == 0x5e);
    CHECK(again.sector(8)[0] == 0x5e);
    REQUIRE(again.close(error));
    fs::remove_all(dir);
}
