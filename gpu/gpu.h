#pragma once
// The GPU front (DESIGN.md §3): GP0/GP1 ports, packet assembly and decoding into command
// records, GPUSTAT, GPUREAD, IRQ1, the GPU's own busy timing, and the display registers.
// Drawing is deferred into FrameCommands; VRAM read-backs execute what they depend on first.
#include <cstdint>
#include <functional>
#include <type_traits>
#include <vector>

#include "gpu/commands.h"
#include "gpu/display.h"
#include "gpu/frame_commands.h"
#include "gpu/frame_pacer.h"
#include "gpu/rasterizer.h"
#include "gpu/render_worker.h"
#include "gpu/texture_cache_tracker.h"
#include "gpu/vram_pages.h"
#include "savestate/state_io.h"

namespace gpu {

// What the core's video timing generator needs from the display mode (GP1(08h) etc.).
struct DisplayTiming {
    bool pal = false;         // GPUSTAT.20
    bool interlace = false;   // GPUSTAT.22 (vertical interlace requested)
    bool vres480 = false;     // GPUSTAT.19
    uint32_t dotDivider = 10; // video clocks per dot: 10 (256), 8 (320), 5 (512), 4 (640), 7 (368)
};

// Services the GPU needs from the machine it sits in.
class GpuHost {
  public:
    virtual ~GpuHost() = default;
    virtual void gpuInterrupt() = 0; // GP0(1Fh): IRQ1
};

class Gpu {
  public:
    explicit Gpu(GpuHost& host);
    ~Gpu();
    Gpu(const Gpu&) = delete;
    Gpu& operator=(const Gpu&) = delete;

    // Power-on state: GP1(00h) plus GP1(09h)=0, empty VRAM, empty command cache.
    void reset();

    // CPU ports (1F801810h / 1F801814h). `now` is the CPU cycle count (33.8688 MHz).
    void writeGP0(uint32_t value, uint64_t now);
    void writeGP1(uint32_t value, uint64_t now);
    uint32_t readGPUREAD(uint64_t now);
    uint32_t readGPUSTAT(uint64_t now);

    // DMA channel 2: the request line is GPUSTAT.25 (its meaning follows GP1(04h)).
    bool dmaRequest(uint64_t now) const;
    void dmaWrite(uint32_t value, uint64_t now) { writeGP0(value, now); }
    uint32_t dmaRead(uint64_t now) { return readGPUREAD(now); }

    // Video timing generator feed.
    DisplayTiming displayTiming() const;
    // Called by the core at every scanline: drives GPUSTAT.13 and GPUSTAT.31.
    // `oddField` is the interlaced field of the current frame (it changes at line 0, inside
    // vblank).
    void scanline(uint32_t line, bool inVblank, bool oddField);
    // Called once per vblank start: renders the frame's cached commands (FULL, or PARTIAL when
    // a pacing evaluator says so) and starts a new frame.
    void endFrame();

    // Displayed image as RGBA8 (width*height*4 bytes). False (and a black picture) when the
    // display is off. Deferred drawing in the display area is executed first, so the image is
    // the FULL render's; front ends call it only for presented frames (framePresented()).
    bool scanout(std::vector<uint8_t>& rgba, uint32_t& width, uint32_t& height);
    // VRAM as the records handed to the render worker so far left it (waits for them).
    const uint16_t* vram() const {
        syncRender();
        return vram_.data();
    }

    void serialize(savestate::StateIO& io);

    // --- Frame pacing (DESIGN.md §3), for front ends. ---
    // Sets the evaluator (not owned; nullptr: FULL every frame, today's behaviour) and the host
    // clock in microseconds (monotonic) used to time emulation and rendering. Removing the
    // evaluator executes any deferred drawing.
    void setPacing(PacingEvaluator* evaluator, std::function<double()> hostMicros);
    // Rendering costs `factor` (>= 1) times its real host time; changes no emulated state.
    void setHostSlowdown(double factor) {
        syncRender();
        pacer_.setHostSlowdown(factor);
    }
    // Call when emulation resumes after the front end waited for real time (optional). The
    // pacing clock is only ever called by whoever executes records (the worker, or this thread
    // after syncRender()), so a clock that is not thread-safe (a simulated one) is advanced
    // after syncRender() only.
    void markEmulationStart() {
        syncRender();
        pacer_.markEmulationStart();
    }
    // False after a PARTIAL frame: show the last presented image again (reason in the stats).
    // With the render worker on, waits for the vblank step only when an evaluator may skip.
    bool framePresented() const;
    const FrameStats& lastFrameStats() const {
        syncRender();
        return pacer_.stats();
    }
    const FramePacer& pacer() const {
        syncRender();
        return pacer_;
    }

