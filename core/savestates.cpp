#include "core/savestates.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

#include "core/bus.h"
#include "core/spu.h"
#include "core/system.h"

// Invariants the code relies on (see the header for the protocol):
// - Live page p of a region equals baseline_'s page p unless the region's page table marked p
//   dirty since the baseline was taken or restored; a RAM page pending restore counts as equal
//   (it will be).
// - A page the game may write has a write intercept while any capture in capturing_ may still
//   lack it; a RAM page has kInterceptRead|kInterceptWrite while a restore has not brought it
//   back.
// - Only the emulation thread writes live memory and the page tables; the worker reads live
//   memory solely through CowCapture, which the emulation thread's beforeWrite() keeps ahead of
//   (taking over a page the worker is copying rather than waiting for it).

namespace core {

namespace {
constexpr uint32_t kRamPages = Bus::kRamPages;
constexpr size_t kPage = Bus::kPageSize;
static_assert(kPage == savestate::kSnapshotPageSize);
constexpr const char* kEmulatorVersion = "skipjack 0.1.0";
constexpr size_t kVramBytes = size_t(gpu::kVramWidth) * gpu::kVramHeight * 2;

uint8_t keepTracking(uint8_t flags) {
    return flags & PageFlag::kTrackDirty;
}
} // namespace

// A memory region's page table as the manager uses it: write intercepts for captures in
// progress, dirty bits since the last snapshot, and where the region lies in the device state.
class SnapshotManager::Port {
  public:
    virtual ~Port() = default;
    virtual const uint8_t* live() = 0;
    virtual size_t size() const = 0;
    virtual savestate::PageLayout layout() const = 0;
    virtual bool dirty(uint32_t page) const = 0;
    virtual const bool* dirtyPages() const = 0; // one flag per page
    // Clears the dirty bits; every page is tracked from now on.
    virtual void trackDirty() = 0;
    virtual void interceptWrites(uint32_t page) = 0;
    // No capture needs the page any more (a pending restore may still intercept it).
    virtual void releasePage(uint32_t page) = 0;
    // The block the device state holds the region in (left out of snapshot device states), or
    // null: the region follows the device state in a section of its own (RAM).
    virtual const void* embeddedBlock() = 0;
    // Synchronous restore of one page (embedded regions).
    virtual void writePage(uint32_t /*page*/, const uint8_t* /*data*/) {}
};

namespace {
class RamPort final : public SnapshotManager::Port {
  public:
    RamPort(Bus& bus, const std::vector<uint8_t>& restorePending)
        : bus_(bus), restorePending_(restorePending) {}
    const uint8_t* live() override { return bus_.ram(); }
    size_t size() const override { return Bus::kRamSize; }
    savestate::PageLayout layout() const override { return savestate::PageLayout::linear(); }
    bool dirty(uint32_t page) const override { return bus_.pages().dirty(page); }
    const bool* dirtyPages() const override { return bus_.pages().dirtyPages(); }
    void trackDirty() override { bus_.pages().trackDirty(); }
    void interceptWrites(uint32_t page) override {
        bus_.pages().setFlags(page, bus_.pages().flags(page) | PageFlag::kInterceptWrite);
    }
    void releasePage(uint32_t page) override {
        if (!restorePending_[page])
            bus_.pages().setFlags(page, keepTracking(bus_.pages().flags(page)));
    }
    const void* embeddedBlock() override { return nullptr; }

