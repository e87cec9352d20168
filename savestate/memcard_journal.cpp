#include "savestate/memcard_journal.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "savestate/state_file.h"
#include "savestate/state_io.h"

// Journal file layout (little-endian):
//   header: "SKJMCJ02" | u64 generation (hash of the parent it was started on)
//   records, each one of:
//     write (kRecordSize bytes): u32 'MCJR' | u32 seq | u32 parent seq | u16 sector | u16 zero |
//       u64 frame | 128 data bytes | u64 checksum of everything before it in the record
//     head move (kHeadMoveSize bytes): u32 'MCJH' | u32 seq | u32 head | u32 undo target |
//       u64 checksum of everything before it in the record
// Sequence numbers rise strictly through the file (writes and head moves share them; a
// position is the seq of a write record). The head is where the last record puts it: a write
// makes itself the head, a head move names the head and the undo target. Records are only ever
// appended (and fdatasync'd under setSyncEachWrite); a record that is cut short, fails its
// checksum or names an unknown record (a torn write at a crash, or damage) ends the readable
// journal, and the file is rewritten without it. Version 1 ("SKJMCJ01", write records only, the
// newest write is the head) is still read, and rewritten as version 2 when opened.

namespace savestate {

namespace {
constexpr char kJournalMagicV1[8] = {'S', 'K', 'J', 'M', 'C', 'J', '0', '1'};
constexpr char kJournalMagic[8] = {'S', 'K', 'J', 'M', 'C', 'J', '0', '2'};
constexpr uint32_t kRecordMagic = 0x524a434d;   // "MCJR"
constexpr uint32_t kHeadMoveMagic = 0x484a434d; // "MCJH"
constexpr size_t kHeaderSize = 16;
constexpr size_t kRecordBody = 4 + 4 + 4 + 2 + 2 + 8 + MemoryCardJournal::kSectorSize;
constexpr size_t kRecordSize = kRecordBody + 8;
constexpr size_t kHeadMoveBody = 4 + 4 + 4 + 4;
constexpr size_t kHeadMoveSize = kHeadMoveBody + 8;

uint8_t frameChecksum(const uint8_t* frame) {
    uint8_t x = 0;
    for (size_t i = 0; i < 127; ++i)
        x ^= frame[i];
    return x;
}

bool writeAll(int fd, const uint8_t* p, size_t n) {
    while (n) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w, n -= size_t(w);
    }
    return true;
}

void encodeWrite(uint32_t seq, uint32_t parent, uint16_t sector, uint64_t frame,
                 const uint8_t* data, uint8_t* rec) {
    std::memset(rec, 0, kRecordSize);
    std::memcpy(rec, &kRecordMagic, 4);
    std::memcpy(rec + 4, &seq, 4);
    std::memcpy(rec + 8, &parent, 4);
    std::memcpy(rec + 12, &sector, 2);
    std::memcpy(rec + 16, &frame, 8);
    std::memcpy(rec + 24, data, MemoryCardJournal::kSectorSize);
    uint64_t sum = hash64(rec, kRecordBody);
    std::memcpy(rec + kRecordBody, &sum, 8);
}

void encodeHeadMove(uint32_t seq, uint32_t head, uint32_t undo, uint8_t* rec) {
    std::memcpy(rec, &kHeadMoveMagic, 4);
    std::memcpy(rec + 4, &seq, 4);
    std::memcpy(rec + 8, &head, 4);
    std::memcpy(rec + 12, &undo, 4);
    uint64_t sum = hash64(rec, kHeadMoveBody);
    std::memcpy(rec + kHeadMoveBody, &sum, 8);
}
} // namespace

std::vector<uint8_t> MemoryCardJournal::formattedCard() {
    std::vector<uint8_t> card(kCardSize, 0);
    auto frame = [&](size_t n) { return &card[n * kSectorSize]; };
    frame(0)[0] = 'M', frame(0)[1] = 'C';
    frame(0)[127] = frameChecksum(frame(0));
    for (size_t i = 1; i <= 15; ++i) { // directory: free, freshly formatted
        uint8_t* f = frame(i);
        f[0] = 0xa0;
        f[8] = 0xff, f[9] = 0xff; // no next block
        f[127] = frameChecksum(f);
    }
    for (size_t i = 16; i <= 35; ++i) { // broken sector list: none
        uint8_t* f = frame(i);
        std::memset(f, 0xff, 4);
        f[127] = frameChecksum(f);
    }
    for (size_t i = 36; i <= 62; ++i)
        std::memset(frame(i), 0xff, kSectorSize);
    std::memcpy(frame(63), frame(0), kSectorSize); // write test frame
    return card;
}

