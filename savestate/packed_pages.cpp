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
    std::vector<size_t> changed;
    for (size_t p = 0; p < image.pages.size(); ++p) {
        const PageRef& page = image.pages[p];
        if (comparable &&
            (lastRaw_.pages[p] == page ||
             std::memcmp(lastRaw_.pages[p]->data(), page->data(), kSnapshotPageSize) == 0))
            out.pages[p] = lastPacked_.pages[p];
        else
            changed.push_back(p);
    }
    if (!changed.empty()) {
        std::vector<uint8_t> raw(changed.size() * kSnapshotPageSize);
        for (size_t i = 0; i < changed.size(); ++i)
            std::memcpy(raw.data() + i * kSnapshotPageSize, image.pages[changed[i]]->data(),
                        kSnapshotPageSize);
        std::vector<uint8_t> z(ZSTD_compressBound(raw.size()));
        size_t n = ZSTD_compressCCtx(static_cast<ZSTD_CCtx*>(cctx_), z.data(), z.size(), raw.data(),
                                     raw.size(), level_);
        if (ZSTD_isError(n)) // cannot happen with a bound-sized buffer; keep the pages raw
            z = std::move(raw);
        else
            z.resize(n);
        z.shrink_to_fit();
        auto group = std::make_shared<const PackedPage>(std::move(z), total_);
        for (size_t i = 0; i < changed.size(); ++i)
            out.pages[changed[i]] = PackedSlot{group, uint32_t(i)};
        compressed_ += changed.size();
    }
    lastRaw_ = image;
    lastPacked_ = out;
    return out;
}

RegionImage PagePacker::unpack(const PackedImage& packed) {
    RegionImage image;
    image.size = packed.size;
    image.pages.reserve(packed.pages.size());
    // Each group is decompressed once, however many pages come from it.
    std::vector<std::pair<const PackedPage*, std::shared_ptr<std::vector<uint8_t>>>> groups;
    for (const PackedSlot& slot : packed.pages) {
        const PackedPage* g = slot.group.get();
        std::shared_ptr<std::vector<uint8_t>> raw;
        for (auto& [key, value] : groups)
            if (key == g) raw = value;
        if (!raw) {
            const std::vector<uint8_t>& z = g->data();
            unsigned long long n = ZSTD_getFrameContentSize(z.data(), z.size());
            raw = std::make_shared<std::vector<uint8_t>>();
            if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN) {
                *raw = z; // stored raw
            } else {
                raw->resize(size_t(n));
                size_t got = ZSTD_decompress(raw->data(), raw->size(), z.data(), z.size());
                if (ZSTD_isError(got)) raw->assign(raw->size(), 0);
            }
            groups.emplace_back(g, raw);
        }
        auto page = std::make_shared<PageData>();
        size_t at = size_t(slot.index) * kSnapshotPageSize;
        if (at + kSnapshotPageSize <= raw->size())
            std::memcpy(page->data(), raw->data() + at, kSnapshotPageSize);
        else
            page->fill(0);
        image.pages.push_back(std::move(page));
    }
    return image;
}

} // namespace savestate
