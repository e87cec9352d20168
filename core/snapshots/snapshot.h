#pragma once
// One machine state held in memory (DESIGN.md §4): the device state taken at the quiesce point
// with the registered memory regions (core/snapshots/memory_region.h) left out, and each region
// as a copy-on-write capture of 4 KiB pages. Shared, immutable once complete, alive as long as
// anyone holds it (quick-save slots, the rewind ring, run-ahead).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/snapshots/buffer_pool.h"
#include "savestate/page_snapshot.h"

namespace core {

class Snapshot {
  public:
    // The regions System registers first, in this order (System's constructor); a region
    // registered later has the next index.
    enum Region : size_t { kRam, kVram, kSpuRam };

    explicit Snapshot(size_t regionCount);
    ~Snapshot();
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    uint64_t frame() const { return frame_; }
    size_t regionCount() const { return regions_.size(); }
    // The device state taken at the quiesce point (System::serializeDevices: the embedded
    // regions included, the regions with a section of their own not). Any thread; completes
    // the capture and builds the bytes on first use.
    const std::vector<uint8_t>& devices();
    // True once every page of every region is captured.
    bool complete() const;
    // Any thread: captures whatever the worker has not yet (safe while the game runs).
    void finishCapture();
    // Once complete.
    const savestate::RegionImage& ram() const { return region(kRam); }
    const savestate::RegionImage& vram() const { return region(kVram); }
    const savestate::RegionImage& region(size_t r) const { return regions_[r]->image(); }
    // The same bytes System::saveState() gave at the quiesce point. Completes the capture.
    std::vector<uint8_t> stateBytes();

  private:
    friend class SnapshotManager;
    friend class Rewind;
    // Emulation thread: captures what is left without waiting for the worker.
    void finishCaptureNow();
    // partial_ up to `end` with the regions stored before `end` (every region: `all`) spliced
    // back in.
    std::vector<uint8_t> splice(size_t end, bool all);
    static constexpr size_t kNotStored = ~size_t(0);

    uint64_t frame_ = 0;
    // System::serialize()'s stream with every region left out; region r goes back in at
    // offset storedAt_[r] of partial_ (kNotStored: a state from before the region existed).
    std::vector<uint8_t> partial_;
    size_t devicesEnd_ = 0;            // offset in partial_ where the device state ends
    std::shared_ptr<BufferPool> pool_; // where device buffers go back to
    std::string gameId_;               // decoded from a file: the game it belongs to
    std::vector<std::shared_ptr<savestate::CowCapture>> regions_;
    std::vector<size_t> storedAt_;
    std::mutex mutex_; // guards building devices_
    std::atomic<bool> devicesBuilt_{false};
    std::vector<uint8_t> devices_;
};
using SnapshotRef = std::shared_ptr<Snapshot>;

} // namespace core
