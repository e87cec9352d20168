// The memory card on SIO0 (controllersandmemorycards.md "Memory Card Read/Write Commands")
// backed by the journal, and its rollback with savestates (DESIGN.md §4).
#include <catch2/catch.hpp>

#include <array>
#include <filesystem>
#include <fstream>

#include "core/irq.h"
#include "core/memory_card.h"
#include "core/savestates.h"
#include "core/sio0.h"
#include "core/system.h"
#include "device_test_util.h"
#include "savestate/state_io.h"

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

TEST_CASE("memory card behind a multitap: a savestate rolls slot C's card back with the "
          "machine",
          "[savestate][memcard][multitap]") {
    // DESIGN.md section 4 for every card, also those of multitap slots B-D ("system" v3).
    fs::path dir = tempDir("tapcard");
    savestate::MemoryCardJournal journal;
    std::string error;
    REQUIRE(journal.open((dir / "card.mcd").string(), error));
    System sys;
    MemoryCard& card = sys.memoryCard(1, 2); // port 2, slot C
    card.insert(&journal);
    uint8_t a[128], b[128];
    std::fill(a, a + 128, 0xaa);
    std::fill(b, b + 128, 0xbb);
    REQUIRE(writeSector(card, 7, a) == 0x47);
    std::vector<uint8_t> full = sys.saveState();
    REQUIRE(writeSector(card, 7, b) == 0x47);
    CHECK(journal.sector(7)[0] == 0xbb);
    REQUIRE(sys.loadState(full, error));
    CHECK(journal.sector(7)[0] == 0xaa);
    CHECK(card.lastError().empty());
    card.insert(nullptr);
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

// --- Durable head moves (DESIGN.md section 4: "a crash at any point leaves either the old or
// the new card, never a mix"; the journal layout is documented in savestate/memcard_journal.cpp).

namespace {
using Image = std::vector<uint8_t>;
using savestate::MemoryCardJournal;

Image imageOf(const MemoryCardJournal& j) {
    return Image(j.image().begin(), j.image().end());
}

std::array<uint8_t, 128> filled(uint8_t v) {
    std::array<uint8_t, 128> d;
    d.fill(v);
    return d;
}

Image readBytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return Image(std::istreambuf_iterator<char>(f), {});
}

void writeBytes(const fs::path& p, const Image& bytes) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

// Opens the card at `path` again (as the next start after a crash or a close does): every
// record is intact and the card is `expected`.
void checkReopens(const std::string& path, const Image& expected) {
    MemoryCardJournal j;
    std::string error;
    REQUIRE(j.open(path, error));
    CHECK(j.ignoredRecords() == 0);
    CHECK(imageOf(j) == expected);
    REQUIRE(j.close(error));
}
} // namespace

TEST_CASE("memcard journal: a crash after a rollback reopens at the rolled-back position "
          "and undo works after the reopen",
          "[savestate][memcard]") {
    const bool syncEach = GENERATE(true, false);
    fs::path dir = tempDir("headmove");
    std::string path = (dir / "card.mcd").string(), error;
    Image parent, atA, atB;
    {
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        j.setSyncEachWrite(syncEach);
        parent = imageOf(j);
        REQUIRE(j.writeSector(10, filled(0xa1).data(), 1, error)); // A
        atA = imageOf(j);
        uint32_t saved = j.savestatePosition();                    // a savestate taken here
        REQUIRE(j.writeSector(10, filled(0xb2).data(), 2, error)); // B
        REQUIRE(j.writeSector(11, filled(0xb3).data(), 3, error));
        atB = imageOf(j);
        REQUIRE(j.rollbackTo(saved, error)); // the state is loaded
        CHECK(imageOf(j) == atA);
        // No write since the load: the emulator crashes (no close, no commit).
    }
    {
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        CHECK(j.ignoredRecords() == 0);
        CHECK(imageOf(j) == atA);       // A, not B: the card the user had at the crash
        CHECK(j.recordCount() == 3);    // the rolled-back writes are kept
        REQUIRE(j.undoRollback(error)); // undo load survives the reopen
        CHECK(imageOf(j) == atB);
        // Crash again right after the undo: B is the card now.
    }
    {
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        CHECK(imageOf(j) == atB);
        REQUIRE(j.undoRollback(error)); // and undo goes back to A (the load redone)
        CHECK(imageOf(j) == atA);
        REQUIRE(j.close(error));
    }
    CHECK(readBytes(path) == atA); // the clean close merged the head
    CHECK(atA != parent);
    fs::remove_all(dir);
}

