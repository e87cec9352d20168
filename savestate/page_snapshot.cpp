#include "savestate/page_snapshot.h"

#include <cstring>
#include <thread>

namespace savestate {

void PageLayout::gather(const uint8_t* region, size_t size, size_t page, uint8_t* dst) const {
    size_t at = offsetOf(page);
    if (isLinear()) {
        size_t n = std::min(kSnapshotPageSize, size - at);
        std::memcpy(dst, region + at, n);
        if (n < kSnapshotPageSize) std::memset(dst + n, 0, kSnapshotPageSize - n);
        return;
    }
    for (size_t r = 0; r < rows; ++r)
        std::memcpy(dst + r * runBytes, region + at + r * stride, runBytes);
}

void PageLayout::scatter(const uint8_t* src, size_t page, uint8_t* region, size_t size) const {
    size_t at = offsetOf(page);
    if (isLinear()) {
        std::memcpy(region + at, src, std::min(kSnapshotPageSize, size - at));
        return;
    }
    for (size_t r = 0; r < rows; ++r)
        std::memcpy(region + at + r * stride, src + r * runBytes, runBytes);
}

void RegionImage::copyTo(uint8_t* dst) const {
    for (size_t p = 0; p < pages.size(); ++p)
        layout.scatter(pages[p]->data(), p, dst, size);
}

void RegionImage::copyPageTo(size_t page, uint8_t* dst) const {
    size_t n = layout.isLinear() ? std::min(kSnapshotPageSize, size - page * kSnapshotPageSize)
                                 : kSnapshotPageSize;
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

RegionImage RegionImage::copyOf(const uint8_t* data, size_t size, PageLayout layout) {
    RegionImage image;
    image.size = size;
    image.layout = layout;
    size_t count = (size + kSnapshotPageSize - 1) / kSnapshotPageSize;
    image.pages.reserve(count);
    for (size_t p = 0; p < count; ++p) {
        auto page = std::make_shared<PageData>();
        layout.gather(data, size, p, page->data());
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

// --- CowCapture ---------------------------------------------------------------------------------

CowCapture::CowCapture(const uint8_t* live, size_t size, const RegionImage* previous,
                       const std::vector<bool>* dirty, PageLayout layout)
    : live_(live), count_((size + kSnapshotPageSize - 1) / kSnapshotPageSize) {
    image_.size = size;
    image_.layout = layout;
    image_.pages.resize(count_);
    state_ = std::make_unique<std::atomic<uint8_t>[]>(count_);
    bool canShare =
        previous && dirty && previous->pages.size() == count_ && dirty->size() >= count_;
    pending_.reserve(count_);
    for (size_t p = 0; p < count_; ++p) {
        if (canShare && !(*dirty)[p] && previous->pages[p]) {
            image_.pages[p] = previous->pages[p];
            state_[p].store(kDone, std::memory_order_relaxed);
        } else {
            state_[p].store(kPending, std::memory_order_relaxed);
            pending_.push_back(uint32_t(p));
        }
    }
    remaining_.store(pending_.size(), std::memory_order_release);
}

CowCapture::CowCapture(const uint8_t* live, size_t size, PageLayout layout,
                       const CowCapture* previous, const bool* dirty)
    : live_(live), count_((size + kSnapshotPageSize - 1) / kSnapshotPageSize) {
    image_.size = size;
    image_.layout = layout;
    image_.pages.resize(count_);
    state_ = std::make_unique<std::atomic<uint8_t>[]>(count_);
    bool canShare = previous && dirty && previous->count_ == count_;
    bool previousDone = canShare && previous->complete(); // then no per-page check
    pending_.reserve(count_);
    for (size_t p = 0; p < count_; ++p) {
        bool share = canShare && !dirty[p];
        if (share && !previousDone)
            share = previous->state_[p].load(std::memory_order_acquire) == kDone;
        if (share) {
            image_.pages[p] = previous->image_.pages[p];
            state_[p].store(kDone, std::memory_order_relaxed);
        } else {
            state_[p].store(kPending, std::memory_order_relaxed);
            pending_.push_back(uint32_t(p));
        }
    }
    remaining_.store(pending_.size(), std::memory_order_release);
}

CowCapture::CowCapture(RegionImage image)
    : live_(nullptr), count_(image.pages.size()), image_(std::move(image)) {
    state_ = std::make_unique<std::atomic<uint8_t>[]>(count_);
    for (size_t p = 0; p < count_; ++p)
        state_[p].store(kDone, std::memory_order_relaxed);
}

PageRef CowCapture::pageIfCaptured(size_t page) const {
    if (page >= count_ || state_[page].load(std::memory_order_acquire) != kDone) return nullptr;
    return image_.pages[page]; // written once, before kDone was published
}

std::shared_ptr<PageData> CowCapture::copyPage(size_t page) const {
    auto data = std::make_shared<PageData>();
    image_.layout.gather(live_, image_.size, page, data->data());
    return data;
}

void CowCapture::install(size_t page, std::shared_ptr<PageData> data) {
    image_.pages[page] = std::move(data);
    state_[page].store(kDone, std::memory_order_release);
    remaining_.fetch_sub(1, std::memory_order_acq_rel);
}

void CowCapture::beforeWrite(size_t page) {
    if (page >= count_) return;
    std::atomic<uint8_t>& st = state_[page];
    uint8_t s = st.load(std::memory_order_acquire);
    while (s != kDone) {
        if (s == kPending) {
            if (st.compare_exchange_strong(s, kInstalling, std::memory_order_acq_rel)) {
                install(page, copyPage(page));
                return;
            }
            continue; // `s` holds the new state
        }
        if (s == kCopying) {
            // Only this thread writes the live page, so a copy made now is the old contents;
            // the worker copying it too loses the race and drops its copy.
            auto data = copyPage(page);
            if (st.compare_exchange_strong(s, kInstalling, std::memory_order_acq_rel)) {
                install(page, std::move(data));
                return;
            }
            continue; // `s` holds the new state
        }
        // kInstalling: the worker publishes its copy (a pointer store) right now.
        std::this_thread::yield();
        s = st.load(std::memory_order_acquire);
    }
}

void CowCapture::captureAllNow() {
    for (uint32_t page : pending_)
        beforeWrite(page);
}

void CowCapture::captureRemaining() {
    for (uint32_t page : pending_) {
        uint8_t expected = kPending;
        if (!state_[page].compare_exchange_strong(expected, kCopying, std::memory_order_acq_rel))
            continue;
        auto data = copyPage(page);
        expected = kCopying;
        if (state_[page].compare_exchange_strong(expected, kInstalling, std::memory_order_acq_rel))
            install(page, std::move(data));
        // else the emulation thread took the page over (its copy is the right one)
    }
}

} // namespace savestate
