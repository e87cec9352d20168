#pragma once
// Software rasterizer: executes decoded command records into VRAM, exact to the hardware rules
// of graphicsprocessingunitgpu.md. No virtual call or allocation per pixel.
#include <cstdint>

#include "gpu/commands.h"
#include "gpu/vram_pages.h"

namespace gpu {

class Rasterizer {
  public:
    // `vram` is 1024x512 16-bit pixels, row-major, owned by the caller.
    explicit Rasterizer(uint16_t* vram) : vram_(vram) {}

    // Each returns the number of pixels written or considered (used by the cost model).
    uint64_t drawTriangle(const TriangleCmd& cmd);
    uint64_t drawLine(const LineCmd& cmd);
    uint64_t drawRectangle(const RectangleCmd& cmd);
    uint64_t fill(const FillCmd& cmd);
    uint64_t copy(const CopyCmd& cmd);
    // `pixels` points at width*height 16-bit pixels.
    uint64_t upload(const UploadCmd& cmd, const uint16_t* pixels);
    uint64_t execute(const Command& cmd, const uint16_t* uploadPool);
    // The command cache swaps saved source pixels in and out around a late record.
    uint16_t* vram() const { return vram_; }
    // VRAM's page table (none: nothing to tell). Whoever executes a command or otherwise
    // changes pixels calls beforeWrite() first with the rectangles it writes.
    void setPages(VramPages* pages) { pages_ = pages; }
    void beforeWrite(const Rect* rects, int count) const {
        if (pages_) pages_->beforeWrite(rects, count);
    }

  private:
    uint16_t* vram_;
    VramPages* pages_ = nullptr;
};

} // namespace gpu