  private:
    Bus& bus_;
    const std::vector<uint8_t>& restorePending_;
};

class VramPort final : public SnapshotManager::Port {
  public:
    explicit VramPort(gpu::Gpu& gpu) : gpu_(gpu) {}
    const uint8_t* live() override { return reinterpret_cast<const uint8_t*>(gpu_.vram()); }
    size_t size() const override { return kVramBytes; }
    savestate::PageLayout layout() const override { return gpu::VramPages::layout(); }
    bool dirty(uint32_t page) const override { return gpu_.vramPages().dirty(page); }
    const bool* dirtyPages() const override { return gpu_.vramPages().dirtyPages(); }
    void trackDirty() override { gpu_.vramPages().trackDirty(); }
    void interceptWrites(uint32_t page) override {
        auto& pages = gpu_.vramPages();
        pages.setFlags(page, pages.flags(page) | gpu::VramPages::kInterceptWrite);
    }
    void releasePage(uint32_t page) override {
        auto& pages = gpu_.vramPages();
        pages.setFlags(page, pages.flags(page) & gpu::VramPages::kTrackDirty);
    }
    const void* embeddedBlock() override { return gpu_.vram(); }
    void writePage(uint32_t page, const uint8_t* data) override { gpu_.writeVramPage(page, data); }

  private:
    gpu::Gpu& gpu_;
};

// SPU RAM (512 KiB, linear 4 KiB pages), embedded in the "spu" section by Spu::serializeRam().
// Only sound RAM transfers write it today; restores write it synchronously (pages that differ).
class SpuRamPort final : public SnapshotManager::Port {
  public:
    explicit SpuRamPort(Spu& spu) : spu_(spu) {}
    const uint8_t* live() override { return spu_.ram(); }
    size_t size() const override { return Spu::kRamSize; }
    savestate::PageLayout layout() const override { return savestate::PageLayout::linear(); }
    bool dirty(uint32_t page) const override { return spu_.pages().dirty(page); }
    const bool* dirtyPages() const override { return spu_.pages().dirtyPages(); }
    void trackDirty() override { spu_.pages().trackDirty(); }
    void interceptWrites(uint32_t page) override {
        spu_.pages().setFlags(page, spu_.pages().flags(page) | PageFlag::kInterceptWrite);
    }
    void releasePage(uint32_t page) override {
        spu_.pages().setFlags(page, spu_.pages().flags(page) & PageFlag::kTrackDirty);
    }
    const void* embeddedBlock() override { return spu_.ram(); }
    void writePage(uint32_t page, const uint8_t* data) override {
        std::memcpy(spu_.ram() + size_t(page) * Spu::kPageSize, data, Spu::kPageSize);
    }

  private:
    Spu& spu_;
};
} // namespace

std::string exeGameId(std::span<const uint8_t> exeFile) {
    char buf[32];
    std::snprintf(
        buf, sizeof buf, "exe:%016llx",
        static_cast<unsigned long long>(savestate::hash64(exeFile.data(), exeFile.size())));
    return buf;
}

// --- Snapshot -----------------------------------------------------------------------------------

std::vector<uint8_t> BufferPool::take() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.empty()) return {};
    std::vector<uint8_t> buffer = std::move(free_.back());
    free_.pop_back();
    return buffer;
}

void BufferPool::give(std::vector<uint8_t>&& buffer) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.size() < kMaxBuffers && buffer.capacity() > 0) free_.push_back(std::move(buffer));
}

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

const std::vector<uint8_t>& Snapshot::devices() {
    if (devicesBuilt_.load(std::memory_order_acquire)) return devices_;
    finishCapture();
    std::lock_guard<std::mutex> lock(mutex_);
    if (devicesBuilt_.load(std::memory_order_relaxed)) return devices_;
    // The device state as System::serializeDevices() wrote it: the embedded regions spliced
    // back in at their offsets (in stream order).
    size_t total = partial_.size();
    std::vector<size_t> order;
    for (size_t r = 0; r < kRegionCount; ++r)
        if (embedAt_[r] != kNotEmbedded && regions_[r]) {
            total += regions_[r]->image().size;
            order.push_back(r);
        }
    std::sort(order.begin(), order.end(),
              [this](size_t a, size_t b) { return embedAt_[a] < embedAt_[b]; });
    devices_.resize(total);
    size_t from = 0, to = 0;
    for (size_t r : order) {
        size_t n = embedAt_[r] - from;
        std::memcpy(devices_.data() + to, partial_.data() + from, n);
        from += n, to += n;
        const savestate::RegionImage& image = regions_[r]->image();
        image.copyTo(devices_.data() + to);
        to += image.size;
    }
    std::memcpy(devices_.data() + to, partial_.data() + from, partial_.size() - from);
    devicesBuilt_.store(true, std::memory_order_release);
    return devices_;
}

