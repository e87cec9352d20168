#pragma once
// Observers of a memory's page table (DESIGN.md §4): the snapshot manager today (copy-on-write
// captures, pending restores), code invalidation for a recompiler or a debugger's watchpoints
// later. Shared by core::PageTable (RAM, sound RAM) and gpu::VramPages, so it lives here (both
// may include savestate/, neither includes the other).
//
// A page's flag byte holds the dirty-tracking bit and, per observer slot, a write-intercept and
// a read-intercept bit. An access tests the byte against zero (or against kAnyRead on a read)
// and takes the slow path only when a bit is set, so more observers cost nothing while their
// bits are clear. The slow path calls, in slot order, every observer whose bit matches the
// access; each observer clears its own bits when it is done with the page.
#include <cstdint>
#include <functional>

namespace savestate {

struct PageBits {
    static constexpr int kSlots = 3;
    static constexpr uint8_t kTrackDirty = 1 << 0; // first write marks the page dirty
    static constexpr uint8_t write(int slot) { return uint8_t(2u << (2 * slot)); }
    static constexpr uint8_t read(int slot) { return uint8_t(4u << (2 * slot)); }
    static constexpr uint8_t kAnyWrite = 0x2a; // write(0..2)
    static constexpr uint8_t kAnyRead = 0x54;  // read(0..2)
    static constexpr uint8_t slotBits(int slot) { return write(slot) | read(slot); }
};
static_assert(PageBits::kAnyWrite ==
              (PageBits::write(0) | PageBits::write(1) | PageBits::write(2)));
static_assert(PageBits::kAnyRead == (PageBits::read(0) | PageBits::read(1) | PageBits::read(2)));
static_assert((PageBits::kAnyWrite & PageBits::kAnyRead) == 0);
static_assert(((PageBits::kAnyWrite | PageBits::kAnyRead) & PageBits::kTrackDirty) == 0);

class PageObservers {
  public:
    // Called with the page and whether the access is a write, before the access; it must clear
    // the bits of its slot that it has dealt with.
    using Hook = std::function<void(uint32_t page, bool write)>;

    // Takes the first free slot; returns it, or -1 when every slot is taken.
    int add(Hook hook) {
        for (int s = 0; s < PageBits::kSlots; ++s)
            if (!hooks_[s]) {
                hooks_[s] = std::move(hook);
                return s;
            }
        return -1;
    }
    // Frees the slot (its bits must be cleared by the caller: see clearSlot of the table).
    void remove(int slot) {
        if (slot >= 0 && slot < PageBits::kSlots) hooks_[slot] = nullptr;
    }
    void set(int slot, Hook hook) { hooks_[slot] = std::move(hook); }
    bool used(int slot) const { return bool(hooks_[slot]); }

    // Slow path of an access to a page whose flag byte `flags` has intercept bits. Returns the
    // bits of slots without an observer that matched (the table clears them).
    uint8_t dispatch(const uint8_t& flags, uint32_t page, bool write) const {
        uint8_t orphaned = 0;
        for (int s = 0; s < PageBits::kSlots; ++s) {
            uint8_t mine = PageBits::read(s) | (write ? PageBits::write(s) : 0);
            if (!(flags & mine)) continue;
            if (hooks_[s])
                hooks_[s](page, write);
            else
                orphaned |= PageBits::slotBits(s);
        }
        return orphaned;
    }

  private:
    Hook hooks_[PageBits::kSlots];
};

} // namespace savestate
