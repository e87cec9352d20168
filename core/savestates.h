#pragma once
// Savestates that never stall the game (DESIGN.md §4), modelled on saving a running VM:
//
// 1. Quiesce. Only at a frame boundary (between System::runFrame() calls) on the emulation
//    thread: the registered quiesce hooks run (render worker hands over, audio ring drained),
//    then System::serializeDevices() writes every device's state; the GPU executes its pending
//    command records inside its serialize(), so VRAM is complete. This is the only stall:
//    the memory regions (RAM, VRAM) are left out of the written device state.
// 2. Snapshot while running. Memory regions are not copied at the quiesce point: their pages
//    are captured copy-on-write (savestate::CowCapture), RAM through the bus page table, VRAM
//    through the GPU's (gpu::VramPages: 64x32-pixel tiles; every record's write footprint is
//    checked against it before the record runs). Pages unchanged since the previous snapshot
//    (the "baseline", tracked with dirty bits) are shared with it at once; the others get a
//    write intercept, so the first write to such a page copies it first, and a worker thread
//    copies the rest, then (for a file) builds the state, compresses it and writes it
//    (temporary file, then rename). The emulation thread never waits for the worker.
// 3. Batched restore while running. restore() loads the device registers and writes the VRAM
//    pages that differ from live VRAM (synchronously: at most 1 MiB), marks every RAM page
//    whose contents differ from the snapshot's as pending (read + write intercept) and returns:
//    emulation resumes at once. A touch of a pending page restores its whole batch at once;
//    the rest is restored by pump(), which the emulation thread calls between frames (at each
//    frameStart() automatically, setAutoPump() pages per frame; so no
//    other thread ever writes live RAM or the page table; the result is the same whatever the
//    batch size or the pump rate). A page equal in the live baseline and in the target (the
//    same shared page, not written since) is not restored at all.
//
// 4. Memory cards (core/memory_card.h) save their journal position in the device state, so a
//    restore rolls the card back (or forward) with the machine.
//
// Host code that reads RAM between frames outside System's own calls (tests, debuggers) reads
// it through the bus (or calls finishRestore() first).
// Everything here runs on the emulation thread unless stated; only the worker's queue crosses
// threads. Snapshots are shared, immutable once complete, and live as long as anyone holds them
// (quick-save slots, the rewind ring, run-ahead).
#include <atomic>
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

#include "savestate/packed_pages.h"
#include "savestate/page_snapshot.h"
#include "savestate/state_file.h"

namespace core {

class System;

// "exe:<hash64 hex>" of a PS-EXE file: the game identity of a program loaded with loadExe.
std::string exeGameId(std::span<const uint8_t> exeFile);

// Device-state buffers of dead snapshots, reused so a capture writes into memory that is already
// mapped (a fresh megabyte costs more in page faults than the copy itself).
class BufferPool {
  public:
    std::vector<uint8_t> take();
    void give(std::vector<uint8_t>&& buffer);

  private:
    static constexpr size_t kMaxBuffers = 4;
    std::mutex mutex_;
    std::vector<std::vector<uint8_t>> free_;
};

// One machine state held in memory: the device state (System::serializeDevices) without the
// memory regions, and each region (RAM, VRAM) as a copy-on-write capture of 4 KiB pages.
class Snapshot {
  public:
    // Memory regions captured page by page. Adding one: a value here, a page table with write
    // intercepts and dirty bits on its device, and a SnapshotManager::Port for it.
    enum Region : size_t { kRam, kVram, kSpuRam, kRegionCount };

