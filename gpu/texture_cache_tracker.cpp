#include "gpu/texture_cache_tracker.h"

#include "gpu/rasterizer.h"

namespace gpu {

namespace {
bool fetchesTexels(const Command& c) {
    if (c.kind == CommandKind::Triangle)
        return (c.triangle.flags & kTextured) && !c.triangle.state.textureBankAbsent;
    if (c.kind == CommandKind::Rectangle)
        return (c.rectangle.flags & kTextured) && !c.rectangle.state.textureBankAbsent;
    return false;
}

// Copies and uploads invalidate the cache when they start, so only these can make it stale.
bool drawsPixels(const Command& c) {
    return c.kind == CommandKind::Triangle || c.kind == CommandKind::Line ||
           c.kind == CommandKind::Rectangle || c.kind == CommandKind::Fill;
}

// The cache lines (4 halfwords, aligned) covering `r`.
Rect wholeLines(Rect r) {
    r.x0 = int16_t(r.x0 & ~3);
    r.x1 = int16_t((r.x1 + 3) & ~3);
    return r;
}
} // namespace

void TextureCacheTracker::reset() {
    invalidate();
    page_ = 0;
}

void TextureCacheTracker::invalidate() {
    live_ = false;
    area_.clear();
    kept_.clear();
    tags_.invalidate();
}

void TextureCacheTracker::useTexpage(uint16_t drawMode) {
    if ((drawMode ^ page_) & kPageBits) invalidate();
    page_ = drawMode & kPageBits;
}

void TextureCacheTracker::onAppend(FrameCommands& frame, size_t index) {
    const Record& r = frame.record(index);
    if (!drawsPixels(r.cmd)) return;
    const bool fetches = fetchesTexels(r.cmd);
    if (live_) {
        if (fetches) frame.setTextureCacheLive(index, nullptr, nullptr, 0);
        return;
    }
    const Footprint& fp = r.footprint;
    Rect lines[4];
    int n = 0;
    if (fetches)
        for (int i = 0; i < fp.readCount - fp.clutReadCount; ++i)
            lines[n++] = wholeLines(fp.reads[i]);
    // A record drawing over texels it fetches itself can already see its own writes stale.
    bool dirty = area_.hits(fp.writes, fp.writeCount);
    for (int w = 0; w < fp.writeCount && !dirty; ++w)
        for (int i = 0; i < n && !dirty; ++i)
            dirty = overlaps(fp.writes[w], lines[i]);
    if (dirty) {
        fold();
        live_ = true;
        frame.setTextureCacheLive(index, tags_.tags(), area_.rects(), area_.size(), fetches);
        area_.clear();
        return;
    }
    if (!fetches) return;
    area_.add(lines, n);
    kept_.push_back(r.cmd);
    if (kept_.size() >= kFoldAt) fold();
}

void TextureCacheTracker::fold() {
    // An entry's tag is that of the last fetch mapped to it: walk the records newest first
    // (each one's own fetches in drawing order) and stop once every entry is decided.
    uint32_t* tags = tags_.tags();
    bool decided[TextureCache::kEntries] = {};
    int left = TextureCache::kEntries;
    for (size_t i = kept_.size(); i-- > 0 && left > 0;) {
        scratch_.invalidate();
        Rasterizer::touchTexels(kept_[i], vram_, scratch_);
        const uint32_t* fetched = scratch_.tags();
        for (int e = 0; e < TextureCache::kEntries; ++e) {
            if (decided[e] || fetched[e] == TextureCache::kInvalid) continue;
            tags[e] = fetched[e];
            decided[e] = true;
            --left;
        }
    }
    kept_.clear();
}

bool TextureCacheTracker::serializeFields(savestate::StateIO& io) {
    if (io.reading())
        kept_.clear(); // replaced by the tags read below
    else
        fold();
    bool found = io.field("texcache.page", page_);
    uint8_t live = live_;
    found = io.field("texcache.live", live) && found;
    live_ = live != 0;
    found =
        io.field("texcache.tags", tags_.tags(), TextureCache::kEntries * sizeof(uint32_t)) && found;
    if (io.reading() && found && !tags_.tagsValid()) {
        io.fail("gpu: bad texture cache tags");
        tags_.invalidate();
    }
    Rect rects[RectSet::kMax] = {};
    int32_t count = area_.size();
    std::copy_n(area_.rects(), count, rects);
    found = io.field("texcache.areaCount", count) && found;
    if (io.reading() && (count < 0 || count > RectSet::kMax)) {
        io.fail("gpu: bad texture cache area");
        count = 0;
    }
    found = io.field("texcache.area", rects, sizeof(Rect) * size_t(count)) && found;
    if (io.reading()) area_.assign(rects, found ? count : 0);
    return found;
}

void TextureCacheTracker::serialize(savestate::StateIO& io) {
    if (io.reading())
        kept_.clear(); // replaced by the tags read below
    else
        fold();
    io.value(page_);
    uint8_t live = live_;
    io.value(live);
    live_ = live != 0;
    io.array(tags_.tags(), TextureCache::kEntries);
    if (io.reading() && !tags_.tagsValid()) {
        io.fail("gpu: bad texture cache tags");
        tags_.invalidate();
    }
    Rect rects[RectSet::kMax];
    int32_t count = area_.size();
    std::copy_n(area_.rects(), count, rects);
    io.value(count);
    if (io.reading() && (count < 0 || count > RectSet::kMax)) {
        io.fail("gpu: bad texture cache area");
        count = 0;
    }
    io.array(rects, size_t(count));
    if (io.reading()) area_.assign(rects, count);
}

} // namespace gpu
