#include "core/video_timing.h"

#include <algorithm>

#include "core/irq.h"
#include "gpu/gpu.h"

// Hardware notes (graphicsprocessingunitgpu.md "GPU Timings", timers.md):
// - Time is kept in video clock cycles with an exact rational position against the CPU clock,
//   so lines never drift: NTSC 3413 video cycles per line (2152.87 CPU cycles), 263 lines per
//   frame (59.826 Hz) or 262.5 per interlaced field (59.940 Hz); PAL 3406 cycles, 314 lines
//   (49.76 Hz) or 312.5 per field (50.00 Hz). The clock is the console's (setClock); a
//   console of unknown region uses the clock of the selected video mode, as the reference
//   recommends for emulation.
// - Display mode (PAL/NTSC, interlace) is sampled at the start of each field; the dot divider
//   (horizontal resolution) at the start of each line, since timer 0's dot clock restarts its
//   fraction every line ("the timer input ignores the fractional portions").
// - The hblank signal continues during vblank; timer 1 counts its rising edges.

namespace core {

DeviceInfo VideoTiming::describe() {
    DeviceInfo d("video", this);
    d.event(lineEvent_).event(hblankEndEvent_);
    d.state<&VideoTiming::reset, &VideoTiming::serialize>();
    return d;
}

VideoTiming::VideoTiming(Scheduler& scheduler, Irq& irq, Timers& timers, gpu::Gpu& gpu)
    : scheduler_(scheduler), irq_(irq), timers_(timers), gpu_(gpu) {
    lineEvent_ = scheduler_.add<&VideoTiming::onLineEvent>("video.hblank", this);
    hblankEndEvent_ = scheduler_.add<&VideoTiming::onHblankEndEvent>("video.hblank_end", this);
    timers_.setDotClock(this);
}

uint32_t VideoTiming::dotsPerLine(bool pal, uint32_t divider) {
    uint32_t cycles = pal ? kPalLineCycles : kNtscLineCycles;
    if (pal && divider == 8) return 426; // 425.75 is the one value that rounds up
    return cycles / divider;
}

void VideoTiming::reset() {
    state_ = {};
    state_.lineStart = scheduler_.now();
    state_.lineFrac = 0;
    state_.line = 0;
    state_.oddField = 0;
    startField();
    state_.dotDivider = std::max<uint32_t>(gpu_.displayTiming().dotDivider, 1);
    state_.dotsPerLine = dotsPerLine(state_.pal, state_.dotDivider);
    state_.inHblank = 1;
    uint32_t vEnd = state_.pal ? kPalVblankEnd : kNtscVblankEnd;
    state_.inVblank = state_.line < vEnd ? 1 : 0;
    Cycles now = scheduler_.now();
    timers_.setVblank(state_.inVblank != 0, now);
    timers_.setHblank(true, now);
    timers_.dotClockChanged(now);
    scheduleLine();
}

void VideoTiming::startField() {
    gpu::DisplayTiming dt = gpu_.displayTiming();
    state_.oddField = dt.interlace ? state_.oddField ^ 1 : 0;
    bool pal = dt.pal;
    const bool palClock = clock_ == Clock::FollowMode ? pal : clock_ == Clock::Pal;
    uint32_t num = uint32_t(palClock ? kPalVideoNum : kNtscVideoNum);
    if (num != state_.videoNum) {
        // New video clock: restart the fraction at the (integer) cycle the line began.
        if (state_.lineFrac) state_.lineStart += 1;
        state_.lineFrac = 0;
        state_.videoNum = num;
    }
    state_.pal = pal ? 1 : 0;
    state_.interlace = dt.interlace ? 1 : 0;
    state_.lineCycles = pal ? kPalLineCycles : kNtscLineCycles;
    if (dt.interlace)
        state_.linesInField = pal ? (state_.oddField ? 312 : 313) : (state_.oddField ? 262 : 263);
    else
        state_.linesInField = pal ? kPalLines : kNtscLines;
}

Cycles VideoTiming::cpuTimeAt(uint64_t videoOffset) const {
    uint64_t num = state_.lineFrac + videoOffset * kCpuPerVideoDen;
    return state_.lineStart + (num + state_.videoNum - 1) / state_.videoNum;
}

void VideoTiming::scheduleLine() {
    scheduler_.schedule(hblankEndEvent_, cpuTimeAt(state_.lineCycles - kDisplayCycles));
    scheduler_.schedule(lineEvent_, cpuTimeAt(state_.lineCycles));
}

void VideoTiming::lineStart(Cycles edge) {
    timers_.catchUp(edge); // with the old line's dot clock
    State& s = state_;
    s.dotBase += s.dotsPerLine;
    uint64_t num = s.lineFrac + uint64_t(s.lineCycles) * kCpuPerVideoDen;
    s.lineStart += num / s.videoNum;
    s.lineFrac = num % s.videoNum;
    if (++s.line >= s.linesInField) {
        s.line = 0;
        startField();
    }
    uint32_t divider = std::max<uint32_t>(gpu_.displayTiming().dotDivider, 1);
    bool dotChanged = divider != s.dotDivider || dotsPerLine(s.pal, divider) != s.dotsPerLine;
    s.dotDivider = divider;
    s.dotsPerLine = dotsPerLine(s.pal, divider);

    uint32_t vStart = s.pal ? kPalVblankStart : kNtscVblankStart;
    uint32_t vEnd = s.pal ? kPalVblankEnd : kNtscVblankEnd;
    bool vblank = s.line >= vStart || s.line < vEnd;
    bool vblankStarted = vblank && !s.inVblank;
    s.inHblank = 1;
    if (vblank != (s.inVblank != 0)) {
        s.inVblank = vblank ? 1 : 0;
        timers_.setVblank(vblank, edge);
        if (vblankStarted) {
            ++s.frames;
            gpu_.endFrame();
            irq_.raise(IrqSource::VBlank);
        }
    }
    timers_.setHblank(true, edge);
    if (dotChanged) timers_.dotClockChanged(edge);
    gpu_.scanline(s.line, s.inVblank != 0, s.oddField != 0);
    scheduleLine();
    if (vblankStarted && vblankHandler_) vblankHandler_(vblankContext_);
}

void VideoTiming::hblankEnd(Cycles edge) {
    state_.inHblank = 0;
    timers_.setHblank(false, edge);
}

uint64_t VideoTiming::dotsAt(Cycles t) const {
    const State& s = state_;
    if (t <= s.lineStart) return s.dotBase;
    uint64_t pos = (t - s.lineStart) * s.videoNum;
    if (pos <= s.lineFrac) return s.dotBase;
    uint64_t v = (pos - s.lineFrac) / kCpuPerVideoDen;
    uint64_t lines = v / s.lineCycles, off = v % s.lineCycles;
    return s.dotBase + lines * s.dotsPerLine +
           std::min<uint64_t>(off / s.dotDivider, s.dotsPerLine);
}

Cycles VideoTiming::dotTime(uint64_t dot) const {
    const State& s = state_;
    if (dot <= s.dotBase) return s.lineStart;
    uint64_t n = dot - s.dotBase;
    uint64_t line = (n - 1) / s.dotsPerLine, k = (n - 1) % s.dotsPerLine + 1;
    uint64_t off = line * s.lineCycles + std::min<uint64_t>(k * s.dotDivider, s.lineCycles);
    return cpuTimeAt(off);
}

void VideoTiming::serialize(savestate::StateIO& io) {
    // Version 3: the console's clock; version 2: named fields; version 1 stored the packed
    // State (64 bytes).
    uint32_t version = io.beginSection("video", 3);
    io.record(state_, version, 2, 64, [&] {
        io.field("lineStart", state_.lineStart);
        io.field("lineFrac", state_.lineFrac);
        io.field("dotBase", state_.dotBase);
        io.field("frames", state_.frames);
        io.field("line", state_.line);
        io.field("linesInField", state_.linesInField);
        io.field("lineCycles", state_.lineCycles);
        io.field("videoNum", state_.videoNum);
        io.field("dotDivider", state_.dotDivider);
        io.field("dotsPerLine", state_.dotsPerLine);
        io.field("pal", state_.pal);
        io.field("interlace", state_.interlace);
        io.field("oddField", state_.oddField);
        io.field("inVblank", state_.inVblank);
        io.field("inHblank", state_.inHblank);
    });
    uint8_t clock = uint8_t(clock_);
    if (version >= 3)
        io.field("clock", clock);
    else
        clock = uint8_t(Clock::FollowMode); // all that older versions had
    if (io.reading()) clock_ = Clock(std::min<uint8_t>(clock, uint8_t(Clock::Pal)));
    io.endSection();
}

} // namespace core