MemoryCardJournal::~MemoryCardJournal() {
    if (fd_ >= 0) ::close(fd_);
}

const MemoryCardJournal::Record* MemoryCardJournal::find(uint32_t seq) const {
    // Records stay in rising sequence order (appended so; compaction only removes some).
    auto it = std::lower_bound(records_.begin(), records_.end(), seq,
                               [](const Record& r, uint32_t s) { return r.seq < s; });
    return it != records_.end() && it->seq == seq ? &*it : nullptr;
}

bool MemoryCardJournal::rebuild(uint32_t head, std::string& error) {
    std::vector<const Record*> chain;
    for (uint32_t s = head; s != 0;) {
        const Record* r = find(s);
        if (!r) {
            error = "memory card journal has no record " + std::to_string(s);
            return false;
        }
        chain.push_back(r);
        s = r->parent;
    }
    image_ = parent_;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        std::memcpy(&image_[(*it)->sector * kSectorSize], (*it)->data.data(), kSectorSize);
    head_ = head;
    return true;
}

bool MemoryCardJournal::rewriteJournal(std::string& error) {
    std::vector<uint8_t> file(kHeaderSize + records_.size() * kRecordSize +
                              (records_.empty() ? 0 : kHeadMoveSize));
    std::memcpy(file.data(), kJournalMagic, 8);
    std::memcpy(file.data() + 8, &generation_, 8);
    uint8_t* at = file.data() + kHeaderSize;
    for (const auto& r : records_) {
        encodeWrite(r.seq, r.parent, r.sector, r.frame, r.data.data(), at);
        at += kRecordSize;
    }
    // The head and the undo target as they are now (the newest write need not be the head).
    if (!records_.empty()) encodeHeadMove(nextSeq_++, head_, undoHead_, at);
    if (!writeFileAtomic(journalPath_, file, error)) return false; // the old file stays
    if (fd_ >= 0) ::close(fd_), fd_ = -1;
    fd_ = ::open(journalPath_.c_str(), O_WRONLY | O_APPEND);
    if (fd_ < 0) {
        error = "cannot open " + journalPath_ + ": " + std::strerror(errno);
        return false;
    }
    fileSize_ = file.size();
    headMoves_ = records_.empty() ? 0 : 1;
    return true;
}

bool MemoryCardJournal::append(const uint8_t* bytes, size_t size, std::string& error) {
    if (fd_ < 0) {
        error = "memory card journal " + journalPath_ + " is not open";
        return false;
    }
    if (!writeAll(fd_, bytes, size) || (syncEachWrite_ && ::fdatasync(fd_) != 0)) {
        error = "cannot append to " + journalPath_ + ": " + std::strerror(errno);
        // Cut a partly written record off, so that later records do not follow a torn one
        // (open() stops reading at the first torn record).
        if (::ftruncate(fd_, off_t(fileSize_)) != 0) {
        }
        return false;
    }
    fileSize_ += size;
    return true;
}

