#pragma once
// Decoded GP0 drawing and transfer commands (DESIGN.md §5: decoded once, consumed by the
// rasterizer, the command cache, the pacing classifier, the GPU dump recorder and debuggers).
// A record is self-contained: it carries a snapshot of every E1h..E6h setting it depends on,
// so executing it later (deferred rendering) gives the same pixels as executing it at once.
#include <cstdint>

namespace gpu {

constexpr int kVramWidth = 1024;
constexpr int kVramHeight = 512;

// Inclusive-exclusive rectangle in VRAM coordinates (x0 <= x < x1, y0 <= y < y1). A footprint
// that wraps around VRAM's edge is stored as up to two (or four) rectangles by its owner.
struct Rect {
    int16_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return x0 >= x1 || y0 >= y1; }
};

// Snapshot of the drawing-mode state a primitive uses (GP0 E1h..E6h), graphicsprocessingunitgpu.md
// "GPU Rendering Attributes".
struct DrawState {
    uint16_t texpage = 0;       // E1h bits 0-11 layout: X base (0-3), Y base (4), semi-transparency
                                // mode (5-6), colour depth (7-8), dither (9), draw to display
                                // area (10), texture disable (11)
    uint8_t texWindowMaskX = 0; // E2h, in 8-pixel steps
    uint8_t texWindowMaskY = 0;
    uint8_t texWindowOffX = 0;
    uint8_t texWindowOffY = 0;
    int16_t areaLeft = 0, areaTop = 0;     // E3h, inclusive
    int16_t areaRight = 0, areaBottom = 0; // E4h, inclusive
    bool setMask = false;                  // E6h bit 0: set bit 15 of every written pixel
    bool checkMask = false;                // E6h bit 1: do not write pixels whose bit 15 is set
    bool rectFlipX = false;                // E1h bit 12 (rectangles only)
    bool rectFlipY = false;                // E1h bit 13
    // Interlaced drawing ("the Vertical Interlace flag DOES affect GP0 draw commands", GP1(08h)):
    // in 480-line interlaced mode with E1h bit 10 clear ("Drawing to display area: Prohibited"),
    // polygons, lines and rectangles leave alone every VRAM row of the field being displayed.
    // Captured when the command is decoded (emulated time), so executing the record later
    // (at vblank, or deferred) writes the same rows. See Gpu::drawState() for the parity rule.
    bool interlaced = false; // skip the rows whose (y & 1) == skipRowParity
    uint8_t skipRowParity = 0;
    // GP1(09h) bit 0 set with texture page bit 11 (Y base 2, "Texture page Y Base 2"): the
    // texture lies in the second VRAM bank, absent on this 1 MB console, so "textures
    // disappear": every texel halfword reads as 0000h (a 4-bit/8-bit texel is then CLUT entry
    // 0). Captured at decode time like the interlace fields.
    bool textureBankAbsent = false;
    // True when row `y` is written (always, unless interlaced).
    bool drawsRow(int y) const { return !interlaced || (y & 1) != skipRowParity; }
};

// Flags of polygon, line and rectangle commands (from the command byte).
enum PrimFlags : uint8_t {
    kGouraud = 1 << 0,         // bit 28 (polygons, lines)
    kTextured = 1 << 1,        // bit 26 (polygons, rectangles)
    kSemiTransparent = 1 << 2, // bit 25
    kRawTexture = 1 << 3,      // bit 24 (textured only: no colour modulation)
    kQuad = 1 << 4,            // bit 27 (polygons)
    // Not a command bit: set at decode time on a 4-bit/8-bit textured primitive that finds its
    // palette in the CLUT cache (see clutEntries) and so does not read its CLUT from VRAM.
    kClutCached = 1 << 5,
    // Not a command bit: set by the texture cache tracker (texture_cache_tracker.h) on a textured
    // primitive whose texels may differ from VRAM through the texture cache: it fetches through
    // the cache and executes in stream order (never deferred).
    kTexCacheLive = 1 << 6,
};

struct Vertex {
    int32_t x = 0, y = 0; // drawing offset (E5h) already added; sign-extended 11-bit coordinates
    uint8_t r = 0, g = 0, b = 0;
    uint8_t u = 0, v = 0;
};

// One triangle (a quad is decoded into two triangles, split as the hardware does: v0 v1 v2 and
// v1 v2 v3). Primitives the hardware drops (a vertex distance > 1023 horizontally or > 511
// vertically) are never emitted.
struct TriangleCmd {
    uint8_t flags = 0;
    Vertex v[3];
    uint16_t clut = 0;    // CLUT attribute (bits 0-5: X/16, bits 6-14: Y)
    uint16_t texpage = 0; // texpage attribute of this primitive (already applied to state.texpage)
    DrawState state;
};

