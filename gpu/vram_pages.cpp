#include "gpu/vram_pages.h"

#include <algorithm>

namespace gpu {

void VramPages::trackDirty() {
    dirty_.fill(false);
    for (auto& f : flags_)
        f |= kTrackDirty;
    armed_ = kCount;
}

void VramPages::touch(uint32_t page) {
    uint8_t f = flags_[page];
    uint8_t orphaned = 0;
    if (f & savestate::PageBits::kAnyWrite)
        orphaned = observers_.dispatch(flags_[page], page, true);
    if (f & kTrackDirty) dirty_[page] = true;
    setFlags(page, flags_[page] & uint8_t(~(kTrackDirty | orphaned)));
}

void VramPages::touchRects(const Rect* rects, int count) {
    for (int i = 0; i < count; ++i) {
        const Rect& r = rects[i];
        if (r.empty()) continue;
        int tx0 = std::clamp(int(r.x0), 0, kVramWidth - 1) / kTileWidth;
        int tx1 = std::clamp(int(r.x1) - 1, 0, kVramWidth - 1) / kTileWidth;
        int ty0 = std::clamp(int(r.y0), 0, kVramHeight - 1) / kTileHeight;
        int ty1 = std::clamp(int(r.y1) - 1, 0, kVramHeight - 1) / kTileHeight;
        for (int ty = ty0; ty <= ty1; ++ty)
            for (int tx = tx0; tx <= tx1; ++tx) {
                uint32_t page = uint32_t(ty * kColumns + tx);
                if (flags_[page]) touch(page);
            }
    }
}

void VramPages::beforeWriteAll() {
    if (!armed_) return;
    for (uint32_t p = 0; p < kCount; ++p)
        if (flags_[p]) touch(p);
}

} // namespace gpu