bool MemoryCardJournal::open(const std::string& cardPath, std::string& error) {
    cardPath_ = cardPath;
    journalPath_ = cardPath + ".journal";
    records_.clear();
    open_ = false;
    speculating_ = specChanged_ = false;
    ignored_ = 0;
    headMoves_ = compactions_ = compactCheckAt_ = 0;
    fileSize_ = 0;
    nextSeq_ = 1;
    if (fd_ >= 0) ::close(fd_), fd_ = -1;
    std::vector<uint8_t> data;
    if (::access(cardPath.c_str(), F_OK) != 0) {
        parent_ = formattedCard();
        if (!writeFileAtomic(cardPath, parent_, error)) return false;
    } else {
        if (!readWholeFile(cardPath, parent_, error)) return false;
        if (parent_.size() != kCardSize) {
            error = cardPath + " is not a 128 KiB memory card image (" +
                    std::to_string(parent_.size()) + " bytes)";
            return false;
        }
    }
    generation_ = hash64(parent_.data(), parent_.size());

    bool rewrite = true;
    uint32_t head = 0, undo = 0;
    bool undoKnown = false;
    if (::access(journalPath_.c_str(), F_OK) == 0) {
        if (!readWholeFile(journalPath_, data, error)) return false;
        const bool v2 =
            data.size() >= kHeaderSize && std::memcmp(data.data(), kJournalMagic, 8) == 0;
        const bool v1 =
            data.size() >= kHeaderSize && std::memcmp(data.data(), kJournalMagicV1, 8) == 0;
        if (v1 || v2) {
            size_t at = kHeaderSize;
            while (data.size() - at >= 4) {
                const uint8_t* rec = &data[at];
                const size_t left = data.size() - at;
                uint32_t magic, seq;
                uint64_t sum;
                std::memcpy(&magic, rec, 4);
                if (magic == kRecordMagic) {
                    if (left < kRecordSize) break; // cut short
                    std::memcpy(&sum, rec + kRecordBody, 8);
                    Record r;
                    std::memcpy(&r.seq, rec + 4, 4);
                    std::memcpy(&r.parent, rec + 8, 4);
                    std::memcpy(&r.sector, rec + 12, 2);
                    std::memcpy(&r.frame, rec + 16, 8);
                    bool parentKnown = r.parent == 0 || find(r.parent) != nullptr;
                    if (sum != hash64(rec, kRecordBody) || r.sector >= kSectors ||
                        r.seq < nextSeq_ || r.seq == UINT32_MAX || !parentKnown)
                        break; // torn or damaged: ignore it and everything after it
                    std::memcpy(r.data.data(), rec + 24, kSectorSize);
                    r.keep = true; // a savestate file of an earlier session may name it
                    records_.push_back(r);
                    nextSeq_ = r.seq + 1;
                    head = r.seq;
                    at += kRecordSize;
                } else if (v2 && magic == kHeadMoveMagic) {
                    if (left < kHeadMoveSize) break;
                    uint32_t target, undoTarget;
                    std::memcpy(&seq, rec + 4, 4);
                    std::memcpy(&target, rec + 8, 4);
                    std::memcpy(&undoTarget, rec + 12, 4);
                    std::memcpy(&sum, rec + kHeadMoveBody, 8);
                    if (sum != hash64(rec, kHeadMoveBody) || seq < nextSeq_ || seq == UINT32_MAX ||
                        (target != 0 && !find(target)) || (undoTarget != 0 && !find(undoTarget)))
                        break;
                    head = target;
                    undo = undoTarget;
                    undoKnown = true;
                    nextSeq_ = seq + 1;
                    ++headMoves_;
                    at += kHeadMoveSize;
                } else {
                    break;
                }
            }
            const size_t rest = data.size() - at;
            ignored_ = rest == 0 ? 0 : std::max<size_t>(1, (rest + kRecordSize - 1) / kRecordSize);
            rewrite = ignored_ != 0 || !v2; // an old journal becomes version 2 at once
            fileSize_ = at;
        } else {
            ignored_ = 1;
        }
    }
    // The last intact record decides the head (a version 1 journal: the newest write).
    if (!rebuild(head, error)) return false;
    undoHead_ = undoKnown ? undo : head_;
    if (rewrite) {
        if (!rewriteJournal(error)) return false;
    } else {
        fd_ = ::open(journalPath_.c_str(), O_WRONLY | O_APPEND);
        if (fd_ < 0) {
            error = "cannot open " + journalPath_ + ": " + std::strerror(errno);
            return false;
        }
    }
    open_ = true;
    return true;
}

bool MemoryCardJournal::writeSector(uint32_t index, const uint8_t* data, uint64_t frame,
                                    std::string& error) {
    if (!open_) {
        error = "memory card is not open";
        return false;
    }
    Record r;
    r.seq = nextSeq_;
    r.parent = head_;
    r.sector = static_cast<uint16_t>(index % kSectors);
    r.frame = frame;
    std::memcpy(r.data.data(), data, kSectorSize);
    if (speculating_) {
        specChanged_ = true; // in memory only: endSpeculation() drops it
    } else {
        uint8_t rec[kRecordSize];
        encodeWrite(r.seq, r.parent, r.sector, r.frame, data, rec);
        if (!append(rec, kRecordSize, error)) return false;
    }
    ++nextSeq_;
    records_.push_back(r);
    std::memcpy(&image_[r.sector * kSectorSize], data, kSectorSize);
    head_ = r.seq;
    return true;
}

