// The deferred set of the command cache (DESIGN.md §3 "Defer, don't drop").
//
// Ordering rules that keep every read VRAM value equal to a FULL render. For a record R about
// to execute now, a deferred record D (earlier in the stream) must execute first when
//   - D writes what R reads (texture page, CLUT, copy source),
//   - D writes what R writes (R's pixels must land on top of D's, or blend with them),
//   - D reads what R writes (D must sample the old pixels);
// and, transitively, so must every earlier deferred record those ones depend on. Running a
// record earlier than needed is always safe; so rectangle sets may over-approximate.
//
// Source snapshots: when D only reads what R writes (and writes nothing of it), D need not run
// first. The old pixels of (R's writes ∩ D's reads) are copied aside and swapped into VRAM
// while D runs late, so D samples exactly what it would have sampled in stream order; records
// after R (deferred or not) see R's pixels. This keeps a render-to-texture that is cleared and
// redrawn every frame from forcing the deferred display-buffer draws that sampled it (and,
// transitively, most of the frame). The snapshot pool is bounded; past the bound D runs first
// as before.
//
// D dies unexecuted when R wholly covers it with an opaque write (every pixel of D's rectangles
// is written by R without looking at the destination), unless R or a deferred record between
// D and R reads D's pixels as a source. Blending or mask tests of later records over D's
// pixels do not keep D alive: those pixels lie inside R, which overwrites them all. Textured
// primitives never cover (texel 0000h is transparent); triangles and lines never cover (their
// footprints are bounding boxes); interlaced primitives never cover (they skip every other
// row of their footprint).
#include <algorithm>

#include "gpu/frame_commands.h"
#include "gpu/rasterizer.h"