// One line segment (polylines are decoded into segments).
struct LineCmd {
    uint8_t flags = 0;
    Vertex v[2];
    DrawState state;
};

// Rectangle (GP0 60h..7Fh): position already offset; size after the variable/1x1/8x8/16x16 choice.
struct RectangleCmd {
    uint8_t flags = 0;
    int32_t x = 0, y = 0;
    uint16_t width = 0, height = 0;
    uint8_t r = 0, g = 0, b = 0;
    uint8_t u = 0, v = 0;
    uint16_t clut = 0;
    DrawState state;
};

// GP0(02h) fill: x/width/height already masked and rounded as the hardware does; ignores the
// mask bits and the drawing area, wraps around VRAM's edges.
struct FillCmd {
    uint16_t x = 0, y = 0, width = 0, height = 0;
    uint16_t color = 0; // 15-bit BGR converted from the 24-bit command colour
    // Interlaced drawing applies to fills too (GP1(08h): the interlace flag "DOES affect GP0
    // draw commands"; peer emulators, citing hardware tests, skip the displayed field's rows in
    // fills as in primitives). Captured at decode time like DrawState::interlaced.
    bool interlaced = false;
    uint8_t skipRowParity = 0;
    bool drawsRow(int y) const { return !interlaced || (y & 1) != skipRowParity; }
};

// GP0(80h) VRAM->VRAM copy (parameters masked as the hardware does).
struct CopyCmd {
    uint16_t srcX = 0, srcY = 0, dstX = 0, dstY = 0, width = 0, height = 0;
    bool setMask = false, checkMask = false;
};

// GP0(A0h) CPU->VRAM transfer. The pixels live in the owner's data pool (FrameCommands keeps
// them alongside the records): `dataOffset` indexes that pool in 16-bit units.
struct UploadCmd {
    uint16_t x = 0, y = 0, width = 0, height = 0;
    bool setMask = false, checkMask = false;
    uint32_t dataOffset = 0;
};

enum class CommandKind : uint8_t { Triangle, Line, Rectangle, Fill, Copy, Upload };

struct Command {
    CommandKind kind = CommandKind::Fill;
    union {
        TriangleCmd triangle;
        LineCmd line;
        RectangleCmd rectangle;
        FillCmd fill;
        CopyCmd copy;
        UploadCmd upload;
    };
    Command() : fill() {}
    // One constructor per kind: the decoder builds each record in a single expression.
    explicit Command(const TriangleCmd& t) : kind(CommandKind::Triangle), triangle(t) {}
    explicit Command(const LineCmd& l) : kind(CommandKind::Line), line(l) {}
    explicit Command(const RectangleCmd& r) : kind(CommandKind::Rectangle), rectangle(r) {}
    explicit Command(const FillCmd& f) : kind(CommandKind::Fill), fill(f) {}
    explicit Command(const CopyCmd& c) : kind(CommandKind::Copy), copy(c) {}
    explicit Command(const UploadCmd& u) : kind(CommandKind::Upload), upload(u) {}
};

inline uint8_t primitiveFlags(const Command& c) {
    switch (c.kind) {
    case CommandKind::Triangle: return c.triangle.flags;
    case CommandKind::Line: return c.line.flags;
    case CommandKind::Rectangle: return c.rectangle.flags;
    default: return 0;
    }
}

// CLUT entries a primitive uses: 16 for a 4-bit texture, 256 for an 8-bit one, 0 for 15-bit
// textures (depth 2 and the reserved 3, drawn as 15-bit) and untextured primitives, which
// have no palette ("Clut Attribute": "relevant only for 4bit/8bit textures").
inline int clutEntries(const Command& c) {
    uint16_t texpage;
    if (c.kind == CommandKind::Triangle)
        texpage = c.triangle.state.texpage;
    else if (c.kind == CommandKind::Rectangle)
        texpage = c.rectangle.state.texpage;
    else
        return 0;
    if (!(primitiveFlags(c) & kTextured)) return 0;
    int depth = (texpage >> 7) & 3;
    return depth == 0 ? 16 : depth == 1 ? 256 : 0;
}
inline uint16_t clutAttribute(const Command& c) {
    return c.kind == CommandKind::Triangle ? c.triangle.clut : c.rectangle.clut;
}

} // namespace gpu