bool MemoryCardJournal::sync(std::string& error) {
    if (fd_ >= 0 && ::fdatasync(fd_) != 0) {
        error = "cannot sync " + journalPath_ + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

uint32_t MemoryCardJournal::savestatePosition() {
    if (Record* r = find(head_)) r->keep = true;
    return head_;
}

bool MemoryCardJournal::moveHead(uint32_t position, uint32_t undo, std::string& error) {
    if (!open_) {
        error = "memory card is not open";
        return false;
    }
    // Every record's parent is held (open() and compaction keep ancestors), so a known
    // position always rebuilds.
    if (position != 0 && !find(position)) {
        error = "memory card journal has no record " + std::to_string(position);
        return false;
    }
    if (position == head_ && undo == undoHead_) return true;
    if (speculating_) { // in memory only; endSpeculation() puts the head back
        specChanged_ = true;
        ++nextSeq_; // the seq a head-move record would have taken
        if (!rebuild(position, error)) return false;
        undoHead_ = undo;
        return true;
    }
    uint8_t rec[kHeadMoveSize];
    encodeHeadMove(nextSeq_, position, undo, rec);
    if (!append(rec, kHeadMoveSize, error)) return false; // the head stays where it is
    ++nextSeq_;
    ++headMoves_;
    if (!rebuild(position, error)) return false;
    undoHead_ = undo;
    maybeCompact();
    return true;
}

void MemoryCardJournal::beginSpeculation() {
    if (!open_ || speculating_) return;
    speculating_ = true;
    specChanged_ = false;
    specRecords_ = records_.size();
    specHead_ = head_;
    specUndo_ = undoHead_;
}

void MemoryCardJournal::endSpeculation() {
    if (!speculating_) return;
    speculating_ = false;
    if (!specChanged_) return;
    // Compaction does not run while speculating, so the records from before stay in front.
    records_.resize(specRecords_);
    std::string error;
    [[maybe_unused]] bool ok = rebuild(specHead_, error); // a record that was never dropped
    undoHead_ = specUndo_;
    specChanged_ = false;
}

bool MemoryCardJournal::rollbackTo(uint32_t position, std::string& error) {
    return moveHead(position, head_, error);
}

bool MemoryCardJournal::undoRollback(std::string& error) {
    return moveHead(undoHead_, head_, error);
}

void MemoryCardJournal::maybeCompact() {
    const size_t total = records_.size() + headMoves_;
    if (total < compactCheckAt_) return;
    // Live: the ancestors of the head, of the undo target and of every kept record. A parent
    // always has a lower sequence number, so one pass from the newest record marks them all.
    const size_t n = records_.size();
    std::vector<uint8_t> live(n, 0);
    auto indexOf = [&](uint32_t seq) -> size_t {
        const Record* r = find(seq);
        return r ? size_t(r - records_.data()) : n;
    };
    if (size_t i = indexOf(head_); i < n) live[i] = 1;
    if (size_t i = indexOf(undoHead_); i < n) live[i] = 1;
    size_t liveCount = 0;
    for (size_t i = n; i-- > 0;) {
        if (records_[i].keep) live[i] = 1;
        if (!live[i]) continue;
        ++liveCount;
        if (size_t p = indexOf(records_[i].parent); p < n) live[p] = 1;
    }
    const size_t garbage = (n - liveCount) + (headMoves_ > 0 ? headMoves_ - 1 : 0);
    const size_t bound = std::max(kCompactMinGarbage, liveCount);
    // Looking costs O(records): look again only after a share of the bound more records.
    compactCheckAt_ = total + bound / 4 + 1;
    if (garbage <= bound) return;
    std::vector<Record> kept;
    kept.reserve(liveCount);
    for (size_t i = 0; i < n; ++i)
        if (live[i]) kept.push_back(records_[i]);
    std::vector<Record> old = std::move(records_);
    records_ = std::move(kept);
    std::string error;
    if (!rewriteJournal(error)) { // keep appending to the old file; try again later
        records_ = std::move(old);
        return;
    }
    ++compactions_;
    compactCheckAt_ = records_.size() + headMoves_ + bound / 4 + 1;
}

bool MemoryCardJournal::commit(std::string& error) {
    if (!open_) return true;
    if (speculating_) { // the parent must never hold a speculative write
        error = "memory card " + cardPath_ + " cannot be merged during run-ahead speculation";
        return false;
    }
    // The journal must be on the disk before the parent changes: a crash between the two
    // replays it over the merged parent, which gives the same card only when it is whole.
    if (!sync(error)) return false;
    if (!writeFileAtomic(cardPath_, image_, error)) return false;
    parent_ = image_;
    generation_ = hash64(parent_.data(), parent_.size());
    records_.clear();
    head_ = undoHead_ = 0;
    nextSeq_ = 1;
    compactCheckAt_ = 0;
    return rewriteJournal(error);
}

bool MemoryCardJournal::close(std::string& error) {
    if (!open_) return true;
    endSpeculation(); // merge the real card, never a speculative one
    bool ok = commit(error);
    if (fd_ >= 0) ::close(fd_), fd_ = -1;
    if (ok) ::unlink(journalPath_.c_str());
    open_ = false;
    return ok;
}

} // namespace savestate
