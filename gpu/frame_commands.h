#pragma once
// The per-frame command cache (DESIGN.md §3): every decoded drawing/transfer command of the
// frame, in arrival order, with the VRAM rectangles it writes and reads, plus the pixel pool of
// its CPU->VRAM uploads. The GPU front appends; execution is a separate step.
//
// It also keeps the deferred set: records of earlier PARTIAL frames whose writes land only in
// display buffers. A deferred record is never dropped: it executes late, in order, before
// anything reads or partly overwrites what it writes (or writes what it reads), and dies
// unexecuted only when an opaque write wholly covers it. A record executed now over pixels that
// deferred records only read leaves them deferred: the old pixels are kept in a bounded
// snapshot pool and swapped in while such a reader runs late. So every VRAM value that is read
// equals the value of a FULL render.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "gpu/commands.h"
#include "gpu/frame_stats.h"
#include "gpu/texture_cache.h"

namespace gpu {

class Rasterizer;

// VRAM footprint of one record. Rectangles are already clipped to the drawing area (primitives)
// and split where the command wraps around VRAM's edges (fill, copy, upload, texture pages).
struct Footprint {
    Rect writes[4];
    Rect reads[4]; // texture page area for the colour depth, CLUT row span, copy source
    uint8_t writeCount = 0;
    uint8_t readCount = 0;
    uint8_t clutReadCount = 0; // the last clutReadCount reads are the CLUT's row span
    // True when a pixel's result depends on the old destination pixel (semi-transparency or
    // the mask test): such a record never "wholly covers" what lies beneath it.
    bool readsDestination = false;
    // True when the record writes only every other row of its rectangles (interlaced drawing,
    // DrawState::interlaced): it never "wholly covers" what lies beneath it either.
    bool skipsRows = false;
};

enum class RecordStatus : uint8_t {
    Pending,  // not executed yet
    Executed, // executed (on time or late)
    Deferred, // this frame's record moved to the deferred set (PARTIAL render)
    Died,     // deferred, then wholly overwritten before anything needed it
};

struct Record {
    Command cmd;
    Footprint footprint;
    Rect writeBox, readBox; // bounding boxes of footprint.writes / footprint.reads
    uint32_t pixels = 0;    // estimated pixels written (cost model and stats)
    RecordStatus status = RecordStatus::Pending;
    bool deferrable = false; // set by classify(): every write lands in a display buffer
    int32_t snapHead = -1;   // deferred: newest of its source snapshots (FrameCommands::Snapshot)
    // Deferred 4-bit/8-bit textured record: offset of its palette in the deferred palette pool.
    uint32_t palette = UINT32_MAX;
    // First record of a run that can see stale texels (texture_cache_tracker.h): index of the
    // texture cache seed it loads before it executes. Such a record is never deferred.
    uint32_t cacheSeed = UINT32_MAX;
};

// A set of VRAM areas (a display area split where it wraps).
struct VramArea {
    Rect parts[4];
    uint8_t count = 0;
    bool operator==(const VramArea& o) const;
};

bool overlaps(const Rect& a, const Rect& b);
bool contains(const Rect& outer, const Rect& inner);
// Bounding box of the non-empty rectangles of `rs` (empty when there are none).
Rect boundingBox(const Rect* rs, int n);
// Footprint of a command as the hardware writes/reads VRAM (graphicsprocessingunitgpu.md:
// drawing area clipping, "Wrapping", "Texture Bitmaps", "Texture Palettes - CLUT").
Footprint footprintOf(const Command& cmd);
// Estimated pixels a command writes (for costs; the rasterizer's count is not needed).
uint32_t estimatePixels(const Command& cmd, const Footprint& fp);
// `n` (pixels or rows of the command's write rectangle) scaled by the share of those rows that
// interlaced drawing keeps; `n` itself when the command draws every row.
uint64_t scaleByDrawnRows(uint64_t n, const Command& cmd, const Footprint& fp);
// Splits the VRAM rectangle (x, y, w, h), x in 0..1023, y in 0..511, into the up to four parts
// it covers when it wraps around VRAM's edges. Returns how many were written to `out`.
int wrapRect(int x, int y, int w, int h, Rect out[4]);

// A few rectangles standing for a region; when full, a new rectangle is merged into the entry
// it grows least, so the set always covers at least what was added (conservative).
class RectSet {
  public:
    static constexpr int kMax = 8;
    void clear() { count_ = 0; }
    bool empty() const { return count_ == 0; }
    void add(const Rect& r);
    void add(const Rect* rs, int n) {
        for (int i = 0; i < n; ++i)
            add(rs[i]);
    }
    int size() const { return count_; }
    const Rect* rects() const { return rects_; }
    // Exactly these rectangles (n <= kMax), as size()/rects() gave them.
    void assign(const Rect* rs, int n) {
        count_ = n;
        for (int i = 0; i < n; ++i)
            rects_[i] = rs[i];
    }
    bool hits(const Rect& r) const;
    bool hits(const Rect* rs, int n) const {
        for (int i = 0; i < n; ++i)
            if (hits(rs[i])) return true;
        return false;
    }

