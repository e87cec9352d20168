#pragma once
// Memory cards as parent + differencing journal (DESIGN.md §4). The card image (the parent) is
// never written while a game runs; each sector write is appended to a journal beside it. The
// journal is a tree: every record names the record it follows, so rolling back to a savestate's
// position keeps the rolled-back writes as a branch that can be restored ("undo load"). The
// journal is merged into the parent on commit() and on a clean close; a torn or corrupt record
// is detected by its checksum and ignored, never applied.
//
// Head moves are durable: rollbackTo()/undoRollback() append a small head-move record (the new
// head and the undo target), so after a crash open() puts the head where the last intact record
// (a write or a head move) left it — the card the user had, never a rolled-back branch and never
// a mix.
//
// Compaction (dead branches, e.g. run-ahead's speculative writes, which are written and rolled
// back every frame): a write record is live when it is an ancestor of (or is) the head, the undo
// target, a position a savestate recorded this session (savestatePosition()), or a record that
// was already in the journal when it was opened (savestate files of an earlier session may name
// it). Every other write record is dead — no savestate can name it — and every head-move record
// but the newest is obsolete. When dead + obsolete records outnumber max(kCompactMinGarbage,
// live records), the journal file is rewritten (atomically: old or new file after a crash, both
// giving the same card) with the live records only; positions (sequence numbers) never change.
// The file so stays within about twice its live records plus kCompactMinGarbage.
//
// Speculation (run-ahead's frames that are run and then taken back): between
// beginSpeculation() and endSpeculation() writes and head moves change the card and the
// in-memory records only; nothing is written to the journal file and compaction does not run,
// so a speculative write costs no disk I/O and a crash during speculation reopens with the
// card from before it.
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
    // position(), noting that a savestate holds it: compaction keeps the records it needs for
    // the rest of the session. Savestate captures call this instead of position().
    uint32_t savestatePosition();
    // Which parent this journal belongs to (changes on commit): a savestate from before a
    // commit cannot roll the card back past it.
    uint64_t generation() const { return generation_; }
    // Rolls the card back (or forward) to `position`; the writes that are no longer applied
    // stay in the journal. The previous position is remembered for undoRollback(). The move is
    // a journal record (forced to the disk under the same rule as writes, setSyncEachWrite), so
    // a crash after it reopens at `position`; undoRollback() also works after such a reopen.
    // On failure the card and the head are unchanged.
    bool rollbackTo(uint32_t position, std::string& error);
    bool undoRollback(std::string& error);

    // Merges the current card into the parent image and starts an empty journal. A crash at
    // any point leaves the old card or the new one (records are whole sectors, so replaying a
    // journal over an already-merged parent gives the same card).
    bool commit(std::string& error);
    // Commits and closes (a clean close).
    bool close(std::string& error);

    // Speculation (see the top of this file). Sequence numbers advance as usual and are not
    // handed out again after endSpeculation(), so positions recorded before
    // beginSpeculation() stay valid and a position recorded during speculation can never name
    // a later record: it names a dropped one, and rolling back to it fails with an error.
    // Savestates a front end keeps must therefore be captured outside speculation (RunAhead
    // restores only the snapshot it took before beginSpeculation()).
    // endSpeculation() drops every record made since beginSpeculation() and puts the head, the
    // undo target and the card back as they were then, writing no head-move record; a restore
    // of a savestate captured before beginSpeculation() then finds the head where it expects
    // it and does not move it. Both are no-ops when not (or already) speculating. commit()
    // fails while speculating; close() ends speculation first (dropping its writes).
    void beginSpeculation();
    void endSpeculation();
    bool speculating() const { return speculating_; }

    // A freshly formatted card: header frame "MC", 15 free directory entries, no broken sectors.
    static std::vector<uint8_t> formattedCard();

    // Write records held (head-move records are not counted).
    size_t recordCount() const { return records_.size(); }
    // Records ignored at open() as torn or damaged (an estimate when several: at least 1 when
    // anything was ignored).
    size_t ignoredRecords() const { return ignored_; }
    // Head-move records in the journal file, and how many times it was compacted this session.
    size_t headMoveRecords() const { return headMoves_; }
    size_t compactions() const { return compactions_; }
    // Compaction starts once this many records are dead or obsolete (and more than are live).
    static constexpr size_t kCompactMinGarbage = 256;

  private:
    struct Record {
        uint32_t seq = 0, parent = 0;
        uint64_t frame = 0;
        uint16_t sector = 0;
        bool keep = false; // named by a savestate, or older than this session
        std::array<uint8_t, kSectorSize> data{};
    };
    bool rebuild(uint32_t head, std::string& error);
    // Rewrites the journal file: header, the write records, one head-move record.
    bool rewriteJournal(std::string& error);
    bool append(const uint8_t* bytes, size_t size, std::string& error);
    bool appendHeadMove(uint32_t head, uint32_t undo, std::string& error);
    bool moveHead(uint32_t position, uint32_t undo, std::string& error);
    void maybeCompact();
    const Record* find(uint32_t seq) const;
    Record* find(uint32_t seq) {
        return const_cast<Record*>(static_cast<const MemoryCardJournal*>(this)->find(seq));
    }

    bool open_ = false;
    std::string cardPath_, journalPath_;
    std::vector<uint8_t> parent_, image_;
    std::vector<Record> records_;
    uint32_t head_ = 0, undoHead_ = 0, nextSeq_ = 1;
    uint64_t generation_ = 0;
    size_t ignored_ = 0;
    size_t headMoves_ = 0, compactions_ = 0;
    size_t compactCheckAt_ = 0; // records_ + headMoves_ at which to look for garbage again
    uint64_t fileSize_ = 0;     // bytes of whole records in the file (a failed append is cut)
    int fd_ = -1;
    bool syncEachWrite_ = true;
    // Speculation: the state at beginSpeculation() (records_ only grows while speculating).
    bool speculating_ = false, specChanged_ = false;
    size_t specRecords_ = 0;
    uint32_t specHead_ = 0, specUndo_ = 0;
};

} // namespace savestate
