#include "savestate/page_snapshot.h"

#include <cstring>
#include <thread>

namespace savestate {

void RegionImage::copyTo(uint8_t* dst) const {
    for (size_t p = 0; p < pages.size(); ++p)
        copyPageTo(p, dst + p * kSnapshotPageSize);
}

void RegionImage::copyPageTo(size_t page, uint8_t* dst) const {
    size_t n = std::min(kSnapshotPageSize, size - page * kSnapshotPageSize);
    std::memcpy(dst, pages[page]->data(), n);
}

RegionImage RegionImage::fromBuffer(std::shared_ptr<const std::vector<uint8_t>> owner,
                                    size_t offset, size_t size) {
    RegionImage image;
    image.size = size;
    size_t full = size / kSnapshotPageSize;
    for (size_t p = 0; p < full; ++p) // aliasing shared_ptr: the page keeps `owner` alive
        image.pages.emplace_back(owner, reinterpret_cast<const PageData*>(owner->data() + offset +
                                                                          p * kSnapshotPageSize));
    if (size % kSnapshotPageSize) { // a partial last page is copied and zero-filled
        auto last = std::make_shared<PageData>();
        last->fill(0);
        std::memcpy(last->data(), owner->data() + offset + full * kSnapshotPageSize,
                    size % kSnapshotPageSize);
        image.pages.push_back(std::move(last));
    }
    return image;
}

RegionImage RegionImage::copyOf(const uint8_t* data, size_t size) {
    RegionImage image;
    image.size = size;
    for (size_t at = 0; at < size; at += kSnapshotPageSize) {
        auto page = std::make_shared<PageData>();
        size_t n = std::min(kSnapshotPageSize, size - at);
        std::memcpy(page->data(), data + at, n);
        if (n < kSnapshotPageSize) std::memset(page->data() + n, 0, kSnapshotPageSize - n);
        image.pages.push_back(std::move(page));
    }
    return image;
}

size_t RegionImage::pagesNotIn(const RegionImage& other) const {
    size_t n = 0;
    for (size_t p = 0; p < pages.size(); ++p)
        n += (p >= other.pages.size() || other.pages[p] != pages[p]) ? 1 : 0;
    return n;
}

CowCapture::CowCapture(const uint8_t* live, size_t size, const RegionImage* previous,
                       const std::vector<bool>* dirty)
    : live_(live), size_(size), count_((size + kSnapshotPageSize - 1) / kSnapshotPageSize) {
    size_t count = count_;
    pages_.resize(count);
    state_ = std::make_unique<std::atomic<uint8_t>[]>(count);
    bool canShare = previous && dirty && previous->pages.size() == count && dirty->size() >= count;
    for (size_t p = 0; p < count; ++p) {
        if (canShare && !(*dirty)[p] && previous->pages[p]) {
            pages_[p] = previous->pages[p];
            state_[p].store(kDone, std::memory_order_relaxed);
        } else {
            state_[p].store(kPending, std::memory_order_relaxed);
            pending_.push_back(uint32_t(p));
        }
    }
    remaining_.store(pending_.size(), std::memory_order_release);
}

void CowCapture::capture(size_t page) {
    auto data = std::make_shared<PageData>();
    size_t n = std::min(kSnapshotPageSize, size_ - page * kSnapshotPageSize);
    std::memcpy(data->data(), live_ + page * kSnapshotPageSize, n);
    if (n < kSnapshotPageSize) std::memset(data->data() + n, 0, kSnapshotPageSize - n);
    pages_[page] = std::move(data);
    state_[page].store(kDone, std::memory_order_release);
    remaining_.fetch_sub(1, std::memory_order_acq_rel);
}

void CowCapture::beforeWrite(size_t page) {
    if (page >= count_) return;
    uint8_t expected = kPending;
    if (state_[page].compare_exchange_strong(expected, kCopying, std::memory_order_acq_rel)) {
        capture(page);
        return;
    }
    // The worker is copying it right now: the write must wait for the old contents.
    while (state_[page].load(std::memory_order_acquire) != kDone)
        std::this_thread::yield();
}

void CowCapture::captureRemaining() {
    for (uint32_t page : pending_) {
        uint8_t expected = kPending;
        if (state_[page].compare_exchange_strong(expected, kCopying, std::memory_order_acq_rel))
            capture(page);
    }
}

RegionImage CowCapture::take() {
    RegionImage image;
    image.size = size_;
    image.pages = std::move(pages_);
    return image;
}

} // namespace savestate
