#pragma once
// The GPU's 2 KB texture cache (graphicsprocessingunitgpu.md "GPU Texture Caching"): 256
// entries of 8 bytes, each holding one line of 4 VRAM halfwords. The texture page is tiled
// into cache blocks ("Cache blocks"): 64x64 texels in 4-bit mode and 32x64 in 8-bit mode (both
// 16 halfwords x 64 rows, 4 entries per row), 32x32 in 15-bit mode (32 halfwords x 32 rows,
// 8 entries per row). An entry is numbered by its place inside the block ("Cache entries"), and
// "the cache can hold only one cache entry by the same number": lines at the same place of
// different blocks evict each other.
//
// The 8-bit layout is where the sources disagree. psx-spx says 32x64 twice: in the sizes ("in
// 8 bit CLUT it's 32x64") and in the "Cache entries" diagram, which draws 4-bit and 8-bit
// blocks alike with 4 entries per row (4 x 8 texels wide, 256 / 4 = 64 rows). Mednafen alone
// uses 64x32 for 8-bit (its 15-bit layout: 8 entries per row, 32 rows), with a comment that
// it is "NOT 32x64"; DuckStation and PCSX-Redux do not model a texture cache at all (their
// software renderers read VRAM for every texel), so they do not take a side. With one peer
// against an explicit, self-consistent reference, we keep psx-spx's layout; a capture from a
// console would settle it.
//
// A fetch whose line is in the cache uses the cached halfwords even when VRAM has changed since
// (the reason GP0(01h) "Clear Cache" exists); otherwise the line is loaded from VRAM. What
// invalidates the cache, and how the command cache keeps it exact under frame skipping, is in
// texture_cache_tracker.h.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "gpu/commands.h"

namespace gpu {

class TextureCache {
  public:
    static constexpr int kEntries = 256;
    static constexpr int kLineHalfwords = 4;
    static constexpr uint32_t kInvalid = UINT32_MAX;

    TextureCache() { invalidate(); }

    // Entry number of the line holding VRAM halfword (x, y) for colour depth 0/1/2.
    static int entryOf(int depth, int x, int y) {
        if (depth < 2) return ((y & 63) << 2) | ((x >> 2) & 3);
        return ((y & 31) << 3) | ((x >> 2) & 7);
    }
    // Tag of that line: its VRAM address (in halfwords).
    static uint32_t lineOf(int x, int y) { return uint32_t(y) * kVramWidth + uint32_t(x & ~3); }

    void invalidate() { std::fill_n(tags_, kEntries, kInvalid); }

    // The halfword a texel fetch of VRAM (x, y) returns (x in 0..1023, y in 0..511).
    uint16_t read(const uint16_t* vram, int depth, int x, int y) {
        const int e = entryOf(depth, x, y);
        const uint32_t line = lineOf(x, y);
        if (tags_[e] != line) {
            tags_[e] = line;
            std::memcpy(data_[e], vram + line, sizeof data_[e]);
        }
        return data_[e][x & 3];
    }
    // The same fetch for its effect on the tags alone (the data is loaded by seed()).
    void touch(int depth, int x, int y) { tags_[entryOf(depth, x, y)] = lineOf(x, y); }

    // Sets the tags and loads every tagged line from `vram`.
    void seed(const uint32_t* tags, const uint16_t* vram) {
        std::copy_n(tags, kEntries, tags_);
        for (int e = 0; e < kEntries; ++e)
            if (tags_[e] != kInvalid) std::memcpy(data_[e], vram + tags_[e], sizeof data_[e]);
    }

    // False when a tag is neither invalid nor the address of a line (a damaged savestate).
    bool tagsValid() const {
        for (uint32_t t : tags_)
            if (t != kInvalid && (t >= uint32_t(kVramWidth) * kVramHeight || (t & 3))) return false;
        return true;
    }

    uint32_t* tags() { return tags_; }
    const uint32_t* tags() const { return tags_; }
    uint16_t* data() { return &data_[0][0]; }

  private:
    uint32_t tags_[kEntries];
    uint16_t data_[kEntries][kLineHalfwords] = {};
};

} // namespace gpu