std::vector<uint8_t> Snapshot::stateBytes() {
    // Byte for byte what System::serialize() writes: the device part, then Bus::serializeRam().
    const std::vector<uint8_t>& dev = devices();
    const savestate::RegionImage& ramImage = ram();
    savestate::StateIO io = savestate::StateIO::writer(dev.size() + Bus::kRamSize + 64);
    io.bytes(const_cast<uint8_t*>(dev.data()), dev.size());
    io.beginSection("ram", 1);
    for (size_t p = 0; p < ramImage.pages.size(); ++p)
        io.bytes(const_cast<uint8_t*>(ramImage.pages[p]->data()),
                 std::min(kPage, ramImage.size - p * kPage));
    io.endSection();
    return io.take();
}

// --- SnapshotManager: capture -------------------------------------------------------------------

SnapshotManager::SnapshotManager(System& system) : system_(system), restorePending_(kRamPages, 0) {
    ports_[Snapshot::kRam] = std::make_unique<RamPort>(system_.bus(), restorePending_);
    ports_[Snapshot::kVram] = std::make_unique<VramPort>(system_.gpu());
    ports_[Snapshot::kSpuRam] = std::make_unique<SpuRamPort>(system_.spu());
    for (size_t r = 0; r < Snapshot::kRegionCount; ++r)
        capturePendingCount_[r].assign(ports_[r]->size() / kPage + 1, 0);
    system_.bus().pages().setHook(
        [this](uint32_t page, bool write) { onPageTouched(page, write); });
    system_.gpu().vramPages().setHook(
        [this](uint32_t page) { onRegionWrite(Snapshot::kVram, page); });
    system_.spu().pages().setHook([this](uint32_t page, bool write) {
        if (write) onRegionWrite(Snapshot::kSpuRam, page);
        ports_[Snapshot::kSpuRam]->releasePage(page); // no read intercepts: restores are whole
    });
}

SnapshotManager::~SnapshotManager() {
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        stopping_ = true;
    }
    queueCv_.notify_all();
    if (worker_.joinable()) worker_.join();
    system_.bus().pages().setHook(nullptr);
    system_.gpu().vramPages().setHook(nullptr);
    system_.spu().pages().setHook(nullptr);
}

void SnapshotManager::frameStart() {
    if (pendingPages_ && autoPump_) pump(autoPump_);
}