  private:
    Rect rects_[kMax];
    int count_ = 0;
};

// A texture cache seed of a record (Record::cacheSeed; see setTextureCacheLive).
struct TextureCacheSeed {
    uint32_t tags[TextureCache::kEntries];
    Rect areas[RectSet::kMax];
    int areaCount = 0;
};

// Records appended by the GPU front and not handed to the executing FrameCommands yet (the
// render worker's unit of work: FrameCommands::takeBatch / adopt). Upload offsets and seed
// indexes are relative to this batch's own pool and seeds.
struct FrameBatch {
    std::vector<Record> records;
    std::vector<uint16_t> pool;
    std::vector<TextureCacheSeed> seeds;
    bool empty() const { return records.empty(); }
    // Keeps the capacity (no allocation per record once warmed up).
    void clear() {
        records.clear();
        pool.clear();
        seeds.clear();
    }
};

class FrameCommands {
  public:
    // Drops this frame's records and upload pool (all of it must have been executed, deferred
    // or be unwanted). The deferred set is kept.
    void clear();
    // Drops everything, the deferred set included, without executing it (reset, state load).
    void reset();

    // Moves this frame's records (appended here, none executed yet) into `out`, which must be
    // empty; this cache is left empty (the recording side of the render worker).
    void takeBatch(FrameBatch& out);
    // Appends `in`'s records after this frame's, in order, as if they had been appended here
    // (the executing side); `in` is left empty.
    void adopt(FrameBatch& in);

    // Appends a record; returns its index. For an Upload, `cmd.upload.dataOffset` must come from
    // addUploadData().
    size_t append(const Command& cmd);
    // Copies `count` pixels into the upload pool; returns their offset (16-bit units).
    uint32_t addUploadData(const uint16_t* pixels, size_t count);

    // FULL: executes, in order, every pending record of this frame. Returns rasterizer pixels.
    uint64_t executeAll(Rasterizer& raster);
    // Marks the pending records whose every write lies inside one of `buffers` deferrable and
    // returns the frame's pending work (with its deferrable part).
    FrameWork classify(const VramArea* buffers, int bufferCount);
    // PARTIAL: executes the pending records in order, except the deferrable ones (see
    // classify), which move to the deferred set.
    void executePartial(Rasterizer& raster);
    // Makes `region` of VRAM current: executes, in order, every pending record up to and
    // including the last pending one that writes into `region` (earlier records may feed it
    // through texture, CLUT or copy reads, so they run first), and every deferred record that
    // writes into it (with the deferred records those depend on).
    uint64_t executeOverlapping(const Rect& region, Rasterizer& raster);
    // Executes late the deferred records that write into `region` (and what they depend on).
    void executeDeferredIn(const Rect& region, Rasterizer& raster);
    // Executes every deferred record late, in order.
    void executeDeferred(Rasterizer& raster);
    // The oldest pending deferred record's pixels (false: none is pending), and executing it
    // late: running deferred records oldest first, any number of them, keeps stream order.
    bool peekOldestDeferred(CommandKind& kind, uint64_t& pixels);
    void executeOldestDeferred(Rasterizer& raster);
    // Work of the deferred records writing into `area` (what presenting it would cost).
    FrameWork deferredWorkIn(const VramArea& area) const;

