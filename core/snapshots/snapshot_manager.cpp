#include "core/snapshots/snapshot_manager.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/system.h"

// Invariants the code relies on (see the header for the protocol):
// - Live page p of a region equals baseline_'s page p unless the region's page table marked p
//   dirty since the baseline was taken or restored; a page of the lazy region pending restore
//   counts as equal (it will be).
// - A page the game may write has this manager's write intercept while any capture in
//   capturing_ may still lack it; a page of the lazy region has the read and write intercepts
//   while a restore has not brought it back.
// - Only the emulation thread writes live memory and the page tables; the worker reads live
//   memory solely through CowCapture, which the emulation thread's beforeWrite() keeps ahead of
//   (taking over a page the worker is copying rather than waiting for it).

namespace core {

namespace {
constexpr size_t kPage = savestate::kSnapshotPageSize;
} // namespace

SnapshotManager::SnapshotManager(System& system)
    : system_(system), regions_(system.memoryRegions()) {
    const size_t n = regions_.size();
    // Snapshot::Region names the first three regions System registers.
    const char* expected[] = {"ram", "vram", "spuram"};
    for (size_t r = 0; r < 3; ++r)
        if (r >= n || regions_[r].name != expected[r]) {
            std::fprintf(stderr, "snapshots: region %zu must be '%s'\n", r, expected[r]);
            std::abort();
        }
    slots_.assign(n, -1);
    capturePendingCount_.resize(n);
    stats_.regions.resize(n);
    for (size_t r = 0; r < n; ++r) {
        MemoryRegion& region = regions_[r];
        capturePendingCount_[r].assign(region.pageCount() + 1, 0);
        if (region.placement == MemoryRegion::Placement::kOwnSection) {
            if (lazy_ != kNone) {
                std::fprintf(stderr, "snapshots: only one region may have its own section\n");
                std::abort();
            }
            lazy_ = r;
            restorePending_.assign(region.pageCount(), 0);
        }
        slots_[r] = region.pages->observers().add(
            [this, r](uint32_t page, bool write) { onPageTouched(r, page, write); });
        if (slots_[r] < 0) {
            std::fprintf(stderr, "snapshots: region '%s' has no free observer slot\n",
                         region.name.c_str());
            std::abort();
        }
    }
}

SnapshotManager::~SnapshotManager() {
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        stopping_ = true;
    }
    queueCv_.notify_all();
    if (worker_.joinable()) worker_.join();
    for (size_t r = 0; r < regions_.size(); ++r) {
        regions_[r].pages->observers().remove(slots_[r]);
        regions_[r].pages->clearBits(savestate::PageBits::slotBits(slots_[r]));
    }
}

const SnapshotStats& SnapshotManager::stats() const {
    stats_.pagesShared = stats_.regions[Snapshot::kRam].shared;
    stats_.pagesCowCopied = stats_.regions[Snapshot::kRam].cowCopied;
    stats_.pagesRestored = stats_.regions[Snapshot::kRam].restored;
    stats_.vramPagesShared = stats_.regions[Snapshot::kVram].shared;
    stats_.vramPagesCowCopied = stats_.regions[Snapshot::kVram].cowCopied;
    stats_.vramPagesRestored = stats_.regions[Snapshot::kVram].restored;
    stats_.spuPagesShared = stats_.regions[Snapshot::kSpuRam].shared;
    stats_.spuPagesCowCopied = stats_.regions[Snapshot::kSpuRam].cowCopied;
    stats_.spuPagesRestored = stats_.regions[Snapshot::kSpuRam].restored;
    return stats_;
}

void SnapshotManager::count(size_t region, Count what, uint64_t n) {
    SnapshotStats::Region& s = stats_.regions[region];
    (what == Count::kShared ? s.shared : what == Count::kCowCopied ? s.cowCopied : s.restored) += n;
}

void SnapshotManager::frameStart() {
    if (pendingPages_ && autoPump_) pump(autoPump_);
}

void SnapshotManager::interceptWrites(size_t region, uint32_t page) {
    RegionPages& pages = *regions_[region].pages;
    pages.setFlags(page, pages.flags(page) | savestate::PageBits::write(slots_[region]));
}

void SnapshotManager::releasePage(size_t region, uint32_t page) {
    if (region == lazy_ && restorePending_[page]) return;
    RegionPages& pages = *regions_[region].pages;
    pages.setFlags(page,
                   pages.flags(page) & uint8_t(~savestate::PageBits::slotBits(slots_[region])));
}

// --- Capture ------------------------------------------------------------------------------------

