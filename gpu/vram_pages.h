#pragma once
// VRAM's page table for savestates (DESIGN.md §4): VRAM cut into 256 pages of 4 KiB, each a
// tile of 64x32 pixels (16 across, 16 down), with a flag byte per page, like the bus's RAM page
// table. Every VRAM write path (the command records' execution, the deferred records' source
// swaps, reset, a state load, mutableVram()) calls beforeWrite() with the rectangles it is
// about to change — once per record, not per pixel — so a copy-on-write snapshot can save a
// page first and dirty tracking can tell which pages changed since a snapshot. Observers of
// writes (savestate/page_observers.h: the snapshot manager, later others) each own a slot.
#include <array>
#include <cstdint>
#include <functional>

#include "gpu/commands.h"
#include "savestate/page_observers.h"
#include "savestate/page_snapshot.h"

namespace gpu {

class VramPages {
  public:
    static constexpr int kTileWidth = 64, kTileHeight = 32; // pixels
    static constexpr int kColumns = kVramWidth / kTileWidth, kRows = kVramHeight / kTileHeight;
    static constexpr uint32_t kCount = uint32_t(kColumns * kRows);
    static_assert(kTileWidth * kTileHeight * 2 == savestate::kSnapshotPageSize);
    // How a snapshot cuts VRAM's bytes into pages (the same tiles).
    static savestate::PageLayout layout() {
        return savestate::PageLayout::tiles(kTileWidth * 2, kTileHeight, kVramWidth * 2);
    }

    enum Flag : uint8_t {
        // The first write marks the page dirty, then clears this flag.
        kTrackDirty = savestate::PageBits::kTrackDirty,
        // Observer slot 0 (setHook()): call it before the first write (copy-on-write); other
        // slots: savestate::PageBits::write(slot).
        kInterceptWrite = savestate::PageBits::write(0),
    };
    // Called on the thread that writes VRAM, before the page changes; it must clear its slot's
    // write bit (setFlags).
    using Hook = std::function<void(uint32_t page)>;

    // Observer slot 0 (tests; the snapshot manager takes a slot through observers().add()).
    void setHook(Hook hook) {
        observers_.set(0, hook ? savestate::PageObservers::Hook(
                                     [hook = std::move(hook)](uint32_t page, bool) { hook(page); })
                               : nullptr);
    }
    savestate::PageObservers& observers() { return observers_; }
    void clearBits(uint8_t bits) {
        for (uint32_t p = 0; p < kCount; ++p)
            setFlags(p, flags_[p] & uint8_t(~bits));
    }
    uint8_t flags(uint32_t page) const { return flags_[page]; }
    void setFlags(uint32_t page, uint8_t flags) {
        armed_ += (flags != 0) - (flags_[page] != 0);
        flags_[page] = flags;
    }
    bool dirty(uint32_t page) const { return dirty_[page]; }
    // True while some page has a flag (a snapshot or dirty tracking watches writes).
    bool armed() const { return armed_ != 0; }
    const bool* dirtyPages() const { return dirty_.data(); }
    // Clears every dirty mark and tracks every page from now on (keeps intercepts).
    void trackDirty();

    // Before pixels inside `rects` (VRAM coordinates, x1/y1 exclusive) change.
    void beforeWrite(const Rect* rects, int count) {
        if (armed_) touchRects(rects, count);
    }
    void beforeWritePage(uint32_t page) {
        if (flags_[page]) touch(page);
    }
    void beforeWriteAll();

  private:
    void touchRects(const Rect* rects, int count);
    void touch(uint32_t page);

    std::array<uint8_t, kCount> flags_{};
    std::array<bool, kCount> dirty_{};
    uint32_t armed_ = 0; // pages with a flag
    savestate::PageObservers observers_;
};

} // namespace gpu
