#pragma once
// Savestates that never stall the game (DESIGN.md §4), modelled on saving a running VM:
//
// 1. Quiesce. Only at a frame boundary (between System::runFrame() calls) on the emulation
//    thread: the registered quiesce hooks run (render worker hands over, audio ring drained),
//    then System::serializeDevices() writes every device's state; the GPU executes its pending
//    command records inside its serialize(), so VRAM is complete. This is the only stall:
//    the memory regions (System::memoryRegions(): RAM, VRAM, sound RAM) are left out of the
//    written state.
// 2. Snapshot while running. Memory regions are not copied at the quiesce point: their pages
//    are captured copy-on-write (savestate::CowCapture) through each region's page table, on
//    which the manager is an observer (savestate/page_observers.h). Pages unchanged since the
//    previous snapshot (the "baseline", tracked with dirty bits) are shared with it at once;
//    the others get a write intercept, so the first write to such a page copies it first, and
//    a worker thread copies the rest, then (for a file) builds the state, compresses it and
//    writes it (temporary file, then rename). The emulation thread never waits for the worker.
// 3. Batched restore while running. restore() loads the device registers and writes the pages
//    of the embedded regions (VRAM, sound RAM) that differ from the live ones (synchronously),
//    marks every page of the region with a section of its own (main RAM) whose contents differ
//    from the snapshot's as pending (read + write intercept) and returns: emulation resumes at
//    once. A touch of a pending page restores its whole batch at once; the rest is restored by
//    pump(), which the emulation thread calls between frames (at each frameStart()
//    automatically, setAutoPump() pages per frame; so no other thread ever writes live RAM or
//    the page table; the result is the same whatever the batch size or the pump rate). A page
//    equal in the live baseline and in the target (the same shared page, not written since) is
//    not restored at all.
// 4. Memory cards (core/memory_card.h) save their journal position in the device state, so a
//    restore rolls the card back (or forward) with the machine.
//
// Host code that reads RAM between frames outside System's own calls (tests, debuggers) reads
// it through the bus (or calls finishRestore() first).
// Everything here runs on the emulation thread unless stated; only the worker's queue crosses
// threads.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/snapshots/buffer_pool.h"
#include "core/snapshots/memory_region.h"
#include "core/snapshots/snapshot.h"
#include "savestate/state_file.h"

namespace core {

class System;

struct SnapshotStats {
    uint64_t captures = 0;
    uint64_t pagesShared = 0;    // RAM pages taken from the baseline without a copy
    uint64_t pagesCowCopied = 0; // RAM pages copied by the game's first write (emulation thread)
    uint64_t restores = 0;
    uint64_t pagesRestored = 0;
    uint64_t pagesSkipped = 0;       // RAM pages a restore did not need (same page as live)
    uint64_t vramPagesShared = 0;    // VRAM pages taken from the baseline without a copy
    uint64_t vramPagesCowCopied = 0; // VRAM pages copied before the GPU wrote them
    uint64_t vramPagesRestored = 0;  // VRAM pages a restore wrote (the others were equal)
    uint64_t spuPagesShared = 0;     // SPU RAM pages taken from the baseline without a copy
    uint64_t spuPagesCowCopied = 0;  // SPU RAM pages copied before a transfer wrote them
    uint64_t spuPagesRestored = 0;   // SPU RAM pages a restore wrote
    uint64_t cowCopyNanos = 0;       // host time the emulation thread spent in those copies
    // Every region by index (System::memoryRegions()); the named counters above are the
    // first three regions'.
    struct Region {
        uint64_t shared = 0, cowCopied = 0, restored = 0;
    };
    std::vector<Region> regions;
};

class SnapshotManager {
  public:
    static constexpr size_t kDefaultBatchPages = 16;
    static constexpr size_t kDefaultPumpPages = 64;

    explicit SnapshotManager(System& system);
    ~SnapshotManager();
    SnapshotManager(const SnapshotManager&) = delete;
    SnapshotManager& operator=(const SnapshotManager&) = delete;

    // Quiesce protocol: hooks that bring their part of the machine to a complete state (a
    // render worker finishing its queue, an audio ring drained). Run before each capture.
    void addQuiesceHook(std::function<void()> hook) { quiesceHooks_.push_back(std::move(hook)); }

