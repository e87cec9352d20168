#pragma once
// The page table a memory keeps for savestates (DESIGN.md §4): per 4 KiB page, flags that
// send an access to the slow path, dirty bits since trackDirty(), and the hook the snapshot
// manager installs for copy-on-write captures and pending restores. Main RAM (Bus) and sound
// RAM (Spu) each own one; the accessors test flags() (or flagTable() in the CPU's fast path)
// and call touched() only when a flag is set.
#include <array>
#include <cstdint>
#include <functional>

namespace core {

// A zero flag byte means the fast path owns the page.
struct PageFlag {
    enum : uint8_t {
        kTrackDirty = 1 << 0,     // first write marks the page dirty, then clears this flag
        kInterceptWrite = 1 << 1, // call the page hook before a write (copy-on-write)
        kInterceptRead = 1 << 2,  // call the page hook before a read (pending restore)
    };
};

// Called with the page number and whether the access is a write; it must clear the intercept
// flag(s) it has dealt with.
using PageHook = std::function<void(uint32_t page, bool write)>;

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
    void setHook(PageHook hook) { hook_ = std::move(hook); }

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

    // Slow path of an access to a page with flags set.
    void touched(uint32_t page, bool write) {
        uint8_t f = flags_[page];
        if ((f & PageFlag::kInterceptRead) || (write && (f & PageFlag::kInterceptWrite))) {
            if (hook_)
                hook_(page, write);
            else
                flags_[page] &=
                    static_cast<uint8_t>(~(PageFlag::kInterceptRead | PageFlag::kInterceptWrite));
        }
        if (write && (flags_[page] & PageFlag::kTrackDirty)) {
            dirty_[page] = true;
            flags_[page] &= static_cast<uint8_t>(~PageFlag::kTrackDirty);
        }
    }

  private:
    std::array<uint8_t, kPages> flags_{};
    std::array<bool, kPages> dirty_{};
    PageHook hook_;
};

} // namespace core