    Snapshot() = default;
    ~Snapshot();
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    uint64_t frame() const { return frame_; }
    // The device state taken at the quiesce point (System::serializeDevices, RAM excluded),
    // VRAM included. Any thread; completes the capture and builds the bytes on first use.
    const std::vector<uint8_t>& devices();
    // True once every page of every region is captured.
    bool complete() const;
    // Any thread: captures whatever the worker has not yet (safe while the game runs).
    void finishCapture();
    // Once complete.
    const savestate::RegionImage& ram() const { return region(kRam); }
    const savestate::RegionImage& vram() const { return region(kVram); }
    const savestate::RegionImage& region(Region r) const { return regions_[r]->image(); }
    // The same bytes System::saveState() gave at the quiesce point. Completes the capture.
    std::vector<uint8_t> stateBytes();

  private:
    friend class SnapshotManager;
    friend class Rewind;
    // Emulation thread: captures what is left without waiting for the worker.
    void finishCaptureNow();
    uint64_t frame_ = 0;
    std::vector<uint8_t> partial_;     // the device state without the embedded regions
    std::shared_ptr<BufferPool> pool_; // where device buffers go back to
    std::string gameId_;               // decoded from a file: the game it belongs to
    std::shared_ptr<savestate::CowCapture> regions_[kRegionCount];
    // Where an embedded region (VRAM, SPU RAM) lies in the device state; kNotEmbedded: RAM,
    // which follows the devices in a section of its own.
    static constexpr size_t kNotEmbedded = ~size_t(0);
    size_t embedAt_[kRegionCount] = {kNotEmbedded, kNotEmbedded, kNotEmbedded};
    std::mutex mutex_; // guards building devices_
    std::atomic<bool> devicesBuilt_{false};
    std::vector<uint8_t> devices_;
};
using SnapshotRef = std::shared_ptr<Snapshot>;

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
    // frame: VRAM is copy-on-write like RAM).
    SnapshotRef capture();
    // Before the machine runs again (kept for host code that feeds the GPU between frames;
    // VRAM needs nothing any more: the GPU's page table intercepts its writes).
    void beforeEmulation() {}
    // System::runFrame() calls this first: pump(autoPumpPages) while a restore is pending
    // (0 turns the automatic pump off; pages then come back on touch only).
    void frameStart();
    void setAutoPump(size_t pagesPerFrame) { autoPump_ = pagesPerFrame; }
    // Starts restoring `snapshot` (taken on this machine or decoded from a file for this game).
    // Device state and VRAM (the pages that differ from live VRAM) are back at once; RAM pages
    // come back on touch or through pump().
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

    // --- Files (worker thread does capture completion, serialisation, zstd and the write). ---
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

    const SnapshotStats& stats() const { return stats_; }
    // Thumbnail size written in files (the displayed image downscaled, aspect kept).
    static constexpr uint32_t kThumbMaxWidth = 160;

    // A memory region's page table, as the manager sees it (core/savestates.cpp).
    class Port;

  private:
    void onPageTouched(uint32_t page, bool write);
    void onRegionWrite(size_t region, uint32_t page);
    void restoreBatch(size_t batch);
    void writeLivePage(uint32_t page, const savestate::PageData& data);
    void retireCaptures(bool wait);
    void post(std::function<void()> job);
    void workerLoop();
    void makeThumbnail(Snapshot& snapshot, savestate::StateFileInfo& info);
    void postFirst(std::function<void()> job);

    System& system_;
    std::unique_ptr<Port> ports_[Snapshot::kRegionCount];
    std::vector<std::function<void()>> quiesceHooks_;
    SnapshotRef baseline_;               // live memory == baseline pages except dirty pages
    std::vector<SnapshotRef> capturing_; // captures the game's writes must still go through
    std::vector<SnapshotRef> dying_;     // references the next capture hands to the worker
    std::vector<uint16_t> capturePendingCount_[Snapshot::kRegionCount];
    SnapshotRef restoreSource_;
    std::vector<uint8_t> restorePending_;
    size_t pendingPages_ = 0, batchPages_ = kDefaultBatchPages, pumpCursor_ = 0;
    size_t lastDevicesSize_ = 0;
    size_t autoPump_ = kDefaultPumpPages;
    std::shared_ptr<BufferPool> pool_ = std::make_shared<BufferPool>();
    SnapshotStats stats_;

