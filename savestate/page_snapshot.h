#pragma once
// Copy-on-write capture of emulated memory (DESIGN.md §4). A snapshot is a list of immutable
// 4 KiB pages shared by reference: consecutive snapshots share every page that was not written
// in between, and a capture in progress lets the game keep running — the emulation thread
// copies a page only when it is about to write it, and a worker copies the rest.
//
// A region is cut into pages by a PageLayout: main RAM in linear 4 KiB runs, VRAM in 2-D tiles
// (a rectangle drawn touches few tiles, so few pages are dirty per frame).
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace savestate {

constexpr size_t kSnapshotPageSize = 4096;
using PageData = std::array<uint8_t, kSnapshotPageSize>;
using PageRef = std::shared_ptr<const PageData>;

// Page p of a region is `rows` runs of `runBytes` bytes, `stride` bytes apart; pages are
// numbered left to right (stride / runBytes across), then down. Linear: one 4 KiB run.
struct PageLayout {
    size_t runBytes = kSnapshotPageSize;
    size_t rows = 1;
    size_t stride = kSnapshotPageSize;
    static PageLayout linear() { return {}; }
    // Tiles of `tileBytesWide` x `tileRows` in a region whose rows are `stride` bytes.
    static PageLayout tiles(size_t tileBytesWide, size_t tileRows, size_t stride) {
        return {tileBytesWide, tileRows, stride};
    }
    bool isLinear() const { return rows == 1 && runBytes == stride; }
    size_t offsetOf(size_t page) const {
        size_t across = stride / runBytes;
        return (page / across) * rows * stride + (page % across) * runBytes;
    }
    // Copies page `page` of the region at `region` (`size` bytes) into `dst` (4 KiB; a
    // partial last linear page is zero-filled), or back.
    void gather(const uint8_t* region, size_t size, size_t page, uint8_t* dst) const;
    void scatter(const uint8_t* src, size_t page, uint8_t* region, size_t size) const;
};

// A captured memory region.
struct RegionImage {
    std::vector<PageRef> pages;
    size_t size = 0;
    PageLayout layout;
    // Pages that alias a buffer kept alive by `owner` (no copy): a decoded state file.
    static RegionImage fromBuffer(std::shared_ptr<const std::vector<uint8_t>> owner, size_t offset,
                                  size_t size);
    // Pages copied from `data`.
    static RegionImage copyOf(const uint8_t* data, size_t size, PageLayout layout = {});
    // The region's bytes, in their own order (a layout's tiles put back in place).
    void copyTo(uint8_t* dst) const;
    void copyPageTo(size_t page, uint8_t* dst) const; // the page's 4 KiB as stored
    // Pages not shared with `other` (what a rewind delta costs).
    size_t pagesNotIn(const RegionImage& other) const;
};

class CowCapture {
  public:
    // Captures `size` bytes at `live`. Pages marked clean in `dirty` (not written since
    // `previous` was captured) are shared with `previous` at once; the others are pending.
    CowCapture(const uint8_t* live, size_t size, const RegionImage* previous = nullptr,
               const std::vector<bool>* dirty = nullptr, PageLayout layout = {});
    // The same, sharing with a capture that may still be in progress: a clean page that
    // `previous` has not captured yet is pending here too (nobody waits for anybody).
    // `dirty`: one flag per page.
    CowCapture(const uint8_t* live, size_t size, PageLayout layout, const CowCapture* previous,
               const bool* dirty);
    // A finished capture holding `image` (a snapshot decoded from a file or unpacked).
    explicit CowCapture(RegionImage image);

    // Pending pages: the owner sets a write intercept on each before the game resumes.
    const std::vector<uint32_t>& pendingPages() const { return pending_; }
    size_t pageCount() const { return count_; }

    // Emulation thread, before writing page `page` of the live region: makes sure the
    // snapshot holds the page's old contents. Never waits for a worker that is copying the
    // same page: it copies the page itself and the worker's copy is dropped.
    void beforeWrite(size_t page);
    // Emulation thread: captures every page still pending (never waits for the worker).
    void captureAllNow();
    // Worker thread: captures every page still pending (the emulation thread may take any
    // page over). Then complete() may still be false for an instant.
    void captureRemaining();
    bool complete() const { return remaining_.load(std::memory_order_acquire) == 0; }
    // The page if it is captured already, else null (any thread).
    PageRef pageIfCaptured(size_t page) const;
    // Once complete: the snapshot.
    const RegionImage& image() const { return image_; }
    RegionImage take() const { return image_; }

  private:
    // kCopying: the worker copies into a buffer of its own; whoever moves the page on to
    // kInstalling publishes its copy.
    enum : uint8_t { kPending, kCopying, kInstalling, kDone };
    void install(size_t page, std::shared_ptr<PageData> data);
    std::shared_ptr<PageData> copyPage(size_t page) const;

    const uint8_t* live_;
    size_t count_; // page count
    RegionImage image_;
    std::unique_ptr<std::atomic<uint8_t>[]> state_;
    std::vector<uint32_t> pending_;
    std::atomic<size_t> remaining_{0};
};

} // namespace savestate
