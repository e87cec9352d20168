// Per-frame command cache. Hardware notes relied on (graphicsprocessingunitgpu.md):
// - Render commands (20h..7Fh) only write inside the drawing area (E3h/E4h, inclusive corners).
// - Fill, Copy and CPU->VRAM ignore the drawing area and wrap at VRAM's edges, X and Y
//   independently ("Wrapping").
// - A texture page is 256x256 texels at X = N*64, Y = N*256; in VRAM halfwords it spans 64
//   (4-bit), 128 (8-bit) or 256 (15-bit, and the reserved mode 3) columns ("Texture Bitmaps").
// - A CLUT is 16 (4-bit) or 256 (8-bit) halfwords of one row at X = N*16 ("Texture Palettes").
// - "GPU Texture Caching": the CLUT cache is preserved between drawing commands and is
//   invalidated when a different CLUT index is used, by GP0(01h) and by GP1(01h) (so GP1(00h)).
//
// CLUT cache. Whether a 4-bit/8-bit textured record loads the cache or finds its palette there
// is decided by the GPU front at decode time, in arrival order (the kClutCached flag): nothing
// here depends on when records execute. A record that loads reads its CLUT from VRAM at its
// place in the stream; a cache hit draws with the palette of the last loader before it. The
// records of this frame reach their place in the stream in order (executed on time, or
// deferred), so clut_, updated at that moment, is always the palette a FULL render would have
// at that point, whether the loader was executed or deferred:
// - a loader executed on time reads VRAM then (deferred writers of its CLUT run first, as for
//   any read);
// - a loader that is deferred reads VRAM when it is deferred, after the deferred records
//   writing its CLUT have run (executeDeferredIn): VRAM there is then what it would read in a
//   FULL render, so its palette needs no snapshot, and its later death changes nothing;
// - a deferred record (loader or hit) takes a copy of clut_ along and draws with it whenever
//   it runs late; it no longer reads its CLUT from VRAM, so its footprint drops the CLUT.
// clut_ carries over frame boundaries and is GPU state (Gpu::serialize).
#include "gpu/frame_commands.h"

#include <algorithm>
#include <cstdlib>

#include "gpu/rasterizer.h"