    // --- Render worker (gpu/render_worker.h, issue 16 item 1). ---
    // On: the cached records are executed on a thread of their own while emulation goes on;
    // off (the default): on the emulation thread. Both give identical VRAM, frames and state.
    void setRenderThread(bool on);
    bool renderThread() const { return worker_.threaded(); }
    // Waits until every record handed to the worker has been executed; until this thread hands
    // over more work, it may then read what execution produced. Everything below that exposes
    // VRAM, the command cache or the pacer calls it. A front end that changes the pacing
    // evaluator's settings calls it first (the worker reads them at vblank).
    void syncRender() const;
    // Sum of the frames' FrameStats::renderUs since the pacing evaluator was set: a front end
    // that reads it at the end need not wait for every frame's stats.
    double renderMicrosTotal() const {
        syncRender();
        return renderUsTotal_;
    }

    // --- Beyond the core's contract: for the pacing evaluator, debuggers and tests. ---
    DisplaySettings displaySettings() const { return st_.display; }
    // The command cache with every record appended so far (waits for the worker and hands it
    // the records not handed over yet; they stay pending).
    FrameCommands& frameCommands() {
        handOver();
        return frame_;
    }
    const TextureCacheTracker& textureCacheTracker() const { return texCache_; }
    const FrameCommands& frameCommands() const {
        // Logically const: records only move from the recording side to the executing one.
        const_cast<Gpu*>(this)->handOver();
        return frame_;
    }
    // Direct VRAM access that bypasses the command cache (tests, debuggers, state tools). It
    // counts as a write of every VRAM page (copy-on-write snapshots save them first).
    uint16_t* mutableVram() {
        syncRender();
        pages_.beforeWriteAll();
        return vram_.data();
    }
    // VRAM's page table (savestates: copy-on-write and dirty pages), and a page write through
    // it (`data`: 4 KiB in VramPages::layout()).
    VramPages& vramPages() {
        syncRender();
        return pages_;
    }
    void writeVramPage(uint32_t page, const uint8_t* data);
    // CPU cycle at which the GPU finishes the commands received so far.
    uint64_t busyUntil() const { return st_.busyUntil; }
    // First CPU cycle (>= now) at which a GP0 word finds room in the command FIFO; a word
    // sent earlier is lost (gp0.cpp). For senders that wait as a program polling GPUSTAT would.
    uint64_t fifoRoomAt(uint64_t now) const;
    // The drawing-mode snapshot the next primitive would carry.
    DrawState drawState() const;
    // Null (the default) for none. Not part of the state.

    static constexpr int kFifoWords = 16; // "64-byte (16-word) command FIFO"

  private:
    enum class Phase : uint8_t { Command, Packet, PolyLine, Upload };

    struct State {
        // GP0 rendering attributes (E1h..E6h), raw.
        uint16_t drawMode = 0;        // E1h bits 0-13
        uint32_t texWindow = 0;       // E2h bits 0-19
        uint32_t areaTopLeft = 0;     // E3h bits 0-19 (v2)
        uint32_t areaBottomRight = 0; // E4h bits 0-19 (v2)
        uint32_t drawOffset = 0;      // E5h bits 0-21
        uint8_t maskBits = 0;         // E6h bits 0-1
        // GP1 registers.
        DisplaySettings display;
        uint8_t dmaDirection = 0; // GP1(04h)
        bool irq = false;         // GPUSTAT.24
        bool vramUpper = false;   // GP1(09h).0 (v2): allow Y 512-1023 (absent on 1 MB consoles)
        uint32_t gpuread = 0;     // GPUREAD latch
        // Video position from scanline().
        uint32_t line = 0;
        bool inVblank = false;
        bool oddField = false;
        // Packet assembly.
        Phase phase = Phase::Command;
        uint8_t packetLen = 0;
        uint8_t packetNeeded = 0;
        // Field whose VRAM rows interlaced drawing leaves alone (see drawState()): the field
        // being displayed, switched to the next one when vblank starts. (Kept in what was
        // padding, so states saved before it existed load with field 0.)
        bool displayField = false;
        uint32_t packet[16] = {};
        // Polyline continuation: the previous vertex (colour word and vertex word).
        uint32_t polyColor = 0, polyVertex = 0;
        uint8_t polyWordsInVertex = 0;
        uint32_t polyPendingColor = 0;
        uint32_t polyVertexCount = 0;
        // CPU->VRAM transfer in progress.
        uint16_t uploadX = 0, uploadY = 0, uploadW = 0, uploadH = 0;
        uint32_t uploadWordsLeft = 0;
        // VRAM->CPU read-back in progress: readBuf_[readPos..] still to be read.
        uint32_t readPos = 0;
        uint64_t readReadyAt = 0; // GPUSTAT.27 rises once the commands before C0h are done
        // Busy timing: the GPU executes received commands until busyUntil; fifoTimes holds, in
        // order, the cycle at which each word still in the FIFO is taken out of it.
        uint64_t busyUntil = 0;
        static constexpr int kRing = 64;
        uint64_t fifoTimes[kRing] = {};
        uint8_t fifoHead = 0, fifoCount = 0;
    };
    static_assert(std::is_trivially_copyable_v<State>);

