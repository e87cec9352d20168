#include "core/snapshots/rewind.h"

#include <algorithm>

#include "core/snapshots/snapshot_manager.h"
#include "core/system.h"

namespace core {

Rewind::Rewind(System& system, unsigned interval, size_t budgetBytes)
    : system_(system), interval_(std::max(1u, interval)), budget_(budgetBytes) {
    for (size_t r = 0; r < system_.memoryRegions().size(); ++r)
        regionPackers_.push_back(std::make_unique<savestate::PagePacker>());
}

Rewind::~Rewind() {
    system_.snapshots().waitForWorker(); // queued packing jobs refer to this object
}

void Rewind::frame() {
    if (++counter_ < interval_) return;
    counter_ = 0;
    SnapshotRef snap = system_.snapshots().capture();
    system_.snapshots().runOnWorker([this, snap] {
        snap->finishCapture();
        Entry e;
        e.frame = snap->frame();
        e.restSize = snap->partial_.size();
        e.devicesEnd = snap->devicesEnd_;
        // VRAM pages are 64x32-pixel tiles (gpu::VramPages): a frame that redraws a 320x240
        // display buffer changes 40 of them.
        e.regions.resize(regionPackers_.size());
        for (size_t r = 0; r < e.regions.size(); ++r) {
            if (snap->storedAt_[r] == Snapshot::kNotStored) continue;
            e.regions[r].at = snap->storedAt_[r];
            e.regions[r].image = regionPackers_[r]->pack(snap->region(r));
        }
        e.rest = restPacker_.pack(
            savestate::RegionImage::copyOf(snap->partial_.data(), snap->partial_.size()));
        std::lock_guard<std::mutex> lock(mutex_);
        entries_.push_back(std::move(e));
        trim();
    });
}

void Rewind::trim() {
    while (entries_.size() > 1 && packedBytes() > budget_)
        entries_.pop_front();
}

size_t Rewind::entries() {
    system_.snapshots().waitForWorker();
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
}

size_t Rewind::memoryBytes() {
    system_.snapshots().waitForWorker();
    return packedBytes();
}

void Rewind::memoryBreakdown(size_t& ram, size_t& vram, size_t& other) {
    system_.snapshots().waitForWorker();
    ram = regionPackers_[Snapshot::kRam]->liveBytes();
    vram = regionPackers_[Snapshot::kVram]->liveBytes();
    other = packedBytes() - ram - vram;
}

size_t Rewind::packedBytes() const {
    size_t bytes = restPacker_.liveBytes();
    for (const auto& packer : regionPackers_)
        bytes += packer->liveBytes();
    return bytes;
}

bool Rewind::rewind(unsigned steps) {
    system_.snapshots().waitForWorker();
    const MemoryRegions& regions = system_.memoryRegions();
    auto snap = std::make_shared<Snapshot>(regions.size());
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (steps == 0 || steps > entries_.size()) return false;
        entries_.resize(entries_.size() - (steps - 1));
        const Entry& e = entries_.back();
        snap->frame_ = e.frame;
        snap->devicesEnd_ = e.devicesEnd;
        savestate::RegionImage rest = savestate::PagePacker::unpack(e.rest);
        snap->partial_.resize(rest.pages.size() * savestate::kSnapshotPageSize);
        rest.copyTo(snap->partial_.data());
        snap->partial_.resize(e.restSize);
        for (size_t r = 0; r < e.regions.size(); ++r) {
            if (e.regions[r].at == SIZE_MAX) continue;
            savestate::RegionImage image = savestate::PagePacker::unpack(e.regions[r].image);
            image.layout = regions[r].layout;
            snap->storedAt_[r] = e.regions[r].at;
            snap->regions_[r] = std::make_shared<savestate::CowCapture>(std::move(image));
        }
    }
    system_.snapshots().restore(snap);
    counter_ = 0;
    return true;
}

} // namespace core
