// Software rasterizer: command dispatch and the shared colour tables.
//
// Hardware notes (graphicsprocessingunitgpu.md) the rasterizer relies on:
// - Polygons exclude their right and bottom edges; lines include both end points.
// - Dithering (E1h bit 9) adds the 4x4 matrix offset to the 8-bit colour, saturates to 0..FFh
//   and divides by 8. Polygons dither only with gouraud shading or modulation; lines always;
//   rectangles never.
// - Texel 0000h is fully transparent; texel bit 15 selects semi-transparency for textured
//   semi-transparent primitives and is written to VRAM bit 15 unless E6h bit 0 forces it.
// - E6h bit 1 protects pixels whose bit 15 is set; fills ignore both mask bits and the
//   drawing area; copies and uploads honour the mask bits and wrap at VRAM edges.
// Primitive-specific code lives in rasterizer_{triangle,line,rectangle,transfer}.cpp; the
// triangle setup (edge bounds, colour/UV gradients) in rasterizer_setup.*.
#include "gpu/rasterizer.h"

#include "gpu/rasterizer_pixel.h"

namespace gpu {

namespace raster {

namespace {
constexpr ColorLuts makeColorLuts() {
    ColorLuts luts{};
    for (int row = 0; row < 5; ++row) {
        for (int col = 0; col < 4; ++col) {
            const int offset = row == kNoDitherRow ? 0 : kDitherOffsets[row][col];
            for (int v = 0; v < kLutInputs; ++v) {
                const int c = std::clamp(v + offset, 0, 255);
                luts.table[row][col][v] = static_cast<uint8_t>(c >> 3);
            }
        }
    }
    return luts;
}
} // namespace

constinit const ColorLuts kColorLuts = makeColorLuts();

const uint16_t* absentBank() {
    // Zero-initialised and never written: the pages stay the system's shared zero page.
    static uint16_t zeros[kVramWidth * kVramHeight];
    return zeros;
}

} // namespace raster

void Rasterizer::loadClut(const uint16_t* vram, uint16_t clutAttr, int entries, uint16_t* out) {
    const int clutX = (clutAttr & 0x3F) * 16;
    const int clutY = (clutAttr >> 6) & 0x1FF;
    const uint16_t* row = vram + clutY * kVramWidth;
    for (int i = 0; i < entries; ++i)
        out[i] = row[(clutX + i) & (kVramWidth - 1)];
}

raster::Pass Rasterizer::passOf(uint8_t flags, const DrawState& state) {
    // A texture in an absent bank reads zeros that no cache line may keep.
    const bool cached = (flags & kTexCacheLive) && !state.textureBankAbsent;
    return cached ? raster::Pass::Cached : raster::Pass::Plain;
}

void Rasterizer::touchTexels(const Command& c, const uint16_t* vram, TextureCache& cache) {
    // Touch never writes: the pointer is only an address base.
    uint16_t* base = const_cast<uint16_t*>(vram);
    if (c.kind == CommandKind::Triangle) {
        if ((c.triangle.flags & kTextured) && !c.triangle.state.textureBankAbsent)
            triangle(base, c.triangle, nullptr, raster::Pass::Touch, &cache);
    } else if (c.kind == CommandKind::Rectangle) {
        if ((c.rectangle.flags & kTextured) && !c.rectangle.state.textureBankAbsent)
            rectangle(base, c.rectangle, nullptr, raster::Pass::Touch, &cache);
    }
}

uint64_t Rasterizer::execute(const Command& c, const uint16_t* uploadPool,
                             const uint16_t* palette) {
    switch (c.kind) {
    case CommandKind::Triangle: return drawTriangle(c.triangle, palette);
    case CommandKind::Line: return drawLine(c.line);
    case CommandKind::Rectangle: return drawRectangle(c.rectangle, palette);
    case CommandKind::Fill: return fill(c.fill);
    case CommandKind::Copy: return copy(c.copy);
    case CommandKind::Upload: return upload(c.upload, uploadPool + c.upload.dataOffset);
    }
    return 0;
}

} // namespace gpu