TEST_CASE("memcard journal: a torn or damaged head-move record leaves the previous head - "
          "never a mix",
          "[savestate][memcard]") {
    fs::path dir = tempDir("tornmove");
    std::string path = (dir / "card.mcd").string(), journal = path + ".journal", error;
    Image atA, atB;
    uintmax_t beforeMove = 0;
    {
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        REQUIRE(j.writeSector(20, filled(0x1a).data(), 1, error));
        atA = imageOf(j);
        uint32_t saved = j.savestatePosition();
        REQUIRE(j.writeSector(20, filled(0x2b).data(), 2, error));
        REQUIRE(j.writeSector(21, filled(0x2c).data(), 3, error));
        atB = imageOf(j);
        beforeMove = fs::file_size(journal);
        REQUIRE(j.rollbackTo(saved, error));
    }
    const uintmax_t full = fs::file_size(journal);
    REQUIRE(full > beforeMove);
    const Image bytes = readBytes(journal);
    // Every cut inside the head-move record, and every single-byte flip in it.
    for (uintmax_t cut = beforeMove; cut < full; ++cut) {
        Image damaged(bytes.begin(), bytes.begin() + long(cut));
        writeBytes(journal, damaged);
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        CHECK(imageOf(j) == atB); // the head before the move, whole
        CHECK(j.ignoredRecords() == (cut == beforeMove ? 0u : 1u));
    }
    for (uintmax_t at = beforeMove; at < full; ++at) {
        Image damaged = bytes;
        damaged[at] ^= 0x40;
        writeBytes(journal, damaged);
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        CHECK(imageOf(j) == atB);
        CHECK(j.ignoredRecords() == 1);
    }
    writeBytes(journal, bytes); // intact: the move is there
    MemoryCardJournal j;
    REQUIRE(j.open(path, error));
    CHECK(imageOf(j) == atA);
    fs::remove_all(dir);
}

TEST_CASE("memcard journal: a version 1 journal (write records only) still opens with the "
          "newest write as the head",
          "[savestate][memcard]") {
    fs::path dir = tempDir("v1");
    std::string path = (dir / "card.mcd").string(), error;
    Image parent = MemoryCardJournal::formattedCard();
    writeBytes(path, parent);
    // Version 1 layout: "SKJMCJ01" | u64 generation, then 168-byte records
    // u32 'MCJR' | seq | parent | u16 sector | u16 0 | u64 frame | 128 data | u64 hash64.
    Image file = {'S', 'K', 'J', 'M', 'C', 'J', '0', '1'};
    uint64_t generation = savestate::hash64(parent.data(), parent.size());
    auto put = [&file](const void* p, size_t n) {
        const uint8_t* b = static_cast<const uint8_t*>(p);
        file.insert(file.end(), b, b + n);
    };
    put(&generation, 8);
    auto record = [&](uint32_t seq, uint32_t parentSeq, uint16_t sector, uint8_t fill) {
        size_t start = file.size();
        uint32_t magic = 0x524a434d;
        uint16_t zero = 0;
        uint64_t frame = seq;
        put(&magic, 4), put(&seq, 4), put(&parentSeq, 4), put(&sector, 2), put(&zero, 2);
        put(&frame, 8);
        auto data = filled(fill);
        put(data.data(), 128);
        uint64_t sum = savestate::hash64(&file[start], file.size() - start);
        put(&sum, 8);
    };
    record(1, 0, 70, 0x11);
    record(2, 1, 70, 0x22); // later rolled back ...
    record(3, 1, 71, 0x33); // ... and a new branch written from record 1
    writeBytes(path + ".journal", file);
    Image expected = parent;
    std::fill_n(&expected[70 * 128], 128, 0x11);
    std::fill_n(&expected[71 * 128], 128, 0x33);
    {
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        CHECK(j.ignoredRecords() == 0);
        CHECK(j.recordCount() == 3);
        CHECK(imageOf(j) == expected);
        REQUIRE(j.rollbackTo(2, error)); // the old branch is still there
        CHECK(j.sector(70)[0] == 0x22);
        CHECK(j.sector(71)[0] == 0x00);
    }
    // Opening rewrote it as version 2, and the head move after that is durable.
    Image now = readBytes(path + ".journal");
    CHECK(std::string(now.begin(), now.begin() + 8) == "SKJMCJ02");
    MemoryCardJournal j;
    REQUIRE(j.open(path, error));
    CHECK(j.sector(70)[0] == 0x22);
    CHECK(j.sector(71)[0] == 0x00);
    REQUIRE(j.undoRollback(error));
    CHECK(imageOf(j) == expected);
    fs::remove_all(dir);
}

