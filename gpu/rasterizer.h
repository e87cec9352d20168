#pragma once
// Software rasterizer: executes decoded command records into VRAM, exact to the hardware rules
// of graphicsprocessingunitgpu.md. No virtual call or allocation per pixel.
#include <cstdint>

#include "gpu/commands.h"
#include "gpu/texture_cache.h"
#include "gpu/vram_pages.h"

namespace gpu {

namespace raster {
enum class Pass : uint8_t;
}

class Rasterizer {
  public:
    // `vram` is 1024x512 16-bit pixels, row-major, owned by the caller.
    explicit Rasterizer(uint16_t* vram) : vram_(vram) {}

    // Each returns the number of pixels written or considered (used by the cost model).
    // `palette` (textured 4-bit/8-bit primitives): the CLUT to use, 16 or 256 entries, chosen
    // by the caller (the command cache's CLUT cache); null: read the CLUT from VRAM when the
    // primitive starts.
    uint64_t drawTriangle(const TriangleCmd& cmd, const uint16_t* palette = nullptr);
    uint64_t drawLine(const LineCmd& cmd);
    uint64_t drawRectangle(const RectangleCmd& cmd, const uint16_t* palette = nullptr);
    uint64_t fill(const FillCmd& cmd);
    uint64_t copy(const CopyCmd& cmd);
    // `pixels` points at width*height 16-bit pixels.
    uint64_t upload(const UploadCmd& cmd, const uint16_t* pixels);
    uint64_t execute(const Command& cmd, const uint16_t* uploadPool,
                     const uint16_t* palette = nullptr);
    // Texture cache (texture_cache.h) that primitives flagged kTexCacheLive fetch through; the
    // command cache seeds it when such a run of primitives starts.
    TextureCache& textureCache() { return cache_; }
    // Applies the texel fetches of a textured triangle or rectangle to `cache`'s tags, in
    // drawing order, without drawing or reading VRAM (`vram` only anchors addresses). Other
    // commands, and textures in an absent VRAM bank, fetch nothing.
    static void touchTexels(const Command& cmd, const uint16_t* vram, TextureCache& cache);
    // Reads `entries` CLUT halfwords at the CLUT attribute's position ("Clut Attribute": X =
    // bits 0-5 * 16, Y = bits 6-14 with 1 MB VRAM), wrapping at VRAM's right edge.
    static void loadClut(const uint16_t* vram, uint16_t clutAttr, int entries, uint16_t* out);
    // The command cache swaps saved source pixels in and out around a late record.
    uint16_t* vram() const { return vram_; }
    // VRAM's page table (none: nothing to tell). Whoever executes a command or otherwise
    // changes pixels calls beforeWrite() first with the rectangles it writes.
    void setPages(VramPages* pages) { pages_ = pages; }
    void beforeWrite(const Rect* rects, int count) const {
        if (pages_) pages_->beforeWrite(rects, count);
    }

  private:
    static raster::Pass passOf(uint8_t flags, const DrawState& state);
    static uint64_t triangle(uint16_t* vram, const TriangleCmd& cmd, const uint16_t* palette,
                             raster::Pass pass, TextureCache* cache);
    static uint64_t rectangle(uint16_t* vram, const RectangleCmd& cmd, const uint16_t* palette,
                              raster::Pass pass, TextureCache* cache);

    uint16_t* vram_;
    VramPages* pages_ = nullptr;
    TextureCache cache_;
};

} // namespace gpu
