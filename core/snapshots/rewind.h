#pragma once
// Rewind (DESIGN.md §4): a snapshot every `interval` frames kept as compressed dirty-page
// deltas (every memory region's pages and 4 KiB chunks of the rest of the state), memory
// bounded by `budgetBytes` (oldest dropped first).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "savestate/packed_pages.h"

namespace core {

class System;

class Rewind {
  public:
    Rewind(System& system, unsigned interval, size_t budgetBytes);
    ~Rewind();
    // Call once per frame boundary.
    void frame();
    // Steps back `steps` snapshots (1 = the newest) and restores it; false when there is none.
    bool rewind(unsigned steps = 1);
    size_t entries();
    size_t memoryBytes(); // packed pages alive
    // The same, by part: RAM pages, VRAM tiles, the rest (device state, other regions).
    void memoryBreakdown(size_t& ram, size_t& vram, size_t& other);
    void setBudget(size_t bytes) { budget_ = bytes; }

  private:
    struct Region {
        savestate::PackedImage image;
        size_t at = SIZE_MAX; // where it goes back into the state (SIZE_MAX: not stored)
    };
    struct Entry {
        uint64_t frame = 0;
        savestate::PackedImage rest; // the state without the regions
        size_t restSize = 0;
        size_t devicesEnd = 0;
        std::vector<Region> regions;
    };
    void trim();
    size_t packedBytes() const;
    System& system_;
    unsigned interval_;
    size_t budget_;
    unsigned counter_ = 0;
    // Shared with the worker (which packs in order): guarded by mutex_.
    std::mutex mutex_;
    std::deque<Entry> entries_;
    savestate::PagePacker restPacker_;
    // One per region: a page a snapshot shares with the one before is the same page here too
    // (no compare, no compression).
    std::vector<std::unique_ptr<savestate::PagePacker>> regionPackers_;
};

} // namespace core