    std::thread worker_;
    std::mutex queueMutex_;
    std::condition_variable queueCv_, idleCv_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false, busy_ = false;
    std::unique_ptr<System> workerScratch_; // the worker's own machine (thumbnails)
};

// Ten quick-save slots per game, with undo-load and undo-save. Files are
// `<directory>/<gameId>.slot<N>.sjstate`; a slot saved in this session loads from memory.
class QuickSaves {
  public:
    static constexpr int kSlots = 10;
    QuickSaves(System& system, std::string directory);
    ~QuickSaves() { flush(); }
    std::string slotPath(int slot) const;
    // Captures now (stall: the quiesce point only) and writes the file on the worker.
    bool save(int slot, std::string& error);
    bool load(int slot, std::string& error);
    // Goes back to the state before the last load (once; a second call redoes the load).
    bool undoLoad(std::string& error);
    // Puts back the slot's previous contents (file and memory) before the last save.
    bool undoSave(std::string& error);
    void flush() { manager().waitForWorker(); }
    // The error of the last failed background write since the previous call ("" when none):
    // each failure is reported once, and a later successful save does not hide it.
    std::string takeWriteError();

  private:
    struct PreviousFile {
        bool existed = false;
        std::vector<uint8_t> bytes;
    };
    SnapshotManager& manager();
    System& system_;
    std::string dir_;
    SnapshotRef slots_[kSlots];
    SnapshotRef beforeLoad_;
    int lastSaveSlot_ = -1;
    SnapshotRef undoSaveSnapshot_;
    std::shared_ptr<PreviousFile> undoSaveFile_; // filled by the worker before the write
    std::mutex errorMutex_;
    std::string lastWriteError_;
};

// Rewind: a snapshot every `interval` frames kept as compressed dirty-page deltas (RAM pages and
// 4 KiB chunks of the device state), memory bounded by `budgetBytes` (oldest dropped first).
class Rewind {
  public:
    Rewind(System& system, unsigned interval, size_t budgetBytes);
    ~Rewind();
    // Call once per frame boundary.
    void frame();
    // Steps back `steps` snapshots (1 = the newest) and restores it; false when there is none.
    bool rewind(unsigned steps = 1);
    size_t entries();
    size_t memoryBytes(); // packed pages alive
    // The same, by part: RAM pages, VRAM tiles, the rest of the device state.
    void memoryBreakdown(size_t& ram, size_t& vram, size_t& other);
    void setBudget(size_t bytes) { budget_ = bytes; }

  private:
    struct Entry {
        uint64_t frame = 0;
        savestate::PackedImage devices, ram, vram, spuRam; // devices: without VRAM, SPU RAM
        size_t devicesSize = 0;                            // without VRAM and SPU RAM
        size_t vramAt = SIZE_MAX; // where VRAM goes back into the device state
        size_t spuRamAt = SIZE_MAX;
    };
    void trim();
    size_t packedBytes() const;
    System& system_;
    unsigned interval_;
    size_t budget_;
    unsigned counter_ = 0;
    // Shared with the worker (which packs in order): guarded by mutex_.
    std::mutex mutex_;
    std::deque<Entry> entries_;
    savestate::PagePacker ramPacker_, devicePacker_, vramPacker_, spuRamPacker_;
};

// Run-ahead (hides input latency): run the real frame, snapshot, run `ahead` more frames,
// present that image, return to the snapshot. The emulated state after each call equals that of
// plain runFrame() calls. The `ahead` frames run under System::beginSpeculation(): their memory
// card writes stay in memory and are dropped before the restore (never written to the disk).
class RunAhead {
  public:
    explicit RunAhead(System& system) : system_(system) {}
    void runFrame(unsigned ahead, std::vector<uint8_t>& rgba, uint32_t& width, uint32_t& height);

  private:
    System& system_;
};

} // namespace core