TEST_CASE("memcard journal fuzz: a cut or damaged journal with head moves opens as the card "
          "after its last intact record",
          "[savestate][memcard]") {
    fs::path dir = tempDir("fuzz");
    std::string path = (dir / "card.mcd").string(), journal = path + ".journal", error;
    // A history of writes, rollbacks and undos; after each step: the file size and the card.
    std::vector<uintmax_t> sizes;
    std::vector<Image> states;
    uint32_t seed = 12345;
    auto rnd = [&seed](uint32_t n) {
        seed = seed * 1664525u + 1013904223u;
        return (seed >> 8) % n;
    };
    {
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        j.setSyncEachWrite(false);
        sizes.push_back(fs::file_size(journal));
        states.push_back(imageOf(j));
        std::vector<uint32_t> saved = {0};
        for (int step = 0; step < 60; ++step) {
            uint32_t kind = rnd(6);
            if (kind == 0) {
                REQUIRE(j.rollbackTo(saved[rnd(uint32_t(saved.size()))], error));
            } else if (kind == 1) {
                REQUIRE(j.undoRollback(error));
            } else {
                REQUIRE(j.writeSector(rnd(8), filled(uint8_t(step + 1)).data(), step, error));
                if (rnd(3) == 0) saved.push_back(j.savestatePosition());
            }
            REQUIRE(j.sync(error));
            uintmax_t size = fs::file_size(journal);
            if (size == sizes.back()) continue; // a move to where the head already was
            sizes.push_back(size);
            states.push_back(imageOf(j));
        }
    }
    const Image bytes = readBytes(journal);
    REQUIRE(bytes.size() == sizes.back());
    // The card a journal cut (or first damaged) at byte `at` must give.
    auto expectedAt = [&](uintmax_t at) {
        size_t k = 0;
        while (k + 1 < sizes.size() && sizes[k + 1] <= at)
            ++k;
        return states[k];
    };
    for (int trial = 0; trial < 400; ++trial) {
        Image damaged = bytes;
        uintmax_t firstBad = damaged.size();
        const uint32_t what = rnd(3);
        if (what == 0) { // cut
            firstBad = rnd(uint32_t(bytes.size()) + 1);
            damaged.resize(firstBad);
        } else if (what == 1) { // one flipped byte outside the (unchecked) generation field
            uintmax_t at = rnd(uint32_t(bytes.size()));
            if (at >= 8 && at < 16) at = 16;
            damaged[at] ^= uint8_t(1 + rnd(255));
            firstBad = at < 8 ? 0 : at;
        } else { // several flips and a cut: only "some state of the history" is required
            for (int i = 0; i < 4; ++i)
                damaged[rnd(uint32_t(damaged.size()))] ^= uint8_t(1 + rnd(255));
            damaged.resize(rnd(uint32_t(bytes.size()) + 1));
        }
        writeBytes(journal, damaged);
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        const Image got = imageOf(j);
        if (what < 2) {
            CHECK(got == expectedAt(firstBad));
        } else {
            CHECK(std::find(states.begin(), states.end(), got) != states.end());
        }
        // The rewritten journal reopens as the same card.
        MemoryCardJournal again;
        REQUIRE(again.open(path, error));
        CHECK(imageOf(again) == got);
    }
    fs::remove_all(dir);
}

