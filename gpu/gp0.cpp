// GP0: packet assembly, decoding into command records, transfers, busy-time model.
// Hardware notes relied on (graphicsprocessingunitgpu.md):
// - The top 3 bits of a command word select the class; polygon/line/rectangle flag bits as in
//   "GP0(20h..7Fh) - Render Command Bits". A polygon sends, per vertex, [colour (gouraud,
//   vertex 1+)] vertex [UV (textured)]; the first UV word holds the CLUT, the second the texpage,
//   which updates E1h bits 0-8 and 11 (not 9-10, 12-13).
// - Vertex X/Y are signed 11-bit (bits 0-10 / 16-26), the rest ignored. A polygon or line with
//   a vertex distance over 1023 horizontally or 511 vertically is not rendered. Quads are two
//   triangles, v0 v1 v2 and v1 v2 v3.
// - A polyline ends at a word with (word AND F000F000h) = 50005000h in the position of the first
//   word of a vertex, after at least two vertices.
// - Fill (02h): X AND 3F0h, Y AND 1FFh, W rounded up to 16 after AND 3FFh, H AND 1FFh; colour
//   24->15 bit by dropping 3 LSBs, mask bit 0. Copy/transfers: X AND 3FFh, Y AND 1FFh,
//   size ((n-1) AND 3FFh/1FFh)+1. Transfer data is two pixels per word, padded to a word.
// - "GPU Texture Caching": a CLUT cache, preserved between drawing commands, is invalidated
//   when a different CLUT index value is used or by GP0(01h) (GP1(01h) too, see gpu.cpp).
// - GP0(00h, 04h..1Eh, E0h, E7h..EFh) are NOPs and, like E3h..E5h, take no FIFO space; 01h
//   and 03h do. GP0(1Fh) sets GPUSTAT.24 and requests IRQ1.
// - The command FIFO holds 16 words ("64-byte (16-word) command FIFO"). A word that arrives
//   while it is full is lost: nothing makes the sender wait (DMA2 samples its request,
//   GPUSTAT.25/28, only at the start of a block or linked-list node - "the DMA probably starts
//   ONLY on command words" - and "blksiz>10h ... exceeds the GPU's FIFO size, and causes lost
//   data"), so a list node longer than the FIFO loses the words the GPU had no room for.
#include <algorithm>
#include <cstdlib>

#include "gpu/gpu.h"