SnapshotRef SnapshotManager::capture() {
    for (auto& hook : quiesceHooks_)
        hook();
    retireCaptures(false);
    const size_t n = regions_.size();
    auto snap = std::make_shared<Snapshot>(n);
    snap->frame_ = system_.frameCount();
    snap->pool_ = pool_;
    std::vector<uint8_t> buffer = pool_->take();
    if (buffer.capacity() < lastDevicesSize_ + 4096) buffer.reserve(lastDevicesSize_ + 4096);
    savestate::StateIO io = savestate::StateIO::writer(std::move(buffer));
    for (size_t r = 0; r < n; ++r)
        io.omitBlock(regions_[r].data, regions_[r].size);
    system_.serializeDevices(io); // the GPU executes its pending records here
    snap->devicesEnd_ = io.size();
    regions_.serializeOwnSections(io); // their headers; the memories themselves are omitted
    // A writer's block offsets count the bytes written before the block (omitted ones not):
    // offsets in partial_.
    for (size_t r = 0; r < n; ++r) {
        size_t at = io.blockOffset(regions_[r].data);
        snap->storedAt_[r] = at == savestate::StateIO::kNotOmitted ? Snapshot::kNotStored : at;
    }
    snap->partial_ = io.take();
    lastDevicesSize_ = snap->partial_.size();

    bool pending = false;
    for (size_t r = 0; r < n; ++r) {
        MemoryRegion& region = regions_[r];
        const savestate::CowCapture* previous = baseline_ ? baseline_->regions_[r].get() : nullptr;
        // A page the baseline has not captured yet is captured anew (nobody waits).
        auto cap = std::make_shared<savestate::CowCapture>(region.data, region.size, region.layout,
                                                           previous, region.pages->dirtyPages());
        const auto& list = cap->pendingPages();
        count(r, Count::kShared, region.pageCount() - list.size());
        for (uint32_t p : list) {
            ++capturePendingCount_[r][p];
            interceptWrites(r, p);
        }
        pending = pending || !list.empty();
        snap->regions_[r] = std::move(cap);
    }
    // The old baseline dies on the worker if nobody else holds it (freeing its pages is no
    // work for the emulation thread).
    if (baseline_) dying_.push_back(std::move(baseline_));
    if (pending) {
        capturing_.push_back(snap);
        postFirst([snap, dying = std::move(dying_)] { snap->finishCapture(); }); // before files
    } else if (!dying_.empty()) {
        postFirst([dying = std::move(dying_)] {});
    }
    dying_.clear();
    for (size_t r = 0; r < n; ++r)
        regions_[r].pages->trackDirty(); // dirty from now on = written since this snapshot
    baseline_ = snap;
    ++stats_.captures;
    return snap;
}

void SnapshotManager::retireCaptures(bool wait) {
    for (size_t i = 0; i < capturing_.size();) {
        SnapshotRef& snap = capturing_[i];
        if (wait) snap->finishCaptureNow();
        if (!snap->complete()) {
            ++i;
            continue;
        }
        for (size_t r = 0; r < regions_.size(); ++r)
            for (uint32_t p : snap->regions_[r]->pendingPages())
                if (--capturePendingCount_[r][p] == 0) releasePage(r, p);
        dying_.push_back(std::move(snap)); // released by the worker (see capture())
        capturing_.erase(capturing_.begin() + long(i));
    }
}

// --- Page hooks and restore ---------------------------------------------------------------------

void SnapshotManager::writeLivePage(uint32_t page, const savestate::PageData& data) {
    // Restoring is a write: every capture in progress must hold the old contents first.
    for (auto& snap : capturing_)
        snap->regions_[lazy_]->beforeWrite(page);
    regions_[lazy_].restorePage(page, data.data());
}

// Emulation thread, before an intercepted access to a page of region `region`.
void SnapshotManager::onPageTouched(size_t region, uint32_t page, bool write) {
    if (region == lazy_ && restorePending_[page]) restoreBatch(page / batchPages_);
    if (write) onRegionWrite(region, page);
    releasePage(region, page);
}

// Emulation thread, before the first write to an intercepted page of region `region`.
void SnapshotManager::onRegionWrite(size_t region, uint32_t page) {
    auto t0 = std::chrono::steady_clock::now();
    for (auto& snap : capturing_) {
        savestate::CowCapture& cap = *snap->regions_[region];
        if (cap.complete() || cap.pageIfCaptured(page)) continue;
        cap.beforeWrite(page);
        count(region, Count::kCowCopied);
    }
    stats_.cowCopyNanos += uint64_t(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0)
            .count());
}

void SnapshotManager::restoreBatch(size_t batch) {
    RegionPages& pages = *regions_[lazy_].pages;
    uint32_t first = uint32_t(batch * batchPages_);
    uint32_t end = uint32_t(std::min<size_t>(restorePending_.size(), first + batchPages_));
    for (uint32_t p = first; p < end; ++p) {
        if (!restorePending_[p]) continue;
        writeLivePage(p, *restoreSource_->region(lazy_).pages[p]);
        restorePending_[p] = 0;
        --pendingPages_;
        count(lazy_, Count::kRestored);
        pages.setFlags(p, pages.flags(p) & uint8_t(~savestate::PageBits::slotBits(slots_[lazy_])));
    }
    if (pendingPages_ == 0) restoreSource_.reset();
}