TEST_CASE("memcard journal under run-ahead without speculation: rolled-back writes do not "
          "pile up and a crash reopens at the real card",
          "[savestate][memcard]") {
    fs::path dir = tempDir("runahead");
    std::string path = (dir / "card.mcd").string(), journal = path + ".journal", error;
    Image real, held;
    SnapshotRef quickSave;
    size_t maxRecords = 0, compactionChecks = 0, compactions = 0;
    uintmax_t maxFile = 0;
    {
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        j.setSyncEachWrite(false);
        System sys;
        MemoryCard& card = sys.memoryCard(0);
        card.insert(&j);
        // Capture, run frames that are then taken back, restore, with the journal's
        // speculation mode off (core::RunAhead turns it on: see the tests below), so every
        // taken-back write and head move reaches the file and compaction removes them. Here
        // the "game" writes the card in every taken-back frame and, every 4th real frame, in
        // the real one.
        for (int frame = 0; frame < 1200; ++frame) {
            SnapshotRef snap = sys.snapshots().capture();
            for (int ahead = 0; ahead < 2; ++ahead) {
                REQUIRE(writeSector(card, uint16_t(200 + ahead),
                                    filled(uint8_t(0x80 | ahead)).data()) == 0x47);
            }
            const Image fileBefore = readBytes(journal);
            const size_t compactionsBefore = j.compactions();
            sys.snapshots().restore(snap);
            REQUIRE(card.lastError().empty());
            if (j.compactions() != compactionsBefore) {
                // A crash during the compaction leaves the old file or the new one; the old
                // one (with the head move not yet appended) gives the card before the restore.
                ++compactionChecks;
                fs::path copy = dir / "old";
                fs::create_directories(copy);
                fs::copy_file(path, copy / "card.mcd", fs::copy_options::overwrite_existing);
                writeBytes(copy / "card.mcd.journal", fileBefore);
                MemoryCardJournal old;
                REQUIRE(old.open((copy / "card.mcd").string(), error));
                CHECK(old.sector(100 + ((frame - 1) / 4) % 16)[0] == uint8_t((frame - 1) / 4));
                CHECK(old.sector(201)[0] == 0x81); // the speculative branch was the head then
                MemoryCardJournal now;
                REQUIRE(now.open(path, error));
                CHECK(imageOf(now) == imageOf(j));
            }
            if (frame % 4 == 0) {
                REQUIRE(writeSector(card, uint16_t(100 + (frame / 4) % 16),
                                    filled(uint8_t(frame / 4)).data()) == 0x47);
            }
            if (frame == 100) { // a quick-save the user keeps
                quickSave = sys.snapshots().capture();
                held = imageOf(j);
            }
            maxRecords = std::max(maxRecords, j.recordCount());
            maxFile = std::max(maxFile, fs::file_size(journal));
        }
        real = imageOf(j);
        CHECK(j.compactions() > 0);
        CHECK(compactionChecks == j.compactions());
        compactions = j.compactions();
        // 300 real writes are live; 2400 speculative writes and their head moves are not.
        CHECK(maxRecords <= 300 + 2 * MemoryCardJournal::kCompactMinGarbage + 8);
        CHECK(maxFile < (300 + 3 * MemoryCardJournal::kCompactMinGarbage) * 192);
        // The card never holds a speculative write after the restore.
        CHECK(j.sector(200)[0] == 0x00);
        CHECK(j.sector(201)[0] == 0x00);
        // The quick-save's position was kept through every compaction.
        sys.snapshots().restore(quickSave);
        CHECK(card.lastError().empty());
        CHECK(imageOf(j) == held);
        REQUIRE(j.undoRollback(error)); // back to the real card (undo of that load)
        CHECK(imageOf(j) == real);
        // One more run-ahead frame, then a crash right after its restore: the journal is
        // destroyed without close or commit, its newest write speculative.
        SnapshotRef snap = sys.snapshots().capture();
        REQUIRE(writeSector(card, 202, filled(0x99).data()) == 0x47);
        sys.snapshots().restore(snap);
        CHECK(imageOf(j) == real);
        card.insert(nullptr);
    }
    WARN("run-ahead journal: max " << maxRecords << " write records, max file " << maxFile
                                   << " bytes, " << compactions << " compactions");
    checkReopens(path, real);
    fs::remove_all(dir);
}

