#pragma once
// Copy-on-write capture of emulated memory (DESIGN.md §4). A snapshot is a list of immutable
// 4 KiB pages shared by reference: consecutive snapshots share every page that was not written
// in between, and a capture in progress lets the game keep running — the emulation thread
// copies a page only when it is about to write it, and a worker copies the rest.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace savestate {

constexpr size_t kSnapshotPageSize = 4096;
using PageData = std::array<uint8_t, kSnapshotPageSize>;
using PageRef = std::shared_ptr<const PageData>;

// A captured memory region.
struct RegionImage {
    std::vector<PageRef> pages;
    size_t size = 0;
    // Pages that alias a buffer kept alive by `owner` (no copy): a decoded state file.
    static RegionImage fromBuffer(std::shared_ptr<const std::vector<uint8_t>> owner, size_t offset,
                                  size_t size);
    // Pages copied from `data`.
    static RegionImage copyOf(const uint8_t* data, size_t size);
    void copyTo(uint8_t* dst) const;
    void copyPageTo(size_t page, uint8_t* dst) const;
    // Pages not shared with `other` (what a rewind delta costs).
    size_t pagesNotIn(const RegionImage& other) const;
};

class CowCapture {
  public:
    // Captures `size` bytes at `live`. Pages marked clean in `dirty` (not written since
    // `previous` was captured) are shared with `previous` at once; the others are pending.
    CowCapture(const uint8_t* live, size_t size, const RegionImage* previous = nullptr,
               const std::vector<bool>* dirty = nullptr);

    // Pending pages: the owner sets a write intercept on each before the game resumes.
    const std::vector<uint32_t>& pendingPages() const { return pending_; }

    // Emulation thread, before writing page `page` of the live region: makes sure the
    // snapshot holds the page's old contents.
    void beforeWrite(size_t page);
    // Worker thread: captures every page still pending.
    void captureRemaining();
    bool complete() const { return remaining_.load(std::memory_order_acquire) == 0; }
    // Once complete: the snapshot.
    RegionImage take();

  private:
    enum : uint8_t { kPending, kCopying, kDone };
    void capture(size_t page);

    const uint8_t* live_;
    size_t size_;
    size_t count_; // page count; beforeWrite() reads this, never pages_ (take() may move it)
    std::vector<PageRef> pages_;
    std::unique_ptr<std::atomic<uint8_t>[]> state_;
    std::vector<uint32_t> pending_;
    std::atomic<size_t> remaining_{0};
};

} // namespace savestate