    // CLUT cache, decode side ("GPU Texture Caching"): which CLUT the cache holds, in arrival
    // order. Its palette is executed state and lives in FrameCommands::clutPalette(). Kept out
    // of State so states written before it existed still load (section "gpu" version 2).
    struct ClutTag {
        uint32_t key = 0; // CLUT attribute AND 7FFFh, | 10000h for an 8-bit texture
        uint8_t valid = 0;
        uint8_t pad[3] = {};
    };
    static_assert(std::is_trivially_copyable_v<ClutTag>);

    // gpu.cpp
    void stateFields(savestate::StateIO& io); // every member of State, named
    void serializeFields(savestate::StateIO& io);
    void resetRegisters();
    void resetCommandBuffer();
    uint32_t status(uint64_t now) const;
    int fifoOccupancy(uint64_t now) const;
    bool busy(uint64_t now) const { return st_.busyUntil > now; }
    void catchUp(uint64_t now);
    void pushFifoWord(uint64_t now);
    void addBusy(uint64_t now, uint64_t gpuClocks);
    // Render worker: hands the records appended since the last hand-over to the worker with
    // what to do with them (render_worker.h); runJob executes such a job (worker thread, or
    // this one); handOver waits for the worker and gives the rest to frame_ directly.
    void submitJob(RenderJob::Kind kind);
    void runJob(RenderJob& job);
    void handOver();
    size_t appendRecord(const Command& cmd);

    // gp0.cpp
    void startCommand(uint32_t word, uint64_t now);
    void finishPacket(uint64_t now);
    void polyLineWord(uint32_t word, uint64_t now);
    void uploadWord(uint32_t word, uint64_t now);
    void decodePolygon(uint64_t now);
    void decodeLine(uint64_t now);
    void decodeRectangle(uint64_t now);
    void decodeFill(uint64_t now);
    void decodeCopy(uint64_t now);
    void decodeUploadHeader(uint64_t now);
    void decodeReadback(uint64_t now);
    void emitTriangle(const TriangleCmd& t, uint64_t now);
    void emitLine(uint8_t flags, uint32_t color0, uint32_t vertex0, uint32_t color1,
                  uint32_t vertex1, uint64_t now);
    void emit(const Command& cmd, uint64_t now);
    // A textured primitive the hardware drops (vertex distances, size 0) still loads the CLUT
    // cache when its attribute misses: a record that draws nothing loads it (gp0.cpp).
    void emitClutLoad(uint16_t clut, uint64_t now);
    // Executes and clears the records when the command cache has grown too large.
    void flushIfFull();
    // Decides whether a 4-bit/8-bit textured primitive finds its palette in the CLUT cache.
    void tagClut(Command& cmd);
    void setEnvironment(uint32_t word);
    Vertex decodeVertex(uint32_t word) const;

    GpuHost& host_;
    State st_;
    ClutTag clutTag_;
    TextureCacheTracker texCache_; // texture cache, decode side (the data is in raster_)
    std::vector<uint16_t> vram_;
    VramPages pages_;
    Rasterizer raster_;
    // Executed side of the command cache: the worker's while it holds jobs, this thread's after
    // syncRender(). rec_ is the recording side: records appended (emulation thread only) and
    // not handed over yet; cachedRecords_/cachedPoolPixels_ count what the frame's cache holds
    // on both sides since it was last cleared (flushIfFull's bound).
    FrameCommands frame_;
    FramePacer pacer_;
    FrameCommands rec_;
    size_t cachedRecords_ = 0, cachedPoolPixels_ = 0;
    FrameBatch handOver_;             // handOver()'s batch (kept for its capacity)
    std::vector<uint16_t> uploadBuf_; // pixels of the transfer in progress
    std::vector<uint16_t> readBuf_;   // VRAM->CPU data captured at GP0(C0h)
    double renderUsTotal_ = 0;        // written by jobs (renderMicrosTotal)
    // Last member: its thread stops (running what is queued) before the rest is destroyed.
    mutable RenderWorker worker_;
};

// GPU busy time of one decoded command, in GPU (video) clocks. See gp0.cpp for the model.
uint64_t commandGpuClocks(const Command& cmd, const Footprint& footprint);
// GPU clocks -> CPU cycles (the GPU runs on the video clock, 11/7 of the CPU clock).
inline uint64_t gpuClocksToCpu(uint64_t clocks) {
    return (clocks * 7 + 10) / 11;
}

} // namespace gpu