// --- Speculation (run-ahead): the frames core::RunAhead runs and takes back never write the
// journal file (DESIGN.md section 4: the card the user saw is the one on the disk).

TEST_CASE("memcard journal speculation: writes and head moves stay in memory - the file is "
          "byte-identical and endSpeculation puts the real card back",
          "[savestate][memcard]") {
    fs::path dir = tempDir("spec");
    std::string path = (dir / "card.mcd").string(), journal = path + ".journal", error;
    MemoryCardJournal j;
    REQUIRE(j.open(path, error));
    REQUIRE(j.writeSector(70, filled(0x11).data(), 1, error));
    const uint32_t early = j.savestatePosition();
    REQUIRE(j.writeSector(71, filled(0x12).data(), 2, error));
    REQUIRE(j.rollbackTo(early, error)); // an undo target that speculation must keep
    REQUIRE(j.undoRollback(error));
    const Image real = imageOf(j);
    const Image fileBefore = readBytes(journal);
    const uint32_t head = j.position();
    const size_t records = j.recordCount(), headMoves = j.headMoveRecords();

    j.beginSpeculation();
    CHECK(j.speculating());
    REQUIRE(j.writeSector(70, filled(0x21).data(), 3, error));
    REQUIRE(j.writeSector(72, filled(0x22).data(), 4, error));
    const uint32_t speculative = j.savestatePosition(); // must never be used after the end
    CHECK(speculative > head);
    CHECK(j.sector(70)[0] == 0x21); // the speculative frames see their writes
    CHECK(j.sector(72)[0] == 0x22);
    REQUIRE(j.rollbackTo(early, error)); // and their head moves
    CHECK(j.sector(71)[0] == 0x00);
    REQUIRE(j.undoRollback(error));
    CHECK(j.sector(72)[0] == 0x22);
    CHECK(j.recordCount() == records + 2);
    CHECK_FALSE(j.commit(error)); // the parent never gets a speculative write
    CHECK(readBytes(journal) == fileBefore);
    CHECK(j.headMoveRecords() == headMoves);
    CHECK(j.compactions() == 0);

    j.endSpeculation();
    CHECK_FALSE(j.speculating());
    CHECK(imageOf(j) == real);
    CHECK(j.position() == head);
    CHECK(j.recordCount() == records);
    CHECK(readBytes(journal) == fileBefore); // no head-move record for putting the head back
    // A position taken during speculation names a dropped record: rolling back to it fails
    // and changes nothing (it never names a later record: sequence numbers are not reused).
    CHECK_FALSE(j.rollbackTo(speculative, error));
    CHECK(imageOf(j) == real);
    REQUIRE(j.writeSector(73, filled(0x33).data(), 5, error));
    CHECK(j.position() > speculative);
    CHECK_FALSE(j.rollbackTo(speculative, error));
    // The undo target from before speculation is intact.
    const Image afterWrite = imageOf(j);
    REQUIRE(j.rollbackTo(early, error));
    CHECK(j.sector(70)[0] == 0x11);
    CHECK(j.sector(71)[0] == 0x00);
    REQUIRE(j.undoRollback(error));
    CHECK(imageOf(j) == afterWrite);
    // Speculation with no write leaves everything as it was.
    const Image fileNow = readBytes(journal);
    j.beginSpeculation();
    j.endSpeculation();
    CHECK(readBytes(journal) == fileNow);
    CHECK(imageOf(j) == afterWrite);
    REQUIRE(j.close(error));
    CHECK(readBytes(path) == afterWrite);
    fs::remove_all(dir);
}