SnapshotRef SnapshotManager::capture() {
    for (auto& hook : quiesceHooks_)
        hook();
    retireCaptures(false);
    auto snap = std::make_shared<Snapshot>();
    snap->frame_ = system_.frameCount();
    snap->pool_ = pool_;
    std::vector<uint8_t> buffer = pool_->take();
    if (buffer.capacity() < lastDevicesSize_ + 4096) buffer.reserve(lastDevicesSize_ + 4096);
    savestate::StateIO io = savestate::StateIO::writer(std::move(buffer));
    for (auto& port : ports_)
        if (const void* block = port->embeddedBlock()) io.omitBlock(block, port->size());
    system_.serializeDevices(io); // the GPU executes its pending records here
    for (size_t r = 0; r < Snapshot::kRegionCount; ++r)
        if (const void* block = ports_[r]->embeddedBlock())
            snap->embedAt_[r] = io.blockOffset(block);
    snap->partial_ = io.take();
    lastDevicesSize_ = snap->partial_.size();

    bool pending = false;
    for (size_t r = 0; r < Snapshot::kRegionCount; ++r) {
        Port& port = *ports_[r];
        const savestate::CowCapture* previous = baseline_ ? baseline_->regions_[r].get() : nullptr;
        size_t pages = (port.size() + kPage - 1) / kPage;
        // A page the baseline has not captured yet is captured anew (nobody waits).
        auto cap = std::make_shared<savestate::CowCapture>(port.live(), port.size(), port.layout(),
                                                           previous, port.dirtyPages());
        const auto& list = cap->pendingPages();
        (r == Snapshot::kRam    ? stats_.pagesShared
         : r == Snapshot::kVram ? stats_.vramPagesShared
                                : stats_.spuPagesShared) += pages - list.size();
        for (uint32_t p : list) {
            ++capturePendingCount_[r][p];
            port.interceptWrites(p);
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
    for (auto& port : ports_)
        port->trackDirty(); // dirty from now on = written since this snapshot
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
        for (size_t r = 0; r < Snapshot::kRegionCount; ++r)
            for (uint32_t p : snap->regions_[r]->pendingPages())
                if (--capturePendingCount_[r][p] == 0) ports_[r]->releasePage(p);
        dying_.push_back(std::move(snap)); // released by the worker (see capture())
        capturing_.erase(capturing_.begin() + long(i));
    }
}

// --- SnapshotManager: page hooks and restore ----------------------------------------------------

void SnapshotManager::writeLivePage(uint32_t page, const savestate::PageData& data) {
    // Restoring is a write: every capture in progress must hold the old contents first.
    for (auto& snap : capturing_)
        snap->regions_[Snapshot::kRam]->beforeWrite(page);
    std::memcpy(system_.bus().ram() + size_t(page) * kPage, data.data(), kPage);
}

void SnapshotManager::onPageTouched(uint32_t page, bool write) {
    Bus& bus = system_.bus();
    if (restorePending_[page]) restoreBatch(page / batchPages_);
    if (write) onRegionWrite(Snapshot::kRam, page);
    bus.pages().setFlags(page, keepTracking(bus.pages().flags(page)));
}

// Emulation thread, before the first write to an intercepted page of region `region`.
void SnapshotManager::onRegionWrite(size_t region, uint32_t page) {
    auto t0 = std::chrono::steady_clock::now();
    uint64_t& copied = region == Snapshot::kRam    ? stats_.pagesCowCopied
                       : region == Snapshot::kVram ? stats_.vramPagesCowCopied
                                                   : stats_.spuPagesCowCopied;
    for (auto& snap : capturing_) {
        savestate::CowCapture& cap = *snap->regions_[region];
        if (cap.complete() || cap.pageIfCaptured(page)) continue;
        cap.beforeWrite(page);
        ++copied;
    }
    if (region != Snapshot::kRam) ports_[region]->releasePage(page);
    stats_.cowCopyNanos += uint64_t(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0)
            .count());
}

void SnapshotManager::restoreBatch(size_t batch) {
    Bus& bus = system_.bus();
    uint32_t first = uint32_t(batch * batchPages_);
    uint32_t end = uint32_t(std::min<size_t>(kRamPages, first + batchPages_));
    for (uint32_t p = first; p < end; ++p) {
        if (!restorePending_[p]) continue;
        writeLivePage(p, *restoreSource_->ram().pages[p]);
        restorePending_[p] = 0;
        --pendingPages_;
        ++stats_.pagesRestored;
        bus.pages().setFlags(p, keepTracking(bus.pages().flags(p)));
    }
    if (pendingPages_ == 0) restoreSource_.reset();
}

