// GPU front: GP1, GPUSTAT, GPUREAD, FIFO/busy timing, video position, state.
// Hardware notes relied on (graphicsprocessingunitgpu.md, v2 GPU with 1 MB VRAM):
// - GP1(00h) resets GP1(01h..08h) and E1h..E6h, not GP1(09h); GPUSTAT becomes 14802000h.
// - GP1(01h) "Resets the command buffer and CLUT cache" (so GP1(00h) does too).
// - GP1 commands 40h..FFh mirror 00h..3Fh; GP1(10h..1Fh) all read internal registers, whose
//   index mirrors every 10h. Index 2..4 answer 20 bits (upper bits keep the latch: "MSBs=
//   Nothing"), 5 answers 22 bits, 7 the version (2), 8 zero, the rest leave GPUREAD alone.
// - GPUSTAT.13 is always 1 with interlace off (v2); GPUSTAT.31 toggles per frame in 480-line
//   mode and per scanline otherwise, and is 0 during vblank.
// - Interlaced drawing ("the Vertical Interlace flag DOES affect GP0 draw commands", GP1(08h);
//   E1h.10 "Drawing to display area"): in 480-line interlaced mode (GPUSTAT.22 and .19) with
//   E1h.10 = 0, polygons, lines and rectangles skip the VRAM rows of the displayed field. The
//   picture weaves two fields: display row r is VRAM row startY + r (GP1(05h)), so field f
//   (0 = even display rows, 1 = odd) shows the VRAM rows of parity (startY + f) & 1, and that
//   is the parity GPUSTAT.31 reports outside vblank. When vblank starts the displayed field
//   switches to the next one (the video timing flips its field counter only at line 0, in
//   the middle of vblank, so the GPU latches it at the vblank edge): drawing done from then on
//   goes to the rows the next field does not show. GPUSTAT.31 itself reads 0 in vblank.
//   Fills, copies and CPU->VRAM transfers are not affected.
// - GPUSTAT.25 follows GP1(04h): 0 = always 0, 1 = FIFO not full, 2 = bit 28, 3 = bit 27.
// - Bit 28 drops once a command and its parameters are in (polygons/lines: right after their
//   command word); bit 26 is set only when the GPU wants a new command word; bit 27 stays set
//   until every word of a GP0(C0h) read-back has been read.
#include "gpu/gpu.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "gpu/pacing_evaluator.h"