    // The texture cache tracker marks the record at `index` (not executed yet): `fetches`
    // makes a textured primitive fetch through the rasterizer's texture cache (kTexCacheLive,
    // stream order, its texture footprint widened to whole cache lines); `seedTags` (256
    // tags, or null) are loaded into that cache before the record executes, after the deferred
    // records writing into `areas` (the lines the tags name) have run.
    void setTextureCacheLive(size_t index, const uint32_t* seedTags, const Rect* areas,
                             int areaCount, bool fetches = true);

    // The CLUT cache's palette as executing records in stream order leaves it (GPU state:
    // the owner saves and restores it; reset() zeroes it). See "CLUT cache" in
    // frame_commands.cpp.
    uint16_t* clutPalette() { return clut_; }
    const uint16_t* clutPalette() const { return clut_; }

    size_t size() const { return records_.size(); }
    size_t pendingCount() const { return records_.size() - firstPending_; }
    const Record& record(size_t i) const { return records_[i]; }
    const std::vector<Record>& records() const { return records_; }
    const std::vector<uint16_t>& uploadPool() const { return pool_; }
    // Deferred records not yet executed or dead.
    size_t deferredCount() const { return deferredLive_; }
    // The deferred set has grown past its bound (a program that never lets it die or be read):
    // the owner executes it (executeDeferred) rather than let it grow.
    bool deferredOverLimit() const;

    // Counters since the last resetCounters() (the pacer reads them per frame).
    struct Counters {
        uint64_t recordsAppended = 0;
        uint64_t recordsExecuted = 0; // on time
        uint64_t recordsDeferred = 0;
        uint64_t recordsExecutedLate = 0;
        uint64_t recordsDied = 0;
        uint64_t pixelsDrawn = 0;        // as the rasterizer reports them
        uint64_t pixelsDeferred = 0;     // estimates
        uint64_t pixelsExecutedLate = 0; // estimates
        uint64_t pixelsDied = 0;         // estimates
        FrameWork executedWork;          // estimates, on time and late
        uint64_t snapshotsTaken = 0;     // source rectangles saved for deferred readers
        uint64_t snapshotPixels = 0;
        uint64_t snapshotsRefused = 0; // readers forced instead (snapshot bound reached)
        // CPU->VRAM uploads among the deferred / executed late / died records (a movie's
        // frames uploaded into a display buffer: DESIGN.md §3, issue 15 item 3).
        uint64_t uploadsDeferred = 0;
        uint64_t uploadsExecutedLate = 0;
        uint64_t uploadsDied = 0;
    };
    const Counters& counters() const { return counters_; }
    void resetCounters() { counters_ = {}; }

  private:
    static constexpr uint32_t kNoPalette = UINT32_MAX;

    uint64_t executeUpTo(size_t endExclusive, Rasterizer& raster);
    // Executes a record of this frame at its place in the stream (on time): its texture cache
    // seed, the deferred records it depends on, then the record.
    void runNow(Record& r, Rasterizer& raster);
    void run(Record& r, const uint16_t* pool, const uint16_t* palette, Rasterizer& raster);
    // A record that loads the CLUT cache reaches its place in the stream: reads its CLUT from
    // VRAM into clut_.
    void loadClut(const Record& r, const uint16_t* vram);
    // defer(): gives a 4-bit/8-bit textured record the palette it draws with, in the deferred
    // palette pool (a loader first makes its CLUT current in VRAM and loads it).
    void attachPalette(Record& r, Rasterizer& raster);
    // Runs the pending deferred records that write into the CLUT `attr` (`entries` wide).
    void settleClut(uint16_t attr, int entries, Rasterizer& raster);
    void forgetClutScans();
    // Loads record `r`'s texture cache seed into the rasterizer (see setTextureCacheLive).
    void seedTextureCache(const Record& r, Rasterizer& raster);
    // Adds `delta` to rowWriters_ for every row `d` writes (d enters or leaves the pending set).
    void countRows(const Record& d, int delta);
    // deferred_records.cpp
    void beforeExecute(const Record& r, Rasterizer& raster);
    void killCoveredBy(const Record& r);
    // Runs, before a record executing now (its writes and reads given), the deferred records it
    // depends on. With `protectReaders`, a deferred record that only reads what the record
    // writes keeps the old pixels in a snapshot instead of running.
    void forceDependencies(const Rect* writes, int writeCount, const Rect* reads, int readCount,
                           Rasterizer& raster, bool protectReaders);
    // Pixels of new snapshots `d` needs to read its sources as they are before `writes` run;
    // -1 when it cannot be protected (it writes into them, or the bound is reached).
    // When `r` writes what deferred records read and nothing else is in the way: gives each of
    // them the snapshots it needs and returns true; false (nothing taken) when one cannot be
    // protected.
    bool protectReadersOf(const Record& r, const uint16_t* vram);
    int64_t snapshotNeed(const Record& d, const Rect* writes, int writeCount) const;
    void takeSnapshots(Record& d, const Rect* writes, int writeCount, const uint16_t* vram);
    void runLate(Record& d, Rasterizer& raster);
    void releaseSnapshots(Record& d);
    void compactSnapshots();
    void defer(Record& r, Rasterizer& raster);
    void compactDeferred();
    // Forgets the whole deferred set and everything kept for it (snapshots, palettes, areas,
    // CLUT scans): compactDeferred() once nothing is live, and reset().
    void dropDeferred();
    void rebuildDeferredAreas();

