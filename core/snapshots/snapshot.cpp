#include "core/snapshots/snapshot.h"

#include <algorithm>
#include <cstring>
#include <thread>

namespace core {

Snapshot::Snapshot(size_t regionCount)
    : regions_(regionCount), storedAt_(regionCount, kNotStored) {}

Snapshot::~Snapshot() {
    if (!pool_) return;
    pool_->give(std::move(partial_));
}

bool Snapshot::complete() const {
    for (const auto& r : regions_)
        if (r && !r->complete()) return false;
    return true;
}

void Snapshot::finishCapture() {
    for (auto& r : regions_) {
        if (!r || r->complete()) continue;
        r->captureRemaining();
        // A page the emulation thread claimed may still be in its copy.
        while (!r->complete())
            std::this_thread::yield();
    }
}

void Snapshot::finishCaptureNow() {
    for (auto& r : regions_)
        if (r && !r->complete()) r->captureAllNow();
}

std::vector<uint8_t> Snapshot::splice(size_t end, bool all) {
    finishCapture();
    std::vector<size_t> order; // the regions in stream order
    size_t total = end;
    for (size_t r = 0; r < regions_.size(); ++r)
        if (storedAt_[r] != kNotStored && regions_[r] && (all || storedAt_[r] < end)) {
            order.push_back(r);
            total += regions_[r]->image().size;
        }
    std::sort(order.begin(), order.end(),
              [this](size_t a, size_t b) { return storedAt_[a] < storedAt_[b]; });
    std::vector<uint8_t> out(total);
    size_t from = 0, to = 0; // in partial_ / in out
    for (size_t r : order) {
        size_t n = storedAt_[r] - from;
        std::memcpy(out.data() + to, partial_.data() + from, n);
        from += n, to += n;
        const savestate::RegionImage& image = regions_[r]->image();
        image.copyTo(out.data() + to);
        to += image.size;
    }
    std::memcpy(out.data() + to, partial_.data() + from, end - from);
    return out;
}

const std::vector<uint8_t>& Snapshot::devices() {
    if (devicesBuilt_.load(std::memory_order_acquire)) return devices_;
    finishCapture();
    std::lock_guard<std::mutex> lock(mutex_);
    if (devicesBuilt_.load(std::memory_order_relaxed)) return devices_;
    devices_ = splice(devicesEnd_, false);
    devicesBuilt_.store(true, std::memory_order_release);
    return devices_;
}

std::vector<uint8_t> Snapshot::stateBytes() {
    return splice(partial_.size(), true);
}

} // namespace core
