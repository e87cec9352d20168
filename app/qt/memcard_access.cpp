#include "memcard_access.h"

#include <algorithm>

#include "core/memcard/card.h"
#include "savestate/memcard_journal.h"

namespace app {

bool applyCardEdit(savestate::MemoryCardJournal& journal, std::span<const uint8_t> base,
                   std::span<const uint8_t> edited, uint64_t frame, std::string& error) {
    if (!journal.isOpen()) {
        error = "the memory card is not open";
        return false;
    }
    if (base.size() != memcard::kCardSize || edited.size() != memcard::kCardSize) {
        error = "a memory card image has 131072 bytes";
        return false;
    }
    const auto current = journal.image();
    if (!std::equal(current.begin(), current.end(), base.begin(), base.end())) {
        error = "the card changed since it was read (the game wrote to it): nothing was "
                "changed, look at the card again";
        return false;
    }
    // File blocks first, the directory (block 0) last: a write that fails half way leaves a
    // new save's data without its directory entry, never an entry pointing at old data.
    std::vector<uint32_t> frames = memcard::changedFrames(base, edited);
    std::stable_partition(frames.begin(), frames.end(),
                          [](uint32_t f) { return f >= memcard::kFramesPerBlock; });
    for (uint32_t index : frames)
        if (!journal.writeSector(index, &edited[index * memcard::kFrameSize], frame, error))
            return false; // the frames written so far are whole journal records
    return true;
}

bool readCardThroughJournal(const std::string& path, std::vector<uint8_t>& image,
                            std::string& error) {
    savestate::MemoryCardJournal journal;
    if (!journal.open(path, error)) return false;
    image.assign(journal.image().begin(), journal.image().end());
    return journal.close(error);
}

bool editCardThroughJournal(const std::string& path, std::span<const uint8_t> base,
                            std::span<const uint8_t> edited, std::string& error) {
    savestate::MemoryCardJournal journal;
    if (!journal.open(path, error)) return false;
    const bool ok = applyCardEdit(journal, base, edited, 0, error);
    std::string closeError;
    if (!journal.close(closeError) && ok) {
        error = closeError;
        return false;
    }
    return ok;
}

} // namespace app