    // Takes a snapshot at this frame boundary; the game may run on at once (the emulation
    // thread never waits for the worker, and nothing is left for it to do before the next
    // frame: every region is copy-on-write).
    SnapshotRef capture();
    // Before the machine runs again (kept for host code that feeds the GPU between frames;
    // VRAM needs nothing any more: the GPU's page table intercepts its writes).
    void beforeEmulation() {}
    // System::runFrame() calls this first: pump(autoPumpPages) while a restore is pending
    // (0 turns the automatic pump off; pages then come back on touch only).
    void frameStart();
    void setAutoPump(size_t pagesPerFrame) { autoPump_ = pagesPerFrame; }
    // Starts restoring `snapshot` (taken on this machine or decoded from a file for this game).
    // Device state and the embedded regions (the pages that differ from the live ones) are
    // back at once; RAM pages come back on touch or through pump().
    void restore(const SnapshotRef& snapshot, size_t batchPages = kDefaultBatchPages);
    bool restorePending() const { return pendingPages_ != 0; }
    size_t pendingPages() const { return pendingPages_; }
    // Between frames: restores up to `maxPages` pending pages (whole batches), retires finished
    // captures. Returns the pages restored.
    size_t pump(size_t maxPages = kDefaultPumpPages);
    void finishRestore();
    // Completes every capture and restore in progress (the state is then fully materialised).
    void settle();
    // Called by System before RAM is rewritten behind the page table (reset, loadExe, a full
    // synchronous load): finishes everything and forgets the baseline.
    void memoryAboutToChange();

    // --- Files (core/snapshots/snapshot_files.cpp; the worker does capture completion,
    // serialisation, zstd and the write). ---
    savestate::StateFileInfo fileInfo(const Snapshot& snapshot) const;
    // Queues the file write of `snapshot` (`before` and then `done(ok, error)` run on the
    // worker). The file is written to a temporary name and renamed.
    void saveFileAsync(const SnapshotRef& snapshot, std::string path,
                       std::function<void(bool, const std::string&)> done = {},
                       std::function<void()> before = {});
    // Runs `job` on the worker, after every job queued before it.
    void runOnWorker(std::function<void()> job);
    // Blocks until every queued job is done.
    void waitForWorker();
    // Decodes and verifies a state file for this game and BIOS (on a scratch machine, so a
    // refused file changes nothing) and returns it as a snapshot whose RAM pages alias the
    // decoded buffer.
    SnapshotRef decodeFile(std::span<const uint8_t> file, std::string& error);
    bool loadFile(const std::string& path, std::string& error,
                  size_t batchPages = kDefaultBatchPages);

    const SnapshotStats& stats() const;
    // Thumbnail size written in files (the displayed image downscaled, aspect kept).
    static constexpr uint32_t kThumbMaxWidth = 160;

  private:
    enum class Count { kShared, kCowCopied, kRestored };
    void count(size_t region, Count what, uint64_t n = 1);
    void onPageTouched(size_t region, uint32_t page, bool write);
    void onRegionWrite(size_t region, uint32_t page);
    // No capture needs the page any more: drops this manager's intercepts (not those of a
    // pending restore).
    void releasePage(size_t region, uint32_t page);
    void interceptWrites(size_t region, uint32_t page);
    void restoreBatch(size_t batch);
    void writeLivePage(uint32_t page, const savestate::PageData& data);
    void retireCaptures(bool wait);
    void post(std::function<void()> job);
    void workerLoop();
    void makeThumbnail(Snapshot& snapshot, savestate::StateFileInfo& info);
    void postFirst(std::function<void()> job);

    static constexpr size_t kNone = ~size_t(0);
    System& system_;
    MemoryRegions& regions_;
    std::vector<int> slots_; // this manager's observer slot on each region's page table
    size_t lazy_ = kNone;    // the region restored page by page (main RAM)
    std::vector<std::function<void()>> quiesceHooks_;
    SnapshotRef baseline_;               // live memory == baseline pages except dirty pages
    std::vector<SnapshotRef> capturing_; // captures the game's writes must still go through
    std::vector<SnapshotRef> dying_;     // references the next capture hands to the worker
    std::vector<std::vector<uint16_t>> capturePendingCount_; // per region, per page
    SnapshotRef restoreSource_;
    std::vector<uint8_t> restorePending_; // per page of the lazy region
    size_t pendingPages_ = 0, batchPages_ = kDefaultBatchPages, pumpCursor_ = 0;
    size_t lastDevicesSize_ = 0;
    size_t autoPump_ = kDefaultPumpPages;
    std::shared_ptr<BufferPool> pool_ = std::make_shared<BufferPool>();
    mutable SnapshotStats stats_;

    std::thread worker_;
    std::mutex queueMutex_;
    std::condition_variable queueCv_, idleCv_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false, busy_ = false;
    std::unique_ptr<System> workerScratch_; // the worker's own machine (thumbnails)
};

} // namespace core