namespace gpu {

bool overlaps(const Rect& a, const Rect& b) {
    return !a.empty() && !b.empty() && a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

bool contains(const Rect& outer, const Rect& inner) {
    return !inner.empty() && outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && inner.x1 <= outer.x1 &&
           inner.y1 <= outer.y1;
}

bool VramArea::operator==(const VramArea& o) const {
    if (count != o.count) return false;
    for (int i = 0; i < count; ++i)
        if (parts[i].x0 != o.parts[i].x0 || parts[i].y0 != o.parts[i].y0 ||
            parts[i].x1 != o.parts[i].x1 || parts[i].y1 != o.parts[i].y1)
            return false;
    return true;
}

namespace {

Rect makeRect(int x0, int y0, int x1, int y1) {
    Rect r;
    r.x0 = static_cast<int16_t>(x0);
    r.y0 = static_cast<int16_t>(y0);
    r.x1 = static_cast<int16_t>(x1);
    r.y1 = static_cast<int16_t>(y1);
    return r;
}

// Adds the rectangle (x, y, w, h) with x in 0..1023, y in 0..511, split where it wraps.
void addWrapped(Rect* out, uint8_t& count, int x, int y, int w, int h) {
    if (w <= 0 || h <= 0) return;
    int xs[2][2] = {{x, std::min(x + w, kVramWidth)}, {0, x + w - kVramWidth}};
    int ys[2][2] = {{y, std::min(y + h, kVramHeight)}, {0, y + h - kVramHeight}};
    for (auto& yr : ys) {
        if (yr[1] <= yr[0]) continue;
        for (auto& xr : xs) {
            if (xr[1] <= xr[0]) continue;
            out[count++] = makeRect(xr[0], yr[0], xr[1], std::min(yr[1], kVramHeight));
        }
    }
}

// Bounding box [minX, maxX] x [minY, maxY] (inclusive) clipped to the drawing area.
void addClipped(Footprint& fp, const DrawState& s, int minX, int minY, int maxX, int maxY) {
    int x0 = std::max(minX, int(s.areaLeft));
    int y0 = std::max(minY, int(s.areaTop));
    int x1 = std::min(maxX, int(s.areaRight)) + 1;
    int y1 = std::min(maxY, int(s.areaBottom)) + 1;
    if (x0 < x1 && y0 < y1) fp.writes[fp.writeCount++] = makeRect(x0, y0, x1, y1);
}

// The CLUT row span a 4-bit/8-bit textured record loading the CLUT cache reads (a cache hit
// reads no CLUT from VRAM). Always the last reads of a footprint (clutReadCount).
void addClutRead(Footprint& fp, uint16_t texpage, uint16_t clut, uint8_t flags) {
    int depth = (texpage >> 7) & 3;
    if (depth >= 2 || (flags & kClutCached)) return;
    int clutX = (clut & 0x3F) * 16;
    int clutY = (clut >> 6) & 0x1FF;
    uint8_t before = fp.readCount;
    addWrapped(fp.reads, fp.readCount, clutX, clutY, depth == 0 ? 16 : 256, 1);
    fp.clutReadCount = uint8_t(fp.readCount - before);
}

// Texels a textured primitive can fetch: the texture page columns and rows its texture
// coordinates span (an interpolated coordinate stays between its vertices' values; one texel
// of margin covers rounding). A texture window (E2h) rewrites coordinate bits, so with a
// window mask the whole page axis is assumed. Reading less than the whole page keeps a draw
// that samples one corner of a page from forcing deferred work elsewhere in that page.
// A primitive fetching through the texture cache (kTexCacheLive) loads whole 4-halfword lines,
// so its texture area is widened to them.
void addTextureReads(Footprint& fp, const DrawState& s, uint16_t clut, uint8_t flags, int umin,
                     int umax, int vmin, int vmax) {
    uint16_t texpage = s.texpage;
    int depth = (texpage >> 7) & 3;
    int pageX = (texpage & 0xF) * 64;
    int pageY = ((texpage >> 4) & 1) * 256;
    if (s.texWindowMaskX) umin = 0, umax = 255;
    if (s.texWindowMaskY) vmin = 0, vmax = 255;
    umin = std::max(umin - 1, 0), umax = std::min(umax + 1, 255);
    vmin = std::max(vmin - 1, 0), vmax = std::min(vmax + 1, 255);
    int shift = depth == 0 ? 2 : depth == 1 ? 1 : 0; // texels per halfword: 4, 2, 1
    int x0 = umin >> shift, x1 = umax >> shift;
    if (flags & kTexCacheLive) x0 &= ~3, x1 |= 3;
    addWrapped(fp.reads, fp.readCount, pageX + x0, pageY + vmin, x1 - x0 + 1, vmax - vmin + 1);
    addClutRead(fp, texpage, clut, flags);
}

// A rectangle's texture coordinates run from its corner over its size, backwards when
// flipped, wrapping at 256; a run that wraps spans the whole axis.
void rectangleTexelRange(int start, int size, bool flip, int& lo, int& hi) {
    int a = flip ? start - (size - 1) : start;
    int b = flip ? start : start + size - 1;
    if (a < 0 || b > 255)
        lo = 0, hi = 255;
    else
        lo = a, hi = b;
}

// A primitive reads the pixels it writes when it blends or tests the mask bit, and an
// interlaced one writes every other row only (so it never wholly covers what lies beneath).
void markDestinationUse(Footprint& fp, uint8_t flags, const DrawState& state) {
    fp.readsDestination = (flags & kSemiTransparent) || state.checkMask;
    fp.skipsRows = state.interlaced;
}

} // namespace

int wrapRect(int x, int y, int w, int h, Rect out[4]) {
    uint8_t n = 0;
    addWrapped(out, n, x, y, w, h);
    return n;
}

Footprint footprintOf(const Command& cmd) {
    Footprint fp;
    switch (cmd.kind) {
    case CommandKind::Triangle: {
        const TriangleCmd& t = cmd.triangle;
        int minX = std::min({t.v[0].x, t.v[1].x, t.v[2].x});
        int maxX = std::max({t.v[0].x, t.v[1].x, t.v[2].x});
        int minY = std::min({t.v[0].y, t.v[1].y, t.v[2].y});
        int maxY = std::max({t.v[0].y, t.v[1].y, t.v[2].y});
        // Polygons exclude their lower-right edge; the inclusive box is a safe superset.
        addClipped(fp, t.state, minX, minY, maxX, maxY);
        if (t.flags & kTextured)
            addTextureReads(fp, t.state, t.clut, t.flags, std::min({t.v[0].u, t.v[1].u, t.v[2].u}),
                            std::max({t.v[0].u, t.v[1].u, t.v[2].u}),
                            std::min({t.v[0].v, t.v[1].v, t.v[2].v}),
                            std::max({t.v[0].v, t.v[1].v, t.v[2].v}));
        markDestinationUse(fp, t.flags, t.state);
        break;
    }
    case CommandKind::Line: {
        const LineCmd& l = cmd.line;
        int minX = std::min(l.v[0].x, l.v[1].x), maxX = std::max(l.v[0].x, l.v[1].x);
        int minY = std::min(l.v[0].y, l.v[1].y), maxY = std::max(l.v[0].y, l.v[1].y);
        // The line walk takes coordinates as 11 bits (rasterizer_line.cpp): below -1024 they
        // wrap into VRAM, so such a line may write anywhere in the drawing area. Lines never
        // cover (deferred_records.cpp), so the larger box only costs deferral chances.
        if (minX < -1024 || minY < -1024) minX = minY = 0, maxX = maxY = kVramWidth - 1;
        addClipped(fp, l.state, minX, minY, maxX, maxY);
        markDestinationUse(fp, l.flags, l.state);
        break;
    }
    case CommandKind::Rectangle: {
        const RectangleCmd& r = cmd.rectangle;
        if (r.width && r.height)
            addClipped(fp, r.state, r.x, r.y, r.x + r.width - 1, r.y + r.height - 1);
        if (r.flags & kTextured && r.width && r.height) {
            int u0, u1, v0, v1;
            // X-flip starts at U OR 1 (rasterizer_rectangle.cpp).
            rectangleTexelRange(r.state.rectFlipX ? (r.u | 1) : r.u, r.width, r.state.rectFlipX, u0,
                                u1);
            rectangleTexelRange(r.v, r.height, r.state.rectFlipY, v0, v1);
            addTextureReads(fp, r.state, r.clut, r.flags, u0, u1, v0, v1);
        } else if (r.flags & kTextured) {
            // A zero-size textured rectangle draws nothing but loads the CLUT cache (gp0.cpp).
            addClutRead(fp, r.state.texpage, r.clut, r.flags);
        }
        markDestinationUse(fp, r.flags, r.state);
        break;
    }
    case CommandKind::Fill: {
        const FillCmd& f = cmd.fill;
        addWrapped(fp.writes, fp.writeCount, f.x, f.y, f.width, f.height);
        fp.skipsRows = f.interlaced;
        break;
    }
    case CommandKind::Copy: {
        const CopyCmd& c = cmd.copy;
        addWrapped(fp.writes, fp.writeCount, c.dstX, c.dstY, c.width, c.height);
        addWrapped(fp.reads, fp.readCount, c.srcX, c.srcY, c.width, c.height);
        fp.readsDestination = c.checkMask;
        break;
    }
    case CommandKind::Upload: {
        const UploadCmd& u = cmd.upload;
        addWrapped(fp.writes, fp.writeCount, u.x, u.y, u.width, u.height);
        fp.readsDestination = u.checkMask;
        break;
    }
    }
    return fp;
}

namespace {
uint64_t area(const Rect& r) {
    return r.empty() ? 0 : uint64_t(r.x1 - r.x0) * uint64_t(r.y1 - r.y0);
}
} // namespace

Rect boundingBox(const Rect* rs, int n) {
    Rect b;
    for (int i = 0; i < n; ++i) {
        if (rs[i].empty()) continue;
        if (b.empty()) {
            b = rs[i];
            continue;
        }
        b.x0 = std::min(b.x0, rs[i].x0);
        b.y0 = std::min(b.y0, rs[i].y0);
        b.x1 = std::max(b.x1, rs[i].x1);
        b.y1 = std::max(b.y1, rs[i].y1);
    }
    return b;
}

uint64_t scaleByDrawnRows(uint64_t n, const Command& cmd, const Footprint& fp) {
    if (!fp.skipsRows || !fp.writeCount || fp.writes[0].empty()) return n;
    if (cmd.kind == CommandKind::Fill) { // rows y..y+height-1 wrap at 512, which keeps parity
        const FillCmd& f = cmd.fill;
        uint64_t rows = std::min<uint64_t>(f.height, kVramHeight);
        if (!rows) return n;
        uint64_t drawn = rows / 2 + ((rows & 1) && f.drawsRow(f.y) ? 1 : 0);
        return n * drawn / rows;
    }
    const DrawState* s = nullptr;
    switch (cmd.kind) {
    case CommandKind::Triangle: s = &cmd.triangle.state; break;
    case CommandKind::Line: s = &cmd.line.state; break;
    case CommandKind::Rectangle: s = &cmd.rectangle.state; break;
    default: return n;
    }
    // Primitive footprints are one rectangle; count its rows of the parity that is drawn.
    const Rect& r = fp.writes[0];
    uint64_t rows = uint64_t(r.y1 - r.y0);
    uint64_t drawn = rows / 2 + ((rows & 1) && s->drawsRow(r.y0) ? 1 : 0);
    return n * drawn / rows;
}

uint32_t estimatePixels(const Command& cmd, const Footprint& fp) {
    uint64_t writes = 0;
    for (int i = 0; i < fp.writeCount; ++i)
        writes += area(fp.writes[i]);
    uint64_t n = writes;
    if (cmd.kind == CommandKind::Triangle) {
        const TriangleCmd& t = cmd.triangle;
        int64_t cross = int64_t(t.v[1].x - t.v[0].x) * (t.v[2].y - t.v[0].y) -
                        int64_t(t.v[2].x - t.v[0].x) * (t.v[1].y - t.v[0].y);
        n = std::min<uint64_t>(uint64_t(std::llabs(cross)) / 2, writes);
    } else if (cmd.kind == CommandKind::Line) {
        const LineCmd& l = cmd.line;
        uint64_t len =
            uint64_t(std::max(std::abs(l.v[1].x - l.v[0].x), std::abs(l.v[1].y - l.v[0].y))) + 1;
        n = std::min(len, writes);
    }
    n = scaleByDrawnRows(n, cmd, fp);
    return uint32_t(std::min<uint64_t>(n, UINT32_MAX));
}

void RectSet::add(const Rect& r) {
    if (r.empty()) return;
    for (int i = 0; i < count_; ++i)
        if (contains(rects_[i], r)) return;
    if (count_ < kMax) {
        rects_[count_++] = r;
        return;
    }
    int best = 0;
    uint64_t bestGrowth = UINT64_MAX;
    for (int i = 0; i < count_; ++i) {
        Rect pair[2] = {rects_[i], r};
        uint64_t growth = area(boundingBox(pair, 2)) - area(rects_[i]);
        if (growth < bestGrowth) bestGrowth = growth, best = i;
    }
    Rect pair[2] = {rects_[best], r};
    rects_[best] = boundingBox(pair, 2);
}

bool RectSet::hits(const Rect& r) const {
    for (int i = 0; i < count_; ++i)
        if (overlaps(rects_[i], r)) return true;
    return false;
}

void FrameCommands::clear() {
    records_.clear();
    pool_.clear();
    cacheSeeds_.clear();
    firstPending_ = 0;
    compactDeferred();
}

void FrameCommands::reset() {
    records_.clear();
    pool_.clear();
    cacheSeeds_.clear();
    firstPending_ = 0;
    dropDeferred();
    std::fill(std::begin(clut_), std::end(clut_), 0);
    std::fill(std::begin(rowWriters_), std::end(rowWriters_), 0u);
}

size_t FrameCommands::append(const Command& cmd) {
    Record& r = records_.emplace_back();
    r.cmd = cmd;
    r.footprint = footprintOf(cmd);
    r.writeBox = boundingBox(r.footprint.writes, r.footprint.writeCount);
    r.readBox = boundingBox(r.footprint.reads, r.footprint.readCount);
    r.pixels = estimatePixels(cmd, r.footprint);
    ++counters_.recordsAppended;
    return records_.size() - 1;
}

void FrameCommands::takeBatch(FrameBatch& out) {
    out.records.swap(records_);
    out.pool.swap(pool_);
    out.seeds.swap(cacheSeeds_);
    records_.clear();
    pool_.clear();
    cacheSeeds_.clear();
    firstPending_ = 0;
}

void FrameCommands::adopt(FrameBatch& in) {
    counters_.recordsAppended += in.records.size();
    if (records_.empty()) { // the usual case: a whole frame, moved without a copy
        records_.swap(in.records);
        pool_.swap(in.pool);
        cacheSeeds_.swap(in.seeds);
        firstPending_ = 0;
        in.clear();
        return;
    }
    uint32_t poolBase = uint32_t(pool_.size());
    uint32_t seedBase = uint32_t(cacheSeeds_.size());
    for (Record& r : in.records) {
        if (r.cmd.kind == CommandKind::Upload) r.cmd.upload.dataOffset += poolBase;
        if (r.cacheSeed != UINT32_MAX) r.cacheSeed += seedBase;
        records_.push_back(r);
    }
    pool_.insert(pool_.end(), in.pool.begin(), in.pool.end());
    cacheSeeds_.insert(cacheSeeds_.end(), in.seeds.begin(), in.seeds.end());
    in.clear();
}

void FrameCommands::setTextureCacheLive(size_t index, const uint32_t* seedTags, const Rect* areas,
                                        int areaCount, bool fetches) {
    Record& r = records_[index];
    if (fetches) {
        if (r.cmd.kind == CommandKind::Triangle)
            r.cmd.triangle.flags |= kTexCacheLive;
        else
            r.cmd.rectangle.flags |= kTexCacheLive;
        r.footprint = footprintOf(r.cmd);
        r.readBox = boundingBox(r.footprint.reads, r.footprint.readCount);
    }
    if (seedTags) {
        TextureCacheSeed& seed = cacheSeeds_.emplace_back();
        std::copy_n(seedTags, TextureCache::kEntries, seed.tags);
        seed.areaCount = std::min(areaCount, RectSet::kMax);
        std::copy_n(areas, seed.areaCount, seed.areas);
        r.cacheSeed = static_cast<uint32_t>(cacheSeeds_.size() - 1);
    }
}

void FrameCommands::seedTextureCache(const Record& r, Rasterizer& raster) {
    const TextureCacheSeed& seed = cacheSeeds_[r.cacheSeed];
    // The tagged lines hold what they held when loaded (nothing wrote there since): make VRAM
    // there current, then load them.
    for (int i = 0; i < seed.areaCount; ++i)
        executeDeferredIn(seed.areas[i], raster);
    raster.textureCache().seed(seed.tags, raster.vram());
}

uint32_t FrameCommands::addUploadData(const uint16_t* pixels, size_t count) {
    uint32_t offset = static_cast<uint32_t>(pool_.size());
    pool_.insert(pool_.end(), pixels, pixels + count);
    return offset;
}

void FrameCommands::loadClut(const Record& r, const uint16_t* vram) {
    Rasterizer::loadClut(vram, clutAttribute(r.cmd), clutEntries(r.cmd), clut_);
    sharedPalette_ = kNoPalette;
}

void FrameCommands::runNow(Record& r, Rasterizer& raster) {
    // A texture cache seed reads its lines before anything below may let their deferred
    // writers die (beforeExecute kills what this record covers).
    if (r.cacheSeed != UINT32_MAX) seedTextureCache(r, raster);
    if (deferredLive_) beforeExecute(r, raster);
    const uint16_t* palette = nullptr;
    if (clutEntries(r.cmd)) {
        // Loaded even when the primitive draws nothing (clipped away): the decision to load
        // was taken at decode time, from the command alone.
        if (!(primitiveFlags(r.cmd) & kClutCached)) loadClut(r, raster.vram());
        palette = clut_;
    }
    run(r, pool_.data(), palette, raster);
    ++counters_.recordsExecuted;
}

void FrameCommands::run(Record& r, const uint16_t* pool, const uint16_t* palette,
                        Rasterizer& raster) {
    // Every execution of a record (on time or late) passes here: VRAM's page table hears of
    // its writes first (the footprint is clipped and wrapped as the rasterizer writes).
    raster.beforeWrite(r.footprint.writes, r.footprint.writeCount);
    counters_.pixelsDrawn += raster.execute(r.cmd, pool, palette);
    r.status = RecordStatus::Executed;
    int kind = int(r.cmd.kind);
    ++counters_.executedWork.records[kind];
    counters_.executedWork.pixels[kind] += r.pixels;
}

uint64_t FrameCommands::executeUpTo(size_t endExclusive, Rasterizer& raster) {
    uint64_t before = counters_.pixelsDrawn;
    for (; firstPending_ < endExclusive; ++firstPending_) {
        Record& r = records_[firstPending_];
        if (r.status != RecordStatus::Pending) continue;
        runNow(r, raster);
    }
    return counters_.pixelsDrawn - before;
}

uint64_t FrameCommands::executeAll(Rasterizer& raster) {
    return executeUpTo(records_.size(), raster);
}

FrameWork FrameCommands::classify(const VramArea* buffers, int bufferCount) {
    FrameWork w;
    for (size_t i = firstPending_; i < records_.size(); ++i) {
        Record& r = records_[i];
        if (r.status != RecordStatus::Pending) continue;
        int kind = int(r.cmd.kind);
        ++w.records[kind];
        w.pixels[kind] += r.pixels;
        const Footprint& fp = r.footprint;
        bool inside = fp.writeCount > 0;
        for (int k = 0; k < fp.writeCount && inside; ++k) {
            bool found = false;
            for (int b = 0; b < bufferCount && !found; ++b)
                for (int p = 0; p < buffers[b].count && !found; ++p)
                    found = contains(buffers[b].parts[p], fp.writes[k]);
            inside = found;
        }
        // Records of a texture cache run keep their place in the stream.
        if ((primitiveFlags(r.cmd) & kTexCacheLive) || r.cacheSeed != UINT32_MAX) inside = false;
        r.deferrable = inside;
        if (inside) {
            ++w.deferrableRecords;
            w.deferrablePixels += r.pixels;
            ++w.deferrableRecordsOf[kind];
            w.deferrablePixelsOf[kind] += r.pixels;
        }
    }
    return w;
}

void FrameCommands::executePartial(Rasterizer& raster) {
    for (; firstPending_ < records_.size(); ++firstPending_) {
        Record& r = records_[firstPending_];
        if (r.status != RecordStatus::Pending) continue;
        if (r.deferrable) {
            defer(r, raster);
            continue;
        }
        runNow(r, raster);
    }
}

uint64_t FrameCommands::executeOverlapping(const Rect& region, Rasterizer& raster) {
    size_t end = firstPending_;
    for (size_t i = records_.size(); i > firstPending_; --i) {
        const Footprint& fp = records_[i - 1].footprint;
        bool hit = false;
        for (int w = 0; w < fp.writeCount && !hit; ++w)
            hit = overlaps(fp.writes[w], region);
        if (hit) {
            end = i;
            break;
        }
    }
    uint64_t before = counters_.pixelsDrawn;
    executeUpTo(end, raster);
    executeDeferredIn(region, raster);
    return counters_.pixelsDrawn - before;
}

} // namespace gpu