void SnapshotManager::restore(const SnapshotRef& snapshot, size_t batchPages) {
    retireCaptures(false);
    snapshot->finishCaptureNow(); // a snapshot still being captured is finished now
    if (baseline_) baseline_->finishCaptureNow();
    Bus& bus = system_.bus();

    // Device registers; the embedded regions (VRAM) are not in `partial_`: their pages that
    // differ from the live ones are written below.
    savestate::StateIO io = savestate::StateIO::reader(snapshot->partial_);
    for (size_t r = 0; r < Snapshot::kRegionCount; ++r)
        if (snapshot->embedAt_[r] != Snapshot::kNotEmbedded)
            io.omitBlock(ports_[r]->embeddedBlock(), ports_[r]->size());
    system_.serializeDevices(io);
    for (size_t r = 0; r < Snapshot::kRegionCount; ++r) {
        if (snapshot->embedAt_[r] == Snapshot::kNotEmbedded) continue;
        Port& port = *ports_[r];
        const auto& target = snapshot->regions_[r]->image().pages;
        const savestate::CowCapture* live = baseline_ ? baseline_->regions_[r].get() : nullptr;
        for (uint32_t p = 0; p < target.size(); ++p) {
            if (live && !port.dirty(p) && live->image().pages[p] == target[p]) continue;
            port.writePage(p, target[p]->data());
            ++(r == Snapshot::kVram ? stats_.vramPagesRestored : stats_.spuPagesRestored);
        }
        port.trackDirty();
    }

    batchPages_ = std::max<size_t>(1, batchPages);
    restoreSource_ = snapshot;
    pendingPages_ = 0;
    pumpCursor_ = 0;
    const auto& target = snapshot->ram().pages;
    const auto* live = baseline_ ? &baseline_->ram().pages : nullptr;
    for (uint32_t p = 0; p < kRamPages; ++p) {
        // A page still pending from an earlier restore holds stale bytes whatever it should be.
        bool need = restorePending_[p] || !live || bus.pages().dirty(p) || (*live)[p] != target[p];
        restorePending_[p] = need ? 1 : 0;
        if (need) {
            ++pendingPages_;
            bus.pages().setFlags(p, bus.pages().flags(p) | PageFlag::kInterceptRead |
                                        PageFlag::kInterceptWrite);
        } else {
            ++stats_.pagesSkipped;
        }
    }
    if (pendingPages_ == 0) restoreSource_.reset();
    bus.pages().trackDirty();
    baseline_ = snapshot;
    ++stats_.restores;
}

size_t SnapshotManager::pump(size_t maxPages) {
    retireCaptures(false);
    size_t before = pendingPages_;
    size_t batches = (kRamPages + batchPages_ - 1) / batchPages_;
    for (size_t n = 0; n < batches && pendingPages_ && before - pendingPages_ < maxPages; ++n) {
        restoreBatch(pumpCursor_);
        pumpCursor_ = (pumpCursor_ + 1) % batches;
    }
    return before - pendingPages_;
}

