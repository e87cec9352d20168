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
// D dies unexecuted when R wholly covers it with an opaque write (every pixel of D's rectangles
// is written by R without looking at the destination), unless R or a deferred record between
// D and R reads D's pixels as a source. Blending or mask tests of later records over D's
// pixels do not keep D alive: those pixels lie inside R, which overwrites them all. Textured
// primitives never cover (texel 0000h is transparent); triangles and lines never cover (their
// footprints are bounding boxes).
#include <algorithm>

#include "gpu/frame_commands.h"
#include "gpu/rasterizer.h"

namespace gpu {

namespace {
constexpr size_t kMaxDeferredRecords = 1u << 17;
constexpr size_t kMaxDeferredPixels = 8u << 20;

bool opaqueCover(const Record& r) {
    const Footprint& fp = r.footprint;
    if (!fp.writeCount || fp.readsDestination) return false;
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
    bool hazard = deferredWrites_.hits(fp.writes, fp.writeCount) ||
                  deferredWrites_.hits(fp.reads, fp.readCount) ||
                  deferredReads_.hits(fp.writes, fp.writeCount);
    if (!hazard) return;
    if (opaqueCover(r)) killCoveredBy(r);
    if (deferredLive_) forceDependencies(fp.writes, fp.writeCount, fp.reads, fp.readCount, raster);
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
            --deferredLive_;
            ++counters_.recordsDied;
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
                                      int readCount, Rasterizer& raster) {
    RectSet forcedWrites, forcedReads;
    forcedWrites.add(writes, writeCount);
    forcedReads.add(reads, readCount);
    scratch_.clear();
    for (size_t i = deferred_.size(); i > deferredFirst_; --i) {
        const Record& d = deferred_[i - 1];
        if (d.status != RecordStatus::Pending) continue;
        if (!forcedWrites.hits(d.writeBox) && !forcedReads.hits(d.writeBox) &&
            !forcedWrites.hits(d.readBox))
            continue;
        const Footprint& fp = d.footprint;
        if (!forcedWrites.hits(fp.writes, fp.writeCount) &&
            !forcedReads.hits(fp.writes, fp.writeCount) &&
            !forcedWrites.hits(fp.reads, fp.readCount))
            continue;
        scratch_.push_back(uint32_t(i - 1));
        forcedWrites.add(fp.writes, fp.writeCount);
        forcedReads.add(fp.reads, fp.readCount);
    }
    for (size_t k = scratch_.size(); k > 0; --k) {
        Record& d = deferred_[scratch_[k - 1]];
        run(d, deferredPool_.data(), raster);
        --deferredLive_;
        ++counters_.recordsExecutedLate;
        counters_.pixelsExecutedLate += d.pixels;
    }
    while (deferredFirst_ < deferred_.size() &&
           deferred_[deferredFirst_].status != RecordStatus::Pending)
        ++deferredFirst_;
    if (!scratch_.empty()) rebuildDeferredAreas();
}

void FrameCommands::defer(Record& r) {
    const Footprint& fp = r.footprint;
    if (deferredLive_ && opaqueCover(r) && deferredWrites_.hits(fp.writes, fp.writeCount))
        killCoveredBy(r);
    Record& d = deferred_.emplace_back(r);
    d.status = RecordStatus::Pending;
    if (d.cmd.kind == CommandKind::Upload) {
        size_t n = size_t(d.cmd.upload.width) * d.cmd.upload.height;
        const uint16_t* src = pool_.data() + r.cmd.upload.dataOffset;
        d.cmd.upload.dataOffset = uint32_t(deferredPool_.size());
        deferredPool_.insert(deferredPool_.end(), src, src + n);
    }
    ++deferredLive_;
    deferredWrites_.add(fp.writes, fp.writeCount);
    deferredReads_.add(fp.reads, fp.readCount);
    r.status = RecordStatus::Deferred;
    ++counters_.recordsDeferred;
    counters_.pixelsDeferred += r.pixels;
}

void FrameCommands::executeDeferredIn(const Rect& region, Rasterizer& raster) {
    if (!deferredLive_ || !deferredWrites_.hits(region)) return;
    forceDependencies(nullptr, 0, &region, 1, raster);
}

void FrameCommands::executeDeferred(Rasterizer& raster) {
    for (size_t i = deferredFirst_; i < deferred_.size(); ++i) {
        Record& d = deferred_[i];
        if (d.status != RecordStatus::Pending) continue;
        run(d, deferredPool_.data(), raster);
        ++counters_.recordsExecutedLate;
        counters_.pixelsExecutedLate += d.pixels;
    }
    deferredLive_ = 0;
    deferredFirst_ = deferred_.size();
    compactDeferred();
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

void FrameCommands::compactDeferred() {
    while (deferredFirst_ < deferred_.size() &&
           deferred_[deferredFirst_].status != RecordStatus::Pending)
        ++deferredFirst_;
    if (!deferredLive_) {
        deferred_.clear();
        deferredPool_.clear();
        deferredFirst_ = 0;
        deferredWrites_.clear();
        deferredReads_.clear();
        return;
    }
    size_t dead = deferred_.size() - deferredLive_;
    if (dead < 1024 && dead < deferredLive_) return;
    // Keep the live records in order; their upload data keeps its order too, so it only ever
    // moves towards the start of the pool.
    size_t out = 0, poolOut = 0;
    deferredWrites_.clear();
    deferredReads_.clear();
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
        deferredWrites_.add(d.footprint.writes, d.footprint.writeCount);
        deferredReads_.add(d.footprint.reads, d.footprint.readCount);
    }
    deferred_.resize(out);
    deferredPool_.resize(poolOut);
    deferredFirst_ = 0;
}

} // namespace gpu