TEST_CASE("memcard journal speculation: a crash mid-speculation reopens with the real card",
          "[savestate][memcard]") {
    const bool syncEach = GENERATE(true, false);
    fs::path dir = tempDir("speccrash");
    std::string path = (dir / "card.mcd").string(), error;
    Image real;
    {
        MemoryCardJournal j;
        REQUIRE(j.open(path, error));
        j.setSyncEachWrite(syncEach);
        REQUIRE(j.writeSector(30, filled(0x41).data(), 1, error));
        const uint32_t saved = j.savestatePosition();
        REQUIRE(j.writeSector(31, filled(0x42).data(), 2, error));
        real = imageOf(j);
        j.beginSpeculation();
        REQUIRE(j.writeSector(30, filled(0x51).data(), 3, error));
        REQUIRE(j.rollbackTo(saved, error));
        REQUIRE(j.writeSector(32, filled(0x52).data(), 4, error));
        REQUIRE(j.sync(error));
        // The emulator crashes here: no endSpeculation, no close.
    }
    MemoryCardJournal j;
    REQUIRE(j.open(path, error));
    CHECK(j.ignoredRecords() == 0);
    CHECK(imageOf(j) == real);
    CHECK(j.recordCount() == 2);
    CHECK(j.headMoveRecords() == 0);
    REQUIRE(j.close(error));
    fs::remove_all(dir);
}

TEST_CASE("memory card under System speculation: a run-ahead frame with card writes leaves the "
          "journal file byte-identical and the real card after the restore",
          "[savestate][memcard]") {
    fs::path dir = tempDir("sysspec");
    std::string path = (dir / "card.mcd").string(), journal = path + ".journal", error;
    Image real, fileAtCrash;
    {
        System sys;
        MemoryCardJournal j; // destroyed first: the "crash" below leaves it mid-speculation
        REQUIRE(j.open(path, error));
        MemoryCard& card = sys.memoryCard(0);
        card.insert(&j);
        for (int frame = 0; frame < 600; ++frame) {
            // What core::RunAhead::runFrame does around the frames it takes back.
            SnapshotRef snap = sys.snapshots().capture();
            const Image before = imageOf(j);
            const uint8_t stepBefore = card.state().step;
            const Image fileBefore = readBytes(journal);
            sys.beginSpeculation();
            for (int ahead = 0; ahead < 3; ++ahead) {
                REQUIRE(writeSector(card, uint16_t(200 + ahead),
                                    filled(uint8_t(0x80 | ahead)).data()) == 0x47);
            }
            CHECK(readSector(card, 201)[0] == 0x81); // the speculative frames see the card
            CHECK(j.sector(202)[0] == 0x82);
            sys.endSpeculation();
            sys.snapshots().restore(snap);
            REQUIRE(card.lastError().empty());
            CHECK(imageOf(j) == before);
            CHECK(card.state().step == stepBefore); // the protocol state came back too
            if (frame % 50 == 0) CHECK(readBytes(journal) == fileBefore);
            if (frame % 4 == 0) { // a real write
                REQUIRE(writeSector(card, uint16_t(100 + (frame / 4) % 16),
                                    filled(uint8_t(frame / 4)).data()) == 0x47);
            }
        }
        CHECK(j.recordCount() == 150); // the real writes only
        CHECK(j.headMoveRecords() == 0);
        CHECK(j.compactions() == 0);
        CHECK(j.sector(200)[0] == 0x00);
        real = imageOf(j);
        // One more run-ahead frame; the emulator crashes in the middle of it.
        SnapshotRef snap = sys.snapshots().capture();
        sys.beginSpeculation();
        REQUIRE(writeSector(card, 100, filled(0x99).data()) == 0x47);
        REQUIRE(writeSector(card, 203, filled(0x99).data()) == 0x47);
        REQUIRE(j.sync(error));
        fileAtCrash = readBytes(journal);
    }
    CHECK(fileAtCrash.size() == 16 + 150 * (24 + 128 + 8)); // header + the real write records
    checkReopens(path, real);
    fs::remove_all(dir);
}
