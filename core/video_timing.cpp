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
// - The blanking that the timers and IRQ0 see is not the TV's: it follows the display ranges
//   ("Horizontal and vertical blanking signals occur on the video output side ... not
//   necessarily the same as the timer/interrupt HBLANK and VBLANK").
//   * Vblank starts at the start of line Y2 of GP1(07h) and ends at the start of line Y1,
//     checked in that order at every line start (so Y1 == Y2 gives no vblank). "If Y2 is
//     set to a much too large value, then the hardware stops to generate vblank interrupts":
//     a line number the field never reaches never starts vblank. IRQ0 is raised when vblank
//     starts. The field length itself (263/262.5/314/312.5 lines) is fixed by the mode.
//   * Hblank is the part of a line outside X1..X2 of GP1(06h) (video clocks from HSYNC,
//     clamped to the line): it ends at X1 and starts at X2; X1 >= X2 gives "an endless
//     hblank" (the "0 pixels width" case), in which timer 1 sees no edge at all.
//   * Both ranges are sampled at each line start (HSYNC): a GP1(06h)/(07h) write takes
//     effect from the next line. The reference does not say when the hardware samples them.
// - The emulated frame (GPU endFrame, the System's vblank handler) ends at vblank start; if
//   no vblank starts for kFrameFallbackLines lines (Y2 beyond the field), a frame ends
//   anyway, without IRQ0 or a timer edge, so runFrame() always returns.

namespace core {

DeviceInfo VideoTiming::describe() {
    DeviceInfo d("video", this);
    d.event(lineEvent_).event(hblankEndEvent_).event(hblankStartEvent_);
    d.state<&VideoTiming::reset, &VideoTiming::serialize>();
    return d;
}

VideoTiming::VideoTiming(Scheduler& scheduler, Irq& irq, Timers& timers, gpu::Gpu& gpu)
    : scheduler_(scheduler), irq_(irq), timers_(timers), gpu_(gpu) {
    lineEvent_ = scheduler_.add<&VideoTiming::onLineEvent>("video.hblank", this);
    hblankEndEvent_ = scheduler_.add<&VideoTiming::onHblankEndEvent>("video.hblank_end", this);
    hblankStartEvent_ =
        scheduler_.add<&VideoTiming::onHblankStartEvent>("video.hblank_start", this);
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
    sampleRanges();
    state_.inHblank = hblankAt(0) ? 1 : 0;
    const gpu::DisplaySettings d = gpu_.displaySettings();
    state_.inVblank = (state_.line >= d.vStart && state_.line < d.vEnd) ? 0 : 1;
    Cycles now = scheduler_.now();
    timers_.setVblank(state_.inVblank != 0, now);
    timers_.setHblank(state_.inHblank != 0, now);
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

void VideoTiming::sampleRanges() {
    const gpu::DisplaySettings d = gpu_.displaySettings();
    state_.hblankEndAt = uint16_t(std::min<uint32_t>(d.hStart, state_.lineCycles));
    state_.hblankStartAt = uint16_t(std::min<uint32_t>(d.hEnd, state_.lineCycles));
}

bool VideoTiming::hblankAt(uint32_t videoOffset) const {
    return !(videoOffset >= state_.hblankEndAt && videoOffset < state_.hblankStartAt);
}

void VideoTiming::scheduleLine() {
    const uint32_t x1 = state_.hblankEndAt, x2 = state_.hblankStartAt;
    if (x1 < x2 && x1 > 0)
        scheduler_.schedule(hblankEndEvent_, cpuTimeAt(x1));
    else
        scheduler_.cancel(hblankEndEvent_);
    if (x1 < x2 && x2 < state_.lineCycles)
        scheduler_.schedule(hblankStartEvent_, cpuTimeAt(x2));
    else
        scheduler_.cancel(hblankStartEvent_);
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

    sampleRanges();

    // GP1(07h): vblank starts at line Y2, ends at line Y1 (in this order, as Mednafen does).
    const gpu::DisplaySettings d = gpu_.displaySettings();
    bool vblank = s.inVblank != 0;
    if (s.line == d.vEnd && !vblank) vblank = true;
    if (s.line == d.vStart && vblank) vblank = false;
    const bool vblankStarted = vblank && !s.inVblank;
    ++s.linesSinceFrame;
    const bool frameEnds = vblankStarted || s.linesSinceFrame >= kFrameFallbackLines;
    if (vblank != (s.inVblank != 0)) {
        s.inVblank = vblank ? 1 : 0;
        timers_.setVblank(vblank, edge);
    }
    if (frameEnds) {
        s.linesSinceFrame = 0;
        ++s.frames;
        gpu_.endFrame();
    }
    if (vblankStarted) irq_.raise(IrqSource::VBlank);
    const bool hblank = hblankAt(0);
    s.inHblank = hblank ? 1 : 0;
    timers_.setHblank(hblank, edge);
    if (dotChanged) timers_.dotClockChanged(edge);
    gpu_.scanline(s.line, s.inVblank != 0, s.oddField != 0);
    scheduleLine();
    if (frameEnds && vblankHandler_) vblankHandler_(vblankContext_);
}

void VideoTiming::hblankEnd(Cycles edge) {
    state_.inHblank = 0;
    timers_.setHblank(false, edge);
}

void VideoTiming::hblankStart(Cycles edge) {
    state_.inHblank = 1;
    timers_.setHblank(true, edge);
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
    // Version 4: the blanking edges from the display ranges (linesSinceFrame and this line's
    // X1/X2); version 3: the console's clock; version 2: named fields; version 1 stored the
    // packed State (64 bytes).
    uint32_t version = io.beginSection("video", 4);
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
        io.field("linesSinceFrame", state_.linesSinceFrame);
        io.field("hblankEndAt", state_.hblankEndAt);
        io.field("hblankStartAt", state_.hblankStartAt);
    });
    if (io.reading() && version < 4) {
        // Older states blanked the first (line - 320*8) video clocks of every line, with the
        // hblank end event already pending: finish this line that way, the next one samples
        // the ranges.
        state_.hblankEndAt = uint16_t(state_.lineCycles - std::min(state_.lineCycles, 2560u));
        state_.hblankStartAt = uint16_t(state_.lineCycles);
        state_.linesSinceFrame = 0;
    }
    uint8_t clock = uint8_t(clock_);
    if (version >= 3)
        io.field("clock", clock);
    else
        clock = uint8_t(Clock::FollowMode); // all that older versions had
    if (io.reading()) clock_ = Clock(std::min<uint8_t>(clock, uint8_t(Clock::Pal)));
    io.endSection();
}

} // namespace core
