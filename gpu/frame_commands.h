#pragma once
// The per-frame command cache (DESIGN.md §3): every decoded drawing/transfer command of the
// frame, in arrival order, with the VRAM rectangles it writes and reads, plus the pixel pool of
// its CPU->VRAM uploads. The GPU front appends; execution is a separate step (executeAll at
// vblank, executeOverlapping before a VRAM read-back), so a pacing policy can later decide per
// record to defer it or let it die without changing how records are built.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "gpu/commands.h"

namespace gpu {

class Rasterizer;

// VRAM footprint of one record. Rectangles are already clipped to the drawing area (primitives)
// and split where the command wraps around VRAM's edges (fill, copy, upload, texture pages).
struct Footprint {
    Rect writes[4];
    Rect reads[4]; // texture page area for the colour depth, CLUT row span, copy source
    uint8_t writeCount = 0;
    uint8_t readCount = 0;
    // True when a pixel's result depends on the old destination pixel (semi-transparency or
    // the mask test): such a record never "wholly covers" what lies beneath it.
    bool readsDestination = false;
};

enum class RecordStatus : uint8_t { Pending, Executed };

struct Record {
    Command cmd;
    Footprint footprint;
    RecordStatus status = RecordStatus::Pending;
};

bool overlaps(const Rect& a, const Rect& b);
// Footprint of a command as the hardware writes/reads VRAM (graphicsprocessingunitgpu.md:
// drawing area clipping, "Wrapping", "Texture Bitmaps", "Texture Palettes - CLUT").
Footprint footprintOf(const Command& cmd);
// Splits the VRAM rectangle (x, y, w, h), x in 0..1023, y in 0..511, into the up to four parts
// it covers when it wraps around VRAM's edges. Returns how many were written to `out`.
int wrapRect(int x, int y, int w, int h, Rect out[4]);

class FrameCommands {
  public:
    // Drops every record and the upload pool (all of it must have been executed or be unwanted).
    void clear();

    // Appends a record; returns its index. For an Upload, `cmd.upload.dataOffset` must come from
    // addUploadData().
    size_t append(const Command& cmd);
    // Copies `count` pixels into the upload pool; returns their offset (16-bit units).
    uint32_t addUploadData(const uint16_t* pixels, size_t count);

    // Executes, in order, every pending record. Returns pixels reported by the rasterizer.
    uint64_t executeAll(Rasterizer& raster);
    // Makes `region` of VRAM current: executes, in order, every pending record up to and
    // including the last pending one that writes into `region` (earlier records may feed it
    // through texture, CLUT or copy reads, so they run first).
    uint64_t executeOverlapping(const Rect& region, Rasterizer& raster);

    size_t size() const { return records_.size(); }
    size_t pendingCount() const { return records_.size() - firstPending_; }
    const Record& record(size_t i) const { return records_[i]; }
    const std::vector<Record>& records() const { return records_; }
    const std::vector<uint16_t>& uploadPool() const { return pool_; }

    // Counters since the last resetCounters() (the evaluator reads them per frame).
    struct Counters {
        uint64_t recordsAppended = 0;
        uint64_t recordsExecuted = 0;
        uint64_t pixelsDrawn = 0;
    };
    const Counters& counters() const { return counters_; }
    void resetCounters() { counters_ = {}; }

  private:
    uint64_t executeUpTo(size_t endExclusive, Rasterizer& raster);

    std::vector<Record> records_;
    std::vector<uint16_t> pool_;
    size_t firstPending_ = 0; // records [0, firstPending_) have been executed
    Counters counters_;
};

} // namespace gpu