void SnapshotManager::finishRestore() {
    size_t batches = (kRamPages + batchPages_ - 1) / batchPages_;
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

// --- Files --------------------------------------------------------------------------------------

savestate::StateFileInfo SnapshotManager::fileInfo(const Snapshot& snapshot) const {
    savestate::StateFileInfo info;
    info.emulatorVersion = kEmulatorVersion;
    info.gameId = system_.gameId();
    info.biosId = system_.biosId();
    info.frame = snapshot.frame();
    return info;
}

// Worker thread: the displayed image of the snapshot, downscaled to at most kThumbMaxWidth
// pixels wide by averaging whole boxes. The device state is read into a scratch machine of the
// worker's own, so the emulation thread pays nothing for it.
void SnapshotManager::makeThumbnail(Snapshot& snapshot, savestate::StateFileInfo& info) {
    if (!workerScratch_) workerScratch_ = std::make_unique<System>();
    savestate::StateIO io = savestate::StateIO::reader(snapshot.devices());
    workerScratch_->serializeDevices(io);
    if (!io.ok()) return;
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    workerScratch_->gpu().scanout(rgba, w, h);
    if (w == 0 || h == 0) return;
    uint32_t f = (w + kThumbMaxWidth - 1) / kThumbMaxWidth;
    uint32_t tw = std::max(1u, w / f), th = std::max(1u, h / f);
    info.thumbWidth = tw;
    info.thumbHeight = th;
    info.thumbnail.assign(size_t(tw) * th * 4, 0);
    for (uint32_t y = 0; y < th; ++y)
        for (uint32_t x = 0; x < tw; ++x)
            for (int c = 0; c < 4; ++c) {
                uint32_t sum = 0;
                for (uint32_t dy = 0; dy < f; ++dy)
                    for (uint32_t dx = 0; dx < f; ++dx)
                        sum += rgba[((size_t(y) * f + dy) * w + x * f + dx) * 4 + size_t(c)];
                info.thumbnail[(size_t(y) * tw + x) * 4 + size_t(c)] = uint8_t(sum / (f * f));
            }
}

void SnapshotManager::saveFileAsync(const SnapshotRef& snapshot, std::string path,
                                    std::function<void(bool, const std::string&)> done,
                                    std::function<void()> before) {
    savestate::StateFileInfo info = fileInfo(*snapshot);
    post([this, snapshot, info, path = std::move(path), done = std::move(done),
          before = std::move(before)]() mutable {
        if (before) before();
        makeThumbnail(*snapshot, info);
        std::vector<uint8_t> file = savestate::encodeStateFile(info, snapshot->stateBytes());
        std::string error;
        bool ok = savestate::writeFileAtomic(path, file, error);
        if (done) done(ok, error);
    });
}

SnapshotRef SnapshotManager::decodeFile(std::span<const uint8_t> file, std::string& error) {
    savestate::StateFileInfo info;
    auto state = std::make_shared<std::vector<uint8_t>>();
    if (!savestate::decodeStateFile(file, system_.gameId(), info, *state, error)) return nullptr;
    if (info.biosId != system_.biosId()) {
        error = "the savestate was made with another BIOS (" + info.biosId +
                "); this machine runs " + system_.biosId();
        return nullptr;
    }
    // Read it all on a scratch machine: a state this build cannot read changes nothing here.
    System probe;
    savestate::StateIO io = savestate::StateIO::reader(*state);
    // Where the embedded regions (VRAM, SPU RAM) lie in the device state.
    struct Embedded {
        Snapshot::Region region;
        const void* probeBlock;
        size_t size;
        savestate::PageLayout layout;
        size_t at = savestate::StateIO::kNotOmitted;
    };
    Embedded embedded[] = {
        {Snapshot::kVram, probe.gpu().vram(), kVramBytes, gpu::VramPages::layout()},
        {Snapshot::kSpuRam, probe.spu().ram(), Spu::kRamSize, savestate::PageLayout::linear()},
    };
    for (const Embedded& e : embedded)
        io.markBlock(e.probeBlock, e.size);
    probe.serializeDevices(io);
    size_t devicesEnd = io.position();
    for (Embedded& e : embedded)
        e.at = io.blockOffset(e.probeBlock);
    std::sort(std::begin(embedded), std::end(embedded),
              [](const Embedded& a, const Embedded& b) { return a.at < b.at; }); // stream order
    probe.bus().serializeRam(io);
    if (!io.ok()) {
        error = "the savestate cannot be read by this build: " + io.error();
        return nullptr;
    }
    bool layoutOk = io.position() == state->size() && io.position() - devicesEnd >= Bus::kRamSize;
    size_t from = 0;
    for (const Embedded& e : embedded) { // in order, not overlapping, inside the devices
        if (e.at == savestate::StateIO::kNotOmitted) {
            layoutOk = layoutOk && e.region == Snapshot::kSpuRam; // states from before SPU RAM
            continue;
        }
        layoutOk = layoutOk && e.at >= from && e.at + e.size <= devicesEnd;
        from = e.at + e.size;
    }
    if (!layoutOk) {
        error = "the savestate is damaged (unexpected layout)";
        return nullptr;
    }
    auto snap = std::make_shared<Snapshot>();
    snap->frame_ = info.frame;
    from = 0;
    for (const Embedded& e : embedded) {
        if (e.at == savestate::StateIO::kNotOmitted) continue;
        snap->partial_.insert(snap->partial_.end(), state->begin() + long(from),
                              state->begin() + long(e.at));
        from = e.at + e.size;
        snap->embedAt_[e.region] = e.at;
        snap->regions_[e.region] = std::make_shared<savestate::CowCapture>(
            savestate::RegionImage::copyOf(state->data() + e.at, e.size, e.layout));
    }
    snap->partial_.insert(snap->partial_.end(), state->begin() + long(from),
                          state->begin() + long(devicesEnd));
    snap->regions_[Snapshot::kRam] = std::make_shared<savestate::CowCapture>(
        savestate::RegionImage::fromBuffer(state, io.position() - Bus::kRamSize, Bus::kRamSize));
    snap->gameId_ = info.gameId;
    return snap;
}

bool SnapshotManager::loadFile(const std::string& path, std::string& error, size_t batchPages) {
    std::vector<uint8_t> file;
    if (!savestate::readWholeFile(path, file, error)) return false;
    SnapshotRef snap = decodeFile(file, error);
    if (!snap) {
        error = path + ": " + error;
        return false;
    }
    restore(snap, batchPages);
    if (system_.gameId().empty()) system_.setGameId(snap->gameId_); // a state loaded bare
    return true;
}

// --- Quick-save slots ---------------------------------------------------------------------------

QuickSaves::QuickSaves(System& system, std::string directory)
    : system_(system), dir_(std::move(directory)) {}

SnapshotManager& QuickSaves::manager() {
    return system_.snapshots();
}

std::string QuickSaves::slotPath(int slot) const {
    std::string game = system_.gameId().empty() ? "nogame" : system_.gameId();
    std::replace(game.begin(), game.end(), ':', '-');
    return dir_ + "/" + game + ".slot" + std::to_string(slot) + ".sjstate";
}

bool QuickSaves::save(int slot, std::string& error) {
    if (slot < 0 || slot >= kSlots) {
        error = "quick-save slot " + std::to_string(slot) + " does not exist (0-9)";
        return false;
    }
    SnapshotRef snap = manager().capture();
    undoSaveSnapshot_ = slots_[slot];
    lastSaveSlot_ = slot;
    auto previous = std::make_shared<PreviousFile>();
    undoSaveFile_ = previous;
    std::string path = slotPath(slot);
    slots_[slot] = snap;
    manager().saveFileAsync(
        snap, path,
        [this](bool ok, const std::string& err) {
            std::lock_guard<std::mutex> lock(errorMutex_);
            if (!ok) lastWriteError_ = err;
        },
        [previous, path] { // keep what the slot held, for undoSave()
            std::string ignored;
            previous->existed = std::filesystem::exists(path) &&
                                savestate::readWholeFile(path, previous->bytes, ignored);
        });
    return true;
}

bool QuickSaves::load(int slot, std::string& error) {
    if (slot < 0 || slot >= kSlots) {
        error = "quick-save slot " + std::to_string(slot) + " does not exist (0-9)";
        return false;
    }
    SnapshotRef snap = slots_[slot];
    if (!snap) {
        std::vector<uint8_t> file;
        std::string path = slotPath(slot);
        if (!savestate::readWholeFile(path, file, error)) {
            error = "quick-save slot " + std::to_string(slot) + " is empty";
            return false;
        }
        snap = manager().decodeFile(file, error);
        if (!snap) {
            error = path + ": " + error;
            return false;
        }
        slots_[slot] = snap;
    }
    beforeLoad_ = manager().capture();
    manager().restore(snap);
    return true;
}

bool QuickSaves::undoLoad(std::string& error) {
    if (!beforeLoad_) {
        error = "there is no load to undo";
        return false;
    }
    SnapshotRef now = manager().capture();
    manager().restore(beforeLoad_);
    beforeLoad_ = now; // undoing again redoes the load
    return true;
}

bool QuickSaves::undoSave(std::string& error) {
    if (lastSaveSlot_ < 0) {
        error = "there is no save to undo";
        return false;
    }
    flush();
    std::string path = slotPath(lastSaveSlot_);
    if (undoSaveFile_->existed) {
        if (!savestate::writeFileAtomic(path, undoSaveFile_->bytes, error)) return false;
    } else {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
    slots_[lastSaveSlot_] = undoSaveSnapshot_;
    lastSaveSlot_ = -1;
    undoSaveSnapshot_.reset();
    return true;
}

std::string QuickSaves::takeWriteError() {
    std::lock_guard<std::mutex> lock(errorMutex_);
    return std::exchange(lastWriteError_, std::string());
}

// --- Rewind -------------------------------------------------------------------------------------

Rewind::Rewind(System& system, unsigned interval, size_t budgetBytes)
    : system_(system), interval_(std::max(1u, interval)), budget_(budgetBytes) {}

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
        e.devicesSize = snap->partial_.size();
        e.ram = ramPacker_.pack(snap->ram());
        // VRAM pages are 64x32-pixel tiles (gpu::VramPages): a frame that redraws a 320x240
        // display buffer changes 40 of them, and a page the snapshot shares with the one
        // before is the same page here too (no compare, no compression).
        e.vramAt = snap->embedAt_[Snapshot::kVram];
        if (e.vramAt != Snapshot::kNotEmbedded) e.vram = vramPacker_.pack(snap->vram());
        e.spuRamAt = snap->embedAt_[Snapshot::kSpuRam];
        if (e.spuRamAt != Snapshot::kNotEmbedded)
            e.spuRam = spuRamPacker_.pack(snap->region(Snapshot::kSpuRam));
        e.devices = devicePacker_.pack(
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
    ram = ramPacker_.liveBytes();
    vram = vramPacker_.liveBytes();
    other = devicePacker_.liveBytes() + spuRamPacker_.liveBytes();
}

size_t Rewind::packedBytes() const {
    return ramPacker_.liveBytes() + devicePacker_.liveBytes() + vramPacker_.liveBytes() +
           spuRamPacker_.liveBytes();
}

bool Rewind::rewind(unsigned steps) {
    system_.snapshots().waitForWorker();
    auto snap = std::make_shared<Snapshot>();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (steps == 0 || steps > entries_.size()) return false;
        entries_.resize(entries_.size() - (steps - 1));
        const Entry& e = entries_.back();
        snap->frame_ = e.frame;
        savestate::RegionImage rest = savestate::PagePacker::unpack(e.devices);
        snap->partial_.resize(rest.pages.size() * kPage);
        rest.copyTo(snap->partial_.data());
        snap->partial_.resize(e.devicesSize);
        snap->regions_[Snapshot::kRam] =
            std::make_shared<savestate::CowCapture>(savestate::PagePacker::unpack(e.ram));
        if (e.vramAt != Snapshot::kNotEmbedded) {
            savestate::RegionImage vram = savestate::PagePacker::unpack(e.vram);
            vram.layout = gpu::VramPages::layout();
            snap->embedAt_[Snapshot::kVram] = e.vramAt;
            snap->regions_[Snapshot::kVram] =
                std::make_shared<savestate::CowCapture>(std::move(vram));
        }
        if (e.spuRamAt != Snapshot::kNotEmbedded) {
            snap->embedAt_[Snapshot::kSpuRam] = e.spuRamAt;
            snap->regions_[Snapshot::kSpuRam] =
                std::make_shared<savestate::CowCapture>(savestate::PagePacker::unpack(e.spuRam));
        }
    }
    system_.snapshots().restore(snap);
    counter_ = 0;
    return true;
}

// --- Run-ahead ----------------------------------------------------------------------------------

void RunAhead::runFrame(unsigned ahead, std::vector<uint8_t>& rgba, uint32_t& width,
                        uint32_t& height) {
    system_.runFrame();
    if (ahead == 0 || system_.exited()) {
        system_.gpu().scanout(rgba, width, height);
        return;
    }
    SnapshotManager& mgr = system_.snapshots();
    SnapshotRef real = mgr.capture();
    // The frames below are taken back: their memory card writes never reach the disk. `real`
    // was captured before, so its card position is one endSpeculation() keeps and puts back:
    // the restore finds the card there and writes no head-move record.
    system_.beginSpeculation();
    for (unsigned i = 0; i < ahead && !system_.exited(); ++i)
        system_.runFrame();
    system_.gpu().scanout(rgba, width, height);
    system_.endSpeculation();
    mgr.restore(real);
}

} // namespace core