namespace gpu {

namespace {
inline int32_t signExtend11(uint32_t v) {
    return int32_t(v << 21) >> 21;
}
inline uint16_t transferWidth(uint32_t word) {
    return uint16_t(((word - 1) & 0x3FF) + 1);
}
inline uint16_t transferHeight(uint32_t word) {
    return uint16_t((((word >> 16) - 1) & 0x1FF) + 1);
}

// Sizes of the records above which the cache is flushed even without a vblank, so a program
// that never lets the core reach vblank cannot grow it without bound. The result is the same.
constexpr size_t kMaxRecords = 1u << 20;
constexpr size_t kMaxPoolPixels = 16u << 20;
} // namespace

// ---------------------------------------------------------------------------------------------
// Busy-time model. The reference gives no drawing timings ("GPU polygon rendering time is
// unknown", dmachannels.md), so the model is built from what it does give:
// - the GPU runs on the video clock, 11/7 of the CPU clock ("GPU Timings");
// - v2 VRAM is DRAM on one 32-bit bus ("Memory/Rendering Timings"): block operations (fill,
//   each side of a copy) move two pixels per clock;
// - primitives are drawn pixel by pixel: one clock per pixel written, plus one per extra VRAM
//   read it needs (texel fetch; destination read for semi-transparency or the mask test);
// - a fixed command setup of 16 clocks and 2 clocks per polygon scanline (edge stepping) are
//   this model's assumptions.
// Pixels are counted from the command and its clipped footprint, never from the rasterizer.
// Interlaced drawing skips every other row: pixels and rows count only the rows drawn (this
// model's assumption: skipped rows cost nothing).
// CPU->VRAM data is written as it arrives: at DMA speed (1 CPU clock per 2-pixel word) the
// bus keeps up, so a transfer adds no busy time of its own.
// - A CLUT load (a 4-bit or 8-bit textured primitive whose CLUT is not in the CLUT cache, see
//   tagClut) reads its 16 or 256 entries from VRAM: one clock per entry, like a pixel read.
//   The reference gives no figure; the peers charge the same (Mednafen takes 16 / 256 units of
//   its drawing time, the unit it also charges per pixel).
// - A primitive dropped for its size (a vertex distance over 1023/511, or a rectangle of size
//   0) still costs its setup, and its CLUT load: the peers charge the command's setup before
//   they check the size, and the CLUT is loaded before it (see tagClut).
namespace {
constexpr uint64_t kSetup = 16;

uint64_t clutLoadGpuClocks(const Command& cmd) {
    const bool cached = cmd.kind == CommandKind::Triangle ? (cmd.triangle.flags & kClutCached)
                                                          : cmd.kind == CommandKind::Rectangle &&
                                                                (cmd.rectangle.flags & kClutCached);
    return cached ? 0 : uint64_t(clutEntries(cmd));
}
} // namespace

uint64_t commandGpuClocks(const Command& cmd, const Footprint& fp) {
    constexpr uint64_t kPerRow = 2;
    auto area = [](const Rect& r) -> uint64_t {
        return r.empty() ? 0 : uint64_t(r.x1 - r.x0) * uint64_t(r.y1 - r.y0);
    };
    uint64_t readDest = fp.readsDestination ? 1 : 0;
    switch (cmd.kind) {
    case CommandKind::Triangle: {
        const TriangleCmd& t = cmd.triangle;
        if (!fp.writeCount) return kSetup;
        int64_t cross = int64_t(t.v[1].x - t.v[0].x) * (t.v[2].y - t.v[0].y) -
                        int64_t(t.v[2].x - t.v[0].x) * (t.v[1].y - t.v[0].y);
        uint64_t pixels = std::min<uint64_t>(uint64_t(std::llabs(cross)) / 2, area(fp.writes[0]));
        uint64_t rows = uint64_t(fp.writes[0].y1 - fp.writes[0].y0);
        pixels = scaleByDrawnRows(pixels, cmd, fp);
        rows = scaleByDrawnRows(rows, cmd, fp);
        uint64_t perPixel = 1 + ((t.flags & kTextured) ? 1 : 0) + readDest;
        return kSetup + rows * kPerRow + pixels * perPixel;
    }
    case CommandKind::Line: {
        const LineCmd& l = cmd.line;
        uint64_t pixels =
            uint64_t(std::max(std::abs(l.v[1].x - l.v[0].x), std::abs(l.v[1].y - l.v[0].y))) + 1;
        return kSetup + scaleByDrawnRows(pixels, cmd, fp) * (1 + readDest);
    }
    case CommandKind::Rectangle: {
        uint64_t pixels = fp.writeCount ? scaleByDrawnRows(area(fp.writes[0]), cmd, fp) : 0;
        uint64_t perPixel = 1 + ((cmd.rectangle.flags & kTextured) ? 1 : 0) + readDest;
        return kSetup + pixels * perPixel;
    }
    case CommandKind::Fill:
        return kSetup +
               (scaleByDrawnRows(uint64_t(cmd.fill.width) * cmd.fill.height, cmd, fp) + 1) / 2;
    case CommandKind::Copy: return kSetup + uint64_t(cmd.copy.width) * cmd.copy.height;
    case CommandKind::Upload: return 0;
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------

DrawState Gpu::drawState() const {
    DrawState s;
    s.texpage = st_.drawMode & 0xFFF;
    s.texWindowMaskX = st_.texWindow & 0x1F;
    s.texWindowMaskY = (st_.texWindow >> 5) & 0x1F;
    s.texWindowOffX = (st_.texWindow >> 10) & 0x1F;
    s.texWindowOffY = (st_.texWindow >> 15) & 0x1F;
    // 1 MB VRAM: Y addresses are 9 bits (GP1(09h) cannot reach a second bank that is absent).
    s.areaLeft = st_.areaTopLeft & 0x3FF;
    s.areaTop = (st_.areaTopLeft >> 10) & 0x1FF;
    s.areaRight = st_.areaBottomRight & 0x3FF;
    s.areaBottom = (st_.areaBottomRight >> 10) & 0x1FF;
    s.setMask = st_.maskBits & 1;
    s.checkMask = st_.maskBits & 2;
    s.rectFlipX = st_.drawMode & 0x1000;
    s.rectFlipY = st_.drawMode & 0x2000;
    // Interlaced drawing (rule and parity in gpu.cpp's notes): captured now, in emulated time.
    if (st_.display.lines480() && !(st_.drawMode & 0x400)) {
        s.interlaced = true;
        s.skipRowParity = uint8_t((st_.display.startY + st_.displayField) & 1);
    }
    // GP1(09h).0 lets texture page bit 11 select the second VRAM bank, absent on a 1 MB
    // console (GP0(E1h) bit 11, GP1(09h)).
    s.textureBankAbsent = st_.vramUpper && (st_.drawMode & 0x800);
    return s;
}

Vertex Gpu::decodeVertex(uint32_t word) const {
    Vertex v;
    v.x = signExtend11(word & 0x7FF) + signExtend11(st_.drawOffset & 0x7FF);
    v.y = signExtend11((word >> 16) & 0x7FF) + signExtend11((st_.drawOffset >> 11) & 0x7FF);
    return v;
}

namespace {
inline void setColor(Vertex& v, uint32_t color) {
    v.r = color & 0xFF;
    v.g = (color >> 8) & 0xFF;
    v.b = (color >> 16) & 0xFF;
}
// Line flags from the command word (GP0 40h-5Fh): bit 28 gouraud, bit 25 semi-transparent.
inline uint8_t lineFlags(uint32_t command) {
    return uint8_t(((command & (1u << 28)) ? kGouraud : 0) |
                   ((command & (1u << 25)) ? kSemiTransparent : 0));
}
inline bool tooBig(const Vertex& a, const Vertex& b) {
    return std::abs(a.x - b.x) > 1023 || std::abs(a.y - b.y) > 511;
}
} // namespace

// Whether a word needs a FIFO slot: all do except the NOPs and E3h..E5h in command position.
static bool takesFifoSpace(uint32_t word, bool commandPosition) {
    if (!commandPosition) return true;
    uint32_t op = word >> 24;
    bool nop = op == 0x00 || (op >= 0x04 && op <= 0x1E) || op == 0xE0 || op >= 0xE7;
    return !nop && !(op >= 0xE3 && op <= 0xE5);
}

void Gpu::writeGP0(uint32_t word, uint64_t now) {
    catchUp(now); // leaves only words still queued: their leave times are in order
    if (st_.fifoCount >= kFifoWords && takesFifoSpace(word, st_.phase == Phase::Command))
        return; // FIFO full: the word is lost
    switch (st_.phase) {
    case Phase::Command: startCommand(word, now); break;
    case Phase::Packet:
        pushFifoWord(now);
        st_.packet[st_.packetLen++] = word;
        if (st_.packetLen == st_.packetNeeded) finishPacket(now);
        break;
    case Phase::PolyLine:
        pushFifoWord(now);
        polyLineWord(word, now);
        break;
    case Phase::Upload:
        pushFifoWord(now);
        uploadWord(word, now);
        break;
    }
}

void Gpu::startCommand(uint32_t word, uint64_t now) {
    uint32_t op = word >> 24;
    if (op == 0x00 || (op >= 0x04 && op <= 0x1E) || op == 0xE0 || op >= 0xE7) return; // NOPs
    if (op >= 0xE3 && op <= 0xE5) {
        setEnvironment(word); // applied at once, no FIFO space
        return;
    }
    pushFifoWord(now);
    uint8_t needed = 1;
    switch (op >> 5) {
    case 0:
        if (op == 0x02)
            needed = 3;
        else if (op == 0x1F) {
            if (!st_.irq) host_.gpuInterrupt();
            st_.irq = true;
            return;
        } else {
            // 01h "Clear Cache" invalidates the CLUT cache and the texture cache; 03h unknown.
            // One FIFO word, nothing to record.
            if (op == 0x01) {
                clutTag_.valid = 0;
                texCache_.invalidate();
            }
            return;
        }
        break;
    case 1: {
        bool gouraud = word & (1u << 28), quad = word & (1u << 27), tex = word & (1u << 26);
        int n = quad ? 4 : 3;
        needed = uint8_t(1 + n * (tex ? 2 : 1) + (gouraud ? n - 1 : 0));
        break;
    }
    case 2: needed = (word & (1u << 28)) ? 4 : 3; break;
    case 3: {
        uint32_t size = (word >> 27) & 3;
        needed = uint8_t(2 + ((word & (1u << 26)) ? 1 : 0) + (size == 0 ? 1 : 0));
        break;
    }
    case 4: needed = 4; break;
    case 5:
    case 6: needed = 3; break;
    case 7: setEnvironment(word); return; // E1h, E2h, E6h
    }
    st_.packet[0] = word;
    st_.packetLen = 1;
    st_.packetNeeded = needed;
    st_.phase = Phase::Packet;
}

void Gpu::setEnvironment(uint32_t word) {
    switch (word >> 24) {
    case 0xE1:
        st_.drawMode = word & 0x3FFF;
        texCache_.useTexpage(st_.drawMode);
        break;
    case 0xE2: st_.texWindow = word & 0xFFFFF; break;
    case 0xE3: st_.areaTopLeft = word & 0xFFFFF; break;
    case 0xE4: st_.areaBottomRight = word & 0xFFFFF; break;
    case 0xE5: st_.drawOffset = word & 0x3FFFFF; break;
    case 0xE6: st_.maskBits = word & 3; break;
    default: break;
    }
}

void Gpu::finishPacket(uint64_t now) {
    st_.phase = Phase::Command;
    switch (st_.packet[0] >> 29) {
    case 0: decodeFill(now); break;
    case 1: decodePolygon(now); break;
    case 2: decodeLine(now); break;
    case 3: decodeRectangle(now); break;
    case 4: decodeCopy(now); break;
    case 5: decodeUploadHeader(now); break;
    case 6: decodeReadback(now); break;
    default: break;
    }
}

// The CLUT cache, decided here in arrival order so the result never depends on when records
// execute (the palette itself is handled by FrameCommands). Our reading of "GPU Texture
// Caching", with the peers' rules where it is silent (Mednafen, whose CLUT cache follows tests
// on a SCPH-5501, and DuckStation agree on these):
// - only 4-bit/8-bit textured polygons and rectangles use it; 15-bit textured and untextured
//   primitives, lines, fills and transfers neither use nor invalidate it;
// - the key is the CLUT attribute without bit 15 (ignored by the hardware) plus the colour
//   depth: a 4-bit primitive loads 16 entries, an 8-bit one 256, so a change of depth with the
//   same attribute counts as a different CLUT index;
// - a fill, CPU->VRAM or VRAM->VRAM transfer, or a primitive, that writes over the cached CLUT
//   does not invalidate it (the reference names only an index change, GP0(01h) and GP1(01h)):
//   later hits keep drawing with the palette as it was loaded;
// - the CLUT is loaded when the command's CLUT attribute is taken in, before the primitive's
//   size is checked: a polygon dropped for its vertex distances or a rectangle of size 0 still
//   loads it (emitClutLoad), and one that is recorded loads it even if clipping leaves no pixel.
void Gpu::tagClut(Command& cmd) {
    int entries = clutEntries(cmd);
    if (!entries) return;
    uint32_t key = (clutAttribute(cmd) & 0x7FFFu) | (entries == 256 ? 0x10000u : 0u);
    if (clutTag_.valid && clutTag_.key == key) {
        if (cmd.kind == CommandKind::Triangle)
            cmd.triangle.flags |= kClutCached;
        else
            cmd.rectangle.flags |= kClutCached;
        return;
    }
    clutTag_.key = key;
    clutTag_.valid = 1;
}

void Gpu::flushIfFull() {
    if (cachedRecords_ >= kMaxRecords || cachedPoolPixels_ >= kMaxPoolPixels)
        submitJob(RenderJob::Kind::Flush); // executes everything so far and clears the cache
}

void Gpu::emit(const Command& command, uint64_t now) {
    flushIfFull();
    Command cmd = command;
    tagClut(cmd);
    size_t index = appendRecord(cmd);
    addBusy(now, commandGpuClocks(cmd, rec_.record(index).footprint) + clutLoadGpuClocks(cmd));
    texCache_.onAppend(rec_, index);
}

void Gpu::emitClutLoad(uint16_t clut, uint64_t now) {
    // A textured rectangle of size 0 draws nothing and fetches no texel; as a record it loads
    // the CLUT at its place in the stream (footprint: the CLUT row only). The dropped
    // primitive costs its setup and the load (see the busy-time model above).
    RectangleCmd r;
    r.flags = kTextured | kRawTexture;
    r.clut = clut;
    r.state = drawState();
    Command cmd(r);
    tagClut(cmd);
    addBusy(now, kSetup + clutLoadGpuClocks(cmd));
    if (!clutEntries(cmd) || (cmd.rectangle.flags & kClutCached)) return;
    flushIfFull();
    appendRecord(cmd);
}

void Gpu::emitTriangle(const TriangleCmd& t, uint64_t now) {
    if (tooBig(t.v[0], t.v[1]) || tooBig(t.v[1], t.v[2]) || tooBig(t.v[0], t.v[2])) {
        if (t.flags & kTextured)
            emitClutLoad(t.clut, now);
        else
            addBusy(now, kSetup); // dropped: the setup only (see the busy-time model)
        return;
    }
    emit(Command(t), now);
}

void Gpu::decodePolygon(uint64_t now) {
    const uint32_t c = st_.packet[0];
    const bool gouraud = c & (1u << 28), quad = c & (1u << 27), tex = c & (1u << 26);
    TriangleCmd t;
    t.flags = uint8_t((gouraud ? kGouraud : 0) | (tex ? kTextured : 0) |
                      ((c & (1u << 25)) ? kSemiTransparent : 0) |
                      (tex && (c & (1u << 24)) ? kRawTexture : 0) | (quad ? kQuad : 0));
    Vertex v[4];
    int n = quad ? 4 : 3, idx = 1;
    for (int k = 0; k < n; ++k) {
        uint32_t color = (k > 0 && gouraud) ? st_.packet[idx++] : c;
        v[k] = decodeVertex(st_.packet[idx++]);
        setColor(v[k], color);
        if (tex) {
            uint32_t uv = st_.packet[idx++];
            v[k].u = uv & 0xFF;
            v[k].v = (uv >> 8) & 0xFF;
            if (k == 0) t.clut = uint16_t(uv >> 16);
            if (k == 1) t.texpage = uint16_t(uv >> 16);
        }
    }
    if (tex) {
        st_.drawMode = uint16_t((st_.drawMode & ~0x9FFu) | (t.texpage & 0x9FFu));
        texCache_.useTexpage(st_.drawMode);
    }
    t.state = drawState();
    t.v[0] = v[0], t.v[1] = v[1], t.v[2] = v[2];
    emitTriangle(t, now);
    if (quad) {
        t.v[0] = v[1], t.v[1] = v[2], t.v[2] = v[3];
        emitTriangle(t, now);
    }
}

void Gpu::emitLine(uint8_t flags, uint32_t color0, uint32_t vertex0, uint32_t color1,
                   uint32_t vertex1, uint64_t now) {
    LineCmd l;
    l.flags = flags;
    l.v[0] = decodeVertex(vertex0);
    l.v[1] = decodeVertex(vertex1);
    setColor(l.v[0], color0);
    setColor(l.v[1], color1);
    if (tooBig(l.v[0], l.v[1])) {
        addBusy(now, kSetup); // dropped: the setup only (see the busy-time model)
        return;
    }
    l.state = drawState();
    emit(Command(l), now);
}

void Gpu::decodeLine(uint64_t now) {
    const uint32_t c = st_.packet[0];
    const bool gouraud = c & (1u << 28);
    const uint8_t flags = lineFlags(c);
    uint32_t v0 = st_.packet[1];
    uint32_t c1 = gouraud ? st_.packet[2] : c;
    uint32_t v1 = gouraud ? st_.packet[3] : st_.packet[2];
    emitLine(flags, c, v0, c1, v1, now);
    if (c & (1u << 27)) {
        st_.phase = Phase::PolyLine;
        st_.polyColor = c1;
        st_.polyVertex = v1;
        st_.polyWordsInVertex = 0;
        st_.polyVertexCount = 2;
    }
}

void Gpu::polyLineWord(uint32_t word, uint64_t now) {
    const uint32_t c = st_.packet[0];
    const bool gouraud = c & (1u << 28);
    const uint8_t flags = lineFlags(c);
    if (st_.polyWordsInVertex == 0) {
        if ((word & 0xF000F000u) == 0x50005000u) {
            st_.phase = Phase::Command;
            return;
        }
        if (gouraud) {
            st_.polyPendingColor = word;
            st_.polyWordsInVertex = 1;
            return;
        }
        emitLine(flags, c, st_.polyVertex, c, word, now);
    } else {
        emitLine(flags, st_.polyColor, st_.polyVertex, st_.polyPendingColor, word, now);
        st_.polyColor = st_.polyPendingColor;
        st_.polyWordsInVertex = 0;
    }
    st_.polyVertex = word;
    ++st_.polyVertexCount;
}

void Gpu::decodeRectangle(uint64_t now) {
    const uint32_t c = st_.packet[0];
    const bool tex = c & (1u << 26);
    RectangleCmd r;
    r.flags = uint8_t((tex ? kTextured : 0) | ((c & (1u << 25)) ? kSemiTransparent : 0) |
                      (tex && (c & (1u << 24)) ? kRawTexture : 0));
    int idx = 1;
    Vertex pos = decodeVertex(st_.packet[idx++]);
    r.x = pos.x;
    r.y = pos.y;
    r.r = c & 0xFF;
    r.g = (c >> 8) & 0xFF;
    r.b = (c >> 16) & 0xFF;
    if (tex) {
        uint32_t uv = st_.packet[idx++];
        r.u = uv & 0xFF;
        r.v = (uv >> 8) & 0xFF;
        r.clut = uint16_t(uv >> 16);
    }
    switch ((c >> 27) & 3) {
    case 0:
        r.width = st_.packet[idx] & 0x3FF;
        r.height = (st_.packet[idx] >> 16) & 0x1FF;
        break;
    case 1: r.width = r.height = 1; break;
    case 2: r.width = r.height = 8; break;
    case 3: r.width = r.height = 16; break;
    }
    if (!r.width || !r.height) {
        if (tex)
            emitClutLoad(r.clut, now);
        else
            addBusy(now, kSetup); // dropped: the setup only (see the busy-time model)
        return;
    }
    r.state = drawState();
    emit(Command(r), now);
}

void Gpu::decodeFill(uint64_t now) {
    const uint32_t c = st_.packet[0];
    FillCmd f;
    f.x = st_.packet[1] & 0x3F0;
    f.y = (st_.packet[1] >> 16) & 0x1FF;
    f.width = ((st_.packet[2] & 0x3FF) + 0xF) & ~0xFu;
    f.height = (st_.packet[2] >> 16) & 0x1FF;
    f.color = uint16_t(((c & 0xFF) >> 3) | (((c >> 11) & 0x1F) << 5) | (((c >> 19) & 0x1F) << 10));
    if (!f.width || !f.height) return;
    const DrawState ds = drawState();
    f.interlaced = ds.interlaced;
    f.skipRowParity = ds.skipRowParity;
    emit(Command(f), now);
}

void Gpu::decodeCopy(uint64_t now) {
    texCache_.invalidate(); // copies, uploads and read-backs (texture_cache_tracker.h)
    CopyCmd k;
    k.srcX = st_.packet[1] & 0x3FF;
    k.srcY = (st_.packet[1] >> 16) & 0x1FF;
    k.dstX = st_.packet[2] & 0x3FF;
    k.dstY = (st_.packet[2] >> 16) & 0x1FF;
    k.width = transferWidth(st_.packet[3]);
    k.height = transferHeight(st_.packet[3]);
    k.setMask = st_.maskBits & 1;
    k.checkMask = st_.maskBits & 2;
    emit(Command(k), now);
}

void Gpu::decodeUploadHeader(uint64_t) {
    texCache_.invalidate();
    st_.uploadX = st_.packet[1] & 0x3FF;
    st_.uploadY = (st_.packet[1] >> 16) & 0x1FF;
    st_.uploadW = transferWidth(st_.packet[2]);
    st_.uploadH = transferHeight(st_.packet[2]);
    uint32_t pixels = uint32_t(st_.uploadW) * st_.uploadH;
    st_.uploadWordsLeft = (pixels + 1) / 2;
    uploadBuf_.clear();
    uploadBuf_.reserve(pixels + 1);
    st_.phase = Phase::Upload;
}

void Gpu::uploadWord(uint32_t word, uint64_t now) {
    uploadBuf_.push_back(uint16_t(word));
    uploadBuf_.push_back(uint16_t(word >> 16));
    if (--st_.uploadWordsLeft) return;
    size_t pixels = size_t(st_.uploadW) * st_.uploadH;
    if (cachedPoolPixels_ + pixels >= kMaxPoolPixels) submitJob(RenderJob::Kind::Flush);
    UploadCmd u;
    u.x = st_.uploadX;
    u.y = st_.uploadY;
    u.width = st_.uploadW;
    u.height = st_.uploadH;
    u.setMask = st_.maskBits & 1;
    u.checkMask = st_.maskBits & 2;
    u.dataOffset = rec_.addUploadData(uploadBuf_.data(), pixels);
    cachedPoolPixels_ += pixels;
    uploadBuf_.clear();
    st_.phase = Phase::Command;
    emit(Command(u), now);
}

void Gpu::decodeReadback(uint64_t now) {
    texCache_.invalidate();
    const int x = st_.packet[1] & 0x3FF, y = (st_.packet[1] >> 16) & 0x1FF;
    const int w = transferWidth(st_.packet[2]), h = transferHeight(st_.packet[2]);
    Rect parts[4];
    int n = wrapRect(x, y, w, h, parts);
    handOver(); // the worker finishes; the records it has not seen come here, still pending
    pacer_.timed([&] {
        for (int i = 0; i < n; ++i)
            frame_.executeOverlapping(parts[i], raster_);
    });
    readBuf_.clear();
    readBuf_.reserve(size_t(w) * h + 1);
    for (int row = 0; row < h; ++row) {
        const uint16_t* line = vram_.data() + size_t((y + row) % kVramHeight) * kVramWidth;
        for (int col = 0; col < w; ++col)
            readBuf_.push_back(line[(x + col) % kVramWidth]);
    }
    if (readBuf_.size() & 1) readBuf_.push_back(0);
    st_.readPos = 0;
    st_.readReadyAt = std::max(now, st_.busyUntil);
}

} // namespace gpu
