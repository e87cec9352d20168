#pragma once
// Decode side of the texture cache (texture_cache.h): decides, in arrival order, which records
// can see texels that differ from VRAM, so frame skipping never changes what is drawn.
//
// Invalidation. The reference names GP0(01h) "Clear Cache" and says the cache must be flushed
// by software "when mutating the VRAM" (drawing does not update it). It is silent on anything
// else; we follow Mednafen, the peer emulator that models the cache: GP1(00h), the start of a
// GP0(80h) copy, GP0(A0h) CPU->VRAM or GP0(C0h) VRAM->CPU transfer, and a change of texture
// page (X base, Y base, colour depth or bit 11, by GP0(E1h) or a textured polygon's texpage
// attribute) also invalidate it. Fills and drawing do not.
//
// Epochs. Between two invalidations the cache only fills up. While nothing writes into a line
// it holds (an "epoch" still clean), every fetch returns what VRAM holds, so records draw the
// same with or without the cache and execute (or defer) as usual. The tags are a pure function
// of the epoch's textured records (which texels they fetch, in drawing order), so the tracker
// only keeps those records (folding them into tags now and then). The first record that writes
// into the epoch's texture area (a conservative rectangle set, whole 4-halfword lines) ends
// the clean part: it carries the tags as they are before it (a "seed"), the executor loads the
// tagged lines from VRAM (unchanged since they were loaded, by construction) into the
// rasterizer's cache, and from then until the next invalidation every textured primitive is
// flagged kTexCacheLive: it fetches through the cache, in stream order, and is never deferred.
// Programs that flush, switch pages or upload between rendering into a texture and sampling it
// stay clean; the others pay for exactness with records that cannot be deferred.
#include <cstdint>
#include <vector>

#include "gpu/commands.h"
#include "gpu/frame_commands.h"
#include "gpu/texture_cache.h"
#include "savestate/state_io.h"

namespace gpu {

class TextureCacheTracker {
  public:
    // Power-on: an empty cache, texture page 0.
    void reset();
    // Every entry becomes invalid (see the rules above).
    void invalidate();
    // The texture page becomes that of `drawMode` (E1h layout); invalidates when it changes.
    void useTexpage(uint16_t drawMode);
    // Classifies the record just appended at `index` (after an invalidation its command
    // needed, e.g. a copy's, has been reported).
    void onAppend(FrameCommands& frame, size_t index);
    // `vram` anchors the addresses of the tag folding (it is never read).
    void setVram(const uint16_t* vram) { vram_ = vram; }

    // Savestate part (the GPU's section): with every record executed.
    // Section "gpu" versions 3 (packed) and 4 on (named fields; false when reading a state
    // that lacks them).
    void serialize(savestate::StateIO& io);
    bool serializeFields(savestate::StateIO& io);

    // For tests: the records still kept for folding, and whether stale texels are possible.
    size_t keptRecords() const { return kept_.size(); }
    bool live() const { return live_; }

  private:
    static constexpr size_t kFoldAt = 2048;      // kept records before they are folded into tags
    static constexpr uint16_t kPageBits = 0x99F; // E1h bits 0-4, 7-8, 11

    // Applies the kept records' fetches to tags_.
    void fold();

    const uint16_t* vram_ = nullptr;
    uint16_t page_ = 0;
    bool live_ = false;
    RectSet area_;              // clean epoch: every line its textured records can have loaded
    std::vector<Command> kept_; // clean epoch: textured records not yet folded into tags_
    TextureCache tags_;         // clean epoch: the tags before kept_ (data unused)
    TextureCache scratch_;      // fold(): the fetches of one record
};

} // namespace gpu