    std::vector<Record> records_;
    std::vector<uint16_t> pool_;
    size_t firstPending_ = 0; // records [0, firstPending_) are no longer pending

    // Deferred set, in arrival order, with its own upload pool.
    std::vector<Record> deferred_;
    std::vector<uint16_t> deferredPool_;
    size_t deferredFirst_ = 0; // deferred_[0, deferredFirst_) are executed or dead
    size_t deferredLive_ = 0;
    RectSet deferredWrites_, deferredReads_; // cover every live deferred record's footprint
    std::vector<uint32_t> scratch_;          // indexes of records forced to run (reused)
    struct ReaderRef {
        Rect readBox;
        uint32_t index; // into deferred_
    };
    std::vector<ReaderRef> readers_; // deferred records that read VRAM (a compact scan list)
    std::vector<uint32_t> protect_;  // indexes of readers that get snapshots (reused)

    // Source snapshots of deferred readers: when a record executing now overwrites pixels that
    // earlier deferred records read (and do not write), the old pixels are kept here and
    // swapped into VRAM while such a reader runs late. Each reader holds a list, newest first;
    // swapping newest to oldest leaves the oldest value (the one the reader would have seen) in
    // overlaps, and swapping back in reverse order restores VRAM exactly.
    struct Snapshot {
        Rect rect;
        uint32_t offset = 0; // into snapPool_
        int32_t next = -1;   // older snapshot of the same reader
    };
    std::vector<Snapshot> snaps_;
    std::vector<uint16_t> snapPool_;
    std::vector<int32_t> chain_; // one reader's snapshots, newest first (reused)
    size_t snapLivePixels_ = 0;  // pool pixels still owned by pending deferred records

    // CLUT cache: clut_ is the palette as of the last record that reached its place in the
    // stream (executed on time or deferred); deferred records keep their own palette copies in
    // deferredPalettes_, shared by consecutive records with the same one (sharedPalette_).
    uint16_t clut_[256] = {};
    // Each copy is a count halfword followed by the entries; Record::palette points at them.
    std::vector<uint16_t> deferredPalettes_;
    uint32_t sharedPalette_ = kNoPalette; // copy of clut_ in deferredPalettes_, if any
    // settleClut(): per CLUT (hashed), deferred_[deferredFirst_, cleanTo) holds no pending
    // record writing into it. Reset when deferred_ is compacted.
    struct ClutScan {
        uint32_t key = UINT32_MAX; // attribute | entries << 16
        uint32_t cleanTo = 0;
    };
    static constexpr int kClutScanBits = 8;
    ClutScan clutScans_[1 << kClutScanBits];
    // Per VRAM row: pending deferred records writing into it. A CLUT on a row no pending record
    // writes needs no scan (the common case: CLUTs between or beside the display buffers).
    uint32_t rowWriters_[kVramHeight] = {};

    // Texture cache seeds of this frame's records (Record::cacheSeed).
    std::vector<TextureCacheSeed> cacheSeeds_;

    Counters counters_;
};

} // namespace gpu