void SnapshotManager::restore(const SnapshotRef& snapshot, size_t batchPages) {
    retireCaptures(false);
    snapshot->finishCaptureNow(); // a snapshot still being captured is finished now
    if (baseline_) baseline_->finishCaptureNow();
    const size_t n = regions_.size();

    // Device registers; the embedded regions are not in `partial_`: their pages that differ
    // from the live ones are written below.
    savestate::StateIO io = savestate::StateIO::reader(snapshot->partial_);
    auto embedded = [&](size_t r) {
        return regions_[r].placement == MemoryRegion::Placement::kEmbedded &&
               snapshot->storedAt_[r] != Snapshot::kNotStored;
    };
    for (size_t r = 0; r < n; ++r)
        if (embedded(r)) io.omitBlock(regions_[r].data, regions_[r].size);
    system_.serializeDevices(io);
    for (size_t r = 0; r < n; ++r) {
        if (!embedded(r)) continue;
        MemoryRegion& region = regions_[r];
        const auto& target = snapshot->regions_[r]->image().pages;
        const savestate::CowCapture* live = baseline_ ? baseline_->regions_[r].get() : nullptr;
        for (uint32_t p = 0; p < target.size(); ++p) {
            if (live && !region.pages->dirty(p) && live->image().pages[p] == target[p]) continue;
            region.restorePage(p, target[p]->data());
            count(r, Count::kRestored);
        }
        region.pages->trackDirty();
    }

    if (lazy_ != kNone) {
        RegionPages& pages = *regions_[lazy_].pages;
        const uint8_t intercept = savestate::PageBits::slotBits(slots_[lazy_]);
        batchPages_ = std::max<size_t>(1, batchPages);
        restoreSource_ = snapshot;
        pendingPages_ = 0;
        pumpCursor_ = 0;
        const auto& target = snapshot->region(lazy_).pages;
        const auto* live = baseline_ ? &baseline_->region(lazy_).pages : nullptr;
        for (uint32_t p = 0; p < restorePending_.size(); ++p) {
            // A page still pending from an earlier restore holds stale bytes whatever it
            // should be.
            bool need = restorePending_[p] || !live || pages.dirty(p) || (*live)[p] != target[p];
            restorePending_[p] = need ? 1 : 0;
            if (need) {
                ++pendingPages_;
                pages.setFlags(p, pages.flags(p) | intercept);
            } else {
                ++stats_.pagesSkipped;
            }
        }
        if (pendingPages_ == 0) restoreSource_.reset();
        pages.trackDirty();
    }
    baseline_ = snapshot;
    ++stats_.restores;
}

size_t SnapshotManager::pump(size_t maxPages) {
    retireCaptures(false);
    size_t before = pendingPages_;
    size_t batches = (restorePending_.size() + batchPages_ - 1) / batchPages_;
    for (size_t n = 0; n < batches && pendingPages_ && before - pendingPages_ < maxPages; ++n) {
        restoreBatch(pumpCursor_);
        pumpCursor_ = (pumpCursor_ + 1) % batches;
    }
    return before - pendingPages_;
}

void SnapshotManager::finishRestore() {
    size_t batches = (restorePending_.size() + batchPages_ - 1) / batchPages_;
    for (size_t b = 0; b < batches && pendingPages_; ++b)
        restoreBatch(b);
}

void SnapshotManager::settle() {
    finishRestore();
    retireCaptures(true);
    dying_.clear();
}

void SnapshotManager::memoryAboutToChange() {
    settle();
    baseline_.reset();
}

// --- Worker -------------------------------------------------------------------------------------

void SnapshotManager::post(std::function<void()> job) {
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        queue_.push_back(std::move(job));
        if (!worker_.joinable()) worker_ = std::thread([this] { workerLoop(); });
    }
    queueCv_.notify_one();
}

void SnapshotManager::postFirst(std::function<void()> job) {
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        queue_.push_front(std::move(job));
        if (!worker_.joinable()) worker_ = std::thread([this] { workerLoop(); });
    }
    queueCv_.notify_one();
}

void SnapshotManager::runOnWorker(std::function<void()> job) {
    post(std::move(job));
}

void SnapshotManager::workerLoop() {
    std::unique_lock<std::mutex> lock(queueMutex_);
    for (;;) {
        queueCv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return; // stopping, and every job done
        auto job = std::move(queue_.front());
        queue_.pop_front();
        busy_ = true;
        lock.unlock();
        job();
        lock.lock();
        busy_ = false;
        idleCv_.notify_all();
    }
}

void SnapshotManager::waitForWorker() {
    std::unique_lock<std::mutex> lock(queueMutex_);
    idleCv_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

} // namespace core
