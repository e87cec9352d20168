#include "savestate/memcard_journal.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "savestate/state_file.h"
#include "savestate/state_io.h"

// Journal file layout (little-endian):
//   header: "SKJMCJ01" | u64 generation (hash of the parent it was started on)
//   records, each kRecordSize bytes:
//     u32 'MCJR' | u32 seq | u32 parent seq | u16 sector | u16 zero | u64 frame |
//     128 data bytes | u64 checksum of everything before it in the record
// Records are only ever appended (and fsync'd); a record that fails its checksum (a torn write
// at a crash, or damage) ends the readable journal, and the file is rewritten without it.

namespace savestate {

namespace {
constexpr char kJournalMagic[8] = {'S', 'K', 'J', 'M', 'C', 'J', '0', '1'};
constexpr uint32_t kRecordMagic = 0x524a434d; // "MCJR"
constexpr size_t kHeaderSize = 16;
constexpr size_t kRecordBody = 4 + 4 + 4 + 2 + 2 + 8 + MemoryCardJournal::kSectorSize;
constexpr size_t kRecordSize = kRecordBody + 8;

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
    // Records are appended in sequence order, so seq N is at index N-1 unless some were
    // dropped as damaged; fall back to a search then.
    if (seq >= 1 && seq <= records_.size() && records_[seq - 1].seq == seq)
        return &records_[seq - 1];
    for (const auto& r : records_)
        if (r.seq == seq) return &r;
    return nullptr;
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

bool MemoryCardJournal::writeJournalHeader(std::string& error) {
    uint8_t header[kHeaderSize];
    std::memcpy(header, kJournalMagic, 8);
    std::memcpy(header + 8, &generation_, 8);
    std::vector<uint8_t> file(header, header + kHeaderSize);
    for (const auto& r : records_) {
        uint8_t rec[kRecordSize] = {};
        uint16_t sector = r.sector;
        std::memcpy(rec, &kRecordMagic, 4);
        std::memcpy(rec + 4, &r.seq, 4);
        std::memcpy(rec + 8, &r.parent, 4);
        std::memcpy(rec + 12, &sector, 2);
        std::memcpy(rec + 16, &r.frame, 8);
        std::memcpy(rec + 24, r.data.data(), kSectorSize);
        uint64_t sum = hash64(rec, kRecordBody);
        std::memcpy(rec + kRecordBody, &sum, 8);
        file.insert(file.end(), rec, rec + kRecordSize);
    }
    if (fd_ >= 0) ::close(fd_), fd_ = -1;
    if (!writeFileAtomic(journalPath_, file, error)) return false;
    fd_ = ::open(journalPath_.c_str(), O_WRONLY | O_APPEND);
    if (fd_ < 0) {
        error = "cannot open " + journalPath_ + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

bool MemoryCardJournal::open(const std::string& cardPath, std::string& error) {
    cardPath_ = cardPath;
    journalPath_ = cardPath + ".journal";
    records_.clear();
    ignored_ = 0;
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
    if (::access(journalPath_.c_str(), F_OK) == 0) {
        if (!readWholeFile(journalPath_, data, error)) return false;
        if (data.size() >= kHeaderSize && std::memcmp(data.data(), kJournalMagic, 8) == 0) {
            size_t at = kHeaderSize;
            for (; at + kRecordSize <= data.size(); at += kRecordSize) {
                const uint8_t* rec = &data[at];
                uint32_t magic;
                uint64_t sum;
                std::memcpy(&magic, rec, 4);
                std::memcpy(&sum, rec + kRecordBody, 8);
                Record r;
                std::memcpy(&r.seq, rec + 4, 4);
                std::memcpy(&r.parent, rec + 8, 4);
                std::memcpy(&r.sector, rec + 12, 2);
                std::memcpy(&r.frame, rec + 16, 8);
                bool parentKnown = r.parent == 0 || find(r.parent) != nullptr;
                if (magic != kRecordMagic || sum != hash64(rec, kRecordBody) ||
                    r.sector >= kSectors || r.seq < nextSeq_ || !parentKnown)
                    break; // torn or damaged: ignore it and everything after it
                std::memcpy(r.data.data(), rec + 24, kSectorSize);
                records_.push_back(r);
                nextSeq_ = r.seq + 1;
            }
            ignored_ =
                (data.size() - at) / kRecordSize + ((data.size() - at) % kRecordSize ? 1 : 0);
            rewrite = ignored_ != 0;
        } else {
            ignored_ = 1;
        }
    }
    // The newest record is the head of the current branch.
    uint32_t head = records_.empty() ? 0 : records_.back().seq;
    if (!rebuild(head, error)) return false;
    if (rewrite) {
        if (!writeJournalHeader(error)) return false;
    } else {
        fd_ = ::open(journalPath_.c_str(), O_WRONLY | O_APPEND);
        if (fd_ < 0) {
            error = "cannot open " + journalPath_ + ": " + std::strerror(errno);
            return false;
        }
    }
    undoHead_ = head_;
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
    r.seq = nextSeq_++;
    r.parent = head_;
    r.sector = static_cast<uint16_t>(index % kSectors);
    r.frame = frame;
    std::memcpy(r.data.data(), data, kSectorSize);

    uint8_t rec[kRecordSize] = {};
    std::memcpy(rec, &kRecordMagic, 4);
    std::memcpy(rec + 4, &r.seq, 4);
    std::memcpy(rec + 8, &r.parent, 4);
    std::memcpy(rec + 12, &r.sector, 2);
    std::memcpy(rec + 16, &r.frame, 8);
    std::memcpy(rec + 24, data, kSectorSize);
    uint64_t sum = hash64(rec, kRecordBody);
    std::memcpy(rec + kRecordBody, &sum, 8);
    if (!writeAll(fd_, rec, kRecordSize) || (syncEachWrite_ && ::fdatasync(fd_) != 0)) {
        error = "cannot append to " + journalPath_ + ": " + std::strerror(errno);
        return false;
    }
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

bool MemoryCardJournal::rollbackTo(uint32_t position, std::string& error) {
    uint32_t before = head_;
    if (!rebuild(position, error)) return false;
    undoHead_ = before;
    return true;
}

bool MemoryCardJournal::undoRollback(std::string& error) {
    return rollbackTo(undoHead_, error);
}

bool MemoryCardJournal::commit(std::string& error) {
    if (!open_) return true;
    if (!writeFileAtomic(cardPath_, image_, error)) return false;
    parent_ = image_;
    generation_ = hash64(parent_.data(), parent_.size());
    records_.clear();
    head_ = undoHead_ = 0;
    nextSeq_ = 1;
    return writeJournalHeader(error);
}

bool MemoryCardJournal::close(std::string& error) {
    if (!open_) return true;
    bool ok = commit(error);
    if (fd_ >= 0) ::close(fd_), fd_ = -1;
    if (ok) ::unlink(journalPath_.c_str());
    open_ = false;
    return ok;
}

} // namespace savestate
