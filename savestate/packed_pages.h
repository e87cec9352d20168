#pragma once
// Compressed page images for the rewind ring (DESIGN.md §4): a snapshot every frame stays cheap
// because each snapshot stores only the pages that changed since the one before it, compressed;
// unchanged pages are shared with the previous snapshot by reference.
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "savestate/page_snapshot.h"

namespace savestate {

// The pages one pack() call had to store, compressed together (pages of one snapshot look
// alike, so one zstd frame for all of them is much smaller than one per page). While it lives,
// its footprint counts in the packer's total.
class PackedPage {
  public:
    PackedPage(std::vector<uint8_t> z, std::shared_ptr<std::atomic<size_t>> total);
    ~PackedPage();
    PackedPage(const PackedPage&) = delete;
    PackedPage& operator=(const PackedPage&) = delete;
    const std::vector<uint8_t>& data() const { return z_; }
    size_t footprint() const { return z_.capacity() + sizeof(*this) + 32; }

  private:
    std::vector<uint8_t> z_;
    std::shared_ptr<std::atomic<size_t>> total_;
};
using PackedPageRef = std::shared_ptr<const PackedPage>;

struct PackedSlot {
    PackedPageRef group;
    uint32_t index = 0; // page `index` of the group
};

struct PackedImage {
    std::vector<PackedSlot> pages;
    size_t size = 0;
};

// Packs a sequence of images of one region. Not thread-safe: one thread packs.
class PagePacker {
  public:
    explicit PagePacker(int level = 3);
    ~PagePacker();
    PagePacker(const PagePacker&) = delete;
    PagePacker& operator=(const PagePacker&) = delete;

    // A page equal to the same page of the image packed last (the same PageRef, or the same
    // bytes) reuses its packed form; the others are compressed together into one group.
    PackedImage pack(const RegionImage& image);
    // Forgets the previous image (the next pack shares nothing).
    void resetHistory();
    // Bytes held by every packed page of this packer still alive (all images).
    size_t liveBytes() const { return total_->load(std::memory_order_relaxed); }
    size_t pagesCompressed() const { return compressed_; }

    static RegionImage unpack(const PackedImage& packed);

  private:
    void* cctx_;
    int level_;
    RegionImage lastRaw_;
    PackedImage lastPacked_;
    std::shared_ptr<std::atomic<size_t>> total_;
    size_t compressed_ = 0;
};

} // namespace savestate
