#include "core/savestates.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/bus.h"
#include "core/system.h"

// Invariants the code relies on (see the header for the protocol):
// - Live RAM page p equals baseline_->ram().pages[p] unless the bus marked p dirty since the
//   baseline was taken or restored; a page pending restore counts as equal (it will be).
// - A page the game may write has kInterceptWrite while any capture in capturing_ may still
//   lack it, and kInterceptRead|kInterceptWrite while a restore has not brought it back.
// - Only the emulation thread writes live RAM and the page table; the worker reads live RAM
//   solely through CowCapture, which the emulation thread's beforeWrite() keeps ahead of.

namespace core {

namespace {
constexpr uint32_t kRamPages = Bus::kRamPages;
constexpr size_t kPage = Bus::kPageSize;
static_assert(kPage == savestate::kSnapshotPageSize);
constexpr const char* kEmulatorVersion = "skipjack 0.1.0";

uint8_t keepTracking(uint8_t flags) {
    return flags & Bus::kTrackDirty;
}
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
    pool_->give(std::move(devices_));
    pool_->give(std::move(partial_));
}

void Snapshot::completeDevices() {
    if (devState_.load(std::memory_order_acquire) == kDevicesDone) return;
    uint8_t expected = kVramPending;
    if (!devState_.compare_exchange_strong(expected, kVramCopying, std::memory_order_acq_rel)) {
        while (devState_.load(std::memory_order_acquire) != kDevicesDone)
            std::this_thread::yield();
        return;
    }
    std::vector<uint8_t> out = pool_ ? pool_->take() : std::vector<uint8_t>();
    out.clear();
    out.reserve(partial_.size() + vramBytes_);
    out.insert(out.end(), partial_.begin(), partial_.begin() + long(vramAt_));
    out.insert(out.end(), liveVram_, liveVram_ + vramBytes_);
    out.insert(out.end(), partial_.begin() + long(vramAt_), partial_.end());
    devices_ = std::move(out);
    devState_.store(kDevicesDone, std::memory_order_release);
}

void Snapshot::finishCapture() {
    if (complete()) return;
    capture_->captureRemaining();
    // A page the emulation thread claimed may still be in its copy.
    while (!capture_->complete())
        std::this_thread::yield();
    std::lock_guard<std::mutex> lock(mutex_);
    if (!complete_.load(std::memory_order_relaxed)) {
        ram_ = capture_->take();
        complete_.store(true, std::memory_order_release);
    }
}

std::vector<uint8_t> Snapshot::stateBytes() {
    finishCapture();
    // Byte for byte what System::serialize() writes: the device part, then Bus::serializeRam().
    completeDevices();
    savestate::StateIO io = savestate::StateIO::writer(devices_.size() + Bus::kRamSize + 64);
    io.bytes(devices_.data(), devices_.size());
    io.beginSection("ram", 1);
    for (size_t p = 0; p < ram_.pages.size(); ++p)
        io.bytes(const_cast<uint8_t*>(ram_.pages[p]->data()),
                 std::min(kPage, ram_.size - p * kPage));
    io.endSection();
    return io.take();
}

// --- SnapshotManager: capture -------------------------------------------------------------------

SnapshotManager::SnapshotManager(System& system)
    : system_(system), capturePendingCount_(kRamPages, 0), restorePending_(kRamPages, 0) {
    system_.bus().setPageHook([this](uint32_t page, bool write) { onPageTouched(page, write); });
}

SnapshotManager::~SnapshotManager() {
    {
        std::lock_guard<std::mutex> lock(queueMutex_);
        stopping_ = true;
    }
    queueCv_.notify_all();
    if (worker_.joinable()) worker_.join();
    system_.bus().setPageHook(nullptr);
}

void SnapshotManager::beforeEmulation() {
    for (auto& snap : vramPending_)
        snap->completeDevices();
    vramPending_.clear();
}

void SnapshotManager::frameStart() {
    beforeEmulation();
    if (pendingPages_ && autoPump_) pump(autoPump_);
}

SnapshotRef SnapshotManager::capture() {
    for (auto& hook : quiesceHooks_)
        hook();
    beforeEmulation(); // the GPU may execute records below
    retireCaptures(false);
    Bus& bus = system_.bus();
    auto snap = std::make_shared<Snapshot>();
    snap->frame_ = system_.frameCount();
    std::vector<uint8_t> buffer = pool_->take();
    if (buffer.capacity() < lastDevicesSize_ + 4096) buffer.reserve(lastDevicesSize_ + 4096);
    savestate::StateIO io = savestate::StateIO::writer(std::move(buffer));
    constexpr size_t kVramBytes = size_t(gpu::kVramWidth) * gpu::kVramHeight * 2;
    const uint16_t* vram = system_.gpu().vram();
    io.omitBlock(vram, kVramBytes);
    system_.serializeDevices(io); // the GPU executes its pending records here
    snap->pool_ = pool_;
    bool vramLater = io.omittedOffset() != savestate::StateIO::kNotOmitted;
    if (vramLater) {
        snap->vramAt_ = io.omittedOffset();
        snap->vramBytes_ = kVramBytes;
        snap->liveVram_ = reinterpret_cast<const uint8_t*>(vram);
        snap->partial_ = io.take();
        snap->devState_.store(Snapshot::kVramPending, std::memory_order_release);
        vramPending_.push_back(snap);
    } else {
        snap->devices_ = io.take();
    }
    lastDevicesSize_ = vramLater ? snap->partial_.size() : snap->devices_.size();

    std::vector<bool> dirty;
    const savestate::RegionImage* previous = nullptr;
    if (baseline_) {
        baseline_->finishCapture(); // normally long done by the worker
        previous = &baseline_->ram_;
        dirty.resize(kRamPages);
        for (uint32_t p = 0; p < kRamPages; ++p)
            dirty[p] = bus.pageDirty(p);
    }
    snap->capture_ = std::make_shared<savestate::CowCapture>(bus.ram(), Bus::kRamSize, previous,
                                                             previous ? &dirty : nullptr);
    const auto& pending = snap->capture_->pendingPages();
    stats_.pagesShared += kRamPages - pending.size();
    if (pending.empty()) {
        snap->finishCapture();
    } else {
        for (uint32_t p : pending) {
            ++capturePendingCount_[p];
            bus.setPageFlags(p, bus.pageFlags(p) | Bus::kInterceptWrite);
        }
        capturing_.push_back(snap);
    }
    if (vramLater || !pending.empty()) // ahead of file jobs: the game is waiting on these
        postFirst([snap] {
            snap->completeDevices();
            snap->finishCapture();
        });
    bus.trackDirtyPages(); // dirty from now on = written since this snapshot
    baseline_ = snap;
    ++stats_.captures;
    return snap;
}

void SnapshotManager::retireCaptures(bool wait) {
    Bus& bus = system_.bus();
    for (size_t i = 0; i < capturing_.size();) {
        SnapshotRef& snap = capturing_[i];
        if (wait) snap->finishCapture();
        if (!snap->complete()) {
            ++i;
            continue;
        }
        for (uint32_t p : snap->capture_->pendingPages()) {
            if (--capturePendingCount_[p] == 0 && !restorePending_[p])
                bus.setPageFlags(p, keepTracking(bus.pageFlags(p)));
        }
        capturing_.erase(capturing_.begin() + long(i));
    }
}

// --- SnapshotManager: page hook and restore -----------------------------------------------------

void SnapshotManager::writeLivePage(uint32_t page, const savestate::PageData& data) {
    // Restoring is a write: every capture in progress must hold the old contents first.
    for (auto& snap : capturing_)
        snap->capture_->beforeWrite(page);
    std::memcpy(system_.bus().ram() + size_t(page) * kPage, data.data(), kPage);
}

void SnapshotManager::onPageTouched(uint32_t page, bool write) {
    Bus& bus = system_.bus();
    if (restorePending_[page]) restoreBatch(page / batchPages_);
    if (write) {
        for (auto& snap : capturing_) {
            if (snap->complete()) continue;
            snap->capture_->beforeWrite(page);
            ++stats_.pagesCowCopied;
        }
    }
    bus.setPageFlags(page, keepTracking(bus.pageFlags(page)));
}

void SnapshotManager::restoreBatch(size_t batch) {
    Bus& bus = system_.bus();
    uint32_t first = uint32_t(batch * batchPages_);
    uint32_t end = uint32_t(std::min<size_t>(kRamPages, first + batchPages_));
    for (uint32_t p = first; p < end; ++p) {
        if (!restorePending_[p]) continue;
        writeLivePage(p, *restoreSource_->ram_.pages[p]);
        restorePending_[p] = 0;
        --pendingPages_;
        ++stats_.pagesRestored;
        bus.setPageFlags(p, keepTracking(bus.pageFlags(p)));
    }
    if (pendingPages_ == 0) restoreSource_.reset();
}

void SnapshotManager::restore(const SnapshotRef& snapshot, size_t batchPages) {
    beforeEmulation(); // the load below overwrites VRAM
    retireCaptures(false);
    snapshot->completeDevices();
    snapshot->finishCapture(); // a snapshot still being captured is finished now
    if (baseline_) baseline_->finishCapture();
    Bus& bus = system_.bus();

    savestate::StateIO io = savestate::StateIO::reader(snapshot->devices());
    system_.serializeDevices(io);

    batchPages_ = std::max<size_t>(1, batchPages);
    restoreSource_ = snapshot;
    pendingPages_ = 0;
    pumpCursor_ = 0;
    const auto& target = snapshot->ram_.pages;
    for (uint32_t p = 0; p < kRamPages; ++p) {
        // A page still pending from an earlier restore holds stale bytes whatever it should be.
        bool need = restorePending_[p] || !baseline_ || bus.pageDirty(p) ||
                    baseline_->ram_.pages[p] != target[p];
        restorePending_[p] = need ? 1 : 0;
        if (need) {
            ++pendingPages_;
            bus.setPageFlags(p, bus.pageFlags(p) | Bus::kInterceptRead | Bus::kInterceptWrite);
        } else {
            ++stats_.pagesSkipped;
        }
    }
    if (pendingPages_ == 0) restoreSource_.reset();
    bus.trackDirtyPages();
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
    beforeEmulation();
    finishRestore();
    retireCaptures(true);
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
    probe.serializeDevices(io);
    size_t devicesEnd = io.position();
    probe.bus().serializeRam(io);
    if (!io.ok()) {
        error = "the savestate cannot be read by this build: " + io.error();
        return nullptr;
    }
    if (io.position() != state->size() || io.position() - devicesEnd < Bus::kRamSize) {
        error = "the savestate is damaged (unexpected layout)";
        return nullptr;
    }
    auto snap = std::make_shared<Snapshot>();
    snap->frame_ = info.frame;
    snap->devices_.assign(state->begin(), state->begin() + long(devicesEnd));
    snap->ram_ =
        savestate::RegionImage::fromBuffer(state, io.position() - Bus::kRamSize, Bus::kRamSize);
    snap->complete_.store(true, std::memory_order_release);
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

std::string QuickSaves::lastWriteError() {
    std::lock_guard<std::mutex> lock(errorMutex_);
    return lastWriteError_;
}

// --- Rewind -------------------------------------------------------------------------------------

Rewind::Rewind(System& system, unsigned interval, size_t budgetBytes)
    : system_(system), interval_(std::max(1u, interval)), budget_(budgetBytes) {}

Rewind::~Rewind() {
    system_.snapshots().waitForWorker(); // queued packing jobs refer to this object
}

namespace {
// VRAM in a rewind entry is cut into 64x32-pixel tiles (4 KiB each) rather than into runs of
// whole 1024-pixel rows: a frame that redraws a 320x240 display buffer then changes 40 tiles,
// not 120 row pages that each carry 700 unchanged pixels of textures.
constexpr size_t kTileW = 64, kTileH = 32, kVramW = gpu::kVramWidth, kVramH = gpu::kVramHeight;
constexpr size_t kVramBytes = kVramW * kVramH * 2;
static_assert(kTileW * kTileH * 2 == kPage);

savestate::RegionImage vramTiles(const uint8_t* vram) {
    savestate::RegionImage image;
    image.size = kVramBytes;
    for (size_t ty = 0; ty < kVramH / kTileH; ++ty)
        for (size_t tx = 0; tx < kVramW / kTileW; ++tx) {
            auto page = std::make_shared<savestate::PageData>();
            for (size_t y = 0; y < kTileH; ++y)
                std::memcpy(page->data() + y * kTileW * 2,
                            vram + ((ty * kTileH + y) * kVramW + tx * kTileW) * 2, kTileW * 2);
            image.pages.push_back(std::move(page));
        }
    return image;
}

void untileVram(const savestate::RegionImage& tiles, uint8_t* vram) {
    size_t t = 0;
    for (size_t ty = 0; ty < kVramH / kTileH; ++ty)
        for (size_t tx = 0; tx < kVramW / kTileW; ++tx, ++t)
            for (size_t y = 0; y < kTileH; ++y)
                std::memcpy(vram + ((ty * kTileH + y) * kVramW + tx * kTileW) * 2,
                            tiles.pages[t]->data() + y * kTileW * 2, kTileW * 2);
}
} // namespace

void Rewind::frame() {
    if (++counter_ < interval_) return;
    counter_ = 0;
    SnapshotRef snap = system_.snapshots().capture();
    system_.snapshots().runOnWorker([this, snap] {
        snap->finishCapture();
        const std::vector<uint8_t>& dev = snap->devices();
        Entry e;
        e.frame = snap->frame();
        e.devicesSize = dev.size();
        e.ram = ramPacker_.pack(snap->ram());
        std::vector<uint8_t> rest;
        if (snap->vramBytes_ == kVramBytes) { // VRAM tiled apart from the other devices
            e.vramAt = snap->vramAt_;
            e.vram = vramPacker_.pack(vramTiles(dev.data() + e.vramAt));
            rest.assign(dev.begin(), dev.begin() + long(e.vramAt));
            rest.insert(rest.end(), dev.begin() + long(e.vramAt + kVramBytes), dev.end());
        } else {
            rest = dev;
        }
        e.devices = devicePacker_.pack(savestate::RegionImage::copyOf(rest.data(), rest.size()));
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
    other = devicePacker_.liveBytes();
}

size_t Rewind::packedBytes() const {
    return ramPacker_.liveBytes() + devicePacker_.liveBytes() + vramPacker_.liveBytes();
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
        std::vector<uint8_t> bytes(rest.pages.size() * kPage);
        rest.copyTo(bytes.data());
        bytes.resize(rest.size);
        if (e.vramAt == SIZE_MAX) {
            snap->devices_ = std::move(bytes);
        } else {
            snap->devices_.resize(e.devicesSize);
            std::memcpy(snap->devices_.data(), bytes.data(), e.vramAt);
            untileVram(savestate::PagePacker::unpack(e.vram), snap->devices_.data() + e.vramAt);
            std::memcpy(snap->devices_.data() + e.vramAt + kVramBytes, bytes.data() + e.vramAt,
                        bytes.size() - e.vramAt);
        }
        snap->ram_ = savestate::PagePacker::unpack(e.ram);
    }
    snap->complete_.store(true, std::memory_order_release);
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
    for (unsigned i = 0; i < ahead && !system_.exited(); ++i)
        system_.runFrame();
    system_.gpu().scanout(rgba, width, height);
    mgr.restore(real);
}

} // namespace core
