#include "savestate/packed_pages.h"

#include <zstd.h>

#include <cstring>

namespace savestate {

PackedPage::PackedPage(std::vector<uint8_t> z, std::shared_ptr<std::atomic<size_t>> total)
    : z_(std::move(z)), total_(std::move(total)) {
    total_->fetch_add(footprint(), std::memory_order_relaxed);
}

PackedPage::~PackedPage() {
    total_->fetch_sub(footprint(), std::memory_order_relaxed);
}

PagePacker::PagePacker(int level)
    : cctx_(ZSTD_createCCtx()), level_(level), total_(std::make_shared<std::atomic<size_t>>(0)) {}

PagePacker::~PagePacker() {
    ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(cctx_));
}

void PagePacker::resetHistory() {
    lastRaw_ = {};
    lastPacked_ = {};
}

PackedImage PagePacker::pack(const RegionImage& image) {
    PackedImage out;
    out.size = image.size;
    out.pages.resize(image.pages.size());
    bool comparable = lastRaw_.pages.size() == image.pages.size();
    std::vector<uint8_t> buf(ZSTD_compressBound(kSnapshotPageSize));
    for (size_t p = 0; p < image.pages.size(); ++p) {
        const PageRef& page = image.pages[p];
        if (comparable &&
            (lastRaw_.pages[p] == page ||
             std::memcmp(lastRaw_.pages[p]->data(), page->data(), kSnapshotPageSize) == 0)) {
            out.pages[p] = lastPacked_.pages[p];
            continue;
        }
        size_t n = ZSTD_compressCCtx(static_cast<ZSTD_CCtx*>(cctx_), buf.data(), buf.size(),
                                     page->data(), kSnapshotPageSize, level_);
        std::vector<uint8_t> z;
        if (ZSTD_isError(n)) // cannot happen with a bound-sized buffer; keep the page raw
            z.assign(page->begin(), page->end());
        else
            z.assign(buf.begin(), buf.begin() + long(n));
        out.pages[p] = std::make_shared<const PackedPage>(std::move(z), total_);
        ++compressed_;
    }
    lastRaw_ = image;
    lastPacked_ = out;
    return out;
}

RegionImage PagePacker::unpack(const PackedImage& packed) {
    RegionImage image;
    image.size = packed.size;
    image.pages.reserve(packed.pages.size());
    for (const PackedPageRef& z : packed.pages) {
        auto page = std::make_shared<PageData>();
        size_t n = ZSTD_decompress(page->data(), page->size(), z->data().data(), z->data().size());
        if (ZSTD_isError(n) || n != kSnapshotPageSize) {
            if (z->data().size() == kSnapshotPageSize) // stored raw
                std::memcpy(page->data(), z->data().data(), kSnapshotPageSize);
            else
                page->fill(0);
        }
        image.pages.push_back(std::move(page));
    }
    return image;
}

} // namespace savestate
