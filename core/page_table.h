#pragma once
// The page table a memory keeps for savestates (DESIGN.md §4): per 4 KiB page, flags that
// send an access to the slow path, dirty bits since trackDirty(), and the observers
// (savestate/page_observers.h) that intercept accesses: the snapshot manager for copy-on-write
// captures and pending restores, later code invalidation. Main RAM (Bus) and sound RAM (Spu)
// each own one; a write tests flags() (or flagTable() in the CPU's fast path) against zero, a
// read against PageFlag::kAnyRead, and calls touched() only when a bit is set.
#include <array>
#include <cstdint>
#include <functional>

#include "savestate/page_observers.h"

namespace core {

// A zero flag byte means the fast path owns the page.
struct PageFlag {
    enum : uint8_t {
        kTrackDirty = savestate::PageBits::kTrackDirty, // first write marks the page dirty
        // Observer slot 0 (setHook()): call it before a write (copy-on-write) or any access
        // (pending restore). Other slots: savestate::PageBits::write(slot) / read(slot).
        kInterceptWrite = savestate::PageBits::write(0),
        kInterceptRead = savestate::PageBits::read(0),
        kAnyRead = savestate::PageBits::kAnyRead, // some observer intercepts reads
    };
};

// Called with the page number and whether the access is a write; it must clear the intercept
// flag(s) of its slot it has dealt with.
using PageHook = savestate::PageObservers::Hook;

template <uint32_t kPages> class PageTable {
  public:
    static constexpr uint32_t kCount = kPages;

    void reset() {
        flags_.fill(0);
        dirty_.fill(false);
    }
    uint8_t flags(uint32_t page) const { return flags_[page]; }
    const uint8_t* flagTable() const { return flags_.data(); }
    void setFlags(uint32_t page, uint8_t flags) { flags_[page] = flags; }
    void orFlags(uint8_t flags) {
        for (auto& f : flags_)
            f |= flags;
    }
    // Observer slot 0 (tests; the snapshot manager takes a slot through observers().add()).
    void setHook(PageHook hook) { observers_.set(0, std::move(hook)); }
    savestate::PageObservers& observers() { return observers_; }
    // Clears `bits` on every page (an observer leaving).
    void clearBits(uint8_t bits) {
        for (auto& f : flags_)
            f &= static_cast<uint8_t>(~bits);
    }

    bool dirty(uint32_t page) const { return dirty_[page]; }
    const bool* dirtyPages() const { return dirty_.data(); }
    void clearDirty() { dirty_.fill(false); }
    // Every page counts as written (a load replaced the whole memory).
    void markAllDirty() { dirty_.fill(true); }
    // Starts dirty tracking of every page from now on.
    void trackDirty() {
        dirty_.fill(false);
        for (auto& f : flags_)
            f |= PageFlag::kTrackDirty;
    }

    // Slow path of an access to a page with flags set. Kept out of line: inlined into the
    // CPU's memory fast paths, the observer loop costs the interpreter ~10% (callgrind).
    [[gnu::noinline]] void touched(uint32_t page, bool write) {
        uint8_t f = flags_[page];
        if (f & (write ? uint8_t(savestate::PageBits::kAnyRead | savestate::PageBits::kAnyWrite)
                       : uint8_t(savestate::PageBits::kAnyRead)))
            flags_[page] &= static_cast<uint8_t>(~observers_.dispatch(flags_[page], page, write));
        if (write && (flags_[page] & PageFlag::kTrackDirty)) {
            dirty_[page] = true;
            flags_[page] &= static_cast<uint8_t>(~PageFlag::kTrackDirty);
        }
    }

  private:
    std::array<uint8_t, kPages> flags_{};
    std::array<bool, kPages> dirty_{};
    savestate::PageObservers observers_;
};

} // namespace core
