#pragma once
// Memory cards as parent + differencing journal (DESIGN.md §4). The card image (the parent) is
// never written while a game runs; each sector write is appended to a journal beside it. The
// journal is a tree: every record names the record it follows, so rolling back to a savestate's
// position keeps the rolled-back writes as a branch that can be restored ("undo load"). The
// journal is merged into the parent on commit() and on a clean close; a torn or corrupt record
// is detected by its checksum and ignored, never applied.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace savestate {

class MemoryCardJournal {
  public:
    static constexpr size_t kSectorSize = 128; // one "frame" (controllersandmemorycards.md)
    static constexpr size_t kSectors = 1024;
    static constexpr size_t kCardSize = kSectorSize * kSectors; // 128 KiB

    MemoryCardJournal() = default;
    ~MemoryCardJournal();
    MemoryCardJournal(const MemoryCardJournal&) = delete;
    MemoryCardJournal& operator=(const MemoryCardJournal&) = delete;

    // Opens `cardPath` (created formatted when missing) and `cardPath + ".journal"`, replaying
    // every intact record of the current branch.
    bool open(const std::string& cardPath, std::string& error);
    bool isOpen() const { return open_; }
    const std::string& path() const { return cardPath_; }

    const uint8_t* sector(uint32_t index) const {
        return &image_[(index % kSectors) * kSectorSize];
    }
    std::span<const uint8_t> image() const { return image_; }

    // Whether each appended record is forced to the disk before writeSector() returns (the
    // default). Off, a record is handed to the OS at once (a crash of the emulator loses
    // nothing) and forced to the disk by sync(), commit() or close(); a power loss may lose the
    // newest records but never applies a torn one. The emulation thread then never waits for
    // the disk (DESIGN.md §4: savestates and cards never stall the game).
    void setSyncEachWrite(bool sync) { syncEachWrite_ = sync; }
    bool sync(std::string& error);

    // Appends a write of one sector (made at emulated frame `frame`) and applies it.
    bool writeSector(uint32_t index, const uint8_t* data, uint64_t frame, std::string& error);

    // The journal position a savestate records: the sequence number of the newest applied
    // record (0 = the parent as it is).
    uint32_t position() const { return head_; }
    // Which parent this journal belongs to (changes on commit): a savestate from before a
    // commit cannot roll the card back past it.
    uint64_t generation() const { return generation_; }
    // Rolls the card back (or forward) to `position`; the writes that are no longer applied
    // stay in the journal. The previous position is remembered for undoRollback().
    bool rollbackTo(uint32_t position, std::string& error);
    bool undoRollback(std::string& error);

    // Merges the current card into the parent image and starts an empty journal. A crash at
    // any point leaves the old card or the new one (records are whole sectors, so replaying a
    // journal over an already-merged parent gives the same card).
    bool commit(std::string& error);
    // Commits and closes (a clean close).
    bool close(std::string& error);

    // A freshly formatted card: header frame "MC", 15 free directory entries, no broken sectors.
    static std::vector<uint8_t> formattedCard();

    size_t recordCount() const { return records_.size(); }
    size_t ignoredRecords() const { return ignored_; }

  private:
    struct Record {
        uint32_t seq = 0, parent = 0;
        uint64_t frame = 0;
        uint16_t sector = 0;
        std::array<uint8_t, kSectorSize> data{};
    };
    bool rebuild(uint32_t head, std::string& error);
    bool writeJournalHeader(std::string& error);
    const Record* find(uint32_t seq) const;

    bool open_ = false;
    std::string cardPath_, journalPath_;
    std::vector<uint8_t> parent_, image_;
    std::vector<Record> records_;
    uint32_t head_ = 0, undoHead_ = 0, nextSeq_ = 1;
    uint64_t generation_ = 0;
    size_t ignored_ = 0;
    int fd_ = -1;
    bool syncEachWrite_ = true;
};

} // namespace savestate
