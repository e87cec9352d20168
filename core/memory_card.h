#pragma once
// A memory card on an SIO0 port (controllersandmemorycards.md "Memory Card Read/Write
// Commands"): address 81h, then Read (52h), Write (57h) or Get ID (53h), with the FLAG byte and
// /ACK after every byte but the last. The card's data lives in a savestate::MemoryCardJournal
// (DESIGN.md §4): the parent image is never written while the game runs, each sector write is a
// journal record, and a savestate records the journal position so loading it rolls the card
// back with the machine.
#include <cstdint>
#include <type_traits>

#include "core/device.h"
#include "core/scheduler.h"
#include "savestate/memcard_journal.h"
#include "savestate/state_io.h"

namespace core {

class MemoryCard {
  public:
    static constexpr uint8_t kAddress = 0x81;
    // FLAG byte: bit 3 = directory not read yet (set at power-up/insertion, cleared by a write),
    // bit 2 = write error.
    static constexpr uint8_t kFlagFresh = 0x08;
    // "IRQ7 circa 1500 cycles after sending a byte (from the begin of the first bit)"; after
    // the 7th byte of Read, circa 31000 more (Sony cards).
    static constexpr Cycles kAckFromByteStart = 1500;
    static constexpr Cycles kReadExtraDelay = 31000;

    struct State {
        uint8_t step;    // byte index within the transfer (0 = idle)
        uint8_t command; // 'R', 'W', 'S'
        uint8_t flag;
        uint8_t checksum;
        uint8_t previous; // last byte received ("pre" replies)
        uint8_t sectorMsb;
        uint16_t sector;
        uint8_t buffer[128]; // sector being written
        uint8_t pad[2];
    };
    static_assert(std::is_trivially_copyable_v<State>);

    explicit MemoryCard(Scheduler& scheduler) : scheduler_(scheduler) { reset(); }
    // Reached through SIO0 (core/sio0.h), so no ports of its own: the "memcard" section.
    DeviceInfo describe();
    void reset();
    // The backing store; null = no card in the slot. The journal outlives the card's use.
    void insert(savestate::MemoryCardJournal* journal);
    bool inserted() const { return journal_ != nullptr && journal_->isOpen(); }
    savestate::MemoryCardJournal* journal() const { return journal_; }
    // Run-ahead's speculative frames (MemoryCardJournal::beginSpeculation()): card writes
    // change the card in memory only, and endSpeculation() drops them and puts the card back
    // as it was. No-ops without a card; insert() ends a speculation the card began.
    void beginSpeculation();
    void endSpeculation();

    // SIO0 byte exchange while the card is selected (the first call gets the address byte).
    // Returns the reply; `ack` and `ackDelay` (cycles after the byte ended) say whether and when
    // /ACK pulses; `done` says the card released the line (later bytes read FFh).
    uint8_t exchange(uint8_t tx, Cycles byteCycles, bool& ack, Cycles& ackDelay, bool& done);
    void deselect() { state_.step = 0; }

    const State& state() const { return state_; }
    // Saves the protocol state and the journal position; loading rolls the journal back (or
    // forward) to the saved position when the journal is the same card generation.
    void serialize(savestate::StateIO& io);
    // Why the last journal write or savestate rollback failed ("" when none since
    // clearError()); the front end reports it and clears it.
    const std::string& lastError() const { return error_; }
    void clearError() { error_.clear(); }

  private:
    uint8_t readReply(uint8_t tx, bool& ack, bool& done);
    uint8_t writeReply(uint8_t tx, bool& ack, bool& done);
    uint8_t idReply(bool& ack, bool& done);

    Scheduler& scheduler_;
    savestate::MemoryCardJournal* journal_ = nullptr;
    savestate::MemoryCardJournal* speculating_ = nullptr; // the journal this card began on
    State state_{};
    std::string error_;
};

} // namespace core
