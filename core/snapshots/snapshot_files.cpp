// SnapshotManager: state files (the worker builds, compresses and writes them; a file is
// decoded and checked on a scratch machine before anything changes).
#include <algorithm>

#include "core/snapshots/snapshot_manager.h"
#include "core/system.h"

namespace core {

namespace {
constexpr const char* kEmulatorVersion = "skipjack 0.1.0";
} // namespace

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
    MemoryRegions& regions = probe.memoryRegions();
    const size_t n = regions.size();
    savestate::StateIO io = savestate::StateIO::reader(*state);
    for (size_t r = 0; r < n; ++r) // where each region lies in the stream
        io.markBlock(regions[r].data, regions[r].size);
    probe.serializeDevices(io);
    const size_t devicesEnd = io.position();
    regions.serializeOwnSections(io);
    if (!io.ok()) {
        error = "the savestate cannot be read by this build: " + io.error();
        return nullptr;
    }
    if (!system_.acceptsStateDisc(probe.stateDiscIdentity(), error)) return nullptr;
    if (!system_.acceptsStatePads(probe.sio0(), error)) return nullptr;
    struct Stored {
        size_t region, at;
    };
    std::vector<Stored> stored;
    bool layoutOk = io.position() == state->size();
    for (size_t r = 0; r < n; ++r) {
        size_t at = io.blockOffset(regions[r].data);
        bool own = regions[r].placement == MemoryRegion::Placement::kOwnSection;
        if (at == savestate::StateIO::kNotOmitted) {
            // An embedded region may be missing from a state made before it existed (sound
            // RAM before "spu" version 2); the owner then gave it its reset contents.
            layoutOk = layoutOk && !own;
            continue;
        }
        layoutOk = layoutOk && (own ? at >= devicesEnd : at + regions[r].size <= devicesEnd);
        stored.push_back({r, at});
    }
    std::sort(stored.begin(), stored.end(),
              [](const Stored& a, const Stored& b) { return a.at < b.at; }); // stream order
    size_t from = 0;
    for (const Stored& s : stored) { // in order, not overlapping, inside the stream
        layoutOk = layoutOk && s.at >= from && s.at + regions[s.region].size <= state->size();
        from = s.at + regions[s.region].size;
    }
    if (!layoutOk) {
        error = "the savestate is damaged (unexpected layout)";
        return nullptr;
    }
    auto snap = std::make_shared<Snapshot>(n);
    snap->frame_ = info.frame;
    snap->devicesEnd_ = devicesEnd;
    from = 0;
    for (const Stored& s : stored) {
        const MemoryRegion& region = regions[s.region];
        snap->partial_.insert(snap->partial_.end(), state->begin() + long(from),
                              state->begin() + long(s.at));
        from = s.at + region.size;
        snap->storedAt_[s.region] = snap->partial_.size(); // where it goes back in
        if (s.at < devicesEnd) snap->devicesEnd_ -= region.size;
        // The region restored page by page aliases the decoded buffer (no copy).
        snap->regions_[s.region] =
            region.placement == MemoryRegion::Placement::kOwnSection
                ? std::make_shared<savestate::CowCapture>(
                      savestate::RegionImage::fromBuffer(state, s.at, region.size))
                : std::make_shared<savestate::CowCapture>(savestate::RegionImage::copyOf(
                      state->data() + s.at, region.size, region.layout));
    }
    snap->partial_.insert(snap->partial_.end(), state->begin() + long(from), state->end());
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

} // namespace core