namespace gpu {

Gpu::Gpu(GpuHost& host)
    : host_(host), vram_(size_t(kVramWidth) * kVramHeight, 0), raster_(vram_.data()) {
    raster_.setPages(&pages_);
    texCache_.setVram(vram_.data());
    worker_.setRunner([this](RenderJob& job) { runJob(job); });
    reset();
}

Gpu::~Gpu() {
    worker_.stop();
}

void Gpu::reset() {
    handOver();
    cachedRecords_ = cachedPoolPixels_ = 0;
    // Zeroed padding keeps raw state bytes (savestates, state hashes) identical between runs.
    std::memset(static_cast<void*>(&st_), 0, sizeof st_);
    new (&st_) State();
    pages_.beforeWriteAll();
    clutTag_ = ClutTag{};
    texCache_.reset();
    raster_.textureCache().invalidate();
    std::fill(vram_.begin(), vram_.end(), 0);
    frame_.reset();
    frame_.resetCounters();
    pacer_.reset();
    resetRegisters();
}

void Gpu::resetCommandBuffer() {
    st_.phase = Phase::Command;
    st_.packetLen = st_.packetNeeded = 0;
    st_.uploadWordsLeft = 0;
    uploadBuf_.clear();
    st_.fifoHead = st_.fifoCount = 0;
    clutTag_.valid = 0; // the palette stays in FrameCommands, unused until a load replaces it
}

// GP1(00h).
void Gpu::resetRegisters() {
    resetCommandBuffer();
    st_.irq = false;
    st_.display = DisplaySettings{}; // display off, address 0, ranges and mode as documented
    st_.dmaDirection = 0;
    st_.drawMode = 0;
    texCache_.useTexpage(0);
    texCache_.invalidate(); // GP1(00h) (texture_cache_tracker.h)
    st_.texWindow = st_.areaTopLeft = st_.areaBottomRight = st_.drawOffset = 0;
    st_.maskBits = 0;
    readBuf_.clear();
    st_.readPos = 0;
}

// ---------------------------------------------------------------------------------------------
// FIFO and busy timing.

int Gpu::fifoOccupancy(uint64_t now) const {
    int n = 0;
    for (int i = 0; i < st_.fifoCount; ++i)
        if (st_.fifoTimes[(st_.fifoHead + i) % State::kRing] > now) ++n;
    return n;
}

uint64_t Gpu::fifoRoomAt(uint64_t now) const {
    int excess = fifoOccupancy(now) - kFifoWords; // queued words beyond the last free slot
    if (excess < 0) return now;
    // The leave times are in order: room comes when the (excess+1)-th queued word leaves.
    for (int i = 0; i < st_.fifoCount; ++i) {
        uint64_t t = st_.fifoTimes[(st_.fifoHead + i) % State::kRing];
        if (t > now && excess-- == 0) return t;
    }
    return now;
}

void Gpu::catchUp(uint64_t now) {
    while (st_.fifoCount && st_.fifoTimes[st_.fifoHead] <= now) {
        st_.fifoHead = static_cast<uint8_t>((st_.fifoHead + 1) % State::kRing);
        --st_.fifoCount;
    }
}

// A word entering the FIFO leaves it when the GPU has finished the commands before it.
void Gpu::pushFifoWord(uint64_t now) {
    uint64_t leaves = std::max(now, st_.busyUntil);
    if (leaves <= now) return; // taken at once
    if (st_.fifoCount == State::kRing) {
        // Far past a full FIFO (the sender ignored the ready bits): keep the newest times.
        st_.fifoHead = static_cast<uint8_t>((st_.fifoHead + 1) % State::kRing);
        --st_.fifoCount;
    }
    st_.fifoTimes[(st_.fifoHead + st_.fifoCount) % State::kRing] = leaves;
    ++st_.fifoCount;
}

void Gpu::addBusy(uint64_t now, uint64_t gpuClocks) {
    if (!gpuClocks) return;
    st_.busyUntil = std::max(now, st_.busyUntil) + gpuClocksToCpu(gpuClocks);
}

// ---------------------------------------------------------------------------------------------
// GPUSTAT (graphicsprocessingunitgpu.md "GPU Status Register").

uint32_t Gpu::status(uint64_t now) const {
    const DisplaySettings& d = st_.display;
    uint32_t s = st_.drawMode & 0x7FF;     // 0-10 from E1h.0-10
    s |= uint32_t(st_.maskBits & 3) << 11; // 11-12 from E6h
    bool interlace = d.interlace();
    if (!interlace || st_.oddField) s |= 1u << 13; // interlace field
    if (d.mode & 0x80) s |= 1u << 14;              // GP1(08h).7
    if (st_.drawMode & 0x800) s |= 1u << 15;       // E1h.11
    if (d.mode & 0x40) s |= 1u << 16;              // GP1(08h).6
    s |= uint32_t(d.mode & 0x1F) << 17;            // GP1(08h).0-4 -> 17-21
    if (interlace) s |= 1u << 22;
    if (d.disabled) s |= 1u << 23;
    if (st_.irq) s |= 1u << 24;

    bool idle = !busy(now) && fifoOccupancy(now) == 0;
    bool readyCmd = idle && st_.phase == Phase::Command;
    bool readyRead = st_.readPos < readBuf_.size() && now >= st_.readReadyAt;
    bool primitiveParams =
        st_.phase == Phase::PolyLine ||
        (st_.phase == Phase::Packet && (st_.packet[0] >> 29 == 1 || st_.packet[0] >> 29 == 2));
    bool readyDma = idle && !primitiveParams;
    if (readyCmd) s |= 1u << 26;
    if (readyRead) s |= 1u << 27;
    if (readyDma) s |= 1u << 28;
    bool request = false;
    switch (st_.dmaDirection) {
    case 0: request = false; break;
    case 1: request = fifoOccupancy(now) < kFifoWords; break;
    case 2: request = readyDma; break;
    case 3: request = readyRead; break;
    }
    if (request) s |= 1u << 25;
    s |= uint32_t(st_.dmaDirection & 3) << 29;

    bool odd = d.lines480() ? ((d.startY + st_.oddField) & 1) : (st_.line & 1);
    if (odd && !st_.inVblank) s |= 1u << 31;
    return s;
}

uint32_t Gpu::readGPUSTAT(uint64_t now) {
    catchUp(now);
    return status(now);
}

bool Gpu::dmaRequest(uint64_t now) const {
    return (status(now) >> 25) & 1;
}

uint32_t Gpu::readGPUREAD(uint64_t now) {
    catchUp(now);
    if (st_.readPos < readBuf_.size()) {
        uint32_t lo = readBuf_[st_.readPos];
        uint32_t hi = st_.readPos + 1 < readBuf_.size() ? readBuf_[st_.readPos + 1] : 0;
        st_.readPos += 2;
        st_.gpuread = lo | (hi << 16);
        if (st_.readPos >= readBuf_.size()) {
            readBuf_.clear();
            st_.readPos = 0;
        }
    }
    return st_.gpuread;
}

// ---------------------------------------------------------------------------------------------
// GP1 (graphicsprocessingunitgpu.md "GPU Display Control Commands (GP1)").

void Gpu::writeGP1(uint32_t value, uint64_t now) {
    catchUp(now);
    uint32_t param = value & 0xFFFFFF;
    uint32_t cmd = (value >> 24) & 0x3F;
    DisplaySettings& d = st_.display;
    switch (cmd) {
    case 0x00:
        resetRegisters();
        st_.busyUntil = std::min(st_.busyUntil, now); // the command in progress is abandoned
        break;
    case 0x01: resetCommandBuffer(); break;
    case 0x02: st_.irq = false; break;
    case 0x03: d.disabled = param & 1; break;
    case 0x04: st_.dmaDirection = param & 3; break;
    case 0x05:
        d.startX = param & 0x3FF;
        d.startY = (param >> 10) & 0x1FF; // 1 MB VRAM: Y wraps at 512
        break;
    case 0x06:
        d.hStart = param & 0xFFF;
        d.hEnd = (param >> 12) & 0xFFF;
        break;
    case 0x07:
        d.vStart = param & 0x3FF;
        d.vEnd = (param >> 10) & 0x3FF;
        break;
    case 0x08: d.mode = param & 0xFF; break;
    case 0x09: st_.vramUpper = param & 1; break;
    default:
        if (cmd >= 0x10 && cmd <= 0x1F) {
            switch (param & 0xF) {
            case 2: st_.gpuread = (st_.gpuread & ~0xFFFFFu) | (st_.texWindow & 0xFFFFF); break;
            case 3: st_.gpuread = (st_.gpuread & ~0xFFFFFu) | (st_.areaTopLeft & 0xFFFFF); break;
            case 4:
                st_.gpuread = (st_.gpuread & ~0xFFFFFu) | (st_.areaBottomRight & 0xFFFFF);
                break;
            case 5: st_.gpuread = st_.drawOffset & 0x3FFFFF; break;
            case 7: st_.gpuread = 2; break;
            case 8: st_.gpuread = 0; break;
            default: break; // 0, 1, 6, 9-15: GPUREAD keeps its value
            }
        }
        // 0Ah, 0Bh, 0Ch..0Fh, 20h (v1 VRAM size), 21h..3Fh: no effect on a v2 GPU.
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// Video position, frame end, scan-out.

DisplayTiming Gpu::displayTiming() const {
    DisplayTiming t;
    t.pal = st_.display.pal();
    t.interlace = st_.display.interlace();
    t.vres480 = st_.display.mode & 0x04;
    t.dotDivider = st_.display.dotDivider();
    return t;
}

void Gpu::scanline(uint32_t line, bool inVblank, bool oddField) {
    if (!inVblank)
        st_.displayField = oddField;
    else if (!st_.inVblank)
        st_.displayField = !oddField; // vblank starts: the next field is the one to be shown
    st_.line = line;
    st_.inVblank = inVblank;
    st_.oddField = oddField;
}

void Gpu::endFrame() {
    submitJob(RenderJob::Kind::EndFrame);
}

void Gpu::setPacing(PacingEvaluator* evaluator, std::function<double()> hostMicros) {
    syncRender();
    if (!evaluator) frame_.executeDeferred(raster_);
    renderUsTotal_ = 0;
    pacer_.setEvaluator(evaluator, std::move(hostMicros));
}

// ---------------------------------------------------------------------------------------------
// Render worker. The records go over in jobs, in stream order, the same jobs with the thread on
// or off; execution state (VRAM, CLUT palette, texture cache lines, deferred set, pacer) is
// touched by the jobs and, after syncRender(), by this thread.

size_t Gpu::appendRecord(const Command& cmd) {
    ++cachedRecords_;
    return rec_.append(cmd);
}

void Gpu::submitJob(RenderJob::Kind kind) {
    // While a savestate snapshot intercepts writes to VRAM pages, VRAM is written on this
    // thread only (core/snapshots: only the emulation thread writes live memory and the page
    // tables). Pages are armed only at a capture, after serialize() has synced; a job
    // submitted unarmed never arms them, so this read races with nothing.
    RenderJob& job = worker_.prepare(worker_.threaded() && pages_.armed());
    job.kind = kind;
    rec_.takeBatch(job.batch);
    job.display = st_.display;
    worker_.submit();
    cachedRecords_ = cachedPoolPixels_ = 0;
}

// The pacer's host timing (FrameStats) is taken here, on the executing thread: with the worker
// on, a frame's emulation time is the worker's wait for it (the part rendering did not hide).
void Gpu::runJob(RenderJob& job) {
    frame_.adopt(job.batch);
    if (job.kind == RenderJob::Kind::Flush) {
        pacer_.timed([&] { frame_.executeAll(raster_); });
        frame_.clear();
        return;
    }
    pacer_.endFrame(frame_, raster_, job.display);
    renderUsTotal_ += pacer_.stats().renderUs;
}

void Gpu::syncRender() const {
    worker_.sync();
}

void Gpu::handOver() {
    syncRender();
    if (rec_.size() == 0) return;
    rec_.takeBatch(handOver_);
    frame_.adopt(handOver_);
}

void Gpu::setRenderThread(bool on) {
    syncRender();
    if (on)
        worker_.start();
    else
        worker_.stop();
}

bool Gpu::framePresented() const {
    // Only setPacing() (after a sync) changes the evaluator; its mode is only read here and
    // by the worker. Without one, or in mode off, every frame is presented.
    const PacingEvaluator* e = pacer_.evaluator();
    if (worker_.threaded() && (!e || e->settings().mode == PacingSettings::Mode::Off)) return true;
    syncRender();
    return pacer_.presented();
}

bool Gpu::scanout(std::vector<uint8_t>& rgba, uint32_t& width, uint32_t& height) {
    syncRender();
    if (frame_.deferredCount()) {
        VramArea shown = displayAreaOf(st_.display);
        pacer_.timed([&] {
            for (int p = 0; p < shown.count; ++p)
                frame_.executeDeferredIn(shown.parts[p], raster_);
        });
    }
    return Display::scanout(vram_.data(), st_.display, rgba, width, height);
}

// ---------------------------------------------------------------------------------------------
// Savestate: a state holds VRAM as a FULL render gives it, so pending records run first.

namespace {
void serializeVector(savestate::StateIO& io, std::vector<uint16_t>& v) {
    uint32_t n = static_cast<uint32_t>(v.size());
    io.value(n);
    if (io.reading()) {
        if (!io.ok() || n > uint32_t(kVramWidth) * kVramHeight + 2) {
            if (io.ok()) io.fail("gpu: transfer buffer too large");
            v.clear();
            return;
        }
        v.resize(n);
    }
    io.array(v.data(), v.size());
}
} // namespace

void Gpu::serialize(savestate::StateIO& io) {
    handOver();
    if (io.reading()) {
        cachedRecords_ = cachedPoolPixels_ = 0;
        frame_.reset();
        pacer_.reset();
    } else {
        pacer_.timed([&] {
            frame_.executeAll(raster_);
            frame_.executeDeferred(raster_);
        });
    }
    // Version 4: named fields. Versions 1-3 stored the packed State (696 bytes), VRAM and the
    // transfer buffers, then what each version added (below).
    uint32_t version = io.beginSection("gpu", 4);
    if (version >= 4) {
        serializeFields(io);
        io.endSection();
        if (io.reading() && !io.ok()) reset();
        return;
    }
    io.packed(st_, 696, [&] { stateFields(io); });
    // A snapshot restore leaves VRAM out of the stream and writes the pages that differ itself.
    if (io.reading() && !io.omits(vram_.data())) pages_.beforeWriteAll();
    io.array(vram_.data(), vram_.size());
    serializeVector(io, uploadBuf_);
    serializeVector(io, readBuf_);
    // Version 2: the CLUT cache (with every record executed, clutPalette() is the palette of
    // the last load, the one the tag names). Older states: an empty, invalid cache.
    if (version >= 2) {
        io.value(clutTag_);
        io.array(frame_.clutPalette(), 256);
    } else {
        clutTag_ = ClutTag{};
    }
    // Version 3: the texture cache (decode side, then the rasterizer's lines). Older states:
    // an empty cache.
    TextureCache& lines = raster_.textureCache();
    if (version >= 3) {
        texCache_.serialize(io);
        io.array(lines.tags(), TextureCache::kEntries);
        io.array(lines.data(), TextureCache::kEntries * TextureCache::kLineHalfwords);
        if (io.reading() && !lines.tagsValid()) io.fail("gpu: bad texture cache lines");
    } else {
        texCache_.reset();
        texCache_.useTexpage(st_.drawMode);
        lines.invalidate();
    }
    io.endSection();
    if (io.reading() && !io.ok()) reset();
}

void Gpu::stateFields(savestate::StateIO& io) {
    io.field("drawMode", st_.drawMode);
    io.field("texWindow", st_.texWindow);
    io.field("areaTopLeft", st_.areaTopLeft);
    io.field("areaBottomRight", st_.areaBottomRight);
    io.field("drawOffset", st_.drawOffset);
    io.field("maskBits", st_.maskBits);
    io.field("display.startX", st_.display.startX);
    io.field("display.startY", st_.display.startY);
    io.field("display.hStart", st_.display.hStart);
    io.field("display.hEnd", st_.display.hEnd);
    io.field("display.vStart", st_.display.vStart);
    io.field("display.vEnd", st_.display.vEnd);
    io.field("display.mode", st_.display.mode);
    io.field("display.disabled", st_.display.disabled);
    io.field("dmaDirection", st_.dmaDirection);
    io.field("irq", st_.irq);
    io.field("vramUpper", st_.vramUpper);
    io.field("gpuread", st_.gpuread);
    io.field("line", st_.line);
    io.field("inVblank", st_.inVblank);
    io.field("oddField", st_.oddField);
    io.field("phase", st_.phase);
    io.field("packetLen", st_.packetLen);
    io.field("packetNeeded", st_.packetNeeded);
    io.field("displayField", st_.displayField);
    io.field("packet", st_.packet);
    io.field("polyColor", st_.polyColor);
    io.field("polyVertex", st_.polyVertex);
    io.field("polyWordsInVertex", st_.polyWordsInVertex);
    io.field("polyPendingColor", st_.polyPendingColor);
    io.field("polyVertexCount", st_.polyVertexCount);
    io.field("uploadX", st_.uploadX);
    io.field("uploadY", st_.uploadY);
    io.field("uploadW", st_.uploadW);
    io.field("uploadH", st_.uploadH);
    io.field("uploadWordsLeft", st_.uploadWordsLeft);
    io.field("readPos", st_.readPos);
    io.field("readReadyAt", st_.readReadyAt);
    io.field("busyUntil", st_.busyUntil);
    io.field("fifoTimes", st_.fifoTimes);
    io.field("fifoHead", st_.fifoHead);
    io.field("fifoCount", st_.fifoCount);
}

// Section "gpu" version 4 and later: every part a named field.
void Gpu::serializeFields(savestate::StateIO& io) {
    io.fields(st_, [&] { stateFields(io); });
    // A snapshot restore leaves VRAM out of the stream and writes the pages that differ itself.
    if (io.reading() && !io.omits(vram_.data())) pages_.beforeWriteAll();
    io.field("vram", vram_.data(), vram_.size() * sizeof(uint16_t));
    const size_t maxWords = size_t(kVramWidth) * kVramHeight + 2;
    io.field("uploadBuf", uploadBuf_, maxWords);
    io.field("readBuf", readBuf_, maxWords);
    // The CLUT cache (with every record executed, clutPalette() is the palette of the last
    // load, the one the tag names). A state without it: an empty, invalid cache.
    io.fields(clutTag_, [&] {
        io.field("clut.key", clutTag_.key);
        io.field("clut.valid", clutTag_.valid);
    });
    io.field("clut.palette", frame_.clutPalette(), 256 * sizeof(uint16_t));
    // The texture cache (decode side, then the rasterizer's lines). A state without it: an
    // empty cache.
    TextureCache& lines = raster_.textureCache();
    bool cached = texCache_.serializeFields(io);
    cached = io.field("texlines.tags", lines.tags(), TextureCache::kEntries * sizeof(uint32_t)) &&
             cached;
    cached = io.field("texlines.data", lines.data(),
                      TextureCache::kEntries * TextureCache::kLineHalfwords * sizeof(uint16_t)) &&
             cached;
    if (io.reading() && io.ok() && !cached) {
        texCache_.reset();
        texCache_.useTexpage(st_.drawMode);
        lines.invalidate();
    }
    if (io.reading() && !lines.tagsValid()) io.fail("gpu: bad texture cache lines");
}

void Gpu::writeVramPage(uint32_t page, const uint8_t* data) {
    syncRender();
    pages_.beforeWritePage(page);
    VramPages::layout().scatter(data, page, reinterpret_cast<uint8_t*>(vram_.data()),
                                vram_.size() * 2);
}

} // namespace gpu