namespace gpu {

namespace {
constexpr size_t kMaxDeferredRecords = 1u << 17;
constexpr size_t kMaxDeferredPixels = 8u << 20;
// Bound of the snapshot pool: one VRAM's worth of pixels.
constexpr size_t kMaxSnapshotPixels = size_t(kVramWidth) * kVramHeight;

Rect intersect(const Rect& a, const Rect& b) {
    Rect r;
    r.x0 = std::max(a.x0, b.x0);
    r.y0 = std::max(a.y0, b.y0);
    r.x1 = std::min(a.x1, b.x1);
    r.y1 = std::min(a.y1, b.y1);
    return r;
}

size_t pixelsOf(const Rect& r) {
    return r.empty() ? 0 : size_t(r.x1 - r.x0) * size_t(r.y1 - r.y0);
}

void swapRect(uint16_t* vram, const Rect& r, uint16_t* saved) {
    size_t w = size_t(r.x1 - r.x0);
    for (int y = r.y0; y < r.y1; ++y, saved += w) {
        uint16_t* row = vram + size_t(y) * kVramWidth + r.x0;
        std::swap_ranges(row, row + w, saved);
    }
}

bool opaqueCover(const Record& r) {
    const Footprint& fp = r.footprint;
    // A record drawing every other row (interlaced) leaves the rows between untouched.
    if (!fp.writeCount || fp.readsDestination || fp.skipsRows) return false;
    switch (r.cmd.kind) {
    case CommandKind::Fill: return true; // ignores the mask bits
    case CommandKind::Rectangle: return !(r.cmd.rectangle.flags & (kTextured | kSemiTransparent));
    case CommandKind::Copy:
    case CommandKind::Upload: return true; // readsDestination covers the mask test
    case CommandKind::Triangle:
    case CommandKind::Line: return false;
    }
    return false;
}

bool coversAll(const Footprint& cover, const Footprint& fp) {
    for (int i = 0; i < fp.writeCount; ++i) {
        bool inside = false;
        for (int k = 0; k < cover.writeCount && !inside; ++k)
            inside = contains(cover.writes[k], fp.writes[i]);
        if (!inside) return false;
    }
    return fp.writeCount > 0;
}
} // namespace

void FrameCommands::beforeExecute(const Record& r, Rasterizer& raster) {
    const Footprint& fp = r.footprint;
    bool writeHazard = deferredWrites_.hits(fp.writes, fp.writeCount) ||
                       deferredWrites_.hits(fp.reads, fp.readCount);
    bool readHazard = deferredReads_.hits(fp.writes, fp.writeCount);
    if (!writeHazard && !readHazard) return;
    if (writeHazard && opaqueCover(r)) killCoveredBy(r);
    if (!deferredLive_) return;
    // Only readers are in the way (a render-to-texture redrawn under deferred draws that
    // sampled it): snapshots settle it without the dependency walk, which would otherwise run
    // for every primitive drawn into the texture.
    if (!writeHazard && protectReadersOf(r, raster.vram())) return;
    forceDependencies(fp.writes, fp.writeCount, fp.reads, fp.readCount, raster, true);
}

bool FrameCommands::protectReadersOf(const Record& r, const uint16_t* vram) {
    const Footprint& fp = r.footprint;
    protect_.clear();
    size_t planned = 0;
    const Rect& box = r.writeBox;
    for (const ReaderRef& ref : readers_) {
        const Rect& rb = ref.readBox;
        if (rb.x0 >= box.x1 || box.x0 >= rb.x1 || rb.y0 >= box.y1 || box.y0 >= rb.y1) continue;
        uint32_t i = ref.index;
        const Record& d = deferred_[i];
        if (d.status != RecordStatus::Pending) continue;
        bool reads = false;
        for (int w = 0; w < fp.writeCount && !reads; ++w)
            for (int k = 0; k < d.footprint.readCount && !reads; ++k)
                reads = overlaps(fp.writes[w], d.footprint.reads[k]);
        if (!reads) continue;
        int64_t need = snapshotNeed(d, fp.writes, fp.writeCount);
        if (need < 0) return false;
        if (snapPool_.size() + planned + size_t(need) > kMaxSnapshotPixels &&
            snapPool_.size() > snapLivePixels_)
            compactSnapshots();
        if (snapPool_.size() + planned + size_t(need) > kMaxSnapshotPixels) return false;
        if (need) protect_.push_back(uint32_t(i));
        planned += size_t(need);
    }
    for (uint32_t index : protect_)
        takeSnapshots(deferred_[index], fp.writes, fp.writeCount, vram);
    return true;
}

void FrameCommands::killCoveredBy(const Record& r) {
    RectSet readers; // what R and the surviving deferred records after the one examined read
    readers.add(r.footprint.reads, r.footprint.readCount);
    size_t liveBefore = deferredLive_;
    for (size_t i = deferred_.size(); i > deferredFirst_; --i) {
        Record& d = deferred_[i - 1];
        if (d.status != RecordStatus::Pending) continue;
        if (overlaps(d.writeBox, r.writeBox) && coversAll(r.footprint, d.footprint) &&
            !readers.hits(d.footprint.writes, d.footprint.writeCount)) {
            d.status = RecordStatus::Died;
            countRows(d, -1);
            releaseSnapshots(d);
            --deferredLive_;
            ++counters_.recordsDied;
            counters_.uploadsDied += d.cmd.kind == CommandKind::Upload;
            counters_.pixelsDied += d.pixels;
        } else {
            readers.add(d.footprint.reads, d.footprint.readCount);
        }
    }
    if (deferredLive_ != liveBefore) rebuildDeferredAreas();
}

// The quick-rejection sets only grow as records are deferred; once records have died or run,
// shrink them to the live records so later records of the frame are rejected at once.
void FrameCommands::rebuildDeferredAreas() {
    deferredWrites_.clear();
    deferredReads_.clear();
    for (size_t i = deferredFirst_; i < deferred_.size(); ++i) {
        const Record& d = deferred_[i];
        if (d.status != RecordStatus::Pending) continue;
        deferredWrites_.add(d.footprint.writes, d.footprint.writeCount);
        deferredReads_.add(d.footprint.reads, d.footprint.readCount);
    }
}

void FrameCommands::forceDependencies(const Rect* writes, int writeCount, const Rect* reads,
                                      int readCount, Rasterizer& raster, bool protectReaders) {
    // R's own writes are kept apart from the forced records' writes: a deferred record that
    // only reads what R writes can be protected by a snapshot, one that reads what a forced
    // record writes runs (in order, before it).
    RectSet nowWrites, forcedWrites, forcedReads;
    nowWrites.add(writes, writeCount);
    forcedReads.add(reads, readCount);
    scratch_.clear();
    protect_.clear();
    size_t planned = 0;
    for (size_t i = deferred_.size(); i > deferredFirst_; --i) {
        const Record& d = deferred_[i - 1];
        if (d.status != RecordStatus::Pending) continue;
        if (!nowWrites.hits(d.writeBox) && !forcedWrites.hits(d.writeBox) &&
            !forcedReads.hits(d.writeBox) && !nowWrites.hits(d.readBox) &&
            !forcedWrites.hits(d.readBox))
            continue;
        const Footprint& fp = d.footprint;
        bool force = nowWrites.hits(fp.writes, fp.writeCount) ||
                     forcedWrites.hits(fp.writes, fp.writeCount) ||
                     forcedReads.hits(fp.writes, fp.writeCount) ||
                     forcedWrites.hits(fp.reads, fp.readCount);
        if (!force) {
            if (!nowWrites.hits(fp.reads, fp.readCount)) continue;
            int64_t need = protectReaders ? snapshotNeed(d, writes, writeCount) : -1;
            if (need >= 0 && snapPool_.size() + planned + size_t(need) > kMaxSnapshotPixels &&
                snapPool_.size() > snapLivePixels_)
                compactSnapshots();
            if (need >= 0 && snapPool_.size() + planned + size_t(need) <= kMaxSnapshotPixels) {
                protect_.push_back(uint32_t(i - 1));
                planned += size_t(need);
                continue;
            }
            if (need >= 0) ++counters_.snapshotsRefused;
        }
        scratch_.push_back(uint32_t(i - 1));
        forcedWrites.add(fp.writes, fp.writeCount);
        forcedReads.add(fp.reads, fp.readCount);
    }
    for (size_t k = scratch_.size(); k > 0; --k) {
        Record& d = deferred_[scratch_[k - 1]];
        runLate(d, raster);
        --deferredLive_;
        ++counters_.recordsExecutedLate;
        counters_.uploadsExecutedLate += d.cmd.kind == CommandKind::Upload;
        counters_.pixelsExecutedLate += d.pixels;
    }
    // After the forced records: a protected reader later in the stream than one of them sees
    // its pixels, as it would have.
    for (uint32_t index : protect_)
        takeSnapshots(deferred_[index], writes, writeCount, raster.vram());
    while (deferredFirst_ < deferred_.size() &&
           deferred_[deferredFirst_].status != RecordStatus::Pending)
        ++deferredFirst_;
    if (!scratch_.empty()) rebuildDeferredAreas();
}

int64_t FrameCommands::snapshotNeed(const Record& d, const Rect* writes, int writeCount) const {
    const Footprint& fp = d.footprint;
    int64_t need = 0;
    for (int w = 0; w < writeCount; ++w) {
        for (int r = 0; r < fp.readCount; ++r) {
            Rect x = intersect(writes[w], fp.reads[r]);
            if (x.empty()) continue;
            // Swapping back after the reader ran would undo its own writes there.
            for (int k = 0; k < fp.writeCount; ++k)
                if (overlaps(fp.writes[k], x)) return -1;
            bool held = false; // an older snapshot already holds the value the reader needs
            for (int32_t s = d.snapHead; s >= 0 && !held; s = snaps_[size_t(s)].next)
                held = contains(snaps_[size_t(s)].rect, x);
            if (!held) need += int64_t(pixelsOf(x));
        }
    }
    return need;
}

void FrameCommands::takeSnapshots(Record& d, const Rect* writes, int writeCount,
                                  const uint16_t* vram) {
    const Footprint& fp = d.footprint;
    for (int w = 0; w < writeCount; ++w) {
        for (int r = 0; r < fp.readCount; ++r) {
            Rect x = intersect(writes[w], fp.reads[r]);
            if (x.empty()) continue;
            bool held = false;
            for (int32_t s = d.snapHead; s >= 0 && !held; s = snaps_[size_t(s)].next)
                held = contains(snaps_[size_t(s)].rect, x);
            if (held) continue;
            Snapshot& s = snaps_.emplace_back();
            s.rect = x;
            s.offset = uint32_t(snapPool_.size());
            s.next = d.snapHead;
            d.snapHead = int32_t(snaps_.size() - 1);
            for (int y = x.y0; y < x.y1; ++y) {
                const uint16_t* row = vram + size_t(y) * kVramWidth;
                snapPool_.insert(snapPool_.end(), row + x.x0, row + x.x1);
            }
            size_t n = pixelsOf(x);
            snapLivePixels_ += n;
            ++counters_.snapshotsTaken;
            counters_.snapshotPixels += n;
        }
    }
}

void FrameCommands::runLate(Record& d, Rasterizer& raster) {
    countRows(d, -1);
    const uint16_t* palette =
        d.palette == kNoPalette ? nullptr : deferredPalettes_.data() + d.palette;
    if (d.snapHead < 0) {
        run(d, deferredPool_.data(), palette, raster);
        return;
    }
    uint16_t* vram = raster.vram();
    chain_.clear();
    for (int32_t s = d.snapHead; s >= 0; s = snaps_[size_t(s)].next)
        chain_.push_back(s);
    for (int32_t s : chain_) // the swaps write VRAM too (and put it back after)
        raster.beforeWrite(&snaps_[size_t(s)].rect, 1);
    for (int32_t s : chain_) // newest first: the oldest value stays where snapshots overlap
        swapRect(vram, snaps_[size_t(s)].rect, snapPool_.data() + snaps_[size_t(s)].offset);
    run(d, deferredPool_.data(), palette, raster);
    for (size_t k = chain_.size(); k > 0; --k) {
        const Snapshot& s = snaps_[size_t(chain_[k - 1])];
        swapRect(vram, s.rect, snapPool_.data() + s.offset);
    }
    releaseSnapshots(d);
}

void FrameCommands::releaseSnapshots(Record& d) {
    for (int32_t s = d.snapHead; s >= 0; s = snaps_[size_t(s)].next)
        snapLivePixels_ -= pixelsOf(snaps_[size_t(s)].rect);
    d.snapHead = -1;
}

// Keeps the snapshots of pending deferred records, each reader's list in its order.
void FrameCommands::compactSnapshots() {
    std::vector<Snapshot> snaps;
    std::vector<uint16_t> pool;
    pool.reserve(snapLivePixels_);
    for (size_t i = deferredFirst_; i < deferred_.size(); ++i) {
        Record& d = deferred_[i];
        if (d.status != RecordStatus::Pending || d.snapHead < 0) continue;
        chain_.clear();
        for (int32_t s = d.snapHead; s >= 0; s = snaps_[size_t(s)].next)
            chain_.push_back(s);
        int32_t head = -1;
        for (size_t k = chain_.size(); k > 0; --k) { // oldest first, so the head is the newest
            const Snapshot& old = snaps_[size_t(chain_[k - 1])];
            Snapshot& s = snaps.emplace_back();
            s.rect = old.rect;
            s.offset = uint32_t(pool.size());
            s.next = head;
            head = int32_t(snaps.size() - 1);
            size_t n = pixelsOf(old.rect);
            pool.insert(pool.end(), snapPool_.begin() + old.offset,
                        snapPool_.begin() + old.offset + ptrdiff_t(n));
        }
        d.snapHead = head;
    }
    snaps_.swap(snaps);
    snapPool_.swap(pool);
    snapLivePixels_ = snapPool_.size();
}

void FrameCommands::attachPalette(Record& r, Rasterizer& raster) {
    int entries = clutEntries(r.cmd);
    if (!entries) return;
    if (!(primitiveFlags(r.cmd) & kClutCached)) {
        uint16_t attr = clutAttribute(r.cmd);
        if (deferredLive_) settleClut(attr, entries, raster);
        loadClut(r, raster.vram());
    }
    // A hit uses as many entries as its loader (the colour depth is part of the cache key).
    if (sharedPalette_ == kNoPalette || deferredPalettes_[sharedPalette_ - 1] < entries) {
        deferredPalettes_.push_back(uint16_t(entries));
        sharedPalette_ = uint32_t(deferredPalettes_.size());
        deferredPalettes_.insert(deferredPalettes_.end(), clut_, clut_ + entries);
    }
    r.palette = sharedPalette_;
}

// Deferred records still pending write their pixels later: the ones writing into the CLUT run
// now, so VRAM holds there what a loader reads in stream order. The deferred set's rectangle
// sets are coarse (a CLUT between two display buffers often lies inside them), so each CLUT
// remembers how far the deferred list was found clean: records are only appended, and a
// record's writes never grow, so only the records deferred since need a look.
void FrameCommands::settleClut(uint16_t attr, int entries, Rasterizer& raster) {
    Rect parts[4];
    int n = wrapRect((attr & 0x3F) * 16, (attr >> 6) & 0x1FF, entries, 1, parts);
    uint32_t key = attr | uint32_t(entries) << 16;
    ClutScan& scan = clutScans_[(key * 2654435761u) >> (32 - kClutScanBits)];
    size_t from = deferredFirst_;
    if (scan.key == key) from = std::max(from, size_t(scan.cleanTo));
    bool dirty = false;
    bool rowWritten = false; // the CLUT is one row (two parts when it wraps: the same row)
    for (int p = 0; p < n; ++p)
        rowWritten |= rowWriters_[parts[p].y0] != 0;
    if (rowWritten && deferredWrites_.hits(parts, n)) {
        for (size_t i = from; i < deferred_.size() && !dirty; ++i) {
            const Record& d = deferred_[i];
            if (d.status != RecordStatus::Pending) continue;
            for (int w = 0; w < d.footprint.writeCount && !dirty; ++w)
                for (int p = 0; p < n && !dirty; ++p)
                    dirty = overlaps(d.footprint.writes[w], parts[p]);
        }
    }
    if (dirty)
        for (int p = 0; p < n; ++p)
            executeDeferredIn(parts[p], raster); // every pending writer of the CLUT runs
    scan.key = key;
    scan.cleanTo = uint32_t(deferred_.size());
}

void FrameCommands::countRows(const Record& d, int delta) {
    for (int w = 0; w < d.footprint.writeCount; ++w)
        for (int y = d.footprint.writes[w].y0; y < d.footprint.writes[w].y1; ++y)
            rowWriters_[y] += uint32_t(delta);
}

void FrameCommands::forgetClutScans() {
    for (ClutScan& s : clutScans_)
        s = ClutScan{};
}

void FrameCommands::defer(Record& r, Rasterizer& raster) {
    const Footprint& fp = r.footprint;
    if (deferredLive_ && opaqueCover(r) && deferredWrites_.hits(fp.writes, fp.writeCount))
        killCoveredBy(r);
    attachPalette(r, raster);
    Record& d = deferred_.emplace_back(r);
    d.status = RecordStatus::Pending;
    d.snapHead = -1;
    if (d.footprint.clutReadCount) { // it takes its palette along: no CLUT read left
        d.footprint.readCount = uint8_t(d.footprint.readCount - d.footprint.clutReadCount);
        d.footprint.clutReadCount = 0;
        d.readBox = boundingBox(d.footprint.reads, d.footprint.readCount);
    }
    if (d.footprint.readCount) readers_.push_back({d.readBox, uint32_t(deferred_.size() - 1)});
    if (d.cmd.kind == CommandKind::Upload) {
        size_t n = size_t(d.cmd.upload.width) * d.cmd.upload.height;
        const uint16_t* src = pool_.data() + r.cmd.upload.dataOffset;
        d.cmd.upload.dataOffset = uint32_t(deferredPool_.size());
        deferredPool_.insert(deferredPool_.end(), src, src + n);
    }
    ++deferredLive_;
    countRows(d, +1);
    deferredWrites_.add(d.footprint.writes, d.footprint.writeCount);
    deferredReads_.add(d.footprint.reads, d.footprint.readCount);
    r.status = RecordStatus::Deferred;
    ++counters_.recordsDeferred;
    counters_.uploadsDeferred += r.cmd.kind == CommandKind::Upload;
    counters_.pixelsDeferred += r.pixels;
}

void FrameCommands::executeDeferredIn(const Rect& region, Rasterizer& raster) {
    if (!deferredLive_ || !deferredWrites_.hits(region)) return;
    forceDependencies(nullptr, 0, &region, 1, raster, false);
}

void FrameCommands::executeDeferred(Rasterizer& raster) {
    for (size_t i = deferredFirst_; i < deferred_.size(); ++i) {
        Record& d = deferred_[i];
        if (d.status != RecordStatus::Pending) continue;
        runLate(d, raster);
        ++counters_.recordsExecutedLate;
        counters_.uploadsExecutedLate += d.cmd.kind == CommandKind::Upload;
        counters_.pixelsExecutedLate += d.pixels;
    }
    deferredLive_ = 0;
    deferredFirst_ = deferred_.size();
    compactDeferred();
}

bool FrameCommands::peekOldestDeferred(CommandKind& kind, uint64_t& pixels) {
    while (deferredFirst_ < deferred_.size() &&
           deferred_[deferredFirst_].status != RecordStatus::Pending)
        ++deferredFirst_;
    if (!deferredLive_ || deferredFirst_ >= deferred_.size()) return false;
    kind = deferred_[deferredFirst_].cmd.kind;
    pixels = deferred_[deferredFirst_].pixels;
    return true;
}

void FrameCommands::executeOldestDeferred(Rasterizer& raster) {
    CommandKind kind;
    uint64_t pixels = 0;
    if (!peekOldestDeferred(kind, pixels)) return;
    Record& d = deferred_[deferredFirst_];
    runLate(d, raster);
    --deferredLive_;
    ++counters_.recordsExecutedLate;
    counters_.uploadsExecutedLate += d.cmd.kind == CommandKind::Upload;
    counters_.pixelsExecutedLate += d.pixels;
    ++deferredFirst_;
    if (!deferredLive_) dropDeferred();
}

FrameWork FrameCommands::deferredWorkIn(const VramArea& area) const {
    FrameWork w;
    if (!deferredLive_) return w;
    for (size_t i = deferredFirst_; i < deferred_.size(); ++i) {
        const Record& d = deferred_[i];
        if (d.status != RecordStatus::Pending) continue;
        bool hit = false;
        for (int p = 0; p < area.count && !hit; ++p)
            hit = overlaps(area.parts[p], d.writeBox);
        if (!hit) continue;
        ++w.records[int(d.cmd.kind)];
        w.pixels[int(d.cmd.kind)] += d.pixels;
    }
    return w;
}

bool FrameCommands::deferredOverLimit() const {
    return deferred_.size() >= kMaxDeferredRecords || deferredPool_.size() >= kMaxDeferredPixels;
}

void FrameCommands::dropDeferred() {
    deferred_.clear();
    deferredPool_.clear();
    deferredFirst_ = deferredLive_ = 0;
    deferredWrites_.clear();
    deferredReads_.clear();
    readers_.clear();
    snaps_.clear();
    snapPool_.clear();
    snapLivePixels_ = 0;
    deferredPalettes_.clear();
    sharedPalette_ = kNoPalette;
    forgetClutScans();
}

void FrameCommands::compactDeferred() {
    while (deferredFirst_ < deferred_.size() &&
           deferred_[deferredFirst_].status != RecordStatus::Pending)
        ++deferredFirst_;
    if (!deferredLive_) {
        dropDeferred();
        return;
    }
    size_t dead = deferred_.size() - deferredLive_;
    if (dead < 1024 && dead < deferredLive_) return;
    // Keep the live records in order; their upload data keeps its order too, so it only ever
    // moves towards the start of the pool.
    size_t out = 0, poolOut = 0, paletteOut = 0;
    uint32_t lastPalette = kNoPalette, lastPaletteOut = kNoPalette;
    deferredWrites_.clear();
    deferredReads_.clear();
    readers_.clear();
    for (size_t i = deferredFirst_; i < deferred_.size(); ++i) {
        if (deferred_[i].status != RecordStatus::Pending) continue;
        Record& d = deferred_[out++] = deferred_[i];
        if (d.cmd.kind == CommandKind::Upload) {
            size_t n = size_t(d.cmd.upload.width) * d.cmd.upload.height;
            std::copy_n(deferredPool_.begin() + d.cmd.upload.dataOffset, n,
                        deferredPool_.begin() + poolOut);
            d.cmd.upload.dataOffset = uint32_t(poolOut);
            poolOut += n;
        }
        // Palette copies are in the records' order too, each shared by consecutive records.
        if (d.palette != kNoPalette) {
            if (d.palette != lastPalette) {
                size_t n = size_t(deferredPalettes_[d.palette - 1]) + 1;
                std::copy_n(deferredPalettes_.begin() + (d.palette - 1), n,
                            deferredPalettes_.begin() + paletteOut);
                lastPalette = d.palette;
                lastPaletteOut = uint32_t(paletteOut + 1);
                paletteOut += n;
            }
            d.palette = lastPaletteOut;
        }
        deferredWrites_.add(d.footprint.writes, d.footprint.writeCount);
        deferredReads_.add(d.footprint.reads, d.footprint.readCount);
        if (d.footprint.readCount) readers_.push_back({d.readBox, uint32_t(out - 1)});
    }
    deferred_.resize(out);
    deferredPool_.resize(poolOut);
    deferredPalettes_.resize(paletteOut);
    sharedPalette_ = kNoPalette;
    forgetClutScans(); // indexes changed
    deferredFirst_ = 0;
    if (snapPool_.size() > 2 * snapLivePixels_ + 65536) compactSnapshots();
}

} // namespace gpu
