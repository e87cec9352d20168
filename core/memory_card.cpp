#include "core/memory_card.h"

#include <algorithm>

// Hardware notes (controllersandmemorycards.md "Memory Card Read/Write Commands"):
// - Read: 81h/-, 52h/FLAG, 00h/5Ah, 00h/5Dh, MSB/00h, LSB/MSB, 00h/5Ch, 00h/5Dh, 00h/MSB,
//   00h/LSB, 128 data bytes, 00h/checksum (MSB xor LSB xor data), 00h/47h (last: no /ACK).
//   An invalid sector (> 3FFh) gives FFFFh as the confirmed address and ends the transfer.
// - Write: 81h/-, 57h/FLAG, 00h/5Ah, 00h/5Dh, MSB/00h, LSB/MSB, 128 data bytes, checksum (each
//   answered with the previous byte), 00h/5Ch, 00h/5Dh, 00h/end (47h good, 4Eh bad checksum,
//   FFh bad sector). A write clears FLAG bit 3.
// - Get ID: 81h/-, 53h/FLAG, 5Ah, 5Dh, 5Ch, 5Dh, 04h, 00h, 00h, 80h.
// - Any other command: the transfer ends after the command byte.

namespace core {

DeviceInfo MemoryCard::describe() {
    return DeviceInfo("memcard", this).state<&MemoryCard::reset, &MemoryCard::serialize>();
}

namespace {
constexpr uint8_t kHiZ = 0xff;
constexpr uint64_t kCyclesPerFrame = kCpuClockHz / 60; // journal records note an approximate frame
} // namespace

void MemoryCard::reset() {
    state_ = {};
    state_.flag = kFlagFresh;
}

void MemoryCard::insert(savestate::MemoryCardJournal* journal) {
    endSpeculation();
    journal_ = journal;
    reset(); // re-inserting a card sets FLAG bit 3 again
}

void MemoryCard::beginSpeculation() {
    if (speculating_ || !inserted() || journal_->speculating()) return; // e.g. both slots
    journal_->beginSpeculation();
    speculating_ = journal_;
}

void MemoryCard::endSpeculation() {
    if (!speculating_) return;
    speculating_->endSpeculation();
    speculating_ = nullptr;
}

uint8_t MemoryCard::exchange(uint8_t tx, Cycles byteCycles, bool& ack, Cycles& ackDelay,
                             bool& done) {
    ack = false;
    done = false;
    ackDelay = kAckFromByteStart > byteCycles ? kAckFromByteStart - byteCycles : 1;
    State& s = state_;
    uint8_t reply = kHiZ;
    if (s.step == 0) { // address byte
        if (tx != kAddress || !inserted()) {
            done = true;
            return kHiZ;
        }
        s.step = 1;
        ack = true;
        s.previous = tx;
        return kHiZ;
    }
    if (s.step == 1) { // command byte
        s.command = tx;
        if (tx != 'R' && tx != 'W' && tx != 'S') {
            done = true;
            return s.flag;
        }
        reply = s.flag;
        ack = true;
        s.step = 2;
        s.previous = tx;
        return reply;
    }
    if (s.command == 'R')
        reply = readReply(tx, ack, done);
    else if (s.command == 'W')
        reply = writeReply(tx, ack, done);
    else
        reply = idReply(ack, done);
    // The extra delay after the 7th byte of Read (step counts from 0 at the address byte).
    if (ack && s.command == 'R' && s.step == 7) ackDelay += kReadExtraDelay;
    s.previous = tx;
    return reply;
}

uint8_t MemoryCard::readReply(uint8_t tx, bool& ack, bool& done) {
    State& s = state_;
    uint8_t step = s.step++;
    ack = true;
    switch (step) {
    case 2: return 0x5a;
    case 3: return 0x5d;
    case 4: s.sectorMsb = tx; return 0x00;
    case 5: s.sector = uint16_t((s.sectorMsb << 8) | tx); return s.previous;
    case 6: return 0x5c;
    case 7: return 0x5d;
    case 8: return s.sector > 0x3ff ? 0xff : uint8_t(s.sector >> 8);
    case 9:
        if (s.sector > 0x3ff) { // Sony cards end the transfer here
            ack = false;
            done = true;
            return 0xff;
        }
        s.checksum = uint8_t((s.sector >> 8) ^ (s.sector & 0xff));
        return uint8_t(s.sector & 0xff);
    default: break;
    }
    if (step >= 10 && step < 10 + 128) {
        uint8_t v = journal_->sector(s.sector)[step - 10];
        s.checksum ^= v;
        return v;
    }
    if (step == 10 + 128) return s.checksum;
    ack = false; // the end byte is the last: no /ACK
    done = true;
    return 0x47;
}

uint8_t MemoryCard::writeReply(uint8_t tx, bool& ack, bool& done) {
    State& s = state_;
    uint8_t step = s.step++;
    ack = true;
    switch (step) {
    case 2: return 0x5a;
    case 3: return 0x5d;
    case 4: s.sectorMsb = tx; return 0x00;
    case 5:
        s.sector = uint16_t((s.sectorMsb << 8) | tx);
        s.checksum = uint8_t(s.sectorMsb ^ tx);
        return s.previous;
    default: break;
    }
    if (step >= 6 && step < 6 + 128) {
        s.buffer[step - 6] = tx;
        s.checksum ^= tx;
        return s.previous;
    }
    if (step == 6 + 128) { // the checksum byte: keep whether it matched
        s.checksum = s.checksum == tx ? 1 : 0;
        return s.previous;
    }
    if (step == 6 + 129) return 0x5c;
    if (step == 6 + 130) return 0x5d;
    ack = false;
    done = true;
    if (s.sector > 0x3ff) return 0xff;
    if (!s.checksum) return 0x4e;
    s.flag &= uint8_t(~kFlagFresh);
    if (!journal_->writeSector(s.sector, s.buffer, scheduler_.now() / kCyclesPerFrame, error_))
        s.flag |= 0x04; // reported on the next command, as the hardware does
    return 0x47;
}

uint8_t MemoryCard::idReply(bool& ack, bool& done) {
    static constexpr uint8_t kReply[8] = {0x5a, 0x5d, 0x5c, 0x5d, 0x04, 0x00, 0x00, 0x80};
    uint8_t step = state_.step++;
    ack = step < 9;
    if (step >= 9) {
        done = true;
        return kReply[7];
    }
    return kReply[std::min<int>(step - 2, 7)];
}

void MemoryCard::serialize(savestate::StateIO& io) {
    // Version 2: named fields; version 1 stored the packed State (138 bytes), then the
    // journal position and generation.
    uint32_t version = io.beginSection("memcard", 2);
    auto fields = [&] {
        io.field("step", state_.step);
        io.field("command", state_.command);
        io.field("flag", state_.flag);
        io.field("checksum", state_.checksum);
        io.field("previous", state_.previous);
        io.field("sectorMsb", state_.sectorMsb);
        io.field("sector", state_.sector);
        io.field("buffer", state_.buffer);
    };
    io.record(state_, version, 2, 138, fields);
    // A saved position is noted as held by a savestate (journal compaction keeps its records).
    uint32_t position = !journal_      ? 0
                        : io.reading() ? journal_->position()
                                       : journal_->savestatePosition();
    uint64_t generation = journal_ ? journal_->generation() : 0;
    if (version >= 2) {
        io.field("journalPosition", position);
        io.field("journalGeneration", generation);
    } else {
        io.value(position);
        io.value(generation);
    }
    io.endSection();
    // The machine state is already being loaded here (a scratch machine checked it first), so a
    // journal that cannot go to the position (another card, or merged since) keeps its contents
    // and says why in lastError() rather than failing half-way.
    if (io.reading() && io.ok() && inserted() && position != journal_->position()) {
        if (generation != journal_->generation())
            error_ = "the savestate's memory card position is from before the card was merged";
        else if (!journal_->rollbackTo(position, error_))
            error_ = "memory card: " + error_;
    }
}

} // namespace core
